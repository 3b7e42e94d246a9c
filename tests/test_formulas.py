"""Hardening, class 4: no text from the data becomes a live formula in any CSV or workbook.

Formula payloads go into every text that reaches a download or an editors' export
(names, short names, secretaries, titles, slogans, notes, tags, ledger problems).
Every CSV cell that a spreadsheet would run carries a leading apostrophe; no workbook
cell is a formula, and each shows exactly the text the editor wrote.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pacesetter.cli import main
from pacesetter.exports.cells import FORMULA_STARTS, csv_cell

from .conftest import CASES, build_case
from .sitebuild import build_site

PAYLOADS = [
    '=HYPERLINK("http://127.0.0.1/x","点我查看")',
    "=1+1",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+2",
    "\r=1+2",
]


def _stored(payload: str) -> str:
    """What the data holds: one-line fields are stored without surrounding white space."""
    return payload.strip()


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r") + '"'


def _poison(data: Path) -> None:
    """Put the payloads into the base case's texts that reach the downloads and exports."""
    def edit(rel: str, replacements: dict[str, str]) -> None:
        path = data / rel
        text = path.read_text(encoding="utf-8")
        for old, new in replacements.items():
            assert old in text, (rel, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")

    edit("orgs/sw-a.yaml", {"name: 税务局第一党支部": f"name: {_quoted(PAYLOADS[0])}",
                            "secretary: 张建国": f"secretary: {_quoted(PAYLOADS[2])}"})
    edit("orgs/sw-b.yaml", {"\nkind:": f"\nshort_name: {_quoted(PAYLOADS[3])}\nkind:"})
    edit("ratings/2022Q3.yaml", {"    met: [基本组织]\n": f"    met: [基本组织]\n    note: {_quoted(PAYLOADS[4])}\n"})
    edit("brands/red.yaml", {"\nowner:": f"\nslogan: {_quoted(PAYLOADS[1])}\nowner:"})
    edit("ledgers/sw-b.yaml", {"problem: ": f"problem: {_quoted(PAYLOADS[5])}\n    # was: "})
    deed = (data / "deeds/zhang.yaml").read_text(encoding="utf-8")
    deed = deed.replace("\ntitle: ", f"\ntitle: {_quoted(PAYLOADS[6])}\n# was: ", 1)
    (data / "deeds/zhang.yaml").write_text(deed, encoding="utf-8")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    root = tmp_path_factory.mktemp("formulas")
    data = build_case(CASES / "_base", root)
    _poison(data)
    from pacesetter.contract import load

    assert load(data)[1].ok, load(data)[1].format()
    return data, build_site(data, root / "site")


def _assert_workbook_is_inert(path: Path) -> set[str]:
    """No formula anywhere in the file; returns every text cell's value."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    texts = set()
    book = load_workbook(path)  # not data_only: a formula would come back as one
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    if cell.value.startswith(FORMULA_STARTS):
                        assert cell.quotePrefix, (sheet.title, cell.coordinate)
    return texts


def test_public_csv_files_carry_no_live_formula(poisoned):
    _, site = poisoned
    seen = []
    for path in sorted((site / "data/files").glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), (path.name, cell)
                if cell.startswith("'"):
                    seen.append(cell[1:])
    # every payload that reaches a table is there, neutralized and otherwise unchanged
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[3], PAYLOADS[6]):
        assert _stored(payload) in seen, payload


def test_public_workbook_shows_the_text_and_runs_nothing(poisoned):
    _, site = poisoned
    texts = _assert_workbook_is_inert(site / "data/files/column.xlsx")
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[3], PAYLOADS[6]):
        assert _stored(payload) in texts, payload


def test_json_downloads_keep_the_text_as_it_is(poisoned):
    """JSON is read by programs, not spreadsheets: the names stay exactly as written."""
    import json

    _, site = poisoned
    rows = json.loads((site / "data/files/orgs.json").read_text(encoding="utf-8"))["rows"]
    assert {row["id"]: row["name"] for row in rows}["sw-a"] == PAYLOADS[0]


@pytest.mark.parametrize(("what", "extra"), [("orgs", []), ("ratings", ["--quarter", "2022Q3"]), ("ledger", ["--org", "sw-b"])])
def test_editors_exports_are_inert_and_import_back_unchanged(poisoned, tmp_path, monkeypatch, what, extra):
    data, _ = poisoned
    monkeypatch.chdir(tmp_path)
    out = tmp_path / f"{what}.xlsx"
    assert main(["export", what, "--data", str(data), "--out", str(out), *extra]) == 0
    texts = _assert_workbook_is_inert(out)
    expected = {"orgs": [PAYLOADS[0], PAYLOADS[2], PAYLOADS[3]], "ratings": [PAYLOADS[0], PAYLOADS[4]],
                "ledger": [PAYLOADS[5]]}[what]
    for payload in expected:
        assert _stored(payload) in texts, payload


def test_ratings_with_formula_like_notes_import_back_unchanged(poisoned, tmp_path):
    from pacesetter.editors.excel import export_ratings, import_ratings
    from pacesetter.model import load_column

    data, _ = poisoned
    column = load_column(data)
    export_ratings(column, "2022Q3", tmp_path / "r.xlsx")
    text, report = import_ratings(column, tmp_path / "r.xlsx", "2022Q3", None)
    assert report.ok, report.problems
    assert "note: " + _quoted(PAYLOADS[4]) in text


@pytest.mark.parametrize("value", ["=1", "+1", "-1", "@a", "\t=1", "\r=1", "普通文字", "", 5, -3, None])
def test_csv_cell_rule(value):
    out = csv_cell(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        assert out == "'" + value
    else:
        assert out is value
