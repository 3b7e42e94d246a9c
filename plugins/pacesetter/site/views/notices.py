"""The quarters' notices (评星公示) and their list (templates: notice.html, notices.html).

A notice is the full result of a quarter's rating, as the committee announces it: every
rated branch by tier, then what changed (grants, removals with their reason, first
ratings), the namings of the quarter, until when objections are taken and to whom, and
the issuing body and date. Each quarter keeps its own address (notices/2022q4/), so a
shared link keeps its meaning when the next quarter is announced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...model.column import StarChange, Tier, tier_of
from ...terms import quarter_label
from .common import Around, Link, OrgLink, Pager, ViewsBase, arounds, paginate
from .timeline import EventView


@dataclass(frozen=True)
class NoticeRow:
    org: OrgLink
    before: int | None
    after: int
    dimensions: tuple[str, ...]  # granted or removed (or, in the full result, not met)
    previous_quarter: str | None
    note: str | None = None  # the rating's note: why a star was removed, for instance


@dataclass(frozen=True)
class NoticeView:
    quarter: str
    quarter_text: str
    announced: dt.date
    granted: tuple[NoticeRow, ...]
    removed: tuple[NoticeRow, ...]
    namings: tuple[EventView, ...]
    quarters: tuple[tuple[str, str, bool], ...]  # quarter, url, this one
    around: Around | None = None  # the notices of the quarters before and after
    until: dt.date | None = None  # the last day of the notice period
    results: tuple[tuple[Tier, tuple[NoticeRow, ...]], ...] = ()  # every rated organization, by tier
    first: tuple[NoticeRow, ...] = ()  # rated for the first time
    issuer: str = ""
    objections: str = ""  # whom to tell, during the notice period
    #: each tier with its count; its rows are listed here, or on the result pages when there are many
    tier_counts: tuple[tuple[Tier, int], ...] = ()
    results_url: str = ""  # the result pages, when the results are too many for this page
    #: all grants and removals, when this page lists only the first CHANGES_ON_NOTICE of them
    granted_total: int = 0
    removed_total: int = 0
    granted_url: str = ""
    removed_url: str = ""
    namings_total: int = 0  # namings of the quarter; the first CHANGES_ON_NOTICE are listed
    first_total: int = 0  # rated for the first time; the first CHANGES_ON_NOTICE are listed

    @property
    def rated(self) -> int:
        return sum(n for _, n in self.tier_counts)

    def rows_in(self, tier: Tier) -> tuple[NoticeRow, ...]:
        """The listed results of one tier (none when the results are on pages of their own)."""
        return next((rows for t, rows in self.results if t == tier), ())


@dataclass(frozen=True)
class NoticeChangesView:
    """One page of a large quarter's grants (or removals)."""

    title: str
    notice: Link
    word: str  # 新达标的方面 | 不再达标的方面
    removals: bool
    rows: tuple[NoticeRow, ...]
    pager: Pager | None = None


@dataclass(frozen=True)
class NoticeResultsView:
    """One page of a large quarter's full results, by tier, most stars first."""

    title: str
    notice: Link
    results: tuple[tuple[Tier, tuple[NoticeRow, ...]], ...]
    pager: Pager | None = None


@dataclass(frozen=True)
class NoticeSummary:
    quarter_text: str
    url: str
    announced: dt.date
    rated: int
    granted: int
    removed: int
    first: int
    current: bool


@dataclass(frozen=True)
class NoticesView:
    notices: tuple[NoticeSummary, ...]  # newest first
    current: NoticeSummary | None


def notice_url(quarter: str) -> str:
    """Every quarter's notice at its own address, the newest included."""
    return f"notices/{quarter.lower()}/"


#: A notice lists every result itself up to so many; a province's quarter goes to result pages.
RESULTS_ON_NOTICE = 200
RESULTS_PER_PAGE = 400
#: Grants (and removals) a notice lists itself; the rest are on pages of their own.
CHANGES_ON_NOTICE = 200


def part_url(quarter: str, part: str, number: int = 1) -> str:
    """A page of a large notice's ``part`` (results, granted, removed)."""
    base = f"{notice_url(quarter)}{part}/"
    return base if number == 1 else f"{base}page/{number}/"


