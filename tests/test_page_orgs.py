"""Organizations: the grid and each organization's page (views/orgs.py; grid.html, org.html)."""

from __future__ import annotations

import pytest
from pacesetter.model.column import RankMove
from pacesetter.model.ranking import Ranked
from pacesetter.site.views import RankView

from .sitebuild import soup, text


def test_org_page_shows_stars_parent_and_breadcrumb(site):
    page = soup(site, "orgs/sw-donglin")
    assert page.select_one("article h1").get_text() == "东林县税务局机关党支部"
    assert "4 星" in text(site, "orgs/sw-donglin")
    crumbs = [a["href"] for a in page.select(".ps-breadcrumb a")]
    assert crumbs == ["../..", "../", "../szjg-gongwei/", "../sw-dangwei/"]  # home, the grid, the line of parents
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


def test_org_page_shows_ranks_charts_and_tables(site):
    page = soup(site, "orgs/jt-gongjiao-3")
    ranks = [li.get_text() for li in page.select(".ps-ranks li")]
    assert ranks == ["在同一上级的组织中第 4 名，共 7 个；与上季度持平",
                     "在全部党支部中第 29 名（并列），共 65 个；比上季度上升 4 名"]
    charts = page.select("svg.ps-chart--wide")
    assert [c.title.get_text() for c in charts] == ["安澜市公共交通集团第三车队党支部历季星级",
                                                   "安澜市公共交通集团第三车队党支部各方面的达标季度数"]
    # drawn again for phones, with the same title and figures
    narrow = page.select("svg.ps-chart--narrow")
    assert [(c.title.get_text(), c.desc.get_text()) for c in narrow] == [(c.title.get_text(), c.desc.get_text()) for c in charts]
    assert charts[0].desc.get_text().endswith("2022 年第四季度 5 星")
    captions = [c.get_text() for c in page.select("table caption")]
    assert "历季星级" in captions and "六个方面" in captions


def test_private_ledger_view_has_counts_and_no_items(views):
    view = views.org("zj-gongjijin")
    assert view.ledger.public is False and view.ledger.items == ()
    assert (view.ledger.progress.total, view.ledger.progress.closed, len(view.ledger.progress.overdue)) == (5, 2, 2)
    assert view.ledger.close_rate == "40.0%"


def test_public_ledger_items_carry_their_status(views):
    statuses = {row.item.id: row.status for row in views.org("jy-tejiao").ledger.items}
    assert statuses == {"2022-01": "已销号", "2022-02": "已销号", "2022-03": "已逾期"}
    statuses = {row.item.id: row.status for row in views.org("sw-donglin").ledger.items}
    assert statuses["2022-04"] == "整改中"  # due on as_of: open, not yet overdue


@pytest.mark.parametrize(("current", "previous", "text", "change"), [
    (Ranked(2, "a", 5, True, 8), Ranked(5, "a", 4, False, 8), "第 2 名（并列），共 8 个", "比上季度上升 3 名"),
    (Ranked(6, "a", 3, False, 8), Ranked(1, "a", 6, False, 8), "第 6 名，共 8 个", "比上季度下降 5 名"),
    (Ranked(1, "a", 6, False, 8), Ranked(1, "a", 6, True, 8), "第 1 名，共 8 个", "与上季度持平"),
    (Ranked(1, "a", 6, False, 8), None, "第 1 名，共 8 个", "上季度无排名"),
    (None, None, "本季度未参加评星", ""),
])
def test_rank_wording(current, previous, text, change):
    view = RankView("同一上级的组织", RankMove(current, previous))
    assert (view.text, view.change_text) == (text, change)


def test_grid_groups_branches_best_first(views):
    groups = {g.org.id: g for g in views.grid_nodes()}
    assert len(groups) == 12
    stars = [child.org.stars for child in groups["sw-dangwei"].children]
    assert stars == sorted(stars, reverse=True)


def test_org_children_best_first_and_breadcrumb(views):
    view = views.org("sw-nafu")
    assert [a.id for a in view.breadcrumb] == ["szjg-gongwei", "sw-dangwei"]
    assert [s.url for s in view.sites] == ["sites/sw-nafu-shengji/", "sites/sw-nafu-jingpin/"]
    assert view.standardized and view.stars.count == 6
    assert view.timeline == tuple(sorted(view.timeline, key=lambda ev: ev.date, reverse=True))


