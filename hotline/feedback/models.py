"""The feedback loop (§3.7) and trust between QA and agents (§4): analyses and their approval,
the agent's inbox and the outgoing webhook, training-plan entries, disputes, calibration sessions
and certification on a gold set. Scores themselves stay in ``hotline.quality``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.calls.models import Call
from hotline.org import texts
from hotline.org.models import Center, Person
from hotline.org.policies import VersionedPolicy, register
from hotline.quality.models import Evaluation, ScoreForm, Session


@register(
    "feedback",
    fields=("approval_days", "dispute_working_days", "certification_tolerance", "training_threshold",
            "training_min_agents", "training_due_days", "retaliation_n", "retaliation_drop", "webhook_url",
            "webhook_secret", "knowledge_pass_mark", "excellent_score"),
    action="feedback.settings",
    secret=("webhook_secret",),
)  # fmt: skip
class FeedbackSettings(VersionedPolicy):
    """Settings of a center (or of every center when ``center`` is empty), versioned: the row in force
    on a date is the one with the latest ``effective_from`` on or before it that has not ended
    (``hotline.org.versioning``); a center's own rows win over the global ones."""

    approval_days = models.PositiveSmallIntegerField(_("审批期限（天）"), default=3)
    dispute_working_days = models.PositiveSmallIntegerField(_("申诉期限（工作日）"), default=5)
    certification_tolerance = models.FloatField(_("认证容差（分）"), default=5.0)
    training_threshold = models.FloatField(_("培训阈值（失分率）"), default=0.2)
    training_min_agents = models.PositiveSmallIntegerField(_("培训最少人数"), default=2)
    training_due_days = models.PositiveSmallIntegerField(_("培训期限（天）"), default=14)
    retaliation_n = models.PositiveSmallIntegerField(_("报复检查评分数"), default=5)
    retaliation_drop = models.FloatField(_("报复检查降幅（分）"), default=5.0)
    webhook_url = models.URLField(_("外发地址"), blank=True)
    webhook_secret = models.CharField(_("签名密钥"), max_length=200, blank=True)
    knowledge_pass_mark = models.FloatField(_("知识测试及格线（分）"), default=80.0)  # §4, out of 100
    excellent_score = models.FloatField(_("优秀座席分数线"), default=90.0)  # §4 calibration guests
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(VersionedPolicy.Meta):
        ordering = ["-effective_from", "-id"]
        verbose_name = _("反馈设置")
        verbose_name_plural = _("反馈设置")

    def __str__(self) -> str:
        return f"{self.center or '*'}"


