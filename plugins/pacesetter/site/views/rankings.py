"""The rankings (排行): who leads among peers this quarter, who improved most, which units and
systems reach the target. Every table states its rule; ties share a rank (1, 1, 3).

Each ranking exists as static pages (all rated branches, by system, by category), so it
reads without JavaScript; where JavaScript runs, the page's own table can be filtered and
sorted. The overview also carries the column's 走势, the units' 达标创建 steps and the
plan's activities (views/trends.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from markupsafe import Markup

from ...model.column import Column, GroupStats, Improvement
from ...model.ranking import RULE, Ranked, rank
from ...slugs import slugs
from ...terms import average_label, quarter_label
from .. import charts
from .common import OrgLink, percent, ratio_text
from .trends import ActivitiesView, StepsView, TrendView

if TYPE_CHECKING:
    from . import Views

RATIO_RULE = "达标比例 = 已通过考核验收的党支部数 ÷ 党支部总数；没有党支部的不排名。" + RULE
AVERAGE_RULE = "平均星级 = 本季度参评党支部的星级之和 ÷ 参评党支部数；没有参评党支部的不排名。" + RULE


def top_rule(top_label: str) -> str:
    return f"按本季度{top_label}党支部的个数排名。" + RULE


def progress_rule(quarters: int) -> str:
    return (f"进步幅度 = 本季度星级 − {quarters} 个季度之前的星级；那时未参评的，以之后最早的一次评星为基准；"
            "只排星级提高的组织；“上季度名次”是上季度进步榜上的名次。" + RULE)


@dataclass(frozen=True)
class GroupRow:
    label: str
    short: str
    url: str
    system: str
    stats: GroupStats
    ratio_rank: Ranked | None
    average_rank: Ranked | None
    six_rank: Ranked | None
    meets: bool | None

    @property
    def ratio_text(self) -> str:
        return ratio_text(self.stats.ratio)

    @property
    def average_text(self) -> str:
        return average_label(self.stats.average_stars)


@dataclass(frozen=True)
class GroupTable:
    title: str
    rows: tuple[GroupRow, ...]
    rules: tuple[tuple[str, str], ...]  # (ranking, its rule)


@dataclass(frozen=True)
class ClassRow:
    org: OrgLink
    counts: tuple[int, ...]


@dataclass(frozen=True)
class ViewLink:
    label: str
    url: str
    current: bool = False


@dataclass(frozen=True)
class RankingsOverview:
    top_label: str  # 六星, from the number of dimensions
    quarter_text: str
    target_text: str
    units: GroupTable
    systems: GroupTable
    chart: Markup
    grades: tuple[str, ...]
    year: int | None
    classes: tuple[ClassRow, ...]
    star_views: tuple[ViewLink, ...]
    progress_views: tuple[ViewLink, ...]
    trend: TrendView | None = None  # 走势: the whole column, quarter by quarter
    steps: StepsView | None = None  # 达标创建: each unit's branches by step, and the total
    activities: ActivitiesView | None = None  # the plan's activities, held against required


@dataclass(frozen=True)
class ProgressCounts:
    improved: int
    level: int
    down: int
    unknown: int  # not rated now, or no earlier rating in the window

    @property
    def text(self) -> str:
        return (f"{self.improved} 个组织星级提高，列在下面；另有 {self.level} 个持平、{self.down} 个下降、"
                f"{self.unknown} 个无法比较（本季度未参评或之前没有评星），不排名。")


@dataclass(frozen=True)
class MemberRow:
    rank: int
    tied: bool
    org: OrgLink
    parent: OrgLink | None
    system: str
    category: str
    score_text: str
    detail: str  # the change since last quarter, or the baseline of an improvement
    previous_rank: int | None

    @property
    def move_text(self) -> str:
        if self.previous_rank is None:
            return "—"
        change = self.previous_rank - self.rank
        return f"↑{change}" if change > 0 else (f"↓{-change}" if change < 0 else "持平")


@dataclass(frozen=True)
class RankGroup:
    """Rows that share one score: one heading says the score, how many, and their (shared) rank."""

    key: str  # for the heading's id
    heading: str
    rows: tuple[MemberRow, ...]


def rank_groups(rows: tuple[MemberRow, ...]) -> tuple[RankGroup, ...]:
    groups: list[list[MemberRow]] = []
    for row in rows:
        if groups and groups[-1][0].rank == row.rank:
            groups[-1].append(row)
        else:
            groups.append([row])
    result = []
    for members in groups:
        first = members[0]
        place = f"并列第 {first.rank} 名" if len(members) > 1 else f"第 {first.rank} 名"
        result.append(RankGroup(f"r{first.rank}", f"{first.score_text}：{len(members)} 个组织，{place}", tuple(members)))
    return tuple(result)


@dataclass(frozen=True)
class MemberRanking:
    title: str
    intro: str
    rule: str
    score_label: str
    detail_label: str
    rows: tuple[MemberRow, ...]
    views: tuple[ViewLink, ...]
    systems: tuple[str, ...]
    categories: tuple[str, ...]
    pager: object = None
    counts: ProgressCounts | None = None  # the progress ranking: how the others fared

    @property
    def groups(self) -> tuple[RankGroup, ...]:
        return rank_groups(self.rows)


@dataclass(frozen=True)
class Scope:
    """One static view of a member ranking: its URL part, title and members."""

    key: str  # "" (every rated organization), "system/<slug>", "category/<slug>"
    label: str
    members: tuple[str, ...]


class Rankings:
    def __init__(self, views: Views):
        self.views = views
        self.column: Column = views.column
        column = self.column
        self.system_slugs = views.system_slugs
        self.category_slugs = slugs([c for c in column.settings.categories if column.branches_of_category(c)])
        self._progress_counts: dict[tuple[str, ...], ProgressCounts] = {}
        self._rows: dict[tuple[str, str], list[MemberRow]] = {}  # by kind and scope key, see ``rows``

    # --- the overview ------------------------------------------------------------

    def _group_table(self, title: str, groups: dict[str, tuple[str, str, str, str, list[str]]]) -> GroupTable:
        """``groups``: key -> (label, short label, url, system, member branches)."""
        column = self.column
        stats = {key: column.group_stats(members) for key, (*_, members) in groups.items()}
        by_ratio = {r.item: r for r in rank(groups, lambda k: stats[k].ratio.value, tiebreak=lambda k: k)}
        by_average = {r.item: r for r in rank(groups, lambda k: stats[k].average_stars, tiebreak=lambda k: k)}
        by_six = {r.item: r for r in rank(groups, lambda k: stats[k].six_star if stats[k].rated else None,
                                          tiebreak=lambda k: k)}
        rows = [GroupRow(label, short, url, system, stats[key], by_ratio.get(key), by_average.get(key),
                         by_six.get(key), stats[key].ratio.meets(column.target_ratio))
                for key, (label, short, url, system, _) in groups.items()]
        rows.sort(key=lambda r: (r.ratio_rank.rank if r.ratio_rank else 10**9, r.label))
        top = column.tiers[0].label
        return GroupTable(title, tuple(rows), (("达标比例", RATIO_RULE), ("平均星级", AVERAGE_RULE), (f"{top}党支部", top_rule(top))))

    def overview(self) -> RankingsOverview:
        """The rankings page's view; the systems' pages read their lines from it (computed once)."""
        return self._overview

    @cached_property
    def _overview(self) -> RankingsOverview:
        column = self.column
        units = {}
        for unit in sorted(column.children.get(column.root, [])) if column.root else []:
            org = column.orgs[unit]
            units[unit] = (org.name, org.label, self.views.org_link(unit).url, column.system_of(unit) or "",
                           column.branches(unit))
        systems = {s: (s, s, f"systems/{slug}/", s, column.branches_of_system(s))
                   for s, slug in self.system_slugs.items()}
        unit_table = self._group_table("二级组织", units)
        system_table = self._group_table("系统", systems)
        bars = [charts.Bar(r.short, r.stats.ratio.value, percent(r.stats.ratio.value)) for r in unit_table.rows]
        chart = charts.both(lambda layout: charts.bars(
            "ps-units-ratio", "二级组织党支部达标比例", bars, 1.0, column.target_ratio,
            f"目标 {percent(column.target_ratio)}", layout))
        year = column.classification_year
        classes = tuple(ClassRow(self.views.org_link(unit), tuple(column.classification_counts(column.branches(unit), year).values()))
                        for unit in units)
        return RankingsOverview(
            column.tiers[0].label, quarter_label(column.current_quarter), percent(column.target_ratio), unit_table, system_table, chart,
            tuple(column.settings.classifications), year, classes,
            tuple(ViewLink(s.label, f"rankings/stars/{s.key + '/' if s.key else ''}") for s in self.scopes()),
            tuple(ViewLink(s.label, f"rankings/progress/{s.key + '/' if s.key else ''}") for s in self.scopes()),
            self.views.trend("ps-column-trend", "全部党支部", column.orgs),
            self.views.steps([(label, url, column.subtree(unit)) for unit, (_, label, url, _, _) in units.items()], "合计"),
            self.views.activities([(label, url, unit) for unit, (_, label, url, _, _) in units.items()]),
        )

    # --- member rankings ---------------------------------------------------------

    def scopes(self) -> list[Scope]:
        """Every static view, computed once: each ranking page lists them all."""
        return self._scopes

    @cached_property
    def _scopes(self) -> list[Scope]:
        column = self.column
        scopes = [Scope("", column.rated_label, column.rated_orgs)]
        scopes += [Scope(f"system/{slug}", f"{name}党支部", tuple(column.branches_of_system(name)))
                   for name, slug in self.system_slugs.items()]
        scopes += [Scope(f"category/{slug}", f"{name}类党支部", tuple(column.branches_of_category(name)))
                   for name, slug in self.category_slugs.items()]
        return scopes

    def _row(self, ranked: Ranked, score: str, detail: str, previous: dict[str, Ranked]) -> MemberRow:
        column = self.column
        org = column.orgs[ranked.item]
        before = previous.get(ranked.item)
        return MemberRow(ranked.rank, ranked.tied, self.views.org_link(ranked.item),
                         self.views.org_link(org.parent) if org.parent else None,
                         column.system_of(ranked.item) or "", org.category or "", score, detail,
                         before.rank if before else None)

    def star_rows(self, members: tuple[str, ...]) -> list[MemberRow]:
        column = self.column
        current = column.current_quarter
        if current is None:
            return []
        previous_quarter = column.previous_quarter(current)
        previous = ({r.item: r for r in rank(members, lambda o: column.stars(o, previous_quarter), tiebreak=lambda o: o)}
                    if previous_quarter else {})
        rows = []
        for ranked in rank(members, lambda o: column.stars(o, current), tiebreak=lambda o: o):
            before = column.stars(ranked.item, previous_quarter) if previous_quarter else None
            if before is None:
                detail = "上季度未评"
            else:
                delta = int(ranked.score) - before
                detail = f"+{delta}" if delta > 0 else (str(delta) if delta < 0 else "持平")
            rows.append(self._row(ranked, f"{int(ranked.score)} 星", detail, previous))
        return rows

    def progress_rows(self, members: tuple[str, ...]) -> list[MemberRow]:
        """The organizations that improved, most first, each with its rank a quarter earlier.

        Those that stayed level or lost stars are not ranked (progress_counts counts them).
        """
        column = self.column
        current = column.current_quarter
        previous_quarter = column.previous_quarter(current) if current else None

        def gains(at: str | None) -> dict[str, Improvement]:
            found = {o: column.improvement(o, at=at) for o in members} if at else {}
            return {o: imp for o, imp in found.items() if imp is not None and imp.delta > 0}

        now, before = gains(current), gains(previous_quarter)
        previous = {r.item: r for r in rank(before, lambda o: before[o].delta, tiebreak=lambda o: o)}
        rows = []
        for ranked in rank(now, lambda o: now[o].delta, tiebreak=lambda o: o):
            imp = now[ranked.item]
            rows.append(self._row(ranked, f"+{imp.delta}",
                                  f"{quarter_label(imp.since_quarter)} {imp.before} 星 → {imp.after} 星", previous))
        return rows

    def progress_counts(self, members: tuple[str, ...]) -> ProgressCounts:
        """How the members that are not on the progress ranking fared (once per scope, not per page)."""
        if members not in self._progress_counts:
            self._progress_counts[members] = self._progress_counts_of(members)
        return self._progress_counts[members]

    def _progress_counts_of(self, members: tuple[str, ...]) -> ProgressCounts:
        counts = Counter()
        for o in members:
            imp = self.column.improvement(o)
            counts["none" if imp is None else ("up" if imp.delta > 0 else ("level" if imp.delta == 0 else "down"))] += 1
        return ProgressCounts(counts["up"], counts["level"], counts["down"], counts["none"])

    def row_count(self, kind: str, scope: Scope) -> int:
        """How many rows ``rows`` gives, without making them: the page list needs only this, and
        with a build cache the pages of a ranking whose inputs are as before never need the rows."""
        column = self.column
        if kind == "stars":
            current = column.current_quarter
            return 0 if current is None else sum(1 for o in scope.members if column.stars(o, current) is not None)
        return self.progress_counts(scope.members).improved  # the organizations progress_rows lists

    def rows(self, kind: str, scope: Scope) -> list[MemberRow]:
        """The rows of the ``kind`` ranking (stars or progress) of ``scope``, made once in each process that asks."""
        rows = self._rows.get((kind, scope.key))
        if rows is None:
            rows = self._rows[(kind, scope.key)] = (self.star_rows if kind == "stars" else self.progress_rows)(scope.members)
        return rows

    def title(self, kind: str, scope: Scope) -> str:
        return f"星级排行：{scope.label}" if kind == "stars" else f"进步榜：{scope.label}"

    def member_ranking(self, kind: str, scope: Scope, rows: list[MemberRow], pager=None) -> MemberRanking:
        column = self.column
        n = column.settings.improvement_quarters or 4
        base = f"rankings/{kind}/"
        views = tuple(ViewLink(s.label, base + (s.key + "/" if s.key else ""), s.key == scope.key) for s in self.scopes())
        systems = tuple(sorted({r.system for r in rows if r.system}))
        categories = tuple(c for c in column.settings.categories if any(r.category == c for r in rows))
        if kind == "stars":
            return MemberRanking(self.title(kind, scope), f"{quarter_label(column.current_quarter)}的星级，以及与上季度相比的变化。",
                                 RULE, "星级", "较上季度", tuple(rows), views, systems, categories, pager)
        return MemberRanking(self.title(kind, scope), f"最近一次评星与 {n} 个季度之前相比，星级提高的组织，提高最多的在前。",
                             progress_rule(n), "进步", "基准 → 现在", tuple(rows), views, systems, categories, pager,
                             self.progress_counts(scope.members))
