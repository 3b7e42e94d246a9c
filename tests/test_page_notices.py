"""The quarters' notices and their list (views/notices.py; notice.html, notices.html)."""

from __future__ import annotations

import re

from .sitebuild import soup, text


def test_every_quarter_keeps_its_own_address_and_the_list_points_to_the_current_one(site, views):
    quarters = views.column.quarters
    listing = soup(site, "notices")
    assert listing.select_one("article h1").get_text() == "评星公示"
    links = [a["href"] for a in listing.select(".ps-notice-list li > a")]
    assert links == [f"{q.lower()}/" for q in reversed(quarters)]
    assert listing.select_one(".ps-lead a")["href"] == "2022q4/"
    for quarter in quarters:
        assert (site / "notices" / quarter.lower() / "index.html").is_file()
    assert soup(site, ".").select_one(".ps-glance a.md-button--primary")["href"].endswith("notices/2022q4/")


def test_a_notice_lists_every_rated_branch_by_tier(site, demo_data):
    page = soup(site, "notices/2022q4")
    assert page.select_one("article h1").get_text() == "2022 年第四季度评星定级结果公示"
    rated = {r.org: len(r.met) for r in demo_data.ratings["2022Q4"].ratings}
    listed = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select(".ps-results-list a")]
    assert sorted(listed) == sorted(rated)  # each once
    assert page.select_one("#ps-results").get_text() == f"评星结果（{len(rated)} 个党支部）"
    six = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select("#ps-tier-top + ul a")]
    assert sorted(six) == sorted(o for o, n in rated.items() if n == 6)
    assert page.select_one("#ps-tier-top").get_text() == f"六星（{len(six)} 个）"


def test_a_notice_says_why_stars_were_removed_until_when_and_to_whom(site):
    page = soup(site, "notices/2022q4")
    removed = page.select("#ps-notice-2 ~ .ps-table tbody tr")
    gongjijin = next(r for r in removed if "安澜市住房公积金管理中心党支部" in r.get_text())
    assert gongjijin.select_one(".ps-c-reason").get_text() == "“基本保障”未达标，予以摘星"
    lead = " ".join(page.select_one(".ps-lead").get_text().split())
    assert "公示期为 2022 年 12 月 26 日 至 2022 年 12 月 30 日" in lead  # notice_days: 5, counting the first
    assert "请向市直机关工委组织部（市行政中心 3 号楼 512 室），电话 0391-3566001反映" in lead
    foot = page.select_one(".ps-notice-foot")
    assert foot.get_text("|", strip=True) == "中共安澜市委市直机关工委|2022 年 12 月 26 日"
    assert foot.time["datetime"] == "2022-12-26"


def test_a_first_rating_is_announced_not_counted_as_a_grant(site):
    first = soup(site, "notices/2021q2")
    assert re.fullmatch(r"首次参加评星（(\d+) 个组织）", first.select_one("#ps-first").get_text())
    count = int(re.search(r"\d+", first.select_one("#ps-first").get_text()).group())
    assert count == len(first.select(".ps-results-list a")) > 0  # the first quarter: all of them
    assert "授星（0 个组织）" in text(site, "notices/2021q2")


def test_notice_page_lists_grants_removals_and_namings(site):
    page = soup(site, "notices/2022q4")
    granted = page.select("#ps-notice-1 ~ .ps-table tbody tr")
    removed = page.select("#ps-notice-2 ~ .ps-table tbody tr")
    assert "（18 个组织）" in page.select_one("#ps-notice-1").get_text() and len(granted) == 18
    cz = next(r for r in removed if "安澜市财政国库支付中心党支部" in r.get_text())
    assert "6 星 → 5 星" in cz.get_text()
    namings = [li.get_text(" ", strip=True) for li in page.select("#ps-namings ~ .ps-timeline li")]
    assert any("被命名为标准化建设达标党支部" in n for n in namings)
    assert any("安澜技师学院党支部被命名为市级“标准化建设示范党支部”" in n for n in namings)
    older = soup(site, "notices/2022q3")
    assert "取消命名" in older.select_one("#ps-namings ~ .ps-timeline").get_text()


def test_a_notice_leads_to_the_quarters_before_and_after_and_back_to_the_list(site):
    current = soup(site, "notices/2022q4")
    assert current.select_one('.ps-around a[rel="next"]') is None  # nothing after the latest
    earlier = current.select_one('.ps-around a[rel="prev"]')
    assert earlier.get_text() == "上一季度2022 年第三季度评星公示" and earlier["href"] == "../2022q3/"
    later = soup(site, "notices/2022q3").select_one('.ps-around a[rel="next"]')
    assert later["href"] == "../2022q4/" and "2022 年第四季度" in later.get_text()
    assert current.select_one(".ps-around__back")["href"] == "../"


