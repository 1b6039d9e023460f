"""The national monthly report's own data (§7, seed 003 全国呼叫中心运营分析报告): each center's KPI
settings (versioned), multi-item satisfaction surveys and their replies, and the editable texts —
commentary per section, the action taken on each theme of customers' suggestions, and part 2
(建设进展). Everything else in the report is computed from calls."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hotline.org.models import Center
from hotline.org.policies import VersionedPolicy, register


@register("kpi_settings", fields=("answer_time", "short_abandon"), action="reports.kpi_settings")
class KpiSettingsVersion(VersionedPolicy):
    """A center's KPI thresholds (§7): the service-level answer time T and the short-abandon cut-off,
    both seconds, from ``effective_from`` on. A month is measured with the version in force on its
    first day; without one the defaults of ``hotline kpi`` (20 s, 5 s)."""

    answer_time = models.FloatField(_("服务水平应答时间（秒）"), default=20.0)
    short_abandon = models.FloatField(_("短时放弃阈值（秒）"), default=5.0)

    class Meta(VersionedPolicy.Meta):
        verbose_name = _("指标口径")
        verbose_name_plural = _("指标口径")


class Survey(models.Model):
    """A satisfaction survey's definition: its items (总体满意度, 服务态度…) and its scale. Answers are
    scores 1…``scale_max`` (satisfied from ``satisfied_from`` on) or yes/no words."""

    name = models.CharField(_("问卷名称"), max_length=100, unique=True)
    scale_max = models.PositiveSmallIntegerField(_("最高分"), default=5)
    satisfied_from = models.PositiveSmallIntegerField(_("满意起始分"), default=4)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("满意度问卷")
        verbose_name_plural = _("满意度问卷")

    def __str__(self) -> str:
        return self.name


class SurveyItem(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("题号"), max_length=40)
    label = models.CharField(_("题目"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="survey_item_code_unique")]

    def __str__(self) -> str:
        return self.label


class SurveyReply(models.Model):
    """One respondent's answers (a row of the results file); ``key`` is the file's respondent id."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="replies")
    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="survey_replies")
    key = models.CharField(max_length=120)
    date = models.DateField(_("日期"), db_index=True)
    call_ref = models.CharField(_("呼叫编号"), max_length=120, blank=True)
    theme = models.CharField(_("建议主题"), max_length=60, blank=True)
    suggestion = models.TextField(_("建议"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="survey_reply_key_unique")]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.key}"


class SurveyAnswer(models.Model):
    reply = models.ForeignKey(SurveyReply, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField()
    satisfied = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reply", "item"], name="survey_answer_unique")]

    def __str__(self) -> str:
        return f"{self.reply_id} {self.item_id} {self.score}"


SECTIONS = (
    ("volume", _("呼入量与放弃率")),
    ("aht", _("平均处理时间")),
    ("fcr", _("人工解决率")),
    ("satisfaction", _("客户满意度")),
    ("progress", _("呼叫中心建设进展")),
)


class NationalNote(models.Model):
    """An editable text of the national report of a month: ``section`` one of :data:`SECTIONS` or
    ``action:<theme>`` (the action taken on a theme of suggestions); ``center`` empty = the national
    text of the section, else that center's paragraph. Saved through ``national_note_save`` (audited)."""

    month = models.DateField(_("月份"))
    section = models.CharField(_("部分"), max_length=80)
    center = models.ForeignKey(Center, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    text = models.TextField(_("内容"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "section", "center"], name="national_note_unique_center"
            ),
            models.UniqueConstraint(
                fields=["month", "section"], condition=Q(center__isnull=True), name="national_note_unique_all"
            ),
        ]
        verbose_name = _("全国报告文字")
        verbose_name_plural = _("全国报告文字")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.section} {self.center_id or '*'}"
