"""The positional YAML reader: values, positions, and bounded work on hostile files."""

from __future__ import annotations

import resource
import time

import pytest

from pacesetter.contract.yamlsource import (
    MAX_FILE_BYTES,
    Map,
    Scalar,
    Seq,
    YamlProblem,
    decode,
    parse,
    read_text,
    resolve_plain,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", "yes"),  # YAML 1.2: only true/false are booleans
        ("no", "no"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("42", 42),
        ("-7", -7),
        ("0o17", 15),
        ("0x1f", 31),
        ("1.5", 1.5),
        ("2022-07-05", "2022-07-05"),  # dates stay text; the Date field type parses them
        ("2022Q3", "2022Q3"),
        ("市直机关", "市直机关"),
    ],
)
def test_plain_scalars_resolve_by_yaml_1_2_core_schema(text, value):
    assert resolve_plain(text) == value


def test_quoted_scalars_stay_text():
    root = parse("a: '12'\nb: \"true\"\nc: 12\n")
    values = {k: v.value for k, (_, v) in root.entries.items()}
    assert values == {"a": "12", "b": "true", "c": 12}
    assert root.entries["a"][1].quoted and not root.entries["c"][1].quoted


def test_every_node_knows_its_line_and_column():
    root = parse("id: x\nlist:\n  - a\n  - {k: v}\n")
    assert isinstance(root, Map) and (root.line, root.col) == (1, 1)
    key, value = root.entries["list"]
    assert (key.line, key.col) == (2, 1)
    assert isinstance(value, Seq)
    first, second = value.items
    assert isinstance(first, Scalar) and (first.line, first.col) == (3, 5)
    assert isinstance(second, Map) and (second.entries["k"][1].line, second.entries["k"][1].col) == (4, 9)


def test_block_scalars_keep_their_text():
    root = parse("story: |\n  第一行\n\n  第三行\n")
    assert root.entries["story"][1].value == "第一行\n\n第三行\n"


def test_aliases_are_shared_not_copied():
    root = parse("a: &x [1, 2]\nb: *x\n")
    assert root.entries["a"][1] is root.entries["b"][1]


def test_empty_document_is_none():
    assert parse("# 只有注释\n") is None


def _problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    return info.value


