"""Every generated page of the column: where it lives, its title, template and view.

Views are built lazily, when MkDocs renders the page, so that a large column does not
hold every page's view in memory at once. List pages are paginated so that no page
grows with the size of the column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .. import entities as e
from ..terms import quarter_label
from ..model.column import EVENT_KINDS
from .views import GridView, Link, ListView, SearchTags, Views, paginate, stop_pairs, url_of
from .views.common import arounds

PER_PAGE = 50  # items on one list page
GRID_PER_PAGE = 400  # organizations on one page of the grid
RANKING_PER_PAGE = 200  # rows on one page of a ranking
TIMELINE_PER_PAGE = 200  # events on one page of a kind of event


def layout() -> bytes:
    """How much each kind of page holds. Part of every article's frame (``stamp.frame_key``): a
    page's inputs (``PageSpec.inputs``) name the data it reads, not which slice of a list it shows."""
    from .views import classes, home, notices, orgs, systems

    return repr((PER_PAGE, GRID_PER_PAGE, RANKING_PER_PAGE, TIMELINE_PER_PAGE, notices.RESULTS_ON_NOTICE,
                 notices.RESULTS_PER_PAGE, notices.CHANGES_ON_NOTICE, orgs.BRANCHES_LISTED, systems.DEEDS_LISTED,
                 classes.GRADE_LISTED, classes.MOVES_LISTED, home.HOME_CHANGES)).encode()


@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    title: str
    template: str
    build: Callable[[], Any]
    in_nav: bool = False
    search: SearchTags | None = None  # None keeps the page out of the search index
    #: What the view is computed from, where that is known without building it (``ViewsBase.epochs``):
    #: with a build cache, a page whose inputs are as before keeps its article unbuilt (site/stamp.py).
    inputs: Callable[[], Any] | None = None


def list_url(kind: str, number: int) -> str:
    """The ``number``-th page of a kind's list."""
    return f"{kind}/" if number == 1 else f"{kind}/page/{number}/"


def _list_pages(kind: str, title: str, intro: str, items: list[Link], records: list | None = None,
                list_view=None, template: str = "pacesetter/list.html") -> list[PageSpec]:
    """The pages of a kind's list; ``list_view(records, links, pager)`` builds a list of its own kind."""
    specs = []
    pages = paginate(list(zip(items, records or items)), PER_PAGE, list_url(kind, 1), lambda n: list_url(kind, n))
    for number, (chunk, pager) in enumerate(pages, start=1):
        links, chunk_records = tuple(link for link, _ in chunk), [record for _, record in chunk]
        if list_view is None:
            build = (lambda v=ListView(title, intro, links, pager): v)
        else:
            build = (lambda r=chunk_records, lk=links, p=pager: list_view(r, lk, p))
        src = f"{kind}/index.md" if number == 1 else f"{kind}/page/{number}.md"
        page_title = title if number == 1 else f"{title}（第 {number} 页）"
        specs.append(PageSpec(src, page_title, template, build, in_nav=number == 1))
    return specs


