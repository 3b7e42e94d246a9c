"""Competition ranking: ties share a rank, the next rank skips, the order in a tie is stable."""

from __future__ import annotations

from pacesetter.model.ranking import RULE, rank


def _ranks(scores: dict[str, float | None]):
    return [(r.rank, r.item, r.tied) for r in rank(scores, scores.get, tiebreak=lambda k: k)]


def test_ties_share_a_rank_and_the_next_skips():
    assert _ranks({"c": 6, "a": 6, "b": 5, "d": 4}) == [
        (1, "a", True), (1, "c", True), (3, "b", False), (4, "d", False),
    ]


def test_three_way_tie_then_skip_two():
    assert [r for r, _, _ in _ranks({"a": 5, "b": 5, "c": 5, "d": 3})] == [1, 1, 1, 4]


def test_order_inside_a_tie_is_by_id_whatever_the_input_order():
    forward = _ranks({"b": 4, "a": 4, "c": 4})
    backward = _ranks(dict(reversed(list({"b": 4, "a": 4, "c": 4}.items()))))
    assert [item for _, item, _ in forward] == ["a", "b", "c"] == [item for _, item, _ in backward]


def test_unscored_items_are_left_out_and_not_counted():
    ranked = rank({"a": 3, "b": None, "c": 1}, {"a": 3, "b": None, "c": 1}.get, tiebreak=str)
    assert [(r.item, r.rank, r.of) for r in ranked] == [("a", 1, 2), ("c", 2, 2)]


def test_zero_is_a_score_not_missing():
    assert _ranks({"a": 0, "b": 2}) == [(1, "b", False), (2, "a", False)]


def test_empty():
    assert rank([], lambda x: x, tiebreak=str) == []


def test_rule_states_ties_and_their_order():
    assert "下一个是第 3 名" in RULE and "并列" in RULE and "先后不代表高低" in RULE
