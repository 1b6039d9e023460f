"""Automatic inspection (SPEC §8): runs over a center's calls, per-call results, transcripts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.calls.models import Call
from hotline.org.models import Center, Person
from hotline.org.policies import VersionedPolicy, register


class InspectionRun(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="inspection_runs", verbose_name=_("中心")
    )
    date_from = models.DateField(_("开始日期"))
    date_to = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(_("通话数"), default=0)
    done = models.PositiveIntegerField(_("已质检"), default=0)
    failed = models.PositiveIntegerField(_("出错"), default=0)
    skipped = models.PositiveIntegerField(_("无录音文件或转写"), default=0)
    unchanged = models.PositiveIntegerField(_("未变化（沿用上次结果）"), default=0)
    job = models.OneToOneField(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="inspection_run"
    )
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("质检任务")
        verbose_name_plural = _("质检任务")

    def __str__(self) -> str:
        return f"{self.center} {self.date_from}–{self.date_to}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class Transcript(models.Model):
    """A call's transcript: ``segments`` = [{speaker, start, end, text}] (SPEC §8)."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="transcript", verbose_name=_("通话")
    )
    segments = models.JSONField(default=list)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("转写文本")
        verbose_name_plural = _("转写文本")

    def __str__(self) -> str:
        return f"{self.call.call_id} ({self.source})"


class CallInspection(models.Model):
    """The latest automatic inspection of a call: audio metrics, rule results, risk (0–100)."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="inspection", verbose_name=_("通话")
    )
    run = models.ForeignKey(
        InspectionRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )
    audio = models.JSONField(null=True, blank=True)
    rules = models.JSONField(default=list, blank=True)
    risk = models.PositiveSmallIntegerField(_("风险分"), default=0, db_index=True)
    risk_points = models.JSONField(default=dict, blank=True)
    failed_rules = models.PositiveSmallIntegerField(_("未通过规则"), default=0)
    has_transcript = models.BooleanField(default=False)
    error = models.CharField(max_length=500, blank=True)
    fingerprint = models.CharField(max_length=40, blank=True)  # inputs of this result (services_runs)
    inspected_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-risk", "call__started_at"]
        verbose_name = _("通话质检结果")
        verbose_name_plural = _("通话质检结果")

    def __str__(self) -> str:
        return f"{self.call.call_id}: {self.risk}"


@register(
    "risk", fields=("enabled", "threshold", "max_per_agent_per_period"), action="inspection.risk_policy"
)
class RiskPolicy(VersionedPolicy):
    """A center's risk-based extra sampling (§8 "a risk score per call that a sampling policy may
    use in addition to §3.2"): when a recording session starts, up to ``max_per_agent_per_period``
    of the agent's calls of the period with risk ≥ ``threshold`` are offered besides the five
    §3.2 picks. Off unless enabled. Versioned (``hotline.org.policies``): a session is judged by the
    policy in force on its date."""

    enabled = models.BooleanField(_("启用高风险加抽"), default=False)
    threshold = models.PositiveSmallIntegerField(_("风险分阈值"), default=60)  # calibrated on STC3 (bench)
    max_per_agent_per_period = models.PositiveSmallIntegerField(_("每人每半月最多加抽"), default=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta(VersionedPolicy.Meta):
        verbose_name = _("高风险加抽设置")
        verbose_name_plural = _("高风险加抽设置")

    def __str__(self) -> str:
        return f"{self.center}: {self.enabled} ≥{self.threshold} ×{self.max_per_agent_per_period}"


class RiskOffer(models.Model):
    """A high-risk call offered to a recording session besides its §3.2 picks (criterion ``risk``);
    kept apart from ``SessionPick`` so the regime's five are untouched and agents never see it."""

    session = models.ForeignKey("quality.Session", on_delete=models.CASCADE, related_name="risk_offers")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="risk_offers")
    risk = models.PositiveSmallIntegerField(_("风险分"))
    order = models.PositiveSmallIntegerField()
    criterion = models.CharField(max_length=20, default="risk")

    class Meta:
        ordering = ["session", "order"]
        constraints = [models.UniqueConstraint(fields=["session", "call"], name="risk_offer_once")]
        verbose_name = _("高风险加抽")
        verbose_name_plural = _("高风险加抽")

    def __str__(self) -> str:
        return f"{self.session_id} +{self.order} {self.call_id} ({self.risk})"


@register("rule_pack", fields=("rules", "note"), action="inspection.rule_pack")
class RulePack(VersionedPolicy):
    """A center's rule pack of automatic inspection (§8), versioned (``hotline.org.policies``): a call is
    judged by the pack in force on its date. ``rules`` is the whole pack in the rule language of
    ``hotline.core.inspection.rules`` (a rule with ``"enabled": false`` is kept but not run); an empty
    list means the default pack (``hotline.core.inspection.rulepack``). Edited on the rule-pack page,
    never as raw JSON by the user."""

    rules = models.JSONField(_("规则"), default=list, blank=True)
    note = models.CharField(_("修改说明"), max_length=200, blank=True)

    class Meta(VersionedPolicy.Meta):
        verbose_name = _("质检规则包")
        verbose_name_plural = _("质检规则包")

    def __str__(self) -> str:
        return f"{self.center}: {len(self.rules or [])} rules from {self.effective_from}"
