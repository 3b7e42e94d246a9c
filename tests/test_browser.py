"""What a reader sees in a real browser: a phone, no JavaScript, print, and no request off the host."""

from __future__ import annotations


import pytest

from .browser import is_local

PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def base_url(demo_url):
    return demo_url


def _recording_page(context, requests: list[str], errors: list[str]):
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def test_phone_reader_clicks_from_home_to_an_organization(chromium, base_url):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    requests, errors = [], []
    page = _recording_page(context, requests, errors)
    page.goto(base_url)
    assert page.locator("article h1").inner_text() == "寻标对标达标创标工作专栏"

    page.get_by_role("link", name="76 党组织").click()
    page.wait_for_url(base_url + "orgs/")
    assert page.locator("article h1").inner_text() == "党建网格"

    page.get_by_role("link", name="东林县税务局机关党支部").click()
    page.wait_for_url(base_url + "orgs/sw-donglin/")
    assert page.locator("article h1").inner_text() == "东林县税务局机关党支部"
    assert page.get_by_role("img", name="4 星").first.is_visible()
    assert "市税务局机关党委" in page.locator(".ps-breadcrumb").inner_text()  # the parent, by its short name
    assert page.locator(".ps-breadcrumb a[title=\"国家税务总局安澜市税务局机关委员会\"]").count() == 1

    # Nothing on the page is wider than the phone: no sideways scrolling of the whole page.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()

    assert requests, "the recorder saw the page load"
    assert [url for url in requests if not is_local(url)] == []
    assert errors == []


def test_pages_read_without_javascript(chromium, base_url):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "orgs/zj-gongjijin/")
    assert page.locator("article h1").inner_text() == "安澜市住房公积金管理中心党支部"
    assert "共 5 项问题" in page.locator("#ps-ledger + p").inner_text()
    page.goto(base_url + "sites/zj-gongjijin-shizhi/")
    assert page.locator(".ps-status").inner_text().startswith("已取消命名")
    context.close()


def test_pages_print_without_site_chrome(chromium, base_url):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(base_url + "deeds/zhou-haiyan-banshui/")
    page.emulate_media(media="print")
    assert page.locator("article h1").is_visible()
    assert page.locator(".ps-honors").is_visible()
    assert not page.locator(".md-header").is_visible()
    context.close()


