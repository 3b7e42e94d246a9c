"""The timeline, 大事记 (views/timeline.py; timeline.html)."""

from __future__ import annotations

import os
from pathlib import Path

from .sitebuild import soup


def test_demo_timeline_pages_are_in_order(site):
    # A year is paginated (200 events a page); its pages together run from December back to January.
    times, url, pages = [], "timeline", 0
    while url:
        page = soup(site, url)
        found = [t["datetime"] for t in page.select(".ps-timeline time")]
        assert 0 < len(found) <= 200
        times += found
        pages += 1
        following = page.select_one('a[rel="next"]')
        url = (Path(url) / following["href"]).as_posix() if following else None
        url = os.path.normpath(url) if url else None
    assert pages >= 2
    assert times == sorted(times, reverse=True) and times[0].startswith("2022-12") and times[-1] == "2022"
    # facts known only by their year close the year under their own heading, not December's
    last = soup(site, url_last) if (url_last := "timeline/page/" + str(pages)) else None
    headings = [h.get_text() for h in last.select("#ps-events h2")]
    assert headings[-1] == "2022 年全年（只记到年份的事）" and "2022 年 12 月" not in headings[-1:]
    revoked = soup(site, "timeline/kind/site_revoked").select(".ps-timeline li")
    assert [li.time["datetime"] for li in revoked] == ["2022-09-28"]
