"""Latin slugs for Chinese names (URLs of system and category pages, proposed ids)."""

from __future__ import annotations

import re

from pypinyin import lazy_pinyin


def slug(name: str) -> str:
    """"税务系统" -> "shui-wu-xi-tong"; letters and digits kept, everything else a hyphen."""
    text = "-".join(lazy_pinyin(name)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def slugs(names: list[str]) -> dict[str, str]:
    """A distinct slug for each name; a second name with the same pinyin gets "-2", and so on."""
    result: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = candidate = slug(name)
        n = 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        result[name] = candidate
    return result
