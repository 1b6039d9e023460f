from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hotline.reports"
    label = "reports"
    verbose_name = _("运营分析")

    def ready(self):
        from hotline.org.policies import register_service

        from .access import can_edit_targets, can_view_targets
        from .services_targets import TargetError, kpi_settings_create, kpi_target_create

        register_service(
            "kpi_target", label=_("指标目标"), create=kpi_target_create, can_view=can_view_targets,
            can_edit=can_edit_targets, page="reports:targets", error=TargetError,
        )  # fmt: skip
        register_service(
            "kpi_settings", label=_("指标口径"), create=kpi_settings_create, can_view=can_view_targets,
            can_edit=can_edit_targets, page="reports:targets", error=TargetError,
        )  # fmt: skip
