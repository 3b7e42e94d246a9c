"""Build-time SVG charts: accessible, deterministic, safe, and true to their figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pacesetter.site import charts

NS = {"svg": "http://www.w3.org/2000/svg"}


def _parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))


def test_star_history_is_accessible_and_breaks_on_missing_quarters():
    svg = _parse(charts.star_history("c1", "历季星级", [("2022Q1", 3), ("2022Q2", None), ("2022Q3", 4), ("2022Q4", 6)]))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c1-t c1-d"
    assert svg.find("svg:title", NS).text == "历季星级"
    assert svg.find("svg:desc", NS).text == "2022Q1 3 星；2022Q3 4 星；2022Q4 6 星"
    lines = svg.findall("svg:polyline", NS)
    assert len(lines) == 1  # 2022Q1 stands alone; 2022Q3–2022Q4 is the only line
    assert len(lines[0].get("points").split()) == 2
    assert len(svg.findall("svg:circle", NS)) == 3
    assert svg.get("viewBox") == "0 0 600 220"


def test_higher_stars_are_drawn_higher():
    svg = _parse(charts.star_history("c", "t", [("a", 1), ("b", 6)]))
    (low, high) = [float(c.get("cy")) for c in svg.findall("svg:circle", NS)]
    assert high < low


def test_bars_scale_to_their_value_and_show_the_target():
    svg = _parse(charts.bars("c2", "达标比例", [charts.Bar("甲", 1.0, "100%"), charts.Bar("乙", 0.25, "25%"),
                                                charts.Bar("丙", None, "—")], 1.0, 0.5, "目标 50%"))
    widths = [float(r.get("width")) for r in svg.findall("svg:rect", NS)]
    assert len(widths) == 2 and abs(widths[0] / widths[1] - 4) < 0.05
    assert svg.find("svg:line", NS).get("class") == "ps-target"
    assert svg.find("svg:desc", NS).text == "甲 100%；乙 25%；丙 —；目标 50%"


def test_labels_are_escaped():
    svg = str(charts.bars("c3", "<script>", [charts.Bar("<b>&", 1, "1")], 1))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;&amp;" in svg


def test_charts_are_small_and_identical_each_time():
    points = [(f"2022Q{i}", i) for i in range(1, 5)]
    first, second = charts.star_history("c", "t", points), charts.star_history("c", "t", points)
    assert first == second and len(first) < 3000
    assert not re.search(r"\d\.\d{2,}", str(first))  # one decimal at most
