"""The Atom feed and the downloads, opened with standard tools and checked against the data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest
from openpyxl import load_workbook


from .sitebuild import soup

SITE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def site(demo_site) -> Path:
    return demo_site


@pytest.fixture(scope="module")
def data(demo_data):
    return demo_data


def test_feed_is_valid_atom_with_the_latest_50(site, data):
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == 50
    dated = sorted([(n.date, f"news/{n.id}/") for n in data.news.values()] +
                   [(d.date, f"deeds/{d.id}/") for d in data.deeds.values()], reverse=True)[:50]
    assert [e.link for e in parsed.entries] == [SITE_URL + path for _, path in dated]
    assert all(e.id == e.link and e.title and e.updated for e in parsed.entries)
    assert parsed.feed.updated.startswith(str(dated[0][0]))
    assert any(link.rel == "self" and link.href == SITE_URL + "feed.xml" for link in parsed.feed.links)


def test_every_page_links_the_feed(site):
    for path in ("", "orgs/sw-nafu", "deeds/zhou-haiyan-banshui", "guide"):
        # By token, as feed readers read rel (Material's script would fetch the sitemap for rel="alternate" exactly).
        link = soup(site, path).select_one('link[rel~=alternate][type="application/atom+xml"]')
        assert link is not None and (site / path / link["href"]).resolve() == (site / "feed.xml").resolve()


def _csv(site: Path, name: str) -> list[list[str]]:
    raw = (site / "data/files" / f"{name}.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads Chinese correctly"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_downloads_match_the_data(site, data):
    expected = {"orgs": len(data.orgs), "ratings": sum(len(q.ratings) for q in data.ratings.values()),
                "sites": len(data.sites), "brands": len(data.brands), "deeds": len(data.deeds)}
    workbook = load_workbook(site / "data/files/column.xlsx", read_only=True)
    for name, count in expected.items():
        rows = _csv(site, name)
        assert len(rows) == count + 1, name
        document = json.loads((site / "data/files" / f"{name}.json").read_text(encoding="utf-8"))
        assert len(document["rows"]) == count
        sheet = [["" if v is None else str(v) for v in row] for row in workbook[name].iter_rows(values_only=True)]
        # A streamed sheet stores no empty cell: a row ends at its last value, as in Excel.
        sheet = [row + [""] * (len(rows[0]) - len(row)) for row in sheet]
        assert sheet == rows, name
    orgs = {row[0]: row for row in _csv(site, "orgs")[1:]}
    assert orgs["sw-donglin"][12] == "4" and orgs["sw-donglin"][5] == "sw-dangwei"
    assert orgs["zj-gongjijin"][18:21] == ["5", "2", "2"]  # ledger counts only
    sites = {row[0]: row for row in _csv(site, "sites")[1:]}
    assert sites["zj-gongjijin-shizhi"][8] == "已取消命名"
    assert sites["jt-gongjiao-3-shizhi"][5:9] == ["2022-12-12", "", "", "已申报"]  # applied, not yet named


def test_no_ledger_item_is_ever_downloaded(site, data):
    texts = [item.problem for ledger in data.ledgers.values() for item in ledger.items]
    texts += [item.measure for ledger in data.ledgers.values() for item in ledger.items]
    files = [p for p in (site / "data/files").iterdir() if p.suffix in (".csv", ".json")]
    for path in files:
        content = path.read_text(encoding="utf-8-sig")
        assert not [t for t in texts if t in content], path.name
    workbook = load_workbook(site / "data/files/column.xlsx", read_only=True)
    cells = {str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    assert not cells & set(texts)


def test_data_page_lists_the_downloads_with_row_counts(site, data):
    rows = soup(site, "data").select("#ps-downloads ~ .ps-table tbody tr")
    listed = {r.th.get_text(): int(r.td.get_text()) for r in rows}
    assert listed["组织及当前星级、排名"] == len(data.orgs) and listed["榜样事迹与荣誉"] == len(data.deeds)
    # Each count is that of the rows in its CSV (the page is made apart from the files).
    for row in rows:
        href = next(a["href"] for a in row.select("a") if a["href"].endswith(".csv"))
        with (site / "data" / href).open(encoding="utf-8-sig", newline="") as f:
            assert int(row.td.get_text()) == len(list(csv.reader(f))) - 1, href
    for link in soup(site, "data").select("#ps-downloads ~ .ps-table a, #ps-downloads ~ p a"):
        assert (site / "data" / link["href"]).is_file(), link["href"]


def test_the_sizes_of_the_tables_are_those_of_the_tables_made(tmp_path):
    from pacesetter.contract import load
    from pacesetter.exports.tables import sizes, tables
    from pacesetter.model import Column
    from pacesetter.synth import generate

    generate(300, 5, tmp_path / "data")
    loaded, report = load(tmp_path / "data")
    assert report.ok, report.format()
    column = Column(loaded)
    made = [(t.name, t.title, len(t.rows)) for t in tables(column)]
    assert sizes(column) == made and all(rows > 0 for _, _, rows in made)


def test_a_table_longer_than_a_sheet_goes_on_in_sheets_of_its_own(tmp_path, monkeypatch):
    """Excel's sheet holds 1,048,576 rows; every quarter's ratings of 100,000 organizations pass it."""
    import datetime as dt

    from pacesetter.exports import writers
    from pacesetter.exports.tables import Table

    monkeypatch.setattr(writers, "SHEET_ROWS", 3)
    rows = tuple((f"org-{n}", n) for n in range(7))
    table = Table("评星", "评星结果", (("org", "组织"), ("stars", "星级")), rows)
    short = Table("组织", "组织", (("id", "编号"),), (("a",),))
    path = tmp_path / "column.xlsx"
    writers.write_xlsx([table, short], path, dt.date(2022, 12, 31))
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["评星", "评星（续2）", "评星（续3）", "组织"]
    got = []
    for name in book.sheetnames[:3]:
        sheet = list(book[name].iter_rows(values_only=True))
        assert sheet[0] == ("组织", "星级") and 1 <= len(sheet) - 1 <= 3
        got += sheet[1:]
    assert tuple(got) == rows


def test_the_workbook_carries_the_datas_date_and_never_the_clocks(tmp_path, monkeypatch):
    """Every zip entry and the workbook's own properties are dated ``as_of``: two builds of
    the same data give the same bytes, whenever they run (openpyxl's save would read the clock)."""
    import datetime as dt
    import re
    import zipfile

    from pacesetter.exports import writers
    from pacesetter.exports.tables import Table

    table = Table("组织", "组织", (("id", "编号"), ("name", "名称")), (("a", "=1+1"), ("b", "乙")))
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    writers.write_xlsx([table], first, dt.date(2022, 12, 31))

    class Later(dt.datetime):  # a clock a year on, for whatever reads it
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 6, 1, 12, 0, 0, tzinfo=tz)

    monkeypatch.setattr("openpyxl.writer.excel.datetime.datetime", Later)
    writers.write_xlsx([table], second, dt.date(2022, 12, 31))
    assert first.read_bytes() == second.read_bytes()
    archive = zipfile.ZipFile(second)
    assert {entry.date_time for entry in archive.infolist()} == {(2022, 12, 31, 0, 0, 0)}
    core = archive.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core) == [
        ("created", "2022-12-31T00:00:00Z"), ("modified", "2022-12-31T00:00:00Z")]
    sheet = load_workbook(second)["组织"]
    assert sheet["B2"].value == "=1+1" and sheet["B2"].data_type == "s"  # text, never a formula


