"""Pages of difficult calls (疑难反馈单) and of problem owners per level (§9; issue 15).

- ``/problems/cases/`` — "待我处理" (owned by me, open), "我填的", and every case the reader may see,
  overdue ones marked;
- ``/problems/cases/new/`` — the form an agent fills during or after the call (``?call=<id>`` fills the
  time and the customer's number from the call);
- ``/problems/cases/<id>/`` — the case, its steps, and the owner's actions (hand over, answer, close,
  reopen);
- ``/problems/owners/`` — who answers for each center, department, skill and team (managers edit).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hotline.core.errors import HotlineError
from hotline.core.params import parse_choice, parse_id
from hotline.org.access import is_admin, person_of
from hotline.org.models import Center, Department, Person, Team
from hotline.org.widgets import DateTimeInput

from . import access, selectors
from .models import DifficultCase, ProblemOwner
from .services_cases import (
    OPEN,
    case_answer,
    case_close,
    case_create,
    case_handover,
    case_reopen,
    is_overdue,
    owner_set,
)


class CaseForm(forms.Form):
    received_at = forms.DateTimeField(label=_("来话时间"), widget=DateTimeInput())
    customer_contact = forms.CharField(label=_("客户联系方式"), max_length=100)
    complaint = forms.BooleanField(label=_("投诉"), required=False)
    reason = forms.CharField(label=_("问题分类"), max_length=200, required=False,
                             widget=forms.TextInput(attrs={"list": "reasons"}))  # fmt: skip
    content = forms.CharField(label=_("来话内容"), widget=forms.Textarea(attrs={"rows": 4}))
    answer_by = forms.DateTimeField(label=_("承诺答复时间"), widget=DateTimeInput())


def _people_choices(case: DifficultCase):
    from .access import CASE_HANDLERS

    people = (
        Person.objects.filter(center_id=case.center_id, active=True, role__in=CASE_HANDLERS)
        .exclude(pk=case.owner_id)
        .order_by("sort_key", "name")
    )
    return [(p.pk, f"{p.name}（{p.get_role_display()}）") for p in people]


@login_required
def cases(request):
    if not access.can_see_cases(request.user):
        raise PermissionDenied
    me = person_of(request.user)
    visible = access.visible_cases(request.user)
    tab = parse_choice(request.GET.get("tab"), ("todo", "mine", "all"), field="tab", default="todo")
    qs = visible.select_related("reporter", "owner", "center")
    if tab == "todo":
        qs = qs.filter(owner=me, status__in=OPEN) if me else qs.filter(status__in=OPEN)
    elif tab == "mine":
        qs = qs.filter(reporter=me) if me else qs.none()
    rows = list(qs.order_by("answer_by", "pk")[:300] if tab == "todo" else qs[:300])
    now = timezone.now()
    for c in rows:
        c.overdue = is_overdue(c, now)
    counts = {
        "todo": visible.filter(owner=me, status__in=OPEN).count() if me else 0,
        "overdue": visible.filter(status__in=OPEN, answer_by__lt=now).count(),
    }
    return render(request, "problems/cases.html", {
        "rows": rows, "tab": tab, "counts": counts, "can_report": access.can_report_case(request.user),
    })  # fmt: skip


@login_required
def case_new(request):
    if not access.can_report_case(request.user):
        raise PermissionDenied
    me = person_of(request.user)
    if me is None:
        raise PermissionDenied
    call = None
    call_id = parse_id(request.GET.get("call") or request.POST.get("call"), field="call")
    if call_id is not None:
        from hotline.calls.access import visible_calls

        call = get_object_or_404(visible_calls(request.user), pk=call_id)
    now = timezone.localtime().replace(second=0, microsecond=0)
    received = timezone.localtime(call.started_at) if call else now
    initial = {"received_at": received, "answer_by": received + dt.timedelta(hours=24),
               "customer_contact": call.customer if call else "", "reason": call.reason if call else ""}  # fmt: skip
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = case_create(reporter=me, received_at=d["received_at"], customer_contact=d["customer_contact"],
                               content=d["content"], answer_by=d["answer_by"], call=call, reason=d["reason"],
                               complaint=d["complaint"], actor=request.user)  # fmt: skip
        except HotlineError as exc:
            form.add_error(getattr(exc, "field", None) if getattr(exc, "field", None) in form.fields else None,
                           str(exc))  # fmt: skip
        else:
            messages.success(request, gettext("疑难反馈单已提交给 %(who)s") % {"who": case.owner.name})
            return HttpResponseRedirect(reverse("problems:case", args=[case.pk]))
    version = selectors.current_version()
    reasons = list(version.nodes.values_list("path", flat=True)[:2000]) if version else []
    return render(request, "problems/case_form.html", {"form": form, "call": call, "reasons": reasons})


@login_required
def case_detail(request, pk: int):
    case = get_object_or_404(
        access.visible_cases(request.user).select_related("reporter", "owner", "call"), pk=pk
    )
    can_handle = access.can_handle_case(request.user, case)
    return render(request, "problems/case.html", {
        "case": case, "events": case.events.select_related("actor", "from_owner", "to_owner"),
        "can_handle": can_handle, "can_close": access.can_close_case(request.user, case),
        "people": _people_choices(case) if can_handle else [], "overdue": is_overdue(case),
        "open": case.status in OPEN,
    })  # fmt: skip


@login_required
@require_POST
def case_action(request, pk: int):
    case = get_object_or_404(access.visible_cases(request.user), pk=pk)
    action = parse_choice(
        request.POST.get("action"), ("handover", "answer", "close", "reopen"), field="action"
    )
    me = person_of(request.user)
    allowed = access.can_close_case if action in ("close", "reopen") else access.can_handle_case
    if me is None or not allowed(request.user, case):
        raise PermissionDenied
    try:
        if action == "handover":
            to_id = parse_id(request.POST.get("to"), field="to", default=0)
            to = Person.objects.filter(pk=to_id).first()
            if to is None:
                messages.error(request, gettext("请选择转交给谁"))
                return HttpResponseRedirect(reverse("problems:case", args=[case.pk]))
            case_handover(
                case=case, to=to, by=me, note=request.POST.get("note", "")[:2000], actor=request.user
            )
            messages.success(request, gettext("已转交给 %(who)s") % {"who": to.name})
        elif action == "answer":
            case_answer(
                case=case, by=me, resolution=request.POST.get("resolution", "")[:5000], actor=request.user
            )
            messages.success(request, gettext("已记录答复"))
        elif action == "close":
            case_close(case=case, by=me, actor=request.user)
            messages.success(request, gettext("反馈单已关闭"))
        else:
            case_reopen(case=case, by=me, note=request.POST.get("note", "")[:2000], actor=request.user)
            messages.success(request, gettext("反馈单已重新打开"))
    except HotlineError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("problems:case", args=[case.pk]))


# --- owners per level -------------------------------------------------------------------------------

LEVEL_LABELS = dict(ProblemOwner.Level.choices)


def _units(center: Center) -> list[tuple[str, str, str]]:
    """(level, scope key, name) of every unit of the center: itself, departments, skills, teams."""
    from hotline.calls.models import Call

    out = [("center", str(center.pk), center.name)]
    out += [
        ("department", str(d.pk), d.name) for d in Department.objects.filter(teams__center=center).distinct()
    ]
    skills = sorted(set(Call.objects.filter(center=center).exclude(skill="").values_list("skill", flat=True)))
    out += [("skill", s, s) for s in skills[:200]]
    out += [("team", str(t.pk), t.name) for t in Team.objects.filter(center=center)]
    return out


@login_required
def owners(request):
    if not access.can_analyse(request.user):
        raise PermissionDenied
    me = person_of(request.user)
    centers = list(Center.objects.all()) if is_admin(request.user) else [me.center] if me else []
    wanted = parse_id(request.GET.get("center"), field="center")
    center = next((c for c in centers if c.pk == wanted), None)
    if wanted is not None and center is None:
        raise PermissionDenied
    center = center or (centers[0] if centers else None)
    if center is None:
        raise PermissionDenied
    can_edit = access.can_set_problem_owners(request.user, center)
    units = _units(center)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        level = parse_choice(request.POST.get("level"), tuple(LEVEL_LABELS), field="level")
        scope = (request.POST.get("scope") or "")[:100]
        if (level, scope) not in {(lv, sc) for lv, sc, _ in units}:
            raise PermissionDenied  # not a unit of this center
        pid = parse_id(request.POST.get("person"), field="person")
        person = Person.objects.filter(pk=pid).first() if pid else None
        if pid and person is None:
            messages.error(request, gettext("没有这个人"))
        else:
            try:
                owner_set(center=center, level=level, scope=scope, person=person, actor=request.user)
            except HotlineError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, gettext("负责人已保存"))
        return HttpResponseRedirect(f"{reverse('problems:owners')}?center={center.pk}")
    current = {
        (o.level, o.scope): o.person
        for o in ProblemOwner.objects.filter(center=center).select_related("person")
    }
    from .access import CASE_HANDLERS

    candidates = Person.objects.filter(center=center, active=True, role__in=CASE_HANDLERS).order_by(
        "sort_key", "name"
    )
    rows = [{"level": lv, "label": LEVEL_LABELS[lv], "scope": sc, "name": name, "owner": current.get((lv, sc))}
            for lv, sc, name in units]  # fmt: skip
    return render(request, "problems/owners.html", {
        "center": center, "centers": centers, "rows": rows, "can_edit": can_edit, "candidates": candidates,
    })  # fmt: skip
