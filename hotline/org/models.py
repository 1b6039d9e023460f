"""Organisation (§1): centers, companies (有限公司), departments, teams, people and their roles."""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.core.pinyin import pinyin_key_text


class Role(models.TextChoices):
    AGENT = "agent", _("座席员")
    TEAM_LEADER = "team_leader", _("班组长")
    QA_MONITOR = "qa_monitor", _("质检员")
    MANAGER = "manager", _("呼叫中心经理")
    TRAINER = "trainer", _("培训员")
    PLANNER = "planner", _("排班员")
    NATIONAL = "national", _("全国运营管理")
    ADMIN = "admin", _("管理员")


class PinyinSorted(models.Model):
    """A named thing with an optional pinyin override; ``sort_key`` is kept for ORDER BY."""

    name = models.CharField(_("名称"), max_length=100)
    pinyin = models.CharField(
        _("拼音"), max_length=200, blank=True, help_text=_("可选：覆盖自动拼音，如 单县 → shan xian")
    )
    sort_key = models.CharField(max_length=400, editable=False, db_index=True, default="")
    pinyin_kind = "place"  # people override: their surname is read as a surname (单 shàn, 曾 zēng)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = pinyin_key_text(self.name, self.pinyin, self.pinyin_kind)
        super().save(*args, **kwargs)


class Center(PinyinSorted):
    code = models.SlugField(_("代码"), max_length=40, unique=True)
    timezone = models.CharField(_("时区"), max_length=60, default="Asia/Shanghai")

    class Meta:
        ordering = ["sort_key", "name"]
        verbose_name = _("呼叫中心")
        verbose_name_plural = _("呼叫中心")

    def today(self) -> dt.date:
        """The date now in the center's time zone (the clock of the tests travels it too)."""
        return timezone.now().astimezone(ZoneInfo(self.timezone)).date()


class Company(PinyinSorted):
    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="companies", verbose_name=_("中心")
    )

    class Meta:
        ordering = ["sort_key", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="company_unique_in_center")]
        verbose_name = _("公司")
        verbose_name_plural = _("公司")


class Department(PinyinSorted):
    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="departments", verbose_name=_("中心")
    )

    class Meta:
        ordering = ["sort_key", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="department_unique_in_center")]
        verbose_name = _("科室")
        verbose_name_plural = _("科室")


class Team(PinyinSorted):
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="teams", verbose_name=_("中心"))
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("科室"),
    )

    class Meta:
        ordering = ["sort_key", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="team_unique_in_center")]
        verbose_name = _("班组")
        verbose_name_plural = _("班组")


class Person(PinyinSorted):
    """Anyone who works in a center. Agents have a work number (工号) used by the telephony system."""

    work_number = models.CharField(_("工号"), max_length=40, unique=True)
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.AGENT, db_index=True)
    center = models.ForeignKey(
        Center, on_delete=models.PROTECT, related_name="people", verbose_name=_("中心")
    )
    company = models.ForeignKey(
        Company,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("公司"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("班组")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    monitors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="monitored_agents",
        verbose_name=_("负责的质检员"),
        help_text=_("当前分配给该座席的质检员（由监听计划维护）"),
    )
    active = models.BooleanField(_("在职"), default=True)
    pinyin_kind = "person"

    class Meta:
        ordering = ["sort_key", "name"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.work_number}）"


class ApiToken(models.Model):
    """A bearer token for the REST API; only its hash-free random key is stored (rotate by deleting)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("用途"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} {self.name}".strip()

    def save(self, *args, **kwargs):
        if not self.key:
            self.key = secrets.token_hex(32)
        super().save(*args, **kwargs)


class AuditEntry(models.Model):
    """Who changed what, when, before and after, and why (§1: every change to published data)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=80)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class Absence(models.Model):
    """A person's leave (年假、事假、病假、培训…) from ``first_day`` to ``last_day`` inclusive (§3.4).

    ``half`` marks a half-day absence (only on a single day). The monitoring plan works in whole days,
    so it treats a half-day absence as absent that day (see ``org.selectors.absent_days``).
    """

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年假")
        PERSONAL = "personal", _("事假")
        SICK = "sick", _("病假")
        TRAINING = "training", _("培训")
        OTHER = "other", _("其他")

    class Half(models.TextChoices):
        WHOLE = "", _("全天")
        AM = "am", _("上午")
        PM = "pm", _("下午")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="absences", verbose_name=_("人员")
    )
    first_day = models.DateField(_("开始日期"))
    last_day = models.DateField(_("结束日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    half = models.CharField(_("半天"), max_length=2, choices=Half.choices, default=Half.WHOLE, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-first_day", "person__sort_key", "id"]
        indexes = [models.Index(fields=["person", "first_day", "last_day"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="absence_days_ordered"
            )
        ]
        verbose_name = _("缺勤")
        verbose_name_plural = _("缺勤")

    def __str__(self) -> str:
        return f"{self.person} {self.first_day}–{self.last_day} {self.get_kind_display()}"

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1
