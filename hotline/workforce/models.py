"""Workforce (§5 现场管理): skills and their targets, forecasts, staffing plans, shift types, rosters,
personal and swap requests, attendance states, intraday alert settings, escalation and the event log.

Units: seconds for times (AHT, answer time, patience), fractions in [0, 1] for service levels,
shrinkage, occupancy and alert thresholds; calls are expected calls per interval.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.org.models import Absence, Center, Person, Role, Team
from hotline.org.policies import VersionedPolicy, register

INTERVAL_CHOICES = [(15, _("15 分钟")), (30, _("30 分钟")), (60, _("60 分钟"))]


class Channel(models.TextChoices):
    """The channel of a queue (§5 "Every channel"); values are ``hotline.core.channels``'s."""

    CALL_IN = "call_in", _("呼入电话")
    CALL_OUT = "call_out", _("外呼电话")
    CHAT = "chat", _("在线客服")
    EMAIL = "email", _("电子邮件")
    FAX = "fax", _("传真")


class Skill(models.Model):
    """A skill / queue (技能) of a center with its service target (X% answered within Y seconds)."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="skills", verbose_name=_("中心")
    )
    name = models.CharField(_("技能"), max_length=60, help_text=_("与通话记录中的技能一致"))
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.CALL_IN)
    concurrency = models.PositiveSmallIntegerField(
        _("同时处理会话数"), default=1, help_text=_("在线客服：一名座席同时接待的会话数")
    )
    response_deadline_h = models.FloatField(
        _("回复时限（小时）"), null=True, blank=True,
        help_text=_("邮件、传真：在此工作时长内回复；留空：邮件 24 小时、传真 4 小时"),
    )  # fmt: skip
    open_from = models.TimeField(_("处理开始"), null=True, blank=True, help_text=_("邮件、传真：留空为全天"))
    open_to = models.TimeField(_("处理结束"), null=True, blank=True)
    target_sl = models.FloatField(_("目标服务水平"), default=0.8, help_text=_("如 0.8 表示 80%"))
    answer_time_s = models.PositiveIntegerField(_("目标应答时间（秒）"), default=20)
    aht_override_s = models.FloatField(
        _("平均处理时长（秒）"), null=True, blank=True, help_text=_("留空：按历史通话计算")
    )
    patience_s = models.FloatField(
        _("平均耐心（秒）"), null=True, blank=True, help_text=_("填写后使用 Erlang A")
    )
    shrinkage = models.FloatField(_("损耗率"), default=0.3)
    max_occupancy = models.FloatField(_("最高占用率"), null=True, blank=True, default=0.9)
    interval_minutes = models.PositiveSmallIntegerField(
        _("时段（分钟）"), choices=INTERVAL_CHOICES, default=30
    )
    # The teams rostered on this skill: intraday compares the skill's forecast and calls with the
    # heads of every one of them (§5: same scope, never a center's volume against one team).
    teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="skills",
        verbose_name=_("排班班组"),
        help_text=_("在该技能上排班的班组"),
    )

    class Meta:
        ordering = ["center", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="skill_unique_in_center")]
        verbose_name = _("技能")
        verbose_name_plural = _("技能")

    def __str__(self) -> str:
        return self.name


class ForecastRun(models.Model):
    """One forecast of a skill: the method asked and used, the horizon, and the backtest accuracy
    (WAPE and bias of the method and of the baseline, fractions) over held-out weeks."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="forecast_runs")
    skill = models.ForeignKey(
        Skill, on_delete=models.CASCADE, related_name="forecast_runs", verbose_name=_("技能")
    )
    interval_minutes = models.PositiveSmallIntegerField(
        _("时段（分钟）"), choices=INTERVAL_CHOICES, default=30
    )
    method = models.CharField(_("方法"), max_length=20, default="auto")
    method_used = models.CharField(_("实际方法"), max_length=20, blank=True)
    first_day = models.DateField(_("起始日期"))
    horizon_days = models.PositiveSmallIntegerField(_("预测天数"), default=7)
    history_first = models.DateField(null=True, blank=True)
    history_last = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    wape = models.FloatField(null=True, blank=True)
    bias = models.FloatField(null=True, blank=True)
    baseline_wape = models.FloatField(null=True, blank=True)
    baseline_bias = models.FloatField(null=True, blank=True)
    backtest_weeks = models.PositiveSmallIntegerField(default=0)
    total_calls = models.FloatField(default=0)
    median8_wape = models.FloatField(null=True, blank=True)  # the 8-week median reference
    spread = models.FloatField(null=True, blank=True)  # c of var = f + c²f² behind P10/P90

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("预测")
        verbose_name_plural = _("预测")

    def __str__(self) -> str:
        return f"{self.skill} {self.first_day} +{self.horizon_days}"


