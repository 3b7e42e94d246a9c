"""Search filters (kind, level, system, year) as small lists of page ids, one list per value.

Pagefind can filter too, but its filter indexes come out different on every run
(Pagefind issue #638: fragments are stable since 1.3, filter and metadata indexes are
not), which would break byte-identical builds; without filters its output is stable.
So the column writes its own: after Pagefind has indexed the site, each page's fragment
id (the id a search result carries) is read back from the fragment files, and for every
filter value a sorted JSON list of those ids is written. The search page loads only the
lists of the values a reader picks and keeps the results whose id is in all of them.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from ..slugs import slugs

FACETS = ("kind", "level", "system", "year")
FACETS_DIR = "search/facets"
_FRAGMENT_SIGNATURE = b"pagefind_dcd"


def fragment_ids(bundles: list[Path]) -> dict[str, str]:
    """Page URL ("/orgs/x/") -> the fragment id Pagefind gives its search results, from every part of the index."""
    ids = {}
    for path in sorted(p for bundle in bundles for p in (bundle / "fragment").glob("*.pf_fragment")):
        ids[_fragment_url(path.read_bytes())] = path.stem
    return ids


def fragment_ids_of(files: dict[str, bytes]) -> dict[str, str]:
    """As ``fragment_ids``, from one part's files as Pagefind made them (path in the part → bytes)."""
    return {_fragment_url(data): rel[len("fragment/"):-len(".pf_fragment")] for rel, data in sorted(files.items())
            if rel.startswith("fragment/") and rel.endswith(".pf_fragment")}


def _fragment_url(data: bytes) -> str:
    data = gzip.decompress(data)
    if data.startswith(_FRAGMENT_SIGNATURE):
        data = data[len(_FRAGMENT_SIGNATURE):]
    return json.loads(data)["url"]


def facet_files(options: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """facet -> value -> the list's path under the site, for the values a reader can pick."""
    return {facet: {value: f"{FACETS_DIR}/{facet}/{slug}.json" for value, slug in slugs(values).items()}
            for facet, values in options.items()}


def write_facets(site_dir: Path, ids: dict[str, str], tags_by_url: dict[str, dict[str, str]],
                 options: dict[str, list[str]]) -> int:
    """Write one list per facet value; returns how many pages were indexed.

    ``ids``: each indexed page's fragment id (``fragment_ids``, as ``IndexJob.fragment_ids`` gives them).
    """
    members: dict[tuple[str, str], list[str]] = {}
    for url, tags in tags_by_url.items():
        fragment = ids.get(url)
        if fragment is None:
            continue
        for facet, value in tags.items():
            if value:
                members.setdefault((facet, value), []).append(fragment)
    for facet, files in facet_files(options).items():
        for value, rel in files.items():
            path = site_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(sorted(members.get((facet, value), [])), separators=(",", ":")), encoding="utf-8")
    return len(ids)
