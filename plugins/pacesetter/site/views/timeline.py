"""The timeline (大事记): a page a year and a page a kind of event (template: timeline.html)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from ...model.column import EVENT_KEY, EVENT_KINDS, Event
from ...terms import date_label
from .common import Pager, ViewsBase, url_of

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



class TimelineViews(ViewsBase):
    def event(self, event: Event) -> EventView:
        kind, entity_id = event.entity
        url = "" if kind == "column" else url_of(kind, entity_id)
        text = f"{event.date.year} 年" if event.precision == "year" else date_label(event.date)
        names = " ".join(self.column.orgs[o].name for o in event.orgs)
        stamp = str(event.date.year) if event.precision == "year" else event.date.isoformat()
        return EventView(event.date, text, event.kind, event.kind_label, event.title, url, names, stamp)


    def timeline_years(self) -> dict[int, list[Event]]:
        years: dict[int, list[Event]] = {}
        for event in self.column.timeline:
            years.setdefault(event.date.year, []).append(event)
        return years

    @cached_property
    def _event_kinds(self) -> frozenset[str]:
        # Once, not once per timeline page: a province has hundreds of pages and of thousands of events.
        return frozenset(e.kind for e in self.column.timeline)

    def timeline_inputs(self, events: list[Event], years: dict[int, list[Event]], pager: Pager | None) -> tuple | None:
        """What ``timeline`` is computed from (see ``ViewsBase.epochs``): its events themselves, the
        organizations they name, how many events each year has, and which kinds there are."""
        names = self.epochs("orgs")
        if names is None:
            return None
        return names, tuple(events), pager, tuple(sorted((y, len(v)) for y, v in years.items())), tuple(sorted(self._event_kinds))

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
