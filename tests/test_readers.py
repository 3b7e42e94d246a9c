"""The column as its readers see it: phones of 320, 375 and 414 pixels, normal and large text.

On the demo and on a synthetic column of 300 organizations, each reader's page is
opened in the real browser at each width, in both reading modes: the page never
scrolls sideways, the 大字 toggle is inside the window, and no text is smaller than
12 pixels (chart text measured as drawn). Each view is saved as a screenshot under
``test-screenshots/`` (a CI artifact), so that a person can look at them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from .conftest import ROOT
from .test_accessibility import _violations

WIDTHS = (320, 375, 414)
PAGES = {
    "home": "",
    "organization": "orgs/sw-nafu/",
    "ranking": "rankings/stars/",
    "rankings": "rankings/",
    "notice": "notices/2022q4/",
    "notices": "notices/",
    "data": "data/",
    "timeline": "timeline/",
    "search": "search/?q=税务",
    "system": "systems/shui-wu-xi-tong/",
    "unit": "orgs/sw-dangwei/",
    "sites": "sites/",
    "classes": "rankings/classes/",
    "naming": "namings/2022/",
    "about": "about/",
}
SHOTS = Path(os.environ.get("PACESETTER_SCREENSHOTS", ROOT / "test-screenshots"))

#: Every visible piece of text, with the size it is drawn at (an SVG's text scaled with its chart).
TEXT_SIZES = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const el = node.parentElement;
    if (!el || el.closest('[hidden], .md-visually-hidden, script, style, noscript, .md-search, .md-sidebar, .md-footer')) continue;
    const rects = el.getClientRects();
    if (!rects.length || getComputedStyle(el).visibility === 'hidden') continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg && svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width) {
      size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    }
    out.push([size, node.textContent.trim().slice(0, 20), el.tagName]);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def synth_url(tmp_path_factory):
    from pacesetter.synth import generate

    from .browser import serve
    from .sitebuild import build_site

    root = tmp_path_factory.mktemp("readers")
    generate(300, 3, root / "data")
    site = build_site(root / "data", root / "site")
    with serve(site) as url:
        yield url


def _open(chromium, url: str, width: int, reading: bool, scheme: str = "light"):
    context = chromium.new_context(viewport={"width": width, "height": 740}, color_scheme=scheme, device_scale_factor=1)
    if reading:
        context.add_init_script("localStorage.setItem('ps-reading', 'on')")
    page = context.new_page()
    page.goto(url)
    if "search/" in url:
        page.locator("[data-ps-search-status]").filter(has_text=re.compile("找到|没有找到")).wait_for()
    return context, page


def _check_page(page, width: int, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name}: the page scrolls sideways"
    toggle = page.locator("[data-ps-reading]")
    assert toggle.is_visible(), f"{name}: no 大字 toggle"
    box = toggle.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] >= 0, f"{name}: toggle outside the window"
    small = [(round(size, 1), text, tag) for size, text, tag in page.evaluate(TEXT_SIZES) if size < 12]
    assert small == [], f"{name}: text under 12 px"
    _check_tables(page, name, page.evaluate("document.documentElement.classList.contains('ps-reading')"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


#: Each table cell: its text, size, width and its table's, the name of its column and that name as drawn
#: before it, whether it is drawn at all, whether its table is a ranking's cards, and the width of its bottom rule.
TABLE_CELLS = """() => Array.from(document.querySelectorAll('article .ps-table td, article .ps-table th')).map((cell) => {
  const table = cell.closest('table');
  return [cell.textContent.trim().slice(0, 20), parseFloat(getComputedStyle(cell).fontSize), cell.getBoundingClientRect().width,
          table.getBoundingClientRect().width, cell.tagName, cell.getAttribute('data-label'),
          getComputedStyle(cell, '::before').content, cell.getClientRects().length > 0, table.classList.contains('ps-cards-table'),
          parseFloat(getComputedStyle(cell).borderBottomWidth)];
})"""


def _check_tables(page, name: str, reading: bool) -> None:
    """On a phone each table is read row by row, every cell named by its column and as wide as its table,
    not squeezed into narrow columns that scroll sideways; in 大字 as large as the text (Material
    draws its own tables at 13 px)."""
    cells = page.evaluate(TABLE_CELLS)
    if reading:
        body = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p, article li')).fontSize)")
        small = [(text, size) for text, size, *_ in cells if size < 0.8 * body]  # a ranking card's details: .85 of it
        assert small == [], f"{name}: table text smaller than the page's in 大字"
    if page.viewport_size["width"] > 414:
        return
    for text, size, width, table_width, tag, label, before, shown, cards, rule in cells:
        # a card is ruled off from the next, not inside between its lines (a desktop table's rule under
        # every cell once won over the cards' own)
        assert not (shown and cards and tag == "TD" and rule), f"{name}: a rule under {text!r} inside a ranking card"
        # no cell a character or two wide, the ranking cards' included (they once showed the parent,
        # system and category columns inside the 2em of the rank, one character a line)
        assert not shown or len(text) <= 3 or width >= 3 * size, f"{name}: {text!r} squeezed to {width:.0f} px"
        if not shown or cards:  # column headers, and the ranking cards (their own layout)
            continue
        assert width >= 0.9 * table_width, f"{name}: a cell squeezed into a column: {text!r} {width:.0f} of {table_width:.0f} px"
        if tag == "TD":
            assert label and before == f'"{label}："', f"{name}: a cell without its column's name: {text!r}"
    wide = page.evaluate("""() => Array.from(document.querySelectorAll('article .ps-table table'))
        .filter((t) => t.getBoundingClientRect().right > window.innerWidth + 1).map((t) => t.textContent.trim().slice(0, 20))""")
    assert wide == [], f"{name}: a table wider than the phone"


@pytest.mark.parametrize("reading", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_name", list(PAGES))
def test_demo_pages_fit_a_phone(chromium, demo_url, page_name, width, reading):
    context, page = _open(chromium, demo_url + PAGES[page_name], width, reading)
    _check_page(page, width, f"demo-{page_name}-{width}-{'large' if reading else 'normal'}")
    context.close()


@pytest.mark.parametrize("width, rows", [(768, True), (1024, False), (1280, False)])
def test_tables_are_rows_on_a_tablet_and_say_when_they_scroll_on_a_desktop(chromium, demo_url, width, rows):
    """A unit's quarters have ten columns: on a tablet (in either text size) each quarter is read down
    the screen; wider, it is a table, and where it is still wider than the page the words
    “可左右滑动” say so (before Material's script wraps such a table, the table itself scrolls, not its box)."""
    for reading in (False, True):
        context, page = _open(chromium, demo_url + "orgs/sw-dangwei/", width, reading)
        page.wait_for_load_state("load")
        cells = [c for c in page.evaluate(TABLE_CELLS) if c[7] and not c[8]]
        squeezed = [text for text, _, cell_width, table_width, *_ in cells if cell_width < 0.9 * table_width]
        assert cells and (squeezed == []) is rows, f"{width} px {'大字' if reading else ''}: {squeezed[:3]}"
        box = page.locator("article .ps-table").first
        scrolls = box.evaluate("""(b) => [b, b.querySelector('.md-typeset__scrollwrap')]
            .some((el) => el !== null && el.scrollWidth > el.clientWidth + 1)""")
        assert scrolls is (width == 1024), f"{width} px {'大字' if reading else ''}"
        assert box.locator(".ps-scroll-hint").is_visible() is scrolls
        context.close()


@pytest.mark.parametrize("reading", [False, True], ids=["normal", "large"])
def test_a_long_list_pages_with_a_few_numbers_each_a_thumb_can_hit(chromium, synth_url, reading):
    """A year of events has pages enough to leave some out of its pager (views: pager_window)."""
    context, page = _open(chromium, synth_url + "timeline/", 320, reading)
    try:
        pager = page.locator(".ps-pager")
        total = int(re.fullmatch(r"第 1 页，共 (\d+) 页", pager.locator(".ps-pager__where").inner_text()).group(1))
        assert total > 5

        def numbers():
            return [text.strip() for text in pager.locator("a:not([rel]), [aria-current]").all_inner_texts()]

        assert numbers() == ["1", "2", "3", str(total)] and pager.locator(".ps-pager__gap").count() == 1
        assert _violations(page) == []  # axe-core: labels, contrast, target names of the pager and its box
        for target in pager.locator("a, [aria-current]").all():
            box = target.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44, target.inner_text()
        pager.get_by_label(f"第 {total} 页").click()
        page.wait_for_url(f"**/timeline/page/{total}/")
        assert numbers() == ["1", str(total - 2), str(total - 1), str(total)]
        assert page.locator(".ps-pager [aria-current]").inner_text() == str(total)
        _check_page(page, 320, f"synth-timeline-last-page-320-{'large' if reading else 'normal'}")
        # any page by its number: a number out of range goes nowhere, page 4 is page 4, page 1 the list itself
        jump = page.locator(".ps-pager__jump")
        box = jump.get_by_label("跳到第")
        box.fill(str(total + 1))
        assert not jump.evaluate("form => form.checkValidity()")
        for number, address in ((4, "timeline/page/4/"), (1, "timeline/")):
            box = page.locator(".ps-pager__jump").get_by_label("跳到第")
            box.fill(str(number))
            box.press("Enter")
            page.wait_for_url(synth_url + address)
            assert page.locator(".ps-pager [aria-current]").inner_text() == str(number)
    finally:
        context.close()


def test_the_page_number_box_waits_for_javascript(chromium, synth_url):
    """Without JavaScript the box could not go anywhere: it stays hidden, and the links remain."""
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(synth_url + "timeline/")
        assert page.locator(".ps-pager__jump").count() == 1 and not page.locator(".ps-pager__jump").is_visible()
        assert page.locator(".ps-pager a[rel=next]").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("reading", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("page_name", ["home", "ranking", "notice", "notice-results", "timeline", "data"])
def test_a_300_organization_column_fits_a_phone(chromium, synth_url, page_name, reading):
    # more results than a notice lists itself (views/notices.py RESULTS_ON_NOTICE): they have pages of their own
    path = "notices/2022q4/results/" if page_name == "notice-results" else PAGES[page_name]
    context, page = _open(chromium, synth_url + path, 375, reading)
    if page_name == "notice-results":
        assert page.locator("article h1").inner_text() == "2022 年第四季度评星结果"
    _check_page(page, 375, f"synth-{page_name}-375-{'large' if reading else 'normal'}")
    context.close()


@pytest.mark.parametrize("page_name", list(PAGES))
def test_desktop_views_are_saved_for_review(chromium, demo_url, page_name):
    context, page = _open(chromium, demo_url + PAGES[page_name], 1280, False, "dark")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"demo-{page_name}-1280-dark.png"))
    context.close()


