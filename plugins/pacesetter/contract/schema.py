"""JSON Schemas of the data files, generated from the contract (``kinds.py``), for editors.

Editors such as VS Code (with the YAML extension) read them to autocomplete field names,
offer the allowed words from column.yaml, and underline mistakes as they type, offline.
The checker stays the authority: rules across files (references, the tree, dates against
as_of, personal data) are beyond a schema, so a file can satisfy its schema and still fail
``pacesetter check``; the reverse must never happen, and a test holds the two together.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..sources import write_replacing
from . import fields as f
from .kinds import KINDS, SETTINGS, WORD_LISTS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


def ecma(pattern) -> str:
    """A checker's pattern (anchored with ``match`` and ``\\Z``) as JSON Schema writes it."""
    return "^" + pattern.pattern.removesuffix(r"\Z") + "$"


def type_schema(kind: f.FieldType, words: dict[str, list[str]]) -> dict:
    if isinstance(kind, f.Record):
        properties = {}
        for spec in kind.fields:
            schema = type_schema(spec.type, words)
            schema["title"] = spec.title
            if spec.help:
                schema["description"] = spec.help
            properties[spec.name] = schema
        required = [spec.name for spec in kind.fields if spec.required]
        result = {"type": "object", "properties": properties, "additionalProperties": False}
        return {**result, "required": required} if required else result
    if isinstance(kind, f.ListOf):
        schema = {"type": "array", "items": type_schema(kind.item, words), "maxItems": kind.max_items}
        if kind.unique:
            schema["uniqueItems"] = True
        if kind.min_items:
            schema["minItems"] = kind.min_items
        return schema
    if isinstance(kind, f.YearMap):
        return {"type": "object", "propertyNames": {"pattern": r"^[0-9]{4}$"},
                "additionalProperties": type_schema(kind.value, words)}
    if isinstance(kind, f.Word):
        allowed = words.get(kind.list_name)
        schema = {"type": "string", "description": f"data/column.yaml 的 {kind.list_name} 中的词"}
        return {**schema, "enum": list(allowed)} if allowed else schema
    if isinstance(kind, f.Fixed):
        return {"type": "string", "enum": list(kind.choices)}
    if isinstance(kind, f.Ref):
        return {"type": "string", "pattern": ecma(f.ID_PATTERN), "description": f"data/{kind.kind}/ 下某个文件的编号"}
    if isinstance(kind, f.Slug) and kind.short:  # 1, 2, 3 are written as numbers
        return {"type": ["string", "integer"], "pattern": ecma(f.SHORT_ID_PATTERN), "minimum": 0}
    if isinstance(kind, f.Slug):
        return {"type": "string", "pattern": ecma(f.ID_PATTERN)}
    if isinstance(kind, f.Date):
        return {"type": "string", "pattern": DATE, "description": "日期，写成 YYYY-MM-DD"}
    if isinstance(kind, f.Year):
        return {"type": "integer", "minimum": 1921, "maximum": 2100}
    if isinstance(kind, f.Quarter):
        return {"type": "string", "pattern": ecma(f.QUARTER_PATTERN)}
    if isinstance(kind, f.Int):
        return {"type": "integer", "minimum": kind.minimum, "maximum": kind.maximum}
    if isinstance(kind, f.Ratio):
        return {"type": "number", "minimum": 0, "maximum": 1}
    if isinstance(kind, f.Bool):
        return {"type": "boolean"}
    if isinstance(kind, f.Photo):
        return {"type": "string", "pattern": r"^media/[^\\]+$", "description": "data/media/ 下的照片，写成 media/文件名.jpg"}
    if isinstance(kind, f.Text):
        return {"type": "string", "minLength": 1, "maxLength": kind.max_len}
    raise TypeError(f"no schema for {type(kind).__name__}")


def schemas(words: dict[str, list[str]]) -> dict[str, dict]:
    """File name -> schema, for column.yaml and every kind of data file."""
    result = {"column.schema.json": {"$schema": DRAFT, "title": "专栏设置（data/column.yaml）",
                                     **type_schema(SETTINGS, {})}}
    for kind in KINDS.values():
        result[f"{kind.key}.schema.json"] = {
            "$schema": DRAFT, "title": f"{kind.label}（data/{kind.key}/*.yaml）", **type_schema(kind.record, words)}
    return result


def words_of(settings) -> dict[str, list[str]]:
    return {name: list(getattr(settings, name)) for name in WORD_LISTS if getattr(settings, name)}


def write_schemas(words: dict[str, list[str]], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas(words).items():
        path = out / name
        write_replacing(path, (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        written.append(path)
    return written
