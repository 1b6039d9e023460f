"""Every channel forecast and staffed (§5): the channel on the queue, the contact-count import,
forecasts from calls by direction or from imported counts, and the staffing method of each channel."""

import datetime as dt

import pytest
from django.urls import reverse

from hotline.calls.models import Call, Direction
from hotline.core.tabular import TableError
from hotline.workforce.models import Channel, ContactCount, ContactImport, StaffingPlan
from hotline.workforce.services import forecast_run, staffing_plan_build
from hotline.workforce.services.channels import contact_import, row_error_text

from .helpers import SH, make_calls, make_skill
from .test_services_planning import _run_with

FIRST = dt.date(2026, 9, 7)


def _counts_csv(tmp_path, rows, name="contacts.csv", header="时间,技能,数量,处理时长"):
    p = tmp_path / name
    p.write_text("\n".join([header, *(",".join(str(x) for x in r) for r in rows)]) + "\n", encoding="utf-8")
    return p


def _email_history(days=21, per_hour=6):
    rows = []
    for d in range(days):
        day = FIRST + dt.timedelta(days=d)
        for h in range(8, 20):
            rows.append((f"{day} {h:02d}:00", "邮件", per_hour, 300))
    return rows


def test_a_new_queue_is_an_inbound_call_queue(personas):
    skill = make_skill(personas.center)
    assert skill.channel == Channel.CALL_IN and skill.concurrency == 1


def test_the_import_is_idempotent_and_a_corrected_file_replaces_counts(personas, tmp_path):
    make_skill(personas.center, name="邮件", channel=Channel.EMAIL)
    rows = _email_history(days=2)
    r = contact_import(center=personas.center, path=_counts_csv(tmp_path, rows))
    assert (r.created, r.updated, r.unchanged) == (24, 0, 0) and ContactCount.objects.count() == 24
    again = contact_import(center=personas.center, path=_counts_csv(tmp_path, rows))
    assert (again.created, again.updated, again.unchanged) == (
        0,
        0,
        24,
    ) and ContactCount.objects.count() == 24
    rows[0] = (rows[0][0], "邮件", 9, 300)
    fixed = contact_import(center=personas.center, path=_counts_csv(tmp_path, rows))
    assert (fixed.created, fixed.updated, fixed.unchanged) == (0, 1, 23)
    first = ContactCount.objects.order_by("start").first()
    assert first.count == 9 and first.start == dt.datetime(2026, 9, 7, 8, 0, tzinfo=SH)


def test_a_channel_column_finds_the_centers_only_queue_of_that_channel(personas, tmp_path):
    chat = make_skill(personas.center, name="网聊", channel=Channel.CHAT, concurrency=3)
    p = _counts_csv(tmp_path, [("2026-09-07 09:00", "在线客服", 12)], header="time,channel,count")
    contact_import(center=personas.center, path=p)
    assert ContactCount.objects.get().skill == chat


def test_bad_rows_are_named_in_chinese_and_nothing_is_stored(personas, tmp_path):
    make_skill(personas.center, name="邮件", channel=Channel.EMAIL)
    make_skill(personas.center, name="订货")  # a call queue: its volume comes from the calls
    p = _counts_csv(
        tmp_path,
        [
            ("2026-09-07 09:00", "邮件", 5, ""),
            ("昨天", "邮件", 5, ""),
            ("2026-09-07 10:00", "订货", 5, ""),
            ("2026-09-07 11:00", "没有", -1, ""),
            ("2026-09-07 09:00", "邮件", 6, ""),
            ("2026-09-07 12:00", "邮件", 3, "abc"),
        ],
    )
    with pytest.raises(TableError) as exc:
        contact_import(center=personas.center, path=p)
    text = [row_error_text(e) for e in exc.value.errors]
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (3, "time"), (4, "skill"), (5, "skill"), (5, "count"), (6, "time"), (7, "handle_time"),
    ]  # fmt: skip
    assert "第 3 行" in text[0] and "不是时间" in text[0]
    assert "电话渠道" in text[1] and "与第 2 行是同一技能、同一时段" in text[4]
    assert not ContactCount.objects.exists() and not ContactImport.objects.exists()