def test_alias_bomb_is_refused_quickly():
    levels = ["a: &a [" + ", ".join(["x"] * 10) + "]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    started = time.process_time()
    problem = _problem("\n".join(levels) + "\n")
    assert "别名" in problem.message
    # 10^9 values if expanded; refused after a few thousand: well under a second of CPU.
    assert time.process_time() - started < 5


def test_self_referencing_alias_is_refused():
    assert "包含它自己" in _problem("a: &a [1, *a]\n").message


def test_thousand_deep_nesting_is_refused_without_recursion():
    problem = _problem("a: " + "[" * 1000 + "]" * 1000 + "\n")
    assert "嵌套层数" in problem.message and problem.line == 1


def test_deep_block_nesting_is_refused():
    text = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n"
    assert "嵌套层数" in _problem(text).message


def test_custom_and_python_tags_are_refused():
    assert "!!python/object/apply:os.system" in _problem("x: !!python/object/apply:os.system [ls]\n").message
    assert "!secret" in _problem("x: !secret abc\n").message


def test_standard_tags_are_allowed():
    root = parse("x: !!str 12\n")
    assert root.entries["x"][1].value == "12"


def test_duplicate_key_points_at_the_second():
    problem = _problem("name: a\nkind: b\nname: c\n")
    assert (problem.line, problem.col) == (3, 1) and "第一次在第 1 行" in problem.message


def test_tab_indentation_is_explained():
    problem = _problem("a:\n\tb: 1\n")
    assert "制表符" in problem.message and "空格" in problem.hint


def test_invalid_utf8_names_the_position():
    data = "id: x\n".encode() + "标题: 行动".encode("gbk") + b"\n"
    with pytest.raises(YamlProblem) as info:
        decode(data)
    assert (info.value.line, info.value.col) == (2, 1)
    assert "UTF-8" in info.value.message


def test_byte_order_mark_is_dropped():
    assert decode(b"\xef\xbb\xbfid: x\n") == "id: x\n"


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:  # a sparse 20 MB file: nothing is read to refuse it
        handle.truncate(20 * 1024 * 1024)
    assert big.stat().st_size > MAX_FILE_BYTES
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(YamlProblem) as info:
        read_text(big)
    assert "文件过大" in info.value.message
    # The peak resident size did not grow by the file's size.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 10 * 1024


def test_twenty_megabytes_of_real_yaml_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    line = "- org: sw-a\n  met: [基本组织, 基本队伍]\n"
    big.write_text(line * (20 * 1024 * 1024 // len(line.encode()) + 1), encoding="utf-8")
    with pytest.raises(YamlProblem) as info:
        read_text(big)
    assert "20.0 MB" in info.value.message


def test_libyaml_parses_the_files():
    # ruamel.yaml.clib is a dependency: without it a province's data takes eight times longer to read.
    from ruamel.yaml import YAML

    assert YAML(typ="safe").Parser.__name__ == "CParser"


def test_a_quarters_ratings_may_grow_with_the_organizations(base_data, monkeypatch):
    """No fixed size caps the column: a ratings file's limit is 10 MB plus 512 bytes per organization
    (at 118,000 organizations a quarter passes 10 MB); every other file keeps the fixed limit."""
    from pacesetter.contract import load, loader
    from pacesetter.contract.yamlsource import MAX_FILE_BYTES, RATING_BYTES_PER_ORG

    limits: dict[str, int] = {}
    real = loader.read_text

    def recording(path, max_bytes=MAX_FILE_BYTES):
        limits[f"{path.parent.name}/{path.name}"] = max_bytes
        return real(path, max_bytes)

    monkeypatch.setattr(loader, "read_text", recording)
    _, report = load(base_data)
    assert report.ok
    orgs = len(list((base_data / "orgs").glob("*.yaml")))
    ratings = {k: v for k, v in limits.items() if k.startswith("ratings/")}
    assert ratings and set(ratings.values()) == {MAX_FILE_BYTES + RATING_BYTES_PER_ORG * orgs}
    assert {v for k, v in limits.items() if not k.startswith("ratings/")} == {MAX_FILE_BYTES}


def test_read_text_refuses_past_the_limit_it_is_given(tmp_path):
    from pacesetter.contract.yamlsource import read_text

    path = tmp_path / "2030Q1.yaml"
    path.write_bytes(b"quarter: 2030Q1\n" + b"# " + b"x" * 2_000 + b"\n")
    assert read_text(path, 4_096).startswith("quarter")
    with pytest.raises(YamlProblem, match="文件过大"):
        read_text(path, 1_024)


def test_a_broken_file_leaves_the_next_one_unaffected():
    """The reader is reused within a thread: a file that stops parsing half-way (an open
    bracket, an anchor defined) must not leak into the next file's reading."""
    with pytest.raises(YamlProblem):
        parse("a: &x [1, 2\nb: *x\n")
    tree = parse("name: 甲\nlist: [1, 2]\n")
    assert isinstance(tree, Map) and tree.entries["name"][1].value == "甲"
    assert [item.value for item in tree.entries["list"][1].items] == [1, 2]
    with pytest.raises(YamlProblem, match="未定义的锚点"):
        parse("b: *x\n")  # the anchor of the broken file is not remembered
    for number in range(1100):  # past the number of texts one reader takes before it is replaced
        assert parse(f"n: {number}\n").entries["n"][1].value == number



@pytest.mark.parametrize("name", ["_NULL", "_INT", "_INT_OCT", "_INT_HEX", "_FLOAT", "_FLOAT_SPECIAL"])
def test_every_null_boolean_and_number_starts_where_the_shortcut_looks(name):
    """resolve_plain returns text at once when its first character cannot begin a null,
    boolean or number: every text the schema's patterns match must begin with one of
    _RESOLVED_STARTS, or the shortcut would turn a number into text."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from pacesetter.contract import yamlsource

    pattern = getattr(yamlsource, name).pattern.removesuffix("\\Z")

    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(pattern, fullmatch=True))
    def starts(text):
        assert text == "" or text[0] in yamlsource._RESOLVED_STARTS
        assert resolve_plain(text) is None or not isinstance(resolve_plain(text), str)

    starts()
    assert all(word[0] in yamlsource._RESOLVED_STARTS for word in yamlsource._BOOL)