class ForecastInterval(models.Model):
    run = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="intervals")
    start = models.DateTimeField(db_index=True)
    calls = models.FloatField()
    p10 = models.FloatField(null=True, blank=True)  # 80 % prediction interval, calls
    p90 = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ContactImport(models.Model):
    """One import of contact counts per interval (chat, email, fax history: §5 "Every channel")."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="contact_imports")
    source = models.CharField(max_length=300)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.created_at:%Y-%m-%d}"


class ContactCount(models.Model):
    """Contacts (chats, emails, faxes) that arrived on a queue in the interval starting at ``start``,
    with their mean handle time in seconds when known. One row per queue and start (re-imports
    replace the count)."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="contact_counts")
    start = models.DateTimeField(db_index=True)
    count = models.FloatField()
    handle_s = models.FloatField(null=True, blank=True)
    batch = models.ForeignKey(ContactImport, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["skill", "start"], name="contact_count_unique")]

    def __str__(self) -> str:
        return f"{self.skill} {self.start:%Y-%m-%d %H:%M}"


class EventMultiplier(models.Model):
    """A planned event (campaign, notice): the forecast of its dates × ``factor`` (one skill or all)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="event_multipliers")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("技能"))
    first_day = models.DateField(_("开始日期"))
    last_day = models.DateField(_("结束日期"))
    factor = models.FloatField(_("系数"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["first_day", "id"]
        verbose_name = _("活动系数")
        verbose_name_plural = _("活动系数")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class StaffingPlan(models.Model):
    """Agents per interval for a forecast (Erlang C, or Erlang A with a patience), with the peak
    seats and trunks. ``trunks`` are sized by Erlang B at ``trunk_blocking`` on the peak trunk load
    (calls × (talk + expected wait) / interval — a trunk is held while the caller queues and talks)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="staffing_plans")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="staffing_plans")
    forecast = models.ForeignKey(ForecastRun, on_delete=models.CASCADE, related_name="plans")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    model = models.CharField(max_length=10, default="erlang_c")  # erlang_c|erlang_a|workload|backlog
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.CALL_IN)
    concurrency = models.PositiveSmallIntegerField(default=1)  # chats an agent handles at once
    deadline_s = models.FloatField(null=True, blank=True)  # email/fax response deadline (open seconds)
    max_delay_s = models.FloatField(null=True, blank=True)  # email/fax: longest arrival → answer
    aht_s = models.FloatField()
    talk_s = models.FloatField(default=0)
    target_sl = models.FloatField()
    answer_time_s = models.FloatField()
    patience_s = models.FloatField(null=True, blank=True)
    shrinkage = models.FloatField()
    max_occupancy = models.FloatField(null=True, blank=True)
    peak_agents = models.PositiveIntegerField(default=0)
    peak_scheduled = models.PositiveIntegerField(default=0)
    seats = models.PositiveIntegerField(default=0)
    trunks = models.PositiveIntegerField(default=0)
    trunk_load = models.FloatField(default=0)
    trunk_blocking = models.FloatField(default=0.01)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("人员配备")
        verbose_name_plural = _("人员配备")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class StaffingInterval(models.Model):
    plan = models.ForeignKey(StaffingPlan, on_delete=models.CASCADE, related_name="intervals")
    start = models.DateTimeField(db_index=True)
    calls = models.FloatField()
    aht_s = models.FloatField()
    agents = models.PositiveIntegerField()
    scheduled = models.PositiveIntegerField()
    service_level = models.FloatField(null=True)
    asa_s = models.FloatField(null=True)
    occupancy = models.FloatField(null=True)
    abandon_probability = models.FloatField(null=True)
    calls_p90 = models.FloatField(null=True)  # staffing risk: the forecast's P90 volume
    agents_p90 = models.PositiveIntegerField(null=True)  # agents the target needs at that volume
    service_level_p90 = models.FloatField(null=True)  # SL of ``agents`` if the P90 volume comes
    backlog = models.FloatField(null=True)  # email/fax: items still waiting at the interval's end

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class ShiftType(models.Model):
    """早班 / 中班 / 晚班 / 休: times, breaks ``[["12:00", "14:00"], …]``, night flag, colour."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="shift_types")
    name = models.CharField(_("班次"), max_length=20)
    short = models.CharField(_("简称"), max_length=4, help_text=_("排班表中的字，如 早"))
    start = models.TimeField(_("上班"), null=True, blank=True)
    end = models.TimeField(_("下班"), null=True, blank=True)
    breaks = models.JSONField(_("休息"), default=list, blank=True)
    night = models.BooleanField(_("夜班"), default=False)
    is_rest = models.BooleanField(_("休息日"), default=False)
    colour = models.CharField(_("颜色"), max_length=9, default="#e3f2fd")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["center", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["center", "short"], name="shift_short_unique")]
        verbose_name = _("班次")
        verbose_name_plural = _("班次")

    def __str__(self) -> str:
        return self.name


class RosterRule(models.Model):
    """Next-day rule: after ``shift`` only ``allowed_next`` may follow (a shift without a rule: any)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="roster_rules")
    shift = models.ForeignKey(
        ShiftType, on_delete=models.CASCADE, related_name="rules", verbose_name=_("当天")
    )
    allowed_next = models.ManyToManyField(ShiftType, related_name="+", verbose_name=_("次日可排"))

    class Meta:
        verbose_name = _("衔接规则")
        verbose_name_plural = _("衔接规则")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class Roster(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        ARCHIVED = "archived", _("已替换")

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        SOLVING = "solving", _("求解中…")
        DONE = "done", _("完成")
        FAILED = "failed", _("失败")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="rosters")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="rosters")
    first_day = models.DateField(_("首日"))
    days = models.PositiveSmallIntegerField(_("天数"), default=28)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    state = models.CharField(_("计算"), max_length=10, choices=State.choices, default=State.QUEUED)
    demand = models.JSONField(default=dict, blank=True)  # what was asked: counts or plan id
    time_limit_s = models.FloatField(default=20)
    solver_status = models.CharField(max_length=20, blank=True)
    objective = models.FloatField(null=True, blank=True)
    wall_time = models.FloatField(null=True, blank=True)
    violations = models.JSONField(default=list, blank=True)
    uncovered = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # Pre-check before solving (§5): why demand cannot be met, one entry per short slot.
    precheck = models.JSONField(default=list, blank=True)
    # An infeasible roster is published only with an explicit override: who, when, why (audited).
    override_reason = models.CharField(_("强制发布原因"), max_length=500, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-first_day", "-id"]
        verbose_name = _("排班表")
        verbose_name_plural = _("排班表")

    def __str__(self) -> str:
        return f"{self.team or self.center} {self.first_day}"


class RosterAssignment(models.Model):
    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField(db_index=True)
    shift = models.ForeignKey(ShiftType, on_delete=models.PROTECT)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["roster", "person", "date"], name="one_shift_a_day")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")


