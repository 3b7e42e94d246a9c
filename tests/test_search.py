"""Search in a real browser: Chinese names, phrases from stories, kinds, and filters."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from .browser import is_local, serve
from .conftest import DEMO, ROOT
from .sitebuild import build_site, files

PART_PAGES = 40  # a column past 25,000 indexed pages is indexed in parts; the demo's ~200 in parts of 40


@pytest.fixture(scope="module", params=["one index", "index in parts"])
def site(request, demo_site):
    """The demo with its search index in one bundle, and in parts merged by the search page."""
    return demo_site if request.param == "one index" else request.getfixturevalue("parts_site")


@pytest.fixture(scope="module")
def parts_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parts")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}")
    config = config.replace("  custom_dir: overrides", f"  custom_dir: {ROOT / 'overrides'}")
    config = config.replace("      data_dir: !ENV [PACESETTER_DATA, data]",
                            f"      data_dir: !ENV [PACESETTER_DATA, data]\n      search_part_pages: {PART_PAGES}")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    return build_site(DEMO, folder / "site", config=folder / "mkdocs.yml")


@pytest.fixture(scope="module")
def places(site) -> int:
    """How far down the expected page may come: the first place with one index; among the
    first three with small parts, whose word weights (how rare a word is in its part) differ
    more from the whole column's than those of parts of 25,000 pages."""
    return 1 if len(list(site.glob("pagefind/**/pagefind-entry.json"))) == 1 else 3


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


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
                           "/^(找到|没有找到)/.test(document.querySelector('[data-ps-search-status]').textContent) && "
                           "!document.querySelector('[data-ps-search-results]').hasAttribute('aria-busy')",
                           arg=query)
    return page.locator(".ps-results li > a").all_inner_texts()


def test_an_organizations_chinese_name_finds_its_page(page, places):
    assert "东林县税务局机关党支部" in _search(page, "东林县税务局")[:places]
    assert "安澜市住房公积金管理中心党支部" in _search(page, "公积金")[:places]


def test_a_phrase_from_a_deeds_story_finds_the_deed(page, places):
    assert "清河县税务局：山区办税“流动车”" in _search(page, "流动办税车")[:places]
    assert "周海燕：办税厅里的“金牌帮办”" in _search(page, "一问二查三引导")


def test_searching_for_sites_finds_the_sites(page):
    results = _search(page, "示范点")
    kinds = page.locator(".ps-results > li > .ps-meta").all_inner_texts()
    # every site's title says 示范点: the first page of results is made of sites
    assert len(results) == 10 and sum(k.startswith("示范点") for k in kinds) >= 8, kinds
    assert "市税务局纳税服务科党支部：省级党支部规范化建设示范点" in _search(page, "规范化建设示范点")
    item = page.locator(".ps-results li").first
    assert item.locator(".ps-meta").inner_text().startswith(("示范点", "动态", "组织", "榜样", "品牌", "公示"))


def test_each_result_shows_its_kind_and_organization(page, places):
    assert "陈静怡：特教讲台上的“手语妈妈”" in _search(page, "手语")[:places]
    item = page.locator(".ps-results li").filter(has=page.get_by_role("link", name="陈静怡：特教讲台上的“手语妈妈”"))
    assert item.locator(".ps-meta").inner_text() == "榜样 · 安澜市特殊教育学校党支部"
    assert item.locator("mark").count() >= 1


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


def test_facet_lists_hold_the_right_pages(site, demo_data):
    kinds = json.loads((site / "search/facets/kind/shi-fan-dian.json").read_text())
    assert len(kinds) == len(demo_data.sites) and kinds == sorted(kinds)
    assert len(json.loads((site / "search/facets/kind/zu-zhi.json").read_text())) == len(demo_data.orgs)


