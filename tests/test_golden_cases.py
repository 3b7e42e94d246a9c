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

from .conftest import CASES, DEMO, build_case

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


@pytest.mark.parametrize("name", ["all-errors-sorted", "privacy", "rating-twice", "yaml-syntax", "id-not-stem"])
def test_reading_on_every_core_reports_what_one_process_reports(name, tmp_path, monkeypatch):
    """A large folder is read by forked processes (loader.PARALLEL_FILES); the messages, references
    and records must be exactly those of one process reading every file in turn."""
    from pacesetter.contract import load, loader

    monkeypatch.chdir(tmp_path)
    build_case(CASES / name, tmp_path)
    monkeypatch.setattr(loader.processes, "cores", lambda: 1)
    one_data, one = load("data")
    monkeypatch.setattr(loader.processes, "cores", lambda: 2)
    monkeypatch.setattr(loader, "PARALLEL_FILES", 2)
    monkeypatch.setattr(loader, "_CHUNK", 3)
    many_data, many = load("data")
    assert many.diagnostics == one.diagnostics and many.diagnostics
    assert (many_data is None) == (one_data is None)


def test_the_demo_read_on_every_core_is_the_demo(monkeypatch):
    from pacesetter.contract import load, loader

    monkeypatch.setattr(loader.processes, "cores", lambda: 1)
    one, _ = load(DEMO)
    monkeypatch.setattr(loader.processes, "cores", lambda: 2)
    monkeypatch.setattr(loader, "PARALLEL_FILES", 2)
    many, report = load(DEMO)
    assert report.ok
    for kind in ("orgs", "ratings", "deeds", "ledgers"):
        assert getattr(many, kind) == getattr(one, kind), kind
