"""The search page and what the index knows of each page (template: search.html, search-tags.html)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from ...search.facets import facet_files
from .common import LEVEL_LABELS, ViewsBase

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
        return 10 if self.kind in ("组织", "系统") else 5

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
class SearchPageView:
    """The search filters: for each facet, its label and its values with the file listing their pages."""

    facets: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...]  # name, label, ((value, file url), …)
    stop_pairs: str = ""  # the pairs the page leaves out of its queries, space-separated
    parts: tuple[str, ...] = ()  # the index's parts beyond the first, site-relative folders (search/index.py)
    group: int = 1  # the most pages that go to a part together (an organization's: search/index.py ``parts``)


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


SEARCH_KINDS = ("组织", "系统", "示范点", "品牌", "榜样", "结对", "成果", "动态", "公示", "定级")
#: The kind of hand-written pages for readers, offered as a filter when there are any.
READERS_PAGES = "说明"



class SearchViews(ViewsBase):
    def search_tags(self, kind: str, org_id: str, date: dt.date | None = None, names: tuple[str, ...] = ()) -> SearchTags:
        column = self.column
        return SearchTags(kind, column.orgs[org_id].name, LEVEL_LABELS.get(column.level(org_id), ""),
                          column.system_of(org_id) or "", str(date.year) if date else "", names)


    def search_options(self) -> dict[str, list[str]]:
        """The values a reader can filter search results by, facet by facet."""
        systems, years = self._search_values
        return {
            "kind": list(SEARCH_KINDS) + ([READERS_PAGES] if self.readers_pages else []),
            "level": list(LEVEL_LABELS.values()),
            "system": list(systems),
            "year": list(years),
        }

    @cached_property
    def _search_values(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        # Once a build, from the model alone (whether readers' pages are searched is known later):
        # the search page, its shell and the index's settings each ask, and a province's timeline
        # is hundreds of thousands of events (0.4 s a time at 20,000 organizations).
        column = self.column
        return (tuple(sorted({s for o in column.orgs if (s := column.system_of(o))})),
                tuple(str(year) for year in sorted({e.date.year for e in column.timeline}, reverse=True)))

    def search_page(self, stop: frozenset = frozenset()) -> SearchPageView:
        labels = {"kind": "类别", "level": "网格层级", "system": "系统", "year": "年份"}
        files = facet_files(self.search_options())
        return SearchPageView(tuple((facet, labels[facet], tuple(files[facet].items())) for facet in files),
                              " ".join(sorted(stop)), self.search_parts, self.search_group)
