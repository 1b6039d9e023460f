"""Home page (what each role does first), the people pages and the leave page (§3.4)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .access import (
    absence_editable_people,
    absence_people,
    can_manage_absences,
    has_role,
    person_of,
    visible_people,
)
from .forms import AbsenceForm
from .models import Absence, Role
from .selectors import absences_for, people_for
from .services import AbsenceError, absence_add, absence_delete


@login_required
def people_list(request):
    if not has_role(
        request.user, Role.TEAM_LEADER, Role.QA_MONITOR, Role.MANAGER, Role.TRAINER, Role.PLANNER
    ):
        raise PermissionDenied
    role = request.GET.get("role", "")
    query = request.GET.get("q", "").strip()
    page = Paginator(people_for(request.user, role=role, query=query), 100).get_page(request.GET.get("page"))
    return render(request, "org/people.html", {"page": page, "roles": Role.choices, "role": role, "q": query})


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(
        visible_people(request.user).select_related("center", "company", "team"), pk=pk
    )
    return render(request, "org/person.html", {"person": person})  # its calls: calls_tags


def _parse_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def absences(request):
    if person_of(request.user) is None and not can_manage_absences(request.user):
        raise PermissionDenied
    keeper = can_manage_absences(request.user)
    form = AbsenceForm(people=absence_editable_people(request.user)) if keeper else None
    if request.method == "POST":
        if not keeper:
            raise PermissionDenied
        form = AbsenceForm(request.POST, people=absence_editable_people(request.user))
        if form.is_valid():
            d = form.cleaned_data
            try:
                absence_add(
                    person=d["person"], first_day=d["first_day"], last_day=d["last_day"], kind=d["kind"],
                    half=d["half"] or "", note=d["note"], actor=request.user,
                )  # fmt: skip
            except AbsenceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("缺勤已登记"))
                return redirect("org:absences")
    since = _parse_day(request.GET.get("since", "")) or timezone.localdate() - dt.timedelta(days=31)
    query = request.GET.get("q", "").strip()
    rows = absences_for(request.user, since=since, query=query)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request, "org/absences.html",
        {"page": page, "form": form, "keeper": keeper, "since": since, "q": query,
         "query": urlencode({"since": since.isoformat(), "q": query})},
    )  # fmt: skip


@login_required
@require_POST
def absence_remove(request, pk: int):
    if not can_manage_absences(request.user):
        raise PermissionDenied
    absence = get_object_or_404(
        Absence.objects.select_related("person").filter(person__in=absence_people(request.user)), pk=pk
    )
    absence_delete(absence=absence, actor=request.user)
    messages.success(request, _("缺勤已删除"))
    return redirect("org:absences")
