"""Golden cases for the trends (纵向比较): tests/trend_cases/<case>/ holds a data overlay and expected.yaml.

A case's data is the contract's base data, the ranking cases' shared overlay and the case's
own files; ``expected`` lists, for each group ("column", "unit <id>", "system <name>"), one
row a quarter, computed by hand; a group written "steps <group>" gives where its branches
stand in the five steps of 达标创建 instead.
"""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from pacesetter.model import load_column
from pacesetter.model.trends import QuarterFigures, step_counts, trend

from .conftest import RANKING_BASE, build_case, golden_cases

CASE_DIRS = golden_cases("trend_cases")


def _row(f: QuarterFigures) -> list:
    return [f.quarter, f.branches, f.standardized, f.rated, list(f.tiers), f.stars_total, f.top, f.granted, f.removed]


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_trend_case(case, tmp_path):
    column = load_column(build_case(case, tmp_path, layers=(RANKING_BASE,)))
    expected = YAML(typ="safe").load((case / "expected.yaml").read_text(encoding="utf-8"))
    for group, rows in expected.items():
        steps = group.startswith("steps ")
        kind, _, key = group.removeprefix("steps ").partition(" ")
        members = {"column": lambda: column.orgs, "unit": lambda: column.subtree(key),
                   "system": lambda: column.branches_of_system(key)}[kind]()
        if steps:  # [not started, [at each of the five steps], withdrawn]
            found = step_counts(column, members)
            assert [found.not_started, list(found.at), found.withdrawn] == rows, group
        else:
            assert [_row(f) for f in trend(column, members)] == rows, group


def test_average_and_ratio_follow_the_counts():
    figures = QuarterFigures("2022Q4", branches=4, standardized=1, rated=3, tiers=(1, 0, 2, 0), stars_total=14,
                             top=1, granted=0, removed=0)
    assert figures.average == pytest.approx(14 / 3) and figures.ratio.value == 0.25
    empty = QuarterFigures("2022Q4", 0, 0, 0, (0, 0, 0, 0), 0, 0, 0, 0)
    assert empty.average is None and empty.ratio.value is None
