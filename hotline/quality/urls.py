from django.urls import path, register_converter

from . import views, views_settings
from .forms_builder import FormKeyConverter

register_converter(FormKeyConverter, "formkey")

app_name = "quality"
urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan_page, name="plan"),
    path("plan/generate/", views.plan_generate, name="plan_generate"),
    path("plan/export/", views.plan_export, name="plan_export"),
    path("today/", views.today, name="today"),
    path("slots/<id:pk>/start/", views.slot_start, name="slot_start"),
    path("sessions/<id:pk>/", views.session_page, name="session"),
    path("sessions/<id:pk>/draft/", views.session_draft, name="session_draft"),
    path("sessions/<id:pk>/submit/", views.session_submit, name="session_submit"),
    path("evaluations/<id:pk>/marks/", views.mark_add, name="mark_add"),
    path("evaluations/<id:pk>/flag/", views.flag_add, name="flag_add"),
    path("evaluations/<id:pk>/alert/", views.live_alert, name="live_alert"),
    path("forms/", views.form_list, name="forms"),
    path("forms/new/", views.form_new, name="form_new"),
    path("forms/<formkey:key>/", views.form_builder, name="form"),
    path("scores/", views.scores, name="scores"),
    path("mine/", views.mine, name="mine"),
    path("settings/", views_settings.settings_page, name="settings"),
    path("holidays/", views_settings.holidays_page, name="holidays"),
    path("holidays/toggle/", views_settings.holiday_toggle_view, name="holiday_toggle"),
]
