"""Markdown fields: rendered with the site's extensions, then sanitized."""

from __future__ import annotations

from pacesetter.site.markdown import Renderer

render = Renderer(["tables", "attr_list", "admonition"], {})


def test_markdown_is_rendered():
    html = render("## 做法\n\n1. 第一\n2. 第二\n\n| 项目 | 数 |\n|---|---|\n| 党员 | 23 |\n")
    assert "<h2>做法</h2>" in html and "<ol>" in html and "<td>23</td>" in html


def test_page_level_headings_are_demoted():
    assert render("# 标题").startswith("<h2>标题</h2>")


def test_script_and_event_handlers_are_removed():
    html = render('正文<script>alert(1)</script><img src="x" onerror="alert(1)"><b onclick="x()">粗</b>')
    assert "<script" not in html and "onerror" not in html and "onclick" not in html and "<img" not in html
    assert "<b>粗</b>" in html


def test_dangerous_links_lose_their_href():
    html = render("[点我](javascript:alert(1)) [数据](data:text/html,<script>alert(1)</script>) [本站](../orgs/x/)")
    assert "javascript:" not in html and "data:" not in html
    assert 'href="../orgs/x/"' in html


def test_links_get_safe_rel():
    assert 'rel="noopener noreferrer"' in render("[政府网](https://www.gov.cn/)")


def test_template_syntax_is_only_text():
    html = render("{{ 7*7 }} {% if true %}x{% endif %}")
    assert "{{ 7*7 }}" in html and "49" not in html


def test_empty_fields_render_nothing():
    assert render(None) is None and render("") is None