class Analysis(models.Model):
    """监听分析表: a QA monitor's half-month or month analysis of their area, and its approval."""

    class Scope(models.TextChoices):
        HALF = "half", _("半月")
        MONTH = "month", _("月")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审批")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已核准")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="analyses")
    monitor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="analyses")
    scope = models.CharField(_("范围"), max_length=6, choices=Scope.choices)
    period = models.CharField(_("期间"), max_length=10)  # YYYY-MM-H1/H2 or YYYY-MM
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField(default=dict, blank=True)
    common_problems = models.TextField(_("共性问题"), blank=True)
    strengths = models.TextField(_("优点"), blank=True)
    proposed_training = models.TextField(_("培训建议"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("审批期限"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="decided_analyses"
    )
    comment = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["-period", "monitor"]
        constraints = [
            models.UniqueConstraint(fields=["monitor", "center", "period"], name="analysis_monitor_period")
        ]
        verbose_name = _("监听分析表")
        verbose_name_plural = _("监听分析表")

    def __str__(self) -> str:
        return f"{self.monitor} {self.period}"


class Message(models.Model):
    """One message in an agent's (or anyone's) inbox."""

    class Kind(models.TextChoices):
        RESULT = "result", _("监听结果")
        URGENT = "urgent", _("紧急通知")
        DISPUTE = "dispute", _("申诉结果")
        TRAINING = "training", _("培训")
        NOTICE = "notice", _("通知")
        ALERT = "alert", _("质检提醒")

    recipient = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # A message the system writes is a key and its parameters (org.texts), rendered in the reader's
    # language when read; ``title``/``body`` hold text a person typed (an urgent push) and the old
    # text of rows written before keys existed (shown when there is no key).
    key = models.CharField(max_length=80, blank=True)
    params = models.JSONField(default=dict, blank=True)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("内容"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sender = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    analysis = models.ForeignKey(Analysis, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")

    def __str__(self) -> str:
        return self.heading()

    def heading(self) -> str:
        """The title in the active language (rendered from the key; else the stored text)."""
        return texts.render(self.key, self.params, fallback=self.title)

    def text(self) -> str:
        """The body in the active language (rendered from the key; else the stored text)."""
        return texts.render(self.key, self.params, fallback=self.body, part="body")

    @property
    def is_alert(self) -> bool:
        return self.kind == self.Kind.ALERT


class WebhookDelivery(models.Model):
    """One outgoing webhook POST of a message (JSON, HMAC-SHA256 signed), with its retries."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已送达")
        FAILED = "failed", _("失败")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    url = models.URLField()
    payload = models.JSONField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.message_id} {self.status}"


class TrainingEntry(models.Model):
    """A training-plan entry (§3.7.4): a failed item above the threshold, its agents and trainer — or
    planned by hand by a trainer or manager (no failure rate; optionally an item to follow, recordings)."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("培训")
        COACHING = "coaching", _("辅导")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="training_entries")
    kind = models.CharField(_("形式"), max_length=10, choices=Kind.choices, default=Kind.TRAINING)
    analysis = models.ForeignKey(Analysis, on_delete=models.SET_NULL, null=True, blank=True)
    period = models.CharField(_("期间"), max_length=10)
    item_key = models.CharField(_("项目"), max_length=60)
    topic = models.CharField(_("主题"), max_length=300)
    agents = models.ManyToManyField(Person, related_name="training_entries")
    failure_rate = models.FloatField(_("失分率"), null=True, blank=True)  # None: planned by hand
    calls = models.ManyToManyField(Call, related_name="training_entries", blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    due_date = models.DateField(_("完成期限"))
    trainer = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="trainings_given"
    )
    done = models.BooleanField(_("已完成"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "-failure_rate"]
        constraints = [
            models.UniqueConstraint(fields=["center", "period", "item_key"], name="training_item_period")
        ]
        verbose_name = _("培训计划")
        verbose_name_plural = _("培训计划")

    def __str__(self) -> str:
        return self.topic


class Dispute(models.Model):
    """申诉 (§4): an agent disputes an evaluation (whole, or some items) with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", _("待复核")
        UPHELD = "upheld", _("维持原评分")
        ADJUSTED = "adjusted", _("已调整")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="disputes")
    agent = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disputes")
    evaluator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disputed")
    reviewer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="disputes_to_review"
    )
    items = models.JSONField(default=list, blank=True)  # item keys; empty = the whole evaluation
    reason = models.TextField(_("申诉理由"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    explanation = models.TextField(_("复核说明"), blank=True)
    score_before = models.FloatField(null=True, blank=True)
    score_after = models.FloatField(null=True, blank=True)
    version_before = models.PositiveIntegerField(null=True, blank=True)
    version_after = models.PositiveIntegerField(null=True, blank=True)
    opened_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateField(_("申诉截止"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")

    def __str__(self) -> str:
        return f"{self.agent} {self.evaluation_id}"


class CalibrationSession(models.Model):
    """校准: the same recordings scored blind by several evaluators (§4)."""

    class Status(models.TextChoices):
        OPEN = "open", _("评分中")
        CLOSED = "closed", _("已结束")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="calibrations")
    title = models.CharField(_("名称"), max_length=200)
    form = models.ForeignKey(ScoreForm, on_delete=models.PROTECT, related_name="+")
    calls = models.ManyToManyField(Call, related_name="calibrations")
    participants = models.ManyToManyField(Person, related_name="calibrations")
    expert = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="expert_calibrations"
    )
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("校准会")
        verbose_name_plural = _("校准会")

    def __str__(self) -> str:
        return self.title


class CalibrationScore(models.Model):
    session = models.ForeignKey(CalibrationSession, on_delete=models.CASCADE, related_name="scores")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+")
    evaluator = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="calibration_scores")
    answers = models.JSONField()
    score = models.FloatField()
    critical_failed = models.JSONField(default=list)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "call", "evaluator"], name="calibration_one_score")
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.call_id} {self.evaluator_id}"


class GoldSet(models.Model):
    """A gold set of recordings with reference answers, for certifying new QA monitors (§4)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="gold_sets")
    name = models.CharField(_("名称"), max_length=200)
    form = models.ForeignKey(ScoreForm, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("标准录音集")
        verbose_name_plural = _("标准录音集")

    def __str__(self) -> str:
        return self.name


class GoldItem(models.Model):
    gold_set = models.ForeignKey(GoldSet, on_delete=models.CASCADE, related_name="items")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField()
    score = models.FloatField()

    class Meta:
        ordering = ["gold_set", "id"]
        constraints = [models.UniqueConstraint(fields=["gold_set", "call"], name="gold_call_once")]

    def __str__(self) -> str:
        return f"{self.gold_set_id} {self.call_id}"


class CertificationAttempt(models.Model):
    gold_set = models.ForeignKey(GoldSet, on_delete=models.PROTECT, related_name="attempts")
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="certifications")
    answers = models.JSONField(default=dict, blank=True)  # gold item id → answers
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    passed = models.BooleanField(null=True)
    mean_abs_deviation = models.FloatField(null=True, blank=True)
    tolerance = models.FloatField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("认证")
        verbose_name_plural = _("认证")

    def __str__(self) -> str:
        return f"{self.candidate} {self.gold_set}"


# --- trust between QA and agents (§4): agents in the calibration room, interviews, knowledge test -------


class CalibrationGuest(models.Model):
    """An agent rated excellent invited to a calibration session (§4, the seed's QA meetings with
    agents): they listen to the calls, see the results once everyone has scored, and give their view."""

    session = models.ForeignKey(CalibrationSession, on_delete=models.CASCADE, related_name="guests")
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="calibration_invitations")
    rating = models.FloatField(_("评定得分"), null=True, blank=True)  # the score that made them "excellent"
    invited_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    view = models.TextField(_("意见"), blank=True)
    view_at = models.DateTimeField(_("意见记录时间"), null=True, blank=True)
    view_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["session", "agent__sort_key"]
        constraints = [models.UniqueConstraint(fields=["session", "agent"], name="calibration_guest_once")]
        verbose_name = _("校准会列席座席")
        verbose_name_plural = _("校准会列席座席")

    def __str__(self) -> str:
        return f"{self.session_id} {self.agent}"


class Interview(models.Model):
    """面谈 (§4): a planned one-to-one talk of a monitor or team leader with an agent, or the live
    result a monitor phoned to the agent after a live session (§3.6) — both logged the same way."""

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("面谈")
        PHONE = "phone", _("电话反馈")

    class Status(models.TextChoices):
        PLANNED = "planned", _("已计划")
        HELD = "held", _("已记录")
        CANCELLED = "cancelled", _("已取消")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="interviews")
    agent = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interviews")
    interviewer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interviews_held")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.INTERVIEW)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="phone_feedback"
    )  # the live session a phone feedback reports on
    planned_for = models.DateTimeField(_("计划时间"), null=True, blank=True)
    held_at = models.DateTimeField(_("面谈时间"), null=True, blank=True)
    topic = models.CharField(_("主题"), max_length=200)
    said = models.TextField(_("沟通内容"), blank=True)
    actions = models.TextField(_("商定的改进措施"), blank=True)
    agent_response = models.TextField(_("座席的回应"), blank=True)
    follow_up = models.DateField(_("跟进日期"), null=True, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"], condition=models.Q(kind="phone"), name="interview_one_phone_per_session"
            )
        ]
        verbose_name = _("面谈")
        verbose_name_plural = _("面谈")

    def __str__(self) -> str:
        return f"{self.agent} {self.topic}"


