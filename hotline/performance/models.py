"""Performance appraisal (§6): the month's imported events, the rules, the results and the sign-off.

Every imported row has a natural key (``key``) so importing the same file again changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.org.models import Center, Person
from hotline.org.policies import VersionedPolicy, register


class AttendanceKind(models.TextChoices):
    LATE = "late", _("迟到")
    EARLY = "early", _("早退")
    SICK = "sick", _("病假")
    PERSONAL = "personal", _("事假")


class IncidentType(models.TextChoices):
    VIOLATION = "violation", _("违规")
    COMMENDATION = "commendation", _("表扬")


class Attendance(models.Model):
    key = models.CharField(max_length=200, unique=True)
    agent = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("座席")
    )
    date = models.DateField(_("日期"), db_index=True)
    kind = models.CharField(_("类型"), max_length=10, choices=AttendanceKind.choices)
    days = models.FloatField(_("天数"), default=1)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("考勤记录")
        verbose_name_plural = _("考勤记录")

    def __str__(self) -> str:
        return f"{self.agent_id} {self.date} {self.kind}"


class Exam(models.Model):
    key = models.CharField(max_length=200, unique=True)
    agent = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="exams", verbose_name=_("座席"))
    date = models.DateField(_("日期"), db_index=True)
    name = models.CharField(_("考试"), max_length=100, blank=True)
    score = models.FloatField(_("成绩"))
    pass_mark = models.FloatField(_("合格线"), null=True, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("考试成绩")
        verbose_name_plural = _("考试成绩")

    def __str__(self) -> str:
        return f"{self.agent_id} {self.date} {self.score:g}"


class WorkMonth(models.Model):
    """The month's case-handling figures of an agent (准确率, 超时案件, 平均在手时间)."""

    key = models.CharField(max_length=200, unique=True)
    agent = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="work_months", verbose_name=_("座席")
    )
    month = models.DateField(_("月份"), db_index=True, help_text=_("当月1日"))
    accuracy = models.FloatField(_("准确率（%）"), null=True, blank=True)
    cases_over_limit = models.PositiveIntegerField(_("超时案件数"), default=0)
    mean_handling_minutes = models.FloatField(_("平均在手时间（分钟）"), null=True, blank=True)

    class Meta:
        ordering = ["month", "id"]
        verbose_name = _("准确率与及时性")
        verbose_name_plural = _("准确率与及时性")

    def __str__(self) -> str:
        return f"{self.agent_id} {self.month:%Y-%m}"


class Incident(models.Model):
    key = models.CharField(max_length=300, unique=True)
    agent = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="incidents", verbose_name=_("座席")
    )
    type = models.CharField(_("类别"), max_length=15, choices=IncidentType.choices)
    date = models.DateField(_("日期"), db_index=True)
    kind = models.CharField(_("种类"), max_length=60, blank=True)
    points = models.PositiveSmallIntegerField(_("分值"))
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("奖惩记录")
        verbose_name_plural = _("奖惩记录")

    def __str__(self) -> str:
        return f"{self.type} {self.agent_id} {self.date} {self.points}"


class SurveyResponse(models.Model):
    """A customer satisfaction answer, with the customer's own words (§7)."""

    key = models.CharField(max_length=200, unique=True)
    center = models.ForeignKey(
        Center, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("中心")
    )
    agent = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("座席"),
    )
    call_ref = models.CharField(_("呼叫编号"), max_length=120, blank=True, db_index=True)
    date = models.DateField(_("日期"), db_index=True)
    satisfied = models.BooleanField(_("满意"))
    suggestion = models.TextField(_("建议"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")

    def __str__(self) -> str:
        return f"{self.date} {'+' if self.satisfied else '-'}"


@register("appraisal_rules", fields=("params", "note"), action="performance.rules")
class RuleSetVersion(VersionedPolicy):
    """A version of the appraisal rules (fields of ``hotline.core.appraisal.RuleSet`` as JSON), monthly,
    for one center or every center (``center`` empty): versioned through ``hotline.org.policies`` — a
    center's own version in force wins over the global one (``policy_in_force``).

    Without any global row the defaults of the users' manual apply (with the November 2026 switch).
    """

    params = models.JSONField(_("参数"), default=dict, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta(VersionedPolicy.Meta):
        ordering = ["effective_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["center", "effective_from"], name="rules_one_per_center_day"),
            models.UniqueConstraint(
                fields=["effective_from"],
                condition=models.Q(center__isnull=True),
                name="rules_one_global_day",
            ),
        ]
        verbose_name = _("考核规则")
        verbose_name_plural = _("考核规则")

    def __str__(self) -> str:
        return f"≥{self.effective_from}"


class OtherWorkEntry(models.Model):
    """The month's "other work" of an agent (其他工作完成情况及工作表现, the manual's 50 元): points lost
    in the evaluation's fourth part and the yuan granted; entered by a team leader or manager, audited."""

    agent = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="other_work", verbose_name=_("座席")
    )
    month = models.DateField(_("月份"), db_index=True, help_text=_("当月1日"))
    points = models.PositiveSmallIntegerField(_("扣分"), default=0)
    amount = models.FloatField(_("核发金额（元）"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month", "id"]
        constraints = [models.UniqueConstraint(fields=["agent", "month"], name="other_work_one_per_month")]
        verbose_name = _("其他工作")
        verbose_name_plural = _("其他工作")

    def __str__(self) -> str:
        return f"{self.agent_id} {self.month:%Y-%m} −{self.points}"


class AppraisalResult(models.Model):
    """The month's appraisal of one agent as computed (the explanation lines kept as JSON)."""

    agent = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="appraisals", verbose_name=_("座席")
    )
    month = models.DateField(_("月份"), db_index=True)
    attendance = models.IntegerField(_("考勤分"))
    evaluation = models.IntegerField(_("考评分"))
    bonus = models.IntegerField(_("加分"))
    total = models.IntegerField(_("总分"))
    money = models.FloatField(_("考核奖（元）"), null=True, blank=True)
    detail = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["month", "agent__sort_key"]
        constraints = [models.UniqueConstraint(fields=["agent", "month"], name="appraisal_one_per_month")]
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")

    def __str__(self) -> str:
        return f"{self.agent_id} {self.month:%Y-%m} {self.total}"


class AppraisalSignoff(models.Model):
    """The manager's sign-off of a center's month: while ``locked`` the month's results do not change."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="appraisal_signoffs")
    month = models.DateField(_("月份"))
    locked = models.BooleanField(_("已锁定"), default=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    signed_at = models.DateTimeField(_("签批时间"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["center", "month"], name="signoff_one_per_center_month")
        ]
        verbose_name = _("考核签批")
        verbose_name_plural = _("考核签批")

    def __str__(self) -> str:
        return f"{self.center_id} {self.month:%Y-%m} {'locked' if self.locked else 'open'}"
