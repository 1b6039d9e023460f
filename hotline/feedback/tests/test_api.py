"""REST API of the feedback loop: token auth, the same rules as the pages (wrong role 403, another
agent's object 404), reviewer ≠ evaluator, illegal workflow steps refused with a message."""

from __future__ import annotations

import json

import pytest

from hotline.calls.tests.helpers import make_call
from hotline.calls.tests.test_api import bearer
from hotline.feedback.models import Message, TrainingEntry
from hotline.feedback.services.calibration import calibration_create, gold_set_create
from hotline.org.models import Role
from hotline.org.tests.factories import PersonFactory
from hotline.quality.services import active_form

from .helpers import NON_CRITICAL, answers, submitted_session

API = "/api/feedback"
ITEM = NON_CRITICAL[0]


def post(client, path, person, body=None):
    return client.post(
        API + path, data=json.dumps(body or {}), content_type="application/json", **bearer(person)
    )


def get(client, path, person):
    return client.get(API + path, **bearer(person))


@pytest.fixture
def world(personas):
    personas.reviewer = PersonFactory(
        center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201"
    )
    personas.rec = submitted_session(personas.agent, personas.monitor, failed=[ITEM])
    submitted_session(personas.peer, personas.monitor, failed=[[ITEM], [ITEM], [], [], []])
    personas.ev = personas.rec.evaluations.order_by("order").first()
    return personas


def test_the_openapi_schema_lists_the_feedback_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in ("/inbox", "/inbox/unread", "/push", "/disputes", "/disputes/{dispute_pk}/decide",
              "/analyses/{analysis_pk}/approve", "/analyses/{analysis_pk}/pdf", "/training/{entry_pk}",
              "/calibrations/{session_pk}/results", "/certification/attempts", "/consistency"):  # fmt: skip
        assert API + p in paths


def test_without_a_token_the_feedback_api_refuses(client, personas):
    assert client.get(API + "/inbox").status_code == 401


# --- inbox ------------------------------------------------------------------------------------------


def test_an_agent_reads_counts_and_acknowledges_only_their_own_messages(client, world):
    mine = Message.objects.create(recipient=world.agent, kind="urgent", title="只给张三")
    Message.objects.create(recipient=world.agent, kind="alert", title="重大差错提醒")
    theirs = Message.objects.create(recipient=world.peer, kind="urgent", title="只给李四")
    items = get(client, "/inbox", world.agent).json()
    assert {i["title"] for i in items} == {"只给张三", "重大差错提醒"}
    assert {i["source"] for i in items} == {"message", "alert"}
    assert get(client, "/inbox/unread", world.agent).json() == {"unread": 2}
    r = post(client, f"/inbox/messages/{mine.pk}/ack", world.agent)
    assert r.status_code == 200 and r.json()["acknowledged_at"] is not None
    assert get(client, "/inbox/unread", world.agent).json() == {"unread": 1}
    assert get(client, f"/inbox/messages/{theirs.pk}", world.agent).status_code == 404
    assert post(client, f"/inbox/messages/{theirs.pk}/ack", world.agent).status_code == 404
    alert = Message.objects.get(kind="alert")
    assert post(client, f"/inbox/alerts/{alert.pk}/ack", world.peer).status_code == 404
    assert post(client, f"/inbox/alerts/{alert.pk}/ack", world.agent).json() == {"unread": 0}
    assert "只给李四" not in {i["title"] for i in items}


def test_urgent_pushes_go_only_where_the_sender_may_reach(client, world):
    body = {"title": "系统故障，请按应急口径答复", "agents": ["8001"]}
    assert post(client, "/push", world.agent, body).status_code == 403
    assert post(client, "/push", world.planner, body).status_code == 403
    r = post(client, "/push", world.monitor, body)
    assert r.status_code == 200 and r.json() == {"sent": 1, "recipients": ["8001"]}
    r = post(client, "/push", world.monitor, {"title": "x", "agents": ["8003"]})  # not assigned
    assert r.status_code == 403 and "8003" in r.json()["detail"]
    r = post(client, "/push", world.leader, {"title": "班组通知", "team": world.team_a.pk})
    assert r.status_code == 200 and r.json()["recipients"] == ["8001", "8002"]
    assert post(client, "/push", world.leader, {"title": "x", "team": world.team_b.pk}).status_code == 403
    r = post(client, "/push", world.manager, {"title": "", "agents": ["8001"]})
    assert r.status_code == 400 and r.json()["detail"] == "标题不能为空"


