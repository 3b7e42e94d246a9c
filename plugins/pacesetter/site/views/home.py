"""The home page: what the column is, and this quarter at a glance (template: home.html)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ... import entities as e
from ...model.column import Ratio, Tier
from ...terms import aspects_label, date_label, quarter_label
from .common import Link, OrgLink, ViewsBase, percent, url_of
from .notices import NoticeRow, notice_url

HOME_CHANGES = 30  # grants and removals listed on the home page; the notice lists them all


@dataclass(frozen=True)
class PhaseView:
    name: str
    start: dt.date
    end: dt.date
    state: str  # done | current | upcoming

    @property
    def state_label(self) -> str:
        return {"done": "已完成", "current": "进行中", "upcoming": "未开始"}[self.state]


@dataclass(frozen=True)
class HomeView:
    settings: e.Settings
    as_of_text: str
    quarter: str | None
    quarter_text: str
    tiers: tuple[tuple[Tier, int], ...]
    ratio: Ratio
    ratio_text: str
    target_text: str
    meets_target: bool | None
    phases: tuple[PhaseView, ...]
    counts: tuple[tuple[str, int, str], ...]  # label, count, url
    granted_orgs: int
    removed_orgs: int
    granted: tuple[NoticeRow, ...]
    removed: tuple[NoticeRow, ...]
    shown: int  # at most this many of each
    latest_news: tuple[Link, ...]
    latest_deeds: tuple[Link, ...]
    #: the branches that gained most stars over the progress window: (link, gain, since), best first
    improvers: tuple[tuple[OrgLink, int, str], ...] = ()
    dimensions: tuple[str, ...] = ()
    aspects: str = ""  # 六个方面
    notice_url: str = "notices/"  # the current quarter's notice



class HomeViews(ViewsBase):
    def home(self) -> HomeView:
        column = self.column
        data = column.data
        quarter = column.current_quarter
        changes = column.changes_in(quarter) if quarter else []
        ratio = column.standardized_ratio()
        target = column.target_ratio
        phases = tuple(
            PhaseView(p.name, p.start, p.end,
                      "done" if p.end < column.as_of else ("current" if p.start <= column.as_of else "upcoming"))
            for p in column.settings.phases
        )
        active_sites = sum(column.site_status(s).key in ("active", "rectifying") for s in data.sites)
        counts = (
            ("党组织", len(column.orgs), "orgs/"),
            ("有效示范点", active_sites, "sites/"),
            ("党建品牌", len(data.brands), "brands/"),
            ("榜样", len(data.deeds), "deeds/"),
            ("结对共建", len(data.pairings), "pairings/"),
            ("创标成果", len(data.achievements), "achievements/"),
        )
        tier_counts = column.tier_counts(quarter) if quarter else {}
        news = sorted(data.news.values(), key=lambda n: (n.date, n.id), reverse=True)[:6]
        deeds = sorted(data.deeds.values(), key=lambda d: (d.date, d.id), reverse=True)[:6]
        gains = [(imp.delta, o, imp) for o in column.branches() if (imp := column.improvement(o)) and imp.delta > 0]
        gains.sort(key=lambda g: (-g[0], g[1]))
        improvers = tuple((self.org_link(o), d, quarter_label(imp.since_quarter)) for d, o, imp in gains[:3])
        return HomeView(
            settings=column.settings,
            improvers=improvers,
            dimensions=tuple(column.settings.dimensions),
            aspects=aspects_label(len(column.settings.dimensions)),
            notice_url=notice_url(quarter) if quarter else "notices/",
            as_of_text=date_label(column.as_of),
            quarter=quarter,
            quarter_text=quarter_label(quarter),
            tiers=tuple((t, tier_counts[t.key]) for t in column.tiers) if quarter else (),
            ratio=ratio,
            ratio_text=percent(ratio.value),
            target_text=percent(target),
            meets_target=ratio.meets(target),
            phases=phases,
            counts=counts,
            granted_orgs=sum(1 for c in changes if c.granted),
            removed_orgs=sum(1 for c in changes if c.removed),
            # The home page shows the first few; a province's quarter changes thousands (公示 has them all).
            granted=tuple(self._notice_row(c, c.granted) for c in changes if c.granted)[:HOME_CHANGES],
            removed=tuple(self._notice_row(c, c.removed) for c in changes if c.removed)[:HOME_CHANGES],
            shown=HOME_CHANGES,
            latest_news=tuple(Link(n.title, url_of("news", n.id), n.date, n.kind) for n in news),
            latest_deeds=tuple(Link(d.title, url_of("deeds", d.id), d.date, d.person or "集体") for d in deeds),
        )