def test_a_missing_column_is_refused(personas, tmp_path):
    with pytest.raises(TableError) as exc:
        contact_import(center=personas.center, path=_counts_csv(tmp_path, [("x",)], header="时间"))
    assert {e.column for e in exc.value.errors} == {"count", "skill"}


def test_an_email_queue_is_forecast_from_its_counts_and_staffed_within_the_deadline(personas, tmp_path):
    skill = make_skill(personas.center, name="邮件", channel=Channel.EMAIL, response_deadline_h=4,
                       open_from=dt.time(8, 0), open_to=dt.time(20, 0), max_occupancy=None, shrinkage=0.2)  # fmt: skip
    contact_import(center=personas.center, path=_counts_csv(tmp_path, _email_history()))
    run = forecast_run(skill=skill, first_day=FIRST + dt.timedelta(days=21), horizon=1, method="baseline")
    assert run.total_calls == pytest.approx(6 * 12, rel=1e-6)
    plan = staffing_plan_build(run=run)
    assert plan.model == "backlog" and plan.channel == "email" and plan.deadline_s == 4 * 3600
    assert plan.aht_s == pytest.approx(300) and plan.trunks == 0
    rows = list(plan.intervals.all())
    # 3 emails per half hour × 300 s = 900 agent-seconds per 1800 s: one agent keeps up
    assert {r.agents for r in rows if 8 <= r.start.astimezone(SH).hour < 20} == {1}
    assert {r.agents for r in rows if not 8 <= r.start.astimezone(SH).hour < 20} == {0}
    assert plan.max_delay_s <= 4 * 3600 and (plan.peak_agents, plan.peak_scheduled) == (1, 2)


