"""Typed objects for the templates: everything a page shows, computed, sorted and linked.

Templates only render these objects; counting, sorting and choosing what is public
happen here, where tests can reach them without a build. Nothing here imports MkDocs.
URLs are site-relative directory URLs ("orgs/sw-nafu/"); templates pass them through
MkDocs' ``url`` filter to make them relative to the page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markupsafe import Markup

from .. import entities as e
from ..model.column import EVENT_KEY, EVENT_KINDS, Column, Event, LedgerProgress, RankMove, Ratio, SiteStatus, Tier
from ..exports.feed import FEED_PATH
from ..exports.tables import Table, tables
from ..exports.writers import WORKBOOK
from ..photos import DEFAULT_WIDTH
from ..terms import date_label, quarter_label
from ..search.facets import facet_files
from . import charts
from .markdown import RenderFn

LEVEL_LABELS = {1: "一级网格", 2: "二级网格", 3: "三级网格"}
HOME_CHANGES = 30  # grants and removals listed on the home page; the notice lists them all
DOWNLOADS = "data/files"  # where the downloadable tables are written
STEP_LABELS = (("surveyed", "排查摸底"), ("planned", "制定方案"), ("building", "对标创建"),
               ("accepted", "考核验收"), ("named", "命名授牌"))


_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def cjk_bigrams(text: str) -> list[str]:
    """Adjacent character pairs of every run of Chinese characters (a lone character stays itself).

    Pagefind cuts Chinese into words with its own dictionary and matches query words as
    prefixes; a query cut differently finds nothing. Names indexed as bigrams, and queries
    turned into bigrams by the search page, match however either side was cut.
    """
    pairs = []
    for run in _CJK_RUN.findall(text):
        pairs.extend([run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)])
    return pairs


def pair_token(pair: str) -> str:
    """A pair as the index holds it: ``领航`` → ``zh09886822a``-like ASCII, five hex digits a character.

    Pagefind's Chinese segmenter cuts the indexed text again, and cut some pairs in
    two (领航 became 领 and 航: no query for 领航 found anything). A token of letters and
    digits is indexed as it is; the search page turns a query's pairs into the same tokens.
    """
    return "zh" + "".join(f"{ord(ch):05x}" for ch in pair)


def url_of(kind: str, entity_id: str) -> str:
    return f"{kind}/{entity_id}/"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@dataclass(frozen=True)
class SearchTags:
    """What the search index knows of a page: its kind, and the level, system and year to filter by."""

    kind: str
    org: str = ""
    level: str = ""
    system: str = ""
    year: str = ""
    names: tuple[str, ...] = ()  # the page's own names, indexed as character bigrams too
    #: pairs in so many names that matching them says little and costs much (see stop_pairs)
    stop: frozenset = frozenset()

    @property
    def weight(self) -> int:
        """Organizations are the column's hubs: a name query should find the organization first."""
        return 10 if self.kind == "组织" else 5

    def facets(self) -> dict[str, str]:
        return {"kind": self.kind, "level": self.level, "system": self.system, "year": self.year}

    def pairs(self) -> list[str]:
        return list(dict.fromkeys(b for name in self.names for b in cjk_bigrams(name)))

    @property
    def own_bigrams(self) -> str:
        return " ".join(pair_token(b) for b in self.pairs() if b not in self.stop)

    @property
    def related_bigrams(self) -> str:
        """The pairs of the organization a page belongs to, unless they are the page's own name."""
        own = set(self.pairs())
        return " ".join(pair_token(b) for b in dict.fromkeys(cjk_bigrams(self.org)) if b not in own and b not in self.stop)


@dataclass(frozen=True)
class OrgLink:
    id: str
    name: str
    url: str
    level: int
    stars: int | None
    tier: Tier | None


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    date: dt.date | None = None
    meta: str = ""


