"""The quarter's notice (评星公示): grants, removals and namings (template: notice.html)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...terms import quarter_label
from .common import Around, Link, OrgLink, ViewsBase
from .timeline import EventView

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
    granted: tuple[NoticeRow, ...]
    removed: tuple[NoticeRow, ...]
    namings: tuple[EventView, ...]
    quarters: tuple[tuple[str, str, bool], ...]  # quarter, url, this one
    around: Around | None = None  # the notices of the quarters before and after

class NoticeViews(ViewsBase):
    def _notice_row(self, change, dimensions) -> NoticeRow:
        return NoticeRow(self.org_link(change.org), change.before, change.after, tuple(dimensions),
                         quarter_label(change.previous_quarter) if change.previous_quarter else None)

    def notice(self, quarter: str, quarter_url) -> NoticeView:
        notice = self.column.notice(quarter)
        quarters = self.column.quarters  # oldest first
        index = quarters.index(quarter)

        def link(q: str) -> Link:
            return Link(f"{quarter_label(q)}评星公示", quarter_url(q))

        around = Around(link(quarters[index - 1]) if index else None,
                        link(quarters[index + 1]) if index + 1 < len(quarters) else None, "上一季度", "下一季度")
        return NoticeView(
            quarter, quarter_label(quarter), notice.announced,
            tuple(self._notice_row(c, c.granted) for c in notice.granted),
            tuple(self._notice_row(c, c.removed) for c in notice.removed),
            tuple(self.event(e) for e in notice.namings),
            tuple((quarter_label(q), quarter_url(q), q == quarter) for q in reversed(quarters)),
            around,
        )
