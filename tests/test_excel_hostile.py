"""Hardening, class 6: workbooks that used to overwrite a quarter, lose a field or never finish.

Every case goes through ``pacesetter import`` as an editor runs it. A refused workbook
names its sheet and cell (or the file), and leaves the data folder byte for byte as
it was; an accepted one writes exactly what the sheet says, and keeps every field the
workbook does not carry.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pacesetter.cli import main
from pacesetter.contract import load

DIMS = ["基本组织", "基本队伍", "基本活动", "基本制度", "基本保障", "发挥作用"]


def _snapshot(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def _sheet(rows, title="评星"):
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["编号", "组织名称", *DIMS, "备注"])
    for row in rows:
        sheet.append(row)
    return book, sheet


def _import(path: Path, quarter="2022Q3") -> int:
    return main(["import", "ratings", str(path), "--data", "data", "--quarter", quarter])


def _ratings(quarter="2022Q3"):
    data, report = load("data")
    assert report.ok, report.format()
    return {r.org: (tuple(r.met), r.note) for r in data.ratings[quarter].ratings}


def _with_cached_value(path: Path, cell: str, value: str) -> None:
    """Give formula ``cell`` a saved result, as Excel does when it saves (openpyxl saves none)."""
    source = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = content.index(f'r="{cell}"'.encode())
                end = content.index(b"</c>", start)
                piece = content[start:end]
                fixed = piece.replace(b"<v></v>", b"").replace(b"<v />", b"") + f"<v>{value}</v>".encode()
                content = content[:start] + fixed + content[end:]
            target.writestr(info, content)
    path.write_bytes(out.getvalue())


# --- refused, nothing written ---------------------------------------------------------

def _formula_without_result(tmp):
    book, sheet = _sheet([["sw-a", "", "√", "=IF(1,\"√\",\"\")", "√", "√", "√", "√", ""]])
    book.save(tmp / "f.xlsx")
    return tmp / "f.xlsx", "评星!D2: 错误: 公式没有保存计算结果"


def _unknown_mark(tmp):
    book, sheet = _sheet([["sw-a", "", "√", "达标", "yes", "√", "√", "√", ""]])
    book.save(tmp / "m.xlsx")
    return tmp / "m.xlsx", "评星!D2: 错误: “达标”看不懂"


def _boolean_mark(tmp):
    book, sheet = _sheet([["sw-a", "", True, "", "", "", "", "", ""]])
    book.save(tmp / "b.xlsx")
    return tmp / "b.xlsx", "评星!C2: 错误: “True”看不懂"


def _no_ratings_sheet(tmp):
    book, _ = _sheet([["sw-a", "", "√", "", "", "", "", "", ""]], title="Sheet1")
    book.save(tmp / "s.xlsx")
    return tmp / "s.xlsx", "找不到名为“评星”的工作表（工作簿里有：“Sheet1”）"


def _hidden_stale_sheet_first(tmp):
    """A hidden stale copy first, and no sheet called 评星: the old code read the first sheet."""
    book, stale = _sheet([["sw-a", "", "", "", "", "", "", "", ""]], title="旧表")
    stale.sheet_state = "hidden"
    book.create_sheet("说明")
    book.save(tmp / "h.xlsx")
    return tmp / "h.xlsx", "找不到名为“评星”的工作表"


def _hidden_ratings_sheet(tmp):
    book, sheet = _sheet([["sw-a", "", "√", "√", "√", "√", "√", "√", ""]])
    book.create_sheet("说明")
    sheet.sheet_state = "hidden"
    book.save(tmp / "hidden.xlsx")
    return tmp / "hidden.xlsx", "工作表“评星”是隐藏的"


def _merged_cells(tmp):
    book, sheet = _sheet([["sw-a", "", "√", "√", "√", "√", "√", "√", ""]])
    sheet.merge_cells("C2:E2")
    book.save(tmp / "merged.xlsx")
    return tmp / "merged.xlsx", "评星!C2:E2: 错误: 这些单元格合并了"


def _old_xls(tmp):
    (tmp / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    return tmp / "old.xls", "这是旧的 .xls 格式"


def _macro_workbook(tmp):
    book, _ = _sheet([])
    book.save(tmp / "m.xlsm")
    return tmp / "m.xlsm", "不接受 .xlsm 工作簿"


def _not_a_workbook(tmp):
    (tmp / "fake.xlsx").write_text("编号,组织名称\nsw-a,x\n", encoding="utf-8")
    return tmp / "fake.xlsx", "文件不是 Excel 工作簿"


def _zip_but_not_a_workbook(tmp):
    with zipfile.ZipFile(tmp / "zip.xlsx", "w") as archive:
        archive.writestr("hello.txt", "你好")
    return tmp / "zip.xlsx", "无法作为 Excel 工作簿读取"


def _zip_bomb(tmp):
    """About 300 KB on disk, 300 MB unpacked: refused from the zip's directory alone."""
    book, _ = _sheet([["sw-a", "", "√", "", "", "", "", "", ""]])
    book.save(tmp / "bomb.xlsx")
    with zipfile.ZipFile(tmp / "bomb.xlsx", "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/zeros.bin", "w") as part:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                part.write(block)
    return tmp / "bomb.xlsx", "超过上限 256 MB"


