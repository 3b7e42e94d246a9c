"""Excel in and out, for editors who keep the quarter's star sheet and the ledger in Excel.

Export writes a filled-in workbook to work on; import reads it back and writes the YAML
(a rating quarter, or an organization's ledger). Importing what was exported gives back
the same data. Every problem names its sheet and cell, such as ``评星!D7``, and is
collected so one run reports them all.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..contract.fields import QUARTER_PATTERN, SHORT_ID_PATTERN
from ..exports.cells import append_row
from ..terms import quarter_label
from ..entities import STANDARDIZATION_STEP_TITLES, STANDARDIZATION_STEPS
from ..model.column import Column

RATINGS_SHEET = "评星"
LEDGER_SHEET = "台账"
ORGS_SHEET = "组织"
MET = "√"
#: The marks a star sheet may hold; anything else is an error naming its cell. "X" is
#: not met: editors type it for ×.
TRUE_MARKS = ("√", "✓", "✔", "是", "1")
FALSE_MARKS = ("", "×", "✗", "✘", "X", "x", "否", "0")
#: A workbook is a zip of XML: its parts may unpack to this much at most (a zip bomb
#: of 1 MB can claim gigabytes). A province's star sheet unpacks to about 20 MB.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_PARTS = 10_000
LEDGER_COLUMNS = (("id", "编号"), ("aspect", "方面"), ("problem", "问题"), ("measure", "整改措施"), ("owner", "责任"),
                  ("found", "发现日期"), ("due", "整改时限"), ("closed", "销号日期"))


@dataclass
class SheetTable:
    """A sheet's header and rows as far as they hold anything, each row with its number."""

    name: str
    header: list[str]
    rows: list[tuple[int, tuple]]  # (row number, values); formulas replaced by their results


@dataclass
class ExcelReport:
    problems: list[str] = field(default_factory=list)

    def add(self, sheet: str, row: int, col: int, message: str) -> None:
        self.problems.append(f"{sheet}!{get_column_letter(col)}{row}: 错误: {message}")

    @property
    def ok(self) -> bool:
        return not self.problems


def _header(sheet, titles) -> None:
    append_row(sheet, list(titles))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


# --- ratings ---------------------------------------------------------------------

def export_ratings(column: Column, quarter: str, out: Path) -> int:
    """The branches with their ratings in ``quarter`` (or, for a new quarter, the last one), one row each."""
    source = quarter if quarter in column.quarters else (column.current_quarter or quarter)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = RATINGS_SHEET
    dims = column.settings.dimensions
    _header(sheet, ["编号", "组织名称", *dims, "备注"])
    notes = {r.org: r.note for r in column.data.ratings[source].ratings} if source in column.data.ratings else {}
    rows = 0
    for org_id in column.branches():
        met = column.met(org_id, source) if source in column.quarters else None
        append_row(sheet, [org_id, column.orgs[org_id].name, *[(MET if met and d in met else "") for d in dims],
                           notes.get(org_id) or ""])
        rows += 1
    guide = workbook.create_sheet("说明")
    for line in (f"季度：{quarter}（表中已填的是 {source} 的结果）", f"每达到一个方面，在该列填 {MET}（也可填 {'、'.join(TRUE_MARKS[1:])}）；未达到的留空，或填 ×、X、否、0。",
                 "不要合并单元格，不要隐藏本表；用公式时先保存一次，让公式的结果存进文件。",
                 "未参加本季度评星的组织整行删除。", "改好后运行：pacesetter import ratings 本文件 --quarter " + quarter):
        append_row(guide, [line])
    workbook.save(out)
    return rows


