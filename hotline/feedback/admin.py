from django.contrib import admin

from hotline.org.admin_versioned import VersionedReadOnlyAdmin

from .models import (
    Analysis,
    CalibrationSession,
    Dispute,
    FeedbackSettings,
    GoldSet,
    Message,
    TrainingEntry,
    WebhookDelivery,
)


@admin.register(FeedbackSettings)
class FeedbackSettingsAdmin(VersionedReadOnlyAdmin):
    """Read-only: new versions only on /feedback/settings/ (versioned, audited)."""

    settings_url_name = "feedback:settings"
    list_display = ("center", "approval_days", "dispute_working_days", "training_threshold", "effective_from",
                    "effective_to")  # fmt: skip


@admin.register(Analysis)
class AnalysisAdmin(admin.ModelAdmin):
    list_display = ("period", "monitor", "center", "status", "due_at")
    list_filter = ("status", "center")


@admin.register(Dispute)
class DisputeAdmin(admin.ModelAdmin):
    list_display = ("pk", "agent", "evaluator", "reviewer", "status", "opened_at")
    list_filter = ("status",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("pk", "message", "status", "attempts", "next_attempt_at")
    list_filter = ("status",)


admin.site.register([Message, TrainingEntry, CalibrationSession, GoldSet])
