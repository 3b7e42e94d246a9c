"""Systems (系统): a page each and their list (templates: system.html, systems.html).

A system is a line of work across units (税务系统, 教育系统 …). Its page gathers its
branches' stars, its 达标 ratio and rank among the systems, its record over the
quarters, and the brands, sites and deeds of its organizations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ... import entities as e
from .common import Link, OrgLink, ViewsBase, url_of
from .orgs import BRANCHES_LISTED
from .rankings import GroupRow, Rankings
from .trends import TrendView

DEEDS_LISTED = 30  # the newest deeds on a system's page; the deeds' list has them all


@dataclass(frozen=True)
class SystemView:
    name: str
    url: str
    row: GroupRow  # its line in the rankings' table of systems: ratio, average, six-star, and their ranks
    systems: int  # how many systems are ranked
    units: tuple[OrgLink, ...]  # its second-level organizations
    branch_stars: tuple[OrgLink, ...]  # its rated branches, most stars first (none listed past BRANCHES_LISTED)
    trend: TrendView | None
    brands: tuple[Link, ...]
    sites: tuple[Link, ...]
    deeds: tuple[Link, ...]  # the newest DEEDS_LISTED
    deeds_total: int
    ranking_url: str  # the star ranking of its branches
    namings: tuple[Link, ...] = ()  # its yearly namings (先锋系统 …), newest first


@dataclass(frozen=True)
class SystemsView:
    rows: tuple[tuple[Link, GroupRow, int], ...]  # system, its ranking line, brands
    target_text: str


class SystemViews(ViewsBase):
    @cached_property
    def rankings(self) -> Rankings:
        return Rankings(self)

    def system(self, system: str) -> SystemView:
        column = self.column
        members = column.orgs_of_system(system)
        member_set = set(members)
        rows = {row.label: row for row in self.rankings.overview().systems.rows}
        rated = [o for o in members if column.stars(o) is not None]
        listed = ()
        if len(rated) <= BRANCHES_LISTED:
            listed = tuple(sorted((self.org_link(o) for o in rated), key=lambda link: (-link.stars, link.id)))
        level_two = [o for o in members if column.level(o) == 2]
        data = column.data
        # The system's own brands first (一系统一品牌), then those of its organizations.
        brands = sorted((b for b in data.brands.values() if b.system == system or b.owner in member_set),
                        key=lambda b: (b.system != system, b.launched, b.id))
        sites = sorted((s for s in data.sites.values() if s.org in member_set), key=lambda s: (e.site_date(s), s.id))
        deeds = sorted((d for d in data.deeds.values() if d.org in member_set), key=lambda d: (d.date, d.id), reverse=True)
        return SystemView(
            name=system,
            url=self.system_url(system),
            row=rows[system],
            systems=len(rows),
            units=tuple(self.org_link(o) for o in level_two),
            branch_stars=listed,
            trend=self.trend("ps-system-trend", system, members),
            brands=tuple(Link(f"“{b.name}”", url_of("brands", b.id), b.launched,
                              "系统品牌，" + column.orgs[b.owner].name + "牵头" if b.system == system else column.orgs[b.owner].name)
                         for b in brands),
            sites=tuple(Link(f"{column.orgs[s.org].name}：{s.level}{s.title}", url_of("sites", s.id), e.site_date(s),
                             column.site_status(s.id).label) for s in sites),
            deeds=tuple(Link(d.title, url_of("deeds", d.id), d.date, f"{d.person or '集体'} · {column.orgs[d.org].name}")
                        for d in deeds[:DEEDS_LISTED]),
            deeds_total=len(deeds),
            ranking_url=f"rankings/stars/system/{self.system_slugs[system]}/",
            namings=tuple(Link(f"{year} 年度“{title}”", url_of("namings", str(year)))
                          for year, title in column.namings_of_system(system)),
        )

    def systems(self) -> SystemsView:
        column = self.column
        owners = {}
        for brand in column.data.brands.values():
            for system in {column.system_of(brand.owner), brand.system} - {None}:
                owners[system] = owners.get(system, 0) + 1
        rows = self.rankings.overview().systems.rows
        return SystemsView(tuple((Link(row.label, self.system_url(row.label)), row, owners.get(row.label, 0))
                                 for row in rows),
                           self.rankings.overview().target_text)
