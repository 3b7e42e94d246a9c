"""Typed entities: what the contract check hands to the model, one class per kind.

Field names are the data contract: ``pacesetter.contract.kinds`` declares the same
fields with their types and Chinese descriptions (the editors' field reference is
generated from it), and a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Where:
    """Where an entity (or a nested record) was written: file, position, field positions."""

    file: str
    line: int
    col: int
    path: str = ""
    #: positions of the fields whose values are valid
    fields: dict = field(default_factory=dict, compare=False, hash=False)
    #: every key written in the file, valid or not
    given: frozenset = field(default_factory=frozenset, compare=False, hash=False)

    def at(self, name: str) -> tuple[int, int]:
        return self.fields.get(name, (self.line, self.col))

    def field_path(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def __reduce__(self):
        # A frozenset pickles in an order that changes from process to process, and the
        # build cache compares pickled views (site/stamp.py): ``given`` is pickled sorted.
        return _where, (self.file, self.line, self.col, self.path, self.fields, tuple(sorted(self.given)))


def _where(file: str, line: int, col: int, path: str, fields: dict, given: tuple) -> Where:
    return Where(file, line, col, path, fields, frozenset(given))


@dataclass
class Record:
    """Base of every record read from a file; ``where`` is filled in by the checker."""

    where: Where | None = field(default=None, repr=False, compare=False, kw_only=True)


# --- column.yaml -----------------------------------------------------------------

@dataclass
class Phase(Record):
    name: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class Targets(Record):
    standardized_ratio: float | None = None


@dataclass
class Activity(Record):
    """An activity the plan asks of each unit, and how often (擂台赛 每季度, 观摩 每年 …)."""

    kind: str = ""  # one of news_kinds: held activities are the news items of that kind
    every: str = ""  # 季度 | 年
    times: int | None = None  # how many each period (default 1)


@dataclass
class Settings(Record):
    title: str = ""
    publisher: str = ""
    as_of: dt.date | None = None
    targets: Targets | None = None
    phases: list[Phase] = field(default_factory=list)
    improvement_quarters: int | None = None
    standardization_kinds: list[str] = field(default_factory=list)
    rated_kinds: list[str] = field(default_factory=list)
    dimensions: list[str] = field(default_factory=list)
    classifications: list[str] = field(default_factory=list)
    org_kinds: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    honor_titles: list[str] = field(default_factory=list)
    site_titles: list[str] = field(default_factory=list)
    six_haves: list[str] = field(default_factory=list)
    ledger_aspects: list[str] = field(default_factory=list)
    news_kinds: list[str] = field(default_factory=list)
    achievement_kinds: list[str] = field(default_factory=list)
    naming_titles: list[str] = field(default_factory=list)
    contact: str | None = None
    icp: str | None = None
    notice_days: int | None = None
    objections: str | None = None
    activities: list[Activity] = field(default_factory=list)
    advanced_check: str | None = None  # 错误 | 警告 | 不检查: a 先进 branch that has not reached the standard
    office_phone_fields: list[str] = field(default_factory=list)
    editor: bool = False  # build the editor in the browser at /admin/


# --- orgs ------------------------------------------------------------------------

@dataclass
class Standardization(Record):
    """The five steps of 达标创建, each a date; a later step needs the earlier ones."""

    surveyed: dt.date | None = None
    planned: dt.date | None = None
    building: dt.date | None = None
    accepted: dt.date | None = None
    named: dt.date | None = None
    #: 撤销: a later review found the branch below the standard; it no longer counts as 达标
    withdrawn: dt.date | None = None
    withdrawn_reason: str | None = None


STANDARDIZATION_STEPS = ("surveyed", "planned", "building", "accepted", "named")
#: The steps as readers and editors call them, in the same order.
STANDARDIZATION_STEP_TITLES = ("排查摸底", "制定方案", "对标创建", "考核验收", "命名授牌")


@dataclass
class LeaderContact(Record):
    """领导联系点: a leader who keeps in touch with a branch (挂钩联系), since when."""

    leader: str = ""
    post: str = ""
    since: dt.date | None = None


@dataclass
class Org(Record):
    id: str = ""
    name: str = ""
    short_name: str | None = None
    kind: str = ""
    parent: str | None = None
    category: str | None = None
    system: str | None = None
    secretary: str | None = None
    members: int | None = None
    classification: dict[int, str] = field(default_factory=dict)
    standardization: Standardization | None = None
    leader_contacts: list[LeaderContact] = field(default_factory=list)
    summary: str | None = None

    @property
    def label(self) -> str:
        return self.short_name or self.name


def children_of(orgs: dict[str, Org]) -> dict[str, list[str]]:
    """Each organization's direct children, in the order of ``orgs``."""
    children: dict[str, list[str]] = {org_id: [] for org_id in orgs}
    for org_id, org in orgs.items():
        if org.parent in children:
            children[org.parent].append(org_id)
    return children


