from django.urls import path

from . import views, views_analysis, views_calibration, views_settings

app_name = "feedback"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.message_detail, name="message"),
    path("inbox/<int:pk>/ack/", views.message_ack, name="message_ack"),
    path("alerts/<int:pk>/ack/", views.alert_ack, name="alert_ack"),
    path("push/", views.push, name="push"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("my/", views.my_results, name="my_results"),
    path("disputes/", views.disputes, name="disputes"),
    path("disputes/new/<int:evaluation_pk>/", views.dispute_new, name="dispute_new"),
    path("disputes/<int:pk>/", views.dispute_detail, name="dispute"),
    path("consistency/", views.consistency, name="consistency"),
    path("settings/", views_settings.settings_page, name="settings"),
    path("analyses/", views_analysis.analyses, name="analyses"),
    path("analyses/<int:pk>/", views_analysis.analysis_detail, name="analysis"),
    path("analyses/<int:pk>/xlsx/", views_analysis.analysis_xlsx, name="analysis_xlsx"),
    path("analyses/<int:pk>/pdf/", views_analysis.analysis_pdf, name="analysis_pdf"),
    path("analyses/<int:pk>/records/", views_analysis.records, name="records"),
    path("analyses/<int:pk>/records/xlsx/", views_analysis.records_xlsx, name="records_xlsx"),
    path("analyses/<int:pk>/records/pdf/", views_analysis.records_pdf, name="records_pdf"),
    path("training/", views_analysis.training, name="training"),
    path("training/<int:pk>/", views_analysis.training_detail, name="training_entry"),
    path("library/", views_analysis.library, name="library"),
    path("calibration/", views_calibration.calibrations, name="calibrations"),
    path("calibration/<int:pk>/", views_calibration.calibration_detail, name="calibration"),
    path(
        "calibration/<int:pk>/score/<int:call_pk>/",
        views_calibration.calibration_score_view,
        name="calibration_score",
    ),
    path("certification/", views_calibration.certification, name="certification"),
    path("certification/<int:pk>/", views_calibration.attempt_detail, name="attempt"),
    path(
        "certification/<int:pk>/score/<int:item_pk>/", views_calibration.attempt_score, name="attempt_score"
    ),
]