class ShiftRequest(models.Model):
    """An agent's wish for a date: a fixed shift, or a day off (``shift`` empty)."""

    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shift_requests")
    date = models.DateField(_("日期"))
    shift = models.ForeignKey(
        ShiftType, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("班次")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class LeaveRequest(models.Model):
    """An agent's leave request (§5 Leave): the team leader approves or refuses (with a reason).
    Approval records the ``org.Absence`` (entered once): it blocks rostering and the monitoring
    plan and feeds attendance in the appraisal (§6)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("已拒绝")
        CANCELLED = "cancelled", _("已撤回")

    agent = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="leave_requests", verbose_name=_("座席")
    )
    first_day = models.DateField(_("开始日期"))
    last_day = models.DateField(_("结束日期"))
    kind = models.CharField(
        _("类型"), max_length=10, choices=Absence.Kind.choices, default=Absence.Kind.ANNUAL
    )
    half = models.CharField(_("半天"), max_length=2, choices=Absence.Half.choices, default="", blank=True)
    reason = models.CharField(_("事由"), max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal = models.CharField(_("拒绝原因"), max_length=300, blank=True)
    absence = models.OneToOneField(
        Absence, on_delete=models.SET_NULL, null=True, blank=True, related_name="leave_request"
    )

    class Meta:
        ordering = ["-first_day", "-id"]
        verbose_name = _("请假申请")
        verbose_name_plural = _("请假申请")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class SwapRequest(models.Model):
    """Requester and partner exchange their shifts on ``date`` and exchange back on ``payback_date``
    (§5: swaps need approval, ≤ 1 per agent per month, paid back within a month)."""

    requester = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="swaps_asked")
    partner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="swaps_offered")
    date = models.DateField(_("调班日期"))
    payback_date = models.DateField(_("还班日期"))
    # 连续的两个班次同调: the swap (and its payback) covers two consecutive days (§5, seed 003).
    back_to_back = models.BooleanField(_("连续两个班次同调"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    approver = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class AttendanceImport(models.Model):
    center = models.ForeignKey(Center, on_delete=models.CASCADE)
    source = models.CharField(max_length=300)
    rows = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class AttendanceState(models.Model):
    class State(models.TextChoices):
        READY = "ready", _("就绪")
        TALK = "talk", _("通话")
        ACW = "acw", _("话后")
        BREAK = "break", _("小休")
        OFFLINE = "offline", _("离线")

    batch = models.ForeignKey(AttendanceImport, on_delete=models.CASCADE, related_name="states")
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="states")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices)

    STAFFED = ("ready", "talk", "acw")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


@register("intraday", fields=("volume_over", "staff_under"), action="intraday_settings")
class IntradaySettings(VersionedPolicy):
    """§5 alert thresholds: volume above forecast by ``volume_over`` (0.5 = 50%), staffed heads
    below scheduled by ``staff_under`` (0.2 = 20%). Versioned (``hotline.org.policies``): a past day's
    alerts are judged by the thresholds in force that day."""

    volume_over = models.FloatField(_("话务量超预测"), default=0.5)
    staff_under = models.FloatField(_("在岗低于排班"), default=0.2)

    class Meta(VersionedPolicy.Meta):
        verbose_name = _("实时告警阈值")
        verbose_name_plural = _("实时告警阈值")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


@register(
    "escalation", fields=("min_severity", "role", "person_id", "within_minutes", "removed"), keyed_by=("level",),
    action="escalation_level",
)  # fmt: skip
class EscalationLevel(VersionedPolicy):
    """Who must be told within how long when an alert is at least ``min_severity`` (the excess as a
    fraction: +50% volume → 0.5; 20% short → 0.2). Versioned per ``level`` (``hotline.org.policies``,
    kind ``escalation``): an alert is escalated by the levels in force on its day; a level is withdrawn
    by a version with ``removed`` set (nothing is deleted). Per center only (no global rows)."""

    level = models.PositiveSmallIntegerField(_("级别"))
    min_severity = models.FloatField(_("起报程度"), default=0)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("负责人")
    )
    within_minutes = models.PositiveIntegerField(_("时限（分钟）"))
    removed = models.BooleanField(_("已删除"), default=False)

    class Meta(VersionedPolicy.Meta):
        ordering = ["level", "-effective_from", "-id"]
        verbose_name = _("上报级别")
        verbose_name_plural = _("上报级别")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class EventLog(models.Model):
    class Kind(models.TextChoices):
        VOLUME = "volume", _("话务量突增")
        STAFF = "staff", _("人员不足")
        SYSTEM = "system", _("系统故障")
        BUSINESS = "business", _("业务事件")
        OTHER = "other", _("其它")

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="event_logs")
    at = models.DateTimeField(_("时间"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("情况"))
    actions = models.TextField(_("采取的措施"), blank=True)
    by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("记录人"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("事件记录")
        verbose_name_plural = _("事件记录")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


# ------------------------------------------------------------- contingency plans and drills (seed 002)


class Scenario(models.TextChoices):
    """The emergencies seed 002 lists (四、突发事件管理): system, business, staff, force majeure."""

    OUTAGE = "outage", _("系统故障")
    SURGE = "surge", _("话务量突增")
    POWER = "power", _("停电")
    ABSENCE = "absence", _("大量人员缺勤")
    NETWORK = "network", _("网络、通讯故障")
    OTHER = "other", _("其它")


class ContingencyPlan(models.Model):
    """A written plan for one scenario of a center (seed 002 应急计划): when it applies (``trigger``)
    and its steps ``[{"text", "role", "person", "minutes"}, …]`` (owner: a role or a person id; time
    limit in minutes from the start of the event). ``version`` counts the saves; every save is audited."""

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="contingency_plans", verbose_name=_("中心")
    )
    scenario = models.CharField(_("情形"), max_length=10, choices=Scenario.choices)
    title = models.CharField(_("标题"), max_length=120)
    trigger = models.TextField(_("启动条件"))
    steps = models.JSONField(_("步骤"), default=list, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["center", "scenario", "id"]
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")

    def __str__(self) -> str:
        return self.title


class Drill(models.Model):
    """One drill of a plan (seed 002 演练): when, who took part, how long, what was found, what is to
    be done, who follows it up and whether that is done. Every change is audited."""

    plan = models.ForeignKey(
        ContingencyPlan, on_delete=models.CASCADE, related_name="drills", verbose_name=_("应急预案")
    )
    date = models.DateField(_("演练日期"))
    participants = models.TextField(_("参加人员"))
    duration_minutes = models.PositiveIntegerField(_("时长（分钟）"))
    findings = models.TextField(_("发现的问题"), blank=True)
    actions = models.TextField(_("改进措施"), blank=True)
    follow_up_owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("跟进人")
    )
    follow_up_done = models.BooleanField(_("已完成跟进"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("应急演练")
        verbose_name_plural = _("应急演练")

    def __str__(self) -> str:
        return f"{self.plan} {self.date}"


@register("drills", fields=("per_year", "per_scenario"), action="drill_settings")
class DrillSettings(VersionedPolicy):
    """How many drills the last 12 months must hold: ``per_year`` for the center as a whole (seed 002:
    不少于 2 次) and ``per_scenario`` for each scenario that has a plan. Versioned."""

    per_year = models.PositiveSmallIntegerField(_("每年演练次数"), default=2)
    per_scenario = models.PositiveSmallIntegerField(_("每个情形每年演练次数"), default=1)

    class Meta(VersionedPolicy.Meta):
        verbose_name = _("演练要求")
        verbose_name_plural = _("演练要求")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


@register(
    "leave", fields=("annual_notice_days", "personal_notice_days", "sick_notice_days", "max_days",
                     "team_overlap_refused"), action="leave_rules",
)  # fmt: skip
class LeaveRules(VersionedPolicy):
    """The leave rules a request is checked by (§5 Leave: "rules as settings"), the version in force on
    the day it is asked: notice per kind in calendar days (the manual: annual leave a month ahead,
    personal leave two days, sick leave none), the longest request, and whether a second person of the
    team on leave in the same days refuses the approval (the manual's "不得同时休假") or only warns."""

    annual_notice_days = models.PositiveSmallIntegerField(_("年假提前天数"), default=30)
    personal_notice_days = models.PositiveSmallIntegerField(_("事假提前天数"), default=2)
    sick_notice_days = models.PositiveSmallIntegerField(_("病假提前天数"), default=0)
    max_days = models.PositiveSmallIntegerField(_("一次最多天数"), default=93)
    team_overlap_refused = models.BooleanField(
        _("同班组同期已有人休假时拒绝批准"),
        default=False,
        help_text=_("不勾选：只提醒审批人（手册允许特殊原因）"),
    )

    class Meta(VersionedPolicy.Meta):
        verbose_name = _("请假规则")
        verbose_name_plural = _("请假规则")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

    def notice_days(self, kind: str) -> int:
        return {"annual": self.annual_notice_days, "personal": self.personal_notice_days,
                "sick": self.sick_notice_days}.get(kind, 0)  # fmt: skip
