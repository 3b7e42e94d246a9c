"""The home page (views/home.py; home.html)."""

from __future__ import annotations

from .sitebuild import soup, text


def test_home_page_campaign(site):
    page = text(site, ".")
    assert "49.2% 党支部达标（32/65），目标 50.0%，未完成" in page
    assert "2022 年第四季度一览" in page and "总结完善" in page
    assert "18 个组织获授星" in page and "4 个组织被摘星" in page and "进步最大：" in page
    # what the column is, in a sentence for each of its four words
    assert all(f"{word} " in page for word in ("寻标", "对标", "达标", "创标"))
    assert soup(site, ".").select_one(".ps-glance a[href$='notices/']").get_text() == "看本季度公示"


def test_home_phases_against_as_of(views):
    home = views.home()
    assert [(p.name, p.state) for p in home.phases] == [
        ("全面启动", "done"), ("深入推进", "done"), ("回头看", "done"), ("总结完善", "current")]
    assert home.counts[1] == ("有效示范点", 12, "sites/")  # 13 named, one revoked
