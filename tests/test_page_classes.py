"""分类定级 by year (views/classes.py; classes.html)."""

from __future__ import annotations

import re

from .sitebuild import soup, text


def test_the_latest_year_lists_each_grade_and_the_moves_since_the_year_before(site, demo_data):
    page = soup(site, "rankings/classes")
    assert page.select_one("article h1").get_text() == "2022 年度分类定级"
    branches = {o.id: o.classification for o in demo_data.orgs.values() if o.kind == "党支部"}
    for n, grade in enumerate(("先进", "中间", "后进"), start=1):
        listed = sorted(a["href"].rstrip("/").rsplit("/", 1)[-1]
                        for a in page.select(f'section[aria-labelledby="ps-grade-{n}"] a'))
        assert listed == sorted(o for o, c in branches.items() if c.get(2022) == grade), grade
    moved = [(c.get(2021), c.get(2022)) for c in branches.values() if c.get(2021) and c.get(2022)]
    order = {"先进": 0, "中间": 1, "后进": 2}
    up = sum(order[b] > order[a] for b, a in moved)
    converted = sum(b == "后进" and a != "后进" for b, a in moved)
    summary = text(site, "rankings/classes")
    assert f"{up} 个党支部等次提高（其中后进转化 {converted} 个）" in summary
    assert len(page.select('section[aria-labelledby="ps-moves"] h3#ps-up + ul li')) == up
    # the matrix: row 后进 of 2021, column 中间 of 2022
    row = next(tr for tr in page.select("section[aria-labelledby='ps-moves'] tbody tr") if tr.th.get_text() == "后进")
    assert int(row.select("td")[1].get_text()) == sum(b == "后进" and a == "中间" for b, a in moved)


def test_earlier_years_keep_their_own_page_and_the_rankings_lead_there(site):
    assert soup(site, "rankings/classes/2021").select_one("article h1").get_text() == "2021 年度分类定级"
    assert "与 2020 年度相比" not in text(site, "rankings/classes/2021")  # no year before it
    link = next(a for a in soup(site, "rankings").select("article a") if "classes" in a["href"])
    assert re.search(r"先进、中间、后进", link.get_text())


def test_a_provinces_grades_are_counted_and_their_lists_kept_short(views, monkeypatch):
    from pacesetter.site.views import classes

    monkeypatch.setattr(classes, "GRADE_LISTED", 20)
    monkeypatch.setattr(classes, "MOVES_LISTED", 5)
    view = views.classes(2022)
    counts = dict(zip(view.grade_names, view.grade_counts))
    assert sum(counts.values()) == 65 and counts["先进"] > 20
    listed = dict(view.grades)
    assert listed["先进"] == () and all(len(orgs) in (0, counts[g]) for g, orgs in listed.items())
    assert len(view.up) == 5 < view.up_total and view.converted == 11  # counted over all moves, not the listed ones
