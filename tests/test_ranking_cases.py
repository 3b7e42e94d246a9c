"""Golden cases for every ranking rule: tests/ranking_cases/<case>/ holds a data overlay and expected.yaml.

A case's data is the contract's base data, the shared ranking overlay (_base) and the case's
own files; ``expected`` lists [rank, who, figure] in the order the page shows them.
"""

from __future__ import annotations


import pytest
from ruamel.yaml import YAML

from pacesetter.model import load_column
from pacesetter.site.markdown import Renderer
from pacesetter.site.views.rankings import Rankings
from pacesetter.site.views import Views

from .conftest import RANKING_BASE, build_case, golden_cases

CASE_DIRS = golden_cases("ranking_cases")


def _id(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def _actual(rankings: Rankings, what: str, scope_key: str):
    scope = next(s for s in rankings.scopes() if s.key == scope_key)
    if what == "stars":
        return [[r.rank, r.org.id, r.score_text] for r in rankings.star_rows(scope.members)]
    if what == "stars-move":
        return [[r.rank, r.org.id, [r.detail, r.previous_rank]] for r in rankings.star_rows(scope.members)]
    if what == "progress":
        return [[r.rank, r.org.id, [r.score_text, r.detail]] for r in rankings.progress_rows(scope.members)]
    if what == "progress-move":
        return [[r.rank, r.org.id, r.previous_rank] for r in rankings.progress_rows(scope.members)]
    if what == "progress-counts":
        counts = rankings.progress_counts(scope.members)
        return [[counts.improved, counts.level, counts.down, counts.unknown]]
    overview = rankings.overview()
    if what == "classification":
        return [[0, row.org.id, list(row.counts)] for row in overview.classes]
    table = overview.units if what.startswith("units") else overview.systems
    key = (lambda r: _id(r.url)) if what.startswith("units") else (lambda r: r.label)
    metric = what.split("-", 1)[1]
    attribute, figure = {"ratio": ("ratio_rank", "ratio_text"), "average": ("average_rank", "average_text"),
                         "six": ("six_rank", None)}[metric]
    ranked = [r for r in table.rows if getattr(r, attribute) is not None]
    ranked.sort(key=lambda r: (getattr(r, attribute).rank, key(r)))
    return [[getattr(r, attribute).rank, key(r), getattr(r, figure) if figure else r.stats.six_star] for r in ranked]


@pytest.mark.parametrize("case", CASE_DIRS, ids=[p.name for p in CASE_DIRS])
def test_ranking_case(case, tmp_path):
    data = build_case(case, tmp_path, layers=(RANKING_BASE,))
    spec = YAML(typ="safe").load((case / "expected.yaml").read_text(encoding="utf-8"))
    rankings = Rankings(Views(load_column(data), Renderer()))
    assert _actual(rankings, spec["ranking"], spec.get("scope", "")) == spec["expected"]
