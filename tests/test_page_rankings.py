"""The ranking pages, 排行 (views/rankings.py; rankings.html, ranking.html)."""

from __future__ import annotations

from .sitebuild import soup, text


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
