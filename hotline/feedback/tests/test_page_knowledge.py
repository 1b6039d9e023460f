"""The knowledge test pages (§4 certification): the bank kept by QA/trainers, the candidate's sitting
scored in the browser against the pass mark; wrong role and other center refused."""

from __future__ import annotations

import pytest

from hotline.feedback.models import KnowledgeAttempt, KnowledgeQuestion
from hotline.feedback.services.knowledge import knowledge_start, question_create

pytestmark = pytest.mark.clock("2026-11-20T10:00")


@pytest.fixture
def bank(personas):
    return [
        question_create(center=personas.center, topic="standards", text="致命错误会使该通电话得几分？",
                        choices=["0 分", "50 分", "扣 6 分"], correct=["0"], by=personas.trainer),
        question_create(center=personas.center, topic="process", text="监听分析表由谁核准？",
                        choices=["呼叫中心经理", "班组长"], correct=["0"], by=personas.trainer),
    ]  # fmt: skip


def test_a_trainer_adds_a_question_and_withdraws_it(personas, login):
    client = login(personas.trainer)
    resp = client.post("/feedback/knowledge/", {"action": "question", "topic": "business", "text": "实时监听每次几通？",
                                                "choice": ["4 通", "5 通", "", ""], "correct": ["0"]})  # fmt: skip
    q = KnowledgeQuestion.objects.get()
    assert resp.status_code == 302 and q.choices == ["4 通", "5 通"] and q.correct == [0]
    assert "实时监听每次几通" in client.get("/feedback/knowledge/").content.decode()
    client.post(f"/feedback/knowledge/questions/{q.pk}/active/", {"active": "0"})
    q.refresh_from_db()
    assert not q.active


def test_a_bad_question_is_a_400_that_keeps_the_text(personas, login):
    r = login(personas.monitor).post("/feedback/knowledge/", {"action": "question", "topic": "business",
                                                               "text": "留住题目", "choice": ["甲", "乙"]})  # fmt: skip
    assert (
        r.status_code == 400 and "请标出正确答案" in r.content.decode() and "留住题目" in r.content.decode()
    )


def test_an_agent_takes_the_test_in_the_browser_and_sees_the_result(personas, bank, login):
    client = login(personas.agent)
    page = client.get("/feedback/knowledge/").content.decode()
    assert "开始知识测试" in page and "题库" not in page
    resp = client.post("/feedback/knowledge/", {"action": "start"})
    a = KnowledgeAttempt.objects.get(candidate=personas.agent)
    assert resp.status_code == 302 and resp["Location"].endswith(f"/feedback/knowledge/{a.pk}/")
    page = client.get(f"/feedback/knowledge/{a.pk}/").content.decode()
    assert "致命错误会使该通电话得几分" in page and "交卷" in page
    resp = client.post(f"/feedback/knowledge/{a.pk}/", {f"q{bank[0].pk}": "0", f"q{bank[1].pk}": "1"})
    a.refresh_from_db()
    assert resp.status_code == 302 and a.score == 50.0 and a.passed is False and a.pass_mark == 80
    page = client.get(f"/feedback/knowledge/{a.pk}/").content.decode()
    assert "未通过" in page and "交卷" not in page


def test_an_answer_that_is_not_a_choice_is_a_400(personas, bank, login):
    a = knowledge_start(candidate=personas.agent)
    r = login(personas.agent).post(f"/feedback/knowledge/{a.pk}/", {f"q{bank[0].pk}": "7"})
    assert r.status_code == 400 and "答案无效" in r.content.decode()
    a.refresh_from_db()
    assert a.finished_at is None


def test_wrong_role_and_other_center_are_refused(personas, bank, login):
    a = knowledge_start(candidate=personas.agent)
    assert login(personas.planner).get("/feedback/knowledge/").status_code == 403
    assert login(personas.leader).get("/feedback/knowledge/").status_code == 403
    assert login(personas.peer).get(f"/feedback/knowledge/{a.pk}/").status_code == 404
    assert login(personas.outsider).get(f"/feedback/knowledge/{a.pk}/").status_code == 404
    assert (
        login(personas.outsider)
        .post(f"/feedback/knowledge/questions/{bank[0].pk}/active/", {"active": "0"})
        .status_code
        == 404
    )
    assert (
        login(personas.agent)
        .post(f"/feedback/knowledge/questions/{bank[0].pk}/active/", {"active": "0"})
        .status_code
        == 404
    )
    assert (
        login(personas.agent).post("/feedback/knowledge/", {"action": "question", "text": "x"}).status_code
        == 403
    )
    assert login(personas.manager).post(f"/feedback/knowledge/{a.pk}/", {}).status_code == 403
    assert (
        "致命错误会使该通电话得几分"
        not in login(personas.outsider).get("/feedback/knowledge/").content.decode()
    )
