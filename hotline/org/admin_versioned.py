"""Read-only Django admin for versioned settings: a new version is only made on its settings page
(``hotline.org.versioning``: never back-dated, the version in force ends the day before, audited), so
the admin keeps the list and detail views but may not add, change or delete rows."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.translation import gettext


class VersionedReadOnlyAdmin(admin.ModelAdmin):
    """Subclasses name the page that writes new versions in ``settings_url_name``."""

    settings_url_name = ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        messages.info(
            request,
            gettext("此处只读：请在设置页面新增版本（保留历史并记入审计）：%(url)s")
            % {"url": reverse(self.settings_url_name)},
        )
        return super().changelist_view(request, extra_context)
