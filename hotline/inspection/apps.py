from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "hotline.inspection"
    label = "inspection"
    verbose_name = _("自动质检")

    def ready(self):
        from hotline.inspection.services_risk import RiskPolicyError, risk_policy_save
        from hotline.org.policies import register_service
        from hotline.quality.signals import recording_session_started

        from . import access
        from .services_risk import offer_on_session_start
        from .services_rules import RulePackError, rule_pack_save

        recording_session_started.connect(offer_on_session_start, dispatch_uid="inspection.risk_offers")
        register_service(
            "risk", label=_("高风险加抽设置"), create=risk_policy_save, can_view=access.can_run_inspection,
            can_edit=access.can_set_risk_policy, page="inspection:high_risk", error=RiskPolicyError,
        )  # fmt: skip
        register_service(
            "rule_pack", label=_("质检规则包"), create=rule_pack_save, can_view=access.can_run_inspection,
            can_edit=access.can_edit_rule_pack, page="inspection:rules", error=RulePackError,
        )  # fmt: skip