@dataclass(frozen=True)
class StarsView:
    count: int | None
    quarter: str | None
    dimensions: tuple[tuple[str, bool], ...]
    tier: Tier | None

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter)


@dataclass(frozen=True)
class Photo:
    url: str  # the rendition for browsers that ignore srcset
    width: int
    height: int
    alt: str
    #: (url, width) of every published width, for srcset
    srcset: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class LedgerItemView:
    item: e.LedgerItem
    status: str  # 已销号 | 已逾期 | 整改中


@dataclass(frozen=True)
class LedgerView:
    public: bool
    progress: LedgerProgress
    items: tuple[LedgerItemView, ...]  # empty unless the ledger is public

    @property
    def close_rate(self) -> str:
        return percent(self.progress.close_rate)


@dataclass(frozen=True)
class RankView:
    scope: str  # 同级组织 | 全市同层级
    move: RankMove

    @property
    def text(self) -> str:
        current = self.move.current
        if current is None:
            return "本季度未参加评星"
        tie = "（并列）" if current.tied else ""
        return f"第 {current.rank} 名{tie}，共 {current.of} 个"

    @property
    def change_text(self) -> str:
        change = self.move.change
        if change is None:
            return "上季度无排名" if self.move.current is not None else ""
        if change > 0:
            return f"比上季度上升 {change} 名"
        if change < 0:
            return f"比上季度下降 {-change} 名"
        return "与上季度持平"


@dataclass(frozen=True)
class OrgView:
    org: e.Org
    url: str
    level: int
    level_label: str
    breadcrumb: tuple[OrgLink, ...]
    system: str | None
    stars: StarsView
    history: tuple[tuple[str, int | None], ...]
    ranks: tuple[RankView, ...]
    classification: tuple[tuple[int, str], ...]
    steps: tuple[tuple[str, dt.date | None], ...]
    standardized: bool
    ratio: Ratio | None  # for organizations with branches below them
    summary: Markup | None
    sites: tuple[Link, ...]
    brands: tuple[Link, ...]
    deeds: tuple[Link, ...]
    learning_from: tuple[Link, ...]
    benchmark_for: tuple[Link, ...]
    ledger: LedgerView | None
    children: tuple[OrgLink, ...]
    timeline: tuple[EventView, ...]
    history_chart: Markup | None
    dimensions: tuple[tuple[str, bool, int, int], ...]  # name, met now, quarters met, quarters rated
    dimensions_chart: Markup | None


@dataclass(frozen=True)
class SiteView:
    site: e.Site
    url: str
    org: OrgLink
    status: SiteStatus
    six_haves: tuple[tuple[str, bool], ...]
    reviews: tuple[e.Review, ...]
    description: Markup | None
    photos: tuple[Photo, ...]

    @property
    def status_since(self) -> str:
        return date_label(self.status.since)


@dataclass(frozen=True)
class BrandView:
    brand: e.Brand
    url: str
    owner: OrgLink
    description: Markup | None
    photos: tuple[Photo, ...]


@dataclass(frozen=True)
class DeedView:
    deed: e.Deed
    url: str
    org: OrgLink
    subject: str  # the person, or the organization for a collective deed
    story: Markup | None
    photos: tuple[Photo, ...]


@dataclass(frozen=True)
class PairingView:
    pairing: e.Pairing
    url: str
    learner: OrgLink
    benchmark: OrgLink
    learner_history: tuple[tuple[str, int | None], ...]


@dataclass(frozen=True)
class AchievementView:
    achievement: e.Achievement
    url: str
    org: OrgLink
    body: Markup | None


@dataclass(frozen=True)
class NewsView:
    news: e.News
    url: str
    orgs: tuple[OrgLink, ...]
    body: Markup | None


@dataclass(frozen=True)
class EventView:
    date: dt.date
    date_text: str
    kind: str
    kind_label: str
    title: str
    url: str
    orgs: str = ""  # names of the organizations concerned, for the in-page filter
    datetime: str = ""  # for <time>: the day, or the year alone when only the year is known


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    previous: str | None
    next: str | None
    pages: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class ListView:
    title: str
    intro: str
    items: tuple[Link, ...]
    pager: Pager | None = None