def _stray_cell_far_away(tmp):
    book, sheet = _sheet([["sw-a", "", "√", "√", "√", "√", "√", "√", ""]])
    sheet["XFD1048576"] = "多余"
    book.save(tmp / "stray.xlsx")
    return tmp / "stray.xlsx", "评星!XFD1048576: 错误: 这一格在表头之外"


REFUSED = [_formula_without_result, _unknown_mark, _boolean_mark, _no_ratings_sheet, _hidden_stale_sheet_first,
           _hidden_ratings_sheet, _merged_cells, _old_xls, _macro_workbook, _not_a_workbook, _zip_but_not_a_workbook,
           _zip_bomb, _stray_cell_far_away]


@pytest.mark.parametrize("make", REFUSED, ids=[f.__name__.strip("_") for f in REFUSED])
def test_refused_workbooks_name_the_problem_and_change_nothing(base_data, tmp_path, capfd, make):
    path, expected = make(tmp_path)
    before = _snapshot(base_data)
    assert _import(path) != 0
    out, err = capfd.readouterr()
    assert expected in out + err, out + err
    assert "Traceback" not in out + err
    assert _snapshot(base_data) == before


@pytest.mark.parametrize("make", [_zip_bomb, _stray_cell_far_away], ids=["zip bomb", "stray cell"])
def test_hostile_workbooks_are_read_in_bounded_time_and_memory(base_data, tmp_path, make):
    """In a child limited to 1 GiB of address space and 60 seconds."""
    path, expected = make(tmp_path)
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30));"
            "from pacesetter.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "import", "ratings", str(path), "--data", "data",
                           "--quarter", "2022Q3"], capture_output=True, text=True, timeout=60, cwd=base_data.parent)
    assert done.returncode == 1, done.stderr
    assert expected in done.stdout + done.stderr


# --- accepted --------------------------------------------------------------------------

def test_the_accepted_marks(base_data, tmp_path):
    rows = [["sw-a", "", "√", "✓", "✔", "是", 1, "1", ""], ["sw-b", "", "X", "x", "×", "✗", "否", 0, ""]]
    book, sheet = _sheet(rows)
    sheet["C3"] = "✘"
    book.save(tmp_path / "marks.xlsx")
    assert _import(tmp_path / "marks.xlsx") == 0
    ratings = _ratings()
    assert ratings["sw-a"][0] == tuple(DIMS)
    assert ratings["sw-b"][0] == ()  # "X" is the editors' ×: not met


def test_a_formula_with_its_saved_result_is_read_as_that_result(base_data, tmp_path):
    book, sheet = _sheet([["sw-a", "", "√", '=IF(1,"√","")', "", "", "", "", ""]])
    book.save(tmp_path / "f.xlsx")
    _with_cached_value(tmp_path / "f.xlsx", "D2", "1")
    assert _import(tmp_path / "f.xlsx") == 0
    assert _ratings()["sw-a"][0] == ("基本组织", "基本队伍")


def test_a_sheet_without_the_note_column_keeps_the_notes(base_data, tmp_path):
    path = base_data / "ratings/2022Q3.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    met: [基本组织]\n", "    met: [基本组织]\n    note: 复核后摘星\n"),
                    encoding="utf-8")
    book = Workbook()
    book.active.title = "评星"
    book.active.append(["编号", *DIMS])
    book.active.append(["sw-a", "√", "√", "√", "√", "√", ""])
    book.active.append(["sw-b", "√", "", "", "", "", ""])
    book.save(tmp_path / "nonote.xlsx")
    assert _import(tmp_path / "nonote.xlsx") == 0
    assert _ratings()["sw-b"] == (("基本组织",), "复核后摘星")


def test_a_ledger_without_date_columns_keeps_its_dates(base_data, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["编号", "方面", "问题", "整改措施", "责任", "整改时限"])
    sheet.append([1, "党内组织生活", "三会一课记录不全", "统一记录本", "组织委员", "2022-06-30"])
    book.save(tmp_path / "ledger.xlsx")
    ledger = base_data / "ledgers/sw-b.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace('- id: "01"', "- id: 1"), encoding="utf-8")
    assert main(["import", "ledger", str(tmp_path / "ledger.xlsx"), "--data", "data", "--org", "sw-b"]) == 0
    data, report = load("data")
    assert report.ok, report.format()
    [item] = data.ledgers["sw-b"].items
    assert (item.id, str(item.found), str(item.closed)) == ("1", "2022-04-01", "2022-06-20")


def test_exported_workbooks_pass_their_own_import(base_data, tmp_path):
    """What export writes is what import accepts, unchanged, for ratings and ledgers."""
    before = _snapshot(base_data)
    assert main(["export", "ratings", "--data", "data", "--quarter", "2022Q3", "--out", str(tmp_path / "r.xlsx")]) == 0
    assert _import(tmp_path / "r.xlsx") == 0
    assert main(["export", "ledger", "--data", "data", "--org", "sw-b", "--out", str(tmp_path / "l.xlsx")]) == 0
    assert main(["import", "ledger", str(tmp_path / "l.xlsx"), "--data", "data", "--org", "sw-b"]) == 0
    after = _snapshot(base_data)
    assert load("data")[1].ok
    assert set(after) == set(before)
    workbook = load_workbook(tmp_path / "r.xlsx")
    assert "评星" in workbook.sheetnames
