"""Small server-side SVG charts for the monthly report (page and PDF: no JavaScript needed).

Bars and lines over categorical labels on one y axis; dashed lines mark targets. Text uses the
"Noto Sans CJK SC" family so Chinese renders in WeasyPrint.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

FONT = "Noto Sans CJK SC, sans-serif"
COLORS = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]
    kind: str = "line"  # line, bar, target
    color: str = ""


def _fmt(v: float, percent: bool) -> str:
    if percent:  # one decimal: 79.58% is "79.6%", never a rounded "80%" under an 80% target
        return f"{v * 100:.1f}".rstrip("0").rstrip(".") + "%"
    return f"{v:.0f}" if abs(v) >= 10 else f"{v:.1f}"


def svg_chart(
    labels: list[str], series: list[Series], *, title: str = "", width: int = 720, height: int = 240,
    percent: bool = False, horizontal_labels_every: int | None = None,
) -> str:  # fmt: skip
    left, right, top, bottom = 52, 12, 28, 52
    w, h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    top_value = max(values, default=1.0) or 1.0
    top_value *= 1.1
    n = max(len(labels), 1)
    step = w / n
    y = lambda v: top + h - (v / top_value) * h  # noqa: E731
    x = lambda i: left + step * (i + 0.5)  # noqa: E731
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="11">',
        f'<text x="{left}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for k in range(5):
        v = top_value * k / 4
        out.append(f'<line x1="{left}" x2="{left + w}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e8ee"/>')
        out.append(
            f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#6b7785">{_fmt(v, percent)}</text>'
        )
    every = horizontal_labels_every or max(1, n // 12)
    for i, lab in enumerate(labels):
        if i % every == 0:
            out.append(
                f'<text x="{x(i):.1f}" y="{top + h + 14}" text-anchor="middle" fill="#6b7785">{escape(lab)}</text>'
            )
    bars = [s for s in series if s.kind == "bar"]
    bar_w = step * 0.8 / max(len(bars), 1)
    for j, s in enumerate(series):
        color = s.color or COLORS[j % len(COLORS)]
        if s.kind == "bar":
            b = bars.index(s)
            for i, v in enumerate(s.values):
                if v is None:
                    continue
                bx = left + step * i + step * 0.1 + b * bar_w
                out.append(
                    f'<rect x="{bx:.1f}" y="{y(v):.1f}" width="{bar_w:.1f}" height="{top + h - y(v):.1f}" fill="{color}"/>'
                )
        else:
            pts = [(x(i), y(v)) for i, v in enumerate(s.values) if v is not None]
            if not pts:
                continue
            dash = ' stroke-dasharray="6 4"' if s.kind == "target" else ""
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
            if s.kind == "line":
                out.extend(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{color}"/>' for px, py in pts)
    lx = left
    for j, s in enumerate(series):
        color = s.color or COLORS[j % len(COLORS)]
        dash = ' stroke-dasharray="6 4"' if s.kind == "target" else ""
        ly = height - 12
        out.append(
            f'<line x1="{lx}" x2="{lx + 18}" y1="{ly - 4}" y2="{ly - 4}" stroke="{color}" stroke-width="3"{dash}/>'
        )
        out.append(f'<text x="{lx + 22}" y="{ly}">{escape(s.name)}</text>')
        lx += 30 + 12 * len(s.name) + 10
    out.append("</svg>")
    return "".join(out)


def svg_hbars(
    labels: list[str], values: list[float | None], *, target: float | None, title: str, percent: bool = True,
    target_label: str = "target",
    width: int = 720,
) -> str:  # fmt: skip
    """Horizontal bars (one per label) with a dashed vertical target line: good ≥ target green, else red."""
    row, left, top = 22, 150, 28
    height = top + row * max(len(labels), 1) + 24
    w = width - left - 60
    top_value = max([v for v in values if v is not None] + [target or 0, 1e-9]) * 1.1
    sx = lambda v: left + v / top_value * w  # noqa: E731
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{FONT}" font-size="11">',
        f'<text x="8" y="16" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for i, (lab, v) in enumerate(zip(labels, values, strict=True)):
        cy = top + i * row
        out.append(f'<text x="{left - 6}" y="{cy + 14}" text-anchor="end">{escape(lab)}</text>')
        if v is None:
            out.append(f'<text x="{left + 4}" y="{cy + 14}" fill="#6b7785">—</text>')
            continue
        color = "#2e7d32" if target is None or v >= target else "#c62828"
        out.append(
            f'<rect x="{left}" y="{cy + 3}" width="{sx(v) - left:.1f}" height="{row - 8}" fill="{color}"/>'
        )
        out.append(f'<text x="{sx(v) + 4:.1f}" y="{cy + 14}">{_fmt(v, percent)}</text>')
    if target is not None:
        tx = sx(target)
        out.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top - 4}" y2="{height - 20}" stroke="#1d2530" stroke-dasharray="6 4"/>'
        )
        out.append(
            f'<text x="{tx:.1f}" y="{height - 6}" text-anchor="middle">{escape(target_label)} {_fmt(target, percent)}</text>'
        )
    out.append("</svg>")
    return "".join(out)
