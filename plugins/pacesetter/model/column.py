"""The column model: checked facts plus everything derived from them.

Derived facts are computed here, never typed in by editors: grid levels, stars and
star changes per quarter, tiers, standardized ratios, improvement, ranks, ledger
progress, site status and the timeline. Nothing here knows MkDocs, and nothing reads
the wall clock: "now" is ``settings.as_of``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter

from ..terms import quarter_label, stars_label
from ..contract.kinds import DEFAULT_STANDARDIZATION_KINDS, REVIEW_RECTIFY, REVIEW_REVOKED, quarter_end, quarter_start
from ..contract.loader import ColumnData
from .. import entities as e
from .ranking import Ranked, rank

DEFAULT_IMPROVEMENT_QUARTERS = 4


def standardized_on(steps: e.Standardization | None, day: dt.date) -> bool:
    """达标 on ``day``: accepted (考核验收) by then, and not withdrawn (撤销) by then."""
    return bool(steps and steps.accepted and steps.accepted <= day and not (steps.withdrawn and steps.withdrawn <= day))


@dataclass(frozen=True)
class Tier:
    """A band of stars and what the action plan does with the organizations in it."""

    key: str
    label: str
    low: int
    high: int
    meaning: str


def tiers_for(count: int) -> tuple[Tier, ...]:
    """The tiers of a rating with ``count`` dimensions, from the best down, covering 0..count.

    From the six-star plan: 6★ are built up as demonstration sites, 5★ are this year's
    key targets, 4–3★ need guidance, 2★ and fewer are weak and lax organizations. Another
    number of dimensions keeps the shape: the full count, one fewer, the upper half
    below that, and the rest.
    """
    half = -(-count // 2)
    tiers = [Tier("top", stars_label(count), count, count, "列为标准化达标创建示范点着力打造")]
    if count >= 1:
        tiers.append(Tier("next", stars_label(count - 1), count - 1, count - 1, "作为本年度达标创建重点对象"))
    if half <= count - 2:
        span = range(count - 2, half - 1, -1)
        label = "、".join(stars_label(s) for s in span) if len(span) <= 3 else f"{stars_label(half)}至{stars_label(count - 2)}"
        tiers.append(Tier("guide", label, half, count - 2, "加强指导，推动晋位升级"))
    weak_high = min(half - 1, count - 2)
    if weak_high >= 0:
        label = f"{stars_label(weak_high)}及以下" if weak_high > 0 else stars_label(0)
        tiers.append(Tier("weak", label, 0, weak_high, "列为软弱涣散基层党组织，限期整顿"))
    return tuple(tiers)


#: Days a quarter's results are on notice (公示期), counting the day they are announced.
DEFAULT_NOTICE_DAYS = 5

#: The tiers of the six-star plan (six dimensions), as column.yaml ships them.
TIERS = tiers_for(6)


def tier_of(stars: int | None, tiers: tuple[Tier, ...] = TIERS) -> Tier | None:
    if stars is None:
        return None
    return next(t for t in tiers if t.low <= stars <= t.high)


@dataclass(frozen=True)
class StarChange:
    """What one quarter's rating changed for one organization (授星 / 摘星)."""

    org: str
    quarter: str
    announced: dt.date
    previous_quarter: str | None  # the organization's previous rated quarter
    before: int | None
    after: int
    granted: tuple[str, ...]
    removed: tuple[str, ...]
    met: tuple[str, ...] = ()  # the dimensions met this quarter
    note: str | None = None  # the rating's note (why a star was removed, for instance)

    @property
    def first(self) -> bool:
        """The organization's first rating: neither a grant nor a removal, announced as such."""
        return self.previous_quarter is None

    @property
    def delta(self) -> int | None:
        return None if self.before is None else self.after - self.before


@dataclass(frozen=True)
class Improvement:
    org: str
    since_quarter: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class Ratio:
    done: int
    total: int

    @property
    def value(self) -> float | None:
        return self.done / self.total if self.total else None

    def meets(self, target: float | None) -> bool | None:
        if target is None or self.value is None:
            return None
        return self.value >= target


