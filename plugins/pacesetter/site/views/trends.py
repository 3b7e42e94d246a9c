"""A group's record over the quarters (走势): charts and a table, on the rankings page and on the
pages of units and systems (template: macros.html ``trend``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup

from ...entities import STANDARDIZATION_STEP_TITLES
from ...model.column import Tier
from ...model.activities import ActivityCount, activity_counts
from ...model.trends import QuarterFigures, StepCounts, step_counts, trend
from ...terms import average_label, quarter_label
from .. import charts
from .common import ViewsBase, percent, ratio_text


@dataclass(frozen=True)
class TrendRow:
    quarter_text: str
    figures: QuarterFigures

    @property
    def average_text(self) -> str:
        return average_label(self.figures.average)

    @property
    def ratio_text(self) -> str:
        return ratio_text(self.figures.ratio) if self.figures.ratio.total else "—"


@dataclass(frozen=True)
class TrendView:
    """A group's figures quarter by quarter, newest first in the table, oldest first in the charts."""

    name: str  # whose record: 全市, a unit's or a system's name
    tiers: tuple[Tier, ...]
    rows: tuple[TrendRow, ...]  # newest first
    average_chart: Markup
    ratio_chart: Markup | None  # None when the group has no branch to reach the standard
    target_text: str

    @property
    def latest(self) -> TrendRow | None:
        return self.rows[0] if self.rows else None


#: the columns of a table of 达标创建 steps
STEP_HEADINGS = ("未开始", *STANDARDIZATION_STEP_TITLES, "撤销达标")


@dataclass(frozen=True)
class StepsView:
    """Where branches stand in the five steps of 达标创建, one row a group (the last row may be the total)."""

    headings: tuple[str, ...]
    rows: tuple[tuple[str, str, tuple[int, ...]], ...]  # label, url ("" for none), counts in headings' order


def _cells(counts: StepCounts) -> tuple[int, ...]:
    return (counts.not_started, *counts.at, counts.withdrawn)


@dataclass(frozen=True)
class ActivitiesView:
    """The plan's activities, held against required, one row a unit (the as_of date's year so far)."""

    year: int
    kinds: tuple[tuple[str, str], ...]  # activity, how often (每季度 1 场 …)
    rows: tuple[tuple[str, str, tuple[ActivityCount, ...]], ...]  # label, url, each activity's count


class TrendViews(ViewsBase):
    def steps(self, groups: list[tuple[str, str, list[str]]], total: str = "") -> StepsView:
        """``groups``: (label, url, members); ``total`` names a last row summing them all."""
        rows = [(label, url, _cells(step_counts(self.column, members))) for label, url, members in groups]
        if total:
            rows.append((total, "", tuple(sum(cells) for cells in zip(*(r[2] for r in rows))) if rows else ()))
        return StepsView(STEP_HEADINGS, tuple(rows))

    def trend(self, chart_id: str, name: str, members: Iterable[str]) -> TrendView | None:
        """The record of ``members`` (None when the column has no rated quarter yet)."""
        column = self.column
        figures = trend(column, members)
        if not figures:
            return None
        points = [(quarter_label(f.quarter), f) for f in figures]
        target = column.target_ratio
        target_text = percent(target) if target is not None else ""
        average = charts.both(lambda layout: charts.line(
            f"{chart_id}-avg", f"{name}各季度平均星级", [(q, f.average) for q, f in points],
            charts.star_scale(column.top_stars), lambda v: f"{v:.2f} 星", layout=layout))
        ratio = None
        if any(f.branches for f in figures):
            ratio = charts.both(lambda layout: charts.line(
                f"{chart_id}-ratio", f"{name}各季度末党支部达标比例", [(q, f.ratio.value) for q, f in points],
                charts.PERCENT, percent, target, f"目标 {target_text}" if target is not None else "", layout=layout))
        return TrendView(name, column.tiers, tuple(TrendRow(q, f) for q, f in reversed(points)), average, ratio,
                         target_text)

    def activities(self, units: list[tuple[str, str, str]]) -> ActivitiesView | None:
        """``units``: (label, url, org id); None when column.yaml sets no activities."""
        plan = self.column.settings.activities
        if not plan:
            return None
        kinds = tuple((a.kind, f"每{a.every} {a.times or 1} 场") for a in plan)
        return ActivitiesView(self.column.as_of.year, kinds,
                              tuple((label, url, activity_counts(self.column, unit)) for label, url, unit in units))