def test_every_top_tab_opens_on_a_desktop(chromium, base_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    requests, errors = [], []
    page = _recording_page(context, requests, errors)
    page.goto(base_url)
    names = page.locator(".md-tabs__link").all_inner_texts()
    for name in names:
        page.locator(".md-tabs__link", has_text=name).first.click()
        page.wait_for_load_state()
        assert page.locator("article h1").count() == 1, name
    context.close()
    assert [url for url in requests if not is_local(url)] == []
    assert errors == []


@pytest.mark.parametrize("path", ["", "orgs/", "orgs/sw-dangwei/", "orgs/sw-donglin/", "rankings/", "rankings/stars/", "rankings/progress/system/shui-wu-xi-tong/", "notices/",
                                  "timeline/", "timeline/kind/honor/", "sites/zj-gongjijin-shizhi/", "brands/hongse-shuiyuan/",
                                  "deeds/zhou-haiyan-banshui/", "pairings/sw-donglin-xue-nafu/", "news/", "data/"])
def test_no_page_is_wider_than_a_phone(chromium, base_url, path):
    context = chromium.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    page.goto(base_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    context.close()


def test_filter_a_ranking_by_system_shows_only_that_system(chromium, base_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + "rankings/stars/")
    rows = page.locator("#ps-ranking tbody tr[data-ps-row]")
    assert rows.count() == 65
    page.get_by_label("系统", exact=True).select_option("教育系统")
    visible = page.locator("#ps-ranking tbody tr[data-ps-row]:visible")
    assert visible.count() == 8
    assert set(visible.locator("td:nth-child(4)").all_inner_texts()) == {"教育系统"}
    assert page.locator("[data-ps-count]").inner_text() == "显示 8 / 65 项"
    page.get_by_label("组织名称").fill("实验小学")
    assert page.locator("#ps-ranking tbody tr[data-ps-row]:visible th a").all_inner_texts() == ["安澜市实验小学党支部"]
    # only the heading of the group it is in stays
    assert page.locator("#ps-ranking tr.ps-group:visible").count() == 1
    context.close()


def test_filter_the_timeline_by_kind_and_organization(chromium, base_url):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(base_url + "timeline/")
    # 2022 has more events than a page holds: the count speaks of this page, and the note of the others.
    assert page.locator("[data-ps-count]").inner_text() == "本页共 200 项，显示 200 项"
    assert "分 3 页列出（这是第 1 页）" in page.locator(".ps-filter .ps-note").inner_text()
    page.get_by_label("事件类别").select_option(label="摘星")
    shown = page.locator(".ps-event:visible").count()
    assert page.locator("[data-ps-count]").inner_text() == f"本页共 200 项，显示 {shown} 项"
    kinds = set(page.locator(".ps-event:visible .ps-kind").all_inner_texts())
    assert kinds == {"摘星"}
    page.get_by_role("searchbox", name="组织", exact=True).fill("国库支付中心")
    events = page.locator(".ps-event:visible").all_inner_texts()
    assert len(events) == 1 and "安澜市财政国库支付中心党支部" in events[0]
    context.close()


def test_sort_a_ranking_table(chromium, base_url):
    """A heading's button puts first what a reader looks for first (the most six-star branches);
    a second press reverses it, and a name's heading sorts by name."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + "rankings/")
    table = page.locator("table[data-ps-sortable]").first
    assert not page.get_by_label("排列顺序").first.is_visible()  # the headings' buttons are enough here
    table.get_by_role("button", name="六星党支部").click()
    first = [int(x) for x in table.locator("tbody tr td:nth-child(7)").all_inner_texts()]
    assert first == sorted(first, reverse=True) and first != sorted(first)
    table.get_by_role("button", name="六星党支部").click()
    second = [int(x) for x in table.locator("tbody tr td:nth-child(7)").all_inner_texts()]
    assert second == sorted(second)
    table.get_by_role("button", name="名次").first.click()  # ranks: the first place first
    ranks = [int(x) for x in table.locator("tbody tr td:nth-child(4)").evaluate_all("cells => cells.map(c => c.getAttribute('data-value'))")]
    assert ranks == sorted(ranks)
    context.close()


def test_a_phone_sorts_with_a_list_of_orders(chromium, base_url):
    """On a phone each row is read down the screen and the headings are hidden: a list above the table
    offers the same orders in words, and gives back the page's own order."""
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base_url + "rankings/")
    table = page.locator("table[data-ps-sortable]").first
    names = table.locator("tbody tr th a")
    before = names.all_inner_texts()
    assert not table.get_by_role("button", name="六星党支部").is_visible()
    order = page.get_by_label("排列顺序").first
    assert order.is_visible()
    options = order.locator("option:not([hidden])").all_inner_texts()
    assert options == ["原来的顺序", "党支部（多的在前）", "达标比例（高的在前）", "平均星级（高的在前）", "六星党支部（多的在前）"]
    order.select_option(label="六星党支部（多的在前）")
    six = [int(x) for x in table.locator("tbody tr td:nth-child(7)").all_inner_texts()]
    assert six == sorted(six, reverse=True)
    assert names.all_inner_texts() != before
    order.select_option(label="平均星级（高的在前）")
    stars = [float(x) for x in table.locator("tbody tr td:nth-child(5)").evaluate_all("cells => cells.map(c => c.getAttribute('data-value'))")]
    assert stars == sorted(stars, reverse=True)
    order.select_option(label="原来的顺序")
    assert names.all_inner_texts() == before
    context.close()


def test_filters_stay_hidden_without_javascript(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "rankings/stars/")
    assert not page.locator("form.ps-filter").is_visible()
    page.get_by_role("link", name="教育系统党支部").click()
    assert page.locator("#ps-ranking tbody tr[data-ps-row]").count() == 8
    context.close()


def test_charts_follow_dark_mode_and_print(chromium, base_url):
    fills = {}
    for scheme in ("light", "dark"):
        context = chromium.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(base_url + "orgs/rs-rencai/")
        fills[scheme] = page.evaluate("getComputedStyle(document.querySelector('.ps-chart text')).fill")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.ps-chart .ps-line')).stroke") == "rgb(0, 0, 0)"
        context.close()
        # the chart's text stands out from the page behind it
        dark_text = fills[scheme].startswith("rgba(0, 0, 0")
        dark_page = background != "rgb(255, 255, 255)"
        assert dark_text != dark_page, (scheme, fills[scheme], background)
    assert fills["light"] != fills["dark"]


@pytest.mark.parametrize("path", ["", "orgs/sw-nafu/", "rankings/", "deeds/zhou-haiyan-banshui/"])
def test_a_page_view_fetches_the_page_and_its_assets_alone(chromium, base_url, path):
    """No sitemap, no search index, nothing the reader did not ask for: only the page and what it draws with."""
    from urllib.parse import urlparse

    context = chromium.new_context(viewport=PHONE)
    requests, errors = [], []
    page = _recording_page(context, requests, errors)
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    paths = [urlparse(url).path for url in requests]
    context.close()
    assert paths[0] == "/" + path
    extra = [p for p in paths[1:] if not p.startswith(("/assets/", "/media/"))]
    assert extra == [], "a page view fetched more than its page and assets"
    assert all(p.rsplit(".", 1)[-1] in ("css", "js", "png", "svg", "jpg", "webp", "woff2") for p in paths[1:])
    assert errors == []
