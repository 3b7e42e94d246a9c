"""Rules across files: references resolve, the organization tree is a tree of three levels."""

from __future__ import annotations

import unicodedata

from ..entities import Org, Pairing, children_of, subtree, system_of
from .diagnostics import Report
from .figures import QUARTER, periods
from .fields import PendingRef

MAX_LEVEL = 3  # level 4 of the grid is the members, who appear only in deeds


def check_references(refs: list[PendingRef], known: dict[str, set[str]], labels: dict[str, str], report: Report) -> None:
    for ref in refs:
        if ref.id not in known.get(ref.kind, set()):
            label = labels.get(ref.kind, ref.kind)
            report.error(
                ref.file, ref.line, ref.col, ref.path, f'引用的{label} "{ref.id}" 不存在',
                f"检查拼写；{label}的编号就是 data/{ref.kind}/ 下的文件名（不含 .yaml）",
            )


def check_org_tree(orgs: dict[str, Org], report: Report) -> None:
    """One root, no cycles, at most three levels."""
    if not orgs:
        return
    # A parent written but invalid is reported where it stands; it does not make a root.
    roots = sorted(org_id for org_id, org in orgs.items() if "parent" not in org.where.given)
    if len(roots) > 1:
        for org_id in roots:
            where = orgs[org_id].where
            report.error(
                where.file, where.line, where.col, "parent",
                f"组织树只能有一个根（不写 parent 的组织），现在有 {len(roots)} 个：{'、'.join(roots)}",
                "除市局党委外，每个组织都要写 parent（上级组织的编号）",
            )

    cycles = find_cycles(orgs)
    for cycle in cycles:
        shown = " → ".join(cycle + [cycle[0]])
        for member in cycle:
            where = orgs[member].where
            line, col = where.at("parent")
            report.error(where.file, line, col, "parent", f"上级关系形成了循环：{shown}",
                         "检查这些组织的 parent，上级只能指向更高一级的组织")

    in_cycle = {member for cycle in cycles for member in cycle}
    depth: dict[str, int] = {}
    for start in sorted(orgs):
        chain = []
        current = start
        while current in orgs and current not in depth and current not in in_cycle:
            chain.append(current)
            current = orgs[current].parent
        base = depth.get(current, 0)
        for org_id in reversed(chain):
            base += 1
            depth[org_id] = base

    for org_id in sorted(orgs):
        if depth.get(org_id, 0) > MAX_LEVEL:
            where = orgs[org_id].where
            line, col = where.at("parent")
            report.error(
                where.file, line, col, "parent", f"组织层级超过 {MAX_LEVEL} 级（这里是第 {depth[org_id]} 级）",
                "党建网格的第四级是党员本人，不建组织文件；党员的事迹写在 data/deeds/",
            )


def check_org_names(orgs: dict[str, Org], report: Report) -> None:
    """No two organizations share a full name: readers, exports and Excel imports tell them apart by it.

    Names are compared as a reader sees them: full-width and half-width forms folded, spaces ignored.
    """
    first: dict[str, str] = {}
    for org_id in sorted(orgs):
        org = orgs[org_id]
        if not org.name:
            continue
        key = "".join(unicodedata.normalize("NFKC", org.name).split())
        if key in first:
            line, col = org.where.at("name")
            report.error(org.where.file, line, col, "name", f"组织全称“{org.name}”与 {first[key]} 相同",
                         "每个组织的全称都不同；同名的支部请写出所属单位，例如“某某局机关第一党支部”")
        else:
            first[key] = org_id


def _ancestors(org_id: str, orgs: dict[str, Org]) -> set[str]:
    found: set[str] = set()
    current = orgs[org_id].parent if org_id in orgs else None
    while current and current in orgs and current not in found:
        found.add(current)
        current = orgs[current].parent
    return found


def check_rated_kinds(ratings: dict, orgs: dict[str, Org], rated_kinds: list[str], report: Report) -> None:
    """Only organizations of the rated kinds (column.yaml's rated_kinds) appear in a quarter's ratings."""
    for quarter in sorted(ratings):
        for rating in ratings[quarter].ratings:
            org = orgs.get(rating.org)
            if org is None or not org.kind or org.kind in rated_kinds:
                continue
            line, col = rating.where.at("org")
            report.error(rating.where.file, line, col, rating.where.field_path("org"),
                         f"{rating.org}（{org.name}）是{org.kind}，不参加评星",
                         f"评星只评这些类型的组织：{'、'.join(rated_kinds)}（column.yaml 的 rated_kinds）；请删除这一条")


def find_cycles(orgs: dict[str, Org]) -> list[list[str]]:
    """Each cycle of parent links, once, in the order its links are followed."""
    walked_from: dict[str, str] = {}
    cycles = []
    for start in sorted(orgs):
        path = []
        current = start
        while current in orgs and current not in walked_from:
            walked_from[current] = start
            path.append(current)
            current = orgs[current].parent
        if current in orgs and walked_from[current] == start:
            cycles.append(path[path.index(current):])
    return cycles


