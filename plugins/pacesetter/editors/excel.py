"""Excel in and out, for editors who keep the quarter's star sheet and the ledger in Excel.

Export writes a filled-in workbook to work on; import reads it back and writes the YAML
(a rating quarter, or an organization's ledger). Importing what was exported gives back
the same data. Every problem names its sheet and cell, such as ``评星!D7``, and is
collected so one run reports them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..contract.fields import QUARTER_PATTERN, SHORT_ID_PATTERN
from ..exports.cells import append_row
from ..model.column import Column

RATINGS_SHEET = "评星"
LEDGER_SHEET = "台账"
ORGS_SHEET = "组织"
MET = "√"
TRUE_WORDS = {"√", "✓", "✔", "是", "达标", "1", "y", "yes", "true", "x"}
FALSE_WORDS = {"", "否", "未达标", "0", "n", "no", "false", "×"}
LEDGER_COLUMNS = (("id", "编号"), ("aspect", "方面"), ("problem", "问题"), ("measure", "整改措施"), ("owner", "责任"),
                  ("found", "发现日期"), ("due", "整改时限"), ("closed", "销号日期"))


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
    for line in (f"季度：{quarter}（表中已填的是 {source} 的结果）", f"每达到一个方面，在该列填 {MET}；未达到的留空。",
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
    sheet = _sheet(path, RATINGS_SHEET, report)
    if sheet is None:
        return None, report
    header = [str(c.value).strip() if c.value is not None else "" for c in sheet[1]]
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
    seen: dict[str, int] = {}
    entries = []
    for row in range(2, sheet.max_row + 1):
        cells = {col: sheet.cell(row, col).value for col in range(1, len(header) + 1)}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        org_id = str(cells.get(id_col) or "").strip() if id_col else ""
        name = str(cells.get(name_col) or "").strip() if name_col else ""
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
            value = cells.get(col)
            text = "" if value is None else str(value).strip().lower()
            if value is True or text in TRUE_WORDS:
                met.append(dim)
            elif not (value is False or text in FALSE_WORDS):
                report.add(RATINGS_SHEET, row, col, f"“{value}”看不懂：达到的填 {MET}，未达到的留空")
        note = str(cells.get(note_col) or "").strip() if note_col else ""
        entries.append((org_id, [d for d in dims if d in met], note))
    if not report.ok:
        return None, report
    lines = [f"# {quarter[:4]} 年第 {quarter[-1]} 季度评星结果（由 Excel 导入：{path.name}）", f"quarter: {quarter}",
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
    sheet = _sheet(path, LEDGER_SHEET, report)
    if sheet is None:
        return None, report
    header = [str(c.value).strip() if c.value is not None else "" for c in sheet[1]]
    cols = {}
    for key, title in LEDGER_COLUMNS:
        if title in header:
            cols[key] = header.index(title) + 1
        elif key != "closed" and key != "found":
            report.add(LEDGER_SHEET, 1, len(header) + 1, f"缺少“{title}”列")
    if not report.ok:
        return None, report
    aspects = column.settings.ledger_aspects
    items, seen = [], {}
    for row in range(2, sheet.max_row + 1):
        values = {key: sheet.cell(row, col).value for key, col in cols.items()}
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
                date = value.date() if isinstance(value, dt.datetime) else value
                if not isinstance(date, dt.date):
                    try:
                        date = dt.date.fromisoformat(str(value).strip())
                    except ValueError:
                        report.add(LEDGER_SHEET, row, col, f"“{value}”不是日期：写成 2022-07-05")
                        continue
                item[key] = str(date)
            else:
                text = "" if value is None else str(value).strip()
                if not text:
                    report.add(LEDGER_SHEET, row, col, f"{dict(LEDGER_COLUMNS)[key]}不能为空")
                    continue
                item[key] = text
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
    ledger = column.data.ledgers.get(org_id)
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


def _sheet(path: Path, name: str, report: ExcelReport):
    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for files that are not workbooks
        report.problems.append(f"{path.name}: 错误: 无法作为 Excel 工作簿打开（{type(exc).__name__}）")
        return None
    if name in workbook.sheetnames:
        return workbook[name]
    return workbook.worksheets[0]


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
