"""The shipped demo column: clean, and as rich as a real bureau's column."""

from __future__ import annotations

from collections import Counter

import pytest

from pacesetter.contract import load
from pacesetter.model import Column

from .conftest import DEMO


@pytest.fixture(scope="module")
def demo() -> Column:
    data, report = load(DEMO)
    assert report.ok, report.format()
    return Column(data)


def test_demo_tree(demo):
    levels = Counter(demo.levels.values())
    assert levels[1] == 1 and levels[2] >= 10 and levels[3] >= 60
    assert len(demo.levels) == len(demo.orgs)  # every organization hangs from the root
    systems = {demo.system_of(o) for o in demo.orgs if demo.level(o) == 3}
    assert len(systems) >= 5


def test_demo_ratings_gain_and_lose_stars(demo):
    assert len(demo.quarters) >= 6
    changes = demo.star_changes
    assert any(c.granted for c in changes) and any(c.removed for c in changes)
    # stars gained and lost in the latest quarter too, so the public notice is not empty
    latest = demo.changes_in(demo.current_quarter)
    assert any(c.granted for c in latest) and any(c.removed for c in latest)
    assert any(demo.stars(o, q) is None for o in demo.orgs if demo.level(o) == 3 for q in demo.quarters)


def test_demo_sites_brands_deeds(demo):
    data = demo.data
    assert len(data.sites) >= 12
    statuses = Counter(demo.site_status(s).key for s in data.sites)
    assert statuses["revoked"] >= 1 and statuses["active"] >= 10
    assert len(data.brands) >= 15
    assert len(data.deeds) >= 40 and all(d.honors for d in data.deeds.values())
    assert any(d.person is None for d in data.deeds.values())  # collective deeds too
    assert len(data.pairings) >= 5 and data.news and data.achievements


def test_demo_ledgers_have_open_closed_and_overdue_items(demo):
    progress = [demo.ledger_progress(o) for o in demo.data.ledgers]
    assert sum(p.closed for p in progress) and sum(p.open for p in progress) and sum(len(p.overdue) for p in progress)
    publics = Counter(ledger.public for ledger in demo.data.ledgers.values())
    assert publics[True] and publics[False]


def test_demo_campaign(demo):
    assert demo.target_ratio == 0.5 and demo.standardized_ratio().total >= 60
    assert [p.name for p in demo.settings.phases][0] == "全面启动"
    assert len(demo.timeline) > 300 and demo.timeline == sorted(demo.timeline)


def test_demo_text_is_chinese_not_filler(demo):
    texts = [d.story for d in demo.data.deeds.values()] + [n.body for n in demo.data.news.values()]
    assert all("lorem" not in t.lower() and "测试" not in t for t in texts)
    assert len({d.story for d in demo.data.deeds.values()}) == len(demo.data.deeds)  # no copy-paste