def check_pairings(pairings: dict[str, Pairing], report: Report, orgs: dict[str, Org] | None = None) -> None:
    """One file per pair, and never two organizations of one line of the tree (a unit and its own branch)."""
    orgs = orgs or {}
    seen: dict[tuple[str, str], str] = {}
    for pairing_id in sorted(pairings):
        pairing = pairings[pairing_id]
        key = (pairing.learner, pairing.benchmark)
        if not all(key):
            continue
        lines = {org_id: _ancestors(org_id, orgs) for org_id in key}
        in_cycle = any(org_id in up for org_id, up in lines.items())  # reported by check_org_tree
        upper = None if in_cycle else next((a for a, b in (key, key[::-1]) if a in lines[b]), None)
        if upper is not None:
            lower = key[1] if upper == key[0] else key[0]
            line, col = pairing.where.at("benchmark")
            report.error(pairing.where.file, line, col, "benchmark", f"{upper} 是 {lower} 的上级组织，不能结对",
                         "结对是不同单位、不同支部之间的学习；上级对下级的指导写在动态或台账里")
            continue
        if key in seen:
            where = pairing.where
            line, col = where.at("benchmark")
            report.error(where.file, line, col, "benchmark",
                         f"这一对组织已经结对（见 {seen[key]}）", "同一对学习方和标杆只建一个结对文件，新进展写在原文件的 progress 中")
        else:
            seen[key] = pairing_id


def check_system_brands(settings, orgs: dict[str, Org], brands: dict, settings_file: str, report: Report) -> None:
    """A warning for each system that has organizations and no brand (seed 002: each system builds its own)."""
    with_orgs = {system for o in orgs if (system := system_of(orgs, o))}
    branded = {system_of(orgs, b.owner) for b in brands.values()} | {b.system for b in brands.values() if b.system}
    line, col = settings.where.at("systems") if settings.where else (1, 1)
    for system in sorted(with_orgs - branded):
        report.warn(settings_file, line, col, "systems", f"“{system}”还没有党建品牌",
                    "按照“一系统一品牌”的要求，请在 data/brands/ 为本系统的组织添上品牌；这只是提醒，不影响发布")


def check_advanced_standardized(settings, orgs: dict[str, Org], standardization_kinds, report: Report) -> None:
    """A branch in the best grade of a year (先进) should have passed acceptance (达标) by the end of that year."""
    mode = settings.advanced_check or "警告"
    if mode == "不检查" or not settings.classifications:
        return
    best = settings.classifications[0]
    emit = report.error if mode == "错误" else report.warn
    # Only the years of the campaign (column.yaml's phases): a grade from before it began
    # could not have asked for a standard that did not exist yet.
    first_year = min((p.start.year for p in settings.phases if p.start), default=None)
    for org in sorted(orgs.values(), key=lambda o: o.id):
        if org.kind not in standardization_kinds:
            continue
        accepted = org.standardization.accepted if org.standardization else None
        for year, grade in sorted(org.classification.items()):
            if first_year is not None and year < first_year:
                continue
            if grade == best and (accepted is None or accepted.year > year):
                line, col = org.where.at("classification")
                done = f"到 {accepted} 才通过考核验收" if accepted else "还没有通过考核验收"
                emit(org.where.file, line, col, f"classification.{year}",
                     f"{org.name} {year} 年度定为“{best}”，但{done}（没有达标）",
                     f"“{best}”党支部应是达标党支部：核对定级或 standardization.accepted；"
                     "这项检查的轻重由 column.yaml 的 advanced_check 决定（错误、警告或不检查）")


def check_figure_periods(collected: dict, kinds, report: Report) -> None:
    """A figure's quarter must have its ratings, a year at least one rated quarter (contract/figures.py)."""
    quarters = set(collected["ratings"])
    years = {q[:4] for q in quarters}
    for kind in kinds:
        fields = [f.name for f in kind.record.fields if getattr(f.type, "markdown", False)]
        for record in collected[kind.key].values():
            for name in fields:
                text = getattr(record, name, None)
                if not text or "{{" not in text:
                    continue
                for period in periods(text):
                    known = period in quarters if QUARTER.match(period) else period in years
                    if not known:
                        line, col = record.where.at(name)
                        report.error(record.where.file, line, col, name, f"{period} 还没有评星结果，数字“{period}”算不出来",
                                     "检查季度或年份；季度要有 data/ratings/ 下的评星文件")


def check_unit_members(orgs: dict[str, Org], standardization_kinds, report: Report) -> None:
    """A unit's members are its branches' members added up: a typed figure that differs is flagged."""
    children = children_of(orgs)
    for org in sorted(orgs.values(), key=lambda o: o.id):
        if org.members is None or org.kind in standardization_kinds:
            continue
        below = [o for o in subtree(children, org.id) if o != org.id and orgs[o].kind in standardization_kinds]
        if not below:
            continue
        total = sum(orgs[b].members or 0 for b in below)
        if total != org.members:
            line, col = org.where.at("members")
            report.warn(org.where.file, line, col, "members",
                        f"{org.name}的党员人数写的是 {org.members} 名，所属党支部合计 {total} 名",
                        "党委、党总支的党员人数由所属党支部合计算出，页面上显示合计数；删除这一行即可")
