"""The recording session page: five picks with why, player, form, autosave, marks, flags, submit."""

from __future__ import annotations

import re

import pytest

from hotline.quality.models import Evaluation, Session, TrainingFlag

from .helpers import all_yes


def _post_data(session, *, skip_strengths=False, critical_on=None):
    data = {}
    for ev in session.evaluations.all():
        for key, value in all_yes().items():
            data[f"e{ev.pk}-a-{key}"] = value
        data[f"e{ev.pk}-strengths"] = "" if skip_strengths else "问候规范"
        data[f"e{ev.pk}-improvements"] = "语速稍快"
    if critical_on is not None:
        data[f"e{critical_on.pk}-a-attitude.02"] = "no"
        data[f"e{critical_on.pk}-c-attitude.02"] = "讽刺客户"
    return data


def test_the_page_shows_five_recordings_with_why_each_was_picked_and_the_player(personas, rec_session, login):
    page = login(personas.monitor).get(f"/quality/sessions/{rec_session.pk}/").content.decode()
    assert page.count('class="qa-tab') == 5
    assert "中最接近当日平均时长的通话" in page  # H1: the weekday criterion in words
    first = rec_session.evaluations.first().call
    assert f"/calls/{first.pk}/audio/" in page and "player.js" in page and "quality.js" in page
    assert "按规范用语问候客户" in page and "提交本次监听" in page


def test_autosave_keeps_a_draft_without_validation(personas, rec_session, login):
    ev = rec_session.evaluations.first()
    resp = login(personas.monitor).post(
        f"/quality/sessions/{rec_session.pk}/draft/",
        {f"e{ev.pk}-a-courtesy.01": "no", f"e{ev.pk}-strengths": "耐心"},
    )
    assert resp.json()["ok"]
    ev.refresh_from_db()
    assert ev.answers == {"courtesy.01": "no"} and ev.strengths == "耐心" and not ev.submitted


def test_submit_without_strengths_is_refused_and_the_problems_are_shown(personas, rec_session, login):
    client = login(personas.monitor)
    resp = client.post(
        f"/quality/sessions/{rec_session.pk}/submit/", _post_data(rec_session, skip_strengths=True)
    )
    assert resp.status_code == 302
    page = client.get(resp["Location"]).content.decode()
    assert page.count('role="alert">至少填写一条优点') == 5 and "qa-problems" in page
    assert "at least one strength" not in page  # no English problem line on a Chinese page
    assert Session.objects.get(pk=rec_session.pk).status == Session.Status.DRAFT


def test_a_refused_submit_marks_each_recordings_missing_fields_in_chinese_and_keeps_what_was_typed(
    personas, rec_session, login
):
    client = login(personas.monitor)
    evs = list(rec_session.evaluations.order_by("order"))
    data = _post_data(rec_session)
    second = evs[1]
    del data[f"e{second.pk}-a-courtesy.01"]  # not answered
    data[f"e{second.pk}-a-courtesy.02"] = "maybe"  # hostile value
    data[f"e{second.pk}-a-attitude.02"] = "no"  # a critical failure without its comment
    data[f"e{second.pk}-improvements"] = ""
    data[f"e{second.pk}-strengths"] = "开场热情"
    resp = client.post(f"/quality/sessions/{rec_session.pk}/submit/", data)
    assert resp.status_code == 302
    page = client.get(resp["Location"]).content.decode()

    def item(key: str) -> str:
        m = re.search(rf'<div class="qa-item[^"]*" data-item="{re.escape(key)}">.*?(?=<div class="qa-item|</fieldset>)',
                      page[page.index('<div class="qa-panel" data-index="1"'):], re.S)  # fmt: skip
        return m.group(0)

    assert "qa-missing" in item("courtesy.01") and "请选择答案" in item("courtesy.01")
    assert "答案无效" in item("courtesy.02")
    assert "qa-missing" in item("attitude.02") and "请填写说明" in item("attitude.02")
    assert "qa-missing" not in item("courtesy.03")
    assert "至少填写一条不足" in page and "开场热情" in page  # marked, and the typed strength kept
    assert "第 2 条录音" in page and "4 处待补" in page  # the summary names the recording and counts
    assert page.count("qa-tab qa-bad") == 1
    assert "no answer" not in page and "a comment is required" not in page
    second.refresh_from_db()
    assert second.answers["attitude.02"] == "no" and not second.submitted  # the draft kept the answers
    assert "qa-missing" not in client.get(resp["Location"]).content.decode()  # marks are shown once


def test_the_session_page_offers_all_compliant_and_the_keyboard_help_in_english_too(
    personas, rec_session, login
):
    client = login(personas.monitor)
    zh = client.get(f"/quality/sessions/{rec_session.pk}/").content.decode()
    assert "全部符合" in zh and "键盘操作" in zh and 'data-comment-rule="when_lost"' in zh
    client.cookies["django_language"] = "en"
    en = client.get(f"/quality/sessions/{rec_session.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-label="Greets the customer with the standard phrase"' in en


def test_submit_scores_the_session_and_a_critical_failure_counts_zero(personas, rec_session, login):
    bad = rec_session.evaluations.last()
    resp = login(personas.monitor).post(
        f"/quality/sessions/{rec_session.pk}/submit/", _post_data(rec_session, critical_on=bad)
    )
    assert resp.status_code == 302
    rec_session.refresh_from_db()
    assert rec_session.status == Session.Status.SUBMITTED and rec_session.score == pytest.approx(80)
    assert Evaluation.objects.get(pk=bad.pk).score == 0


def test_marks_and_training_flags_are_saved_on_the_evaluation(personas, rec_session, login):
    client = login(personas.monitor)
    ev = rec_session.evaluations.first()
    assert client.post(
        f"/quality/evaluations/{ev.pk}/marks/", {"at_seconds": "3.5", "text": "语气生硬"}
    ).json()["ok"]
    assert ev.marks.get().at_seconds == 3.5
    resp = client.post(
        f"/quality/evaluations/{ev.pk}/flag/", {"kind": "poor", "reason": "语气生硬", "marks": "3.5, 8"}
    )
    assert resp.json()["ok"]
    assert TrainingFlag.objects.get().marks == [3.5, 8.0]


def test_another_agents_session_is_not_found_and_an_agent_cannot_score(personas, rec_session, login):
    assert login(personas.peer).get(f"/quality/sessions/{rec_session.pk}/").status_code == 404
    assert (
        login(personas.agent).get(f"/quality/sessions/{rec_session.pk}/").status_code == 404
    )  # still a draft
    assert login(personas.agent).post(f"/quality/sessions/{rec_session.pk}/submit/", {}).status_code == 403
    assert login(personas.outsider).get(f"/quality/sessions/{rec_session.pk}/").status_code == 404
