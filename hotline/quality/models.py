"""The monitoring regime in the product (SPEC §3): forms, plans, sessions, evaluations, scores.

The rules themselves live in ``hotline.core`` (``sampling``, ``rotation``, ``plan``, ``scoring``);
these models only keep their inputs and results.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.calls.models import Call, Recording
from hotline.core.scoring import Form
from hotline.org.models import Center, Person
from hotline.org.policies import VersionedPolicy, register
from hotline.org.texts import render_keyed


class Kind(models.TextChoices):
    LIVE = "live", _("实时监听")
    RECORDING = "recording", _("录音监听")


class Purpose(models.TextChoices):
    """Why a session was held: the §3.1 regime (counted in the §3.6 composite) or ad hoc (never counted)."""

    REGIME = "regime", _("监听制度")
    FIVE_METHODS = "five_methods", _("五法评定")
    CALIBRATION = "calibration", _("校准")


class Half(models.TextChoices):
    AM = "am", _("上午")
    PM = "pm", _("下午")


class Remainder(models.TextChoices):
    """§3.6: the component beside the recording sessions in the monthly score (``core.scoring``)."""

    LIVE = "live", _("实时监听平均分")
    INSPECTION = "inspection", _("自动质检得分")
    SATISFACTION = "satisfaction", _("客户满意度")
    NONE = "none", _("无（实时监听仅作参考）")


@register(
    "quality",
    fields=("w_rec", "w_live", "min_seconds", "anchor_period", "remainder", "recording_window_days"),
    action="quality.settings",
)
class QualitySettings(VersionedPolicy):
    """§3.2/§3.3/§3.6 settings of a center (or of every center when ``center`` is empty).

    The row in force on a date is the one with the latest ``effective_from`` on or before it
    (a center's own rows win over the global ones).
    """

    w_rec = models.FloatField(_("录音监听权重"), default=0.7)
    w_live = models.FloatField(_("实时监听权重"), default=0.3)
    min_seconds = models.FloatField(_("最短录音（秒）"), default=15)
    anchor_period = models.CharField(_("轮换起始半月"), max_length=10, default="2026-01-H1")
    remainder = models.CharField(
        _("综合得分其余部分"), max_length=14, choices=Remainder.choices, default=Remainder.LIVE
    )  # §3.6: what the other 1 − w_rec of the monthly score is (w_live is its weight)
    recording_window_days = models.PositiveSmallIntegerField(
        _("录音监听期限（半月结束后的工作日）"), default=5
    )  # §3.1: a half-month's recording sessions are held in the first N working days after it

    class Meta(VersionedPolicy.Meta):
        ordering = ["-effective_from", "-id"]
        verbose_name = _("质检设置")
        verbose_name_plural = _("质检设置")

    def __str__(self) -> str:
        return f"{self.center or '*'} {self.effective_from}"


@register("holidays", fields=("is_working_day", "note"), keyed_by=("date",), action="quality.holiday")
class HolidayOverride(VersionedPolicy):
    """A version of one date's working-day status in the §3.4 holiday table (the Chinese calendar
    applies wherever no version says otherwise; ``center`` empty: the table every center shares).

    Keyed by ``date``: each toggle appends a version of that date's override. A date is judged by the
    version in force *on that date* (DECISIONS "Versioned policies": holidays), so a change made today
    never rewrites a day already past; a version that repeats the calendar simply restores it.
    """

    date = models.DateField(_("日期"))
    is_working_day = models.BooleanField(_("工作日"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta(VersionedPolicy.Meta):
        ordering = ["date", "-effective_from", "-id"]
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")

    def __str__(self) -> str:
        return f"{self.date} {'work' if self.is_working_day else 'off'} ({self.effective_from})"


class ScoreForm(models.Model):
    """One version of a scorecard (§3.5). ``definition`` is ``hotline.core.scoring.Form.as_dict()``.

    A version that an evaluation used is never changed: editing saves a new version.
    """

    key = models.SlugField(_("代码"), max_length=60)
    name = models.CharField(_("名称"), max_length=200)
    version = models.PositiveIntegerField(_("版本"))
    definition = models.JSONField()
    active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key", "-version"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="scoreform_key_version")]
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def core(self) -> Form:
        return Form.from_dict(self.definition)

    @property
    def used(self) -> bool:
        return self.evaluations.exists()


class MonitoringPlan(models.Model):
    """The §3.4 plan of one center and half-month period."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="monitoring_plans")
    period = models.CharField(_("半月"), max_length=10)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # each a keyed text {"key", "params"} (hotline.org.texts; plans generated before keys: a string)
    warnings = models.JSONField(default=list, blank=True)
    assignment = models.JSONField(default=dict, blank=True)  # agent work number → monitor work number

    class Meta:
        ordering = ["-period", "center"]
        constraints = [models.UniqueConstraint(fields=["center", "period"], name="plan_center_period")]
        verbose_name = _("监听计划")
        verbose_name_plural = _("监听计划")

    def __str__(self) -> str:
        return f"{self.center} {self.period}"

    def warning_texts(self) -> list[str]:
        """The warnings in the reader's language (rendered when read)."""
        return [render_keyed(w, fallback="—") for w in self.warnings or []]