def test_a_workbook_rebuilt_with_a_cache_writes_only_the_sheets_whose_table_changed(tmp_path, monkeypatch):
    """The sheets of unchanged tables come from the build cache as openpyxl wrote them (the
    large ones take most of the workbook's time); the workbook is byte for byte a fresh one."""
    import datetime as dt

    from pacesetter.cache import BuildCache
    from pacesetter.exports import writers
    from pacesetter.exports.tables import Table

    monkeypatch.setattr(writers, "SHEET_ROWS", 3)  # the long table in sheets of its own, each kept on its own
    long = Table("评星", "评星结果", (("org", "组织"), ("stars", "星级")), tuple((f"org-{n}", n) for n in range(7)))
    deeds = Table("榜样", "榜样", (("title", "标题"),), (("甲",),))
    changed = Table("榜样", "榜样", (("title", "标题"),), (("乙",),))
    day = dt.date(2022, 12, 31)
    cache = BuildCache(tmp_path / "cache")
    cache.open()
    writers.write_all([long, deeds], tmp_path / "first", day, cache=cache)
    streamed = []
    real = writers.stream_row
    monkeypatch.setattr(writers, "stream_row", lambda sheet, row, **kw: (streamed.append(row), real(sheet, row, **kw)))
    writers.write_all([long, changed], tmp_path / "second", day, cache=cache)
    # Each sheet's header, and the changed table's one row: none of the long table's rows.
    assert [row for row in streamed if row not in (["组织", "星级"], ["标题"])] == [("乙",)]
    writers.write_all([long, changed], tmp_path / "fresh", day)
    assert (tmp_path / "second" / writers.WORKBOOK).read_bytes() == (tmp_path / "fresh" / writers.WORKBOOK).read_bytes()
