"""Rest days from published rosters, for the monitoring plan (§3.4: absent agents — leave, shift).

Only rosters with status *published* count (drafts and replaced rosters do not); a rest day is an
assignment whose shift type has ``is_rest`` (休).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from hotline.org.models import Person

from .models import Roster, RosterAssignment


def rest_days(people: Iterable[Person | int], first: dt.date, last: dt.date) -> dict[int, set[dt.date]]:
    """{person id: dates in [first, last] that a published roster gives them a rest shift}."""
    ids = [p if isinstance(p, int) else p.pk for p in people]
    rows = RosterAssignment.objects.filter(
        person_id__in=ids,
        date__gte=first,
        date__lte=last,
        roster__status=Roster.Status.PUBLISHED,
        shift__is_rest=True,
    ).values_list("person_id", "date")
    out: dict[int, set[dt.date]] = {}
    for pid, day in rows:
        out.setdefault(pid, set()).add(day)
    return out