def test_a_large_index_comes_in_parts_of_even_size_and_the_page_merges_them(site, page):
    parts = sorted(p.parent for p in site.glob("pagefind/**/pagefind-entry.json"))
    fragments = [len(list((part / "fragment").glob("*.pf_fragment"))) for part in parts]
    form = page.locator("[data-ps-search]")
    if len(parts) == 1:
        assert form.get_attribute("data-parts") is None
        return
    # A tenth spare: parts dealt by a hash of the address differ a little in size (by a few
    # pages in parts of 40; by a few hundred in parts of 25,000, whose tenth is 2,500).
    assert len(parts) == -(-sum(fragments) * 11 // (10 * PART_PAGES)) >= 4
    assert max(fragments) <= PART_PAGES * 1.25 and min(fragments) >= PART_PAGES / 2, fragments
    assert form.get_attribute("data-parts").split() == [f"../pagefind/part-{n}/" for n in range(2, len(parts) + 1)]
    # Every indexed page is in exactly one part, and the filters list pages of every part.
    ids = [f.stem for part in parts for f in (part / "fragment").glob("*.pf_fragment")]
    assert len(ids) == len(set(ids))
    listed = set().union(*(json.loads(f.read_text()) for f in site.glob("search/facets/kind/*.json")))
    assert listed == set(ids)
    # Pages of the first and the last part are found by their titles.
    for part in (parts[0], parts[-1]):
        fragment = sorted((part / "fragment").glob("*.pf_fragment"))[0]
        data = gzip.decompress(fragment.read_bytes())
        title = json.loads(data[data.index(b"{"):])["meta"]["title"]
        assert title in _search(page, title)


def test_parts_deal_pages_out_evenly_and_always_the_same_way():
    from pacesetter.search.index import parts

    urls = [f"/orgs/o{n:03}/" for n in range(250)] + [f"/deeds/d{n:02}/" for n in range(50)]
    made = parts(reversed(urls), 100)
    assert made == parts(urls, 100) and len(made) == 4  # 300 pages and a tenth spare: 4 parts of 100
    assert sorted(u for part in made for u in part) == sorted(urls)
    assert all(part == sorted(part) and 50 <= len(part) <= 100 for part in made), [len(p) for p in made]
    # Each part has its share of each kind of page.
    assert all(5 <= sum(u.startswith("/deeds/") for u in part) <= 20 for part in made)
    # A page that comes or goes changes its own part only: the others are reused from the cache.
    grown = parts(urls + ["/deeds/d99/"], 100)
    changed = [n for n in range(4) if grown[n] != made[n]]
    assert len(changed) == 1 and set(grown[changed[0]]) - set(made[changed[0]]) == {"/deeds/d99/"}
    assert parts(urls, 400) == [sorted(urls)] and parts([], 10) == []
    # From so many pages on, so many parts at least, however large a part may be.
    assert len(parts(urls, 400, least=((300, 2),))) == 2 and len(parts(urls, 400, least=((301, 2),))) == 1
    assert len(parts(urls, 400, least=((300, 4), (200, 2)))) == 4 and len(parts(urls, 400, least=((301, 4), (200, 2)))) == 2
    # The column's own (LEAST_PARTS): four parts at 20,000 organizations (22,502 indexed pages), two from 10,000 pages.
    many = [f"/orgs/o{n:05}/" for n in range(22_502)]
    assert [len(parts(many[:size])) for size in (22_502, 20_000, 19_999, 10_000, 9_999)] == [4, 4, 2, 2, 1]


def test_an_organizations_pages_go_to_one_part():
    """A merge changes an organization's pages together (a deed and the organization's page that
    lists it): in one part, it re-indexes that part only."""
    from pacesetter.search.index import parts

    pages = {f"/orgs/o{n:03}/": f"组织{n}" for n in range(200)}
    pages |= {f"/deeds/d{n:03}/": f"组织{n % 40}" for n in range(100)}
    pages |= {f"/news/n{n:02}/": f"/news/n{n:02}/" for n in range(50)}  # no organization: each its own
    made = parts(pages, 100)
    assert len(made) == 4 and sorted(u for part in made for u in part) == sorted(pages)
    part_of = {url: number for number, part in enumerate(made) for url in part}
    for n in range(100):
        assert part_of[f"/deeds/d{n:03}/"] == part_of[f"/orgs/o{n % 40:03}/"]
    assert all(sum(u.startswith("/news/") for u in part) >= 5 for part in made)


def test_each_part_indexes_exactly_its_pages_whatever_their_names(tmp_path):
    from pacesetter.search.facets import fragment_ids
    from pacesetter.search.index import IndexJob

    names = ["a,b{c}", "x[1]", "星*号?", "plain", "left-out", "plaid", "plan", "planet"]
    for name in names:
        folder = tmp_path / "g" / name
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(f'<html lang="zh"><body><main data-pagefind-body><h1>页面 {name}</h1></main></body></html>',
                                           encoding="utf-8")
    chosen = [[f"/g/{names[0]}/", f"/g/{names[2]}/", f"/g/{names[6]}/"],
              [f"/g/{names[1]}/", f"/g/{names[3]}/", f"/g/{names[5]}/", f"/g/{names[7]}/"]]
    job = IndexJob(tmp_path, chosen)
    job.finish()
    assert [sorted(fragment_ids([bundle])) for bundle in job.bundles()] == [sorted(part) for part in chosen]
    assert [b.relative_to(tmp_path).as_posix() for b in job.bundles()] == ["pagefind", "pagefind/part-2"]


def _indexed(site) -> list[str]:
    """The addresses of a built site's pages that ask to be indexed."""
    return sorted("/" + p.parent.relative_to(site).as_posix().removeprefix(".") + "/" for p in site.rglob("index.html")
                  if b"data-pagefind-body" in p.read_bytes() and not p.is_relative_to(site / "pagefind"))


def test_the_index_of_the_stand_ins_is_the_index_of_the_pages(demo_site, tmp_path, monkeypatch):
    """Pagefind is given each page cut down to what it indexes, by the page writers as they
    write (the build) or from the page (here): the index is byte for byte the one of the whole pages."""
    from pacesetter.search import index
    from pacesetter.search.standin import stand_in

    site = tmp_path / "site"
    shutil.copytree(demo_site, site, ignore=shutil.ignore_patterns("pagefind"))
    urls = _indexed(site)
    assert len(urls) > 150
    pages = [(site / url.strip("/") / "index.html").read_text(encoding="utf-8") for url in urls]
    # Cut down to a fifth or less: else the stand-ins would save Pagefind little.
    assert sum(len(stand_in(page)) for page in pages) < sum(len(page) for page in pages) / 5
    built = files(demo_site / "pagefind")
    index.IndexJob(site, [urls], "from-pages").finish()
    assert files(site / "from-pages") == built
    monkeypatch.setattr(index, "stand_in", lambda html: html)
    index.IndexJob(site, [urls], "whole").finish()
    assert files(site / "whole") == built


@pytest.mark.parametrize("page, kept, left_out", [
    # Ignored parts go, but not one holding metadata; what is not ignored stays, ">" in a quoted value too.
    ('<!doctype html><html lang="zh"><head><title>甲</title><link rel="x"></head><body><header>菜单</header>'
     '<div data-pagefind-body><h1 title="a>b">甲</h1><nav data-pagefind-ignore><div><div>上一篇</div></div></nav>'
     '<span data-pagefind-meta="kind" data-pagefind-ignore>组织</span><p>正文</p>'
     '<section data-pagefind-ignore><svg><path d="M0 0"/></svg><p>大事记</p><span data-pagefind-filter="y">2022</span></section>'
     '<div data-pagefind-ignore>图表<br><div>刻度</div></div></div><footer>页脚</footer></body></html>',
     ['<html lang="zh">', "<title>甲</title>", '<h1 title="a>b">甲</h1>', "组织", "正文", "大事记", "2022"],
     ["菜单", "上一篇", "图表", "刻度", "页脚", "<link"]),
    # Not of the expected shape: given whole.
    ('<html><body><div data-pagefind-body><div data-pagefind-ignore>没有结束</div></body></html>', ["没有结束"], []),
    ('<html><body><p>data-pagefind-ignore</p><div data-pagefind-body>甲</div><div data-pagefind-body>乙</div></body></html>',
     ["甲", "乙"], []),
])
def test_a_stand_in_keeps_what_pagefind_reads(page, kept, left_out):
    from pacesetter.search.standin import stand_in

    cut = stand_in(page)
    assert all(part in cut for part in kept) and not any(part in cut for part in left_out), cut
    if not left_out:
        assert cut == page


def test_pages_are_indexed_in_the_order_of_their_addresses(tmp_path):
    """Pagefind numbers pages in the order it gets them. ``pagefind --site`` gets them in the
    order the file system lists them, which differs between machines: so did the index."""
    from pacesetter.search.facets import fragment_ids
    from pacesetter.search.index import IndexJob

    urls = [f"/orgs/{name}/" for name in ("zz", "b3", "a1", "m0", "b20", "q", "c7", "a10")]
    for url in urls:  # created in an order that is neither
        folder = tmp_path / url.strip("/")
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(f'<html lang="zh"><body><main data-pagefind-body><h1>{url}</h1></main></body></html>',
                                           encoding="utf-8")
    job = IndexJob(tmp_path, [urls])
    job.finish()
    meta = gzip.decompress(next((tmp_path / "pagefind").glob("*.pf_meta")).read_bytes())
    ids = fragment_ids(job.bundles())
    # The metadata lists the pages' fragments in page order.
    assert sorted(urls, key=lambda url: meta.index(ids[url].encode())) == sorted(urls)


def test_pagefind_takes_no_setting_from_the_environment(tmp_path, monkeypatch):
    """Pagefind reads PAGEFIND_* variables over its configuration file: none may move the
    index out of the site or bring in pages from outside it."""
    from pacesetter.search.facets import fragment_ids
    from pacesetter.search.index import IndexJob

    site, outside = tmp_path / "site", tmp_path / "outside"
    for folder, text in ((site / "orgs" / "a", "本站的页面"), (outside / "secret", "站外的文件")):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(f'<html lang="zh"><body><main data-pagefind-body><h1>{text}</h1></main></body></html>',
                                           encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_OUTPUT_PATH", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("PAGEFIND_SITE", str(outside))
    monkeypatch.setenv("PAGEFIND_GLOB", "**/*.html")
    monkeypatch.setenv("pagefind_output_subdir", "moved")
    job = IndexJob(site, [["/orgs/a/"]])
    job.finish()
    assert fragment_ids(job.bundles()).keys() == {"/orgs/a/"}
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["outside", "site"]
    assert sorted(p.name for p in site.iterdir()) == ["orgs", "pagefind"]


def test_pagefind_cuts_the_index_into_files_of_the_chosen_size(tmp_path, monkeypatch):
    """INDEX_CHUNK reaches Pagefind through a variable it calls unstable: a Pagefind that no
    longer reads it would silently make every first search heavier."""
    from pacesetter.search import index

    words = " ".join(f"w{n:04}" for n in range(400))
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(f'<html lang="zh"><body><main data-pagefind-body><p>{words}</p></main></body></html>',
                                                    encoding="utf-8")
    counts = []
    for size in (100, 100_000):
        monkeypatch.setattr(index, "INDEX_CHUNK", size)
        job = index.IndexJob(tmp_path, [["/a/", "/b/"]])
        job.finish()
        counts.append(len(list((tmp_path / "pagefind" / "index").glob("*.pf_index"))))
        shutil.rmtree(tmp_path / "pagefind")
    # 400 words on two pages: one file holds them all, or a few words each.
    assert counts[1] == 1 and counts[0] >= 10, counts


def test_a_page_that_cannot_be_read_stops_the_index_with_its_address(tmp_path):
    from pacesetter.search import SearchIndexError
    from pacesetter.search.index import IndexJob

    (tmp_path / "orgs" / "a").mkdir(parents=True)
    (tmp_path / "orgs" / "a" / "index.html").write_text('<html lang="zh"><body><main data-pagefind-body>页</main></body></html>',
                                                        encoding="utf-8")
    job = IndexJob(tmp_path, [["/orgs/a/", "/orgs/gone/"]])
    with pytest.raises(SearchIndexError, match="/orgs/gone/"):
        job.finish()


# Names of people, organizations and places, and phrases: each of more than one word, so that
# a part holding only some of the words would, left to Pagefind, answer with looser matches.
SAME_IN_PARTS = ["蔡亚楠", "冯建国", "王雪梅", "谢承志", "许玉芳", "罗红梅", "东林县税务局", "市财政局机关第一党支部",
                 "财政投资评审", "一问二查三引导", "流动办税车", "规范化建设示范点", "红色车厢"]


def _every_result(page, query: str) -> list[str]:
    _search(page, query)
    return sorted(_all_results(page))


def test_an_index_in_parts_finds_the_same_pages_as_one_index(demo_site, parts_site, chromium):
    found = []
    for folder in (demo_site, parts_site):
        with serve(folder) as url:
            context = chromium.new_context()
            tab = context.new_page()
            tab.goto(url + "search/")
            found.append({query: _every_result(tab, query) for query in SAME_IN_PARTS})
            context.close()
    one, parts = found
    assert {query: (one[query], parts[query]) for query in SAME_IN_PARTS if parts[query] != one[query]} == {}
    assert [query for query, titles in one.items() if not titles] == []
    assert sum(len(titles) for titles in one.values()) < 200, one


def test_search_works_in_a_browser_without_word_segmentation(parts_site, chromium):
    """Older phone browsers lack Intl.Segmenter: Pagefind then cuts a query at spaces only,
    and so does the search page, which must not break."""
    errors = []
    with serve(parts_site) as url:
        context = chromium.new_context()
        context.add_init_script("delete Intl.Segmenter")
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(url + "search/")
        assert tab.evaluate("typeof Intl.Segmenter") == "undefined"
        assert "蔡亚楠：国库支付“零差错”" in _search(tab, "蔡亚楠")
        context.close()
    assert errors == []
