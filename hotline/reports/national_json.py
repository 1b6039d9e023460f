"""The national report as JSON (CLI.md ``hotline report national --json``; ``GET /api/reports/national``):
counts, rates as fractions, seconds; None = not measurable."""

from __future__ import annotations


def national_json(r) -> dict:
    """The report as the JSON of CLI.md (counts, rates as fractions, seconds; None = not measurable)."""

    def kpis(row) -> dict:
        keys = ("offered", "answered", "abandoned", "short_abandons", "abandonment_rate", "service_level",
                "answered_within", "asa", "aht", "fcr", "fcr_n", "satisfaction", "satisfaction_n", "outbound")  # fmt: skip
        if row is None:
            return {k: (None if k in ("abandonment_rate", "service_level", "asa", "aht", "fcr", "satisfaction") else 0) for k in keys}  # fmt: skip
        return {k: getattr(row, k) for k in keys}

    centers = []
    for p in r.centers:
        centers.append({
            "center": p.center.name, "code": p.center.code, **kpis(p.row),
            "settings": {"answer_time": p.settings.answer_time, "short_abandon": p.settings.short_abandon},
            "previous": kpis(p.previous), "offered_change": p.offered_change,
            "abandonment_change": p.abandonment_change, "aht_change": p.aht_change,
            "targets": {"abandonment_rate": p.abandonment_target, "aht": p.aht_target, "fcr": p.fcr_target,
                        "satisfaction": p.sat_target},
            "abandonment_meets": p.abandonment_meets, "aht_meets": p.aht_meets,
            "trend": [{"month": f"{m:%Y-%m}", "offered": t.offered if t else 0,
                       "abandonment_rate": t.abandonment_rate if t else None, "aht": t.aht if t else None}
                      for m, t in zip(r.trend_months, p.trend, strict=True)],
            "resolution": {"calls": p.fcr_on, "rate": p.fcr_total, "n": p.fcr_n, "companies": [
                {"company": c.name, "rate": c.fcr, "n": c.n, "target": c.target, "meets": c.meets, "calls": c.calls_on}
                for c in p.companies]},
            "satisfaction_survey": {"respondents": p.respondents, "items": [
                {"item": i.item, "label": r.item_labels.get(i.item, i.item), "share": i.share, "n": i.n,
                 "satisfied": i.satisfied} for i in p.items]},
            "commentary": p.notes,
        })  # fmt: skip
    return {
        "month": f"{r.month:%Y-%m}",
        "centers": centers,
        "survey": r.survey.name if r.survey else None,
        "suggestions": [
            {
                "theme": t.group.theme,
                "count": t.group.count,
                "examples": list(t.group.examples),
                "action": t.action,
            }
            for t in r.themes
        ],
        "commentary": r.notes,
    }
