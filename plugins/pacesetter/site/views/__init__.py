"""Typed objects for the templates: everything a page shows, computed, sorted and linked.

Templates only render these objects; counting, sorting and choosing what is public
happen here, where tests can reach them without a build. Nothing here imports MkDocs.

One module per family of pages, each with its view objects and the part of ``Views``
that builds them; a family's template is named in its module's first line:

- ``orgs`` — the grid and the organizations' pages
- ``records`` — sites, brands, deeds, pairings, achievements, news
- ``rankings`` — 排行
- ``systems`` — 系统
- ``classes`` — 分类定级, by year
- ``namings`` — 年度命名 (先锋系统, 模范机关)
- ``timeline`` — 大事记
- ``notices`` — 评星公示
- ``home``, ``data``, ``search`` — the pages of those names
- ``trends`` — a group's record over the quarters (走势), on several pages
- ``common`` — links, photos, pagination and the indexes all of them read
"""

from __future__ import annotations

from .classes import ClassViews
from .common import LEVEL_LABELS, Link, ListView, OrgLink, Pager, Photo, paginate, percent, url_of
from .data import DOWNLOADS, DataViews
from .home import HOME_CHANGES, HomeViews
from .namings import NamingViews
from .notices import NoticeViews
from .orgs import GridView, OrgViews, RankView
from .records import RecordViews
from .search import READERS_PAGES, SEARCH_KINDS, SearchTags, SearchViews, cjk_bigrams, pair_token, stop_pairs
from .systems import SystemViews
from .timeline import TimelineViews
from .trends import TrendViews

__all__ = [
    "DOWNLOADS", "GridView", "HOME_CHANGES", "LEVEL_LABELS", "Link", "ListView", "OrgLink", "Pager", "Photo",
    "READERS_PAGES", "RankView", "SEARCH_KINDS", "SearchTags", "Views", "cjk_bigrams", "paginate", "pair_token",
    "percent", "stop_pairs", "url_of",
]


class Views(OrgViews, RecordViews, TimelineViews, NoticeViews, HomeViews, SearchViews, DataViews, TrendViews,
            SystemViews, ClassViews, NamingViews):
    """Builds the view of each page from the column model."""
