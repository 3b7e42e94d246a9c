"""Hostile text in the data never becomes executable in the built site (a first corpus; issue 9 widens it)."""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup

from .conftest import BASE
from .sitebuild import build_site

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "</title><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)>",
    "[点我](javascript:alert(1))",
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7*7 }}{% raw %}",
]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(BASE, data)
    body = "\n\n".join(PAYLOADS)
    for i, payload in enumerate(PAYLOADS):
        (data / "news" / f"h{i}.yaml").write_text(
            f"id: h{i}\ntitle: {_q('动态' + payload)}\ndate: 2022-05-0{i % 9 + 1}\nkind: 其他\norgs: [sw-a]\n"
            f"body: {_q(body)}\n", encoding="utf-8")
        (data / "deeds" / f"h{i}.yaml").write_text(
            f"id: h{i}\ntitle: {_q('事迹' + payload)}\ndate: 2022-06-0{i % 9 + 1}\norg: sw-a\nperson: 王五\n"
            f"tags: [{_q(payload[:20])}]\nstory: {_q(body)}\n", encoding="utf-8")
        (data / "orgs" / f"h{i}.yaml").write_text(
            f"id: h{i}\nname: {_q('支部' + payload[:50])}\nkind: 党支部\nparent: sw\nsummary: {_q(body)}\n", encoding="utf-8")
        (data / "brands" / f"h{i}.yaml").write_text(
            f"id: h{i}\nname: {_q(payload[:40])}\nowner: h{i}\nlaunched: 2021-01-01\nslogan: {_q(payload[:60])}\n"
            f"highlights: [{_q(payload)}]\ndescription: {_q(body)}\n", encoding="utf-8")
        (data / "achievements" / f"h{i}.yaml").write_text(
            f"id: h{i}\ntitle: {_q(payload)}\ndate: 2022-07-01\norg: h{i}\nkind: 政研成果\nsummary: {_q(payload)}\n"
            f"body: {_q(body)}\n", encoding="utf-8")
    return build_site(data, root / "site")


def test_no_payload_is_executable_anywhere(hostile_site):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert(1)" not in (script.string or ""), path
        assert not soup.find_all("iframe"), path
        for element in soup.find_all(True):
            for name, value in element.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not (name.startswith("on") and "alert" in text), (path, element.name, name)
                if name in ("href", "src", "action", "formaction"):
                    assert not text.strip().lower().startswith(("javascript:", "data:text/html")), (path, text)


def test_payloads_show_as_text(hostile_site):
    page = BeautifulSoup((hostile_site / "news/h0/index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("article h1").get_text() == "动态<script>alert(1)</script>"
    assert page.title.get_text().startswith("动态<script>alert(1)</script>")
    template = BeautifulSoup((hostile_site / "news/h9/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "{{ 7*7 }}" in template.select_one("article h1").get_text()
    assert "49" not in template.select_one("article h1").get_text()