def _contrast_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["violations"]})
    return [f"{n['target']}: {n['any'][0]['message'] if n['any'] else ''}" for v in result.response["violations"] for n in v["nodes"]]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_every_text_reaches_4_5_to_1_in_the_dark_scheme(chromium, demo_url, page_name, width):
    context, page = _open(chromium, demo_url + PAGES[page_name], width, False, "dark")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert _contrast_violations(page) == []
    context.close()


PAIR_TAGS = re.compile(r"(?:[\u3400-\u9fff]{2}\s){3}")


@pytest.mark.parametrize("query", ["税务", "纳税服务科党支部", "示范点", "红色车厢", "中共安澜市统计局机关支部委员会"])
def test_search_results_read_like_search(chromium, demo_url, query):
    """Title, kind and organization, a real excerpt with the query marked, and a count that says what is listed."""
    context, page = _open(chromium, demo_url + "search/?q=" + query, 375, False)
    page.wait_for_function("() => document.querySelector('[data-ps-search-status]').textContent.startsWith('找到') && "
                           "!document.querySelector('[data-ps-search-results]').hasAttribute('aria-busy')")
    status = page.locator("[data-ps-search-status]").inner_text()
    total = int(re.search(r"找到 (\d+) 个页面", status).group(1))
    items = page.locator(".ps-results > li")
    listed = items.count()
    titles = page.locator(".ps-results > li > a").all_inner_texts()
    assert len(set(titles)) == len(titles), titles  # each page once
    assert listed == min(total, 10), (status, listed)
    if total > listed:
        assert f"前 {listed} 个" in status
    for i in range(listed):
        item = items.nth(i)
        assert item.locator("a").inner_text().strip()
        assert item.locator(".ps-meta").inner_text().strip()
        text = item.locator("p").inner_text()
        assert not PAIR_TAGS.search(text + " "), text
    marks = page.locator(".ps-results mark").all_inner_texts()
    assert marks and all(m in query for m in marks)
    if len(query) > 10:  # an organization's full name finds the organization first
        assert titles[0] == query
    context.close()


