"""Organizations: the grid and a page each (templates: grid.html, org.html)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from ... import entities as e
from ...model.column import LedgerProgress, RankMove, Ratio, Tier
from ...terms import aspects_label, quarter_label
from .. import charts
from .common import LEVEL_LABELS, Around, Link, OrgLink, Pager, ViewsBase, percent, url_of
from .timeline import EventView
from .trends import TrendView

BRANCHES_LISTED = 200  # a unit's page lists its branches' stars up to so many (the rankings have them all)
STEP_LABELS = tuple(zip(e.STANDARDIZATION_STEPS, e.STANDARDIZATION_STEP_TITLES))


@dataclass(frozen=True)
class StarsView:
    count: int | None
    quarter: str | None
    dimensions: tuple[tuple[str, bool], ...]
    tier: Tier | None
    #: why there is no star, when there is none
    absent: str = ""
    #: what the dimensions are called together (六个方面)
    aspects: str = ""

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter)


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
    scope: str  # 同一上级的组织 | 全部党支部 (column.rated_label)
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
    history_chart: charts.Drawing | None
    dimensions: tuple[tuple[str, bool, int, int], ...]  # name, met now, quarters met, quarters rated
    dimensions_chart: charts.Drawing | None
    around: Around | None = None  # the organizations beside it under the same parent
    #: for an organization that is not rated but has branches below it: their record, and
    #: their current stars (unless there are more than BRANCHES_LISTED)
    trend: TrendView | None = None
    branch_stars: tuple[OrgLink, ...] = ()
    members_total: int | None = None  # a unit's members: its branches' members added up


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


def _as_link(org: OrgLink) -> Link:
    return Link(org.name, org.url)


class OrgViews(ViewsBase):
    def org(self, org_id: str) -> OrgView:
        column = self.column
        org = column.orgs[org_id]
        met = column.met(org_id) or ()
        dims = self.column.settings.dimensions
        count = column.stars(org_id)
        rated_kinds = column.settings.rated_kinds
        if count is not None:
            absent = ""
        elif org.kind not in rated_kinds:
            absent = f"{org.kind}本身不参加评星，评星只评{'、'.join(rated_kinds)}。"
        else:
            absent = "本季度未参加评星。"
        stars = StarsView(count, column.current_quarter if count is not None else None,
                          tuple((d, d in met) for d in dims), column.tier(org_id), absent, aspects_label(len(dims)))
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
        children = self.children_links(org_id)
        parent = org.parent
        around = None
        if parent is not None:
            siblings = self.children_links(parent)
            index = self._place[org_id]
            around = Around(_as_link(siblings[index - 1]) if index else None,
                            _as_link(siblings[index + 1]) if index + 1 < len(siblings) else None,
                            "上一个组织", "下一个组织", _as_link(self.org_link(parent)))
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
                   RankView(column.rated_label, column.rank_move(org_id, "column"))),
            classification=tuple(org.classification.items()),
            steps=steps,
            standardized=column.standardized(org_id),
            ratio=column.standardized_ratio(org_id) if has_branches else None,
            summary=self.markdown(org.summary),
            sites=tuple(Link(f"{s.level}{s.title}", url_of("sites", s.id), e.site_date(s), column.site_status(s.id).label)
                        for s in sorted(self._sites_of.get(org_id, []), key=lambda s: (e.site_date(s), s.id))),
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
            around=around,
            **self._group_record(org_id),
        )

    def org_inputs(self, org_id: str) -> tuple | None:
        """What ``org(org_id)`` is computed from (see ``ViewsBase.epochs``); None without a build cache.

        Every organization page shows organizations and stars (its line of parents, its
        neighbours, its ranks), so all organizations and ratings; and its own sites,
        brands, deeds, pairings, ledger and events. A summary with figures (``{{ 授星 2022 }}``)
        may count anything: such a page reads every kind.
        """
        whole = self.epochs("orgs", "ratings")
        if whole is None:
            return None
        org = self.column.orgs[org_id]
        if org.summary and "{{" in org.summary:
            whole = tuple(sorted(self._epochs.items()))
        own = (self.record_keys("sites", self._sites_of.get(org_id, ())),
               self.record_keys("brands", self._brands_of.get(org_id, ())),
               self.record_keys("deeds", self._deeds_of.get(org_id, ())),
               self.record_keys("pairings", self._learner_of.get(org_id, ())),
               self.record_keys("pairings", self._benchmark_of.get(org_id, ())),
               # a ledger's file is named by its organization
               self.column.data.checked["ledgers"].get(org_id) if org_id in self.column.data.ledgers else "")
        if None in own:
            return None
        return whole, own, tuple(self._events_of.get(org_id, ()))

    def _group_record(self, org_id: str) -> dict:
        """A unit is seen through its branches: their stars now, and their record over the quarters."""
        column = self.column
        org = column.orgs[org_id]
        if org.kind in column.settings.rated_kinds:
            return {}
        members = column.subtree(org_id)
        rated = [o for o in members if column.stars(o) is not None]
        if not rated:
            return {}
        listed = ()
        if len(rated) <= BRANCHES_LISTED:
            listed = tuple(sorted((self.org_link(o) for o in rated), key=lambda link: (-link.stars, link.id)))
        kinds = column.standardization_kinds
        total = sum(column.orgs[o].members or 0 for o in members if column.orgs[o].kind in kinds)
        return {"trend": self.trend("ps-org-trend", org.label, members), "branch_stars": listed,
                "members_total": total or None}

    def children_links(self, org_id: str) -> tuple[OrgLink, ...]:
        """The organizations directly under ``org_id``, most stars first (as the grid lists them)."""
        links = self._children.get(org_id)
        if links is None:
            links = tuple(sorted((self.org_link(c) for c in self.column.children[org_id]),
                                 key=lambda link: (-(link.stars if link.stars is not None else -1), link.id)))
            self._children[org_id] = links
            self._place.update((link.id, place) for place, link in enumerate(links))
        return links

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
        if drawn is None:  # drawn when the page is rendered (a Drawing keeps its SVG once drawn)
            drawn = (charts.Drawing(_history_chart, name, tuple(history), column.top_stars),
                     charts.Drawing(_dimensions_chart, name, tuple(dims)))
            if self.charts_memo is not None:
                self.charts_memo[key] = drawn
        return {"history_chart": drawn[0], "dimensions": tuple((d, d in met, n, total) for d, n, total in dims),
                "dimensions_chart": drawn[1]}


    def grid_nodes(self) -> list[GridNode]:
        """The second-level organizations, each with its branches, best stars first."""
        column = self.column
        if column.root is None:
            return []

        def node(org_id: str) -> GridNode:
            return GridNode(self.org_link(org_id), tuple(node(k.id) for k in self.children_links(org_id)))

        return [node(child) for child in sorted(column.children[column.root])]


#: Stands for the organization's name while its charts are drawn: organizations with the same
#: record share one drawing, and only the name in its <title> is their own. (At 20,000
#: organizations there are 4,057 different star histories and 681 records by dimension.)
_NAME = "\x00ps-name\x00"


# Kept as UTF-8, half the memory of a str with Chinese in it: about 5 KB a drawing, 10 MB a cache at most.
@lru_cache(maxsize=2048)
def _history_drawing(history: tuple, top_stars: int) -> bytes:
    drawn = charts.both(lambda layout: charts.star_history("ps-history", f"{_NAME}历季星级", list(history), top_stars, layout))
    return str(drawn).encode("utf-8")


@lru_cache(maxsize=2048)
def _dimensions_drawing(dims: tuple) -> bytes:
    bars = [charts.Bar(d, n, f"{n}/{total} 季度") for d, n, total in dims]
    drawn = charts.both(lambda layout: charts.bars("ps-dims", f"{_NAME}各方面的达标季度数", bars,
                                                   max(total for _, _, total in dims), layout=layout))
    return str(drawn).encode("utf-8")


def _named(drawing: bytes, name: str) -> Markup:
    """A shared drawing with the organization's own name (escaped) in its titles."""
    return Markup(drawing.decode("utf-8").replace(_NAME, str(escape(name))))


def _history_chart(name: str, history: tuple, top_stars: int) -> Markup:
    return _named(_history_drawing(history, top_stars), name)


def _dimensions_chart(name: str, dims: tuple) -> Markup:
    return _named(_dimensions_drawing(dims), name)
