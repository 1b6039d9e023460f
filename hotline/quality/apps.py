from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "hotline.quality"
    label = "quality"
    verbose_name = _("质量监控")

    def ready(self):
        from hotline.org.policies import register_service

        from . import access, rollups, texts  # noqa: F401  (texts: registers the keyed texts; rollups: signals)
        from .services.policies import SettingsError, holiday_version_create, quality_settings_create

        register_service(
            "quality", label=_("质检设置"), create=quality_settings_create, can_view=access.can_view_settings,
            can_edit=access.can_edit_settings, page="quality:settings", error=SettingsError,
        )  # fmt: skip
        register_service(
            "holidays", label=_("节假日表"), create=holiday_version_create, can_view=access.can_view_holidays,
            can_edit=lambda user, center: center is None and access.can_edit_holidays(user),
            page="quality:holidays", error=SettingsError,
        )  # fmt: skip