class NoticeViews(ViewsBase):
    def _notice_row(self, change: StarChange, dimensions) -> NoticeRow:
        return NoticeRow(self.org_link(change.org), change.before, change.after, tuple(dimensions),
                         quarter_label(change.previous_quarter) if change.previous_quarter else None, change.note)

    def notice(self, quarter: str) -> NoticeView:
        column = self.column
        notice = column.notice(quarter)
        quarters = column.quarters  # oldest first
        links = [Link(f"{quarter_label(q)}评星公示", notice_url(q)) for q in quarters]
        around = arounds(links, len(links), "评星公示", lambda n: "notices/", "季度")[quarters.index(quarter)]
        many = len(notice.results) > RESULTS_ON_NOTICE
        counts = column.tier_counts(quarter)
        settings = column.settings
        return NoticeView(
            quarter, quarter_label(quarter), notice.announced,
            tuple(self._notice_row(c, c.granted) for c in notice.granted[:CHANGES_ON_NOTICE]),
            tuple(self._notice_row(c, c.removed) for c in notice.removed[:CHANGES_ON_NOTICE]),
            tuple(self.event(e) for e in notice.namings[:CHANGES_ON_NOTICE]),
            tuple((quarter_label(q), notice_url(q), q == quarter) for q in reversed(quarters)),
            around,
            until=notice.until,
            results=() if many else self._by_tier(notice.results),
            first=tuple(self._notice_row(c, ()) for c in notice.first[:CHANGES_ON_NOTICE]),
            issuer=settings.publisher,
            objections=settings.objections or settings.contact or settings.publisher,
            tier_counts=tuple((t, counts[t.key]) for t in column.tiers),
            results_url=part_url(quarter, "results") if many else "",
            granted_total=len(notice.granted), removed_total=len(notice.removed), namings_total=len(notice.namings),
            first_total=len(notice.first),
            granted_url=part_url(quarter, "granted") if len(notice.granted) > CHANGES_ON_NOTICE else "",
            removed_url=part_url(quarter, "removed") if len(notice.removed) > CHANGES_ON_NOTICE else "",
        )

    def _by_tier(self, changes) -> tuple[tuple[Tier, tuple[NoticeRow, ...]], ...]:
        column = self.column
        dimensions = column.settings.dimensions
        by_tier: dict[str, list[NoticeRow]] = {t.key: [] for t in column.tiers}
        for change in changes:
            unmet = tuple(d for d in dimensions if d not in change.met)
            by_tier[tier_of(change.after, column.tiers).key].append(self._notice_row(change, unmet))
        return tuple((t, tuple(by_tier[t.key])) for t in column.tiers if by_tier[t.key])

    def _part_pages(self, quarter: str, part: str, rows: list, title: str, view) -> list[tuple[str, str, object]]:
        """(source, title, build) of each page of a notice's ``part``; ``view(title, notice, rows, pager)``."""
        notice = Link(f"{quarter_label(quarter)}评星定级结果公示", notice_url(quarter))
        pages = paginate(rows, RESULTS_PER_PAGE, part_url(quarter, part), lambda n: part_url(quarter, part, n))
        specs = []
        for number, (chunk, pager) in enumerate(pages, start=1):
            src = part_url(quarter, part, number).rstrip("/") + ("/index.md" if number == 1 else ".md")
            page_title = title if number == 1 else f"{title}（第 {number} 页）"
            specs.append((src, page_title, lambda t=page_title, c=chunk, p=pager: view(t, notice, c, p)))
        return specs

    def notice_change_pages(self, quarter: str) -> list[tuple[str, str, object]]:
        """(source, title, build) of the pages of a large quarter's grants and removals; none for a small one."""
        notice = self.column.notice(quarter)
        specs = []
        for which, changes, label, word in (("granted", notice.granted, "授星", "新达标的方面"),
                                            ("removed", notice.removed, "摘星", "不再达标的方面")):
            if len(changes) > CHANGES_ON_NOTICE:
                removals = which == "removed"
                specs += self._part_pages(
                    quarter, which, list(changes), f"{quarter_label(quarter)}{label}名单",
                    lambda t, n, c, p, wd=word, r=removals: NoticeChangesView(
                        t, n, wd, r, tuple(self._notice_row(x, x.removed if r else x.granted) for x in c), p))
        return specs

    def notice_result_pages(self, quarter: str) -> list[tuple[str, str, object]]:
        """(source, title, build) of each result page of a quarter with many results; none for a small one."""
        results = list(self.column.notice(quarter).results)
        if len(results) <= RESULTS_ON_NOTICE:
            return []
        return self._part_pages(quarter, "results", results, f"{quarter_label(quarter)}评星结果",
                                lambda t, n, c, p: NoticeResultsView(t, n, self._by_tier(c), p))

    def notices(self) -> NoticesView:
        column = self.column
        summaries = []
        for quarter in reversed(column.quarters):
            notice = column.notice(quarter)
            summaries.append(NoticeSummary(quarter_label(quarter), notice_url(quarter), notice.announced,
                                           len(notice.results), len(notice.granted), len(notice.removed),
                                           len(notice.first), quarter == column.current_quarter))
        return NoticesView(tuple(summaries), summaries[0] if summaries else None)
