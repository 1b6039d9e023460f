"""§4 certification's knowledge test: the question bank kept in the product and the sittings.

QA monitors, trainers and managers keep the questions of their center (the standards, the process,
the business — the seed tests all of them); a candidate (a QA monitor, or an agent being considered
for the QA role — the seed promotes from the floor) takes the test in the browser; it is scored by
``hotline.core.knowledge`` against the pass mark in force (``FeedbackSettings.knowledge_pass_mark``,
versioned). The result is part of the certification (``certification_status``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from hotline.core.errors import Conflict, Forbidden
from hotline.core.knowledge import Question, score_test
from hotline.org.models import Center, Person, Role
from hotline.org.services import audit_record

from ..models import CertificationAttempt, KnowledgeAttempt, KnowledgeQuestion
from ..services import FeedbackError, settings_for

MAX_QUESTIONS = 30  # a sitting takes at most this many of the center's active questions
CANDIDATE_ROLES = (Role.QA_MONITOR, Role.AGENT)


@transaction.atomic
def question_create(
    *, center: Center, topic: str, text: str, choices, correct, by: Person | None, actor=None
) -> KnowledgeQuestion:
    """Add a question: a topic, the text, two to eight choices and the right ones (indices)."""
    if topic not in KnowledgeQuestion.Topic.values:
        raise FeedbackError(gettext("请选择题目类别"), field="topic")
    text = (text or "").strip()
    if not text or len(text) > 2000:
        raise FeedbackError(gettext("请填写题目（最多 2000 字）"), field="text")
    raw = [str(c).strip()[:300] for c in choices]
    kept = [i for i, c in enumerate(raw) if c]  # blank choice boxes are dropped; indices follow
    if not 2 <= len(kept) <= 8:
        raise FeedbackError(gettext("每题须有 2 到 8 个选项"), field="choices")
    try:
        marked = {int(i) for i in correct}
    except (TypeError, ValueError):
        raise FeedbackError(gettext("请标出正确答案"), field="correct") from None
    if not marked or not marked <= set(kept):
        raise FeedbackError(gettext("请标出正确答案"), field="correct")
    correct = [kept.index(i) for i in sorted(marked)]
    choices = [raw[i] for i in kept]
    q = KnowledgeQuestion.objects.create(center=center, topic=topic, text=text, choices=choices, correct=correct,
                                         created_by=by)  # fmt: skip
    audit_record(
        actor=actor, action="feedback.question_create", obj=q, after={"topic": topic, "text": text[:80]}
    )
    return q


@transaction.atomic
def question_set_active(*, question: KnowledgeQuestion, active: bool, actor=None) -> KnowledgeQuestion:
    """Withdraw a question from future sittings (or bring it back); past sittings keep their copy."""
    question.active = bool(active)
    question.save(update_fields=["active"])
    audit_record(
        actor=actor, action="feedback.question_active", obj=question, after={"active": question.active}
    )
    return question


@transaction.atomic
def knowledge_start(*, candidate: Person) -> KnowledgeAttempt:
    """Open a sitting (or return the one still open): a copy of the center's active questions."""
    if candidate.role not in CANDIDATE_ROLES or not candidate.active:
        raise Forbidden(gettext("只有质检员和座席员参加知识测试"))
    open_one = KnowledgeAttempt.objects.filter(candidate=candidate, finished_at__isnull=True).first()
    if open_one:
        return open_one
    qs = list(KnowledgeQuestion.objects.filter(center_id=candidate.center_id, active=True)[:MAX_QUESTIONS])
    if not qs:
        raise FeedbackError(gettext("题库中还没有题目"))
    copy = [{"id": q.pk, "topic": q.topic, "text": q.text, "choices": list(q.choices), "correct": list(q.correct)}
            for q in qs]  # fmt: skip
    return KnowledgeAttempt.objects.create(center_id=candidate.center_id, candidate=candidate, questions=copy)


def parse_answers(attempt: KnowledgeAttempt, raw) -> dict[str, list[int]]:
    """``raw(key) → list of strings`` (a QueryDict's ``getlist``) → question id → picked indices.
    Values that are not choices of the question are refused, not ignored."""
    out = {}
    for q in attempt.questions:
        picked = []
        for v in raw(f"q{q['id']}"):
            try:
                i = int(v)
            except (TypeError, ValueError):
                raise FeedbackError(gettext("答案无效"), field=f"q{q['id']}") from None
            if not 0 <= i < len(q["choices"]):
                raise FeedbackError(gettext("答案无效"), field=f"q{q['id']}")
            picked.append(i)
        out[str(q["id"])] = sorted(set(picked))
    return out


@transaction.atomic
def knowledge_submit(
    *, attempt: KnowledgeAttempt, answers: dict, by: Person, actor=None, today: dt.date | None = None
) -> KnowledgeAttempt:
    """Score the sitting (core: exact sets, 0–100) against the pass mark in force; once only."""
    a = KnowledgeAttempt.objects.select_for_update(of=("self",)).select_related("center").get(pk=attempt.pk)
    if a.candidate_id != by.pk:
        raise Forbidden(gettext("只能提交自己的测试"))
    if a.finished_at is not None:
        raise Conflict(gettext("测试已提交"))
    questions = [Question(str(q["id"]), len(q["choices"]), frozenset(q["correct"])) for q in a.questions]
    mark = settings_for(a.center, today or timezone.localdate()).knowledge_pass_mark
    r = score_test(questions, answers, pass_mark=mark)
    a.answers = {k: list(v) for k, v in answers.items()}
    a.finished_at, a.score, a.pass_mark, a.passed = timezone.now(), r.score, mark, r.passed
    a.save()
    audit_record(actor=actor, action="feedback.knowledge_submit", obj=a,
                 after={"score": r.score, "pass_mark": mark, "passed": r.passed, "wrong": list(r.wrong)})  # fmt: skip
    return a


@dataclass(frozen=True)
class Certification:
    """§4: a candidate is certified when their latest gold-set attempt and their latest knowledge test
    both passed (an agent, who scores no gold set, shows the knowledge part only)."""

    person: Person
    gold: CertificationAttempt | None
    knowledge: KnowledgeAttempt | None

    @property
    def certified(self) -> bool:
        return bool(self.gold and self.gold.passed and self.knowledge and self.knowledge.passed)


def certification_status(people) -> list[Certification]:
    out = []
    for p in people:
        gold = (
            CertificationAttempt.objects.filter(candidate=p, finished_at__isnull=False)
            .order_by("-finished_at")
            .first()
        )
        know = (
            KnowledgeAttempt.objects.filter(candidate=p, finished_at__isnull=False)
            .order_by("-finished_at")
            .first()
        )
        out.append(Certification(p, gold, know))
    return out
