"""The view layer decides what each page shows; tested here without a build."""

from __future__ import annotations

import pytest

from pacesetter.model import load_column
from pacesetter.model.column import RankMove
from pacesetter.model.ranking import Ranked
from pacesetter.site.markdown import Renderer
from pacesetter.site.pages import site_pages
from pacesetter.site.views import RankView, Views, paginate

from .conftest import DEMO


@pytest.fixture(scope="module")
def views() -> Views:
    return Views(load_column(DEMO), Renderer(), lambda path: ((path + "@480.png", 480, 270),))


def test_paginate_bounds_every_page():
    pages = paginate(list(range(7)), 3, "deeds/", lambda n: f"deeds/page/{n}/")
    assert [chunk for chunk, _ in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    first, middle, last = (pager for _, pager in pages)
    assert (first.previous, first.next) == (None, "deeds/page/2/")
    assert (middle.previous, middle.next) == ("deeds/", "deeds/page/3/")
    assert (last.number, last.total, last.next) == (3, 3, None)
    assert paginate([1], 3, "x/", str) == [([1], None)]
    assert paginate([], 3, "x/", str) == [([], None)]


def test_private_ledger_view_has_counts_and_no_items(views):
    view = views.org("zj-gongjijin")
    assert view.ledger.public is False and view.ledger.items == ()
    assert (view.ledger.progress.total, view.ledger.progress.closed, len(view.ledger.progress.overdue)) == (5, 2, 2)
    assert view.ledger.close_rate == "40.0%"


def test_public_ledger_items_carry_their_status(views):
    statuses = {row.item.id: row.status for row in views.org("jy-tejiao").ledger.items}
    assert statuses == {"2022-01": "已销号", "2022-02": "已销号", "2022-03": "已逾期"}
    statuses = {row.item.id: row.status for row in views.org("sw-donglin").ledger.items}
    assert statuses["2022-04"] == "整改中"  # due on as_of: open, not yet overdue


@pytest.mark.parametrize(("current", "previous", "text", "change"), [
    (Ranked(2, "a", 5, True, 8), Ranked(5, "a", 4, False, 8), "第 2 名（并列），共 8 个", "比上季度上升 3 名"),
    (Ranked(6, "a", 3, False, 8), Ranked(1, "a", 6, False, 8), "第 6 名，共 8 个", "比上季度下降 5 名"),
    (Ranked(1, "a", 6, False, 8), Ranked(1, "a", 6, True, 8), "第 1 名，共 8 个", "与上季度持平"),
    (Ranked(1, "a", 6, False, 8), None, "第 1 名，共 8 个", "上季度无排名"),
    (None, None, "本季度未参加评星", ""),
])
def test_rank_wording(current, previous, text, change):
    view = RankView("同一上级的组织", RankMove(current, previous))
    assert (view.text, view.change_text) == (text, change)


def test_home_phases_against_as_of(views):
    home = views.home()
    assert [(p.name, p.state) for p in home.phases] == [
        ("全面启动", "done"), ("深入推进", "done"), ("回头看", "done"), ("总结完善", "current")]
    assert home.counts[1] == ("有效示范点", 12, "sites/")  # 13 named, one revoked


def test_grid_groups_branches_best_first(views):
    groups = {g.org.id: g for g in views.grid_nodes()}
    assert len(groups) == 12
    stars = [child.org.stars for child in groups["sw-dangwei"].children]
    assert stars == sorted(stars, reverse=True)


def test_org_children_best_first_and_breadcrumb(views):
    view = views.org("sw-nafu")
    assert [a.id for a in view.breadcrumb] == ["szjg-gongwei", "sw-dangwei"]
    assert [s.url for s in view.sites] == ["sites/sw-nafu-shengji/", "sites/sw-nafu-jingpin/"]
    assert view.standardized and view.stars.count == 6
    assert view.timeline == tuple(sorted(view.timeline, key=lambda ev: ev.date, reverse=True))


def test_every_page_has_a_unique_source_and_a_view(views):
    specs = site_pages(views)
    sources = [s.src_uri for s in specs]
    assert len(sources) == len(set(sources))
    assert sum(s.in_nav for s in specs) == 12  # every nav entry but the hand-written guide
    for spec in specs:
        assert spec.build() is not None, spec.src_uri


def test_no_generated_page_grows_with_the_province(tmp_path):
    """The home page lists the first 30 changes of the quarter, a year of events is paginated."""
    from pacesetter.site.pages import TIMELINE_PER_PAGE
    from pacesetter.site.views import HOME_CHANGES
    from pacesetter.synth import main as synth

    assert synth(["--orgs", "400", "--seed", "1", "--out", str(tmp_path / "data")]) == 0
    views = Views(load_column(tmp_path / "data"), lambda text: text)
    home = views.home()
    assert home.granted_orgs > HOME_CHANGES and len(home.granted) == HOME_CHANGES
    assert home.removed_orgs > HOME_CHANGES and len(home.removed) == HOME_CHANGES
    timeline = [spec for spec in site_pages(views) if spec.template == "pacesetter/timeline.html"]
    for spec in timeline:
        view = spec.build()
        assert sum(len(month.events) for month in view.months) <= TIMELINE_PER_PAGE, spec.src_uri
    assert any("/page/" in spec.src_uri and spec.src_uri.startswith("timeline/page/") for spec in timeline)
