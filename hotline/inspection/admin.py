from django.contrib import admin

from hotline.org.admin_versioned import VersionedReadOnlyAdmin

from .models import CallInspection, InspectionRun, RiskOffer, RiskPolicy, Transcript


@admin.register(InspectionRun)
class InspectionRunAdmin(admin.ModelAdmin):
    list_display = ("center", "date_from", "date_to", "status", "done", "total", "created_at")
    list_filter = ("status", "center")


@admin.register(CallInspection)
class CallInspectionAdmin(admin.ModelAdmin):
    list_display = ("call", "risk", "failed_rules", "has_transcript", "inspected_at")
    raw_id_fields = ("call", "run")


@admin.register(Transcript)
class TranscriptAdmin(admin.ModelAdmin):
    list_display = ("call", "source", "updated_at")
    raw_id_fields = ("call",)


@admin.register(RiskPolicy)
class RiskPolicyAdmin(VersionedReadOnlyAdmin):
    """Read-only: new versions only on /inspection/high-risk/ (versioned, audited)."""

    settings_url_name = "inspection:high_risk"
    list_display = (
        "center",
        "enabled",
        "threshold",
        "max_per_agent_per_period",
        "effective_from",
        "effective_to",
    )


@admin.register(RiskOffer)
class RiskOfferAdmin(admin.ModelAdmin):
    list_display = ("session", "order", "call", "risk")
    raw_id_fields = ("session", "call")