def test_the_news_item_that_announces_a_notice_links_to_it(site):
    link = soup(site, "news/2022-pingxing-q4").select_one("article a.md-button--primary")
    assert link["href"] == "../../notices/2022q4/" and link.get_text() == "查看 2022 年第四季度评星定级结果公示"


def test_a_quarter_with_many_results_lists_them_on_pages_of_their_own(views, monkeypatch):
    """A province's quarter rates thousands: the notice gives the counts, the result pages the rows."""
    from pacesetter.site.views import notices

    monkeypatch.setattr(notices, "RESULTS_ON_NOTICE", 20)
    monkeypatch.setattr(notices, "RESULTS_PER_PAGE", 20)
    view = views.notice("2022Q4")
    assert view.results == () and view.results_url == "notices/2022q4/results/"
    assert view.rated == len(views.column.ratings_in("2022Q4")) == 65
    pages = views.notice_result_pages("2022Q4")
    assert [src for src, _, _ in pages][:2] == ["notices/2022q4/results/index.md", "notices/2022q4/results/page/2.md"]
    listed = [row.org.id for _, _, build in pages for _, rows in build().results for row in rows]
    assert sorted(listed) == sorted(views.column.ratings_in("2022Q4")) and len(pages) == 4
    stars = [row.after for _, _, build in pages for _, rows in build().results for row in rows]
    assert stars == sorted(stars, reverse=True)
    assert views.notice_result_pages("2021Q2") != [] and notices.RESULTS_ON_NOTICE == 20


def test_every_removal_says_why_and_no_grant_has_a_reason_column(site):
    page = soup(site, "notices/2022q4")
    removed = page.select("#ps-notice-2 ~ .ps-table tbody tr")
    assert removed and all(r.select_one(".ps-c-reason") is not None for r in removed)
    assert not page.select("#ps-notice-1 ~ .ps-table .ps-c-reason")


def test_a_quarter_with_many_changes_lists_the_first_and_pages_the_rest(views, monkeypatch):
    from pacesetter.site.views import notices

    monkeypatch.setattr(notices, "CHANGES_ON_NOTICE", 5)
    monkeypatch.setattr(notices, "RESULTS_PER_PAGE", 10)
    view = views.notice("2022Q4")
    assert len(view.granted) == 5 and view.granted_total == 18 and view.granted_url == "notices/2022q4/granted/"
    assert view.removed_total == 4 and view.removed_url == ""  # four fit
    assert len(view.namings) == 5 < view.namings_total  # the quarter's namings, listed up to the same bound
    first = views.notice("2021Q2")
    assert len(first.first) == 5 < first.first_total == 63  # the first quarter: everyone's first rating
    pages = views.notice_change_pages("2022Q4")
    assert [src for src, _, _ in pages] == ["notices/2022q4/granted/index.md", "notices/2022q4/granted/page/2.md"]
    rows = [r.org.id for _, _, build in pages for r in build().rows]
    assert len(rows) == 18 == len(set(rows))


def test_the_pages_of_a_large_quarter_are_built_and_linked(tmp_path, monkeypatch):
    """The demo built as if it were a province: its notice leads to result and change pages that exist."""
    from pacesetter.site.views import notices

    from .conftest import DEMO
    from .sitebuild import build_site

    monkeypatch.setattr(notices, "RESULTS_ON_NOTICE", 20)
    monkeypatch.setattr(notices, "CHANGES_ON_NOTICE", 5)
    monkeypatch.setattr(notices, "RESULTS_PER_PAGE", 30)
    site = build_site(DEMO, tmp_path / "site")
    page = soup(site, "notices/2022q4")
    links = {a.get_text(): a["href"] for a in page.select("article a")}
    assert links["2022 年第四季度评星结果"] == "results/" and links["2022 年第四季度授星名单"] == "granted/"
    results = soup(site, "notices/2022q4/results")
    assert results.select_one("article h1").get_text() == "2022 年第四季度评星结果"
    assert len(results.select(".ps-results-list li")) == 30 and results.select_one(".ps-pager") is not None
    granted = soup(site, "notices/2022q4/granted")
    assert len(granted.select("tbody tr")) == 18 and not granted.select(".ps-c-reason")
