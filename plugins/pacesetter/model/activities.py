"""The activities the plan asks of each unit (擂台赛 每季度, 观摩 每年 …), held against required.

An activity is held when a news item of its kind names the unit or one of its organizations.
The period is the year of the column's as_of date, up to that day: an activity due each
quarter is required once for every quarter of the year that has begun by then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..contract.kinds import quarter_start

if TYPE_CHECKING:
    from .column import Column


@dataclass(frozen=True)
class ActivityCount:
    kind: str
    held: int
    required: int

    @property
    def met(self) -> bool:
        return self.held >= self.required


def required_times(column: Column, every: str, times: int) -> int:
    """How many times an activity is due in the as_of date's year, up to that date."""
    if every == "年":
        return times
    year = column.as_of.year
    begun = sum(1 for q in range(1, 5) if quarter_start(f"{year}Q{q}") <= column.as_of)
    return times * begun


def activity_counts(column: Column, unit: str) -> tuple[ActivityCount, ...]:
    """Each activity of column.yaml for ``unit`` (a second-level organization and everything under it)."""
    members = set(column.subtree(unit))
    year = column.as_of.year
    counts = []
    for activity in column.settings.activities:
        held = sum(1 for news in column.data.news.values()
                   if news.kind == activity.kind and news.date.year == year and news.date <= column.as_of
                   and members.intersection(news.orgs))
        counts.append(ActivityCount(activity.kind, held, required_times(column, activity.every, activity.times or 1)))
    return tuple(counts)
