"""Cells that a spreadsheet will never run: the OWASP rule against CSV and formula injection.

A name such as ``=HYPERLINK("http://…","点我")`` typed by an editor is text, but Excel
and LibreOffice read a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return before one) as a formula. Every CSV and workbook the project writes
goes through these two functions:

- in a workbook the cell is stored as text with Excel's "quote prefix" style: it shows
  exactly what the editor wrote, and stays text when a reader edits it;
- in a CSV, which has no types, the value gets a leading apostrophe, the sign that
  spreadsheets themselves use for "this is text".

Numbers and dates are never touched; only text can carry a formula.
"""

from __future__ import annotations

#: What makes a spreadsheet read a text cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """The value as written to a CSV: text that a spreadsheet would run gets a leading apostrophe."""
    return "'" + value if risky(value) else value


def append_row(sheet, values) -> None:
    """``sheet.append(values)`` with every risky text cell stored as plain, quote-prefixed text."""
    sheet.append(list(values))
    if any(risky(v) for v in values):
        for cell in sheet[sheet.max_row]:
            if risky(cell.value):
                _keep_text(cell)


def _keep_text(cell) -> None:
    """Store the cell as text with Excel's quote prefix (openpyxl makes a leading "=" a formula, "f")."""
    cell.data_type = "s"
    cell.quotePrefix = True


def stream_row(sheet, values, font=None) -> None:
    """``append_row`` for a write-only sheet (streamed to the file, no cell kept in memory)."""
    from openpyxl.cell import WriteOnlyCell

    if font is None and not any(risky(v) for v in values):
        sheet.append(list(values))
        return
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if risky(value):
            _keep_text(cell)
        if font is not None:
            cell.font = font
        cells.append(cell)
    sheet.append(cells)
