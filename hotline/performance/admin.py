from django.contrib import admin

from hotline.org.admin_versioned import VersionedReadOnlyAdmin

from .models import (
    AppraisalResult,
    AppraisalSignoff,
    Attendance,
    Exam,
    Incident,
    RuleSetVersion,
    SurveyResponse,
    WorkMonth,
)


@admin.register(RuleSetVersion)
class RuleSetVersionAdmin(VersionedReadOnlyAdmin):
    """Appraisal rule versions (params are RuleSet fields, e.g. {"accuracy_target": 99, "qa_mode": "off"});
    read-only: new versions only on /performance/rules/ (versioned, audited)."""

    settings_url_name = "performance:rules"

    list_display = ("effective_from", "note")


@admin.register(AppraisalSignoff)
class AppraisalSignoffAdmin(admin.ModelAdmin):
    list_display = ("center", "month", "locked", "signed_by", "signed_at")
    readonly_fields = ("center", "month", "locked", "signed_by", "signed_at")  # change only through the pages


for model, fields in (
    (Attendance, ("agent", "date", "kind", "days")), (Exam, ("agent", "date", "name", "score", "pass_mark")),
    (WorkMonth, ("agent", "month", "accuracy", "cases_over_limit", "mean_handling_minutes")),
    (Incident, ("agent", "type", "date", "kind", "points")), (SurveyResponse, ("center", "date", "satisfied", "agent")),
    (AppraisalResult, ("agent", "month", "total", "money")),
):  # fmt: skip
    admin.site.register(model, type(f"{model.__name__}Admin", (admin.ModelAdmin,), {"list_display": fields}))
