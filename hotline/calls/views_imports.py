"""Import pages (§10): history, uploads of call and people files, a recordings folder, live progress."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hotline.org.access import is_admin, person_of
from hotline.org.models import Center

from .access import can_import_calls, can_import_people, can_index_folder, visible_batches
from .models import ImportBatch
from .services import DEFAULT_RECORDING_PATTERN
from .services_uploads import import_queue, safe_upload_name, upload_store

_FORMATS = [
    ("auto", _("自动识别")),
    ("hotline", _("本系统格式")),
    ("asterisk", "Asterisk"),
    ("freeswitch", "FreeSWITCH"),
]


class CallUploadForm(forms.Form):
    file = forms.FileField(label=_("通话文件（CSV/XLSX）"))
    file_format = forms.ChoiceField(label=_("格式"), choices=_FORMATS, initial="auto")
    center = forms.ChoiceField(label=_("中心"), required=False)
    keep_good_rows = forms.BooleanField(label=_("跳过错误行，导入其余行"), required=False)

    def __init__(self, *args, centers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].choices = [("", _("按文件中的中心列"))] + [(c.name, c.name) for c in centers]


class PeopleUploadForm(forms.Form):
    file = forms.FileField(label=_("人员文件（CSV/XLSX）"))
    keep_good_rows = forms.BooleanField(label=_("跳过错误行，导入其余行"), required=False)


class FolderForm(forms.Form):
    directory = forms.CharField(label=_("服务器上的录音目录"), max_length=500)
    pattern = forms.CharField(label=_("文件名规则（正则，含 call_id 分组）"), max_length=300)

    def clean_pattern(self):
        p = self.cleaned_data["pattern"]
        try:
            if "call_id" not in re.compile(p).groupindex:
                raise forms.ValidationError(_("规则需要一个命名分组 (?P<call_id>…)"))
        except re.error:
            raise forms.ValidationError(_("不是有效的正则表达式")) from None
        return p


def _centers(user):
    if is_admin(user):
        return list(Center.objects.order_by("name"))
    me = person_of(user)
    return [me.center] if me is not None else []


def _require(user):
    if not can_import_calls(user):
        raise PermissionDenied


@login_required
def import_list(request, forms_bound: dict | None = None):
    _require(request.user)
    bound = forms_bound or {}
    batches = list(visible_batches(request.user).select_related("created_by")[:100])
    return render(request, "calls/imports.html", {
        "batches": batches,
        "call_form": bound.get("calls") or CallUploadForm(centers=_centers(request.user)),
        "people_form": (bound.get("people") or PeopleUploadForm()) if can_import_people(request.user) else None,
        "folder_form": (
            (bound.get("recordings") or FolderForm(initial={"pattern": DEFAULT_RECORDING_PATTERN}))
            if can_index_folder(request.user) else None
        ),
        "running": any(b.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING) for b in batches),
    })  # fmt: skip


@login_required
@require_POST
def import_new(request):
    """Start an import; ``kind`` = calls | people | recordings. Goes to the batch's page."""
    _require(request.user)
    kind = request.POST.get("kind", "")
    if kind == "calls":
        form = CallUploadForm(request.POST, request.FILES, centers=_centers(request.user))
    elif kind == "people" and can_import_people(request.user):
        form = PeopleUploadForm(request.POST, request.FILES)
    elif kind == "recordings" and can_index_folder(request.user):
        form = FolderForm(request.POST)
    else:
        raise PermissionDenied
    if not form.is_valid():
        return import_list(request, forms_bound={kind: form})
    d = form.cleaned_data
    if kind == "recordings":
        path, source = d["directory"].strip(), d["directory"].strip()
        options = {"pattern": d["pattern"]}
    else:
        upload = d["file"]
        path, source = str(upload_store(upload)), safe_upload_name(upload.name)
        options = {"keep_good_rows": d["keep_good_rows"], "uploaded": True}
        if kind == "calls":
            options |= {"file_format": d["file_format"], "center": d["center"]}
    batch = import_queue(
        kind=kind, source=source, actor=request.user, file_format=options.get("file_format", "")
    )
    from hotline.jobs.services import job_start

    # A background job (a Celery worker, or a thread of this process without a broker): never this request.
    job_start(kind="calls.import", scope=f"batch={batch.pk}", params={"batch": batch.pk, "path": path,
              "options": options}, actor=request.user)  # fmt: skip
    return HttpResponseRedirect(reverse("calls:import", args=[batch.pk]))


@login_required
def import_detail(request, pk: int):
    _require(request.user)
    batch = get_object_or_404(visible_batches(request.user), pk=pk)
    return render(request, "calls/import.html", {"b": batch, "running": _running(batch)})


def _running(batch: ImportBatch) -> bool:
    return batch.status in (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)


@login_required
def import_status(request, pk: int):
    """JSON for the progress bar: status, done/total rows and, when finished, the counts."""
    _require(request.user)
    b = get_object_or_404(visible_batches(request.user), pk=pk)
    return JsonResponse({
        "id": b.pk, "status": b.status, "status_label": str(b.get_status_display()), "running": _running(b),
        "done": b.done, "total": b.total, "rows": b.rows, "created": b.created, "updated": b.updated,
        "unchanged": b.unchanged, "skipped": b.skipped, "errors": b.error_rows[:50],
    })  # fmt: skip
