"""Calls and recordings (§2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hotline.errors import row_errors
from hotline.org.models import Center, Person


class Direction(models.TextChoices):
    IN = "in", _("呼入")
    OUT = "out", _("呼出")


class ImportBatch(models.Model):
    """One import run: what file, by whom, what it did, and the rows it refused."""

    class Kind(models.TextChoices):
        CALLS = "calls", _("通话")
        PEOPLE = "people", _("人员")
        RECORDINGS = "recordings", _("录音")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.CharField(_("文件"), max_length=500)
    file_format = models.CharField(max_length=20, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # Progress of an import started from the browser (§10): queued → running → done | failed.
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DONE)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")

    def __str__(self) -> str:
        return f"{self.kind} {self.source} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def error_rows(self) -> list[dict]:
        """The first 500 stored row errors with their reasons in the reader's language (stored as a
        source text and parameters, rendered when read)."""
        return row_errors(self.errors[:500])


class Call(models.Model):
    call_id = models.CharField(_("呼叫编号"), max_length=120, unique=True)
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="calls", verbose_name=_("中心"))
    skill = models.CharField(_("技能"), max_length=60, blank=True, db_index=True)
    direction = models.CharField(_("方向"), max_length=3, choices=Direction.choices, default=Direction.IN)
    agent = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="calls", verbose_name=_("座席")
    )
    customer = models.CharField(_("客户号码"), max_length=40, blank=True)
    queued_at = models.DateTimeField(_("排队时间"), null=True, blank=True)
    answered_at = models.DateTimeField(_("应答时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), db_index=True)
    local_date = models.DateField(_("日期"), db_index=True)
    weekday = models.PositiveSmallIntegerField(_("星期"), help_text=_("0=周一 … 6=周日"))
    talk_seconds = models.FloatField(_("通话时长（秒）"), default=0)
    hold_seconds = models.FloatField(_("保持时长（秒）"), default=0)
    acw_seconds = models.FloatField(_("话后处理（秒）"), default=0)
    wait_seconds = models.FloatField(_("排队等待（秒）"), null=True, blank=True)
    abandoned = models.BooleanField(_("放弃"), default=False)
    reason = models.CharField(_("归档原因"), max_length=200, blank=True)
    resolved = models.BooleanField(_("一次解决"), null=True, blank=True)
    satisfied = models.BooleanField(_("满意"), null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )

    class Meta:
        ordering = ["-started_at", "call_id"]
        indexes = [
            models.Index(fields=["agent", "started_at"]),
            models.Index(fields=["center", "started_at"]),
        ]
        verbose_name = _("通话")
        verbose_name_plural = _("通话")

    def __str__(self) -> str:
        return self.call_id

    @property
    def masked_customer(self) -> str:
        return mask_number(self.customer)


def mask_number(number: str) -> str:
    """138****5678: keep the first three and last four digits of a phone number, hide the rest."""
    n = (number or "").strip()
    if len(n) <= 4:
        return "*" * len(n)
    if len(n) <= 7:
        return n[:1] + "*" * (len(n) - 3) + n[-2:]
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


class Recording(models.Model):
    """A call's audio. ``path`` is relative to the recordings folder, or a URL for remote storage."""

    call = models.OneToOneField(
        Call, on_delete=models.CASCADE, related_name="recording", verbose_name=_("通话")
    )
    path = models.CharField(_("文件"), max_length=500)
    duration_seconds = models.FloatField(_("时长（秒）"), null=True, blank=True)
    channels = models.PositiveSmallIntegerField(default=2)
    sample_rate = models.PositiveIntegerField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("录音")
        verbose_name_plural = _("录音")

    def __str__(self) -> str:
        return self.path

    @property
    def is_remote(self) -> bool:
        return self.path.startswith(("http://", "https://", "s3://"))


class RecordingComment(models.Model):
    """A time-stamped remark on a recording (§2: timestamped comments)."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="recording_comments")
    at_seconds = models.FloatField(_("位置（秒）"))
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at_seconds", "id"]
        verbose_name = _("录音批注")
        verbose_name_plural = _("录音批注")

    def __str__(self) -> str:
        return f"{self.at_seconds:.0f}s {self.text[:30]}"


class RollupMeasures(models.Model):
    """The additive KPI measures of a group of calls (§7), for the KPI pages to sum instead of
    scanning calls. Rules are those of ``hotline.core.kpi`` at ``hotline.calls.rollups.ROLLUP_SETTINGS``
    (service-level T 20 s, short abandon < 5 s); counts are calls, sums are seconds. Maintained by
    ``hotline.calls.rollups`` on every write to calls; ``hotline manage rollups_rebuild`` recomputes."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    local_date = models.DateField()
    skill = models.CharField(max_length=60, blank=True)
    n_in = models.PositiveIntegerField(default=0)  # inbound
    n_short = models.PositiveIntegerField(default=0)  # short abandons
    n_ans = models.PositiveIntegerField(default=0)  # inbound answered
    n_ab_all = models.PositiveIntegerField(default=0)  # inbound abandoned, short ones included
    n_within = models.PositiveIntegerField(default=0)  # answered, wait known and <= T
    n_known = models.PositiveIntegerField(default=0)  # inbound with a known wait
    wait_sum = models.FloatField(default=0)  # seconds, answered with a known wait
    wait_n = models.PositiveIntegerField(default=0)
    handle_sum = models.FloatField(default=0)  # seconds, talk + hold + wrap of the answered
    talk_sum = models.FloatField(default=0)
    hold_sum = models.FloatField(default=0)
    acw_sum = models.FloatField(default=0)
    res_yes = models.PositiveIntegerField(default=0)
    res_n = models.PositiveIntegerField(default=0)
    sat_yes = models.PositiveIntegerField(default=0)
    sat_n = models.PositiveIntegerField(default=0)
    n_out = models.PositiveIntegerField(default=0)  # outbound

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.center_id} {self.local_date} {self.skill}"


class CallRollup(RollupMeasures):
    """Agent × day × skill (``agent`` null: calls no agent took, e.g. abandoned ones)."""

    agent = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["center", "local_date"]),
            models.Index(fields=["agent", "local_date"]),
        ]


class CenterRollup(RollupMeasures):
    """Center × day × skill: the agent rollup summed over agents (summaries and trends)."""

    class Meta:
        indexes = [models.Index(fields=["center", "local_date"])]


class CallMonthRollup(RollupMeasures):
    """Agent × month × skill: the agent rollup summed over each month's days, for year-long KPI pages
    (``local_date`` is the month's first day). Read only for whole months of a range
    (``hotline.reports.selectors.rollup_sources``); maintained with the day rows."""

    agent = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["center", "local_date"])]


class CenterMonthRollup(RollupMeasures):
    """Center × month × skill (``local_date`` the month's first day): the month rows summed over agents."""

    class Meta:
        indexes = [models.Index(fields=["center", "local_date"])]
