"""Write the tables as CSV (UTF-8 with BOM, so Excel opens it), JSON and one XLSX workbook.

Every file is the same on every build of the same data: the workbook's dates come from
``as_of`` and its zip entries carry a fixed timestamp.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import pickle
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from .cells import csv_cell, stream_row
from .tables import Table

WORKBOOK = "column.xlsx"


def write_csv(table: Table, path: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(header) for _, header in table.columns])
    writer.writerows(["" if value is None else csv_cell(value) for value in row] for row in table.rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def write_json(table: Table, path: Path) -> None:
    """``{"title", "columns", "rows"}`` with one row a line: readable and diffable, and
    written by json's C encoder (an indented dump takes its pure-Python path, ten times slower)."""
    keys = [key for key, _ in table.columns]
    dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    rows = ",\n".join(dump(dict(zip(keys, row))) for row in table.rows)
    text = (f'{{"title":{dump(table.title)},\n"columns":{dump(dict(table.columns))},\n'
            f'"rows":[{chr(10) + rows + chr(10) if rows else ""}]}}\n')
    path.write_text(text, encoding="utf-8")


#: Rows of data in one sheet: Excel's 1,048,576 rows, less the header.
SHEET_ROWS = 1_048_575


def _sheets(tables: list[Table]):
    """Each sheet of the workbook: its table's place in ``tables``, its rows, and its name."""
    for place, table in enumerate(tables):
        # A sheet holds 1,048,576 rows: the ratings of every quarter pass that at about
        # eleven quarters of 100,000 organizations, so a long table goes on in sheets of its own.
        for number, start in enumerate(range(0, max(len(table.rows), 1), SHEET_ROWS), 1):
            yield place, table.rows[start:start + SHEET_ROWS], table.name if number == 1 else f"{table.name}（续{number}）"


class KeptSheets:
    """The XML of the workbook's sheets, kept in the build cache by what each shows: a
    sheet whose table is as in an earlier build is not written again (openpyxl writes a
    cell at a time: at 20,000 organizations 7 of the workbook's 8 seconds are the two
    large sheets, which a merge of one deed leaves as they were)."""

    def __init__(self, cache, table_keys: list[str], tables: list[Table]):
        from .. import cache as build_cache

        self.cache = cache
        #: Each sheet's name in the cache: its table's rows, and where the sheet stands.
        self.names = [f"sheet-{build_cache.digest(table_keys[place], name, str(number))}"
                      for number, (place, _, name) in enumerate(_sheets(tables), 1)]

    def get(self, number: int) -> tuple[int, bytes] | None:
        """The sheet's XML as kept: its length, and the XML compressed (zlib)."""
        kept = self.cache.load(self.names[number - 1])
        if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], int) and isinstance(kept[1], bytes):
            return kept
        return None

    def keep(self, number: int, size: int, packed: bytes) -> None:
        self.cache.store(self.names[number - 1], (size, packed))


