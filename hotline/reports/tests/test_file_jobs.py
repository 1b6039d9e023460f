"""Report files as jobs (issue 16 item 4): on the production path the PDF/XLSX links start a job, the
page follows its progress and hands out the file when ready; without a broker (the embedded mode) the
file is built in the request as before. Who may follow a job: the starter, the center's report
readers; another center and other roles get 404."""

import pytest
from django.urls import reverse

from hotline.jobs.models import Job, JobFile
from hotline.jobs.services import in_background
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory

from .helpers import month_of_calls
from .national_helpers import two_centers_of_calls


def monthly(personas, name):
    return reverse(name, args=[personas.center.pk, "2026-10"])


def test_without_a_broker_the_file_is_built_in_the_request(personas, login, settings):
    settings.JOBS_RUNNER = "thread"  # the embedded mode (make demo): no broker
    settings.HOTLINE_REQUEST_JOBS = "auto"
    assert not in_background()
    month_of_calls(personas, day_count=2)
    r = login(personas.manager).get(monthly(personas, "reports:monthly_pdf"))
    assert r.status_code == 200 and r.content.startswith(b"%PDF") and not Job.objects.exists()


def test_with_a_broker_pages_start_jobs(settings):
    settings.JOBS_RUNNER = "celery"
    settings.HOTLINE_REQUEST_JOBS = "auto"
    assert in_background()
    settings.HOTLINE_REQUEST_JOBS = "off"
    assert not in_background()


@pytest.mark.parametrize(("name", "magic", "disposition"), [
    ("reports:monthly_pdf", b"%PDF", "inline"), ("reports:monthly_xlsx", b"PK", "attachment"),
])  # fmt: skip
def test_the_monthly_file_is_a_job_followed_then_downloaded(
    personas, login, settings, name, magic, disposition
):
    settings.HOTLINE_REQUEST_JOBS = "on"  # the job runs in the test (runner inline)
    month_of_calls(personas, day_count=2)
    c = login(personas.manager)
    r = c.get(monthly(personas, name))
    job = Job.objects.get(kind="reports.monthly_file")
    assert r.status_code == 302 and r["Location"] == reverse("jobs:follow", args=[job.pk])
    assert job.status == Job.Status.DONE and job.center == personas.center and job.params["fmt"] in name
    f = c.get(r["Location"])
    assert f.status_code == 200 and f.content.startswith(magic)
    assert (
        f["Content-Disposition"].startswith(disposition)
        and "report-langfang-2026-10" in f["Content-Disposition"]
    )
    assert JobFile.objects.get(job=job).size == len(f.content)
    # the center's other report readers may follow it; agents and another center may not
    assert login(personas.planner).get(r["Location"]).status_code == 200
    for who in (personas.agent, personas.outsider, personas.monitor):
        assert login(who).get(r["Location"]).status_code == 404
        assert login(who).get(reverse("jobs:progress", args=[job.pk])).status_code == 404


def test_refused_readers_start_no_job(personas, login, settings):
    settings.HOTLINE_REQUEST_JOBS = "on"
    for who in (personas.agent, personas.outsider):
        assert login(who).get(monthly(personas, "reports:monthly_pdf")).status_code == 403
    assert not Job.objects.exists()


def test_a_running_job_shows_its_progress_and_a_second_click_joins_it(personas, login, settings):
    settings.HOTLINE_REQUEST_JOBS = "on"
    settings.JOBS_RUNNER = "celery"  # the worker is elsewhere: the job stays queued here
    c = login(personas.manager)
    first = c.get(monthly(personas, "reports:monthly_pdf"))
    second = c.get(monthly(personas, "reports:monthly_pdf"))
    assert first["Location"] == second["Location"] and Job.objects.count() == 1
    page = c.get(first["Location"])
    html = page.content.decode()
    job = Job.objects.get()
    assert page.status_code == 200 and 'class="job-progress"' in html and 'data-reload="1"' in html
    assert reverse("jobs:progress", args=[job.pk]) in html and "生成月度报告文件" in html
    assert reverse("reports:monthly", args=[personas.center.pk, "2026-10"]) in html  # the way back


def test_a_failed_job_says_so(personas, login, settings):
    settings.HOTLINE_REQUEST_JOBS = "on"
    job = Job.objects.create(kind="reports.monthly_file", scope="x", status=Job.Status.FAILED, center=personas.center,
                             params={"back": "https://elsewhere.example/"}, error="ValueError: boom")  # fmt: skip
    html = login(personas.manager).get(reverse("jobs:follow", args=[job.pk])).content.decode()
    assert "任务未能完成" in html and "boom" not in html and "elsewhere.example" not in html


def test_the_national_file_is_a_job_only_its_starter_follows(personas, login, settings):
    settings.HOTLINE_REQUEST_JOBS = "on"
    two_centers_of_calls(personas)
    national = PersonFactory(center=personas.center, role=Role.NATIONAL, work_number="8800", name="全国")
    c = login(national)
    r = c.get(reverse("reports:national_pdf", args=["2026-10"]))
    job = Job.objects.get(kind="reports.national_file")
    assert r.status_code == 302 and job.status == Job.Status.DONE and job.center is None
    assert sorted(job.params["centers"]) == sorted([personas.center.pk, personas.other_center.pk])
    f = c.get(r["Location"])
    assert f.status_code == 200 and f.content.startswith(b"%PDF")
    assert c.get(reverse("reports:national_xlsx", args=["2026-10"])).status_code == 302
    assert login(personas.manager).get(r["Location"]).status_code == 404


def test_the_file_is_built_in_the_language_of_who_asked(personas, login, settings):
    settings.HOTLINE_REQUEST_JOBS = "on"
    month_of_calls(personas, day_count=2)
    c = login(personas.manager)
    c.get(monthly(personas, "reports:monthly_xlsx"))
    assert Job.objects.get().params["lang"] == "zh-hans"
