from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "hotline.problems"
    label = "problems"
    verbose_name = _("问题管理")
