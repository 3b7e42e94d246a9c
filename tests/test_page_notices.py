"""The quarter's notice (views/notices.py; notice.html)."""

from __future__ import annotations

from .sitebuild import soup


def test_notice_page_lists_grants_removals_and_namings(site):
    page = soup(site, "notices")
    assert page.select_one("article h1").get_text() == "2022 年第四季度评星定级结果公示"
    assert page.select_one(".ps-lead time")["datetime"] == "2022-12-26"
    granted = page.select("#ps-notice-1 ~ .ps-table tbody tr")
    removed = page.select("#ps-notice-2 ~ .ps-table tbody tr")
    assert "（18 个组织）" in page.select_one("#ps-notice-1").get_text() and len(granted) == 18
    cz = next(r for r in removed if "安澜市财政国库支付中心党支部" in r.get_text())
    assert "6 星 → 5 星" in cz.get_text()
    namings = [li.get_text(" ", strip=True) for li in page.select("#ps-namings ~ .ps-timeline li")]
    assert any("被命名为标准化建设达标党支部" in n for n in namings)
    assert any("安澜技师学院党支部被命名为市级“标准化建设示范党支部”" in n for n in namings)
    older = soup(site, "notices/2022q3")
    assert "取消命名" in older.select_one("#ps-namings ~ .ps-timeline").get_text()


def test_a_notice_leads_to_the_quarters_before_and_after(site):
    current = soup(site, "notices")
    assert current.select_one('.ps-around a[rel="next"]') is None  # nothing after the latest
    earlier = current.select_one('.ps-around a[rel="prev"]')
    assert earlier.get_text() == "上一季度2022 年第三季度评星公示" and earlier["href"] == "2022q3/"
    later = soup(site, "notices/2022q3").select_one('.ps-around a[rel="next"]')
    assert later["href"] == "../" and "2022 年第四季度" in later.get_text()
