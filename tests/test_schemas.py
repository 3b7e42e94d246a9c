"""The JSON Schemas come from the contract and agree with `pacesetter check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from pacesetter.contract import load
from pacesetter.contract.schema import schemas, words_of
from pacesetter.model import load_column

from .conftest import CASES, DEMO, ROOT, build_case

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))
# Cases whose every error is within one file's shape: there the schema must reject the same files.
# (Not bad-dates: a pattern cannot know that February has no 30th.)
SHAPE_CASES = {"unknown-key", "missing-required", "wrong-types", "word-not-allowed", "bad-id-format",
               "column-broken-list", "yaml-list-not-mapping"}


def _validators(data: Path) -> dict[str, Draft202012Validator]:
    column_file = YAML(typ="safe").load((CASES / "_base/data/column.yaml").read_text(encoding="utf-8"))
    words = {k: v for k, v in column_file.items() if isinstance(v, list) and all(isinstance(x, str) for x in v)}
    return {name: Draft202012Validator(schema) for name, schema in schemas(words).items()}


def _schema_rejects(data: Path, validators) -> set[str]:
    rejected = set()
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    for path in sorted(data.rglob("*.yaml")):
        rel = path.relative_to(data)
        name = "column.schema.json" if rel.name == "column.yaml" and len(rel.parts) == 1 else f"{rel.parts[0]}.schema.json"
        if name not in validators:
            continue
        try:
            document = yaml.load(path.read_bytes())
        except (YAMLError, UnicodeDecodeError, ValueError, RecursionError):
            continue  # not YAML at all: the checker reports it, a schema cannot
        # YAML timestamps and the like arrive as Python objects; editors see them as text.
        document = json.loads(json.dumps(document, default=str))
        if not validators[name].is_valid(document):
            rejected.add(f"data/{rel.as_posix()}")
    return rejected


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_schema_never_rejects_what_check_accepts(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = build_case(case, tmp_path)
    _, report = load("data")
    files_with_errors = {d.file for d in report.diagnostics}
    rejected = _schema_rejects(data, _validators(data))
    assert rejected <= files_with_errors
    if case.name in SHAPE_CASES:
        assert rejected == {f for f in files_with_errors if f.endswith(".yaml")}


def test_schema_accepts_the_demo():
    column = load_column(DEMO)
    validators = {name: Draft202012Validator(s) for name, s in schemas(words_of(column.settings)).items()}
    assert _schema_rejects(DEMO, validators) == set()


def test_committed_schemas_are_current():
    expected = schemas(words_of(load_column(DEMO).settings))
    for name, schema in expected.items():
        committed = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"schemas/{name} 已过期：运行 pacesetter schemas"
    Draft202012Validator.check_schema(expected["orgs.schema.json"])


def test_editor_settings_map_every_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapped = {Path(k).name for k in settings["yaml.schemas"]}
    assert mapped == set(schemas({}))
