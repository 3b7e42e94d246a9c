"""What Pagefind is given of a page: the page cut down to what it indexes.

Pagefind parses every element of a page, also those it is told to leave out: the
header and menus before ``data-pagefind-body``, and inside it the charts, rankings and
timelines marked ``data-pagefind-ignore``. At 20,000 organizations that parsing was
two thirds of its work (3,000 organization pages: 3.9 s of CPU as published, 1.4 s cut
down; measured with ``pagefind --site``). The stand-in keeps what Pagefind reads (the
``<html>`` element with its language, the title, the indexed element) and drops the
ignored parts that hold nothing it reads; ``tests/test_search.py`` checks that the index
of the stand-ins is byte for byte the index of the published pages.

The templates write these elements (the column's own markup: names and texts inside them
are escaped), so an element's end is found by counting the tags of its name. A page that
does not look as expected is given to Pagefind whole: the stand-in only saves time.
"""

from __future__ import annotations

import os
import re
import struct
from pathlib import Path

_BODY = "data-pagefind-body"
_IGNORE = "data-pagefind-ignore"
#: Any of Pagefind's attributes: an ignored part holding one (a page's kind, say, kept as
#: metadata and left out of the text) is kept whole.
_PAGEFIND = "data-pagefind-"
#: A start tag; quoted attribute values may hold ">".
_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_HTML = re.compile(r"<html\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.IGNORECASE)
_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL | re.IGNORECASE)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_TAGS: dict[str, re.Pattern] = {}
_RECORD = struct.Struct("<II")  # a spooled page: its address's length and its stand-in's


def _end(html: str, name: str, start: int) -> int | None:
    """Where the element whose start tag ends at ``start`` ends (after its end tag), or None."""
    tags = _TAGS.get(name)
    if tags is None:
        tags = _TAGS[name] = re.compile(rf"<(/?){name}(?=[\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
    depth = 1
    for tag in tags.finditer(html, start):
        if tag.group(1):
            depth -= 1
            if depth == 0:
                return tag.end()
        elif not tag.group(0).endswith("/>"):
            depth += 1
    return None


def _element(html: str, at: int) -> tuple[int, re.Match] | None:
    """The start tag holding position ``at`` (an attribute's place): where it starts, and its match."""
    start = html.rfind("<", 0, at)
    tag = _START.match(html, start) if start >= 0 else None
    return (start, tag) if tag is not None and tag.end() > at else None


def stand_in(html: str) -> str:
    """The page as Pagefind needs it; the page itself when it is not one of the expected shape."""
    found = html.find(_BODY)
    if found < 0 or html.find(_BODY, found + 1) >= 0:
        return html
    body = _element(html, found)
    root = _HTML.search(html)
    if body is None or root is None:
        return html
    body_start, body_tag = body
    body_end = _end(html, body_tag.group(1), body_tag.end())
    if body_end is None:
        return html
    kept = []
    copied = at = body_start  # copied up to ``copied``; looking from ``at``
    while True:
        found = html.find(_IGNORE, at, body_end)
        if found < 0:
            break
        ignored = _element(html, found)
        if ignored is None:
            return html
        start, tag = ignored
        name, attributes = tag.group(1).lower(), tag.group(2)
        if attributes.replace(_IGNORE, "").find(_PAGEFIND) >= 0 or name in _VOID or attributes.endswith("/"):
            at = tag.end()  # metadata, or nothing inside: left as it is
            continue
        end = _end(html, tag.group(1), tag.end())
        if end is None or end > body_end:
            return html
        if html.find(_PAGEFIND, tag.end(), end) < 0:  # else it holds metadata: left as it is
            kept.append(html[copied:start])
            copied = end
        at = end
    kept.append(html[copied:body_end])
    title = _TITLE.search(html, 0, body_start)
    return "".join(["<!doctype html>", root.group(0), "<head>", title.group(0) if title else "", "</head><body>",
                    *kept, "</body></html>"])


class Spool:
    """Stand-ins written as the pages are, to be handed to Pagefind after the page writers
    have exited: one file for each process, in a folder this build made for them.

    The pages are written by forked workers; each appends to its own file, and flushes
    after each batch of pages (``flush``), since a pool's workers are ended without
    flushing anything.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._file = None
        self._pid = 0

    def add(self, url: str, data: bytes) -> None:
        """Keep ``data``, the stand-in of the page at ``url`` ("/orgs/x/") in UTF-8."""
        if self._pid != os.getpid():  # a worker: never the file of the process it was forked from
            self._pid = os.getpid()
            self._file = open(self.folder / f"{self._pid}.standins", "ab")
        key = url.encode("utf-8")
        self._file.write(_RECORD.pack(len(key), len(data)) + key + data)

    def flush(self) -> None:
        if self._file is not None and self._pid == os.getpid():
            self._file.flush()

    def pages(self) -> dict[str, bytes]:
        """Each spooled page's stand-in (UTF-8), by address."""
        self.flush()
        found = {}
        for path in sorted(self.folder.glob("*.standins")):
            data = path.read_bytes()
            at = 0
            while at + _RECORD.size <= len(data):
                key_length, length = _RECORD.unpack_from(data, at)
                at += _RECORD.size + key_length
                found[data[at - key_length:at].decode("utf-8")] = data[at:at + length]
                at += length
        return found
