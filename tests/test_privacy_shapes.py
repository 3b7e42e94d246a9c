"""Hardening, class 5: personal data in the shapes people (and attackers) write it.

Full-width digits, numbers split by dots, spaces, hyphens or Markdown emphasis, HTML
entities, 15-digit identity numbers, full-width ＠, landlines in every layout: each is
caught, in a fixed corpus and as a property over random numbers and random shapes.
Matching stays linear: a 300 KB value and a story of 20,000 brackets are checked in
bounded time, and Markdown fields have documented limits checked before rendering.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pacesetter.contract.privacy import scan_text

ID18 = "11010519491231002X"  # GB 11643's own example
ID15 = "110105491231002"  # the same person's old 15-digit number


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _entities(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c.isdigit() else c for c in text)


SHAPES = [
    ("full-width mobile", f"联系{_fullwidth('13812345678')}", "手机号码"),
    ("mobile split by dots", "电话 138.1234.5678", "手机号码"),
    ("mobile in pairs of spaces", "手机 138  1234  5678", "手机号码"),
    ("mobile with en dashes", "手机 138–1234–5678", "手机号码"),
    ("mobile in Markdown emphasis", "请打 138**1234**5678", "手机号码"),
    ("mobile in code marks", "请打 `138` `1234` `5678`", "手机号码"),
    ("mobile as HTML entities", f"请打 {_entities('13812345678')}", "手机号码"),
    ("mobile with +86 and spaces", "+86 138 1234 5678", "手机号码"),
    ("mobile digit by digit", "1 3 8 1 2 3 4 5 6 7 8", "手机号码"),
    ("identity number with spaces", "身份证 110105 19491231 002X", "身份证号码"),
    ("identity number full-width", f"身份证{_fullwidth(ID18)}", "身份证号码"),
    ("identity number with hyphens", "110105-1949-1231-002X", "身份证号码"),
    ("old 15-digit identity number", f"身份证 {ID15}", "身份证号码"),
    ("full-width at sign", "邮箱 li.si＠example.com", "电子邮箱"),
    ("at sign as an entity", "邮箱 li.si&#64;example.com", "电子邮箱"),
    ("e-mail in emphasis", "邮箱 li.si**@**example.com", "电子邮箱"),
    ("landline with spaces", "办公室 010 6234 5678", "电话号码"),
    ("landline with a dot", "办公室 0391.3456789", "电话号码"),
    ("landline with an em dash", "办公室 0571—88886666", "电话号码"),
    ("landline with +86 and no 0", "办公室 +86 10 6234 5678", "电话号码"),
    ("landline written together", "办公室 01062345678", "电话号码"),
    ("landline full-width parentheses", "办公室（０１０）６２３４５６７８", "电话号码"),
    ("local number after 电话", "电话：6234 5678", "电话号码"),
]


@pytest.mark.parametrize(("text", "what"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_every_shape_is_caught(text, what):
    assert [found[0] for found in scan_text(text)] == [what]


@pytest.mark.parametrize("text", [
    "2022-07-05 至 2023-01-01",
    "2021.12.31 2022.01.01",
    "会议于 2023.10.15 14:00 召开，参会 138 人",
    "党员 13 名、入党积极分子 8 名",
    "审减资金 5.2 亿元，审减率 9.8%",
    "焦直文〔2020〕141号",
    "邮编 454000",
    "@市直机关工委",
    "第 1 3 期",
    "车队 110 路、120 路",
    "面积 1,380 平方米",
    "2022年度 12 个支部、36 个小组",
    "项目编号 2022-0001-0002",
    "user@localhost",
])
def test_ordinary_numbers_stay_ordinary(text):
    assert scan_text(text) == []


# --- property: any value, any shape ----------------------------------------------------

def _id18(draw) -> str:
    region = draw(st.sampled_from(["110105", "410802", "330106", "440305"]))
    born = draw(st.dates(min_value=__import__("datetime").date(1930, 1, 1), max_value=__import__("datetime").date(2005, 12, 31)))
    seq = f"{draw(st.integers(0, 999)):03d}"
    first = region + born.strftime("%Y%m%d") + seq
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, weights)) % 11]


@st.composite
def personal_values(draw):
    kind = draw(st.sampled_from(["手机号码", "身份证号码", "电话号码", "电子邮箱"]))
    if kind == "手机号码":
        value = "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=9, max_size=9)))
    elif kind == "身份证号码":
        value = _id18(draw)
    elif kind == "电话号码":
        area = draw(st.sampled_from(["010", "021", "0391", "0571"]))
        local = draw(st.sampled_from("2345678")) + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=6, max_size=6)))
        value = area + local
    else:
        user = draw(st.from_regex(r"[a-z][a-z0-9._]{1,10}", fullmatch=True)).rstrip("._") or "a"
        value = f"{user}@{draw(st.sampled_from(['example.com', 'dj.gov.cn', 'mail.example.org']))}"
    return kind, value


@st.composite
def shaped(draw, value: str):
    """``value`` written one of the ways people write numbers."""
    shape = draw(st.sampled_from(["plain", "fullwidth", "entities", "split", "emphasis"]))
    if shape == "fullwidth":
        return _fullwidth(value)
    if shape == "entities":
        return _entities(value)
    if "@" in value:
        return value.replace("@", draw(st.sampled_from(["＠", "&#64;", "**@**"]))) if shape != "plain" else value
    if shape in ("split", "emphasis"):
        # separators at random places between digits, as groups of 1 to 6
        parts, rest = [], value
        while rest:
            size = draw(st.integers(1, 6))
            parts.append(rest[:size])
            rest = rest[size:]
        sep = draw(st.sampled_from([" ", "-", ".", "–", "**", "  ", "/"])) if shape == "split" else "**"
        return sep.join(parts)
    return value


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_any_value_in_any_shape_is_caught(data):
    kind, value = data.draw(personal_values())
    text = data.draw(shaped(value))
    before = data.draw(st.sampled_from(["联系", "请致电", "事迹中写道：", ""]))
    after = data.draw(st.sampled_from(["。", "（工作日）", ""]))
    found = [f[0] for f in scan_text(f"{before}{text}{after}")]
    assert kind in found, (value, text, found)


# --- bounded time ---------------------------------------------------------------------

@pytest.mark.parametrize("value", [
    "a" * 300_000,                      # the quadratic e-mail pattern's worst case
    ("a." * 150_000),
    "@" + "a" * 300_000,
    ("1 " * 150_000),                   # one endless run of digit groups
    ("1-" * 150_000) + "x",
], ids=["letters", "dots", "at then letters", "digit groups", "dashes"])
def test_matching_is_linear(value):
    start = time.perf_counter()
    scan_text(value)
    assert time.perf_counter() - start < 5  # a quadratic scan takes minutes here


def test_a_300_kb_field_is_refused_quickly_by_check(base_data):
    """In a child with 60 s: the field's length is refused, its content is never scanned."""
    deed = base_data / "deeds/zhang.yaml"
    deed.write_text(deed.read_text(encoding="utf-8").replace("十年如一日服务纳税人。", "a" * 300_000), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pacesetter.cli", "check", "--data", "data"], capture_output=True,
                          text=True, timeout=60, cwd=base_data.parent)
    assert done.returncode == 1
    assert "太长了" in done.stdout


@pytest.mark.parametrize(("story", "message"), [
    ("[" * 19_000, "方括号"),
    ("[" * 101 + "链接", "方括号"),
    ("<a " * 101, "尖括号"),
    ("很长的一段" * 700, "这一段有 3500 字"),
])
def test_markdown_limits_are_checked_before_rendering(base_data, story, message):
    from pacesetter.contract import load

    deed = base_data / "deeds/zhang.yaml"
    text = deed.read_text(encoding="utf-8").replace("十年如一日服务纳税人。", story)
    deed.write_text(text, encoding="utf-8")
    start = time.perf_counter()
    [problem] = load(base_data)[1].sorted()
    assert time.perf_counter() - start < 5
    assert (problem.file, problem.field) == ("data/deeds/zhang.yaml", "story")
    assert message in problem.message
