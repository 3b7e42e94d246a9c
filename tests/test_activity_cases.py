"""Golden cases for the plan's activities, held against required per unit (model/activities.py).

A case's data is the contract's base data, the ranking cases' shared overlay and the case's own
files; ``expected`` gives each unit's [activity, held, required], computed by hand.
"""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML

from pacesetter.model import load_column
from pacesetter.model.activities import activity_counts

from .conftest import RANKING_BASE, build_case, golden_cases

CASE_DIRS = golden_cases("activity_cases")


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_activity_case(case, tmp_path):
    column = load_column(build_case(case, tmp_path, layers=(RANKING_BASE,)))
    expected = YAML(typ="safe").load((case / "expected.yaml").read_text(encoding="utf-8"))
    for unit, rows in expected.items():
        assert [[c.kind, c.held, c.required] for c in activity_counts(column, unit)] == rows, unit