def test_webhook_deliveries_are_for_managers(client, world):
    assert get(client, "/webhooks", world.agent).status_code == 403
    assert get(client, "/webhooks", world.manager).json() == []


# --- disputes ---------------------------------------------------------------------------------------


def test_an_agent_opens_a_dispute_and_another_agent_cannot_see_or_open_it(client, world):
    evs = get(client, "/evaluations", world.agent).json()
    assert world.ev.pk in {e["evaluation"] for e in evs} and all(e["deadline"] for e in evs)
    body = {"evaluation": world.ev.pk, "reason": "我按规范做了", "items": [ITEM]}
    assert post(client, "/disputes", world.peer, body).status_code == 404
    assert post(client, "/disputes", world.monitor, body).status_code == 403
    r = post(client, "/disputes", world.agent, body)
    assert r.status_code == 200, r.content
    d = r.json()
    assert d["items"] == [ITEM] and d["reviewer"] == "8201" and d["evaluator"] == "8200"
    assert get(client, f"/disputes/{d['id']}", world.peer).status_code == 404
    assert get(client, "/disputes", world.peer).json() == []
    assert [x["id"] for x in get(client, "/disputes?box=mine", world.agent).json()] == [d["id"]]
    assert [x["id"] for x in get(client, "/disputes?box=review", world.reviewer).json()] == [d["id"]]
    r = post(client, "/disputes", world.agent, body)  # one open dispute per evaluation
    assert r.status_code == 400 and r.json()["detail"] == "该评分已有待复核的申诉"


def test_only_the_assigned_reviewer_decides_and_never_the_evaluator(client, world):
    d = post(client, "/disputes", world.agent, {"evaluation": world.ev.pk, "reason": "x", "items": [ITEM]})
    pk = d.json()["id"]
    adjust = {"outcome": "adjusted", "explanation": "有复述", "answers": {ITEM: "yes"}}
    assert post(client, f"/disputes/{pk}/decide", world.monitor, adjust).status_code == 403  # evaluator
    assert post(client, f"/disputes/{pk}/decide", world.agent, adjust).status_code == 403
    assert post(client, f"/disputes/{pk}/decide", world.manager, adjust).status_code == 403
    r = post(client, f"/disputes/{pk}/assign", world.manager, {"reviewer": "8200"})
    assert r.status_code == 400 and r.json()["detail"] == "复核人不能是原评分质检员"
    assert post(client, f"/disputes/{pk}/assign", world.agent, {"reviewer": "8201"}).status_code == 403
    r = post(client, f"/disputes/{pk}/decide", world.reviewer, adjust)
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["status"] == "adjusted" and out["score_after"] > out["score_before"]
    assert [v["version"] for v in out["versions"]] == [1, 2]
    r = post(client, f"/disputes/{pk}/decide", world.reviewer, adjust)
    assert r.status_code == 400 and r.json()["detail"] == "申诉已处理"
    assert get(client, f"/disputes/{pk}", world.agent).json()["status"] == "adjusted"
    assert Message.objects.filter(recipient=world.agent, kind="dispute").count() == 1


def test_dispute_rates_are_for_managers(client, world):
    post(client, "/disputes", world.agent, {"evaluation": world.ev.pk, "reason": "x"})
    assert get(client, "/disputes/rates", world.agent).status_code == 403
    rates = get(client, "/disputes/rates", world.manager).json()
    assert rates["rates"][0]["evaluator"] == "8200" and rates["rates"][0]["disputes"] == 1
    assert len(rates["flags"]) == 1


# --- analyses and training ----------------------------------------------------------------------------