def import_ratings(column: Column, path: Path, quarter: str, announced: str | None) -> tuple[str | None, ExcelReport]:
    """The YAML text of ``quarter``'s ratings read from the workbook, or None and the problems."""
    report = ExcelReport()
    if not QUARTER_PATTERN.match(quarter):
        report.add(RATINGS_SHEET, 1, 1, f"季度 {quarter} 应写成 2022Q3 的样子")
        return None, report
    existing = column.data.ratings.get(quarter)
    announced = announced or (str(existing.announced) if existing else None)
    if announced is None:
        report.add(RATINGS_SHEET, 1, 1, f"新的季度 {quarter} 需要用 --announced 给出公示日期（YYYY-MM-DD）")
        return None, report
    table = read_sheet(path, RATINGS_SHEET, report)
    if table is None:
        return None, report
    header = table.header
    dims = column.settings.dimensions
    id_col = header.index("编号") + 1 if "编号" in header else None
    name_col = header.index("组织名称") + 1 if "组织名称" in header else None
    note_col = header.index("备注") + 1 if "备注" in header else None
    if id_col is None and name_col is None:
        report.add(RATINGS_SHEET, 1, 1, "第一行要有“编号”或“组织名称”列")
    dim_cols = {}
    for index, title in enumerate(header, start=1):
        if title in dims:
            dim_cols[title] = index
        elif title and title not in ("编号", "组织名称", "备注"):
            report.add(RATINGS_SHEET, 1, index, f"“{title}”不是评星的方面；可用的有：{'、'.join(dims)}")
    for dim in dims:
        if dim not in dim_cols:
            report.add(RATINGS_SHEET, 1, len(header) + 1, f"缺少“{dim}”列")
    by_name = {org.name: org_id for org_id, org in column.orgs.items()}
    # A sheet without the note column keeps the notes the quarter already has.
    kept_notes = {r.org: r.note for r in existing.ratings if r.note} if existing and note_col is None else {}
    seen: dict[str, int] = {}
    entries = []
    for row, values in table.rows:
        cells = {col: values[col - 1] for col in range(1, len(values) + 1)}
        org_id = _text(cells.get(id_col)) if id_col else ""
        name = _text(cells.get(name_col)) if name_col else ""
        if org_id:
            if org_id not in column.orgs:
                report.add(RATINGS_SHEET, row, id_col, f'组织编号 "{org_id}" 不存在')
                continue
        elif name in by_name:
            org_id = by_name[name]
        else:
            report.add(RATINGS_SHEET, row, name_col or 1, f'找不到名为“{name}”的组织' if name else "这一行没有编号也没有组织名称")
            continue
        if org_id in seen:
            report.add(RATINGS_SHEET, row, id_col or name_col, f"组织 {org_id} 在第 {seen[org_id]} 行已经评过")
            continue
        seen[org_id] = row
        met = []
        for dim, col in dim_cols.items():
            mark = _mark(cells.get(col))
            if mark is True:
                met.append(dim)
            elif mark is None:
                report.add(RATINGS_SHEET, row, col, f"“{cells.get(col)}”看不懂：达到的填 {'、'.join(TRUE_MARKS)} 之一，"
                                                     f"未达到的留空或填 {'、'.join(m for m in FALSE_MARKS if m)} 之一")
        note = _text(cells.get(note_col)) if note_col else (kept_notes.get(org_id) or "")
        entries.append((org_id, [d for d in dims if d in met], note))
    if not report.ok:
        return None, report
    lines = [f"# {quarter_label(quarter)}评星结果（由 Excel 导入：{path.name}）", f"quarter: {quarter}",
             f"announced: {announced}", "ratings:" if entries else "ratings: []"]
    for org_id, met, note in entries:
        lines.append(f"  - org: {org_id}")
        lines.append(f"    met: [{', '.join(met)}]")
        if note:
            lines.append(f"    note: {_yaml_text(note)}")
    return "\n".join(lines) + "\n", report


# --- ledgers ---------------------------------------------------------------------

def export_ledger(column: Column, org_id: str, out: Path) -> int:
    ledger = column.data.ledgers.get(org_id)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LEDGER_SHEET
    _header(sheet, [title for _, title in LEDGER_COLUMNS])
    for item in ledger.items if ledger else []:
        append_row(sheet, [str(v) if isinstance(v, dt.date) else (v or "") for v in (getattr(item, k) for k, _ in LEDGER_COLUMNS)])
    guide = workbook.create_sheet("说明")
    append_row(guide, [f"{column.orgs[org_id].name}的问题清单和整改台账。日期写成 2022-07-05；销号后填写销号日期。"])
    append_row(guide, [f"方面只能是：{'、'.join(column.settings.ledger_aspects)}"])
    workbook.save(out)
    return len(ledger.items) if ledger else 0


