from django.contrib import admin

from hotline.org.admin_versioned import VersionedReadOnlyAdmin

from .models import KpiTarget, MonthlyReport


@admin.register(KpiTarget)
class KpiTargetAdmin(VersionedReadOnlyAdmin):
    """Read-only: new targets only on /reports/targets/ (versioned, audited)."""

    settings_url_name = "reports:targets"
    list_display = ("kpi", "center", "scope", "value", "effective_from")
    list_filter = ("kpi", "center")


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ("center", "month", "updated_by", "updated_at")
    readonly_fields = ("commentary", "updated_by", "updated_at")
