"""Workforce writes, part 3 (§5 "Intraday and contingency"): attendance/state import, event log,
alert thresholds (the escalation levels are written by ``services_settings``, read by ``selectors``).

The attendance file has the columns ``agent,start,end,state`` (agent = work number; ISO times,
local to the center when without an offset; state ready/talk/acw/break/offline). CSV in UTF-8 or
GB18030, or XLSX. The import is all-or-nothing: any bad row and nothing is stored; every problem
is reported with file, row and column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext

from hotline.core.calllog import cell_row_error, parse_time
from hotline.core.errors import gettext_noop
from hotline.core.tabular import RowError, TableError, read_rows, require_columns
from hotline.org.models import Center, Person
from hotline.org.policies import policy_in_force

from ..models import AttendanceImport, AttendanceState, EventLog, IntradaySettings

STATES = {s.value for s in AttendanceState.State}


def attendance_import(
    *, center: Center, path: str | Path, name: str | None = None, actor=None
) -> AttendanceImport:
    """Import agent states (see module docstring). Raises ``TableError`` with every row error."""
    table = read_rows(path)
    if name:
        table = dataclasses.replace(table, name=name)
    require_columns(table, ("agent", "start", "end", "state"))
    zone = ZoneInfo(center.timezone)
    people = dict(Person.objects.filter(center=center).values_list("work_number", "pk"))
    errors: list[RowError] = []
    rows = []
    for n, rec in table.records():

        def bad(column: str, reason: str, params: dict | None = None, n=n) -> None:
            errors.append(RowError(table.name, n, column, reason, params))

        wn = str(rec.get("agent") or "").strip()
        if wn.endswith(".0"):
            wn = wn[:-2]
        agent = people.get(wn)
        if agent is None:
            if wn:
                bad(
                    "agent",
                    gettext_noop("%(center)s 没有工号为“%(wn)s”的人员"),
                    {"center": center.name, "wn": wn[:40]},
                )
            else:
                bad("agent", gettext_noop("工号为空"))
        times = []
        for col in ("start", "end"):
            try:
                t = parse_time(rec.get(col), zone)
            except ValueError as exc:
                errors.append(cell_row_error(table.name, n, col, exc))
                t = None
            else:
                if t is None:
                    bad(col, gettext_noop("时间为空"))
            times.append(t)
        state = str(rec.get("state") or "").strip().lower()
        if state not in STATES:
            bad(
                "state",
                gettext_noop("“%(state)s”不是 %(states)s 之一"),
                {"state": state[:40], "states": ", ".join(sorted(STATES))},
            )
        if all(times) and times[1] <= times[0]:
            bad("end", gettext_noop("结束时间不晚于开始时间"))
        rows.append((agent, times[0], times[1], state))
    if errors:
        raise TableError(errors)
    with transaction.atomic():
        batch = AttendanceImport.objects.create(
            center=center, source=table.name, rows=len(rows),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        AttendanceState.objects.bulk_create(
            [AttendanceState(batch=batch, agent_id=a, start=s, end=e, state=st) for a, s, e, st in rows],
            batch_size=2000,
        )
    return batch


def settings_for(center: Center, day: dt.date | None = None) -> IntradaySettings:
    """The §5 thresholds in force for ``center`` on ``day`` (today by default); the defaults
    (unsaved) when none was set."""
    return policy_in_force("intraday", center, day or center.today())


def event_log_add(
    *, center: Center, at, kind: str, text: str, actions: str = "", by: Person | None = None
) -> EventLog:
    if not text.strip():
        raise ValueError(gettext("请填写情况说明"))
    if kind not in EventLog.Kind.values:
        raise ValueError(gettext("未知事件类型"))
    return EventLog.objects.create(
        center=center, at=at, kind=kind, text=text.strip(), actions=actions.strip(), by=by
    )
