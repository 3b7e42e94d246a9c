"""Personal data that the public column must never show.

Every scalar of every file is scanned, keys included, whatever the field: an
identity-card number (checksum and birth date validated, so that long numbers of
other kinds pass), a mobile or landline number, an e-mail address.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .yamlsource import Map, Node, Scalar, Seq

#: Scalars longer than this are not scanned: no field of the contract accepts them
#: (the longest is 20,000 characters), so their own check refuses them unread.
MAX_SCANNED = 25_000

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

#: What may stand between the digits of one number as people write it: spaces, dots,
#: dashes, slashes, parentheses around an area code, a "+" before 86, and Markdown's
#: emphasis and code marks (138**0013**8000). At most three in a row.
_SEPARATORS = " .-‐‑‒–—―_*~`·/()+"
#: A run of digit groups: each group a maximal run of digits (an identity number may
#: end in X). The separator class holds no digit, so the match is linear in the text.
_RUN = re.compile(r"[0-9]+[Xx]?(?:[" + re.escape(_SEPARATORS) + r"]{1,3}(?:[0-9]+[Xx]?|[Xx](?![A-Za-z])))*")
_GROUP = re.compile(r"[0-9]+[Xx]?|[Xx]")
#: A landline without its area code is caught only right after a word that announces it.
_PHONE_WORD = re.compile(r"(?:电话|座机|联系方式|tel|phone|fax|传真)[:：]?\s{0,2}\Z", re.I)
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_EMAIL_DOMAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
#: Where the local number may start in a landline of each length (0 + area code + number).
_LOCAL_STARTS = {10: (3,), 11: (3, 4), 12: (4,)}
_MARKDOWN_MARKS = str.maketrans("", "", "*_`~\\")


def is_identity_number(text: str) -> bool:
    """True for a valid resident identity number: 18 digits (GB 11643 checksum) or the old 15."""
    text = text.upper()
    if len(text) == 15 and text.isdigit() and text.isascii():
        return text[0] in "12345678" and _born(1900 + int(text[6:8]), text[8:10], text[10:12])
    if len(text) != 18 or not text[:17].isdigit() or not text.isascii():
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != text[17]:
        return False
    return _born(int(text[6:10]), text[10:12], text[12:14])


def _born(year: int, month: str, day: str) -> bool:
    try:
        dt.date(year, int(month), int(day))
    except ValueError:
        return False
    return 1900 <= year <= 2100


@dataclass(frozen=True)
class Finding:
    line: int
    col: int
    path: str
    what: str
    excerpt: str


def _mask(text: str) -> str:
    # The message itself must not republish the number in CI logs.
    return text[:3] + "*" * max(len(text) - 5, 1) + text[-2:] if len(text) > 6 else "***"


def normalize(text: str) -> str:
    """The text as a reader would read the numbers in it.

    HTML entities decoded (&#49;), compatibility forms folded (full-width digits, ＠),
    so that every way of writing the same number is matched by the same rules.
    """
    if "&" in text:
        text = html.unescape(text)
    return unicodedata.normalize("NFKC", text)


def scan_text(text: str) -> list[tuple[str, str, str]]:
    """(what, matched text, masked excerpt) for every piece of personal data in ``text``.

    Linear in the length of the text: each number is read once as a run of digit
    groups, each "@" looked at within the bounds of an address.
    """
    text = normalize(text)
    found = []
    for run in _RUN.finditer(text):
        found.extend(_numbers(run, text))
    if "@" in text:
        found.extend(_emails(text.translate(_MARKDOWN_MARKS) if "_" in text or "*" in text or "`" in text else text))
    return found


def _numbers(run: re.Match, text: str) -> list[tuple[str, str, str]]:
    groups = [(m.group(0), m.start()) for m in _GROUP.finditer(run.group(0))]
    found, used = [], 0
    for first in range(len(groups)):
        if first < used:
            continue  # inside a number already found
        digits = ""
        for last in range(first, min(len(groups), first + 18)):
            if digits and digits[-1] in "Xx":
                break
            digits += groups[last][0]
            if len(digits) > 18:
                break
            what = _kind(digits, groups[first - 1][0] if first else "", text[:run.start()])
            if what is not None:
                raw = run.group(0)[groups[first][1]: groups[last][1] + len(groups[last][0])]
                found.append((what, raw, _mask(digits)))
                used = last + 1
                break
    return found


def _kind(digits: str, before: str, preceding: str) -> str | None:
    """What a number made of whole digit groups is, given the group before it, if any."""
    if len(digits) in (15, 18) and is_identity_number(digits):
        return "身份证号码"
    if "X" in digits.upper():
        return None
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return "手机号码"
    if digits[0] == "0" and any(digits[i] in "23456789" for i in _LOCAL_STARTS.get(len(digits), ())):
        return "电话号码"  # 0 + an area code of 2 or 3 digits + a local number of 7 or 8
    if before == "86" and 9 <= len(digits) <= 11 and digits[0] != "0":
        return "电话号码"  # +86 10 6234 5678: the area code without its 0
    if 7 <= len(digits) <= 8 and digits[0] in "23456789" and _PHONE_WORD.search(preceding[-12:]):
        return "电话号码"
    return None


def _emails(text: str) -> list[tuple[str, str, str]]:
    found = []
    start = 0
    while (at := text.find("@", start)) >= 0:
        left = at
        while left > 0 and at - left < 64 and text[left - 1] in _EMAIL_LOCAL:
            left -= 1
        right = at + 1
        while right < len(text) and right - at < 255 and text[right] in _EMAIL_DOMAIN:
            right += 1
        local, domain = text[left:at], text[at + 1:right].rstrip(".-")
        labels = domain.split(".")
        if local and len(labels) >= 2 and all(labels) and labels[-1].isalpha() and len(labels[-1]) >= 2:
            address = f"{local}@{domain}"
            found.append(("电子邮箱", address, _mask(address)))
        start = at + 1
    return found


def walk(node: Node | None) -> Iterator[tuple[Scalar, str]]:
    """Every scalar of a tree with its field path, keys included, without recursion.

    A node reached twice through an alias is visited once.
    """
    stack = [(node, "")] if node is not None else []
    seen: set[int] = set()
    while stack:
        current, path = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, Scalar):
            yield current, path
        elif isinstance(current, Seq):
            stack.extend((item, f"{path}[{i}]") for i, item in reversed(list(enumerate(current.items, start=1))))
        elif isinstance(current, Map):
            for name, (key, value) in reversed(list(current.entries.items())):
                child = f"{path}.{name}" if path else name
                stack.extend(((value, child), (key, child)))


def scan(node: Node | None, lines: list[str]) -> Iterator[Finding]:
    """Personal data in a file's tree; ``lines`` (the file's text) pin each finding to its line."""
    for scalar, path in walk(node):
        if len(scalar.raw) > MAX_SCANNED:
            continue  # refused by its field's length limit, and never published
        for what, text, excerpt in scan_text(scalar.raw):
            line, col = _locate(lines, scalar, text)
            yield Finding(line, col, path, what, excerpt)


def _locate(lines: list[str], scalar: Scalar, text: str) -> tuple[int, int]:
    # A multi-line value starts at the scalar's mark; search the lines it spans.
    span = scalar.raw.count("\n") + 2
    for index in range(scalar.line - 1, min(len(lines), scalar.line - 1 + span)):
        col = lines[index].find(text)
        if col >= 0:
            return index + 1, col + 1
    return scalar.line, scalar.col
