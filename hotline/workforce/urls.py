from django.urls import path

from . import views
from .views import channels as views_channels
from .views import contingency as views_contingency
from .views import leave as views_leave
from .views import policies as views_settings

app_name = "workforce"
urlpatterns = [
    path("", views.index, name="index"),
    path("skills/", views.skills, name="skills"),
    path("forecast/", views.forecast, name="forecast"),
    path("forecast/contacts/", views_channels.contacts, name="contacts"),
    path("forecast/events/", views.event_add, name="event_add"),
    path("forecast/events/<id:pk>/delete/", views.event_delete, name="event_delete"),
    path("staffing/", views.staffing, name="staffing"),
    path("staffing/<id:pk>/xlsx/", views.staffing_xlsx, name="staffing_xlsx"),
    path("rosters/", views.rosters, name="rosters"),
    path("rosters/<id:pk>/", views.roster_detail, name="roster"),
    path("rosters/<id:pk>/publish/", views.roster_publish, name="roster_publish"),
    path("rosters/<id:pk>/xlsx/", views.roster_xlsx, name="roster_xlsx"),
    path("my/", views.my, name="my"),
    path("my/requests/", views.my_request, name="my_request"),
    path("my/swaps/", views.my_swap, name="my_swap"),
    path("my/leave/", views_leave.my_leave, name="my_leave"),
    path("my/leave/<id:pk>/cancel/", views_leave.my_leave_cancel, name="my_leave_cancel"),
    path("leave/approvals/", views_leave.leave_approvals, name="leave_approvals"),
    path("leave/approvals/<id:pk>/", views_leave.leave_decide, name="leave_decide"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/swaps/<id:pk>/", views.swap_decide, name="swap_decide"),
    path("approvals/requests/<id:pk>/", views.request_decide, name="request_decide"),
    path("intraday/", views.intraday, name="intraday"),
    path("settings/shifts/", views_settings.shifts, name="settings_shifts"),
    path("settings/shifts/<id:pk>/delete/", views_settings.shift_delete, name="settings_shift_delete"),
    path("settings/rules/", views_settings.rules, name="settings_rules"),
    path("settings/escalation/", views_settings.escalation, name="settings_escalation"),
    path(
        "settings/escalation/<id:pk>/delete/",
        views_settings.escalation_delete,
        name="settings_escalation_delete",
    ),
    path("settings/thresholds/", views_settings.thresholds, name="settings_thresholds"),
    path("settings/drills/", views_contingency.settings_drills, name="settings_drills"),
    path("settings/leave/", views_leave.settings_leave, name="settings_leave"),
    path("contingency/", views_contingency.plans, name="contingency"),
    path("contingency/new/", views_contingency.plan_edit, name="contingency_new"),
    path("contingency/<id:pk>/", views_contingency.plan_edit, name="contingency_plan"),
    path("drills/", views_contingency.drills, name="drills"),
    path("drills/<id:pk>/", views_contingency.drills, name="drill"),
    path("hiring/", views_contingency.hiring, name="hiring"),
]
