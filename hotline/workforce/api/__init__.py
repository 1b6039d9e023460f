"""Workforce REST API (§5, §10): what the workforce pages do, through the same services and the same
access rules (``access.py``). Mounted at ``/api/workforce``.

Planner, manager (their center) and admin: skills, events, forecasts, staffing plans, rosters,
attendance import and the settings (``?center=`` picks a center for an admin). Team leader: their
team's rosters, the swaps and requests of their team, intraday and the event log. Agent: their own
published shifts, requests and swaps. Times are ISO 8601; fractions in [0, 1]; durations seconds.

The endpoints live in sub-routers by sub-domain (``api_planning``: skills, events, forecasts,
staffing; ``api_rosters``: rosters, my shifts, requests, swaps, approvals; ``api_intraday``:
attendance, intraday, event log; ``api_settings``: shift types, rules, escalation levels,
thresholds). This module mounts them on one router, so every path stays under ``/api/workforce``.
"""

from ninja import Router

from ..api import contingency as api_contingency
from ..api import intraday as api_intraday
from ..api import planning as api_planning
from ..api import policies as api_settings
from ..api import rosters as api_rosters

router = Router(tags=["workforce"])
for _sub in (api_planning, api_rosters, api_intraday, api_settings, api_contingency):
    router.add_router("", _sub.router)
    # keep the OpenAPI operation ids of the single-module API (hotline_workforce_api_<function>)
    for _view in _sub.router.path_operations.values():
        for _op in _view.operations:
            _op.operation_id = _op.operation_id or f"hotline_workforce_api_{_op.view_func.__name__}"
