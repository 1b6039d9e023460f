from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "hotline.org"
    label = "org"
    verbose_name = _("组织")

    def ready(self):
        # Every process (web, Celery, commands) tells the page cache when it writes (hotline/pagecache.py).
        from hotline import pagecache

        pagecache.install()
