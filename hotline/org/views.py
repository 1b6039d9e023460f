"""Home page (what each role does first) and the people pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from hotline.calls.access import visible_calls

from .access import has_role, person_of, role_of, visible_people
from .models import Role
from .selectors import people_for, role_counts


@login_required
def home(request):
    me = person_of(request.user)
    calls = visible_calls(request.user)
    context = {
        "role": role_of(request.user),
        "people_counts": role_counts(request.user) if role_of(request.user) != Role.AGENT else {},
        "call_count": calls.count(),
        "recent_calls": calls.select_related("agent").order_by("-started_at")[:10],
        "me": me,
    }
    return render(request, "home.html", context)


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
    calls = visible_calls(request.user).filter(agent=person).order_by("-started_at")[:20]
    return render(request, "org/person.html", {"person": person, "calls": calls})