def subtree(children: dict[str, list[str]], org_id: str) -> list[str]:
    """``org_id`` and all its descendants, in id order.

    Safe on a tree the checker has not accepted yet: in a cycle of parents each is listed once.
    """
    found, seen, stack = [], {org_id}, [org_id]
    while stack:
        current = stack.pop()
        found.append(current)
        for child in children.get(current, ()):
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return sorted(found)


def system_of(orgs: dict[str, Org], org_id: str) -> str | None:
    """An organization's system, inherited from the nearest ancestor that names one.

    Safe on a tree the checker has not accepted yet: a cycle of parents ends the walk.
    """
    seen: set[str] = set()
    while org_id in orgs and org_id not in seen:
        seen.add(org_id)
        if orgs[org_id].system:
            return orgs[org_id].system
        org_id = orgs[org_id].parent
    return None


# --- ratings ---------------------------------------------------------------------

@dataclass
class Rating(Record):
    org: str = ""
    met: list[str] = field(default_factory=list)
    note: str | None = None

    @property
    def stars(self) -> int:
        return len(self.met)


@dataclass
class RatingQuarter(Record):
    quarter: str = ""
    announced: dt.date | None = None
    notice_until: dt.date | None = None
    ratings: list[Rating] = field(default_factory=list)


# --- sites -----------------------------------------------------------------------

@dataclass
class Review(Record):
    date: dt.date | None = None
    result: str = ""
    note: str | None = None


@dataclass
class Site(Record):
    id: str = ""
    org: str = ""
    title: str = ""
    level: str = ""
    applied: dt.date | None = None  # 已申报: applied for, not (yet) named
    named: dt.date | None = None
    conferred_by: str | None = None
    six_haves: list[str] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    description: str | None = None
    photos: list[str] = field(default_factory=list)


def site_date(site: Site) -> dt.date | None:
    """The day a site is listed by: its naming, or its application while it waits."""
    return site.named or site.applied


# --- brands ----------------------------------------------------------------------

@dataclass
class Award(Record):
    year: int | None = None
    title: str = ""
    rank: str | None = None


@dataclass
class Brand(Record):
    id: str = ""
    name: str = ""
    owner: str = ""
    system: str | None = None  # a system's own brand (一系统一品牌), led by ``owner``
    launched: dt.date | None = None
    slogan: str | None = None
    highlights: list[str] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    description: str | None = None
    photos: list[str] = field(default_factory=list)


# --- deeds -----------------------------------------------------------------------

@dataclass
class Honor(Record):
    title: str = ""
    level: str = ""
    year: int | None = None
    conferred_by: str | None = None


@dataclass
class Deed(Record):
    id: str = ""
    title: str = ""
    date: dt.date | None = None
    org: str = ""
    person: str | None = None
    honors: list[Honor] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    story: str | None = None
    photos: list[str] = field(default_factory=list)


# --- pairings --------------------------------------------------------------------

@dataclass
class Progress(Record):
    date: dt.date | None = None
    note: str = ""


@dataclass
class Pairing(Record):
    id: str = ""
    learner: str = ""
    benchmark: str = ""
    since: dt.date | None = None
    goals: list[str] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)


# --- ledgers ---------------------------------------------------------------------

@dataclass
class LedgerItem(Record):
    id: str = ""
    aspect: str = ""
    problem: str = ""
    measure: str = ""
    owner: str = ""
    found: dt.date | None = None
    due: dt.date | None = None
    closed: dt.date | None = None


@dataclass
class Ledger(Record):
    org: str = ""
    public: bool = False
    items: list[LedgerItem] = field(default_factory=list)


# --- news and achievements -------------------------------------------------------

@dataclass
class News(Record):
    id: str = ""
    title: str = ""
    date: dt.date | None = None
    kind: str = ""
    orgs: list[str] = field(default_factory=list)
    body: str | None = None
    notice: str | None = None  # the quarter whose 公示 the item announces


@dataclass
class NamingAward(Record):
    title: str = ""  # 先锋系统, 模范机关 … (column.yaml's naming_titles)
    systems: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)


@dataclass
class Naming(Record):
    """A year's naming of 先锋系统 and 模范机关, with the criteria it applied."""

    year: int | None = None
    announced: dt.date | None = None
    criteria: str | None = None
    awards: list[NamingAward] = field(default_factory=list)


@dataclass
class Achievement(Record):
    id: str = ""
    title: str = ""
    date: dt.date | None = None
    org: str = ""
    kind: str = ""
    summary: str | None = None
    body: str | None = None
