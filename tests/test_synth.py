"""The synthetic column: valid, deterministic, and shaped like a province."""

from __future__ import annotations

import hashlib

from pacesetter.contract import load
from pacesetter.model import Column
from pacesetter.synth import generate


def _digest(folder) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


def test_synthetic_column_is_valid_and_province_shaped(tmp_path):
    counts = generate(1000, 7, tmp_path / "data")
    data, report = load(tmp_path / "data")
    assert report.ok, report.format()
    column = Column(data)
    assert len(column.orgs) == counts["orgs"] == 1000
    levels = [column.level(o) for o in column.orgs]
    assert levels.count(1) == 1 and levels.count(2) == 9 and levels.count(3) == 990
    assert len(column.quarters) == 8
    assert len(data.deeds) == 40 and len(data.sites) == 12 and len(data.ledgers) == 50
    assert any(c.granted for c in column.star_changes) and any(c.removed for c in column.star_changes)


def test_same_arguments_write_the_same_files(tmp_path):
    generate(200, 3, tmp_path / "a")
    generate(200, 3, tmp_path / "b")
    generate(200, 4, tmp_path / "c")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != _digest(tmp_path / "c")