@dataclass(frozen=True)
class GridNode:
    org: OrgLink
    children: tuple[GridNode, ...] = ()


@dataclass(frozen=True)
class GridView:
    title: str
    root: OrgLink | None
    groups: tuple[GridNode, ...]  # second-level organizations with their branches
    pager: Pager | None = None


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
    announced_text: str
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


@dataclass(frozen=True)
class TimelineMonth:
    label: str
    events: tuple[EventView, ...]


@dataclass(frozen=True)
class TimelineView:
    title: str
    years: tuple[tuple[int, str, int], ...]  # year, url, number of events
    months: tuple[TimelineMonth, ...]
    kinds: tuple[tuple[str, str, str], ...]  # kind, label, url of its own page
    current: str = ""  # the year or kind this page shows
    pager: Pager | None = None


@dataclass(frozen=True)
class NoticeRow:
    org: OrgLink
    before: int | None
    after: int
    dimensions: tuple[str, ...]
    previous_quarter: str | None


@dataclass(frozen=True)
class NoticeView:
    quarter: str
    quarter_text: str
    announced: dt.date
    announced_text: str
    granted: tuple[NoticeRow, ...]
    removed: tuple[NoticeRow, ...]
    namings: tuple[EventView, ...]
    quarters: tuple[tuple[str, str, bool], ...]  # quarter, url, this one


@dataclass(frozen=True)
class SearchPageView:
    """The search filters: for each facet, its label and its values with the file listing their pages."""

    facets: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]  # name, label, ((value, file url), …)
    stop_pairs: str = ""  # the pairs the page leaves out of its queries, space-separated
    parts: tuple[str, ...] = ()  # the index's parts beyond the first, site-relative folders (search/index.py)


def stop_pairs(tags: list[SearchTags], share: float = 0.02, floor: int = 50) -> frozenset:
    """Pairs found in the names of more than ``share`` of the indexed pages (and at least ``floor``).

    At province scale a pair such as 党支 or 支部 names thousands of pages; its postings are
    large, and a query of several such pairs takes seconds to intersect. Those pairs are
    neither indexed nor queried; the rest of a name still finds it, and a query made only
    of common pairs is left to Pagefind's own word search.
    """
    counts = Counter(b for t in tags for b in t.pairs())
    limit = max(floor, share * len(tags))
    return frozenset(b for b, n in counts.items() if n > limit)


SEARCH_KINDS = ("组织", "示范点", "品牌", "榜样", "结对", "成果", "动态", "公示")
#: The kind of hand-written pages for readers, offered as a filter when there are any.
READERS_PAGES = "说明"


@dataclass(frozen=True)
class SummaryRow:
    org: OrgLink
    system: str | None
    branches: int
    tiers: tuple[int, ...]
    ratio_text: str


@dataclass(frozen=True)
class Download:
    title: str
    rows: int
    files: tuple[tuple[str, str], ...]  # (format, url)


@dataclass(frozen=True)
class DataView:
    counts: tuple[tuple[str, int, str], ...]
    quarter_text: str
    tiers: tuple[Tier, ...]
    rows: tuple[SummaryRow, ...]
    downloads: tuple[Download, ...]
    workbook: str  # url of the workbook with every table
    feed: str
    as_of_text: str = ""