@dataclass(frozen=True)
class LedgerProgress:
    total: int
    closed: int
    overdue: tuple[e.LedgerItem, ...]
    open_items: tuple[e.LedgerItem, ...]

    @property
    def open(self) -> int:
        return self.total - self.closed

    @property
    def close_rate(self) -> float | None:
        return self.closed / self.total if self.total else None


@dataclass(frozen=True)
class GroupStats:
    """A second-level organization or a system, seen through its branches."""

    branches: int
    ratio: Ratio
    rated: int  # branches rated in the quarter
    stars_total: int
    six_star: int

    @property
    def average_stars(self) -> float | None:
        return self.stars_total / self.rated if self.rated else None


@dataclass(frozen=True)
class Notice:
    """The public notice (公示) of one quarter's rating: every result, and what changed."""

    quarter: str
    announced: dt.date
    until: dt.date  # the last day objections are taken
    results: tuple[StarChange, ...]  # every organization rated in the quarter, most stars first
    granted: tuple[StarChange, ...]
    removed: tuple[StarChange, ...]
    first: tuple[StarChange, ...]  # organizations rated for the first time
    namings: tuple[Event, ...]  # sites named or revoked, branches named, within the quarter


@dataclass(frozen=True)
class SiteStatus:
    key: str  # applied | active | rectifying | revoked
    label: str
    since: dt.date
    how: str = "命名"  # what happened that day: 命名, 复核通过, 复核要求限期整改, 复核后取消命名


@dataclass(frozen=True)
class RankMove:
    """A rank now and in the previous quarter; ``change`` > 0 means moved up."""

    current: Ranked | None
    previous: Ranked | None

    @property
    def change(self) -> int | None:
        if self.current is None or self.previous is None:
            return None
        return self.previous.rank - self.current.rank


@dataclass(frozen=True, order=True)
class Event:
    """A dated fact on the timeline."""

    date: dt.date
    order: int  # position of the kind in EVENT_KINDS, for a stable order within a day
    title: str
    kind: str
    entity: tuple[str, str]  # (folder, id) of the page the event belongs to
    orgs: tuple[str, ...] = ()
    precision: str = "day"  # "day", or "year" when only the year is known

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS[self.kind]


#: Sorting key with the order of Event's fields (what ``order=True`` compares), compared
#: in C: a province's timeline is sorted several ways on every build.
EVENT_KEY = attrgetter("date", "order", "title", "kind", "entity", "orgs", "precision")


EVENT_KINDS = {
    "phase": "工作阶段",
    "classification": "分类定级",
    "standardization": "达标创建",
    "branch_named": "达标命名",
    "branch_withdrawn": "撤销达标",
    "star_granted": "授星",
    "star_removed": "摘星",
    "site_applied": "示范点申报",
    "site_named": "示范点命名",
    "site_reviewed": "示范点复核",
    "site_revoked": "取消命名",
    "brand_launched": "品牌创立",
    "brand_award": "品牌获奖",
    "deed": "榜样事迹",
    "honor": "荣誉表彰",
    "pairing": "结对共建",
    "pairing_progress": "结对进展",
    "ledger_closed": "问题销号",
    "news": "工作动态",
    "achievement": "创标成果",
    "yearly_naming": "年度命名",
}
_EVENT_ORDER = {key: index for index, key in enumerate(EVENT_KINDS)}
_STEP_TITLES = {
    "surveyed": "完成排查摸底",
    "planned": "制定达标创建方案",
    "building": "开始对标创建",
    "accepted": "通过考核验收",
    "named": "被命名为标准化建设达标党支部",
}


