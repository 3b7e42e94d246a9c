"""What every family of pages shares: links, photos, pagination and the model's indexes.

Each page family (organizations, records, timeline, notices, home, search, data,
rankings) has its own module beside this one, with its view objects and a mixin of
``Views`` that builds them; its template is ``overrides/pacesetter/<page>.html``.
URLs are site-relative directory URLs ("orgs/sw-nafu/"); templates pass them through
MkDocs' ``url`` filter to make them relative to the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ... import cache as build_cache
from ...model.column import Column, Event, Tier
from ...model.figures import fill
from ...photos import DEFAULT_WIDTH
from ...slugs import slugs
from ...terms import percent
from ..markdown import RenderFn

LEVEL_LABELS = {1: "一级网格", 2: "二级网格", 3: "三级网格"}


def url_of(kind: str, entity_id: str) -> str:
    return f"{kind}/{entity_id}/"


def ratio_text(ratio) -> str:
    """A 达标 ratio as the tables write it: 75.0%（6/8）."""
    return f"{percent(ratio.value)}（{ratio.done}/{ratio.total}）"


@dataclass(frozen=True)
class OrgLink:
    id: str
    name: str
    url: str
    level: int
    stars: int | None
    tier: Tier | None
    short: str = ""  # the short name (简称), or the name; where room is scarce, as in a trail


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    date: dt.date | None = None
    meta: str = ""


@dataclass(frozen=True)
class Photo:
    url: str  # the rendition for browsers that ignore srcset
    width: int
    height: int
    alt: str
    #: (url, width) of every published width, for srcset
    srcset: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class Around:
    """Where a detail page sits in its list: its neighbours, and the list page that shows it."""

    previous: Link | None  # the item listed before it (newer, in the column's lists)
    next: Link | None  # the item listed after it
    previous_label: str = "上一条"
    next_label: str = "下一条"
    back: Link | None = None  # the list page holding the item (its title says which page of the list)


def arounds(links: list[Link], per_page: int, list_title: str, list_url, noun: str = "条") -> list[Around]:
    """For each item of a list split into pages of ``per_page``: its neighbours and its list page."""
    result = []
    for index in range(len(links)):
        number = index // per_page + 1
        back = Link(list_title if number == 1 else f"{list_title}（第 {number} 页）", list_url(number))
        result.append(Around(links[index - 1] if index else None, links[index + 1] if index + 1 < len(links) else None,
                             f"上一{noun}", f"下一{noun}", back))
    return result


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    previous: str | None
    next: str | None
    #: The page numbers shown, each with its address (``pager_window``): the first, the last and
    #: those around this one. The pager prints "…" where numbers are left out between two.
    pages: tuple[tuple[int, str], ...]
    #: The first page's address when page n is at ``{jump}page/{n}/`` (every list of the column):
    #: the pager's "跳到第 … 页" box goes there. None where the addresses follow no such rule.
    jump: str | None = None


#: Page numbers shown on either side of the current one (Material's blog shows as many).
PAGER_REACH = 2


def pager_window(number: int, total: int, reach: int = PAGER_REACH) -> list[int]:
    """The page numbers a pager shows on page ``number`` of ``total``: the first, the last and
    ``reach`` on either side of ``number``. A gap of a single page shows that page instead of
    "…", which would take as much room.

    Every number of a long list made the pager a wall of links (a year of a province's events
    is 521 pages: 13.5 KB of links on each, two phone screens tall). A page far from this one
    is reached with the pager's "跳到第 … 页" box (``Pager.jump``).
    """
    shown = sorted({1, total, *range(max(1, number - reach), min(total, number + reach) + 1)})
    return sorted({*shown, *(a + 1 for a, b in zip(shown, shown[1:]) if b - a == 2)})


@dataclass(frozen=True)
class ListView:
    title: str
    intro: str
    items: tuple[Link, ...]
    pager: Pager | None = None


class ViewsBase:
    """The model, the Markdown renderer and the indexes every family of views reads."""

    @cached_property
    def system_slugs(self) -> dict[str, str]:
        """The systems that have branches, each with the slug of its pages (systems/…, rankings/…/system/…)."""
        column = self.column
        return slugs(sorted({s for o in column.branches() if (s := column.system_of(o))}))

    def system_url(self, system: str) -> str:
        return url_of("systems", self.system_slugs[system])

    def __init__(self, column: Column, render: RenderFn, photo_sizes=None, charts_memo: dict | None = None):
        self.column = column
        self.render = render
        #: A photo's path → (url, width, height) of each published width, narrowest first.
        self.photo_sizes = photo_sizes or (lambda path: ((path, 0, 0),))
        #: Organization charts by what they show, kept between the live preview's rebuilds.
        self.charts_memo = charts_memo
        #: The search index's parts beyond the first, set by the plugin once it knows the indexed pages.
        self.search_parts: tuple[str, ...] = ()
        #: The most indexed pages that go to one part together (set by the plugin).
        self.search_group = 1
        #: Whether hand-written pages for readers are searched (set by the plugin).
        self.readers_pages = False
        self._links: dict[str, OrgLink] = {}
        #: each parent's children in the grid's order (OrgViews.children_links)
        self._children: dict[str, tuple[OrgLink, ...]] = {}
        self._place: dict[str, int] = {}  # an organization's place among its parent's children_links
        data = column.data
        self._sites_of = group(data.sites.values(), lambda s: s.org)
        self._brands_of = group(data.brands.values(), lambda b: b.owner)
        self._deeds_of = group(data.deeds.values(), lambda d: d.org)
        self._learner_of = group(data.pairings.values(), lambda p: p.learner)
        self._benchmark_of = group(data.pairings.values(), lambda p: p.benchmark)
        self._events_of: dict[str, list[Event]] = {}
        for event in column.timeline:
            for org_id in event.orgs:
                self._events_of.setdefault(org_id, []).append(event)

    # --- what a page is computed from ---------------------------------------------------
    #
    # With a build cache, a page whose inputs are as in an earlier build keeps its article
    # without its view being built (site/stamp.py). A page's inputs name the data it reads:
    # a kind of records as a whole (its ``epoch``), or single records by the key their check
    # was kept under (``ColumnData.checked``), or derived values themselves (events). Two builds
    # with the same inputs must give the same view; ``pacesetter build --verify-cache`` renders
    # every reused article again and fails on any difference, and the warm-build tests run with it.

    @cached_property
    def _epochs(self) -> dict[str, str] | None:
        """Each kind's records as one digest of their files' keys; None without a build cache."""
        checked = self.column.data.checked
        if not checked:
            return None
        return {kind: build_cache.digest(*keys.values()) for kind, keys in checked.items()}

    def epochs(self, *kinds: str) -> tuple[str, ...] | None:
        """The inputs of a page that reads the whole of ``kinds`` (and column.yaml, which every page reads)."""
        epochs = self._epochs
        return None if epochs is None else tuple(epochs[kind] for kind in kinds)

    def record_keys(self, kind: str, records) -> tuple[str, ...] | None:
        """The inputs of a page that reads these records of ``kind``; None when one is not known."""
        keys = self.column.data.checked.get(kind, {})
        found = tuple(keys.get(record.id) for record in records)
        return None if None in found else found

    def markdown(self, text: str | None) -> Markup | None:
        """An editor's Markdown, its figures (``{{ 授星 2022 }}``) filled in from the data, as safe HTML."""
        return self.render(fill(self.column, text))

    def org_link(self, org_id: str) -> OrgLink:
        link = self._links.get(org_id)
        if link is None:
            column = self.column
            org = column.orgs[org_id]
            stars = column.stars(org_id)
            link = OrgLink(org_id, org.name, url_of("orgs", org_id), column.level(org_id), stars, column.tier(org_id),
                           org.label)
            self._links[org_id] = link
        return link

    def photos(self, paths: list[str], alt: str) -> tuple[Photo, ...]:
        result = []
        for index, path in enumerate(paths, start=1):
            sizes = self.photo_sizes(path)
            url, width, height = next((size for size in sizes if size[1] >= DEFAULT_WIDTH), sizes[-1])
            result.append(Photo(url, width, height, f"{alt}（照片 {index}）", tuple((u, w) for u, w, _ in sizes)))
        return tuple(result)


def group(items, key) -> dict[str, list[Any]]:
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
    jump = first_url if all(url == f"{first_url}page/{n}/" for n, url in enumerate(urls[1:], start=2)) else None
    return [
        (chunk, Pager(n, len(chunks), urls[n - 2] if n > 1 else None, urls[n] if n < len(chunks) else None,
                      tuple((shown, urls[shown - 1]) for shown in pager_window(n, len(chunks))), jump))
        for n, chunk in enumerate(chunks, start=1)
    ]
