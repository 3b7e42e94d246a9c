"""How a group of branches fared quarter by quarter (纵向比较): the column, a unit, a system.

Every figure is derived from the ratings and the standardization dates; nothing here
is typed by an editor. A group is any set of organizations; the figures count those
of it that are branches (达标, the standardization kinds) or were rated (the stars).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..contract.kinds import quarter_end
from ..entities import STANDARDIZATION_STEPS
from .column import Ratio, standardized_on, tier_of

if TYPE_CHECKING:
    from .column import Column


@dataclass(frozen=True)
class QuarterFigures:
    """One quarter of a group: its stars, its tiers, its 达标 ratio and the quarter's changes."""

    quarter: str
    branches: int  # the group's branches (standardization kinds)
    standardized: int  # of them, accepted (考核验收) by the end of the quarter
    rated: int  # organizations of the group rated in the quarter
    tiers: tuple[int, ...]  # rated organizations in each tier, in the column's tier order
    stars_total: int
    top: int  # rated at the column's top stars (六星)
    granted: int  # organizations granted a star in the quarter (compared with their previous rating)
    removed: int  # organizations that lost a star in the quarter

    @property
    def ratio(self) -> Ratio:
        return Ratio(self.standardized, self.branches)

    @property
    def average(self) -> float | None:
        return self.stars_total / self.rated if self.rated else None


def trend(column: Column, members: Iterable[str]) -> tuple[QuarterFigures, ...]:
    """The figures of ``members`` for every quarter the column has ratings for, oldest first.

    达标 is counted at the end of each quarter (or at the column's as_of date, for a
    quarter that has not ended by then): an acceptance dated later does not count yet,
    and a withdrawn one no longer counts from its withdrawal on.
    """
    members = tuple(members)
    kinds = set(column.standardization_kinds)
    orgs = column.orgs
    # The branches ever accepted: only they can count as standardized in a quarter.
    steps = [o.standardization for o in map(orgs.__getitem__, members)
             if o.kind in kinds and o.standardization and o.standardization.accepted]
    branches = sum(1 for o in members if orgs[o].kind in kinds)
    tiers, top = column.tiers, column.top_stars
    tier_index: dict[int, int] = {}  # stars → index of their tier, worked out once per count
    figures = []
    for quarter in column.quarters:
        met = column.ratings_in(quarter)
        changes = column.changes_by_org(quarter)
        stars = [len(met[o]) for o in members if o in met]
        counts = [0] * len(tiers)
        for count, times in Counter(stars).items():
            index = tier_index.get(count)
            if index is None:
                index = tier_index[count] = tiers.index(tier_of(count, tiers))
            counts[index] += times
        cutoff = min(quarter_end(quarter), column.as_of)
        moved = [changes[o] for o in members if o in changes]
        figures.append(QuarterFigures(
            quarter=quarter,
            branches=branches,
            standardized=sum(1 for step in steps if standardized_on(step, cutoff)),
            rated=len(stars),
            tiers=tuple(counts),
            stars_total=sum(stars),
            top=stars.count(top),
            granted=sum(1 for c in moved if c.granted),
            removed=sum(1 for c in moved if c.removed),
        ))
    return tuple(figures)


@dataclass(frozen=True)
class StepCounts:
    """Where a group's branches stand in the five steps of 达标创建 on the column's as_of date."""

    not_started: int
    at: tuple[int, ...]  # branches whose furthest step is each of STANDARDIZATION_STEPS, in order
    withdrawn: int  # accepted once, withdrawn since (counted here, not at a step)

    @property
    def total(self) -> int:
        return self.not_started + sum(self.at) + self.withdrawn


def step_counts(column: Column, members: Iterable[str]) -> StepCounts:
    kinds = set(column.standardization_kinds)
    day = column.as_of
    not_started, withdrawn, at = 0, 0, [0] * len(STANDARDIZATION_STEPS)
    for org_id in members:
        org = column.orgs[org_id]
        if org.kind not in kinds:
            continue
        steps = org.standardization
        if steps and steps.withdrawn and steps.withdrawn <= day:
            withdrawn += 1
            continue
        done = [i for i, step in enumerate(STANDARDIZATION_STEPS) if steps and getattr(steps, step)
                and getattr(steps, step) <= day]
        if done:
            at[max(done)] += 1
        else:
            not_started += 1
    return StepCounts(not_started, tuple(at), withdrawn)
