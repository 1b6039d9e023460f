from django.urls import path

from . import views
from .views import analysis as views_analysis
from .views import calibration as views_calibration
from .views import evaluation as views_evaluation
from .views import knowledge as views_knowledge
from .views import policies as views_settings
from .views import trust as views_trust

app_name = "feedback"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<id:pk>/", views.message_detail, name="message"),
    path("inbox/<id:pk>/ack/", views.message_ack, name="message_ack"),
    path("alerts/<id:pk>/ack/", views.alert_ack, name="alert_ack"),
    path("push/", views.push, name="push"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("my/", views.my_results, name="my_results"),
    path("evaluations/<id:pk>/", views_evaluation.evaluation_page, name="evaluation"),
    path("evaluations/<id:pk>/ack/", views_evaluation.evaluation_ack, name="evaluation_ack"),
    path("evaluations/<id:pk>/dispute/", views_evaluation.evaluation_dispute, name="evaluation_dispute"),
    path("disputes/", views.disputes, name="disputes"),
    path("disputes/new/<id:evaluation_pk>/", views.dispute_new, name="dispute_new"),
    path("disputes/<id:pk>/", views.dispute_detail, name="dispute"),
    path("consistency/", views.consistency, name="consistency"),
    path("settings/", views_settings.settings_page, name="settings"),
    path("analyses/", views_analysis.analyses, name="analyses"),
    path("analyses/<id:pk>/", views_analysis.analysis_detail, name="analysis"),
    path("analyses/<id:pk>/xlsx/", views_analysis.analysis_xlsx, name="analysis_xlsx"),
    path("analyses/<id:pk>/pdf/", views_analysis.analysis_pdf, name="analysis_pdf"),
    path("analyses/<id:pk>/records/", views_analysis.records, name="records"),
    path("analyses/<id:pk>/records/xlsx/", views_analysis.records_xlsx, name="records_xlsx"),
    path("analyses/<id:pk>/records/pdf/", views_analysis.records_pdf, name="records_pdf"),
    path("training/", views_analysis.training, name="training"),
    path("training/<id:pk>/", views_analysis.training_detail, name="training_entry"),
    path("library/", views_analysis.library, name="library"),
    path("calibration/", views_calibration.calibrations, name="calibrations"),
    path("calibration/<id:pk>/", views_calibration.calibration_detail, name="calibration"),
    path(
        "calibration/<id:pk>/score/<id:call_pk>/",
        views_calibration.calibration_score_view,
        name="calibration_score",
    ),
    path("interviews/", views_trust.interviews, name="interviews"),
    path("interviews/<id:pk>/", views_trust.interview_detail, name="interview"),
    path("phone/<id:session_pk>/", views_trust.phone_feedback, name="phone_feedback"),
    path("knowledge/", views_knowledge.knowledge, name="knowledge"),
    path("knowledge/<id:pk>/", views_knowledge.knowledge_attempt, name="knowledge_attempt"),
    path("knowledge/questions/<id:pk>/active/", views_knowledge.question_active, name="question_active"),
    path("certification/", views_calibration.certification, name="certification"),
    path("certification/<id:pk>/", views_calibration.attempt_detail, name="attempt"),
    path("certification/<id:pk>/score/<id:item_pk>/", views_calibration.attempt_score, name="attempt_score"),
]
