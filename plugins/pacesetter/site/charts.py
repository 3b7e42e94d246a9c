"""Charts as small inline SVG, drawn at build time.

Why not a charting library: pygal writes a random uuid into every chart (two builds
would differ), leather writes no viewBox (a chart cannot shrink to a phone), no title
or description, 28-digit coordinates and fixed fonts, and matplotlib needs CJK fonts
at build time and adds date metadata. The charts here are a few hundred bytes each,
identical on every build, scale with the page (viewBox), carry a <title> and <desc>
for screen readers, and take their colours from CSS classes, so dark mode and print
restyle them. Every chart stands next to a table with the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

WIDTH = 600


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None draws no bar ("not rated")
    text: str  # the figure printed at the end of the bar


def _svg(chart_id: str, title: str, desc: str, height: int, body: list[str]) -> Markup:
    head = (f'<svg class="ps-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _n(value: float) -> str:
    """Coordinates with at most one decimal: small output, the same on every build."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


_H_HEIGHT, _H_LEFT, _H_RIGHT, _H_TOP, _H_BOTTOM = 220, 36, 34, 12, 40
_H_PLOT_W, _H_PLOT_H = WIDTH - _H_LEFT - _H_RIGHT, _H_HEIGHT - _H_TOP - _H_BOTTOM


def _history_y(stars: int, top: int) -> float:
    return _H_TOP + _H_PLOT_H - stars * _H_PLOT_H / max(top, 1)


def _history_x(i: int, count: int) -> float:
    return _H_LEFT + i * _H_PLOT_W / max(count - 1, 1) if count > 1 else _H_LEFT + _H_PLOT_W / 2


@lru_cache(maxsize=64)
def _history_axes(quarters: tuple[str, ...], top: int) -> str:
    """The grid and the axis labels: the same for every organization rated in the same quarters."""
    body = []
    step = max(1, -(-top // 8))  # at most nine lines
    for stars in range(0, top + 1, step):
        y = _n(_history_y(stars, top))
        body.append(f'<line class="ps-grid" x1="{_H_LEFT}" x2="{WIDTH - _H_RIGHT}" y1="{y}" y2="{y}"/>'
                    f'<text class="ps-axis" x="{_H_LEFT - 8}" y="{_n(_history_y(stars, top) + 4)}" text-anchor="end">{stars}</text>')
    label_every = max(1, -(-len(quarters) // 8))  # at most eight quarter labels
    for i, quarter in enumerate(quarters):
        if i % label_every == 0 or i == len(quarters) - 1:
            body.append(f'<text class="ps-axis" x="{_n(_history_x(i, len(quarters)))}" y="{_H_HEIGHT - 14}" '
                        f'text-anchor="middle">{escape(quarter)}</text>')
    return "".join(body)


def star_history(chart_id: str, title: str, points: list[tuple[str, int | None]], top: int = 6) -> Markup:
    """Stars (0 to ``top``) per quarter as a line; a quarter without a rating breaks the line."""
    count = len(points)
    body = [_history_axes(tuple(quarter for quarter, _ in points), top)]
    segment: list[str] = []
    for i, (_, stars) in enumerate(points + [("", None)]):
        if stars is not None:
            segment.append(f"{_n(_history_x(i, count))},{_n(_history_y(stars, top))}")
        elif segment:
            if len(segment) > 1:
                body.append(f'<polyline class="ps-line" points="{" ".join(segment)}"/>')
            segment = []
    for i, (quarter, stars) in enumerate(points):
        if stars is not None:
            body.append(f'<circle class="ps-dot" cx="{_n(_history_x(i, count))}" cy="{_n(_history_y(stars, top))}" r="4"/>')
    rated = [(q, s) for q, s in points if s is not None]
    desc = "；".join(f"{q} {s} 星" for q, s in rated) if rated else "没有评星记录"
    return _svg(chart_id, title, desc, _H_HEIGHT, body)


def bars(chart_id: str, title: str, rows: list[Bar], maximum: float, target: float | None = None,
         target_label: str = "") -> Markup:
    """Horizontal bars, one a row, with an optional target line."""
    label_w, row_h, top = 170, 26, 8
    plot_w = WIDTH - label_w - 70
    height = top * 2 + row_h * len(rows) + (18 if target is not None else 0)
    body = []
    for i, row in enumerate(rows):
        y = top + i * row_h
        body.append(f'<text class="ps-axis" x="{label_w - 8}" y="{y + 17}" text-anchor="end">{escape(row.label)}</text>')
        if row.value is not None and maximum:
            width = max(row.value / maximum * plot_w, 1)
            body.append(f'<rect class="ps-bar" x="{label_w}" y="{y + 5}" width="{_n(width)}" height="{row_h - 10}"/>')
            body.append(f'<text class="ps-value" x="{_n(label_w + width + 6)}" y="{y + 17}">{escape(row.text)}</text>')
        else:
            body.append(f'<text class="ps-value" x="{label_w + 6}" y="{y + 17}">{escape(row.text)}</text>')
    if target is not None and maximum:
        tx = label_w + target / maximum * plot_w
        bottom = top + row_h * len(rows)
        body.append(f'<line class="ps-target" x1="{_n(tx)}" x2="{_n(tx)}" y1="{top}" y2="{bottom}"/>'
                    f'<text class="ps-axis" x="{_n(tx)}" y="{bottom + 14}" text-anchor="middle">{escape(target_label)}</text>')
    desc = "；".join(f"{r.label} {r.text}" for r in rows) + (f"；{target_label}" if target is not None else "")
    return _svg(chart_id, title, desc, height, body)