class KnowledgeQuestion(models.Model):
    """A question of the knowledge test (§4 certification: the standards, the process, the business),
    kept in the product by QA monitors, trainers and managers. Single or multiple choice: the answer is
    right when exactly the ``correct`` choices are picked."""

    class Topic(models.TextChoices):
        STANDARDS = "standards", _("监控标准")
        PROCESS = "process", _("监控流程")
        BUSINESS = "business", _("业务知识")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="knowledge_questions")
    topic = models.CharField(_("类别"), max_length=10, choices=Topic.choices)
    text = models.TextField(_("题目"))
    choices = models.JSONField(default=list)  # choice texts, in order
    correct = models.JSONField(default=list)  # indices into ``choices``
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["topic", "id"]
        verbose_name = _("知识测试题")
        verbose_name_plural = _("知识测试题")

    def __str__(self) -> str:
        return self.text[:40]


class KnowledgeAttempt(models.Model):
    """One sitting of the knowledge test: the questions as they were (a later edit of the bank never
    changes a past result), the answers, the score out of 100 and the pass mark in force."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="knowledge_attempts")
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="knowledge_attempts")
    questions = models.JSONField(default=list)  # [{"id", "topic", "text", "choices", "correct"}]
    answers = models.JSONField(default=dict, blank=True)  # question id (str) → [choice indices]
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(_("得分"), null=True, blank=True)
    pass_mark = models.FloatField(_("及格线"), null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("知识测试")
        verbose_name_plural = _("知识测试")

    def __str__(self) -> str:
        return f"{self.candidate} {self.started_at:%Y-%m-%d}"


class Acknowledgement(models.Model):
    """确认 (§3.7.3): the agent confirms having read one published evaluation, from its page."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="acknowledgement")
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="acknowledgements")
    version = models.PositiveIntegerField(_("版本"))  # the score version the agent saw
    at = models.DateTimeField(_("确认时间"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("评分确认")
        verbose_name_plural = _("评分确认")

    def __str__(self) -> str:
        return f"{self.agent} {self.evaluation_id}"