def test_the_analysis_workflow_through_the_api_refuses_wrong_roles_and_illegal_steps(client, world):
    body = {"scope": "half", "period": "2026-11-H1"}
    assert post(client, "/analyses", world.agent, body).status_code == 403
    assert post(client, "/analyses", world.manager, body).status_code == 403
    r = post(client, "/analyses", world.monitor, body)
    assert r.status_code == 200 and r.json()["data"]["pareto"][0]["key"] == ITEM
    pk = r.json()["id"]
    assert get(client, f"/analyses/{pk}", world.agent).status_code == 404
    assert get(client, "/analyses", world.agent).status_code == 403
    assert get(client, f"/analyses/{pk}", world.outsider).status_code == 404
    r = post(client, f"/analyses/{pk}/approve", world.manager)  # still a draft
    assert r.status_code == 400 and "不能执行该操作" in r.json()["detail"]
    assert post(client, f"/analyses/{pk}/approve", world.monitor).status_code == 403
    r = client.patch(f"{API}/analyses/{pk}", data=json.dumps({"strengths": "语气亲切"}),
                     content_type="application/json", **bearer(world.monitor))  # fmt: skip
    assert r.status_code == 200 and r.json()["strengths"] == "语气亲切"
    assert post(client, f"/analyses/{pk}/submit", world.manager).status_code == 403
    r = post(client, f"/analyses/{pk}/submit", world.monitor)
    assert r.status_code == 200 and r.json()["status"] == "submitted" and r.json()["due_at"]
    assert post(client, f"/analyses/{pk}/submit", world.monitor).status_code == 400
    r = post(client, f"/analyses/{pk}/return", world.manager, {"comment": ""})
    assert r.status_code == 400 and r.json()["detail"] == "退回须填写意见"
    r = post(client, f"/analyses/{pk}/return", world.manager, {"comment": "请补充培训建议"})
    assert r.json()["status"] == "returned" and r.json()["comment"] == "请补充培训建议"
    post(client, f"/analyses/{pk}/submit", world.monitor)
    r = post(client, f"/analyses/{pk}/approve", world.manager)
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert post(client, f"/analyses/{pk}/return", world.manager, {"comment": "x"}).status_code == 400
    assert Message.objects.filter(kind="result").count() == 2
    assert get(client, "/analyses?status=approved", world.trainer).json()[0]["id"] == pk


def test_the_analysis_downloads_follow_the_reading_rule(client, world):
    r = post(client, "/analyses", world.monitor, {"scope": "half", "period": "2026-11-H1"})
    links = r.json()["links"]
    x = client.get(links["xlsx"], **bearer(world.manager))
    assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(links["records_xlsx"], **bearer(world.monitor)).status_code == 200
    p = client.get(links["pdf"], **bearer(world.monitor))
    assert p.status_code == 200 and p.content[:4] == b"%PDF"
    assert client.get(links["xlsx"], **bearer(world.agent)).status_code == 404
    assert client.get(links["records_pdf"], **bearer(world.outsider)).status_code == 404


def test_training_entries_are_read_by_trainers_and_updated_by_planners_of_training(client, world):
    a = post(client, "/analyses", world.monitor, {"scope": "half", "period": "2026-11-H1"}).json()
    post(client, f"/analyses/{a['id']}/submit", world.monitor)
    post(client, f"/analyses/{a['id']}/approve", world.manager)
    entry = TrainingEntry.objects.get()
    (row,) = get(client, "/training", world.trainer).json()
    assert row["item_key"] == ITEM and row["agents"] == ["8001", "8002"]
    detail = get(client, f"/training/{entry.pk}", world.trainer).json()
    assert detail["periods"][0] == "2026-11-H1" and len(detail["progress"]) == 2
    assert get(client, "/training", world.planner).status_code == 403
    assert get(client, "/training", world.agent).status_code == 403
    r = client.patch(f"{API}/training/{entry.pk}", data=json.dumps({"done": True}),
                     content_type="application/json", **bearer(world.monitor))  # fmt: skip
    assert r.status_code == 403
    r = client.patch(f"{API}/training/{entry.pk}", data=json.dumps({"done": True}),
                     content_type="application/json", **bearer(world.trainer))  # fmt: skip
    assert r.status_code == 200 and r.json()["done"] is True


def test_consistency_is_for_managers_and_trainers(client, world):
    assert get(client, "/consistency", world.agent).status_code == 403
    rows = get(client, "/consistency", world.manager).json()
    assert rows and rows[0]["evaluator"] == "钱质检" and rows[0]["month"] == "2026-11"


# --- calibration and certification --------------------------------------------------------------------


@pytest.fixture
def calib(world):
    world.calls = [make_call(world.agent, f"CAL{i}", with_audio=False) for i in range(2)]
    world.session = calibration_create(
        center=world.center, title="十一月校准", form=active_form(), calls=world.calls,
        participants=[world.monitor, world.reviewer], created_by=world.manager,
    )  # fmt: skip
    return world