def write_xlsx(tables: list[Table], path: Path, as_of: dt.date, kept: KeptSheets | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    # Write-only: rows stream to the file instead of living as cell objects (at 20,000
    # organizations 1.3 million cells: about twice as fast, and a fraction of the memory).
    workbook = Workbook(write_only=True)
    stamp = dt.datetime(as_of.year, as_of.month, as_of.day)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = workbook.properties.lastModifiedBy = "pacesetter"
    bold = Font(bold=True)
    buffer = io.BytesIO()
    archive = _DatedZip(buffer, stamp)
    for number, (place, rows, name) in enumerate(_sheets(tables), 1):
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        # The header always: it is what gives the workbook its bold style, kept sheet or not.
        stream_row(sheet, [header for _, header in tables[place].columns], font=bold)
        before = kept.get(number) if kept is not None else None
        if before is not None:
            archive.instead[_sheet_path(number)] = before
            continue
        for row in rows:
            stream_row(sheet, row)
        if kept is not None:
            archive.keep[_sheet_path(number)] = functools.partial(kept.keep, number)
    # openpyxl's own save dates the workbook and its zip entries with the clock; its
    # writer is handed an archive that dates every entry with ``as_of`` instead.
    if not workbook.worksheets:  # a workbook holds at least one sheet (as openpyxl's save makes sure)
        workbook.create_sheet()
    ExcelWriter(workbook, archive).save()
    path.write_bytes(buffer.getvalue())


def _sheet_path(number: int) -> str:
    """Where openpyxl's writer puts the workbook's ``number``-th sheet (from 1)."""
    return f"xl/worksheets/sheet{number}.xml"


class _DatedZip(zipfile.ZipFile):
    """A zip archive (deflated) whose entries all carry one date, whatever the clock says.

    A sheet named in ``instead`` is written from that XML (its length, and the XML
    compressed) rather than from openpyxl's file; one named in ``keep`` is handed, as
    written, to that function (its length, and compressed).
    """

    def __init__(self, file, stamp: dt.datetime):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._date = stamp.timetuple()[:6]
        self.instead: dict[str, tuple[int, bytes]] = {}
        self.keep: dict[str, Callable[[int, bytes], None]] = {}

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=self._date)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        return entry

    def writestr(self, name, data, compress_type=None, compresslevel=None):
        super().writestr(name if isinstance(name, zipfile.ZipInfo) else self._entry(name), data, compress_type,
                         compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # A streamed sheet, copied from its temporary file a piece at a time (the ratings
        # sheet's XML is about 95 MB at 20,000 organizations: never held whole).
        arcname = arcname or os.path.basename(filename)
        entry = self._entry(arcname)
        entry.external_attr = (stat.S_IFREG | 0o600) << 16  # a regular file's entry, as zipfile marks one
        if arcname in self.instead:
            size, packed = self.instead.pop(arcname)
            entry.file_size = size  # tells zipfile whether the entry needs ZIP64
            unpack = zlib.decompressobj()
            with self.open(entry, "w") as target:
                for start in range(0, len(packed), _PIECE):
                    target.write(unpack.decompress(packed[start:start + _PIECE]))
                target.write(unpack.flush())
            return
        entry.file_size = os.path.getsize(filename)
        keep = self.keep.get(arcname)
        pack = zlib.compressobj(1) if keep is not None else None
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            packed = []
            while piece := source.read(_PIECE):
                target.write(piece)
                if pack is not None:
                    packed.append(pack.compress(piece))
        if keep is not None:
            packed.append(pack.flush())
            keep(entry.file_size, b"".join(packed))


_PIECE = 1 << 20


def write_all(tables: list[Table], folder: Path, as_of: dt.date, workbook: bool = True, cache=None) -> None:
    """Each table's CSV and JSON, and the workbook of them all.

    With a build cache (cache.py), a table whose rows are as in an earlier build has its
    files copied from the cache, and so has the workbook when no table changed; when one
    did, the workbook's other sheets come from the cache (``KeptSheets``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    if cache is None:
        for table in tables:
            write_csv(table, folder / f"{table.name}.csv")
            write_json(table, folder / f"{table.name}.json")
        if workbook:
            write_xlsx(tables, folder / WORKBOOK, as_of)
        return
    from .. import cache as build_cache

    keys = [build_cache.digest(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL), as_of.isoformat())
            for table in tables]
    jobs = [(f"download-{key}", [table], (f"{table.name}.csv", f"{table.name}.json")) for key, table in zip(keys, tables)]
    kept = KeptSheets(cache, keys, tables) if workbook else None
    if workbook:
        jobs.append((f"download-{build_cache.digest(*keys)}", tables, (WORKBOOK,)))
    reused = 0
    for name, parts, files in jobs:
        if cache.copy_files(name, folder) is not None:
            reused += 1
            continue
        with tempfile.TemporaryDirectory(prefix="pacesetter-download-") as scratch:
            made = Path(scratch)
            if files[0] == WORKBOOK:
                write_xlsx(parts, made / WORKBOOK, as_of, kept)
            else:
                write_csv(parts[0], made / files[0])
                write_json(parts[0], made / files[1])
            cache.keep_files(name, made)
            for file in files:
                shutil.copyfile(made / file, folder / file)
    cache.count("下载文件", reused, len(jobs))
    cache.prune("download-", {name for name, _, _ in jobs})
    cache.prune("sheet-", set(kept.names) if kept is not None else set())
