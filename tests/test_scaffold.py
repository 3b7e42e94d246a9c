"""`pacesetter new`: commented files from the contract, ids from pinyin, nothing half filled published."""

from __future__ import annotations

import pytest

from pacesetter.cli import main
from pacesetter.contract import load
from pacesetter.editors.scaffold import SCAFFOLD_KINDS, propose_id


def test_id_is_proposed_from_the_pinyin_of_the_name():
    assert propose_id("纳税服务科党支部") == "na-shui-fu-wu-ke-dang-zhi-bu"
    assert propose_id("“红色税苑”2022") == "hong-se-shui-yuan-2022"


def _new(argv, capsys):
    status = main(["new", *argv, "--data", "data"])
    out, err = capsys.readouterr()
    return status, out.strip(), err


ARGS = {
    "orgs": ["--name", "税务局第三党支部", "--org", "sw"],
    "sites": ["--org", "sw-b", "--id", "sw-b-site"],
    "brands": ["--name", "先锋税苑", "--org", "sw-b"],
    "deeds": ["--name", "李四的事迹", "--org", "sw-b"],
    "pairings": ["--org", "sw-b", "--id", "sw-b-learns"],
    "ledgers": ["--org", "sw-a"],
    "news": ["--name", "片区交流会", "--org", "sw"],
    "achievements": ["--name", "三步工作法续篇", "--org", "sw-b"],
}


@pytest.mark.parametrize("kind", SCAFFOLD_KINDS)
def test_every_kind_scaffolds_a_commented_file_that_passes_once_filled(kind, base_data, capsys):
    status, path, _ = _new([kind, *ARGS[kind]], capsys)
    assert status == 0
    text = (base_data.parent / path).read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json")
    assert "（必填）" in text
    filled = text.replace("【待填写】", "已填写的内容")
    (base_data.parent / path).write_text(filled, encoding="utf-8")
    data, report = load("data")
    # What remains is only what needs a judgment the scaffold cannot make (e.g. a real benchmark).
    assert report.ok or {d.field for d in report.diagnostics} <= {"benchmark"}, report.format()


def test_unfilled_scaffold_is_refused_by_check(base_data, capsys):
    status, path, _ = _new(["deeds", "--name", "李四的事迹", "--org", "sw-b"], capsys)
    assert status == 0
    _, report = load("data")
    assert [d.message for d in report.sorted()] == ["还没有填写（仍是“【待填写】”）"]


def test_existing_id_is_refused(base_data, capsys):
    status, _, err = _new(["news", "--name", "行动启动", "--org", "sw", "--id", "kickoff"], capsys)
    assert status == 2 and "已经存在" in err


def test_unknown_org_and_missing_name_are_refused(base_data, capsys):
    assert _new(["news", "--name", "x", "--org", "nobody"], capsys)[0] == 2
    assert _new(["deeds", "--org", "sw-b"], capsys)[0] == 2
    assert _new(["ratings", "--org", "sw-b"], capsys)[0] == 2
    assert _new(["ledgers"], capsys)[0] == 2


def test_scaffold_works_while_another_file_is_half_done(base_data, capsys):
    assert _new(["deeds", "--name", "甲的事迹", "--org", "sw-b"], capsys)[0] == 0
    assert _new(["deeds", "--name", "乙的事迹", "--org", "sw-b"], capsys)[0] == 0
