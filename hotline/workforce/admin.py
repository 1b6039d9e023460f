from django.contrib import admin

from hotline.org.admin_versioned import VersionedReadOnlyAdmin

from . import models

for m in (
    models.Skill, models.EventMultiplier, models.ShiftType, models.RosterRule,
    models.EventLog, models.ShiftRequest, models.SwapRequest, models.ContingencyPlan,
    models.Drill,
):  # fmt: skip
    admin.site.register(m)


@admin.register(models.Roster)
class RosterAdmin(admin.ModelAdmin):
    list_display = ("id", "center", "team", "first_day", "days", "status", "state", "solver_status")
    list_filter = ("status", "state")


@admin.register(models.IntradaySettings)
class IntradaySettingsAdmin(VersionedReadOnlyAdmin):
    """Read-only: new versions only on /workforce/settings/thresholds/ (versioned, audited)."""

    settings_url_name = "workforce:settings_thresholds"
    list_display = ("center", "volume_over", "staff_under", "effective_from", "effective_to")


@admin.register(models.DrillSettings)
class DrillSettingsAdmin(VersionedReadOnlyAdmin):
    """Read-only: new versions only on /workforce/settings/drills/ (versioned, audited)."""

    settings_url_name = "workforce:settings_drills"
    list_display = ("center", "per_year", "per_scenario", "effective_from", "effective_to")


@admin.register(models.LeaveRules)
class LeaveRulesAdmin(VersionedReadOnlyAdmin):
    """Read-only: new versions only on /workforce/settings/leave/ (versioned, audited)."""

    settings_url_name = "workforce:settings_leave"
    list_display = ("center", "annual_notice_days", "personal_notice_days", "sick_notice_days", "max_days",
                    "effective_from", "effective_to")  # fmt: skip


@admin.register(models.EscalationLevel)
class EscalationLevelAdmin(VersionedReadOnlyAdmin):
    """Read-only: new versions (and withdrawals) only on /workforce/settings/escalation/ (audited)."""

    settings_url_name = "workforce:settings_escalation"
    list_display = ("center", "level", "min_severity", "role", "person", "within_minutes", "removed",
                    "effective_from", "effective_to")  # fmt: skip
    list_filter = ("center", "removed")
