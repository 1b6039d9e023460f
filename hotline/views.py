"""Site-level pages that compose several apps (above them all, like ``urls.py``): the home page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from hotline.calls.access import visible_calls
from hotline.org.access import person_of, role_of
from hotline.org.models import Role
from hotline.org.selectors import role_counts


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
