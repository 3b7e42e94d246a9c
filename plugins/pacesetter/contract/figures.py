"""Figures an editor may write into a Markdown field instead of typing a number by hand.

``{{ 授星 2022 }}`` in a news item's body is replaced, when the page is built, by the number
of stars granted in 2022, as the column's data has it: a text never states a number that the
data can contradict. The plugin does the replacing, before Markdown; Jinja never sees the text.

Each figure takes no argument, a quarter (2022Q4) or a year (2022), or either:
"""

from __future__ import annotations

import re

#: name → (the arguments it takes, what it counts)
FIGURES: dict[str, tuple[str, str]] = {
    "授星": ("period", "这段时间里授出的星数（颗）"),
    "摘星": ("period", "这段时间里摘掉的星数（颗）"),
    "授星组织": ("period", "这段时间里获授星的组织数"),
    "摘星组织": ("period", "这段时间里被摘星的组织数"),
    "参评": ("quarter", "这个季度参加评星的组织数"),
    "平均星级": ("quarter", "这个季度参评组织的平均星级"),
    "党支部": ("none", "党支部总数"),
    "达标党支部": ("none", "已达标（通过考核验收）的党支部数"),
    "达标比例": ("none", "党支部达标比例"),
    "党组织": ("none", "各级党组织总数（含工委本身）"),
    "二级组织": ("none", "二级网格的党组织数（各部门机关党组织）"),
    "结对": ("none", "结对共建的对数"),
}
#: 六星, 五星 … (or 6星): how many rated organizations had exactly so many stars in the quarter
STARS_FIGURE = re.compile(r"(?:[一二三四五六七八九十]|[0-9]{1,2})星\Z")
STARS_HELP = "这个季度恰好得这么多星的组织数，例如 {{ 六星 2022Q3 }}"

#: A figure's name is Chinese (digits may lead, as in 6星): ``{{ 7*7 }}`` or ``{{ config }}`` in a
#: text is not a figure, and shows as written, like any other text.
PLACEHOLDER = re.compile(r"\{\{\s*(?P<name>[0-9]*[\u3400-\u9fff][\u3400-\u9fff0-9]*)(?:\s+(?P<arg>[^\s{}]+))?\s*\}\}")
QUARTER = re.compile(r"[0-9]{4}Q[1-4]\Z")
YEAR = re.compile(r"[0-9]{4}\Z")


def takes(name: str) -> str | None:
    """The arguments a figure takes (none, quarter, period), or None for an unknown name."""
    if name in FIGURES:
        return FIGURES[name][0]
    return "quarter" if STARS_FIGURE.match(name) else None


def problems(text: str) -> list[tuple[str, str]]:
    """(message, hint) for each figure in ``text`` that is unknown or takes another argument."""
    found = []
    for match in PLACEHOLDER.finditer(text):
        name, arg = match.group("name"), match.group("arg")
        kind = takes(name)
        shown = match.group(0)
        if kind is None:
            found.append((f"不认识的数字“{shown}”", "可以写：" + "、".join(f"{{{{ {n} }}}}" for n in FIGURES) + "，以及 {{ 六星 2022Q3 }} 这样的星级个数"))
        elif kind == "none" and arg:
            found.append((f"“{shown}”不带季度或年份", f"写成 {{{{ {name} }}}}"))
        elif kind == "quarter" and not (arg and QUARTER.match(arg)):
            found.append((f"“{shown}”要写季度", f"例如 {{{{ {name} 2022Q4 }}}}"))
        elif kind == "period" and not (arg and (QUARTER.match(arg) or YEAR.match(arg))):
            found.append((f"“{shown}”要写季度或年份", f"例如 {{{{ {name} 2022Q4 }}}} 或 {{{{ {name} 2022 }}}}"))
    return found


def periods(text: str) -> list[str]:
    """The quarters and years the figures of ``text`` refer to (to check the data has them)."""
    return [m.group("arg") for m in PLACEHOLDER.finditer(text) if m.group("arg")]