def test_a_fax_queue_without_a_deadline_uses_four_hours(personas):
    skill = make_skill(
        personas.center, name="传真", channel=Channel.FAX, aht_override_s=600, max_occupancy=None
    )
    plan = staffing_plan_build(run=_run_with(skill, [30, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
    # 30 faxes × 600 s = 5 agent-hours due within 4 h of the first interval → 2 agents
    assert plan.deadline_s == 4 * 3600 and plan.peak_agents == 2


def test_outbound_calls_are_forecast_from_outbound_records_and_staffed_by_workload(personas):
    out = make_skill(personas.center, name="回访", channel=Channel.CALL_OUT, max_occupancy=0.8)
    make_calls(personas.center, personas.agent, first=FIRST, days=21, skill="回访")
    Call.objects.filter(skill="回访").update(direction=Direction.OUT)
    run = forecast_run(skill=out, first_day=FIRST + dt.timedelta(days=21), horizon=1, method="baseline")
    assert run.total_calls == pytest.approx(2 * 9, rel=1e-6)
    plan = staffing_plan_build(run=run)
    assert plan.model == "workload" and plan.aht_s == pytest.approx(150)
    # 1 attempt per half hour × 150 s / (1800 s × 0.8) → 1 agent
    assert {r.agents for r in plan.intervals.all() if r.calls > 0} == {1}
    inbound = make_skill(personas.center, name="回访入", channel=Channel.CALL_IN)
    with pytest.raises(Exception, match="呼入"):
        forecast_run(skill=inbound, first_day=FIRST + dt.timedelta(days=21), horizon=1)


def test_chat_agents_handle_several_conversations_at_once(personas):
    alone = make_skill(
        personas.center, name="网聊1", channel=Channel.CHAT, aht_override_s=600, max_occupancy=None
    )
    three = make_skill(personas.center, name="网聊3", channel=Channel.CHAT, aht_override_s=600, concurrency=3,
                       max_occupancy=None)  # fmt: skip
    p1 = staffing_plan_build(run=_run_with(alone, [60]))
    p3 = staffing_plan_build(run=_run_with(three, [60]))
    assert p1.model == "erlang_c" and p1.trunks == 0 and p3.concurrency == 3
    assert p3.peak_agents == -(-p1.peak_agents // 3)
    iv = p3.intervals.get()
    assert iv.service_level >= 0.8


# ------------------------------------------------------------------------------------- pages


def test_a_planner_imports_counts_on_the_page_and_sees_errors_in_chinese(personas, login, tmp_path):
    make_skill(personas.center, name="邮件", channel=Channel.EMAIL)
    c = login(personas.planner)
    p = _counts_csv(tmp_path, _email_history(days=1))
    with p.open("rb") as fh:
        r = c.post(reverse("workforce:contacts"), {"file": fh})
    assert r.status_code == 302 and ContactCount.objects.count() == 12
    page = c.get(reverse("workforce:contacts")).content.decode()
    assert "邮件" in page and "contacts.csv" in page
    bad = _counts_csv(tmp_path, [("昨天", "邮件", 1)], name="bad.csv", header="时间,技能,数量")
    with bad.open("rb") as fh:
        r = c.post(reverse("workforce:contacts"), {"file": fh})
    assert r.status_code == 400 and "bad.csv 第 2 行" in r.content.decode()


def test_the_contacts_page_refuses_other_roles_and_other_centers(personas, login, tmp_path):
    for who in (personas.agent, personas.leader, personas.monitor):
        assert login(who).get(reverse("workforce:contacts")).status_code == 403
    url = f"{reverse('workforce:contacts')}?center={personas.center.pk}"
    assert login(personas.outsider).get(url).status_code == 404
    make_skill(personas.center, name="邮件", channel=Channel.EMAIL)
    p = _counts_csv(tmp_path, _email_history(days=1))
    with p.open("rb") as fh:
        r = login(personas.outsider).post(url, {"file": fh})
    assert r.status_code == 404 and not ContactCount.objects.exists()


def test_the_skills_page_saves_a_channel(personas, login):
    c = login(personas.planner)
    r = c.post(reverse("workforce:skills"), {
        "name": "网聊", "channel": "chat", "concurrency": "3", "target_sl": "0.8", "answer_time_s": "30",
        "shrinkage": "0.3", "interval_minutes": "30",
    })  # fmt: skip
    assert r.status_code == 302
    skill = personas.center.skills.get(name="网聊")
    assert (skill.channel, skill.concurrency) == ("chat", 3)
    assert "在线客服" in c.get(reverse("workforce:skills")).content.decode()
    r = c.post(reverse("workforce:skills"), {
        "name": "邮件", "channel": "email", "target_sl": "0.8", "answer_time_s": "30", "shrinkage": "0.3",
        "interval_minutes": "30", "open_from": "08:00",
    })  # fmt: skip
    assert r.status_code == 200 and not personas.center.skills.filter(name="邮件").exists()


def test_the_staffing_page_names_the_channel_and_the_method(personas, login):
    skill = make_skill(
        personas.center, name="邮件", channel=Channel.EMAIL, aht_override_s=300, response_deadline_h=24
    )
    c = login(personas.planner)
    r = c.post(reverse("workforce:staffing"), {"run": _run_with(skill, [10, 5]).pk})
    plan = StaffingPlan.objects.get()
    page = c.get(r["Location"]).content.decode()
    assert plan.model == "backlog"
    assert '<span id="channel">电子邮件</span>' in page and "回复时限" in page and "时段末积压" in page
    assert login(personas.agent).get(reverse("workforce:staffing")).status_code == 403
    assert login(personas.outsider).get(f"{reverse('workforce:staffing')}?plan={plan.pk}").status_code == 404


def test_intraday_compares_a_chat_queues_forecast_with_its_imported_counts(personas, tmp_path):
    from hotline.workforce.selectors import intraday

    skill = make_skill(personas.center, name="网聊", channel=Channel.CHAT)
    day = FIRST + dt.timedelta(days=21)
    rows = [
        (f"{FIRST + dt.timedelta(days=d)} {h:02d}:00", "网聊", 4) for d in range(22) for h in range(9, 18)
    ]
    contact_import(center=personas.center, path=_counts_csv(tmp_path, rows, header="时间,技能,数量"))
    forecast_run(skill=skill, first_day=day, horizon=1, method="baseline")
    table, _ = intraday(
        personas.center, day, skill=skill, now=dt.datetime.combine(day, dt.time(23), tzinfo=SH)
    )
    nine = table[18]  # 09:00–09:30
    assert nine.actual == 4 and nine.forecast == pytest.approx(4)


def test_a_roster_reads_an_email_plans_heads_like_a_call_plans(personas):
    from hotline.core.roster import problem_from_dict
    from hotline.workforce.services.roster import problem_data, roster_create

    from .helpers import make_shifts

    make_shifts(personas.center)
    skill = make_skill(personas.center, name="邮件", channel=Channel.EMAIL, aht_override_s=300, response_deadline_h=4,
                       open_from=dt.time(9, 0), open_to=dt.time(17, 0), max_occupancy=None, shrinkage=0.0)  # fmt: skip
    run = _run_with(skill, [6] * 16)  # 09:00–17:00: 6 emails per half hour × 300 s = 1 agent
    plan = staffing_plan_build(run=run)
    roster = roster_create(center=personas.center, team=personas.team_a, first_day=FIRST, days=7,
                           demand={"mode": "plan", "plan": plan.pk, "min_rest_per_week": 1})  # fmt: skip
    problem = problem_from_dict(problem_data(roster))
    assert problem.coverage is not None and max(problem.coverage.demand[0]) >= 1


def test_an_xlsx_file_with_time_cells_imports(personas, tmp_path):
    from openpyxl import Workbook

    make_skill(personas.center, name="传真", channel=Channel.FAX)
    wb = Workbook()
    wb.active.append(["时间", "渠道", "数量"])
    wb.active.append([dt.datetime(2026, 9, 7, 9, 0), "传真", 3])
    wb.active.append([dt.datetime(2026, 9, 7, 9, 30), "fax", 2.0])
    wb.save(tmp_path / "fax.xlsx")
    r = contact_import(center=personas.center, path=tmp_path / "fax.xlsx")
    assert r.created == 2 and sorted(ContactCount.objects.values_list("count", flat=True)) == [2, 3]


def test_the_api_reads_and_sets_a_queues_channel(personas, client):
    from hotline.org.models import ApiToken

    h = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.objects.create(user=personas.planner.user).key}"}
    j = "application/json"
    r = client.post(
        "/api/workforce/skills", {"name": "网聊", "channel": "chat", "concurrency": 2}, content_type=j, **h
    )
    assert r.status_code == 200 and r.json()["channel"] == "chat" and r.json()["concurrency"] == 2
    bad = client.post("/api/workforce/skills", {"name": "x", "channel": "pigeon"}, content_type=j, **h)
    assert bad.status_code == 400
    assert {s["channel"] for s in client.get("/api/workforce/skills", **h).json()} == {"chat"}


def test_the_staffing_page_explains_chat_and_outbound(personas, login):
    chat = make_skill(personas.center, name="网聊", channel=Channel.CHAT, concurrency=3, aht_override_s=600)
    out = make_skill(personas.center, name="回访", channel=Channel.CALL_OUT, aht_override_s=120)
    c = login(personas.planner)
    for skill, words in (
        (chat, ("在线客服", "同时接待 3 个会话", "不占用中继线")),
        (out, ("外呼电话", "工作量法", "Erlang B")),
    ):
        r = c.post(reverse("workforce:staffing"), {"run": _run_with(skill, [30, 10]).pk})
        page = c.get(r["Location"]).content.decode()
        assert all(w in page for w in words), words
