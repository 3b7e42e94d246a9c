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

@dataclass(frozen=True)
class Layout:
    """One drawing of a chart: its width in user units and its text size (CSS, per class)."""

    name: str
    width: int
    font: int


#: Drawn for wide screens, and for phones: a 600-unit chart shrunk to a 288-pixel phone
#: column draws 17-unit text at 8 pixels; the narrow drawing keeps it above 12.
WIDE = Layout("wide", 600, 17)
NARROW = Layout("narrow", 320, 14)


def both(draw) -> Markup:
    """``draw(layout)`` for each layout; the stylesheet shows one of them, by the screen's width."""
    return Markup(draw(WIDE) + draw(NARROW))


class Drawing:
    """A chart drawn only when a page prints it (Jinja calls ``__html__``).

    A view holds what its charts show, not their SVG: a page whose article the build
    cache reuses never draws them, and the view pickles small and always the same way
    (its digest decides whether the article is reused; see site/stamp.py).
    """

    __slots__ = ("draw", "args", "_svg")

    def __init__(self, draw, *args):
        self.draw, self.args, self._svg = draw, args, None

    def __html__(self) -> str:
        if self._svg is None:
            self._svg = self.draw(*self.args)
        return self._svg

    __str__ = __html__

    def __reduce__(self):
        return Drawing, (self.draw, *self.args)

    def __eq__(self, other) -> bool:
        return isinstance(other, Drawing) and (self.draw, self.args) == (other.draw, other.args)

    def __hash__(self) -> int:
        return hash((self.draw, self.args))


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None draws no bar ("not rated")
    text: str  # the figure printed at the end of the bar