@pytest.mark.parametrize("reading", [False, True], ids=["normal", "large"])
def test_the_first_phone_screen_holds_the_quarters_headline_figures(chromium, demo_url, reading):
    context, page = _open(chromium, demo_url, 375, reading)
    glance = page.locator(".ps-glance")
    top = glance.bounding_box()["y"]
    assert top < 740, "the quarter's figures start below the first screen"
    figures = glance.locator(".ps-glance__figures li")
    assert figures.count() == 3
    assert figures.nth(0).bounding_box()["y"] < 740
    assert "授星" in glance.inner_text() and "摘星" in glance.inner_text()
    context.close()


@pytest.mark.parametrize("kind", ["orgs", "systems", "sites", "brands", "deeds", "pairings", "achievements", "news"])
def test_a_page_is_found_by_its_own_title(chromium, demo_url, demo_site, kind):
    """Whatever the kind, a reader who types the title of a page finds that page among the first results."""
    from .sitebuild import soup

    links = soup(demo_site, kind).select("article .ps-links a, article .ps-grid a") or soup(demo_site, kind).select("article a")
    link = links[len(links) // 2]
    title, target = link.get_text(strip=True), link["href"].strip("./").split("/")[-1]
    context, page = _open(chromium, demo_url + "search/?q=" + title, 375, False)
    page.wait_for_function("() => /^(找到|没有找到)/.test(document.querySelector('[data-ps-search-status]').textContent) && "
                           "!document.querySelector('[data-ps-search-results]').hasAttribute('aria-busy')")
    found = [href.rstrip("/").split("/")[-1] for href in page.locator(".ps-results > li > a").evaluate_all("as => as.map(a => a.href)")]
    assert target in found[:5], (title, target, found)
    context.close()


def test_a_newcomer_on_a_phone_finds_a_branch_switches_large_text_and_reads_the_notice(chromium, demo_url):
    """The issue's measure of done, walked as one reader on a 375-pixel phone, never scrolling sideways."""
    context = chromium.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=1)
    page = context.new_page()

    def fits(where: str) -> None:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{where} scrolls sideways"

    page.goto(demo_url)
    fits("home")
    page.locator(".md-header .ps-search-link").click()  # the header's search button
    page.wait_for_url("**/search/")
    page.locator("#ps-q").fill("纳税服务科")  # part of a branch's name
    page.wait_for_function("() => document.querySelector('[data-ps-search-status]').textContent.startsWith('找到') && "
                           "!document.querySelector('[data-ps-search-results]').hasAttribute('aria-busy')")
    fits("search results")
    page.locator(".ps-results > li > a", has_text="纳税服务科党支部").first.click()
    page.wait_for_url("**/orgs/**")
    fits("the branch's page")
    assert re.search(r"\d 星", page.locator(".ps-stars-line").inner_text())
    assert re.search(r"上季度|持平", page.locator(".ps-ranks").inner_text())  # its change, in words

    page.get_by_role("button", name="大字").click()
    fits("the branch's page in large text")
    back = page.get_by_role("button", name="标准字号")  # the toggle says how to go back, and is on screen
    box = back.bounding_box()
    assert back.is_visible() and 0 <= box["x"] and box["x"] + box["width"] <= 375
    back.click()
    assert not page.evaluate("document.documentElement.classList.contains('ps-reading')")

    page.locator(".ps-breadcrumb a", has_text="首页").click()
    page.locator(".ps-glance a", has_text="看本季度公示").click()
    page.wait_for_url("**/notices/2022q4/")
    fits("the notice")
    assert "评星定级结果公示" in page.locator("article h1").inner_text()
    context.close()


@pytest.mark.parametrize("url", ["brands/tiejun-jicha/", "pairings/jt-gongjiao-3-xue-1/", "systems/jiao-yu-xi-tong/",
                                 "notices/2022q3/"])
def test_a_page_is_found_by_the_heading_a_reader_sees(chromium, demo_url, demo_site, url):
    from .sitebuild import soup

    heading = soup(demo_site, url).select_one("article h1").get_text(strip=True)
    context, page = _open(chromium, demo_url + "search/?q=" + heading, 375, False)
    page.wait_for_function("() => /^(找到|没有找到)/.test(document.querySelector('[data-ps-search-status]').textContent) && "
                           "!document.querySelector('[data-ps-search-results]').hasAttribute('aria-busy')")
    found = [href.split("/", 3)[-1] for href in page.locator(".ps-results > li > a").evaluate_all("as => as.map(a => a.href)")]
    assert url in found[:5], (heading, found)
    context.close()
