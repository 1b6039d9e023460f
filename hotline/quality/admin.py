from django.contrib import admin

from hotline.org.admin_versioned import VersionedReadOnlyAdmin

from .models import (
    HolidayOverride,
    MonitoringPlan,
    PlanSlot,
    QualitySettings,
    ScoreForm,
    Session,
    TrainingFlag,
)


@admin.register(QualitySettings)
class QualitySettingsAdmin(VersionedReadOnlyAdmin):
    """Read-only: new versions only on /quality/settings/ (versioned, audited)."""

    settings_url_name = "quality:settings"
    list_display = (
        "center",
        "w_rec",
        "w_live",
        "remainder",
        "min_seconds",
        "anchor_period",
        "recording_window_days",
        "effective_from",
        "effective_to",
    )


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(VersionedReadOnlyAdmin):
    """Read-only: a date is toggled on /quality/holidays/ (a new version, audited)."""

    settings_url_name = "quality:holidays"
    list_display = ("date", "is_working_day", "note", "effective_from", "effective_to")


@admin.register(ScoreForm)
class ScoreFormAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "version", "active", "created_at")
    readonly_fields = ("key", "version", "definition", "created_by", "created_at")  # versions never change


@admin.register(MonitoringPlan)
class MonitoringPlanAdmin(admin.ModelAdmin):
    list_display = ("center", "period", "generated_at")
    list_filter = ("center",)


@admin.register(PlanSlot)
class PlanSlotAdmin(admin.ModelAdmin):
    list_display = ("plan", "agent", "monitor", "kind", "date", "half", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("plan", "agent", "monitor", "session")


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("kind", "agent", "monitor", "period", "date", "status", "score")
    list_filter = ("kind", "status", "period")
    raw_id_fields = ("agent", "monitor")
    readonly_fields = ("score",)


@admin.register(TrainingFlag)
class TrainingFlagAdmin(admin.ModelAdmin):
    list_display = ("recording", "kind", "reason", "by", "created_at")
    list_filter = ("kind",)
    raw_id_fields = ("recording", "by", "evaluation")
