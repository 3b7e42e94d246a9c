"""The Atom feed (RFC 4287) of news and deeds: the latest 50, with absolute links.

Entry dates are the facts' own dates at 00:00 China time, and the feed's ``updated``
is the latest of them, so the feed is the same on every build of the same data.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

from ..model.column import Column

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
CHINA = dt.timezone(dt.timedelta(hours=8))
FEED_PATH = "feed.xml"


@dataclass(frozen=True)
class FeedEntry:
    path: str  # site-relative URL of the page
    title: str
    date: dt.date
    kind: str
    summary: str


def _stamp(date: dt.date) -> str:
    return dt.datetime(date.year, date.month, date.day, tzinfo=CHINA).isoformat()


def _summary(markdown_text: str | None, limit: int = 160) -> str:
    text = " ".join((markdown_text or "").replace("#", " ").split())
    return text if len(text) <= limit else text[:limit] + "…"


def entries(column: Column) -> list[FeedEntry]:
    data = column.data
    items = [FeedEntry(f"news/{n.id}/", n.title, n.date, n.kind, _summary(n.body)) for n in data.news.values()]
    items += [FeedEntry(f"deeds/{d.id}/", d.title, d.date, "身边的榜样", _summary(d.story)) for d in data.deeds.values()]
    items.sort(key=lambda e: (e.date, e.path), reverse=True)
    return items[:LIMIT]


def atom(column: Column, site_url: str) -> bytes:
    ET.register_namespace("", ATOM)
    items = entries(column)
    settings = column.settings
    base = site_url if site_url.endswith("/") else site_url + "/"
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})

    def child(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    child(feed, "id", base)
    child(feed, "title", f"{settings.title}：工作动态与身边的榜样")
    child(feed, "updated", _stamp(items[0].date if items else column.as_of))
    child(feed, "link", rel="self", type="application/atom+xml", href=urljoin(base, FEED_PATH))
    child(feed, "link", rel="alternate", type="text/html", href=base)
    author = child(feed, "author")
    child(author, "name", settings.publisher)
    for item in items:
        entry = child(feed, "entry")
        url = urljoin(base, item.path)
        child(entry, "id", url)
        child(entry, "title", item.title)
        child(entry, "updated", _stamp(item.date))
        child(entry, "published", _stamp(item.date))
        child(entry, "link", rel="alternate", type="text/html", href=url)
        child(entry, "category", term=item.kind)
        child(entry, "summary", item.summary)
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"
