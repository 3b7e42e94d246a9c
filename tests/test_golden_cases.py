"""Golden cases: each folder under tests/cases/ breaks one rule and lists the errors it expects.

A case is the base data (tests/cases/_base/data) overlaid with the case's own data/ files;
``expected`` holds the first line of every diagnostic (error or warning), in the order ``check``
reports them.
A new bug becomes a new folder.
"""

from __future__ import annotations

import os

import pytest

from pacesetter.contract import load

from .conftest import CASES, build_case

CASE_DIRS = sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


def expected_lines(case) -> list[str]:
    text = (case / "expected").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_case(case, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    build_case(case, tmp_path)
    data, report = load("data")
    actual = [d.format().splitlines()[0] for d in report.sorted()]
    if os.environ.get("PACESETTER_SHOW_CASES"):
        print(f"\n--- {case.name}\n" + "\n".join(actual))
    assert actual == expected_lines(case)
    errors = [line for line in actual if ": 错误: " in line]
    assert (data is None) == bool(errors), "data is returned exactly when there is no error (warnings allowed)"


def test_base_is_valid(base_data):
    data, report = load("data")
    assert report.ok, report.format()
    assert data is not None and set(data.orgs) == {"root", "sw", "sw-a", "sw-b"}


def test_every_case_has_expectations():
    missing = [p.name for p in CASE_DIRS if not (p / "expected").is_file()]
    assert not missing
