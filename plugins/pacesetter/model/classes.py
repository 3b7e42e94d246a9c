"""分类定级 over the years: who is in each grade, and who moved between grades (后进转化, 降级).

Grades are ordered as column.yaml lists them, best first (先进, 中间, 后进 …). A branch
moves up when its grade of a year is better than its grade of the year before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .column import Column


@dataclass(frozen=True)
class Move:
    org: str
    before: str
    after: str


@dataclass(frozen=True)
class ClassYear:
    year: int
    grades: tuple[tuple[str, tuple[str, ...]], ...]  # each grade with its branches, in id order
    previous_year: int | None  # the year before, when branches were classified then
    counts: tuple[tuple[str, tuple[int, ...]], ...]  # grade before → branches now in each grade (column order)
    up: tuple[Move, ...]  # to a better grade (后进转化 …)
    down: tuple[Move, ...]  # to a worse one (降级)
    same: int  # branches in the same grade both years


def class_years(column: Column) -> list[int]:
    """Every year some branch was classified, newest first."""
    return sorted({year for o in column.branches() for year in column.orgs[o].classification}, reverse=True)


def class_year(column: Column, year: int) -> ClassYear:
    grades = list(column.settings.classifications)
    order = {grade: i for i, grade in enumerate(grades)}
    branches = column.branches()
    now = {o: column.orgs[o].classification.get(year) for o in branches}
    listed = tuple((g, tuple(o for o in branches if now[o] == g)) for g in grades)
    before_year = year - 1
    before = {o: column.orgs[o].classification.get(before_year) for o in branches}
    if not any(before.values()):
        return ClassYear(year, listed, None, (), (), (), 0)
    pairs = [(o, before[o], now[o]) for o in branches if before[o] in order and now[o] in order]
    counts = tuple((g, tuple(sum(1 for _, b, a in pairs if b == g and a == h) for h in grades)) for g in grades)
    up = tuple(Move(o, b, a) for o, b, a in pairs if order[a] < order[b])
    down = tuple(Move(o, b, a) for o, b, a in pairs if order[a] > order[b])
    same = sum(1 for _, b, a in pairs if a == b)
    return ClassYear(year, listed, before_year, counts, up, down, same)
