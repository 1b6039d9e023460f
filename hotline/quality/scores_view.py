"""Scores for the pages: the month's composite per agent (§3.6) and six-month trends per agent and team."""

from __future__ import annotations

import json
from collections import defaultdict

from django.utils.translation import gettext as _

from hotline.org.formats import month_label

from .selectors import monthly_scores, monthly_scores_many, months_back

TREND_MONTHS = 6


def _mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def scores_context(agents: list, year: int, month: int, *, selected: str | None = None) -> dict:
    rows = monthly_scores(agents, year, month, with_sessions=True)
    months = months_back(year, month, TREND_MONTHS)
    labels = [f"{y:04d}-{m:02d}" for y, m in months]
    many = monthly_scores_many(agents, months)
    ids = [a.pk for a in agents]
    history = {
        lab: dict(zip(ids, many[ym], strict=True)) for lab, ym in zip(labels, months, strict=True)
    }  # monthly_scores_many keeps the agents' order
    shown = [month_label(y, m) for y, m in months]  # what the chart's x axis reads
    chosen = next((a for a in agents if str(a.pk) == str(selected)), agents[0] if agents else None)
    traces = []
    if chosen is not None:
        for name, attr in (
            (_("综合"), "score"),
            (_("录音监听"), "recording_mean"),
            (_("实时监听"), "live_mean"),
        ):
            traces.append(
                {
                    "x": shown,
                    "y": [getattr(history[lab][chosen.pk].result, attr) for lab in labels],
                    "name": name,
                    "mode": "lines+markers",
                    "type": "scatter",
                }
            )
    teams: dict[str, list] = defaultdict(list)
    for a in agents:
        teams[a.team.name if a.team_id else "—"].append(a)
    team_traces = []
    team_rows = []
    for team, members in sorted(teams.items()):
        pks = [a.pk for a in members]
        ys = [_mean([h[pk].result.score for pk in pks]) for h in (history[lab] for lab in labels)]
        team_traces.append({"x": shown, "y": ys, "name": team, "mode": "lines+markers", "type": "scatter"})
        team_rows.append({"team": team, "agents": len(members), "score": ys[-1]})
    return {
        "year": year,
        "month": month,
        "month_label": f"{year:04d}-{month:02d}",
        "rows": rows,
        "chosen": chosen,
        "agents": agents,
        "team_rows": team_rows,
        "agent_trend": json.dumps(traces, ensure_ascii=False),
        "team_trend": json.dumps(team_traces, ensure_ascii=False),
    }
