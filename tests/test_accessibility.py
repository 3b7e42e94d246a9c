"""Readers with poor sight, older readers and keyboard users, in the real browser.

axe-core (the copy bundled in the axe-playwright-python package, injected into the
page: no network) finds no serious or critical violation; the large-text,
high-contrast reading mode (适老化) is on every page and remembered; text at twice
the size loses nothing; every step from the home page to a search result works by
keyboard alone.
"""

from __future__ import annotations

import pytest

PAGES = {"home": "", "organization": "orgs/sw-donglin/", "ranking": "rankings/stars/", "search": "search/?q=税务"}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def base_url(demo_url):
    return demo_url


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("reading", [False, True], ids=["standard", "reading-mode"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_axe_violations(chromium, base_url, name, reading):
    context = chromium.new_context(viewport=DESKTOP)
    if reading:
        context.add_init_script("localStorage.setItem('ps-reading', 'on')")
    page = context.new_page()
    page.goto(base_url + PAGES[name])
    if name == "search":
        page.locator("[data-ps-search-results] li").first.wait_for()
    assert page.evaluate("document.documentElement.classList.contains('ps-reading')") is reading
    assert _violations(page) == []
    context.close()


def _font_px(page, selector: str) -> float:
    return page.evaluate(f"parseFloat(getComputedStyle(document.querySelector({selector!r})).fontSize)")


def _contrast(page, selector: str) -> float:
    """WCAG contrast ratio of an element's text colour against the page background."""
    return page.evaluate("""(selector) => {
      const rgb = (c) => c.match(/[0-9.]+/g).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
      const fg = lum(rgb(getComputedStyle(document.querySelector(selector)).color));
      const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
      return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    }""", selector)


def test_the_reading_mode_is_on_every_page_and_remembered(chromium, base_url):
    context = chromium.new_context(viewport=DESKTOP, color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + "orgs/sw-donglin/")
    toggle = page.get_by_role("button", name="大字")
    normal, root = _font_px(page, "article p"), _font_px(page, "html")
    toggle.click()
    assert page.get_attribute("[data-ps-reading]", "aria-pressed") == "true"
    assert _font_px(page, "article p") >= 1.5 * normal
    # Black on white even though the reader's system asks for the dark scheme: 7:1 or more (WCAG AAA).
    assert _contrast(page, "article p") >= 7
    assert page.evaluate("getComputedStyle(document.querySelector('article a')).textDecorationLine") == "underline"

    for path in ("", "rankings/", "timeline/", "guide/"):  # remembered on other pages and after a reload
        page.goto(base_url + path)
        assert page.evaluate("document.documentElement.classList.contains('ps-reading')")
        assert page.get_by_role("button", name="标准字号").is_visible()
    page.reload()
    page.get_by_role("button", name="标准字号").click()
    page.goto(base_url + "orgs/")
    assert not page.evaluate("document.documentElement.classList.contains('ps-reading')")
    assert _font_px(page, "html") == root
    assert page.get_by_role("button", name="大字").is_visible()
    context.close()


@pytest.mark.parametrize("path", ["", "orgs/sw-donglin/", "rankings/stars/", "timeline/", "sites/sw-nafu-shengji/"])
def test_text_at_twice_the_size_loses_nothing(chromium, base_url, path):
    # 200% zoom of a 1280-pixel window is a 640-pixel layout; the reading mode enlarges text again.
    context = chromium.new_context(viewport={"width": 640, "height": 900}, device_scale_factor=2)
    context.add_init_script("localStorage.setItem('ps-reading', 'on')")
    page = context.new_page()
    page.goto(base_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    assert page.get_by_role("button", name="标准字号").is_visible()
    # The article's heading and first paragraph are inside the window, not clipped off its side.
    box = page.locator("article h1").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 640
    context.close()


def _tab_to(page, predicate: str, limit: int = 60) -> int:
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return !!e && ({predicate}); }})()"):
            return presses
    raise AssertionError(f"Tab never reached: {predicate}")


def test_keyboard_alone_reaches_the_reading_mode_search_and_a_result(chromium, base_url):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(base_url)
    _tab_to(page, "e.matches('[data-ps-reading]')")
    # The focused control is visibly marked.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none" or \
        page.evaluate("getComputedStyle(document.activeElement).boxShadow") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('ps-reading')")
    page.keyboard.press("Shift+Tab")  # the header's search box sits just before the toggle
    assert page.evaluate("document.activeElement.id") == "ps-search-q"
    page.keyboard.type("税务")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.locator("[data-ps-search-results] li").first.wait_for()
    _tab_to(page, "e.closest('[data-ps-search-results]') && e.tagName === 'A'", limit=120)
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page.locator("article h1").inner_text()
    assert page.evaluate("document.documentElement.classList.contains('ps-reading')")
    context.close()
