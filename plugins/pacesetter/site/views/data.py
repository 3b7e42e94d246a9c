"""The data page: the column's figures and its downloads (template: data.html)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from ...exports.feed import FEED_PATH
from ...exports.tables import Table, sizes, tables
from ...exports.writers import WORKBOOK
from ...model.column import Tier
from ...terms import date_label, quarter_label
from .common import OrgLink, ViewsBase, percent

DOWNLOADS = "data/files"  # where the downloadable tables are written


@dataclass(frozen=True)
class SummaryRow:
    org: OrgLink
    system: str | None
    branches: int
    tiers: tuple[int, ...]
    ratio_text: str


@dataclass(frozen=True)
class Download:
    title: str
    rows: int
    files: tuple[tuple[str, str], ...]  # (format, url)


@dataclass(frozen=True)
class DataView:
    counts: tuple[tuple[str, int, str], ...]
    quarter_text: str
    tiers: tuple[Tier, ...]
    rows: tuple[SummaryRow, ...]
    downloads: tuple[Download, ...]
    workbook: str  # url of the workbook with every table
    feed: str
    as_of_text: str = ""



class DataViews(ViewsBase):
    def data_overview(self) -> DataView:
        column = self.column
        data = column.data
        quarter = column.current_quarter
        counts = (
            ("党组织", len(column.orgs), "orgs/"), ("评星季度", len(column.quarters), "rankings/"),
            ("示范点", len(data.sites), "sites/"), ("党建品牌", len(data.brands), "brands/"),
            ("榜样", len(data.deeds), "deeds/"), ("结对共建", len(data.pairings), "pairings/"),
            ("整改台账", len(data.ledgers), "orgs/"), ("工作动态", len(data.news), "news/"),
            ("创标成果", len(data.achievements), "achievements/"),
        )
        rows = []
        for unit in sorted(column.children.get(column.root, [])) if column.root else []:
            members = [o for o in column.subtree(unit) if column.orgs[o].kind in column.standardization_kinds]
            tiers = Counter(column.tier(o).key for o in members if column.tier(o) is not None)
            rows.append(SummaryRow(self.org_link(unit), column.system_of(unit), len(members),
                                   tuple(tiers.get(t.key, 0) for t in self.column.tiers),
                                   percent(column.standardized_ratio(unit).value)))
        # The sizes alone: the tables themselves are made where the downloads are written.
        downloads = tuple(Download(title, rows, (("CSV", f"{DOWNLOADS}/{name}.csv"), ("JSON", f"{DOWNLOADS}/{name}.json")))
                          for name, title, rows in sizes(self.column))
        return DataView(counts, quarter_label(quarter), self.column.tiers, tuple(rows), downloads, f"{DOWNLOADS}/{WORKBOOK}",
                        FEED_PATH, date_label(column.as_of))

    @cached_property
    def tables(self) -> list[Table]:
        """The downloadable tables (the files' rows), computed once."""
        return tables(self.column)
