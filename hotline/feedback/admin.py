from django.contrib import admin

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

admin.site.register(FeedbackSettings)


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