def _svg(chart_id: str, title: str, desc: str, height: int, body: list[str], layout: Layout = WIDE) -> Markup:
    chart_id = chart_id if layout is WIDE else f"{chart_id}-{layout.name}"
    head = (f'<svg class="ps-chart ps-chart--{layout.name}" viewBox="0 0 {layout.width} {height}" role="img" '
            f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def _n(value: float) -> str:
    """Coordinates with at most one decimal: small output, the same on every build."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@lru_cache(maxsize=8192)  # labels repeat on every chart of their kind
def text_width(text: str, font: int) -> float:
    """About how wide ``text`` is drawn: a Chinese character is one em, a Latin one a little over half."""
    return sum(font if ord(ch) > 0x2E7F else font * 0.6 for ch in text)


def fit(text: str, room: float, font: int) -> str:
    """``text`` cut with "…" to fit ``room`` units (the table beside the chart has it whole)."""
    if text_width(text, font) <= room:
        return text
    while text and text_width(text + "…", font) > room:
        text = text[:-1]
    return text + "…"


_H_HEIGHT, _H_TOP, _H_BOTTOM = 236, 12, 56
_H_PLOT_H = _H_HEIGHT - _H_TOP - _H_BOTTOM


@dataclass(frozen=True)
class Scale:
    """A line chart's vertical axis: from 0 to ``top``, with labelled grid lines at ``ticks``."""

    top: float
    ticks: tuple[tuple[float, str], ...]


def star_scale(top: int) -> Scale:
    step = max(1, -(-top // 8))  # at most nine lines
    return Scale(top, tuple((float(s), str(s)) for s in range(0, top + 1, step)))


#: 0 to 100%, a line every quarter of the way
PERCENT = Scale(1.0, tuple((v / 4, f"{v * 25}%") for v in range(5)))


@lru_cache(maxsize=64)
def _h_left(layout: Layout, scale: Scale) -> int:
    widest = max((text_width(label, layout.font) for _, label in scale.ticks), default=0)
    return max(40 if layout is WIDE else 32, int(widest) + 14)


@lru_cache(maxsize=64)
def _h_plot_w(layout: Layout, scale: Scale) -> int:
    return layout.width - _h_left(layout, scale) - (40 if layout is WIDE else 32)


def _axis_lines(label: str) -> tuple[str, ...]:
    """A quarter's label in two lines, "2022 年" over "第四季度", so that it is never cut at the chart's edge."""
    year, sep, rest = label.partition(" 年")
    return (year + sep, rest) if sep and rest else (label,)


def _line_y(value: float, top: float) -> float:
    return _H_TOP + _H_PLOT_H - value * _H_PLOT_H / (top or 1)


def _line_x(i: int, count: int, layout: Layout, scale: Scale) -> float:
    left, plot_w = _h_left(layout, scale), _h_plot_w(layout, scale)
    return left + i * plot_w / max(count - 1, 1) if count > 1 else left + plot_w / 2


@lru_cache(maxsize=64)
def _line_axes(quarters: tuple[str, ...], scale: Scale, layout: Layout = WIDE) -> str:
    """The grid and the axis labels: the same for every chart of the same quarters and scale."""
    body = []
    left = _h_left(layout, scale)
    for value, label in scale.ticks:
        y = _line_y(value, scale.top)
        body.append(f'<line class="ps-grid" x1="{left}" x2="{left + _h_plot_w(layout, scale)}" y1="{_n(y)}" y2="{_n(y)}"/>'
                    f'<text class="ps-axis" x="{left - 8}" y="{_n(y + 4)}" text-anchor="end">{escape(label)}</text>')
    # As many quarter labels as fit side by side, the last always among them.
    widest = max((text_width(line, layout.font) for q in quarters for line in _axis_lines(q)), default=1) + layout.font
    fit_count = max(2, int(_h_plot_w(layout, scale) // widest) + 1)
    label_every = max(1, -(-len(quarters) // fit_count))
    shown = [i for i in range(len(quarters)) if i % label_every == 0]
    if len(quarters) - 1 not in shown:
        shown[-1:] = [len(quarters) - 1] if len(shown) > 1 else shown + [len(quarters) - 1]
    for i in shown:
        x = _n(_line_x(i, len(quarters), layout, scale))
        lines = _axis_lines(quarters[i])
        spans = "".join(f'<tspan x="{x}" dy="{0 if n == 0 else layout.font + 3}">{escape(line)}</tspan>'
                        for n, line in enumerate(lines))
        body.append(f'<text class="ps-axis" x="{x}" y="{_H_TOP + _H_PLOT_H + layout.font + 8}" text-anchor="middle">{spans}</text>')
    return "".join(body)


def line(chart_id: str, title: str, points: list[tuple[str, float | None]], scale: Scale, value_text,
         target: float | None = None, target_label: str = "", layout: Layout = WIDE, empty: str = "没有记录") -> Markup:
    """One value per quarter as a line; a quarter without a value breaks the line.

    ``value_text`` writes a value for the description read to screen readers. A target
    is a dashed level line; its label goes into the description (and the figure's
    caption), not onto the chart, where it would cover the points near it.
    """
    count = len(points)
    body = [_line_axes(tuple(quarter for quarter, _ in points), scale, layout)]
    if target is not None:  # first, so that the line and its dots are drawn over it
        left, right = _h_left(layout, scale), _h_left(layout, scale) + _h_plot_w(layout, scale)
        y = _line_y(target, scale.top)
        body.append(f'<line class="ps-target" x1="{left}" x2="{right}" y1="{_n(y)}" y2="{_n(y)}"/>')
    segment: list[str] = []
    for i, (_, value) in enumerate(points + [("", None)]):
        if value is not None:
            segment.append(f"{_n(_line_x(i, count, layout, scale))},{_n(_line_y(value, scale.top))}")
        elif segment:
            if len(segment) > 1:
                body.append(f'<polyline class="ps-line" points="{" ".join(segment)}"/>')
            segment = []
    for i, (_, value) in enumerate(points):
        if value is not None:
            body.append(f'<circle class="ps-dot" cx="{_n(_line_x(i, count, layout, scale))}" '
                        f'cy="{_n(_line_y(value, scale.top))}" r="4"/>')
    known = [(q, v) for q, v in points if v is not None]
    desc = "；".join(f"{q} {value_text(v)}" for q, v in known) if known else empty
    if target is not None:
        desc += f"；{target_label}"
    return _svg(chart_id, title, desc, _H_HEIGHT, body, layout)


def star_history(chart_id: str, title: str, points: list[tuple[str, int | None]], top: int = 6,
                 layout: Layout = WIDE) -> Markup:
    """Stars (0 to ``top``) per quarter as a line; a quarter without a rating breaks the line."""
    return line(chart_id, title, points, star_scale(top), lambda stars: f"{stars} 星", layout=layout, empty="没有评星记录")


def bars(chart_id: str, title: str, rows: list[Bar], maximum: float, target: float | None = None,
         target_label: str = "", layout: Layout = WIDE) -> Markup:
    """Horizontal bars, one a row, with an optional target line.

    Wide: each label beside its bar, as wide as the longest label needs (a third of
    the chart at most). Narrow: each label on its own line above its bar. Value labels
    carry a halo of the page's colour (CSS), so the target line never runs through them.
    """
    font, width = layout.font, layout.width
    value_room = max((text_width(r.text, font) for r in rows), default=0) + 10
    if layout is WIDE:
        label_w = min(max((text_width(r.label, font) for r in rows), default=0) + 12, width // 3)
        label_room, row_h, label_y, bar_y = label_w - 12, 26, 17, 5
    else:
        label_w, label_room, row_h, label_y, bar_y = 0, width - 4, font + 24, font, font + 6
    plot_w = width - label_w - value_room
    top = 8
    height = top * 2 + row_h * len(rows) + (18 if target is not None else 0)
    bar_h = row_h - 10 if layout is WIDE else 14
    body = []
    if target is not None and maximum:  # first, so that the bars and the figures are drawn over it
        tx = label_w + target / maximum * plot_w
        bottom = top + row_h * len(rows)
        body.append(f'<line class="ps-target" x1="{_n(tx)}" x2="{_n(tx)}" y1="{top}" y2="{bottom}"/>'
                    f'<text class="ps-axis" x="{_n(min(tx, width - text_width(target_label, font) / 2))}" '
                    f'y="{bottom + 14}" text-anchor="middle">{escape(target_label)}</text>')
    for i, row in enumerate(rows):
        y = top + i * row_h
        label = escape(fit(row.label, label_room, font))
        if layout is WIDE:
            body.append(f'<text class="ps-axis" x="{label_w - 8}" y="{y + label_y}" text-anchor="end">{label}</text>')
        else:
            body.append(f'<text class="ps-axis" x="0" y="{y + label_y}">{label}</text>')
        value_y = y + bar_y + bar_h - 2 if layout is not WIDE else y + label_y
        if row.value is not None and maximum:
            bar = max(row.value / maximum * plot_w, 1)
            body.append(f'<rect class="ps-bar" x="{label_w}" y="{y + bar_y}" width="{_n(bar)}" height="{bar_h}"/>')
            body.append(f'<text class="ps-value" x="{_n(label_w + bar + 6)}" y="{value_y}">{escape(row.text)}</text>')
        else:
            body.append(f'<text class="ps-value" x="{label_w + 6}" y="{value_y}">{escape(row.text)}</text>')
    desc = "；".join(f"{r.label} {r.text}" for r in rows) + (f"；{target_label}" if target is not None else "")
    return _svg(chart_id, title, desc, height, body, layout)
