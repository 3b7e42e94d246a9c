"""The view layer decides what each page shows; tested here without a build."""

from __future__ import annotations

from pacesetter.model import load_column
from pacesetter.site.pages import site_pages
from pacesetter.site.views import Views, paginate

from .conftest import ROOT, nav_pages


def test_paginate_bounds_every_page():
    pages = paginate(list(range(7)), 3, "deeds/", lambda n: f"deeds/page/{n}/")
    assert [chunk for chunk, _ in pages] == [[0, 1, 2], [3, 4, 5], [6]]
    first, middle, last = (pager for _, pager in pages)
    assert (first.previous, first.next) == (None, "deeds/page/2/")
    assert (middle.previous, middle.next) == ("deeds/", "deeds/page/3/")
    assert (last.number, last.total, last.next) == (3, 3, None)
    assert paginate([1], 3, "x/", str) == [([1], None)]
    assert paginate([], 3, "x/", str) == [([], None)]


def test_a_long_list_s_pager_shows_the_ends_and_the_pages_around_this_one():
    pages = paginate(list(range(100)), 1, "t/", lambda n: f"t/page/{n}/")

    def shown(number):
        pager = pages[number - 1][1]
        assert all(url == ("t/" if n == 1 else f"t/page/{n}/") for n, url in pager.pages)
        return [n for n, _ in pager.pages]

    assert shown(1) == [1, 2, 3, 100]
    assert shown(50) == [1, 48, 49, 50, 51, 52, 100]
    assert shown(100) == [1, 98, 99, 100]
    # a gap of one page shows that page rather than "…"
    assert shown(5) == [1, 2, 3, 4, 5, 6, 7, 100]
    assert shown(96) == [1, 94, 95, 96, 97, 98, 99, 100]
    few = paginate(list(range(7)), 1, "t/", lambda n: f"t/page/{n}/")
    assert [n for n, _ in few[3][1].pages] == [1, 2, 3, 4, 5, 6, 7]
    # the "跳到第 … 页" box knows the rule of the addresses, and is not offered where there is none
    assert {pager.jump for _, pager in pages} == {"t/"}
    assert paginate(list(range(7)), 1, "t/", lambda n: f"t/{n}.html")[0][1].jump is None


def test_every_page_has_a_unique_source_and_a_view(views):
    specs = site_pages(views)
    sources = [s.src_uri for s in specs]
    assert len(sources) == len(set(sources))
    generated = {s.src_uri for s in specs if s.in_nav}
    hand_written = {p.relative_to(ROOT / "content").as_posix() for p in (ROOT / "content").rglob("*.md")}
    assert generated == set(nav_pages()) - hand_written  # every nav entry but the hand-written pages
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


def test_the_rankings_are_counted_for_the_page_list_as_their_rows_are_made(tmp_path):
    """The page list counts a ranking's rows (``Rankings.row_count``); a page makes its rows only
    when it is rendered. The count must be the rows' number, or a ranking would lose or repeat pages."""
    from pacesetter.site.pages import RANKING_PER_PAGE
    from pacesetter.synth import main as synth

    assert synth(["--orgs", "600", "--seed", "3", "--out", str(tmp_path / "data")]) == 0
    views = Views(load_column(tmp_path / "data"), lambda text: text)
    rankings = views.rankings
    for kind in ("stars", "progress"):
        for scope in rankings.scopes():
            assert rankings.row_count(kind, scope) == len(rankings.rows(kind, scope)), (kind, scope.key)
    assert sum(rankings.row_count("progress", scope) for scope in rankings.scopes()) > 0
    # Every organization of a ranking is on exactly one of its pages, in the order of its rows.
    listed = [spec for spec in site_pages(views) if spec.src_uri.startswith("rankings/stars/") and "/system/" not in spec.src_uri
              and "/category/" not in spec.src_uri]
    shown = [row.org.id for spec in listed for row in spec.build().rows]
    assert shown == [row.org.id for row in rankings.rows("stars", rankings.scopes()[0])]
    assert len(listed) == -(-len(shown) // RANKING_PER_PAGE) > 1
