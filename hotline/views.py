"""Site-level pages that compose several apps (above them all, like ``urls.py``): the home page.

An agent's home (issue 13) gathers, through each app's selectors: this month's service-quality score
(§3.6: recording mean, live mean, composite) and its change against last month, the inbox's unread
count and what is still to acknowledge, the next published shifts, and the open disputes and dispute
windows with their last days (§4)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from hotline.calls.access import visible_calls
from hotline.calls.selectors import CallSearch, search_count_from_rollups
from hotline.feedback.selectors import agent_todo
from hotline.org.access import person_of, role_of
from hotline.org.models import Person, Role
from hotline.org.selectors import role_counts
from hotline.quality.selectors import monthly_scores, months_back
from hotline.workforce.selectors import my_shifts

SHIFT_DAYS = 14  # how far ahead the home page looks for shifts


def _delta(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else round(now - before, 1)


def agent_home(me: Person, today: dt.date) -> dict:
    """The context of an agent's home page on ``today`` (the center's local date)."""
    (py, pm), (y, m) = months_back(today.year, today.month, 2)
    this = monthly_scores([me], y, m)[0].result
    last = monthly_scores([me], py, pm)[0].result
    trend = {
        "score": _delta(this.score, last.score),
        "recording": _delta(this.recording_mean, last.recording_mean),
        "live": _delta(this.live_mean, last.live_mean),
    }
    return {
        "month": dt.date(y, m, 1),
        "last_month": dt.date(py, pm, 1),
        "this": this,
        "last": last,
        "trend": trend,
        "todo": agent_todo(me, today),
        "shifts": list(my_shifts(me, today, today + dt.timedelta(days=SHIFT_DAYS))[:7]),
        "today": today,
    }


def _call_count(user, calls) -> int:
    """How many calls ``user`` may see: from the rollups when they are kept (not a scan of every call)."""
    counted = search_count_from_rollups(user, CallSearch())
    return calls.count() if counted is None else counted


@login_required
def home(request):
    me = person_of(request.user)
    role = role_of(request.user)
    if me is not None and role == Role.AGENT:
        today = me.center.today() if me.center_id else timezone.localdate()
        return render(request, "home_agent.html", agent_home(me, today))
    calls = visible_calls(request.user)
    context = {
        "role": role,
        "people_counts": role_counts(request.user),
        "call_count": _call_count(request.user, calls),
        "recent_calls": calls.select_related("agent").order_by("-started_at")[:10],
        "me": me,
    }
    return render(request, "home.html", context)