def site_pages(views: Views) -> list[PageSpec]:
    column = views.column
    data = column.data
    specs: list[PageSpec] = [PageSpec("index.md", column.settings.title, "pacesetter/home.html", views.home, True)]

    # Organizations: the grid, then one page each.
    groups = views.grid_nodes()
    chunks: list[list] = [[]]
    size = 0
    for group in groups:
        group_size = 1 + sum(1 + len(child.children) for child in group.children)
        if chunks[-1] and size + group_size > GRID_PER_PAGE:
            chunks.append([])
            size = 0
        chunks[-1].append(group)
        size += group_size
    root = views.org_link(column.root) if column.root else None
    grid_pages = paginate(chunks, 1, "orgs/", lambda n: f"orgs/page/{n}/")
    for number, (chunk, pager) in enumerate(grid_pages, start=1):
        view = GridView("党建网格", root, tuple(chunk[0]) if chunk else (), pager)
        src = "orgs/index.md" if number == 1 else f"orgs/page/{number}.md"
        specs.append(PageSpec(src, "党建网格" if number == 1 else f"党建网格（第 {number} 页）",
                              "pacesetter/grid.html", lambda v=view: v, number == 1))
    for org_id, org in column.orgs.items():
        specs.append(PageSpec(f"orgs/{org_id}.md", org.name, "pacesetter/org.html", lambda o=org_id: views.org(o),
                              search=views.search_tags("组织", org_id, names=(org.name, org.short_name or "")),
                              inputs=lambda o=org_id: views.org_inputs(o)))

    # Systems: their list, then a page each.
    specs.append(PageSpec("systems/index.md", "系统", "pacesetter/systems.html", views.systems, True))
    for system, slug in views.system_slugs.items():
        specs.append(PageSpec(f"systems/{slug}.md", system, "pacesetter/system.html", lambda s=system: views.system(s),
                              search=SearchTags("系统", system=system, names=(system,))))

    # Rankings: the overview, then star and progress rankings by level, system and category.
    rankings = views.rankings

    def stars() -> tuple | None:  # the inputs of pages that show organizations with their stars, and nothing else
        return views.epochs("orgs", "ratings")

    specs.append(PageSpec("rankings/index.md", "排行", "pacesetter/rankings.html", rankings.overview, True))
    # Only counted here: a page's rows are made when it is rendered (``Rankings.rows``).
    for kind in ("stars", "progress"):
        for scope in rankings.scopes():
            base = f"rankings/{kind}/" + (scope.key + "/" if scope.key else "")
            places = list(range(rankings.row_count(kind, scope)))
            pages = paginate(places, RANKING_PER_PAGE, base, lambda n, b=base: f"{b}page/{n}/")
            for number, (chunk, pager) in enumerate(pages, start=1):
                src = base + ("index.md" if number == 1 else f"page/{number}.md")
                heading = rankings.title(kind, scope)
                title = heading if number == 1 else f"{heading}（第 {number} 页）"
                rows = slice(chunk[0], chunk[-1] + 1) if chunk else slice(0, 0)
                specs.append(PageSpec(src, title, "pacesetter/ranking.html",
                                      lambda k=kind, s=scope, r=rows, p=pager: rankings.member_ranking(k, s, rankings.rows(k, s)[r], p),
                                      inputs=stars))

    # 分类定级: the latest year, then each earlier one.
    class_years = views.class_years()
    for year in class_years:
        src = "rankings/classes/index.md" if year == class_years[0] else f"rankings/classes/{year}.md"
        specs.append(PageSpec(src, f"{year} 年度分类定级", "pacesetter/classes.html", lambda y=year: views.classes(y),
                              search=SearchTags("定级", year=str(year), names=(f"{year} 年度分类定级",))))

    # Timeline: one page a year (the latest first), one for each kind of event; the notices.
    years = views.timeline_years()
    latest = max(years) if years else column.as_of.year

    def year_url(year: int) -> str:
        return "timeline/" if year == latest else f"timeline/{year}/"

    def kind_url(kind: str) -> str:
        return f"timeline/kind/{kind}/"

    # A year of a province's events is hundreds of thousands of lines: a year is
    # paginated like a kind of event.
    # Newest first: the timeline is in EVENT_KEY's order, and so is each year's and each kind's share of it
    # (a key of every field of an event, so reversing is sorting backwards: 0.5 s at 20,000 organizations).
    for year in sorted(set(years) | {latest}, reverse=True):
        base = year_url(year)
        pages = paginate(years.get(year, [])[::-1], TIMELINE_PER_PAGE, base,
                         lambda n, b=base: f"{b}page/{n}/")
        for number, (chunk, pager) in enumerate(pages, start=1):
            if number == 1:
                src = "timeline/index.md" if year == latest else f"timeline/{year}.md"
            else:
                src = f"{base}page/{number}.md"
            title = ("大事记" if year == latest else f"大事记：{year} 年") + ("" if number == 1 else f"（第 {number} 页）")
            specs.append(PageSpec(src, title, "pacesetter/timeline.html",
                                  lambda c=chunk, p=pager, y=year: views.timeline(f"{y} 年大事记", c, years, year_url,
                                                                                   kind_url, current=str(y), pager=p),
                                  year == latest and number == 1,
                                  inputs=lambda c=chunk, p=pager: views.timeline_inputs(c, years, p)))
    by_kind: dict[str, list] = {}
    for event in column.timeline:
        by_kind.setdefault(event.kind, []).append(event)
    for kind, events in by_kind.items():
        label = EVENT_KINDS[kind]
        ordered = events[::-1]
        pages = paginate(ordered, TIMELINE_PER_PAGE, kind_url(kind), lambda n, k=kind: f"{kind_url(k)}page/{n}/")
        for number, (chunk, pager) in enumerate(pages, start=1):
            src = f"timeline/kind/{kind}/" + ("index.md" if number == 1 else f"page/{number}.md")
            specs.append(PageSpec(src, f"大事记：{label}" + ("" if number == 1 else f"（第 {number} 页）"),
                                  "pacesetter/timeline.html",
                                  lambda c=chunk, p=pager, k=kind, t=label: views.timeline(
                                      f"大事记：{t}", c, years, year_url, kind_url, current=k, pager=p),
                                  inputs=lambda c=chunk, p=pager: views.timeline_inputs(c, years, p)))

    # The notices: their list, and each quarter's at its own address.
    specs.append(PageSpec("notices/index.md", "评星公示", "pacesetter/notices.html", views.notices, True))
    for quarter in reversed(column.quarters):
        specs.append(PageSpec(f"notices/{quarter.lower()}.md", f"{quarter_label(quarter)}评星公示", "pacesetter/notice.html",
                              lambda q=quarter: views.notice(q), search=SearchTags("公示", year=quarter[:4],
                                                                                    names=(f"{quarter_label(quarter)}评星定级结果公示",))))
        for src, title, build in views.notice_result_pages(quarter):
            specs.append(PageSpec(src, title, "pacesetter/notice-results.html", build, inputs=stars))
        for src, title, build in views.notice_change_pages(quarter):
            specs.append(PageSpec(src, title, "pacesetter/notice-changes.html", build, inputs=stars))

    # Yearly namings: their list, and a page a year with its criteria.
    specs.append(PageSpec("namings/index.md", "年度命名", "pacesetter/namings.html", views.namings, True))
    for year in views.naming_years():
        specs.append(PageSpec(f"namings/{year}.md", f"{year} 年度命名", "pacesetter/naming.html",
                              lambda y=year: views.naming(y), search=SearchTags("动态", year=year, names=(f"{year} 年度命名",))))

    # Sites, brands, deeds, pairings, achievements, news: a list and a page each.
    def entity_pages(kind, title, intro, records, sort_key, link, template, build, tags, noun, list_view=None,
                     list_template="pacesetter/list.html"):
        ordered = sorted(records.values(), key=sort_key, reverse=True)
        links = [link(r) for r in ordered]
        specs.extend(_list_pages(kind, title, intro, links, ordered, list_view, list_template))
        # Each page leads back to the list page that shows it, and on to its neighbours.
        places = arounds(links, PER_PAGE, title, lambda n: list_url(kind, n), noun)
        for record, own, place in zip(ordered, links, places):
            page_title = own.title
            search = tags(record)
            # A reader who types a page's title finds the page: its title's pairs are among its names
            # (the tags name the page's heading too, where it differs from the list's title).
            if page_title not in search.names:
                search = replace(search, names=(page_title, *search.names))
            specs.append(PageSpec(f"{kind}/{record.id}.md", page_title, template,
                                  lambda i=record.id, a=place: build(i, a), search=search))

    entity_pages("sites", "示范点", "各级命名的示范点。已取消命名的示范点仍然列出，并注明状态。", data.sites,
                 lambda s: (e.site_date(s), s.id),
                 lambda s: Link(f"{column.orgs[s.org].name}：{s.level}{s.title}", url_of("sites", s.id), e.site_date(s),
                                column.site_status(s.id).label),
                 "pacesetter/site.html", views.site, lambda s: views.search_tags("示范点", s.org, e.site_date(s), (s.title,)), "个",
                 views.site_list, "pacesetter/sites.html")
    # 本年度命名: the sites named in the year of the column's as_of date.
    specs.append(PageSpec("sites/this-year.md", f"{column.as_of.year} 年命名的示范点", "pacesetter/sites.html",
                          views.sites_of_the_year))
    entity_pages("brands", "党建品牌", "一支部一品牌：各党组织创建的党建品牌及其获奖情况。", data.brands,
                 lambda b: (b.launched, b.id),
                 lambda b: Link(f"“{b.name}”", url_of("brands", b.id), b.launched, column.orgs[b.owner].name),
                 "pacesetter/brand.html", views.brand, lambda b: views.search_tags("品牌", b.owner, b.launched, (b.name, f"党建品牌“{b.name}”")), "个")
    entity_pages("deeds", "榜样", "身边的党员和集体：他们的事迹与荣誉。", data.deeds,
                 lambda d: (d.date, d.id),
                 lambda d: Link(d.title, url_of("deeds", d.id), d.date,
                                f"{d.person or '集体'} · {column.orgs[d.org].name}"),
                 "pacesetter/deed.html", views.deed, lambda d: views.search_tags("榜样", d.org, d.date, (d.title, d.person or "")),
                 "篇")
    entity_pages("pairings", "结对共建", "党组织与标杆结对，对标学习、共同提升。", data.pairings,
                 lambda p: (p.since, p.id),
                 lambda p: Link(f"{column.orgs[p.learner].label}对标{column.orgs[p.benchmark].label}",
                                url_of("pairings", p.id), p.since, f"标杆：{column.orgs[p.benchmark].name}"),
                 "pacesetter/pairing.html", views.pairing,
                 lambda p: views.search_tags("结对", p.learner, p.since, (
                     column.orgs[p.benchmark].name, f"{column.orgs[p.learner].name}对标{column.orgs[p.benchmark].name}")),
                 "个")
    entity_pages("achievements", "创标成果", "政研成果、支部工作法和制度创新。", data.achievements,
                 lambda a: (a.date, a.id),
                 lambda a: Link(a.title, url_of("achievements", a.id), a.date, f"{a.kind} · {column.orgs[a.org].name}"),
                 "pacesetter/achievement.html", views.achievement,
                 lambda a: views.search_tags("成果", a.org, a.date, (a.title,)), "篇")
    entity_pages("news", "工作动态", "擂台赛、观摩、交流会、主题党日、评比和回头看。", data.news,
                 lambda n: (n.date, n.id),
                 lambda n: Link(n.title, url_of("news", n.id), n.date, n.kind),
                 "pacesetter/news.html", views.news,
                 lambda n: (views.search_tags("动态", n.orgs[0], n.date, (n.title,)) if n.orgs
                            else SearchTags("动态", year=str(n.date.year), names=(n.title,))), "篇")

    specs.append(PageSpec("data/index.md", "数据", "pacesetter/data.html", views.data_overview, True))
    stop = stop_pairs([spec.search for spec in specs if spec.search])
    specs = [replace(spec, search=replace(spec.search, stop=stop)) if spec.search else spec for spec in specs]
    specs.append(PageSpec("search.md", "搜索", "pacesetter/search.html", lambda: views.search_page(stop)))
    return specs


def photo_paths(views: Views) -> list[str]:
    """Every photo a page shows, so that only those are published."""
    data = views.column.data
    paths = set()
    for records in (data.sites, data.brands, data.deeds):
        for record in records.values():
            paths.update(record.photos)
    return sorted(paths)
