"""分类定级: each year's 先进, 中间 and 后进 branches, and who moved since the year before
(template: classes.html; the figures come from model/classes.py)."""

from __future__ import annotations

from dataclasses import dataclass

from ...model.classes import class_year, class_years
from .common import OrgLink, ViewsBase


#: Branches a grade lists by name; a province's grade of thousands is counted, and in the downloads.
GRADE_LISTED = 300
MOVES_LISTED = 300


@dataclass(frozen=True)
class ClassesView:
    year: int
    years: tuple[tuple[int, str, bool], ...]  # year, url, this one
    grades: tuple[tuple[str, tuple[OrgLink, ...]], ...]  # names listed up to GRADE_LISTED
    previous_year: int | None
    counts: tuple[tuple[str, tuple[int, ...]], ...]  # grade the year before → now in each grade
    up: tuple[tuple[OrgLink, str, str], ...]  # branch, grade before, grade now
    down: tuple[tuple[OrgLink, str, str], ...]
    same: int
    grade_counts: tuple[int, ...] = ()  # branches in each grade, listed or not
    up_total: int = 0
    down_total: int = 0
    converted: int = 0  # 后进转化: branches that left the lowest grade for a better one

    @property
    def grade_names(self) -> tuple[str, ...]:
        return tuple(g for g, _ in self.grades)



def classes_url(year: int, latest: int) -> str:
    return "rankings/classes/" if year == latest else f"rankings/classes/{year}/"


class ClassViews(ViewsBase):
    def class_years(self) -> list[int]:
        return class_years(self.column)

    def classes(self, year: int) -> ClassesView:
        years = self.class_years()
        found = class_year(self.column, year)
        link = self.org_link
        return ClassesView(
            year, tuple((y, classes_url(y, years[0]), y == year) for y in years),
            tuple((g, tuple(link(o) for o in orgs) if len(orgs) <= GRADE_LISTED else ()) for g, orgs in found.grades),
            found.previous_year, found.counts,
            tuple((link(m.org), m.before, m.after) for m in found.up[:MOVES_LISTED]),
            tuple((link(m.org), m.before, m.after) for m in found.down[:MOVES_LISTED]),
            found.same,
            tuple(len(orgs) for _, orgs in found.grades), len(found.up), len(found.down),
            sum(1 for m in found.up if found.grades and m.before == found.grades[-1][0]),
        )
