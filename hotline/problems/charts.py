"""Plotly figure data (drawn by the local plotly bundle) for the coverage and quadrant charts (§9)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hotline.core.problems import Classified, Coverage


def pareto(cov: Coverage) -> dict:
    """Bars = calls per reason (covering set highlighted), line = cumulative share, dashed = target."""
    keys = [r.key for r in cov.rows]
    return {
        "data": [
            {
                "type": "bar", "x": keys, "y": [r.calls for r in cov.rows], "name": _("通话量"),
                "marker": {"color": ["#c0392b" if r.covering else "#b0b7c3" for r in cov.rows]},
            },
            {
                "type": "scatter", "mode": "lines+markers", "x": keys, "yaxis": "y2", "name": _("累计占比"),
                "y": [round(100 * r.cumulative, 1) for r in cov.rows], "line": {"color": "#1f4e79"},
            },
            {
                "type": "scatter", "mode": "lines", "x": [keys[0], keys[-1]] if keys else [], "yaxis": "y2",
                "y": [round(100 * cov.target, 1)] * (2 if keys else 0), "name": _("目标"),
                "line": {"dash": "dash", "color": "#888"},
            },
        ],
        "layout": {
            "margin": {"t": 10, "r": 50, "b": 120, "l": 50}, "legend": {"orientation": "h"},
            "yaxis": {"title": _("通话量")},
            "yaxis2": {"title": "%", "overlaying": "y", "side": "right", "range": [0, 105]},
        },
    }  # fmt: skip


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
