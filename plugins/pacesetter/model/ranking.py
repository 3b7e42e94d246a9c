"""Competition ranking: ties share a rank (1, 1, 3), the order inside a tie is stable.

The rule is stated once here and shown on every page that ranks (``RULE``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

RULE = "按得分从高到低排名；得分相同的并列同一名次，下一名次顺延（如两个并列第 1 名，下一个是第 3 名）；并列的组织按固定顺序列出，先后不代表高低。"


@dataclass(frozen=True)
class Ranked(Generic[T]):
    rank: int
    item: T
    score: float
    tied: bool  # shares its rank with another item
    of: int  # how many items were ranked


def rank(items: Iterable[T], score: Callable[[T], float | None], tiebreak: Callable[[T], str]) -> list[Ranked[T]]:
    """Rank the items that have a score, highest first; items scoring None are left out."""
    scored = [(s, item) for item in items if (s := score(item)) is not None]
    scored.sort(key=lambda pair: (-pair[0], tiebreak(pair[1])))
    counts: dict[float, int] = {}
    for s, _ in scored:
        counts[s] = counts.get(s, 0) + 1
    result: list[Ranked[T]] = []
    for position, (s, item) in enumerate(scored, start=1):
        current = result[-1].rank if result and result[-1].score == s else position
        result.append(Ranked(current, item, s, counts[s] > 1, len(scored)))
    return result
