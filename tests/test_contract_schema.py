"""The contract is declared once: schema and entity classes agree, every field has a Chinese title."""

from __future__ import annotations

import re

from pacesetter.contract.fields import Record, record_fields
from pacesetter.contract.kinds import KINDS, SETTINGS


def _records(record: Record, seen=None):
    seen = seen if seen is not None else []
    seen.append(record)
    for field in record.fields:
        inner = getattr(field.type, "item", None) or field.type
        inner = getattr(inner, "item", None) or inner
        if isinstance(inner, Record) and inner not in seen:
            _records(inner, seen)
    return seen


ALL = [r for kind in [SETTINGS, *(k.record for k in KINDS.values())] for r in _records(kind)]


def test_schema_fields_are_the_entity_fields():
    for record in ALL:
        assert record.field_names() == record_fields(record.cls), record.cls.__name__


def test_every_field_has_a_chinese_title():
    for record in ALL:
        for field in record.fields:
            assert re.search(r"[\u4e00-\u9fff]", field.title), (record.cls.__name__, field.name)


def test_kinds_match_the_data_layout():
    assert list(KINDS) == ["orgs", "ratings", "sites", "brands", "deeds", "pairings", "ledgers", "news", "achievements", "namings"]
    for kind in KINDS.values():
        assert kind.stem_field in kind.record.field_names()
