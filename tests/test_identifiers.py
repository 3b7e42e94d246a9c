"""Hardening, class 7: identifiers and text that look right and are not.

Full-width digits, a trailing newline, ids that pages use, characters a reader cannot
see, and two organizations with one name: each is refused by ``pacesetter check``
with its file, line, column and field, so that no merge request that passes the check
can break the build or publish text that reads other than it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pacesetter.contract import load


def _edit(data: Path, rel: str, old: str, new: str) -> None:
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _write(data: Path, rel: str, text: str) -> None:
    (data / rel).write_text(text, encoding="utf-8")


ORG = "id: {id}\nname: {name}\nkind: 党支部\nparent: sw\ncategory: 机关\n"

# (id, change, (file, field, words of the message), words of the hint or "")
CASES = [
    ("full-width quarter file name", lambda d: (d / "ratings/2022Q3.yaml").rename(d / "ratings/２０２２Q3.yaml"),
     ("data/ratings/２０２２Q3.yaml", "", "不合格式"), ""),
    ("full-width quarter", lambda d: _edit(d, "ratings/2022Q3.yaml", "quarter: 2022Q3", "quarter: ２０２２Q3"),
     ("data/ratings/2022Q3.yaml", "quarter", "应为季度"), "写成 2022Q3"),
    ("full-width year key", lambda d: _edit(d, "orgs/sw-a.yaml", "{2021: 中间, 2022: 先进}", "{2021: 中间, 2022: 先进, ２０２２: 后进}"),
     ("data/orgs/sw-a.yaml", "classification.２０２２", "应为四位年份"), "写成 2022"),
    ("full-width date", lambda d: _edit(d, "deeds/zhang.yaml", "date: 2022-05-01", "date: ２０２２-０５-０１"),
     ("data/deeds/zhang.yaml", "date", "应为日期"), "写成 2022-05-01"),
    ("full-width number", lambda d: _edit(d, "orgs/sw-a.yaml", "members: 12", "members: １２"),
     ("data/orgs/sw-a.yaml", "members", "应为整数"), "写成 12"),
    ("full-width id", lambda d: _edit(d, "orgs/sw-b.yaml", "id: sw-b", "id: ｓｗ-ｂ"),
     ("data/orgs/sw-b.yaml", "id", "不合格式"), "写成 sw-b"),
    ("id with a trailing newline", lambda d: _edit(d, "orgs/sw-b.yaml", "id: sw-b", 'id: "sw-b\\n"'),
     ("data/orgs/sw-b.yaml", "id", 'sw-b\\n" 不合格式'), ""),
    ("reference with a trailing newline", lambda d: _edit(d, "deeds/zhang.yaml", "org: sw-a", 'org: "sw-a\\n"'),
     ("data/deeds/zhang.yaml", "org", "不合格式"), ""),
    ("id index", lambda d: _write(d, "orgs/index.yaml", ORG.format(id="index", name="索引党支部")),
     ("data/orgs/index.yaml", "", "留给了专栏自己的页面"), ""),
    ("id page", lambda d: _write(d, "deeds/page.yaml", "id: page\ntitle: x\ndate: 2022-01-01\norg: sw-a\nstory: x\n"),
     ("data/deeds/page.yaml", "", "留给了专栏自己的页面"), ""),
    ("right-to-left override in a name", lambda d: _edit(d, "orgs/sw-b.yaml", "name: 税务局第二党支部", "name: 税务局\u202e部支党二第"),
     ("data/orgs/sw-b.yaml", "name", "U+202E"), ""),
    ("zero-width space in a title", lambda d: _edit(d, "deeds/zhang.yaml", "title: 张建国的事迹", "title: 张建国\u200b的事迹"),
     ("data/deeds/zhang.yaml", "title", "U+200B"), ""),
    ("byte order mark inside a word", lambda d: _edit(d, "orgs/sw-b.yaml", "kind: 党支部", "kind: 党\ufeff支部"),
     ("data/orgs/sw-b.yaml", "kind", "U+FEFF"), ""),
    ("isolate in a story", lambda d: _edit(d, "deeds/zhang.yaml", "十年如一日", "十年\u2066如一日\u2069"),
     ("data/deeds/zhang.yaml", "story", "U+2066"), ""),
    ("line separator in a tag", lambda d: _edit(d, "deeds/zhang.yaml", "story: |", 'tags: ["纳税\u2028服务"]\nstory: |'),
     ("data/deeds/zhang.yaml", "tags[1]", "U+2028"), ""),
    ("control character in a note", lambda d: _edit(d, "ratings/2022Q3.yaml", "    met: [基本组织]\n", '    met: [基本组织]\n    note: "复核\\x07"\n'),
     ("data/ratings/2022Q3.yaml", "ratings[2].note", "U+0007"), ""),
    ("two organizations with one name", lambda d: _write(d, "orgs/sw-c.yaml", ORG.format(id="sw-c", name="税务局第二党支部")),
     ("data/orgs/sw-c.yaml", "name", "与 sw-b 相同"), ""),
    ("one name in full-width and spaced forms", lambda d: _write(d, "orgs/sw-c.yaml", ORG.format(id="sw-c", name="税务局 第二党支部")),
     ("data/orgs/sw-c.yaml", "name", "与 sw-b 相同"), ""),
]


@pytest.mark.parametrize(("change", "expected", "hint"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_with_its_place(base_data, change, expected, hint):
    change(base_data)
    _, report = load(base_data)
    found = [(d.file, d.field, d) for d in report.sorted()]
    matching = [d for file, field, d in found if (file, field) == expected[:2] and expected[2] in d.message]
    assert matching, [d.format() for d in report.sorted()]
    assert matching[0].line >= 1 and matching[0].col >= 1
    if hint:
        assert hint in matching[0].hint


def test_ledger_items_are_numbered_as_editors_number_them(base_data):
    _edit(base_data, "ledgers/sw-b.yaml", '- id: "01"', "- id: 1")
    data, report = load(base_data)
    assert report.ok, report.format()
    assert [item.id for item in data.ledgers["sw-b"].items] == ["1"]


def test_chinese_text_with_ordinary_spaces_is_accepted(base_data):
    _edit(base_data, "orgs/sw-b.yaml", "name: 税务局第二党支部", "name: 税务局　第二党支部（Tax Bureau 2）")
    assert load(base_data)[1].ok
