from django.contrib import admin

from . import models

for m in (
    models.Skill, models.EventMultiplier, models.ShiftType, models.RosterRule, models.IntradaySettings,
    models.EscalationLevel, models.EventLog, models.ShiftRequest, models.SwapRequest,
):  # fmt: skip
    admin.site.register(m)


@admin.register(models.Roster)
class RosterAdmin(admin.ModelAdmin):
    list_display = ("id", "center", "team", "first_day", "days", "status", "state", "solver_status")
    list_filter = ("status", "state")
