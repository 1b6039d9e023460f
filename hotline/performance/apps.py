from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "hotline.performance"
    label = "performance"
    verbose_name = _("绩效考核")

    def ready(self):
        from hotline.org.policies import register_service

        from . import access
        from .services_rules import RulesError, rule_set_append

        register_service(
            "appraisal_rules", label=_("考核规则"), create=rule_set_append, can_view=access.can_view_rules,
            can_edit=access.can_edit_rules_of,
            page="performance:rules", error=RulesError,
        )  # fmt: skip
