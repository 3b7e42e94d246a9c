"""Personal data that the public column must never show.

Every scalar of every file is scanned, keys included, whatever the field: an
identity-card number (checksum and birth date validated, so that long numbers of
other kinds pass), a mobile or landline number, an e-mail address.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .yamlsource import Map, Node, Scalar, Seq

_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{17}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d(?:[- ]?\d{4}){2})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}-)\s?[2-9]\d{6,7}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def is_identity_number(text: str) -> bool:
    """True for a valid 18-digit resident identity number (GB 11643 checksum)."""
    if len(text) != 18 or not text[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS))
    if _ID_CHECK[total % 11] != text[17].upper():
        return False
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2100


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


def scan_text(text: str) -> list[tuple[str, str, str]]:
    """(what, matched text, masked excerpt) for every piece of personal data in ``text``."""
    found = []
    for match in _ID_CARD.finditer(text):
        if is_identity_number(match.group(1)):
            found.append(("身份证号码", match.group(1), _mask(match.group(1))))
    for match in _MOBILE.finditer(text):
        found.append(("手机号码", match.group(1), _mask(re.sub(r"\D", "", match.group(1)))))
    for match in _LANDLINE.finditer(text):
        found.append(("电话号码", match.group(0), _mask(re.sub(r"\D", "", match.group(0)))))
    for match in _EMAIL.finditer(text):
        found.append(("电子邮箱", match.group(0), _mask(match.group(0))))
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
