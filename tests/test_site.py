"""A real `mkdocs build` of the demo column, read back as a reader would see it."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest


from .conftest import DEMO
from bs4 import BeautifulSoup

from .sitebuild import build_site, soup, text


@pytest.fixture(scope="module")
def site(demo_site) -> Path:
    return demo_site


def test_org_page_shows_stars_parent_and_breadcrumb(site):
    page = soup(site, "orgs/sw-donglin")
    assert page.select_one("article h1").get_text() == "东林县税务局机关党支部"
    assert "4 星" in text(site, "orgs/sw-donglin")
    crumbs = [a["href"] for a in page.select(".ps-breadcrumb a")]
    assert crumbs == ["../", "../szjg-gongwei/", "../sw-dangwei/"]  # the grid, then the line of parents
    facts = text(site, "orgs/sw-donglin")
    assert "上级组织 国家税务总局安澜市税务局机关委员会" in facts
    assert "基本组织：未达标" in facts and "基本队伍：达标" in facts
    assert "三级网格" in facts and "税务系统" in facts
    assert page.select_one('.ps-stars[aria-label="4 星"]') is not None


def test_org_page_lists_children_with_their_stars(site):
    page = soup(site, "orgs/sw-dangwei")
    children = page.select("#ps-children ~ ul li")
    assert len(children) == 8
    assert all(li.select_one(".ps-stars") for li in children)


def test_revoked_site_says_so(site):
    status = soup(site, "sites/zj-gongjijin-shizhi").select_one(".ps-status")
    assert "ps-status--revoked" in status["class"]
    assert status.get_text("", strip=True) == "已取消命名（2022 年 9 月 28 日复核后取消命名）"
    entry = next(li for li in soup(site, "sites").select(".ps-links li")
                 if li.a["href"] == "../sites/zj-gongjijin-shizhi/" or li.a["href"].endswith("zj-gongjijin-shizhi/"))
    assert entry.select_one(".ps-meta").get_text() == "已取消命名"


def test_private_ledger_shows_counts_only(site, demo_data):
    page = text(site, "orgs/zj-gongjijin")
    assert "共 5 项问题，已销号 2 项，销号率 40.0%；未销号 3 项，其中逾期 2 项。" in page
    assert "只公布数量" in page
    assert soup(site, "orgs/zj-gongjijin").select("#ps-ledger ~ .ps-table") == []
    # The measures of private ledgers appear nowhere in the site.
    private = [i.measure for ledger in demo_data.ledgers.values() if not ledger.public for i in ledger.items]
    assert private
    leaks = [(m, p) for p in site.rglob("*.html") for m in private if m in p.read_text(encoding="utf-8")]
    assert leaks == []


def test_public_ledger_shows_items_and_their_status(site):
    page = text(site, "orgs/sw-donglin")
    assert "党员积分管理未落实到人" in page and "已销号（ 2022 年 6 月 22 日 ）" in page


def test_deed_shows_its_honors_and_story(site):
    honors = soup(site, "deeds/zhou-haiyan-banshui").select(".ps-honors li")
    assert [re.sub(r"\s", "", li.get_text()) for li in honors] == [
        "市直机关“优秀共产党员”（2021年，中共安澜市委市直机关工委授予）",
        "市级“五一劳动奖章”（2022年，安澜市总工会授予）",
    ]
    assert soup(site, "deeds/zhou-haiyan-banshui").select("#ps-story ~ p")


def test_every_entity_has_a_page(site, demo_data):
    for kind in ("orgs", "sites", "brands", "deeds", "pairings", "news", "achievements"):
        for entity_id in getattr(demo_data, kind):
            assert (site / kind / entity_id / "index.html").is_file(), (kind, entity_id)


def test_every_entity_is_reachable_from_the_navigation(site):
    """Follow links from the home page: every entity page is reached without typing a URL."""
    seen, queue = set(), ["index.html"]
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        seen.add(current)
        page = soup(site, str(Path(current).parent))
        targets = [a["href"] for a in page.select("a[href]")] + [f["action"] for f in page.select("form[action]")]
        for href in targets:
            if urlparse(href).scheme or href.startswith("#"):
                continue
            target = urljoin(current, href.split("#")[0])
            target = target + "index.html" if target.endswith("/") or target == "" else target
            if (site / target).is_file() and target.endswith(".html"):
                queue.append(target)
    pages = {str(p.relative_to(site)) for p in site.rglob("index.html")}
    assert pages - seen == set()


def test_entity_pages_stay_out_of_the_navigation(site):
    nav_links = soup(site, "orgs/sw-nafu").select(".md-nav--primary a.md-nav__link")
    assert len({a["href"] for a in nav_links}) <= 13  # one link for each entry of mkdocs.yml's nav
    tabs = [a.get_text(strip=True) for a in soup(site, ".").select(".md-tabs__link")]
    assert tabs == ["首页", "组织", "排行", "大事记", "示范点", "品牌", "榜样", "结对", "成果", "动态", "数据", "说明"]


def test_the_editors_guide_is_beside_the_site_not_in_its_navigation_or_search(site):
    home = soup(site, ".")
    assert not [a for a in home.select(".md-tabs a, .md-nav a") if "guide" in a["href"]]
    assert home.select_one(".ps-footer a[href$='guide/']").get_text() == "编辑指南"
    assert (site / "guide/index.html").is_file() and (site / "guide/fields/index.html").is_file()
    kinds = {p.stem for p in (site / "search/facets/kind").glob("*.json")}
    assert kinds and not any("编辑" in k for k in kinds)


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


def test_our_stylesheets_and_scripts_have_content_hashed_names(site):
    page = soup(site, ".")
    local = [tag.get("href") or tag.get("src") for tag in page.select("link[rel=stylesheet], script[src]")]
    local = [url for url in local if not url.startswith(("http:", "https:"))]
    assert any("pacesetter." in url for url in local)
    for url in local:
        path = (site / url).resolve()
        match = re.fullmatch(r"[\w-]+\.([0-9a-f]{8})(\.min)?\.(css|js)", path.name)
        assert match, url
        digest = match.group(1)
        if "pacesetter" in path.name:
            assert hashlib.sha256(path.read_bytes()).hexdigest()[:8] == digest


def test_markdown_fields_are_rendered(site):
    body = soup(site, "achievements/sanbu-jicha-gongzuofa").select_one("article")
    assert [h.get_text() for h in body.select("h2")] == ["做法", "成效"]
    assert len(body.select("ol:not(nav ol) > li")) == 3


@pytest.mark.parametrize(("url", "tab", "back"), [
    ("brands/hongse-chexiang", "品牌", "../"), ("deeds/zhou-haiyan-banshui", "榜样", "../"),
    ("sites/sw-nafu-shengji", "示范点", "../"), ("rankings/stars/system/jiao-yu-xi-tong", "排行", "../../../"),
    ("notices/2022q3", "大事记", "../"), ("orgs/sw-donglin", "组织", "../"),
])
def test_every_detail_page_leads_back_to_its_list_and_lights_its_tab(site, url, tab, back):
    page = soup(site, url)
    assert page.select_one(".md-tabs__item--active").get_text(strip=True) == tab
    crumbs = page.select(".ps-breadcrumb a")
    assert crumbs and back in [a["href"] for a in crumbs]
    assert page.select_one('.ps-breadcrumb [aria-current="page"]').get_text(strip=True)


def test_one_way_of_writing_dates_and_quarters_on_every_page(site):
    """Readers see "2022 年 11 月 18 日" and "2022 年第四季度"; the ISO forms stay in attributes.

    The editors' guide is the exception: it shows what editors type.
    """
    machine = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{4}Q[1-4]\b")
    found = {}
    for path in site.rglob("*.html"):
        if path.relative_to(site).parts[0] == "guide":
            continue
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is None:
            continue
        for tag in article.select("script, style, code, pre, svg"):
            tag.decompose()
        hits = machine.findall(article.get_text(" "))
        if hits:
            found[str(path.relative_to(site))] = hits[:3]
    assert not found, found


def test_footer_and_404_speak_chinese(site):
    footer = soup(site, ".").select_one(".ps-footer").get_text(" ", strip=True)
    assert "主办：中共安澜市委市直机关工委" in footer and "联系：" in footer and "登记号" in footer
    missing = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert missing.select_one("article h1").get_text() == "找不到这个页面"
    assert "Not found" not in missing.get_text()
    assert {a.get_text() for a in missing.select("article a")} >= {"回到专栏首页", "搜索专栏"}


def test_home_page_campaign(site):
    page = text(site, ".")
    assert "49.2% 党支部达标（32/65），目标 50.0%，未完成" in page
    assert "2022 年第四季度一览" in page and "总结完善" in page
    assert "18 个组织获授星" in page and "4 个组织被摘星" in page and "进步最大：" in page
    # what the column is, in a sentence for each of its four words
    assert all(f"{word} " in page for word in ("寻标", "对标", "达标", "创标"))
    assert soup(site, ".").select_one(".ps-glance a[href$='notices/']").get_text() == "看本季度公示"


def test_lists_are_paginated_and_grouped(site):
    assert len(soup(site, "deeds").select(".ps-links li")) == 40  # 40 deeds fit one page of 50
    assert soup(site, "deeds").select_one(".ps-pager") is None
    assert len(soup(site, "rankings/stars").select("tbody tr[data-ps-row]")) == 63
    # one heading a shared score, which says how many share it
    headings = [th.get_text() for th in soup(site, "rankings/stars").select("tr.ps-group th")]
    assert headings[0].startswith("6 星：") and "并列第 1 名" in headings[0]
    years = [a.get_text() for a in soup(site, "timeline").select(".ps-years li")]
    assert years[0].startswith("2022 年") and len(years) >= 4


OWN_HOST = "127.0.0.1:8000"  # site_url of the demo build
NAMESPACE_ATTRIBUTES = {"xmlns", "xmlns:xlink"}


def _foreign(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) and parsed.netloc != OWN_HOST or parsed.scheme not in ("", "http", "https", "data", "mailto")


def test_no_reference_to_another_host(site):
    """Every attribute, CSS url() and @import, and sitemap entry stays on the column's own host."""
    offenders = []
    for path in site.rglob("*"):
        rel = str(path.relative_to(site))
        if path.suffix == ".html":
            page = soup(site, str(path.parent.relative_to(site))) if path.name == "index.html" else None
            if page is None:
                from bs4 import BeautifulSoup
                page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for element in page.find_all(True):
                for name, value in element.attrs.items():
                    values = value if isinstance(value, list) else [value]
                    for v in values:
                        if name not in NAMESPACE_ATTRIBUTES and "//" in v and _foreign(v.split(",")[0].split()[0]):
                            offenders.append(f"{rel}: <{element.name} {name}={v}>")
                if element.name == "style" or element.get("style"):
                    css = element.string or element.get("style") or ""
                    offenders += [f"{rel}: {u}" for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", css) if _foreign(u)]
        elif path.suffix == ".css":
            css = path.read_text(encoding="utf-8")
            targets = re.findall(r"url\(\s*['\"]?([^'\")]+)", css) + re.findall(r"@import\s+['\"]([^'\"]+)", css)
            offenders += [f"{rel}: {u}" for u in targets if not u.startswith("data:") and _foreign(u)]
        elif path.suffix == ".xml":
            offenders += [f"{rel}: {u}" for u in re.findall(r"<loc>([^<]+)</loc>", path.read_text()) if _foreign(u)]
    assert offenders == []


def test_no_external_script_style_or_font(site):
    for path in site.rglob("*.html"):
        page = soup(site, str(path.parent.relative_to(site)))
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in page.find_all(tag):
                value = element.get(attr)
                if value and tag == "link" and element.get("rel") == ["canonical"]:
                    continue
                assert not value or not urlparse(value).netloc, (path, value)
    assert not list(site.rglob("*.woff*"))  # theme.font: false, no web fonts at all


def test_language_is_chinese(site):
    assert soup(site, ".").html["lang"] == "zh"


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(site, tmp_path):
    again = build_site(DEMO, tmp_path / "again")
    first, second = _digest(site), _digest(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert "sitemap.xml.gz" in first and "<lastmod>2022-12-31</lastmod>" in (site / "sitemap.xml").read_text()


def test_org_page_shows_ranks_charts_and_tables(site):
    page = soup(site, "orgs/jt-gongjiao-3")
    ranks = [li.get_text() for li in page.select(".ps-ranks li")]
    assert ranks == ["在同一上级的组织中第 4 名，共 7 个；与上季度持平",
                     "在全部三级网格组织中第 28 名（并列），共 63 个；比上季度上升 4 名"]
    charts = page.select("svg.ps-chart--wide")
    assert [c.title.get_text() for c in charts] == ["安澜市公共交通集团第三车队党支部历季星级",
                                                   "安澜市公共交通集团第三车队党支部各方面的达标季度数"]
    # drawn again for phones, with the same title and figures
    narrow = page.select("svg.ps-chart--narrow")
    assert [(c.title.get_text(), c.desc.get_text()) for c in narrow] == [(c.title.get_text(), c.desc.get_text()) for c in charts]
    assert charts[0].desc.get_text().endswith("2022 年第四季度 5 星")
    captions = [c.get_text() for c in page.select("table caption")]
    assert "历季星级" in captions and "六个方面" in captions


def test_notice_page_lists_grants_removals_and_namings(site):
    page = soup(site, "notices")
    assert page.select_one("article h1").get_text() == "2022 年第四季度评星定级结果公示"
    assert page.select_one(".ps-lead time")["datetime"] == "2022-12-26"
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


def test_rankings_state_their_rules(site):
    overview = text(site, "rankings")
    assert "并列同一名次" in overview and "下一个是第 3 名" in overview and "先后不代表高低" in overview
    assert "达标比例 = 已通过考核验收的党支部数 ÷ 党支部总数" in overview
    progress = text(site, "rankings/progress")
    assert "进步幅度 = 本季度星级 − 4 个季度之前的星级" in progress


def test_static_ranking_views_by_system_and_category(site):
    rows = soup(site, "rankings/stars/system/jiao-yu-xi-tong").select("#ps-ranking tbody tr[data-ps-row]")
    assert len(rows) == 8 and {r["data-system"] for r in rows} == {"教育系统"}
    assert [r.td.get_text() for r in rows][0].startswith("1")
    rows = soup(site, "rankings/stars/category/xue-xiao").select("#ps-ranking tbody tr[data-ps-row]")
    assert rows and {r["data-category"] for r in rows} == {"学校"}


def test_every_internal_link_and_asset_resolves(site):
    """Every href, src and form action that stays on the site points to a file that exists."""
    checked, broken = 0, []
    for path in site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in page.find_all(True):
            for attribute in ("href", "src", "action"):
                value = element.get(attribute)
                if not value or urlparse(value).scheme or urlparse(value).netloc or value.startswith(("#", "mailto:")):
                    continue
                clean = value.split("#")[0].split("?")[0]
                # The 404 page is served at any address, so it links from the site's root.
                base = site if clean.startswith("/") else path.parent
                target = (base / clean.lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
                checked += 1
                if not target.exists():
                    broken.append(f"{path.relative_to(site)} -> {value}")
    assert checked > 10_000 and broken == []
