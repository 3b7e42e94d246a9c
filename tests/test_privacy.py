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