class Column:
    """The derived model of one checked data folder."""

    def __init__(self, data: ColumnData):
        self.data = data
        self.settings = data.settings
        self.as_of: dt.date = data.settings.as_of
        self.orgs = dict(sorted(data.orgs.items()))
        self.quarters: list[str] = sorted(data.ratings)
        self.children: dict[str, list[str]] = e.children_of(self.orgs)
        self.root: str | None = next((i for i, o in self.orgs.items() if o.parent is None), None)
        self.levels: dict[str, int] = {}
        if self.root is not None:
            stack = [(self.root, 1)]
            while stack:
                org_id, level = stack.pop()
                self.levels[org_id] = level
                stack.extend((child, level + 1) for child in self.children[org_id])
        # stars[quarter][org] and the met dimensions behind them
        self._met: dict[str, dict[str, tuple[str, ...]]] = {
            q: {r.org: tuple(r.met) for r in data.ratings[q].ratings} for q in self.quarters
        }
        self._rank_cache: dict[tuple[str, str], dict[str, Ranked]] = {}
        # Every ranking scope asks again for the same organizations' improvement.
        self._improvements: dict[tuple[str, int, str | None], Improvement | None] = {}
        #: what the check found worth saying that does not stop a build (set by load_column)
        self.warnings: tuple = ()
        self._notices: dict[str, Notice] = {}

    # --- the tree ----------------------------------------------------------------

    def level(self, org_id: str) -> int:
        """Grid level from the depth in the tree: 1 the committee, 2 organs and counties, 3 branches."""
        return self.levels[org_id]

    def ancestors(self, org_id: str) -> list[e.Org]:
        """From the root down to the parent of ``org_id``."""
        chain = []
        parent = self.orgs[org_id].parent
        while parent is not None:
            chain.append(self.orgs[parent])
            parent = self.orgs[parent].parent
        return chain[::-1]

    def subtree(self, org_id: str) -> list[str]:
        """``org_id`` and all its descendants, in id order."""
        return e.subtree(self.children, org_id)

    def system_of(self, org_id: str) -> str | None:
        """An organization's system, inherited from the nearest ancestor that names one."""
        return e.system_of(self.orgs, org_id)

    @cached_property
    def _system_members(self) -> dict[str, list[str]]:
        members: dict[str, list[str]] = {}
        for org_id in self.orgs:
            system = self.system_of(org_id)
            if system:
                members.setdefault(system, []).append(org_id)
        return members

    def orgs_of_system(self, system: str) -> list[str]:
        """Every organization of ``system`` (its own or inherited), in id order."""
        return self._system_members.get(system, [])

    # --- stars -------------------------------------------------------------------

    @property
    def current_quarter(self) -> str | None:
        return self.quarters[-1] if self.quarters else None

    def previous_quarter(self, quarter: str) -> str | None:
        index = self.quarters.index(quarter)
        return self.quarters[index - 1] if index else None

    def ratings_in(self, quarter: str) -> dict[str, tuple[str, ...]]:
        """The dimensions each organization rated in ``quarter`` met (read only)."""
        return self._met[quarter]

    def met(self, org_id: str, quarter: str | None = None) -> tuple[str, ...] | None:
        quarter = quarter or self.current_quarter
        if quarter is None:
            return None
        return self._met[quarter].get(org_id)

    def stars(self, org_id: str, quarter: str | None = None) -> int | None:
        """Stars in ``quarter`` (default: the latest); None when not rated that quarter."""
        met = self.met(org_id, quarter)
        return None if met is None else len(met)

    def star_history(self, org_id: str) -> list[tuple[str, int | None]]:
        return [(q, self.stars(org_id, q)) for q in self.quarters]

    def dimension_history(self, org_id: str) -> list[tuple[str, int, int]]:
        """For each dimension: in how many of the organization's rated quarters it was met, and of how many."""
        rated = [self._met[q][org_id] for q in self.quarters if org_id in self._met[q]]
        return [(d, sum(d in met for met in rated), len(rated)) for d in self.settings.dimensions]

    @cached_property
    def tiers(self) -> tuple[Tier, ...]:
        """The tiers of this column's rating, from the number of its dimensions."""
        return tiers_for(len(self.settings.dimensions))

    @property
    def top_stars(self) -> int:
        return len(self.settings.dimensions)

    def tier(self, org_id: str, quarter: str | None = None) -> Tier | None:
        return tier_of(self.stars(org_id, quarter), self.tiers)

    def tier_counts(self, quarter: str | None = None) -> dict[str, int]:
        """How many organizations are in each tier in ``quarter``, every tier listed."""
        quarter = quarter or self.current_quarter
        tiers = self.tiers
        counts = Counter(tier_of(len(met), tiers).key for met in self._met.get(quarter, {}).values()) if quarter else Counter()
        return {t.key: counts.get(t.key, 0) for t in tiers}

    @cached_property
    def star_changes(self) -> list[StarChange]:
        """Every rating compared with the organization's previous rating, quarter by quarter."""
        changes = []
        last: dict[str, tuple[str, tuple[str, ...]]] = {}
        for quarter in self.quarters:
            announced = self.data.ratings[quarter].announced
            notes = {r.org: r.note for r in self.data.ratings[quarter].ratings if r.note}
            for org_id, met in sorted(self._met[quarter].items()):
                previous = last.get(org_id)
                before_met = previous[1] if previous else ()
                changes.append(StarChange(
                    org=org_id,
                    quarter=quarter,
                    announced=announced,
                    previous_quarter=previous[0] if previous else None,
                    before=len(before_met) if previous else None,
                    after=len(met),
                    granted=tuple(d for d in met if d not in before_met) if previous else (),
                    removed=tuple(d for d in before_met if d not in met),
                    met=met,
                    note=notes.get(org_id),
                ))
                last[org_id] = (quarter, met)
        return changes

    @cached_property
    def _changes_by_quarter(self) -> dict[str, dict[str, StarChange]]:
        by_quarter: dict[str, dict[str, StarChange]] = {q: {} for q in self.quarters}
        for change in self.star_changes:
            by_quarter[change.quarter][change.org] = change
        return by_quarter

    def changes_in(self, quarter: str) -> list[StarChange]:
        """Every rating of ``quarter`` against the organization's previous one, in id order."""
        return list(self._changes_by_quarter[quarter].values())

    def changes_by_org(self, quarter: str) -> dict[str, StarChange]:
        return self._changes_by_quarter[quarter]

    def improvement(self, org_id: str, quarters: int | None = None, at: str | None = None) -> Improvement | None:
        """Stars in quarter ``at`` (default: the latest) minus stars ``quarters`` quarters earlier.

        When the organization was not rated that quarter, its earliest rating after it
        (and before ``at``) is the baseline. None when it is not rated in ``at`` or has
        no earlier rating in the window.
        """
        n = quarters or self.settings.improvement_quarters or DEFAULT_IMPROVEMENT_QUARTERS
        at = at or self.current_quarter
        memo = (org_id, n, at)
        if memo not in self._improvements:
            self._improvements[memo] = self._improvement(org_id, n, at)
        return self._improvements[memo]

    def _improvement(self, org_id: str, n: int, at: str | None) -> Improvement | None:
        now = self.stars(org_id, at) if at else None
        if now is None:
            return None
        latest = self.quarters.index(at)
        for quarter in self.quarters[max(0, latest - n):latest]:
            before = self.stars(org_id, quarter)
            if before is not None:
                return Improvement(org_id, quarter, before, now)
        return None

    # --- ranks -------------------------------------------------------------------

    def _ranking(self, scope: str, key: str, quarter: str) -> dict[str, Ranked]:
        cache_key = (scope, f"{key}@{quarter}")
        if cache_key not in self._rank_cache:
            members = self.children.get(key, []) if scope == "siblings" else self.rated_orgs
            ranked = rank(members, lambda o: self.stars(o, quarter), tiebreak=lambda o: o)
            self._rank_cache[cache_key] = {r.item: r for r in ranked}
        return self._rank_cache[cache_key]

    def sibling_rank(self, org_id: str, quarter: str | None = None) -> Ranked | None:
        """Rank by stars among the organizations with the same parent."""
        quarter = quarter or self.current_quarter
        parent = self.orgs[org_id].parent
        if quarter is None or parent is None:
            return None
        return self._ranking("siblings", parent, quarter).get(org_id)

    @cached_property
    def rated_orgs(self) -> tuple[str, ...]:
        """Every organization of the rated kinds, wherever it sits in the grid, in id order.

        Most branches are on the third level, but a small unit's only branch sits on the
        second; it is rated like the others and ranked among them.
        """
        kinds = set(self.settings.rated_kinds)
        return tuple(sorted(o for o, org in self.orgs.items() if org.kind in kinds))

    @property
    def rated_label(self) -> str:
        """What the column-wide ranking ranks: 全部党支部, or 全部参评组织 when several kinds are rated."""
        kinds = self.settings.rated_kinds
        return f"全部{kinds[0]}" if len(kinds) == 1 else "全部参评组织"

    def column_rank(self, org_id: str, quarter: str | None = None) -> Ranked | None:
        """Rank by stars among all organizations of the rated kinds (``rated_orgs``)."""
        quarter = quarter or self.current_quarter
        if quarter is None:
            return None
        return self._ranking("column", "", quarter).get(org_id)

    def rank_move(self, org_id: str, scope: str) -> RankMove:
        """This quarter's rank (``scope`` is "siblings" or "column") and the previous quarter's."""
        ranker = self.sibling_rank if scope == "siblings" else self.column_rank
        current = self.current_quarter
        previous = self.previous_quarter(current) if current else None
        return RankMove(ranker(org_id, current) if current else None, ranker(org_id, previous) if previous else None)

    # --- standardization ---------------------------------------------------------

    @property
    def standardization_kinds(self) -> tuple[str, ...]:
        return tuple(self.settings.standardization_kinds) or DEFAULT_STANDARDIZATION_KINDS

    def standardized(self, org_id: str, on: dt.date | None = None) -> bool:
        """达标 on a day (default as_of): it passed acceptance (考核验收) by then, and had not been withdrawn."""
        return standardized_on(self.orgs[org_id].standardization, on or self.as_of)

    def standardized_ratio(self, org_id: str | None = None) -> Ratio:
        """Standardized branches among the branches under ``org_id`` (default: the whole column)."""
        members = self.subtree(org_id) if org_id else list(self.orgs)
        branches = [o for o in members if self.orgs[o].kind in self.standardization_kinds]
        return Ratio(sum(self.standardized(o) for o in branches), len(branches))

    def standardized_ratio_of_system(self, system: str) -> Ratio:
        branches = self.branches_of_system(system)
        return Ratio(sum(self.standardized(o) for o in branches), len(branches))

    def branches(self, org_id: str | None = None) -> list[str]:
        """Organizations of the standardization kinds under ``org_id`` (default: all), in id order."""
        if not org_id:
            return list(self._branches)
        kinds = self.standardization_kinds
        return [o for o in self.subtree(org_id) if self.orgs[o].kind in kinds]

    @cached_property
    def _branches(self) -> tuple[str, ...]:
        # Once: each system and category of the rankings asks for them all.
        kinds = self.standardization_kinds
        return tuple(o for o, org in self.orgs.items() if org.kind in kinds)

    def branches_of_system(self, system: str) -> list[str]:
        kinds = self.standardization_kinds
        return [o for o in self.orgs_of_system(system) if self.orgs[o].kind in kinds]

    def branches_of_category(self, category: str) -> list[str]:
        return [o for o in self.branches() if self.orgs[o].category == category]

    def group_stats(self, members: list[str], quarter: str | None = None) -> GroupStats:
        quarter = quarter or self.current_quarter
        stars = [s for o in members if (s := self.stars(o, quarter) if quarter else None) is not None]
        return GroupStats(len(members), Ratio(sum(self.standardized(o) for o in members), len(members)),
                          len(stars), sum(stars), sum(1 for s in stars if s == self.top_stars))

    @property
    def classification_year(self) -> int | None:
        """The latest year any organization was classified."""
        years = [year for org in self.orgs.values() for year in org.classification]
        return max(years) if years else None

    def classification_counts(self, members: list[str], year: int | None = None) -> dict[str, int]:
        """How many of ``members`` got each grade in ``year``; every grade listed, in column order."""
        year = year or self.classification_year
        counts = Counter(self.orgs[o].classification.get(year) for o in members)
        return {grade: counts.get(grade, 0) for grade in self.settings.classifications}

    @cached_property
    def _naming_events(self) -> tuple[Event, ...]:
        """The timeline's namings and revocations, in its order: each quarter's notice lists its own."""
        return tuple(e for e in self.timeline if e.kind in ("site_named", "site_revoked", "branch_named"))

    def notice(self, quarter: str) -> Notice:
        """The quarter's 公示: stars granted and removed, and the namings dated within the quarter.

        Computed once a quarter: the notice, its list, its result pages and the home page all ask.
        """
        notice = self._notices.get(quarter)
        if notice is None:
            notice = self._notices[quarter] = self._notice(quarter)
        return notice

    def _notice(self, quarter: str) -> Notice:
        changes = self.changes_in(quarter)
        start = quarter_start(quarter)
        end = quarter_end(quarter)
        namings = tuple(e for e in self._naming_events if start <= e.date <= end)
        rating = self.data.ratings[quarter]
        days = self.settings.notice_days or DEFAULT_NOTICE_DAYS
        until = rating.notice_until or rating.announced + dt.timedelta(days=days - 1)
        return Notice(quarter, rating.announced, until, tuple(sorted(changes, key=lambda c: (-c.after, c.org))),
                      tuple(c for c in changes if c.granted), tuple(c for c in changes if c.removed),
                      tuple(c for c in changes if c.first), namings)

    @property
    def target_ratio(self) -> float | None:
        return self.settings.targets.standardized_ratio if self.settings.targets else None

    # --- ledgers and sites -------------------------------------------------------

    def ledger_progress(self, org_id: str) -> LedgerProgress | None:
        """Close rate and overdue items as of as_of; None when the organization keeps no ledger."""
        ledger = self.data.ledgers.get(org_id)
        if ledger is None:
            return None
        items = [i for i in ledger.items if i.found is None or i.found <= self.as_of]
        open_items = tuple(i for i in items if i.closed is None or i.closed > self.as_of)
        overdue = tuple(i for i in open_items if i.due < self.as_of)
        return LedgerProgress(len(items), len(items) - len(open_items), overdue, open_items)

    def site_status(self, site_id: str) -> SiteStatus:
        """Applied for until named; then active, unless its latest review asks for rectification or revokes it."""
        site = self.data.sites[site_id]
        if site.named is None:
            return SiteStatus("applied", "已申报", site.applied, "申报，待命名")
        status = SiteStatus("active", "有效", site.named)
        for review in site.reviews:
            if review.date > self.as_of:
                break
            if review.result == REVIEW_REVOKED:
                status = SiteStatus("revoked", "已取消命名", review.date, "复核后取消命名")
            elif review.result == REVIEW_RECTIFY:
                status = SiteStatus("rectifying", "限期整改中", review.date, "复核要求限期整改")
            else:
                status = SiteStatus("active", "有效", review.date, "复核通过")
        return status

    # --- timeline ----------------------------------------------------------------

    @cached_property
    def timeline(self) -> list[Event]:
        """Every dated fact up to as_of, oldest first, in a stable order."""
        events: list[Event] = []

        def add(date, kind, title, entity, orgs=(), precision="day"):
            if date is not None and date <= self.as_of:
                events.append(Event(date, _EVENT_ORDER[kind], title, kind, entity, tuple(orgs), precision))

        def year_end(year: int) -> dt.date:
            # A fact known only by its year sorts after every dated fact of that year (newest
            # first): it is the year's, not December's, and the timeline lists it under 全年.
            return dt.date(year, 1, 1)

        data = self.data
        for phase in self.settings.phases:
            add(phase.start, "phase", f"“{phase.name}”阶段开始", ("column", "phases"))
        for org_id, org in self.orgs.items():
            for year, grade in org.classification.items():
                add(year_end(year), "classification", f"{org.name} {year} 年度分类定级为“{grade}”",
                    ("orgs", org_id), (org_id,), "year")
            if org.standardization:
                for step, title in _STEP_TITLES.items():
                    kind = "branch_named" if step == "named" else "standardization"
                    add(getattr(org.standardization, step), kind, f"{org.name}{title}", ("orgs", org_id), (org_id,))
                steps = org.standardization
                add(steps.withdrawn, "branch_withdrawn", f"{org.name}{steps.withdrawn_reason}，撤销达标命名",
                    ("orgs", org_id), (org_id,))
        for change in self.star_changes:
            name = self.orgs[change.org].name
            if change.granted:
                add(change.announced, "star_granted",
                    f"{name} {quarter_label(change.quarter)}获授星（{'、'.join(change.granted)}），现为 {change.after} 星",
                    ("orgs", change.org), (change.org,))
            if change.removed:
                add(change.announced, "star_removed",
                    f"{name} {quarter_label(change.quarter)}被摘星（{'、'.join(change.removed)}），现为 {change.after} 星",
                    ("orgs", change.org), (change.org,))
        for site_id, site in data.sites.items():
            org = self.orgs[site.org]
            add(site.applied, "site_applied", f"{org.name}申报{site.level}“{site.title}”", ("sites", site_id), (site.org,))
            add(site.named, "site_named", f"{org.name}被命名为{site.level}“{site.title}”", ("sites", site_id), (site.org,))
            for review in site.reviews:
                kind = "site_revoked" if review.result == REVIEW_REVOKED else "site_reviewed"
                add(review.date, kind, f"{site.level}“{site.title}”（{org.name}）复核：{review.result}",
                    ("sites", site_id), (site.org,))
        for brand_id, brand in data.brands.items():
            add(brand.launched, "brand_launched", f"党建品牌“{brand.name}”创立", ("brands", brand_id), (brand.owner,))
            for award in brand.awards:
                rank_text = f"（{award.rank}）" if award.rank else ""
                add(year_end(award.year), "brand_award", f"党建品牌“{brand.name}”获{award.title}{rank_text}",
                    ("brands", brand_id), (brand.owner,), "year")
        for deed_id, deed in data.deeds.items():
            add(deed.date, "deed", deed.title, ("deeds", deed_id), (deed.org,))
            who = deed.person or self.orgs[deed.org].name
            for honor in deed.honors:
                add(year_end(honor.year), "honor", f"{who}获评{honor.level}“{honor.title}”",
                    ("deeds", deed_id), (deed.org,), "year")
        for pairing_id, pairing in data.pairings.items():
            learner, benchmark = self.orgs[pairing.learner], self.orgs[pairing.benchmark]
            orgs = (pairing.learner, pairing.benchmark)
            add(pairing.since, "pairing", f"{learner.name}与标杆{benchmark.name}结对", ("pairings", pairing_id), orgs)
            for step in pairing.progress:
                add(step.date, "pairing_progress", f"{learner.label}对标{benchmark.label}：{step.note}",
                    ("pairings", pairing_id), orgs)
        for org_id, ledger in data.ledgers.items():
            for item in ledger.items:
                # A private ledger publishes counts only, so its events say no more than that.
                title = f"{self.orgs[org_id].name}问题销号：{item.problem}" if ledger.public else f"{self.orgs[org_id].name}一项问题整改销号"
                add(item.closed, "ledger_closed", title, ("orgs", org_id), (org_id,))
        for news_id, news in data.news.items():
            add(news.date, "news", news.title, ("news", news_id), news.orgs)
        for achievement_id, achievement in data.achievements.items():
            add(achievement.date, "achievement", achievement.title, ("achievements", achievement_id), (achievement.org,))
        for year_id, naming in data.namings.items():
            for award in naming.awards:
                for system in award.systems:
                    add(naming.announced, "yearly_naming", f"{system}被命名为 {naming.year} 年度“{award.title}”",
                        ("namings", year_id))
                for org_id in award.orgs:
                    add(naming.announced, "yearly_naming",
                        f"{self.orgs[org_id].name}被命名为 {naming.year} 年度“{award.title}”", ("namings", year_id), (org_id,))
        return sorted(events, key=EVENT_KEY)

    def namings_of_system(self, system: str) -> list[tuple[int, str]]:
        """(year, title) of every yearly naming ``system`` received, newest first."""
        return sorted(((n.year, a.title) for n in self.data.namings.values() for a in n.awards if system in a.systems),
                      reverse=True)

    def timeline_of(self, org_id: str) -> list[Event]:
        return [event for event in self.timeline if org_id in event.orgs]
