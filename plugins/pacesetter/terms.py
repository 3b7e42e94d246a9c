"""The column's words for quarters, dates and figures: one place, so that they cannot drift.

Every page, table, chart, feed and download writes a quarter as “2022 年第四季度” and a
date as “2022 年 12 月 31 日” (``<time>`` elements carry the ISO form for machines).
"""

from __future__ import annotations

import datetime as dt

NUMERALS = "零一二三四五六七八九十"


def quarter_label(quarter: str | None) -> str:
    """``2022Q4`` → ``2022 年第四季度``."""
    if not quarter:
        return "尚未评星"
    return f"{quarter[:4]} 年第{NUMERALS[int(quarter[-1])]}季度"


def stars_label(stars: int) -> str:
    """六星, 十星, 12星."""
    return (NUMERALS[stars] if stars <= 10 else str(stars)) + "星"


def aspects_label(count: int) -> str:
    """六个方面 (the six dimensions of the rating), 七个方面 in a column that has seven."""
    return (NUMERALS[count] if count <= 10 else str(count)) + "个方面"


def percent(value: float | None) -> str:
    """0.492 → 49.2%; — when there is nothing to divide."""
    return "—" if value is None else f"{value * 100:.1f}%"


def average_label(value: float | None) -> str:
    """An average of stars with two decimals (4.68); — when nothing was rated."""
    return "—" if value is None else f"{value:.2f}"


def date_label(date: dt.date | None) -> str:
    return f"{date.year} 年 {date.month} 月 {date.day} 日" if date else ""
