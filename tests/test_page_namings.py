"""Yearly namings of 先锋系统 and 模范机关 (views/namings.py; namings.html, naming.html)."""

from __future__ import annotations

from .sitebuild import soup, text


def test_a_years_naming_shows_whom_and_by_which_criteria(site, demo_data):
    naming = demo_data.namings["2022"]
    page = soup(site, "namings/2022")
    assert page.select_one("article h1").get_text() == "2022 年度命名"
    awards = {s.h2.get_text(): [a.get_text() for a in s.select("a")]
              for s in page.select("article section") if s.h2 and s.h2["id"].startswith("ps-award")}
    assert awards["先锋系统"] == ["税务系统", "统计系统"]
    assert len(awards["模范机关"]) == len(next(a for a in naming.awards if a.title == "模范机关").orgs)
    assert "系统内党支部达标比例不低于 60%" in text(site, "namings/2022")
    assert page.select_one(".md-tabs__item--active").get_text(strip=True) == "大事记"


def test_a_named_system_shows_it_and_the_timeline_records_it(site):
    badge = soup(site, "systems/shui-wu-xi-tong").select_one(".ps-namings a")
    assert badge.get_text() == "2022 年度“先锋系统”" and badge["href"] == "../../namings/2022/"
    assert soup(site, "systems/tong-ji-xi-tong").select_one(".ps-namings") is not None
    assert soup(site, "systems/jiao-yu-xi-tong").select_one(".ps-namings") is None
    events = [li.get_text(" ", strip=True) for li in soup(site, "timeline/kind/yearly_naming").select(".ps-event")]
    assert any("税务系统被命名为 2022 年度“先锋系统”" in e for e in events) and len(events) == 4
    listing = text(site, "namings")
    assert "2022 年度命名" in listing and "先锋系统" in listing
