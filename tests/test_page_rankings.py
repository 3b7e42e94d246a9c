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


def test_the_progress_ranking_lists_the_improved_with_last_quarters_rank(site):
    import re

    page = soup(site, "rankings/progress")
    rows = page.select("#ps-ranking tbody tr[data-ps-row]")
    scores = [r.select_one(".ps-c-score").get_text(strip=True) for r in rows]
    assert rows and all(s.startswith("+") for s in scores)  # only those that improved
    improved, level, down, unknown = map(int, re.findall(r"(\d+) 个", page.select_one(".ps-progress-counts").get_text()))
    assert improved == len(rows) and improved + level + down + unknown == 65  # every rated branch accounted for
    previous = [r.select_one(".ps-c-prev").get_text(strip=True) for r in rows]
    assert sum(p.startswith("第 ") for p in previous) >= len(rows) // 2  # most were on last quarter's list too


def test_the_steps_of_standardization_add_up_to_every_branch_and_to_the_home_pages_ratio(site):
    rows = {tr.th.get_text(strip=True): [int(td.get_text()) for td in tr.select("td")]
            for tr in soup(site, "rankings").select('section[aria-labelledby="ps-steps"] tbody tr')}
    total = rows.pop("合计")
    assert [sum(column) for column in zip(*rows.values())] == total
    assert sum(total) == 65
    accepted, named = total[4], total[5]
    assert f"（{accepted + named}/65）" in soup(site, ".").select_one(".ps-glance__figures").get_text()


def test_the_plans_activities_are_counted_per_unit(site, demo_data):
    table = soup(site, "rankings").select_one('section[aria-labelledby="ps-activities"] table')
    heads = [th.get_text(" ", strip=True) for th in table.select("thead th")][1:]
    assert heads == [f"{a.kind} 每{a.every} {a.times or 1} 场" for a in demo_data.settings.activities]
    rows = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")}
    # 市交通运输局机关党委 held the 观摩 of 2022 (the 红色车厢 observation names it)
    assert rows["市交通运输局机关党委"][1] == "1 / 1"
    assert all(cell.endswith("未达到") == (int(cell.split(" / ")[0]) < int(cell.split(" / ")[1].split()[0]))
               for cells in rows.values() for cell in cells)