class Views:
    """Builds the view of each page from the column model."""

    def __init__(self, column: Column, render: RenderFn, photo_sizes=None, charts_memo: dict | None = None):
        self.column = column
        self.render = render
        #: A photo's path → (url, width, height) of each published width, narrowest first.
        self.photo_sizes = photo_sizes or (lambda path: ((path, 0, 0),))
        #: Organization charts by what they show, kept between the live preview's rebuilds.
        self.charts_memo = charts_memo
        #: The search index's parts beyond the first, set by the plugin once it knows the indexed pages.
        self.search_parts: tuple[str, ...] = ()
        #: Whether hand-written pages for readers are searched (set by the plugin).
        self.readers_pages = False
        self._links: dict[str, OrgLink] = {}
        data = column.data
        self._sites_of = _group(data.sites.values(), lambda s: s.org)
        self._brands_of = _group(data.brands.values(), lambda b: b.owner)
        self._deeds_of = _group(data.deeds.values(), lambda d: d.org)
        self._learner_of = _group(data.pairings.values(), lambda p: p.learner)
        self._benchmark_of = _group(data.pairings.values(), lambda p: p.benchmark)
        self._events_of: dict[str, list[Event]] = {}
        for event in column.timeline:
            for org_id in event.orgs:
                self._events_of.setdefault(org_id, []).append(event)

    # --- links -------------------------------------------------------------------

    def search_tags(self, kind: str, org_id: str, date: dt.date | None = None, names: tuple[str, ...] = ()) -> SearchTags:
        column = self.column
        return SearchTags(kind, column.orgs[org_id].name, LEVEL_LABELS.get(column.level(org_id), ""),
                          column.system_of(org_id) or "", str(date.year) if date else "", names)

    def org_link(self, org_id: str) -> OrgLink:
        link = self._links.get(org_id)
        if link is None:
            column = self.column
            org = column.orgs[org_id]
            stars = column.stars(org_id)
            link = OrgLink(org_id, org.name, url_of("orgs", org_id), column.level(org_id), stars, column.tier(org_id))
            self._links[org_id] = link
        return link

    def photos(self, paths: list[str], alt: str) -> tuple[Photo, ...]:
        result = []
        for index, path in enumerate(paths, start=1):
            sizes = self.photo_sizes(path)
            url, width, height = next((size for size in sizes if size[1] >= DEFAULT_WIDTH), sizes[-1])
            result.append(Photo(url, width, height, f"{alt}（照片 {index}）", tuple((u, w) for u, w, _ in sizes)))
        return tuple(result)

    def event(self, event: Event) -> EventView:
        kind, entity_id = event.entity
        url = "" if kind == "column" else url_of(kind, entity_id)
        text = f"{event.date.year} 年" if event.precision == "year" else date_label(event.date)
        names = " ".join(self.column.orgs[o].name for o in event.orgs)
        stamp = str(event.date.year) if event.precision == "year" else event.date.isoformat()
        return EventView(event.date, text, event.kind, event.kind_label, event.title, url, names, stamp)

    # --- entity pages ------------------------------------------------------------

    def org(self, org_id: str) -> OrgView:
        column = self.column
        org = column.orgs[org_id]
        met = column.met(org_id) or ()
        dims = self.column.settings.dimensions
        stars = StarsView(column.stars(org_id), column.current_quarter if column.stars(org_id) is not None else None,
                          tuple((d, d in met) for d in dims), column.tier(org_id))
        steps = tuple((label, getattr(org.standardization, key) if org.standardization else None)
                      for key, label in STEP_LABELS)
        has_branches = len(column.subtree(org_id)) > 1
        data = column.data
        ledger = None
        progress = column.ledger_progress(org_id)
        if progress is not None:
            public = data.ledgers[org_id].public
            items = ()
            if public:
                open_ids = {id(i) for i in progress.open_items}
                overdue_ids = {id(i) for i in progress.overdue}
                items = tuple(
                    LedgerItemView(i, "已逾期" if id(i) in overdue_ids else ("整改中" if id(i) in open_ids else "已销号"))
                    for i in data.ledgers[org_id].items
                )
            ledger = LedgerView(public, progress, items)
        children = tuple(sorted((self.org_link(c) for c in column.children[org_id]),
                                key=lambda link: (-(link.stars if link.stars is not None else -1), link.id)))
        return OrgView(
            org=org,
            url=url_of("orgs", org_id),
            level=column.level(org_id),
            level_label=LEVEL_LABELS.get(column.level(org_id), ""),
            breadcrumb=tuple(self.org_link(a.id) for a in column.ancestors(org_id)),
            system=column.system_of(org_id),
            stars=stars,
            history=tuple((quarter_label(q), s) for q, s in column.star_history(org_id)),
            ranks=(RankView("同一上级的组织", column.rank_move(org_id, "siblings")),
                   RankView(f"全部{LEVEL_LABELS.get(column.level(org_id), '')}组织", column.rank_move(org_id, "level"))),
            classification=tuple(org.classification.items()),
            steps=steps,
            standardized=column.standardized(org_id),
            ratio=column.standardized_ratio(org_id) if has_branches else None,
            summary=self.render(org.summary),
            sites=tuple(Link(f"{s.level}{s.title}", url_of("sites", s.id), s.named, column.site_status(s.id).label)
                        for s in sorted(self._sites_of.get(org_id, []), key=lambda s: (s.named, s.id))),
            brands=tuple(Link(b.name, url_of("brands", b.id), b.launched, b.slogan or "")
                         for b in sorted(self._brands_of.get(org_id, []), key=lambda b: (b.launched, b.id))),
            deeds=tuple(Link(d.title, url_of("deeds", d.id), d.date, d.person or "集体")
                        for d in sorted(self._deeds_of.get(org_id, []), key=lambda d: (d.date, d.id), reverse=True)),
            learning_from=tuple(Link(f"向{column.orgs[p.benchmark].name}学习", url_of("pairings", p.id), p.since)
                                for p in sorted(self._learner_of.get(org_id, []), key=lambda p: p.id)),
            benchmark_for=tuple(Link(f"{column.orgs[p.learner].name}以本组织为标杆", url_of("pairings", p.id), p.since)
                                for p in sorted(self._benchmark_of.get(org_id, []), key=lambda p: p.id)),
            ledger=ledger,
            children=children,
            timeline=tuple(self.event(ev) for ev in reversed(self._events_of.get(org_id, []))),
            **self._org_charts(org_id, met),
        )

    def _org_charts(self, org_id: str, met) -> dict:
        column = self.column
        history = [(quarter_label(q), s) for q, s in column.star_history(org_id)]
        rated = [s for _, s in history if s is not None]
        dims = column.dimension_history(org_id)
        if not rated:
            return {"history_chart": None, "dimensions": (), "dimensions_chart": None}
        name = column.orgs[org_id].name
        key = (name, tuple(history), tuple(dims))
        drawn = self.charts_memo.get(key) if self.charts_memo is not None else None
        if drawn is None:
            bars = [charts.Bar(d, n, f"{n}/{total} 季度") for d, n, total in dims]
            drawn = (charts.both(lambda layout: charts.star_history("ps-history", f"{name}历季星级", history,
                                                                    column.top_stars, layout)),
                     charts.both(lambda layout: charts.bars("ps-dims", f"{name}各方面的达标季度数", bars,
                                                            max(total for _, _, total in dims), layout=layout)))
            if self.charts_memo is not None:
                self.charts_memo[key] = drawn
        return {"history_chart": drawn[0], "dimensions": tuple((d, d in met, n, total) for d, n, total in dims),
                "dimensions_chart": drawn[1]}

    def site(self, site_id: str) -> SiteView:
        site = self.column.data.sites[site_id]
        haves = set(site.six_haves)
        return SiteView(
            site, url_of("sites", site_id), self.org_link(site.org), self.column.site_status(site_id),
            tuple((h, h in haves) for h in self.column.settings.six_haves), tuple(site.reviews),
            self.render(site.description), self.photos(site.photos, f"{self.column.orgs[site.org].name}示范点"),
        )

    def brand(self, brand_id: str) -> BrandView:
        brand = self.column.data.brands[brand_id]
        return BrandView(brand, url_of("brands", brand_id), self.org_link(brand.owner),
                         self.render(brand.description), self.photos(brand.photos, f"党建品牌“{brand.name}”"))

    def deed(self, deed_id: str) -> DeedView:
        deed = self.column.data.deeds[deed_id]
        subject = deed.person or self.column.orgs[deed.org].name
        return DeedView(deed, url_of("deeds", deed_id), self.org_link(deed.org), subject,
                        self.render(deed.story), self.photos(deed.photos, deed.title))

    def pairing(self, pairing_id: str) -> PairingView:
        pairing = self.column.data.pairings[pairing_id]
        history = tuple((quarter_label(q), s) for q, s in self.column.star_history(pairing.learner) if s is not None)
        return PairingView(pairing, url_of("pairings", pairing_id), self.org_link(pairing.learner),
                           self.org_link(pairing.benchmark), history)

    def achievement(self, achievement_id: str) -> AchievementView:
        achievement = self.column.data.achievements[achievement_id]
        return AchievementView(achievement, url_of("achievements", achievement_id), self.org_link(achievement.org),
                               self.render(achievement.body))

    def news(self, news_id: str) -> NewsView:
        news = self.column.data.news[news_id]
        return NewsView(news, url_of("news", news_id), tuple(self.org_link(o) for o in news.orgs), self.render(news.body))

    # --- overview pages ----------------------------------------------------------

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
        active_sites = sum(column.site_status(s).key != "revoked" for s in data.sites)
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
            as_of_text=date_label(column.as_of),
            quarter=quarter,
            quarter_text=quarter_label(quarter),
            announced_text=date_label(data.ratings[quarter].announced) if quarter else "",
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

    def _notice_row(self, change, dimensions) -> NoticeRow:
        return NoticeRow(self.org_link(change.org), change.before, change.after, tuple(dimensions),
                         quarter_label(change.previous_quarter) if change.previous_quarter else None)

    def notice(self, quarter: str, quarter_url) -> NoticeView:
        notice = self.column.notice(quarter)
        return NoticeView(
            quarter, quarter_label(quarter), notice.announced, date_label(notice.announced),
            tuple(self._notice_row(c, c.granted) for c in notice.granted),
            tuple(self._notice_row(c, c.removed) for c in notice.removed),
            tuple(self.event(e) for e in notice.namings),
            tuple((quarter_label(q), quarter_url(q), q == quarter) for q in reversed(self.column.quarters)),
        )

    def grid_nodes(self) -> list[GridNode]:
        """The second-level organizations, each with its branches, best stars first."""
        column = self.column
        if column.root is None:
            return []

        def node(org_id: str) -> GridNode:
            kids = sorted(column.children[org_id], key=lambda c: (-(column.stars(c) if column.stars(c) is not None else -1), c))
            return GridNode(self.org_link(org_id), tuple(node(k) for k in kids))

        return [node(child) for child in sorted(column.children[column.root])]

    def timeline_years(self) -> dict[int, list[Event]]:
        years: dict[int, list[Event]] = {}
        for event in self.column.timeline:
            years.setdefault(event.date.year, []).append(event)
        return years

    @cached_property
    def _event_kinds(self) -> frozenset[str]:
        # Once, not once per timeline page: a province has hundreds of pages and of thousands of events.
        return frozenset(e.kind for e in self.column.timeline)

    def timeline(self, title: str, events: list[Event], years: dict[int, list[Event]], year_url, kind_url,
                 current: str = "", pager: Pager | None = None) -> TimelineView:
        """Events newest first, grouped by month, with the links to every year and kind."""
        # Facts known only by their year (an honour, a year's classification) are not
        # December's: they form their year's own group, after its months.
        months: dict[tuple[int, int], list[EventView]] = {}
        for event in sorted(events, key=EVENT_KEY, reverse=True):
            month = 0 if event.precision == "year" else event.date.month
            months.setdefault((event.date.year, month), []).append(self.event(event))
        kinds = tuple((k, label, kind_url(k)) for k, label in EVENT_KINDS.items() if k in self._event_kinds)
        order = sorted(months, key=lambda ym: (ym[0], ym[1] or 0.5), reverse=True)
        return TimelineView(
            title,
            tuple((y, year_url(y), len(years[y])) for y in sorted(years, reverse=True)),
            tuple(TimelineMonth(f"{y} 年 {m} 月" if m else f"{y} 年全年（只记到年份的事）", tuple(months[(y, m)]))
                  for y, m in order),
            kinds, current, pager,
        )

    def search_options(self) -> dict[str, list[str]]:
        """The values a reader can filter search results by, facet by facet."""
        column = self.column
        return {
            "kind": list(SEARCH_KINDS) + ([READERS_PAGES] if self.readers_pages else []),
            "level": list(LEVEL_LABELS.values()),
            "system": sorted({s for o in column.orgs if (s := column.system_of(o))}),
            "year": sorted({str(e.date.year) for e in column.timeline}, reverse=True),
        }

    def search_page(self, stop: frozenset = frozenset()) -> SearchPageView:
        labels = {"kind": "类别", "level": "网格层级", "system": "系统", "year": "年份"}
        files = facet_files(self.search_options())
        return SearchPageView(tuple((facet, labels[facet], tuple(files[facet].items())) for facet in files),
                              " ".join(sorted(stop)), self.search_parts)

    def data_overview(self) -> DataView:
        column = self.column
        data = column.data
        quarter = column.current_quarter
        counts = (
            ("党组织", len(column.orgs), "orgs/"), ("评星季度", len(column.quarters), "rankings/"),
            ("示范点", len(data.sites), "sites/"), ("党建品牌", len(data.brands), "brands/"),
            ("榜样", len(data.deeds), "deeds/"), ("结对共建", len(data.pairings), "pairings/"),
            ("整改台账", len(data.ledgers), "orgs/"), ("工作动态", len(data.news), "news/"),
            ("创标成果", len(data.achievements), "achievements/"),
        )
        rows = []
        for unit in sorted(column.children.get(column.root, [])) if column.root else []:
            members = [o for o in column.subtree(unit) if column.orgs[o].kind in column.standardization_kinds]
            tiers = Counter(column.tier(o).key for o in members if column.tier(o) is not None)
            rows.append(SummaryRow(self.org_link(unit), column.system_of(unit), len(members),
                                   tuple(tiers.get(t.key, 0) for t in self.column.tiers),
                                   percent(column.standardized_ratio(unit).value)))
        downloads = tuple(Download(t.title, len(t.rows), (("CSV", f"{DOWNLOADS}/{t.name}.csv"), ("JSON", f"{DOWNLOADS}/{t.name}.json")))
                          for t in self.tables)
        return DataView(counts, quarter_label(quarter), self.column.tiers, tuple(rows), downloads, f"{DOWNLOADS}/{WORKBOOK}",
                        FEED_PATH, date_label(column.as_of))

    @cached_property
    def tables(self) -> list[Table]:
        """The downloadable tables, computed once for the data page and the files."""
        return tables(self.column)


def _group(items, key) -> dict[str, list[Any]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def paginate(items: list, per_page: int, first_url: str, page_url) -> list[tuple[list, Pager | None]]:
    """Split ``items`` into pages; a single page has no pager."""
    chunks = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    if len(chunks) == 1:
        return [(chunks[0], None)]
    urls = [first_url] + [page_url(n) for n in range(2, len(chunks) + 1)]
    pages = tuple(enumerate(urls, start=1))
    return [
        (chunk, Pager(n, len(chunks), urls[n - 2] if n > 1 else None, urls[n] if n < len(chunks) else None, pages))
        for n, chunk in enumerate(chunks, start=1)
    ]
