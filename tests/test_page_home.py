"""The home page (views/home.py; home.html)."""

from __future__ import annotations

import re
from collections import Counter

from .sitebuild import soup, text


def test_home_page_campaign(site):
    page = text(site, ".")
    assert "49.2% 党支部达标（32/65），目标 50.0%，未完成" in page
    assert "2022 年第四季度一览" in page and "总结完善" in page
    assert "18 个组织获授星" in page and "4 个组织被摘星" in page and "进步最大：" in page
    # what the column is, in a sentence for each of its four words
    assert all(f"{word} " in page for word in ("寻标", "对标", "达标", "创标"))
    assert soup(site, ".").select_one(".ps-glance a[href$='notices/2022q4/']").get_text() == "看本季度公示"


def test_home_phases_against_as_of(views):
    home = views.home()
    assert [(p.name, p.state) for p in home.phases] == [
        ("全面启动", "done"), ("深入推进", "done"), ("回头看", "done"), ("总结完善", "current")]
    assert home.counts[1] == ("有效示范点", 12, "sites/")  # 13 named, one revoked


def test_home_tier_counts_agree_with_the_star_ranking(site):
    """The home page and 星级排行 count the same organizations: every rated branch, whatever its level."""
    line = soup(site, ".").select_one(".ps-tier-line").get_text()
    home = [int(n) for n in re.findall(r"(\d+) 个", line)]
    ranking = soup(site, "rankings/stars")
    per_star = Counter(int(re.match(r"\d+", row.select_one(".ps-c-score").get_text().strip()).group())
                       for row in ranking.select("tbody tr[data-ps-row]"))
    assert sum(home) == sum(per_star.values()) == 65  # 63 on the third level, 2 on the second
    assert home[0] == per_star[6]  # 六星
