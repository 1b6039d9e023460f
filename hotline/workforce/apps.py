from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "hotline.workforce"
    label = "workforce"
    verbose_name = _("现场管理")

    def ready(self):
        from hotline.org.policies import register_service

        from . import access, texts  # noqa: F401  (texts: registers the keyed texts workforce stores)
        from .services.contingency import ContingencyError, drill_settings_save
        from .services.leave import LeaveRefused, leave_rules_save
        from .services.policies import SettingsError, escalation_policy_append, intraday_thresholds_save

        register_service(
            "intraday", label=_("告警阈值"), create=intraday_thresholds_save, can_view=access.can_plan,
            can_edit=access.can_plan_center, page="workforce:settings_thresholds", error=SettingsError,
        )  # fmt: skip
        register_service(
            "drills", label=_("演练要求"), create=drill_settings_save, can_view=access.can_plan,
            can_edit=access.can_plan_center, page="workforce:settings_drills", error=ContingencyError,
        )  # fmt: skip
        register_service(
            "leave", label=_("请假规则"), create=leave_rules_save, can_view=access.can_plan,
            can_edit=access.can_plan_center, page="workforce:settings_leave", error=LeaveRefused,
        )  # fmt: skip
        register_service(
            "escalation", label=_("上报级别"), create=escalation_policy_append, can_view=access.can_plan,
            can_edit=access.can_plan_center, page="workforce:settings_escalation", error=SettingsError,
        )  # fmt: skip
