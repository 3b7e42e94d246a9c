"""Personal data detection: what must be refused, and what must not be mistaken for it."""

from __future__ import annotations

import pytest

from pacesetter.contract.privacy import is_identity_number, scan, scan_text
from pacesetter.contract.yamlsource import parse


def _checksum(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def test_identity_number_checksum():
    assert is_identity_number("11010519491231002X")  # the standard's own example
    assert is_identity_number(_checksum("41080219900101123"))
    assert not is_identity_number("110105194912310021")  # wrong check digit


def test_identity_number_needs_a_real_birth_date():
    assert not is_identity_number(_checksum("41080219901340123"))  # day 40
    assert not is_identity_number(_checksum("41080218000101123"))  # born in 1800


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("身份证号 11010519491231002X", "身份证号码"),
        ("身份证号 11010519491231002x", "身份证号码"),
        ("电话13812345678", "手机号码"),
        ("电话 138-1234-5678", "手机号码"),
        ("电话 138 1234 5678", "手机号码"),
        ("+86 13812345678", "手机号码"),
        ("办公室 0391-3456789", "电话号码"),
        ("办公室（0391）3456789", "电话号码"),
        ("办公室 (010)62345678", "电话号码"),
        ("写信到 li.si@example.com.cn", "电子邮箱"),
    ],
)
def test_personal_data_is_found(text, what):
    assert [found[0] for found in scan_text(text)] == [what]


@pytest.mark.parametrize(
    "text",
    [
        "2022-07-05",
        "审减资金 5.2 亿元，审减率 9.8%",
        "焦直文〔2020〕141号",
        "全年服务乘客 1800 万人次",
        "110105194912310021",  # 18 digits, wrong checksum: an account number, not an ID
        "编号 20221231000123456789",  # longer than an ID number
        "12345678901",  # 11 digits, not a mobile prefix
        "邮编 454000",
        "@市直机关工委",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text):
    assert scan_text(text) == []


def test_excerpt_is_masked_so_logs_do_not_republish_it():
    [(_, matched, masked)] = scan_text("13812345678")
    assert matched == "13812345678"
    assert masked == "138******78" and "1234567" not in masked


def test_findings_carry_field_path_and_exact_position():
    text = "id: x\nhonors:\n  - title: 优秀\n    note: 联系 13812345678\nstory: |\n  第一行\n  邮箱 a@b.cn\n"
    findings = list(scan(parse(text), text.splitlines()))
    assert [(f.path, f.line, f.col, f.what) for f in findings] == [
        ("honors[1].note", 4, 14, "手机号码"),
        ("story", 7, 6, "电子邮箱"),
    ]


def test_keys_are_scanned_too():
    text = "13812345678: x\n"
    assert [f.what for f in scan(parse(text), text.splitlines())] == ["手机号码"]


def _site_with(base_data, description: str, phone_fields: str | None = None):
    from pacesetter.contract import load

    site = base_data / "sites/sw-a-site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f"description: {description}\n", encoding="utf-8")
    if phone_fields is not None:
        column = base_data / "column.yaml"
        column.write_text(column.read_text(encoding="utf-8") + f"office_phone_fields: {phone_fields}\n", encoding="utf-8")
    return load(base_data)[1]


def test_an_office_phone_is_refused_unless_its_field_is_declared(base_data):
    report = _site_with(base_data, "预约参观请致电党群工作部 0391-3456789")
    assert [(d.file, d.field) for d in report.sorted()] == [("data/sites/sw-a-site.yaml", "description")]
    assert "电话号码" in report.sorted()[0].message


def test_a_declared_field_may_publish_an_office_phone_but_never_a_mobile(tmp_path, monkeypatch):
    from .conftest import CASES, build_case

    monkeypatch.chdir(tmp_path)
    allowed = build_case(CASES / "_base", tmp_path / "allowed")
    assert _site_with(allowed, "预约参观请致电党群工作部 0391-3456789", "[sites.description]").ok
    mobile = build_case(CASES / "_base", tmp_path / "mobile")
    report = _site_with(mobile, "预约参观请致电 0391-3456789，或联系王主任 13812345678", "[sites.description]")
    assert [(d.field, "手机号码" in d.message) for d in report.sorted()] == [("description", True)]


def test_an_unknown_office_phone_field_is_an_error(base_data):
    report = _site_with(base_data, "示范点简介", "[sites.descripton, news.body]")
    [problem] = report.sorted()
    assert (problem.file, problem.field) == ("data/column.yaml", "office_phone_fields")
    assert '"sites.descripton" 不是数据中的字段' in problem.message and "sites.description" in problem.hint
