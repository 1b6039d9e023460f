from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "hotline.feedback"
    label = "feedback"
    verbose_name = _("反馈与校准")

    def ready(self):
        from hotline.calls.access import register_recording_grant
        from hotline.org.policies import register_service
        from hotline.quality.signals import alert_raised

        from . import access, texts  # noqa: F401  (texts: registers the keyed texts feedback stores)
        from .services import alert_receive
        from .services.policies import FeedbackSettingsError, feedback_settings_create

        alert_raised.connect(alert_receive, dispatch_uid="feedback.inbox.alert")

        register_recording_grant("feedback.calibration", access.shared_recording_calls)
        from hotline.quality.signals import barge_in_logged

        from .services.trust import training_on_barge_in

        barge_in_logged.connect(training_on_barge_in, dispatch_uid="feedback.barge_in_training")
        register_service(
            "feedback", label=_("反馈设置"), create=feedback_settings_create, can_view=access.can_view_settings,
            can_edit=access.can_edit_settings, page="feedback:settings", error=FeedbackSettingsError,
        )  # fmt: skip
