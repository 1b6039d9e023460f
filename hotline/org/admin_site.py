"""The admin site: every change made through it leaves an audit record (SPEC §1, issue 10 finding 4).

Published results (appraisals, QA sessions, disputes, analyses, inspections …) are changed through the
product's pages, which audit with a reason; the admin is the administrator's escape hatch and must not
be a way around the trail. :class:`HotlineAdminSite` wraps every registered ``ModelAdmin`` with
:class:`AuditedAdminMixin`, so an admin added later is audited without anyone remembering to.

Each add, change and delete writes an ``AuditEntry`` (``admin.add`` / ``admin.change`` /
``admin.delete``) with the actor and the fields before and after; secrets (passwords, token keys,
webhook secrets) are replaced by ``"***"``.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core import serializers

SECRET_HINTS = ("password", "secret", "token")
SECRET_NAMES = {"key"}


def snapshot(obj) -> dict | None:
    """The object's concrete fields as JSON-safe values (foreign keys as ids), secrets masked."""
    if obj is None or obj.pk is None:
        return None
    fields = json.loads(serializers.serialize("json", [obj]))[0]["fields"]
    for name in list(fields):
        if name in SECRET_NAMES or any(h in name.lower() for h in SECRET_HINTS):
            fields[name] = "***" if fields[name] else ""
    return fields


def _current(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None


class AuditedAdminMixin:
    def save_model(self, request, obj, form, change):
        from hotline.org.services import audit_record

        before = snapshot(_current(obj)) if change else None
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user, action="admin.change" if change else "admin.add", obj=obj,
            before=before, after=snapshot(obj), reason="admin",
        )  # fmt: skip

    def delete_model(self, request, obj):
        from hotline.org.services import audit_record

        before, pk = snapshot(obj), obj.pk
        super().delete_model(request, obj)
        obj.pk = pk  # the record names what was deleted
        audit_record(actor=request.user, action="admin.delete", obj=obj, before=before, reason="admin")
        obj.pk = None

    def delete_queryset(self, request, queryset):
        from hotline.org.services import audit_record

        gone = [(o, snapshot(o)) for o in queryset]
        super().delete_queryset(request, queryset)
        for o, before in gone:
            audit_record(actor=request.user, action="admin.delete", obj=o, before=before, reason="admin")


class HotlineAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdminMixin):
            base = type(base.__name__, (AuditedAdminMixin, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, base, **options)


class HotlineAdminConfig(AdminConfig):
    default_site = "hotline.org.admin_site.HotlineAdminSite"
