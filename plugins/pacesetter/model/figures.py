"""The figures an editor writes as ``{{ 授星 2022 }}`` (contract/figures.py), computed from the model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..contract.figures import PLACEHOLDER, QUARTER
from ..terms import NUMERALS, average_label, percent

if TYPE_CHECKING:
    from .column import Column


def _quarters(column: Column, period: str) -> list[str]:
    return [period] if QUARTER.match(period) else [q for q in column.quarters if q.startswith(period)]


def figure(column: Column, name: str, arg: str | None) -> str:
    """The figure's value as a page shows it (a count, an average with two decimals, a percentage)."""
    if name in ("授星", "摘星", "授星组织", "摘星组织"):
        changes = [c for q in _quarters(column, arg) for c in column.changes_in(q)]
        moved = [c.granted if name.startswith("授星") else c.removed for c in changes]
        return str(sum(len(m) for m in moved) if name in ("授星", "摘星") else sum(1 for m in moved if m))
    if name == "参评":
        return str(len(column.ratings_in(arg)))
    if name == "平均星级":
        stars = [len(met) for met in column.ratings_in(arg).values()]
        return average_label(sum(stars) / len(stars) if stars else None)
    if name == "党支部":
        return str(len(column.branches()))
    if name == "党组织":
        return str(len(column.orgs))
    if name == "二级组织":
        return str(len(column.children.get(column.root, [])) if column.root else 0)
    if name == "结对":
        return str(len(column.data.pairings))
    ratio = column.standardized_ratio()
    if name == "达标党支部":
        return str(ratio.done)
    if name == "达标比例":
        return percent(ratio.value)
    count = name[:-1]
    stars = NUMERALS.index(count) if count in NUMERALS else int(count)
    return str(sum(1 for met in column.ratings_in(arg).values() if len(met) == stars))


def fill(column: Column, text: str | None) -> str | None:
    """``text`` with every figure replaced by its value (the contract has checked them all)."""
    if not text or "{{" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: figure(column, m.group("name"), m.group("arg")), text)