def test_calibration_results_stay_hidden_until_everyone_submitted(client, calib):
    pk = calib.session.pk
    sc = {"call": "CAL0", "answers": answers([ITEM])}
    assert post(client, f"/calibrations/{pk}/scores", calib.manager, sc).status_code == 403
    assert post(client, f"/calibrations/{pk}/scores", calib.agent, sc).status_code == 404
    r = post(client, f"/calibrations/{pk}/scores", calib.monitor, sc)
    assert r.status_code == 200 and r.json()["score"] < 100
    r = post(client, f"/calibrations/{pk}/scores", calib.monitor, {"call": "nope", "answers": {}})
    assert r.status_code == 400
    r = get(client, f"/calibrations/{pk}/results", calib.monitor)
    assert r.status_code == 409 and r.json()["detail"]
    me = get(client, f"/calibrations/{pk}", calib.reviewer).json()
    assert me["mine"] == [] and me["submitted"] == {"8200": 1, "8201": 0}  # blind: no one else's scores
    post(client, f"/calibrations/{pk}/scores", calib.monitor, {"call": "CAL1", "answers": answers()})
    for c in ("CAL0", "CAL1"):
        post(client, f"/calibrations/{pk}/scores", calib.reviewer, {"call": c, "answers": answers()})
    res = get(client, f"/calibrations/{pk}/results", calib.reviewer).json()
    assert res["raters"] == ["钱质检", "孙质检"] and res["calls"] == ["CAL0", "CAL1"]
    assert res["matrix"][1] == [100.0, 100.0] and res["matrix"][0][0] < 100
    assert post(client, f"/calibrations/{pk}/close", calib.monitor).status_code == 403
    assert post(client, f"/calibrations/{pk}/close", calib.manager).json()["status"] == "closed"


def test_calibration_sessions_are_created_by_managers_and_monitors_only(client, calib):
    body = {"title": "十二月校准", "calls": ["CAL0"], "participants": ["8200", "8201"]}
    assert post(client, "/calibrations", calib.agent, body).status_code == 403
    assert post(client, "/calibrations", calib.trainer, body).status_code == 403
    r = post(client, "/calibrations", calib.manager, body)
    assert r.status_code == 200 and r.json()["raters"] == ["8200", "8201"]
    r = post(client, "/calibrations", calib.manager, body | {"participants": ["8200"]})
    assert r.status_code == 400 and r.json()["detail"] == "至少需要两名评分人"
    assert get(client, "/calibrations", calib.agent).status_code == 403


def test_a_monitor_takes_a_certification_and_the_manager_keeps_the_history(client, world):
    gold = gold_set_create(center=world.center, name="标准集一", evaluations=world.rec.evaluations.all())
    assert post(client, "/certification/attempts", world.agent, {"gold_set": gold.pk}).status_code == 403
    assert post(client, "/certification/attempts", world.manager, {"gold_set": gold.pk}).status_code == 403
    r = post(client, "/certification/attempts", world.reviewer, {"gold_set": gold.pk})
    assert r.status_code == 200
    a = r.json()
    items = get(client, "/certification/gold-sets", world.reviewer).json()[0]["items"]
    for it in items:
        r = post(client, f"/certification/attempts/{a['id']}/answers", world.reviewer,
                 {"item": it["id"], "answers": answers([ITEM])})  # fmt: skip
        assert r.status_code == 200
    assert len(r.json()["answered"]) == len(items) and r.json()["details"] == {}
    assert post(client, f"/certification/attempts/{a['id']}/finish", world.manager).status_code == 403
    r = post(client, f"/certification/attempts/{a['id']}/finish", world.reviewer)
    assert r.status_code == 200 and r.json()["passed"] is True and r.json()["mean_abs_deviation"] == 0
    r = post(client, f"/certification/attempts/{a['id']}/finish", world.reviewer)
    assert r.status_code == 400 and r.json()["detail"] == "认证已完成"
    assert [x["candidate"] for x in get(client, "/certification/attempts", world.manager).json()] == ["8201"]
    assert get(client, f"/certification/attempts/{a['id']}", world.monitor).status_code == 404
    assert get(client, "/certification/attempts", world.agent).status_code == 403
    assert (
        post(client, "/certification/gold-sets", world.monitor, {"name": "x", "evaluations": []}).status_code
        == 403
    )
