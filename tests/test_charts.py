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
    assert svg.get("viewBox") == "0 0 600 236"


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


def _extents(svg: ET.Element, font: int):
    """(left, right, text) of every piece of text, as wide as charts.text_width says it is drawn."""
    for text in svg.iter("{http://www.w3.org/2000/svg}text"):
        pieces = text.findall("svg:tspan", NS) or [text]
        for piece in pieces:
            content = piece.text or ""
            x = float(piece.get("x") or text.get("x"))
            width = charts.text_width(content, font)
            anchor = text.get("text-anchor", "start")
            left = x - width / 2 if anchor == "middle" else (x - width if anchor == "end" else x)
            yield left, left + width, content


def test_line_charts_keep_every_label_inside_with_full_quarter_names():
    quarters = [f"{2021 + i // 4} 年第{'一二三四'[i % 4]}季度" for i in range(1, 9)]
    for layout in (charts.WIDE, charts.NARROW):
        for svg in (charts.star_history("h", "t", [(q, i % 7) for i, q in enumerate(quarters)], 6, layout),
                    charts.line("r", "t", [(q, i / 10) for i, q in enumerate(quarters)], charts.PERCENT, str, 0.5,
                                "目标 50%", layout)):
            tree = _parse(svg)
            labels = [(left, right, text) for left, right, text in _extents(tree, layout.font)]
            assert labels and all(left >= 0 and right <= layout.width for left, right, _ in labels), labels
            shown = [text for _, _, text in labels]
            assert "2022 年" in shown and "第四季度" in shown  # the newest quarter is always labelled, whole
            assert "目标 50%" not in shown  # the target's words are in the description, not over the points


def test_a_line_chart_draws_its_target_and_describes_it():
    svg = _parse(charts.line("r", "达标比例", [("a", 0.2), ("b", 0.6)], charts.PERCENT, lambda v: f"{v:.0%}",
                             0.5, "目标 50%"))
    target = svg.find("svg:line[@class='ps-target']", NS)
    ys = [float(c.get("cy")) for c in svg.findall("svg:circle", NS)]
    assert ys[1] < float(target.get("y1")) < ys[0]  # 60% above the 50% line, 20% below it
    assert svg.find("svg:desc", NS).text == "a 20%；b 60%；目标 50%"


def test_an_organizations_charts_are_drawn_once_per_record_and_named_for_it():
    """Organizations with the same record share a drawing (site/views/orgs.py); each chart is
    still the one drawn for that organization alone, its own name escaped in the title."""
    from pacesetter.site.views import orgs

    history = (("2022 年第一季度", 3), ("2022 年第二季度", None), ("2022 年第三季度", 5))
    dims = (("组织建设", 3, 8), ("作风建设", 0, 8), ("党员队伍", 8, 8))
    drawn_before = orgs._history_drawing.cache_info().misses
    for name in ("城关税务分局第一党支部", "<b>A & B</b> 党支部", "第二党支部"):
        alone = charts.both(lambda layout, n=name: charts.star_history("ps-history", f"{n}历季星级", list(history), 6, layout))
        bars = [charts.Bar(d, n, f"{n}/{total} 季度") for d, n, total in dims]
        alone_dims = charts.both(lambda layout, n=name: charts.bars("ps-dims", f"{n}各方面的达标季度数", bars, 8, layout=layout))
        shared, shared_dims = orgs._history_chart(name, history, 6), orgs._dimensions_chart(name, dims)
        assert str(shared) == str(alone) and str(shared_dims) == str(alone_dims)
        assert "<b>" not in str(shared) and "\x00" not in str(shared) + str(shared_dims)
    assert orgs._history_drawing.cache_info().misses - drawn_before <= 1  # three names, one drawing
