"""Sites, brands, deeds, pairings, achievements, news and their lists.

views/records.py; site.html, brand.html, deed.html, pairing.html, achievement.html, news.html, list.html.
"""

from __future__ import annotations

import hashlib
import posixpath
import re

import pytest

from pacesetter.site.views.common import Link, arounds

from .conftest import DEMO
from .sitebuild import soup, text


def test_revoked_site_says_so(site):
    status = soup(site, "sites/zj-gongjijin-shizhi").select_one(".ps-status")
    assert "ps-status--revoked" in status["class"]
    assert status.get_text("", strip=True) == "已取消命名（2022 年 9 月 28 日复核后取消命名）"
    entry = next(li for li in soup(site, "sites").select(".ps-links li")
                 if li.a["href"] == "../sites/zj-gongjijin-shizhi/" or li.a["href"].endswith("zj-gongjijin-shizhi/"))
    assert entry.select_one(".ps-meta").get_text() == "已取消命名"


def test_deed_shows_its_honors_and_story(site):
    honors = soup(site, "deeds/zhou-haiyan-banshui").select(".ps-honors li")
    assert [re.sub(r"\s", "", li.get_text()) for li in honors] == [
        "市直机关“优秀共产党员”（2021年，中共安澜市委市直机关工委授予）",
        "市级“五一劳动奖章”（2022年，安澜市总工会授予）",
    ]
    assert soup(site, "deeds/zhou-haiyan-banshui").select("#ps-story ~ p")


def test_markdown_fields_are_rendered(site):
    body = soup(site, "achievements/sanbu-jicha-gongzuofa").select_one("article")
    assert [h.get_text() for h in body.select("h2")] == ["做法", "成效"]
    assert len(body.select("ol:not(nav ol) > li")) == 3


def test_photos_are_published_re_encoded_with_their_size(site):
    from PIL import Image

    img = soup(site, "sites/sw-nafu-shengji").select_one(".ps-photos img")
    assert (img["width"], img["height"]) == ("480", "270")
    published = (site / "sites/sw-nafu-shengji" / img["src"]).resolve()
    # Published under a name carrying its content hash, so the server may cache it for a year.
    digest = hashlib.sha256(published.read_bytes()).hexdigest()[:8]
    assert published == (site / f"media/sw-nafu-dangyuanhuodongshi.png@480.{digest}.png").resolve()
    with Image.open(published) as image, Image.open(DEMO / "media/sw-nafu-dangyuanhuodongshi.png") as original:
        assert image.size == original.size
        assert image.convert("RGB").tobytes() == original.convert("RGB").tobytes()  # the same pixels
    assert not (site / "media/sw-nafu-dangyuanhuodongshi.png").exists()


def test_lists_are_paginated_and_grouped(site):
    assert len(soup(site, "deeds").select(".ps-links li")) == 40  # 40 deeds fit one page of 50
    assert soup(site, "deeds").select_one(".ps-pager") is None
    assert len(soup(site, "rankings/stars").select("tbody tr[data-ps-row]")) == 65
    # one heading a shared score, which says how many share it
    headings = [th.get_text() for th in soup(site, "rankings/stars").select("tr.ps-group th")]
    assert headings[0].startswith("6 星：") and "并列第 1 名" in headings[0]
    years = [a.get_text() for a in soup(site, "timeline").select(".ps-years li")]
    assert years[0].startswith("2022 年") and len(years) >= 4


def test_each_item_knows_its_list_page_and_neighbours():
    links = [Link(f"第{i}条", f"deeds/d{i}/") for i in range(5)]
    places = arounds(links, 2, "榜样", lambda n: "deeds/" if n == 1 else f"deeds/page/{n}/", "篇")
    assert [p.back.url for p in places] == ["deeds/", "deeds/", "deeds/page/2/", "deeds/page/2/", "deeds/page/3/"]
    assert places[2].back.title == "榜样（第 2 页）"
    assert (places[0].previous, places[0].next.url) == (None, "deeds/d1/")
    assert (places[4].previous.url, places[4].next) == ("deeds/d3/", None)
    assert (places[1].previous_label, places[1].next_label) == ("上一篇", "下一篇")


@pytest.mark.parametrize(("kind", "label"), [("deeds", "下一篇"), ("sites", "下一个"), ("news", "下一篇")])
def test_next_links_walk_the_whole_list_in_its_order(site, kind, label):
    listed = [posixpath.normpath(posixpath.join(kind, a["href"])) for a in soup(site, kind).select(".ps-links li > a")]
    walked, url = [], listed[0]
    while url and len(walked) <= len(listed):
        walked.append(url)
        page = soup(site, url)
        following = page.select_one('.ps-around a[rel="next"]')
        if following is not None:
            assert following.select_one(".ps-around__label").get_text() == label
        back = page.select_one(".ps-around__back")
        assert posixpath.normpath(posixpath.join(url, back["href"])) == kind  # one page of list: its first
        assert [a["href"] for a in page.select(".ps-breadcrumb a")][-1] == back["href"]
        url = posixpath.normpath(posixpath.join(url, following["href"])) if following is not None else None
    assert walked == listed


def test_the_sites_list_filters_by_level_year_and_status_and_names_the_years_namings(site, demo_data):
    page = soup(site, "sites")
    rows = page.select("#ps-sites li[data-ps-row]")
    assert len(rows) == len(demo_data.sites)
    assert {r["data-status"] for r in rows} == {"active", "rectifying", "revoked", "applied"}
    applied = next(r for r in rows if r["data-status"] == "applied")
    assert "已申报" in applied.get_text() and applied["data-year"] == "2022"
    options = {s["name"]: [o.get_text() for o in s.select("option")][1:] for s in page.select("form[data-ps-filter] select")}
    assert options["status"] == ["有效", "限期整改中", "已取消命名", "已申报"] and "市直机关" in options["level"]
    this_year = soup(site, "sites/this-year")
    named = [s for s in demo_data.sites.values() if s.named and s.named.year == 2022]
    assert len(this_year.select("#ps-sites li")) == len(named) and this_year.select_one("article h1").get_text() == "2022 年命名的示范点"
    waiting = text(site, "sites/jt-gongjiao-3-shizhi")
    assert "已申报（2022年12月12日申报，待命名）" in waiting.replace(" ", "") and "尚未命名" in waiting


def test_figures_in_the_demos_prose_agree_with_the_notices(site):
    """The news item's yearly total is computed ({{ 授星 2022 }}): it equals the stars the 2022 notices granted."""
    granted = 0
    for quarter in ("2022q1", "2022q2", "2022q3", "2022q4"):
        rows = soup(site, f"notices/{quarter}").select("#ps-notice-1 ~ .ps-table tbody tr")
        granted += sum(len(r.select_one(".ps-c-detail").get_text().split("、")) for r in rows)
    story = text(site, "news/2022-pingxing-q4")
    assert f"全年累计授星 {granted} 颗" in story and "{{" not in story
    q3 = text(site, "news/2022-pingxing-q3")
    rated = len(soup(site, "notices/2022q3").select(".ps-results-list a"))
    assert f"共评定党支部 {rated} 个" in q3


def test_a_units_members_are_its_branches_added_up(site, demo_data):
    branches = [o for o in demo_data.orgs.values() if o.parent == "sw-dangwei" and o.kind == "党支部"]
    total = sum(o.members or 0 for o in branches)
    assert f"党员人数 {total} 名（所属党支部合计）" in text(site, "orgs/sw-dangwei")