def import_ledger(column: Column, path: Path, org_id: str) -> tuple[str | None, ExcelReport]:
    report = ExcelReport()
    table = read_sheet(path, LEDGER_SHEET, report)
    if table is None:
        return None, report
    titles = dict(LEDGER_COLUMNS)
    found = _columns(table, LEDGER_SHEET, titles.values(), report, optional=(titles["closed"], titles["found"]))
    cols = {key: found[title] for key, title in LEDGER_COLUMNS if title in found}
    if not report.ok:
        return None, report
    aspects = column.settings.ledger_aspects
    ledger = column.data.ledgers.get(org_id)
    # Columns the workbook does not carry (found, closed) keep what the ledger has.
    before = {i.id: i for i in ledger.items} if ledger else {}
    missing = [key for key, _ in LEDGER_COLUMNS if key not in cols]
    items, seen = [], {}
    for row, cells in table.rows:
        values = {key: (cells[col - 1] if col <= len(cells) else None) for key, col in cols.items()}
        if all(v is None or str(v).strip() == "" for v in values.values()):
            continue
        item = {}
        for key, col in cols.items():
            value = values[key]
            if key in ("found", "due", "closed"):
                if value is None or str(value).strip() == "":
                    if key == "due":
                        report.add(LEDGER_SHEET, row, col, "整改时限不能为空")
                    continue
                date = _date(value)
                if date is None:
                    report.add(LEDGER_SHEET, row, col, f"“{value}”不是日期：写成 2022-07-05")
                    continue
                item[key] = str(date)
            else:
                text = _text(value)
                if not text:
                    report.add(LEDGER_SHEET, row, col, f"{dict(LEDGER_COLUMNS)[key]}不能为空")
                    continue
                item[key] = text
        kept = before.get(item.get("id"))
        for key in missing:
            if kept is not None and getattr(kept, key) is not None:
                item[key] = str(getattr(kept, key))
        if "aspect" in item and item["aspect"] not in aspects:
            report.add(LEDGER_SHEET, row, cols["aspect"], f"“{item['aspect']}”不是台账的方面：{'、'.join(aspects)}")
        if "id" in item:
            if not SHORT_ID_PATTERN.match(item["id"]):
                report.add(LEDGER_SHEET, row, cols["id"], f"编号“{item['id']}”只能用小写字母、数字和连字符")
            elif item["id"] in seen:
                report.add(LEDGER_SHEET, row, cols["id"], f"编号 {item['id']} 与第 {seen[item['id']]} 行重复")
            else:
                seen[item["id"]] = row
        items.append(item)
    if not report.ok:
        return None, report
    public = ledger.public if ledger else False
    lines = [f"# {column.orgs[org_id].name}的问题清单和整改台账（由 Excel 导入：{path.name}）", f"org: {org_id}",
             f"public: {'true' if public else 'false'}", "items:" if items else "items: []"]
    for item in items:
        first = True
        for key, _ in LEDGER_COLUMNS:
            if key in item:
                value = item[key] if key in ("found", "due", "closed") else _yaml_text(item[key])
                lines.append(f"  {'- ' if first else '  '}{key}: {value}")
                first = False
    return "\n".join(lines) + "\n", report


# --- a year's classification and the steps of 达标创建 ------------------------------

CLASSES_SHEET = "定级和达标"
STEP_COLUMNS = tuple(zip(STANDARDIZATION_STEPS, STANDARDIZATION_STEP_TITLES))


