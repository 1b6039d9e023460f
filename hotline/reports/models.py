"""KPI targets with effective dates and the monthly operations report's commentary (§7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.org.models import Center
from hotline.org.policies import VersionedPolicy, register

KPI_CHOICES = [
    ("abandonment_rate", _("放弃率")),
    ("service_level", _("服务水平")),
    ("asa", _("平均应答速度")),
    ("aht", _("平均处理时长")),
    ("fcr", _("首次解决率")),
    ("satisfaction", _("满意率")),
    ("qa_score", _("质检平均分")),
]


@register(
    "kpi_target",
    fields=("value", "skill_filter", "reason_filter"),
    action="reports.target",
    keyed_by=("kpi", "scope"),
)
class KpiTarget(VersionedPolicy):
    """A KPI's target from ``effective_from`` on (versioned per KPI and ``scope``: ``hotline.org.policies``).
    ``center`` empty = every center; ``scope`` narrows it further ("" = the whole center,
    "company:<name>", "skill:<name>", "team:<name>")."""

    kpi = models.CharField(_("指标"), max_length=30, choices=KPI_CHOICES)
    center = models.ForeignKey(
        Center,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kpi_targets",
        verbose_name=_("中心"),
    )
    scope = models.CharField(_("范围"), max_length=120, blank=True, default="")
    value = models.FloatField(_("目标值"), help_text=_("比率填小数（0.4 = 40%），时长填秒"))
    effective_from = models.DateField(_("生效日期"))
    # The calls the target is set on (§7: 维修电话人工解决率 is measured on repair calls only): empty =
    # every call; a skill name; a reason-tree path prefix ("维修" matches "维修-上门").
    skill_filter = models.CharField(_("限定技能"), max_length=60, blank=True, default="")
    reason_filter = models.CharField(_("限定归档原因"), max_length=200, blank=True, default="")

    class Meta(VersionedPolicy.Meta):
        ordering = ["kpi", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "center", "scope", "effective_from"], name="kpi_target_unique"
            )
        ]
        verbose_name = _("指标目标")
        verbose_name_plural = _("指标目标")

    def __str__(self) -> str:
        return f"{self.kpi} {self.scope or '*'} {self.value} ≥{self.effective_from}"


class MonthlyReport(models.Model):
    """The manager's commentary on a center's month (the rest of the report is computed)."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="monthly_reports")
    month = models.DateField(_("月份"))
    commentary = models.TextField(_("经理点评"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["center", "month"], name="report_one_per_center_month")
        ]
        verbose_name = _("运营分析报告")
        verbose_name_plural = _("运营分析报告")

    def __str__(self) -> str:
        return f"{self.center_id} {self.month:%Y-%m}"


from .models_national import (  # noqa: E402,F401  (the national report's models, §7)
    KpiSettingsVersion,
    NationalNote,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyReply,
)