def test_an_organization_leads_to_its_siblings_in_the_grids_order(site):
    parent = "orgs/sw-dangwei"
    children = [a["href"] for a in soup(site, parent).select('section[aria-labelledby="ps-children"] a')]
    assert len(children) >= 3
    first = soup(site, "orgs/sw-donglin")
    around = first.select_one(".ps-around")
    assert around.select_one(".ps-around__back").get_text() == "返回国家税务总局安澜市税务局机关委员会"
    assert around.select_one(".ps-around__back")["href"] == "../sw-dangwei/"
    # walking 下一个 from the first child visits the children in the order the parent lists them
    listed = [h.rstrip("/").split("/")[-1] for h in children]
    walked, current = [], listed[0]
    while current:
        walked.append(current)
        following = soup(site, f"orgs/{current}").select_one('.ps-around a[rel="next"]')
        current = following["href"].rstrip("/").split("/")[-1] if following is not None else None
    assert walked == listed


def _trend_rows(page):
    table = page.select_one(".ps-trend table")
    return [[c.get_text(strip=True) for c in row.select("th, td")] for row in table.select("tbody tr")]


def test_a_unit_is_seen_through_its_branches_stars_and_record(site):
    page = soup(site, "orgs/sw-dangwei")
    assert page.select_one("#ps-stars").get_text() == "所属党支部的星级"
    listed = [len(s.get_text()) - s.get_text().count("☆") for s in page.select(".ps-branch-stars .ps-stars [aria-hidden]")]
    assert listed == sorted(listed, reverse=True) and len(listed) == 8
    latest = _trend_rows(page)[0]
    quarter, rated, six, five, three_four, two, average = latest[:7]
    assert quarter == "2022 年第四季度" and int(rated) == len(listed)
    assert [int(six), int(five), int(three_four), int(two)] == [
        listed.count(6), listed.count(5), sum(n in (3, 4) for n in listed), sum(n <= 2 for n in listed)]
    assert average == f"{sum(listed) / len(listed):.2f}"
    assert f"平均 {average} 星" in text(site, "orgs/sw-dangwei")
    # a branch keeps its own stars and has no record of a group
    assert soup(site, "orgs/sw-donglin").select_one(".ps-trend") is None


def test_the_columns_record_agrees_with_the_home_page_and_the_notice(site):
    rows = _trend_rows(soup(site, "rankings"))
    assert [r[0] for r in rows][:2] == ["2022 年第四季度", "2022 年第三季度"]
    latest = rows[0]
    home = soup(site, ".")
    assert latest[1] == "65" and f"六星 {latest[2]} 个" in home.select_one(".ps-tier-line").get_text()
    headings = [h.get_text() for h in soup(site, "notices/2022q4").select("article h2")]
    assert f"授星（{latest[-2]} 个组织）" in headings and f"摘星（{latest[-1]} 个组织）" in headings
    ratio, granted, removed = (f.get_text() for f in home.select(".ps-glance__figures .ps-figure"))
    assert latest[-3].startswith(ratio) and (latest[-2], latest[-1]) == (granted, removed)


def test_a_withdrawn_standard_is_shown_and_no_longer_counted(base_data, tmp_path):
    from .sitebuild import build_site

    org = base_data / "orgs/sw-a.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace(
        "  named: 2022-12-20\n", "  named: 2022-12-20\n  withdrawn: 2022-12-28\n  withdrawn_reason: 回头看复核不合格\n"),
        encoding="utf-8")
    site = build_site(base_data, tmp_path / "site")
    page = text(site, "orgs/sw-a")
    assert "2022 年 12 月 28 日 回头看复核不合格，撤销达标命名；现在不计入达标。" in page
    events = text(site, "timeline/kind/branch_withdrawn")
    assert "税务局第一党支部回头看复核不合格，撤销达标命名" in events
    assert "党支部达标 0.0%（0/2）" in text(site, "orgs/sw")


def test_a_branch_shows_the_leaders_who_keep_in_touch_with_it(site):
    contacts = soup(site, "orgs/sw-donglin").select('section[aria-labelledby="ps-contacts"] li')
    assert [" ".join(li.get_text(" ", strip=True).split()) for li in contacts] == [
        "市委副秘书长王建华自 2022 年 3 月 1 日 起联系本党支部"]
    assert soup(site, "orgs/sw-nafu").select_one("#ps-contacts") is None
