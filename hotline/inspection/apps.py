from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "hotline.inspection"
    label = "inspection"
    verbose_name = _("自动质检")

    def ready(self):
        from hotline.org.policies import register_service
        from hotline.quality.services_risk import RiskPolicyError, risk_policy_save

        from . import access

        register_service(
            "risk", label=_("高风险加抽设置"), create=risk_policy_save, can_view=access.can_run_inspection,
            can_edit=access.can_set_risk_policy, page="inspection:high_risk", error=RiskPolicyError,
        )  # fmt: skip
