"""Search in a real browser: Chinese names, phrases from stories, kinds, and filters."""

from __future__ import annotations

import json

import pytest

from .browser import is_local


@pytest.fixture(scope="module")
def site(demo_site):
    return demo_site


@pytest.fixture(scope="module")
def base_url(demo_url):
    return demo_url


@pytest.fixture(scope="module")
def page(base_url, chromium):
    requests = []
    context = chromium.new_context()
    tab = context.new_page()
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(base_url + "search/")
    tab.requests = requests
    yield tab
    context.close()


def _search(page, query: str) -> list[str]:
    page.fill("#ps-q", query)
    page.wait_for_function("q => new URL(location.href).searchParams.get('q') === q && "
                           "/^(找到|没有找到)/.test(document.querySelector('[data-ps-search-status]').textContent)",
                           arg=query)
    return page.locator(".ps-results li > a").all_inner_texts()


def test_an_organizations_chinese_name_finds_its_page(page):
    assert _search(page, "东林县税务局")[0] == "东林县税务局机关党支部"
    assert _search(page, "公积金")[0] == "安澜市住房公积金管理中心党支部"


def test_a_phrase_from_a_deeds_story_finds_the_deed(page):
    assert _search(page, "流动办税车")[0] == "清河县税务局：山区办税“流动车”"
    assert "周海燕：办税厅里的“金牌帮办”" in _search(page, "一问二查三引导")


def test_searching_for_sites_finds_the_sites(page):
    results = _search(page, "示范点")
    assert "市税务局纳税服务科党支部：省级党支部规范化建设示范点" in results
    item = page.locator(".ps-results li").first
    assert item.locator(".ps-meta").inner_text().startswith(("示范点", "动态", "组织", "榜样", "品牌", "公示"))


def test_each_result_shows_its_kind_and_organization(page):
    _search(page, "手语")
    first = page.locator(".ps-results li").first
    assert first.locator("a").inner_text() == "陈静怡：特教讲台上的“手语妈妈”"
    assert first.locator(".ps-meta").inner_text() == "榜样 · 安澜市特殊教育学校党支部"
    assert first.locator("mark").count() >= 1


def _count(page) -> int:
    return int(page.locator("[data-ps-search-status]").inner_text().split()[1])


def _all_results(page) -> list[str]:
    while page.locator("[data-ps-search-more]").is_visible():
        shown = page.locator(".ps-results li").count()
        page.click("[data-ps-search-more]")
        page.wait_for_function("n => document.querySelectorAll('.ps-results li').length > n", arg=shown)
    return page.locator(".ps-results li > a").all_inner_texts()


def test_a_filter_narrows_the_results_to_their_intersection(page):
    _search(page, "示范点")
    everything = dict(zip(_all_results(page), page.locator(".ps-results li .ps-meta").all_inner_texts()))
    assert len(everything) == _count(page) > 20
    sites = {title for title, meta in everything.items() if meta.startswith("示范点")}
    page.select_option("#ps-s-kind", "示范点")
    page.wait_for_function("n => /^找到/.test(document.querySelector('[data-ps-search-status]').textContent) && "
                           "document.querySelector('[data-ps-search-status]').textContent !== `找到 ${n} 个页面`",
                           arg=len(everything))
    assert set(_all_results(page)) == sites and _count(page) == len(sites) >= 10
    page.select_option("#ps-s-system", "税务系统")
    page.wait_for_function("() => document.querySelector('[data-ps-search-status]').textContent === '找到 2 个页面'")
    assert set(page.locator(".ps-results li > a").all_inner_texts()) == {
        "市税务局纳税服务科党支部：省级党支部规范化建设示范点", "市税务局纳税服务科党支部：市直机关精品示范党支部"}
    page.select_option("#ps-s-kind", "")
    page.select_option("#ps-s-system", "")


def test_search_makes_no_request_to_another_host(page):
    _search(page, "红色车厢")
    assert page.requests and [url for url in page.requests if not is_local(url)] == []


def test_header_box_leads_to_the_search_page(base_url, chromium):
    context = chromium.new_context()
    tab = context.new_page()
    tab.goto(base_url + "orgs/sw-nafu/")
    tab.fill("#ps-search-q", "手语")
    tab.press("#ps-search-q", "Enter")
    tab.wait_for_url("**/search/?q=*")
    tab.wait_for_selector(".ps-results li")
    assert tab.locator(".ps-results li > a").first.inner_text() == "陈静怡：特教讲台上的“手语妈妈”"
    context.close()


def test_facet_lists_hold_the_right_pages(site):
    kinds = json.loads((site / "search/facets/kind/shi-fan-dian.json").read_text())
    assert len(kinds) == 13 and kinds == sorted(kinds)
    assert len(json.loads((site / "search/facets/kind/zu-zhi.json").read_text())) == 76