class Session(models.Model):
    """One live session (4 calls) or recording session (5 recordings) of an agent (§3.1, §3.6)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    purpose = models.CharField(
        _("用途"), max_length=14, choices=Purpose.choices, default=Purpose.REGIME, db_index=True
    )
    node_path = models.CharField(_("归档节点"), max_length=200, blank=True)  # five methods (§9)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    agent = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quality_sessions")
    monitor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="monitored_sessions")
    period = models.CharField(_("半月"), max_length=10, db_index=True)
    date = models.DateField(_("日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    score = models.FloatField(_("得分"), null=True, blank=True)
    form = models.ForeignKey(ScoreForm, on_delete=models.PROTECT, related_name="sessions")
    short_reason = models.CharField(_("不足5条的原因"), max_length=300, blank=True)
    # What a recording session sampled (§3.2), so its picks can be re-derived and explained:
    # {"period", "min_seconds", "tz", "calls_until" (ISO instant), "eligible": [call ids, by start],
    #  "evaluated": [call ids of the period left out as evaluated before]}; {} for live/ad hoc sessions.
    sample = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "period", "kind"],
                condition=models.Q(purpose="regime"),
                name="session_one_per_kind_and_period",
            )
        ]
        verbose_name = _("监听")
        verbose_name_plural = _("监听")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.agent} {self.period}"

    @property
    def submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def adhoc(self) -> bool:
        return self.purpose != Purpose.REGIME


class PlanSlot(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("待监听")
        DONE = "done", _("已完成")
        OVERDUE = "overdue", _("逾期")
        CARRIED = "carried", _("顺延")

    plan = models.ForeignKey(MonitoringPlan, on_delete=models.CASCADE, related_name="slots")
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plan_slots")
    monitor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="monitor_slots"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    date = models.DateField(_("日期"), null=True, blank=True)  # empty when overdue (not planned)
    half = models.CharField(_("时段"), max_length=2, choices=Half.choices)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    moved = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="slots"
    )

    class Meta:
        ordering = ["date", "half", "id"]
        verbose_name = _("计划时段")
        verbose_name_plural = _("计划时段")

    def __str__(self) -> str:
        return f"{self.agent} {self.kind} {self.date}"

    def reason_text(self) -> str:
        """Why the slot is overdue, in the reader's language (the core's reason is stored)."""
        from .texts import overdue_reason

        return overdue_reason(self.reason)


class SessionPick(models.Model):
    """A recording chosen by §3.2 and the criterion that chose it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="picks")
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="quality_picks")
    criterion = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "order"], name="pick_order")]

    def __str__(self) -> str:
        return f"{self.session_id} #{self.order} {self.criterion}"


