"""Hardening, class 8: data that has the right form and makes no sense, and column.yaml adapted.

Only the kinds set in ``rated_kinds`` are rated; a unit is not paired with its own
branch; and column.yaml's word lists are truly adaptable: any number of dimensions
(the tiers follow from it), any classes, lists left out take the seeds' words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacesetter.contract import load
from pacesetter.model import load_column
from pacesetter.model.column import tiers_for
from pacesetter.synth import generate

from .sitebuild import build_site, text


def _append(data: Path, rel: str, addition: str) -> None:
    path = data / rel
    path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")


def _messages(data: Path) -> list[tuple[str, str, str]]:
    return [(d.file, d.field, d.message) for d in load(data)[1].sorted()]


def test_the_root_committee_is_not_rated(base_data):
    _append(base_data, "ratings/2022Q3.yaml", "  - org: root\n    met: [基本组织, 基本队伍, 基本活动, 基本制度, 基本保障, 发挥作用]\n")
    [(file, field, message)] = _messages(base_data)
    assert (file, field) == ("data/ratings/2022Q3.yaml", "ratings[3].org")
    assert "是党委，不参加评星" in message


def test_a_general_branch_is_not_rated_unless_column_yaml_says_so(base_data):
    _append(base_data, "ratings/2022Q3.yaml", "  - org: sw\n    met: [基本组织]\n")
    assert "不参加评星" in _messages(base_data)[0][2]
    _append(base_data, "column.yaml", "rated_kinds: [党支部, 党委]\n")
    assert _messages(base_data) == []


@pytest.mark.parametrize(("learner", "benchmark", "upper"), [("sw-a", "sw", "sw"), ("sw", "sw-a", "sw"), ("root", "sw-b", "root")])
def test_no_pairing_along_one_line_of_the_tree(base_data, learner, benchmark, upper):
    (base_data / "pairings/line.yaml").write_text(
        f"id: line\nlearner: {learner}\nbenchmark: {benchmark}\nsince: 2022-05-01\n", encoding="utf-8")
    [(file, field, message)] = _messages(base_data)
    assert (file, field) == ("data/pairings/line.yaml", "benchmark")
    assert message.startswith(f"{upper} 是 ") and "不能结对" in message


def test_a_column_yaml_with_only_its_own_settings_takes_the_seeds_words(base_data):
    column = base_data / "column.yaml"
    kept = [line for line in column.read_text(encoding="utf-8").splitlines()
            if re.match(r"(title|publisher|as_of|systems):", line)]
    column.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert _messages(base_data) == []
    settings_ = load_column(base_data).settings
    assert settings_.achievement_kinds == ["政研成果", "支部工作法", "制度创新"]
    assert settings_.rated_kinds == ["党支部"]


@pytest.mark.parametrize("count", range(0, 13))
def test_tiers_cover_every_star_count_once(count):
    tiers = tiers_for(count)
    covered = sorted(s for t in tiers for s in range(t.low, t.high + 1))
    assert covered == list(range(count + 1))
    assert tiers[0].low == tiers[0].high == count


def test_seven_dimensions_build_a_site(tmp_path):
    """The reported crash: a unit adds a seventh dimension to column.yaml."""
    dims = ["基本组织", "基本队伍", "基本活动", "基本制度", "基本保障", "发挥作用", "数字党建"]
    generate(40, 7, tmp_path / "data", dims=dims)
    site = build_site(tmp_path / "data", tmp_path / "site")
    assert "七星党支部" in text(site, "rankings")
    assert "七星" in text(site, ".")
    from .sitebuild import soup

    drawn = soup(site, "orgs/b00001").select(".ps-stars[role=img] [aria-hidden]")
    assert drawn and all(len(s.get_text()) == 7 for s in drawn)  # seven places a row of stars, not six
    captions = [c.get_text() for c in soup(site, "orgs/b00001").select("caption")]
    assert "七个方面" in captions and "六个方面" not in text(site, "orgs/b00001")
    assert "七个方面" in text(site, ".")


_WORD = st.text(alphabet=st.sampled_from("党建先锋示范服务质量作风纪律创新学习组织队伍活动制度保障"), min_size=2, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dims=st.lists(_WORD, min_size=1, max_size=9, unique=True), classes=st.lists(_WORD, min_size=1, max_size=5, unique=True),
       seed=st.integers(0, 1000))
def test_any_word_lists_give_a_column_whose_every_page_builds(tmp_path_factory, dims, classes, seed):
    from pacesetter.site.markdown import Renderer
    from pacesetter.site.pages import site_pages
    from pacesetter.site.views import Views

    data = tmp_path_factory.mktemp("words") / "data"
    generate(30, seed, data, dims=dims, classes=classes)
    column = load_column(data)
    assert column.top_stars == len(dims)
    counts = column.tier_counts()
    assert sum(counts.values()) == len(column.data.ratings[column.current_quarter].ratings)
    for spec in site_pages(Views(column, Renderer())):
        assert spec.build() is not None, spec.src_uri

