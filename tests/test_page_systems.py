"""Systems: their list and a page each (views/systems.py; systems.html, system.html)."""

from __future__ import annotations

import posixpath

from .sitebuild import soup, text


def test_every_system_with_branches_has_a_page_led_to_from_the_rankings(site, views):
    listed = {a.get_text(): a["href"] for a in soup(site, "systems").select("article tbody th a")}
    assert set(listed) == set(views.system_slugs) and len(listed) == 12
    ranking_links = {a.get_text(): a["href"] for a in soup(site, "rankings").select("article tbody th a")
                     if "systems/" in a["href"]}
    assert set(ranking_links) == set(listed)  # the rankings' table of systems leads to their pages
    for name, href in listed.items():
        page = soup(site, posixpath.normpath(posixpath.join("systems", href)))
        assert page.select_one("article h1").get_text() == name
        assert page.select_one(".md-tabs__item--active").get_text(strip=True) == "组织"
        assert [a.get_text() for a in page.select(".ps-breadcrumb a")] == ["首页", "系统"]


def test_a_systems_page_shows_its_branches_standing_and_record(site, views):
    column = views.column
    page = soup(site, "systems/shui-wu-xi-tong")
    branches = [o for o in column.branches_of_system("税务系统") if column.stars(o) is not None]
    listed = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select(".ps-branch-stars a")]
    assert sorted(listed) == sorted(branches)
    assert [column.stars(o) for o in listed] == sorted((column.stars(o) for o in listed), reverse=True)
    row = next(r for r in views.rankings.overview().systems.rows if r.label == "税务系统")
    standing = text(site, "systems/shui-wu-xi-tong")
    assert f"{row.ratio_text}" in standing and f"在 12 个系统中第 {row.ratio_rank.rank} 名" in standing
    assert page.select_one(".ps-trend table tbody tr th").get_text() == "2022 年第四季度"
    assert "本系统还没有党建品牌" not in standing
    brands = [a.get_text() for a in page.select('section[aria-labelledby="ps-brands"] a')]
    assert brands == ["“红色税苑”", "“铁军稽查”"]


def test_a_system_without_a_brand_says_so(site, views):
    column = views.column
    owners = {column.system_of(b.owner) for b in column.data.brands.values()}
    without = sorted(set(views.system_slugs) - owners)
    assert without  # the demo has systems that have not built their brand yet
    for name in without:
        page = soup(site, f"systems/{views.system_slugs[name]}")
        assert page.select_one(".ps-flag").get_text().startswith("本系统还没有党建品牌")
    row = next(tr for tr in soup(site, "systems").select("article tbody tr") if tr.th.get_text() == without[0])
    assert row.select("td")[-1].get_text() == "还没有"


def test_a_systems_own_brand_comes_first_and_its_page_says_whose_it_is(site):
    page = soup(site, "systems/shui-wu-xi-tong")
    first = page.select_one('section[aria-labelledby="ps-brands"] li')
    assert first.a.get_text() == "“红色税苑”" and "系统品牌" in first.get_text()
    brand = soup(site, "brands/hongse-shuiyuan")
    facts = brand.select_one(".ps-facts").get_text(" ", strip=True)
    assert "系统品牌 税务系统 的党建品牌" in facts and "牵头组织" in facts
    assert brand.select_one('.ps-facts a[href$="systems/shui-wu-xi-tong/"]') is not None
