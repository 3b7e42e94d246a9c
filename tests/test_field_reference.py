"""Hardening, class 11: the contract belongs to the project; its field reference is generated.

The editors' field reference (content/guide/fields.md) is what ``pacesetter reference``
writes from contract/kinds.py and the demo's column.yaml; it names every kind and every
field (nested ones included); and nothing in the repository points outside it for the
contract.
"""

from __future__ import annotations

import subprocess

from pacesetter.cli import main
from pacesetter.contract import fields as f
from pacesetter.contract.kinds import KINDS, SETTINGS
from pacesetter.contract.reference import examples_from, field_reference
from pacesetter.contract.schema import words_of
from pacesetter.model import load_column

from .conftest import DEMO, ROOT

REFERENCE = ROOT / "content/guide/fields.md"


def test_committed_reference_is_current():
    column = load_column(DEMO)
    expected = field_reference(words_of(column.settings), examples_from(column.data))
    assert REFERENCE.read_text(encoding="utf-8") == expected, "content/guide/fields.md 已过期：运行 pacesetter reference"


def _all_fields(record: f.Record, path: str = ""):
    for spec in record.fields:
        yield path + spec.name, spec
        inner = spec.type.item if isinstance(spec.type, f.ListOf) else spec.type
        if isinstance(inner, f.Record):
            yield from _all_fields(inner, path + spec.name + ".")


def test_every_kind_and_field_is_described_with_its_title():
    text = REFERENCE.read_text(encoding="utf-8")
    for kind in KINDS.values():
        assert f"## {kind.label} {kind.key}/" in text
    sections = text.split("\n## ")
    for record, heading in [(SETTINGS, "专栏设置")] + [(k.record, f"{k.label} {k.key}/") for k in KINDS.values()]:
        section = next(s for s in sections if s.startswith(heading))
        for path, spec in _all_fields(record):
            row = f"| `{spec.name}` | {spec.title} |"
            assert row in section, (heading, path)
            if spec.required:
                assert f"{row} " in section and "| 是 |" in section


def test_the_command_writes_the_same_page(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "fields.md"
    assert main(["reference", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == REFERENCE.read_text(encoding="utf-8")


def test_nothing_points_outside_the_repository_for_the_contract():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        if not name.endswith((".py", ".md", ".yml", ".yaml", ".toml", ".html", ".sh")) or name.startswith("tests/"):
            continue
        text = (ROOT / name).read_text(encoding="utf-8", errors="replace")
        assert "../shared" not in text and "DOMAIN.md" not in text, name


def test_the_reference_is_kept_out_of_the_public_search(tmp_path):
    from mkdocs.structure.files import File

    from pacesetter.site.plugin import searched

    def page(uri: str) -> File:
        return File(uri, src_dir=str(ROOT / "content"), dest_dir=str(tmp_path), use_directory_urls=True)

    assert not searched(page("guide/fields.md")) and not searched(page("guide/index.md"))