def export_classes(column: Column, year: int, out: Path) -> int:
    """Each branch with its grade of ``year`` and the dates of its steps, one row each."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = CLASSES_SHEET
    _header(sheet, ["编号", "组织名称", f"{year} 年度分类定级", *(title for _, title in STEP_COLUMNS)])
    for org_id in column.branches():
        org = column.orgs[org_id]
        steps = org.standardization
        append_row(sheet, [org_id, org.name, org.classification.get(year, ""),
                           *[str(getattr(steps, key) or "") if steps else "" for key, _ in STEP_COLUMNS]])
    guide = workbook.create_sheet("说明")
    for line in (f"年度：{year}。定级只能填：{'、'.join(column.settings.classifications)}；还没定级的留空。",
                 "达标创建各步骤填完成的日期，写成 2022-07-05；还没做到的留空。后一步要有前一步。",
                 "撤销达标、领导联系点等不在本表里，请直接改组织文件。",
                 f"改好后运行：pacesetter import classes 本文件 --year {year}"):
        append_row(guide, [line])
    workbook.save(out)
    return len(column.branches())


def import_classes(column: Column, path: Path, year: int) -> tuple[dict[str, dict] | None, ExcelReport]:
    """Each listed branch's grade of ``year`` and step dates, read from the workbook, or None and the problems.

    Only what the sheet has is changed: the other years' grades and everything else in the
    organizations' files stay as they are.
    """
    report = ExcelReport()
    table = read_sheet(path, CLASSES_SHEET, report)
    if table is None:
        return None, report
    grade_title = f"{year} 年度分类定级"
    wanted = _columns(table, CLASSES_SHEET, ["编号", grade_title, *(title for _, title in STEP_COLUMNS)], report)
    if not report.ok:
        return None, report
    grades = column.settings.classifications
    changes: dict[str, dict] = {}
    seen: dict[str, int] = {}
    for row, cells in table.rows:
        value = {title: (cells[col - 1] if col <= len(cells) else None) for title, col in wanted.items()}
        org_id = _text(value["编号"])
        if not org_id:
            report.add(CLASSES_SHEET, row, wanted["编号"], "这一行没有编号")
            continue
        if org_id not in column.orgs:
            report.add(CLASSES_SHEET, row, wanted["编号"], f'组织编号 "{org_id}" 不存在')
            continue
        if org_id in seen:
            report.add(CLASSES_SHEET, row, wanted["编号"], f"组织 {org_id} 在第 {seen[org_id]} 行已经有了")
            continue
        seen[org_id] = row
        grade = _text(value[grade_title])
        if grade and grade not in grades:
            report.add(CLASSES_SHEET, row, wanted[grade_title], f"“{grade}”不是定级的等次：{'、'.join(grades)}")
        steps = {}
        for key, title in STEP_COLUMNS:
            cell = value[title]
            if cell is None or _text(cell) == "":
                continue
            date = _date(cell)
            if date is None:
                report.add(CLASSES_SHEET, row, wanted[title], f"“{cell}”不是日期：写成 2022-07-05")
                continue
            steps[key] = date
        changes[org_id] = {"grade": grade or None, "steps": steps}
    return (changes if report.ok else None), report


# --- organizations -----------------------------------------------------------------

def export_orgs(column: Column, out: Path) -> int:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = ORGS_SHEET
    _header(sheet, ["编号", "名称", "简称", "类型", "上级编号", "类别", "系统", "书记", "党员人数", "网格层级", "当前星级"])
    for org_id, org in column.orgs.items():
        append_row(sheet, [org_id, org.name, org.short_name or "", org.kind, org.parent or "", org.category or "",
                      column.system_of(org_id) or "", org.secretary or "", org.members, column.level(org_id),
                      column.stars(org_id)])
    workbook.save(out)
    return len(column.orgs)


def read_sheet(path: Path, name: str, report: ExcelReport) -> SheetTable | None:
    """The sheet called ``name``, read in bounded memory and time, or None with the problems reported.

    Refused, each by name: a file that is not an .xlsx workbook, one that would unpack
    to more than ``MAX_UNPACKED``, a missing or hidden sheet, merged cells, and formulas
    whose result was never saved (they would read as empty). Only cells that hold
    something are read: a stray cell at XFD1048576 adds one row, not a million.
    """
    problem = _workbook_problem(path)
    if problem:
        report.problems.append(f"{path.name}: 错误: {problem}")
        return None
    books = []
    try:
        # Two streaming readers: one sees the formulas, the other their saved results.
        books = [load_workbook(path, read_only=True, data_only=only) for only in (False, True)]
        return _read_sheet(*books, path, name, report)
    except Exception as exc:  # openpyxl and zipfile raise several kinds for damaged workbooks
        report.problems.append(f"{path.name}: 错误: 无法作为 Excel 工作簿读取，文件可能已损坏（{type(exc).__name__}）")
        return None
    finally:
        for book in books:
            book.close()


def _workbook_problem(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        return "这是旧的 .xls 格式：请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再导入"
    if suffix in (".xlsm", ".xltm", ".xlsb"):
        return f"不接受 {suffix} 工作簿（可能含宏）：请在 Excel 中“另存为” Excel 工作簿（.xlsx）后再导入"
    if suffix != ".xlsx":
        return "只接受 Excel 工作簿（.xlsx）"
    if not zipfile.is_zipfile(path):
        return "文件不是 Excel 工作簿（.xlsx），可能已损坏，或只是改了扩展名"
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
        unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED:
        return (f"工作簿解压后有 {unpacked // 1024 // 1024} MB、{len(parts)} 个部分，超过上限 {MAX_UNPACKED // 1024 // 1024} MB："
                "可能是恶意构造的文件；请只保留要导入的工作表后另存")
    return ""


def _read_sheet(workbook, results, path: Path, name: str, report: ExcelReport) -> SheetTable | None:
    if name not in workbook.sheetnames:
        shown = "、".join(f"“{n}”" for n in workbook.sheetnames)
        report.problems.append(f"{path.name}: 错误: 找不到名为“{name}”的工作表（工作簿里有：{shown}）；"
                               f"请把要导入的表命名为“{name}”")
        return None
    sheet = workbook[name]
    if sheet.sheet_state != "visible":
        report.problems.append(f"{path.name}: 错误: 工作表“{name}”是隐藏的：隐藏的表常是过时的副本。"
                               "请在 Excel 中取消隐藏并确认内容后再导入")
        return None
    merged = _merged_ranges(workbook, sheet)
    for ref in merged:
        report.problems.append(f"{name}!{ref}: 错误: 这些单元格合并了：合并后只有左上角的格有内容，其余方面会被漏掉。"
                               "请取消合并，每个单元格分别填写")
    if merged:
        return None
    # First pass: where the formulas are; second: every value, formulas as their saved results.
    sheet.reset_dimensions()
    formulas = {(number, col) for number, row in enumerate(sheet.iter_rows(), start=1)
                for col, cell in enumerate(row, start=1) if getattr(cell, "data_type", None) == "f"}
    sheet = results[name]
    sheet.reset_dimensions()
    rows: list[tuple[int, tuple]] = []
    header: list[str] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        for col, value in enumerate(values, start=1):
            if (number, col) in formulas and value is None:
                report.add(name, number, col, "公式没有保存计算结果（会被当作空格）：请在 Excel 中打开、保存一次，或直接填写结果")
        if number == 1:
            header = [_text(v) for v in values]
            while header and not header[-1]:
                header.pop()
            continue
        if any(_text(v) for v in values):
            extra = next((col for col in range(len(header) + 1, len(values) + 1) if _text(values[col - 1])), None)
            if extra is not None:
                report.add(name, number, extra, "这一格在表头之外（这一列没有标题），内容不会被导入：请删除它，或给这一列加上标题")
            rows.append((number, tuple(values[: len(header)])))
    if not report.ok:
        return None
    return SheetTable(name, header, rows)


def _merged_ranges(workbook, sheet) -> list[str]:
    """The merged ranges of a read-only sheet (which openpyxl does not list), read from its XML."""
    from lxml import etree

    tag = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}mergeCell"
    refs = []
    with workbook._archive.open(sheet._worksheet_path) as source:
        for _, element in etree.iterparse(source, events=("end",), tag=tag, huge_tree=False, resolve_entities=False):
            refs.append(element.get("ref", "?"))
            element.clear()
    return refs


def _text(value) -> str:
    """A cell as text: numbers without a trailing .0, nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _columns(table, sheet: str, titles, report: ExcelReport, optional=()) -> dict[str, int]:
    """Each title's column (from 1) in the sheet's first row; a missing one that is not optional is reported."""
    found = {}
    for title in titles:
        if title in table.header:
            found[title] = table.header.index(title) + 1
        elif title not in optional:
            report.add(sheet, 1, len(table.header) + 1, f"缺少“{title}”列")
    return found


def _date(value) -> dt.date | None:
    """A cell as a date: Excel's own date cells, or text written 2022-07-05; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_text(value))
    except ValueError:
        return None


def _mark(value) -> bool | None:
    """True for a met dimension, False for not met, None for anything else."""
    if isinstance(value, bool):
        return None
    text = _text(value)
    if text in TRUE_MARKS:
        return True
    if text in FALSE_MARKS:
        return False
    return None


def _yaml_text(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar, with every control character escaped.
    return json.dumps(text, ensure_ascii=False)
