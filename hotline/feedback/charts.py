"""Server-side inline SVG charts (pages and PDFs alike): Pareto, lines over periods, dot spread."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = "Noto Sans CJK SC, sans-serif"
PALETTE = ["#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#5d4037", "#9e9d24", "#ad1457"]


def _svg(w: int, h: int, body: list[str], label: str) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-label="{escape(label)}" class="chart" font-family="{FONT}" font-size="11">'
        + "".join(body)
        + "</svg>"
    )


def _short(text: str, n: int = 10) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def pareto_svg(
    rows: list[dict],
    label: str = "Pareto",
    w: int = 720,
    h: int = 300,
    *,
    limit: int = 15,
    target: float | None = None,
) -> SafeString:
    """The one Pareto chart (QA analysis §3.7, problem coverage §9): bars = counts (largest first),
    line = cumulative share (right axis, %). A row is ``{"text", "count", "cumulative"}`` (cumulative in
    %); ``"highlight": True`` marks the bars of a chosen set (the covering reasons) in red, the others
    grey; ``target`` (%) draws the dashed target line on the right axis. At most ``limit`` bars."""
    rows = rows[:limit]
    left, right, top, bottom = 40, 40, 15, 90
    pw, ph = w - left - right, h - top - bottom
    body = [f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#fff" stroke="#dde3ea"/>']
    if not rows:
        body.append(f'<text x="{w / 2}" y="{h / 2}" text-anchor="middle" fill="#6b7785">—</text>')
        return _svg(w, h, body, label)
    top_count = max(r["count"] for r in rows)
    bw = min(pw / len(rows), 70.0)
    pts = []
    for i, r in enumerate(rows):
        bh = ph * r["count"] / top_count
        x = left + i * bw
        body.append(f'<rect x="{x + bw * 0.15:.1f}" y="{top + ph - bh:.1f}" width="{bw * 0.7:.1f}" '
                    f'height="{bh:.1f}" fill="{_bar_colour(r)}"><title>{escape(r["text"])}: {r["count"]}</title></rect>')  # fmt: skip
        body.append(
            f'<text x="{x + bw / 2:.1f}" y="{top + ph - bh - 3:.1f}" text-anchor="middle">{r["count"]}</text>'
        )
        cx, cy = x + bw / 2, top + ph * (1 - r["cumulative"] / 100)
        pts.append(f"{cx:.1f},{cy:.1f}")
        body.append(f'<text transform="translate({cx:.1f},{top + ph + 8}) rotate(40)" font-size="10">'
                    f"{escape(_short(r['text'], 12))}</text>")  # fmt: skip
    body.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="#c62828" stroke-width="2"/>')
    for p in pts:
        x, y = p.split(",")
        body.append(f'<circle cx="{x}" cy="{y}" r="3" fill="#c62828"/>')
    for v in (0, 50, 100):
        y = top + ph * (1 - v / 100)
        body.append(f'<text x="{left + pw + 4}" y="{y + 4:.1f}" fill="#c62828">{v}%</text>')
    if target is not None:
        y = top + ph * (1 - min(max(target, 0.0), 100.0) / 100)
        body.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#555" '
                    f'stroke-dasharray="6 4"><title>{target:.0f}%</title></line>')  # fmt: skip
    body.append(f'<text x="{left - 4}" y="{top + 10}" text-anchor="end">{top_count}</text>')
    body.append(f'<text x="{left - 4}" y="{top + ph}" text-anchor="end">0</text>')
    return _svg(w, h, body, label)


def _bar_colour(row: dict) -> str:
    if "highlight" not in row:
        return "#1565c0"
    return "#c0392b" if row["highlight"] else "#b0b7c3"


def lines_svg(
    xlabels: list[str], series: dict[str, list[float | None]], *, lo: float | None = None, hi: float | None = None,
    label: str = "trend", w: int = 720, h: int = 260, percent: bool = False,
) -> SafeString:  # fmt: skip
    """One polyline per series over the x labels; gaps where a value is None."""
    left, right, top, bottom = 45, 150, 15, 40
    pw, ph = w - left - right, h - top - bottom
    vals = [v for s in series.values() for v in s if v is not None]
    lo = min(vals, default=0.0) if lo is None else lo
    hi = max(vals, default=1.0) if hi is None else hi
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    digits = 0 if hi - lo >= 10 else 1
    n = max(len(xlabels), 1)

    def xy(i, v):
        x = left + (pw * (i + 0.5) / n)
        return x, top + ph * (1 - (v - lo) / (hi - lo))

    body = [f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#fff" stroke="#dde3ea"/>']
    for frac in (0, 0.5, 1):
        v = lo + (hi - lo) * frac
        y = top + ph * (1 - frac)
        txt = f"{v:.0%}" if percent else f"{v:.{digits}f}"
        body.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eef2f6"/>')
        body.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{txt}</text>')
    for i, xl in enumerate(xlabels):
        x, _ = xy(i, lo)
        body.append(
            f'<text x="{x:.1f}" y="{top + ph + 16}" text-anchor="middle" font-size="10">{escape(xl)}</text>'
        )
    for k, (name, vs) in enumerate(series.items()):
        color = PALETTE[k % len(PALETTE)]
        seg: list[str] = []
        for i, v in enumerate(vs):
            if v is None:
                if len(seg) > 1:
                    body.append(
                        f'<polyline points="{" ".join(seg)}" fill="none" stroke="{color}" stroke-width="2"/>'
                    )
                seg = []
                continue
            x, y = xy(i, v)
            seg.append(f"{x:.1f},{y:.1f}")
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"><title>{escape(name)} {v:.1%}</title></circle>'
                if percent
                else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{color}"><title>{escape(name)} {v:.2f}</title></circle>'
            )
        if len(seg) > 1:
            body.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{color}" stroke-width="2"/>')
        ly = top + 12 + 15 * k
        if ly < h - 5:
            body.append(f'<rect x="{left + pw + 10}" y="{ly - 8}" width="10" height="10" fill="{color}"/>')
            body.append(f'<text x="{left + pw + 24}" y="{ly + 1}">{escape(_short(name, 14))}</text>')
    return _svg(w, h, body, label)


def dots_svg(units: list[str], raters: list[str], matrix: list[list[float | None]], *, label: str = "spread",
             w: int = 720, h: int = 260) -> SafeString:  # fmt: skip
    """Spread of totals: for each unit (column) one dot per rater, with the min–max range."""
    left, right, top, bottom = 45, 150, 15, 40
    pw, ph = w - left - right, h - top - bottom
    vals = [v for row in matrix for v in row if v is not None]
    lo, hi = (min(vals, default=0.0), max(vals, default=100.0))
    lo, hi = max(0.0, lo - 5), min(100.0, hi + 5) if hi + 5 > lo else lo + 10
    n = max(len(units), 1)
    body = [f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="#fff" stroke="#dde3ea"/>']

    def y_of(v):
        return top + ph * (1 - (v - lo) / (hi - lo if hi > lo else 1))

    for frac in (0, 0.5, 1):
        v = lo + (hi - lo) * frac
        body.append(f'<text x="{left - 4}" y="{y_of(v) + 4:.1f}" text-anchor="end">{v:.0f}</text>')
    for i, u in enumerate(units):
        x = left + pw * (i + 0.5) / n
        row = [v for v in matrix[i] if v is not None]
        if row:
            body.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y_of(min(row)):.1f}" y2="{y_of(max(row)):.1f}" '
                        'stroke="#9aa5b1" stroke-width="6" stroke-linecap="round" opacity=".4"/>')  # fmt: skip
        for j, v in enumerate(matrix[i]):
            if v is None:
                continue
            dx = (j - (len(raters) - 1) / 2) * 4
            body.append(f'<circle cx="{x + dx:.1f}" cy="{y_of(v):.1f}" r="4" fill="{PALETTE[j % len(PALETTE)]}">'
                        f"<title>{escape(raters[j])} {v:.1f}</title></circle>")  # fmt: skip
        body.append(
            f'<text x="{x:.1f}" y="{top + ph + 16}" text-anchor="middle" font-size="10">{escape(_short(u, 12))}</text>'
        )
    for j, r in enumerate(raters):
        ly = top + 12 + 15 * j
        body.append(f'<circle cx="{left + pw + 15}" cy="{ly - 3}" r="4" fill="{PALETTE[j % len(PALETTE)]}"/>')
        body.append(f'<text x="{left + pw + 24}" y="{ly + 1}">{escape(_short(r, 14))}</text>')
    return _svg(w, h, body, label)
