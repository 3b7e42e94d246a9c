"""The browser editor's configuration is generated from the contract: a test walks every field of every kind."""

from __future__ import annotations

import pytest

from pacesetter.contract import fields as f
from pacesetter.contract.decap import EDITED_KINDS, YEAR_MAP_WIDGET, config
from pacesetter.contract.kinds import HONOR, KINDS
from pacesetter.contract.schema import words_of


@pytest.fixture(scope="module")
def generated(demo_data):
    return config(words_of(demo_data.settings)), words_of(demo_data.settings)


def _walk(specs, settings, words, path=""):
    """Each contract field against its widget, recursively; returns how many were compared."""
    assert [s["name"] for s in settings] == [spec.name for spec in specs], path
    count = 0
    for spec, widget in zip(specs, settings):
        where = f"{path}.{spec.name}"
        assert widget["label"] == spec.title and widget["required"] == spec.required, where
        assert widget.get("hint", "") == spec.help, where
        count += 1 + _check_type(spec.type, widget, words, where)
    return count


def _check_type(kind, widget, words, where) -> int:
    if isinstance(kind, f.Record):
        assert widget["widget"] == "object"
        return _walk(kind.fields, widget["fields"], words, where)
    if isinstance(kind, f.ListOf):
        item = kind.item
        if isinstance(item, (f.Word, f.Fixed, f.Ref)):
            assert widget.get("multiple") is True, where
            return _check_type(item, widget, words, where)
        assert widget["widget"] == "list", where
        if isinstance(item, f.Record):
            return _walk(item.fields, widget["fields"], words, where)
        return _check_type(item, widget["field"], words, where)
    expected = {f.Ref: "relation", f.Word: "select", f.Fixed: "select", f.Date: "datetime", f.Year: "number",
                f.Int: "number", f.Ratio: "number", f.Bool: "boolean", f.Photo: "image", f.YearMap: YEAR_MAP_WIDGET}
    for cls, name in expected.items():
        if isinstance(kind, cls):
            assert widget["widget"] == name, where
            break
    else:
        assert widget["widget"] in ("string", "markdown"), where
    if isinstance(kind, f.Ref):
        assert (widget["collection"], widget["value_field"]) == (kind.kind, "id") and "name" in widget["search_fields"]
    if isinstance(kind, f.Word):
        assert widget["options"] == words.get(kind.list_name, []) and widget["options"], where
    if isinstance(kind, f.Date):
        assert widget["format"] == "YYYY-MM-DD" and widget["time_format"] is False
    if isinstance(kind, f.Text):
        assert widget["widget"] == ("markdown" if kind.markdown else "string"), where
    if isinstance(kind, (f.Quarter, f.Slug)):
        assert widget["pattern"][0].startswith("^") and widget["pattern"][1], where
    return 0


def _count(specs) -> int:
    """Fields of the contract, nested records' fields included."""
    total = 0
    for spec in specs:
        kind = spec.type.item if isinstance(spec.type, f.ListOf) else spec.type
        total += 1 + (_count(kind.fields) if isinstance(kind, f.Record) else 0)
    return total


def test_every_field_of_every_edited_kind_has_its_widget(generated):
    settings, words = generated
    assert settings["locale"] == "zh_Hans" and settings["publish_mode"] == "editorial_workflow"
    collections = {c["name"]: c for c in settings["collections"]}
    assert list(collections) == list(EDITED_KINDS) and "ratings" not in collections  # ratings stay on Excel
    compared = 0
    for key in EDITED_KINDS:
        kind, made = KINDS[key], collections[key]
        assert made["folder"] == f"data/{key}" and made["extension"] == "yaml"
        assert made["identifier_field"] == kind.stem_field and made["slug"] == "{{" + kind.stem_field + "}}"
        compared += _walk(kind.record.fields, made["fields"], words, key)
    assert compared == sum(_count(KINDS[key].record.fields) for key in EDITED_KINDS)  # nested fields included


def test_a_deed_picks_its_organization_by_name_and_writes_its_story_in_markdown(generated):
    settings, _ = generated
    deeds = next(c for c in settings["collections"] if c["name"] == "deeds")
    fields = {w["name"]: w for w in deeds["fields"]}
    assert fields["org"]["widget"] == "relation" and fields["org"]["display_fields"] == ["name"]
    assert fields["story"]["widget"] == "markdown" and fields["story"]["required"] is True
    honors = fields["honors"]
    assert honors["widget"] == "list" and [w["name"] for w in honors["fields"]] == HONOR.field_names()