class Evaluation(models.Model):
    """One scorecard applied to one call (§3.5). The current state; each submitted change is also kept
    as an :class:`EvaluationVersion` row (version 1 at the first submit)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    order = models.PositiveSmallIntegerField(default=1)
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations"
    )
    form = models.ForeignKey(ScoreForm, on_delete=models.PROTECT, related_name="evaluations")
    answers = models.JSONField(default=dict, blank=True)  # item key → "yes" | "no" | "na" | int
    comments = models.JSONField(default=dict, blank=True)  # item key → text
    strengths = models.TextField(_("优点"), blank=True)
    improvements = models.TextField(_("不足"), blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)  # live calls
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    score = models.FloatField(_("得分"), null=True, blank=True)
    critical_failed = models.JSONField(default=list, blank=True)
    version = models.PositiveIntegerField(default=0)  # 0 = never submitted
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # §3.6 live alert: the critical items already alerted from the live form, and when (last time)
    alerted_items = models.JSONField(default=list, blank=True)
    alerted_at = models.DateTimeField(_("即时提醒时间"), null=True, blank=True)

    class Meta:
        ordering = ["session", "order"]
        verbose_name = _("评分")
        verbose_name_plural = _("评分")

    def __str__(self) -> str:
        return f"{self.session} #{self.order}"

    @property
    def submitted(self) -> bool:
        return self.version > 0


class EvaluationVersion(models.Model):
    """A submitted state of an evaluation; later changes add rows, never overwrite (§1 audit)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    answers = models.JSONField()
    comments = models.JSONField()
    strengths = models.TextField(blank=True)
    improvements = models.TextField(blank=True)
    score = models.FloatField()
    critical_failed = models.JSONField(default=list)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["evaluation", "version"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "version"], name="evaluation_version")]

    def __str__(self) -> str:
        return f"{self.evaluation_id} v{self.version}"


class RecordingMark(models.Model):
    """A time-stamped comment on the recording, made inside an evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="marks")
    at_seconds = models.FloatField(_("位置（秒）"))
    text = models.TextField(_("内容"))
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="recording_marks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at_seconds", "id"]

    def __str__(self) -> str:
        return f"{self.at_seconds:.0f}s {self.text[:30]}"


class TrainingFlag(models.Model):
    """A recording flagged for the training library (§3.5): excellent or poor, why, and where."""

    class Kind(models.TextChoices):
        EXCELLENT = "excellent", _("优秀")
        POOR = "poor", _("较差")

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="training_flags")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("原因"))
    marks = models.JSONField(default=list, blank=True)  # seconds into the recording
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="training_flags")
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.SET_NULL, null=True, blank=True, related_name="training_flags"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("培训素材标记")
        verbose_name_plural = _("培训素材标记")

    def __str__(self) -> str:
        return f"{self.kind} {self.recording_id}"


class BargeIn(models.Model):
    """强拆: the monitor took over the live call (§3.6)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="barge_ins")
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="barge_ins")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.at}"


class ScoreRollup(models.Model):
    """Agent × month × kind: the count and sum of the month's submitted regime session scores (§3.6),
    for the score pages to read instead of the sessions. ``month`` is the first day of the month whose
    half-month periods (``YYYY-MM-H1``/``H2``) the sessions belong to; ``total`` is a sum of 0–100
    session scores. Maintained by ``hotline.quality.rollups`` when a session is submitted, rescored or
    deleted; ``hotline manage rollups_rebuild`` recomputes. Ad hoc sessions never count."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    n = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agent", "month", "kind"], name="score_rollup_agent_month_kind")
        ]
        indexes = [models.Index(fields=["center", "month"]), models.Index(fields=["month", "agent"])]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.month:%Y-%m} {self.kind} {self.n}"


class CenterScoreRollup(models.Model):
    """Center × month × kind: the agent rollup summed over the center's agents (``agents``: how many
    agents had a session of that kind)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    agents = models.PositiveIntegerField(default=0)
    n = models.PositiveIntegerField(default=0)
    total = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["center", "month", "kind"], name="score_rollup_center_month_kind")
        ]

    def __str__(self) -> str:
        return f"{self.center_id} {self.month:%Y-%m} {self.kind} {self.n}"
