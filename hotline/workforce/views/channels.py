"""Workforce page of §5 "Every channel": the contact-count import of chat, email and fax queues.

Thin: check who is asking (``access``), write (``services_channels``), render.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Min, Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hotline.core.tabular import TableError

from .. import access
from ..forms import ContactUploadForm
from ..models import ContactImport, Skill
from ..services import channels as services_channels


@login_required
def contacts(request):
    access.require_planner(request.user)
    center = access.center_for(request.user, request.GET.get("center") or request.POST.get("center"))
    form = ContactUploadForm()
    errors: list[str] = []
    if request.method == "POST":
        form = ContactUploadForm(request.POST, request.FILES)
        if form.is_valid():
            up = form.cleaned_data["file"]
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / Path(up.name).name
                path.write_bytes(up.read())
                try:
                    r = services_channels.contact_import(center=center, path=path, actor=request.user)
                except TableError as exc:
                    errors = [services_channels.row_error_text(e) for e in exc.errors[:50]]
                    if len(exc.errors) > 50:
                        errors.append(_("……另有 %(n)d 处错误") % {"n": len(exc.errors) - 50})
                else:
                    messages.success(
                        request,
                        _("已导入：新增 %(c)d 条，更新 %(u)d 条，未变 %(n)d 条")
                        % {"c": r.created, "u": r.updated, "n": r.unchanged},
                    )
                    return redirect("workforce:contacts")
    queues = (
        Skill.objects.filter(center=center, channel__in=services_channels.IMPORTED_CHANNELS)
        .annotate(
            rows=Count("contact_counts"),
            total=Sum("contact_counts__count"),
            first=Min("contact_counts__start"),
            last=Max("contact_counts__start"),
        )  # fmt: skip
        .order_by("name")
    )
    return render(
        request,
        "workforce/contacts.html",
        {
            "center": center,
            "form": form,
            "errors": errors,
            "queues": queues,
            "imports": ContactImport.objects.filter(center=center).select_related("created_by")[:10],
        },  # fmt: skip
        status=400 if errors or form.errors else 200,
    )
