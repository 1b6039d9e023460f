from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "hotline.calls"
    label = "calls"
    verbose_name = _("通话与录音")

    def ready(self):
        from django.core import checks

        from . import rollups  # noqa: F401  (connects the rollup signals)
        from .storage import check_settings

        checks.register(check_settings)
