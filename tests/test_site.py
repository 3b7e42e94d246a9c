"""A real `mkdocs build` of the demo column, read back as a reader would see it."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from .conftest import DEMO, nav_pages
from .sitebuild import build_site, soup


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
    assert len({a["href"] for a in nav_links}) <= len(nav_pages())  # one link for each entry of mkdocs.yml's nav
    tabs = [a.get_text(strip=True) for a in soup(site, ".").select(".md-tabs__link")]
    assert tabs == ["首页", "组织", "排行", "大事记", "示范点", "品牌", "榜样", "结对", "成果", "动态", "数据", "说明"]


def test_the_editors_guide_is_beside_the_site_not_in_its_navigation_or_search(site):
    home = soup(site, ".")
    assert not [a for a in home.select(".md-tabs a, .md-nav a") if "guide" in a["href"]]
    assert home.select_one(".ps-footer a[href$='guide/']").get_text() == "编辑指南"
    assert (site / "guide/index.html").is_file() and (site / "guide/fields/index.html").is_file()
    kinds = {p.stem for p in (site / "search/facets/kind").glob("*.json")}
    assert kinds and not any("编辑" in k for k in kinds)


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


def test_every_cell_of_a_generated_table_names_its_column(site):
    """In 大字 on a phone a table is read row by row, each cell after its column's name (its data-label)."""
    unnamed, tables = {}, 0
    for path in site.rglob("*.html"):
        for table in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(".ps-table table:not(.ps-cards-table)"):
            tables += 1
            heads = [th.get_text(" ", strip=True) for th in table.select("thead th")]
            for row in table.select("tbody tr"):
                for cell, head in zip(row.find_all(["th", "td"], recursive=False), heads):
                    label = cell.get("data-label") or ""
                    if cell.name == "td" and not (label and (head[:2] in label or label[:2] in head)):  # “名次”: “达标比例名次”
                        unnamed.setdefault(str(path.relative_to(site)), (head, cell.get("data-label")))
    assert tables > 20 and unnamed == {}


def test_footer_and_404_speak_chinese(site):
    footer = soup(site, ".").select_one(".ps-footer").get_text(" ", strip=True)
    assert "主办：中共安澜市委市直机关工委" in footer and "联系：" in footer and "登记号" in footer
    missing = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert missing.select_one("article h1").get_text() == "找不到这个页面"
    assert "Not found" not in missing.get_text()
    assert {a.get_text() for a in missing.select("article a")} >= {"回到专栏首页", "搜索专栏"}


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
