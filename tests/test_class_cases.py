"""Golden cases for 分类定级 over the years: tests/class_cases/<case>/ holds a data overlay and expected.yaml.

A case's data is the contract's base data, the ranking cases' shared overlay and the case's
own files; ``expected`` gives, for each year, the branches in each grade and the moves from
the year before, computed by hand.
"""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from pacesetter.model import load_column
from pacesetter.model.classes import class_year, class_years

from .conftest import RANKING_BASE, build_case, golden_cases

CASE_DIRS = golden_cases("class_cases")


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_class_case(case, tmp_path):
    column = load_column(build_case(case, tmp_path, layers=(RANKING_BASE,)))
    expected = YAML(typ="safe").load((case / "expected.yaml").read_text(encoding="utf-8"))
    assert class_years(column) == sorted(expected, reverse=True)
    for year, spec in expected.items():
        found = class_year(column, year)
        assert {g: list(orgs) for g, orgs in found.grades} == spec["grades"], year
        assert found.previous_year == spec["previous_year"]
        assert {g: list(n) for g, n in found.counts} == spec["counts"]
        assert [[m.org, m.before, m.after] for m in found.up] == spec["up"]
        assert [[m.org, m.before, m.after] for m in found.down] == spec["down"]
        assert found.same == spec["same"]
