"""Yearly namings of 先锋系统 and 模范机关: a page a year with its criteria, and their list
(templates: naming.html, namings.html)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from .common import Around, Link, OrgLink, ViewsBase, arounds, url_of


@dataclass(frozen=True)
class AwardView:
    title: str
    systems: tuple[Link, ...]  # to the systems' pages (a system without branches has none: url "")
    orgs: tuple[OrgLink, ...]


@dataclass(frozen=True)
class NamingView:
    year: int
    announced: dt.date
    criteria: Markup | None
    awards: tuple[AwardView, ...]
    around: Around | None = None


@dataclass(frozen=True)
class NamingsView:
    years: tuple[tuple[Link, dt.date, tuple[AwardView, ...]], ...]  # newest first


class NamingViews(ViewsBase):
    def _award(self, award) -> AwardView:
        return AwardView(award.title,
                         tuple(Link(s, self.system_url(s) if s in self.system_slugs else "") for s in award.systems),
                         tuple(self.org_link(o) for o in award.orgs))

    def naming_years(self) -> list[str]:
        """The years with a naming, newest first (as their files are named)."""
        return sorted(self.column.data.namings, reverse=True)

    def naming(self, year: str) -> NamingView:
        naming = self.column.data.namings[year]
        years = sorted(self.column.data.namings)  # oldest first: the one before is the year before
        links = [Link(f"{y} 年度命名", url_of("namings", y)) for y in years]
        around = arounds(links, len(links), "年度命名", lambda n: "namings/", "年度")[years.index(year)]
        return NamingView(naming.year, naming.announced, self.markdown(naming.criteria),
                          tuple(self._award(a) for a in naming.awards), around)

    def namings(self) -> NamingsView:
        data = self.column.data.namings
        return NamingsView(tuple((Link(f"{y} 年度命名", url_of("namings", y)), data[y].announced,
                                  tuple(self._award(a) for a in data[y].awards)) for y in self.naming_years()))
