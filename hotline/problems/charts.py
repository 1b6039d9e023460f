"""The coverage chart (the one Pareto chart, SVG) and the quadrant chart (plotly figure data drawn by the local
plotly bundle) of §9."""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from hotline.core.problems import Classified, Coverage
from hotline.feedback.charts import pareto_svg


def pareto(cov: Coverage) -> SafeString:
    """The coverage chart: calls per reason (the covering set in red), cumulative share, dashed target —
    the same Pareto chart as the QA analysis (``feedback.charts.pareto_svg``), drawn on the server."""
    rows = [
        {"text": r.key, "count": r.calls, "cumulative": 100 * r.cumulative, "highlight": r.covering}
        for r in cov.rows
    ]
    return pareto_svg(rows, label=_("归档原因排列图"), w=960, h=340, limit=40, target=100 * cov.target)


def quadrant(items: list[Classified], labels: dict[str, str]) -> dict:
    """Resolution (%) against handling time (s), bubble size = calls; lines at the reference."""

    def series(simple: bool, name: str, color: str) -> dict:
        sel = [c for c in items if c.simple == simple and c.figures.resolution is not None]
        return {
            "type": "scatter",
            "mode": "markers+text",
            "name": name,
            "textposition": "top center",
            "x": [round(c.figures.handle or 0, 1) for c in sel],
            "y": [round(100 * c.figures.resolution, 1) for c in sel],
            "text": [labels.get(c.key, c.key) for c in sel],
            "marker": {"color": color, "size": [max(8, min(40, 6 + c.figures.calls**0.5)) for c in sel]},
        }

    ref = items[0].reference if items else None
    shapes = []
    if ref is not None and ref.handle is not None and ref.resolution is not None:
        shapes = [
            {"type": "line", "xref": "x", "yref": "paper", "x0": ref.handle, "x1": ref.handle, "y0": 0, "y1": 1,
             "line": {"dash": "dot", "color": "#888"}},
            {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": 100 * ref.resolution,
             "y1": 100 * ref.resolution, "line": {"dash": "dot", "color": "#888"}},
        ]  # fmt: skip
    return {
        "data": [series(True, _("简单问题"), "#2e7d32"), series(False, _("疑难问题"), "#c0392b")],
        "layout": {
            "margin": {"t": 10, "r": 10, "b": 50, "l": 50}, "legend": {"orientation": "h"}, "shapes": shapes,
            "xaxis": {"title": _("平均处理时长（秒）")}, "yaxis": {"title": _("一次解决率（%）")},
        },
    }  # fmt: skip
