"""Run Pagefind (extended: Chinese segmentation) over a built site, in parts.

Only elements marked ``data-pagefind-body`` are indexed (the templates mark the pages
that hold facts), so the index stays proportional to the facts, not to the lists and
rankings that repeat them.

Pagefind holds its whole index in memory while it builds it: about 70 KB for each
organization page, 1.5 GiB at 20,000 organizations. So a larger column is indexed in
parts of at most ``capacity`` pages, one Pagefind run after the other: the first part
is the bundle the search page loads (``pagefind/``), the others are bundles beside it
(``pagefind/part-2/`` …) that the page merges in with Pagefind's ``mergeIndex``, which
searches every part and ranks their results together. Each run is handed its exact
list of pages, so Pagefind reads no other file.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
import threading
from pathlib import Path

from .facets import fragment_ids

BUNDLE_DIR = "pagefind"
#: Pages in one part of the index: Pagefind holds about 70 KB a page (1.5 GiB for the
#: 22,000 indexed pages of 20,000 organizations), and every part adds to a first search.
DEFAULT_CAPACITY = 25_000


#: How much of the index one file holds, in word places (Pagefind's default is 20,000; a
#: search fetches the file of each word it looks for). Smaller files make a first search
#: lighter and the table of files (in the metadata every search loads first) longer:
#: at 20,000 organizations, library + first search 368.6 KB at 20,000, 335.0 KB at 10,000,
#: 304.8 KB at 5,000, 295.3 KB at 2,500 (``scripts/search-budget``). Pagefind takes it from an environment
#: variable it calls unstable; ``tests/test_search.py`` checks that it still does.
INDEX_CHUNK = 5_000


class SearchIndexError(Exception):
    pass


def page_digest(html: bytes) -> bytes:
    """What a part's cache key knows a page by: a digest of its HTML."""
    return hashlib.blake2b(html, digest_size=20).digest()


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:  # the extended build is what segments Chinese
        raise SearchIndexError("缺少 pagefind 扩展版（pip install 'pagefind[extended]'）") from exc
    return Path(get_executable())


def environment() -> dict[str, str]:
    """The environment Pagefind runs in: the build's, without a single ``PAGEFIND_`` variable
    but the size of the index's files (``INDEX_CHUNK``).

    Pagefind takes each of its settings from a ``PAGEFIND_…`` variable too, over its
    configuration file. Left in, ``PAGEFIND_OUTPUT_PATH`` would write the index outside the
    site (leaving the site without one, and the build saying nothing), and ``PAGEFIND_SITE``
    with ``PAGEFIND_GLOB`` would index pages from outside the repository into the column's search.
    """
    env = {key: value for key, value in os.environ.items() if not key.upper().startswith("PAGEFIND")}
    return {**env, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK)}


def parts(urls, capacity: int = DEFAULT_CAPACITY) -> list[list[str]]:
    """The indexed pages (``/orgs/x/``…) in as few parts of about ``capacity`` as can be.

    A page's part is fixed by a hash of its address, so it stays in its part while other
    pages come and go: a merge that changes a few pages changes only their parts, and a
    build with a cache re-indexes only those (see ``IndexJob``). Hashing deals every kind
    of page out evenly, so every part holds the same mix of organizations, deeds,
    sites… Pagefind weighs a word by how rare it is in the part that holds it, and like
    parts weigh words nearly alike: results from different parts rank close to how one
    index would rank them. A tenth is left spare, since hashed parts differ a little in size.
    """
    urls = sorted(set(urls))
    count = -(-len(urls) * 11 // (10 * max(capacity, 1)))
    if count <= 1:
        return [urls] if urls else []
    dealt: list[list[str]] = [[] for _ in range(count)]
    for url in urls:
        dealt[int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big") % count].append(url)
    return dealt


def part_dir(bundle: str, number: int) -> str:
    """Where part ``number`` (from 0) is written, relative to the site."""
    return bundle if number == 0 else f"{bundle}/part-{number + 1}"


_GLOB_SPECIAL = str.maketrans({c: "\\" + c for c in "\\*?[]{},!"})
#: Pagefind's glob parser refuses an alternation of 15,000 names (10,000 pass): the
#: names are grouped by their beginnings, at most this many alternatives to a group.
GLOB_GROUP = 1000


def page_glob(urls, group: int = GLOB_GROUP) -> str:
    """A glob matching exactly the HTML files of ``urls`` (directory URLs)."""
    # One escaped character a token, so that grouping never splits an escape.
    folders = sorted({tuple(c.translate(_GLOB_SPECIAL) for c in url.strip("/")) for url in urls})
    top = () in folders  # the home page, index.html itself
    folders = [folder for folder in folders if folder]
    glob = _alternation(folders, group) + "/index.html" if folders else ""
    return ("{index.html," + glob + "}" if glob else "index.html") if top else glob


def _alternation(names: list[tuple[str, ...]], group: int) -> str:
    """An alternation matching exactly ``names`` (sorted, distinct, not empty), grouped by
    their first characters until a group holds at most ``group`` names."""
    if len(names) == 1:
        return "".join(names[0])
    if len(names) <= group:
        return "{" + ",".join("".join(name) for name in names) + "}"
    branches: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        branches.setdefault(name[0], []).append(name[1:])
    choices = []
    for token, rests in branches.items():
        if () in rests:
            choices.append(token)  # the name that ends here
        longer = [rest for rest in rests if rest]
        if longer:
            choices.append(token + _alternation(longer, group))
    return choices[0] if len(choices) == 1 else "{" + ",".join(choices) + "}"


class IndexJob:
    """Pagefind over each part in turn, in a thread, while the build goes on with other files.

    With a build cache (cache.py), a part whose pages are byte for byte those of a part
    indexed before is copied from the cache instead: Pagefind's output (without its
    filters, which the column does not use) is the same for the same pages.
    """

    def __init__(self, site_dir: Path, page_parts: list[list[str]], bundle: str = BUNDLE_DIR, cache=None,
                 digests: dict[str, bytes] | None = None):
        self.site_dir, self.parts, self.bundle = Path(site_dir).resolve(), page_parts, bundle
        self.cache = cache
        #: The pages' ``page_digest`` as the build wrote them, by address; a page not in it is read.
        self.digests = digests or {}
        self.reused = 0  # parts copied from the cache
        self.keys: set[str] = set()  # the names of the cached parts this build used or made
        self._ids: dict[int, dict[str, str]] = {}  # each part's fragment ids, when the cache had them or kept them
        self.error: str | None = None
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def part_key(self, number: int, urls: list[str]) -> str:
        """What a part's index is made of: its place and each page's address and HTML."""
        from .. import cache

        pieces: list[bytes | str] = [part_dir(self.bundle, number)]
        for url in urls:
            digest = self.digests.get(url)
            if digest is None:
                digest = page_digest((self.site_dir / url.strip("/") / "index.html").read_bytes())
            pieces += [url, digest]
        return "search-" + cache.digest(*pieces)

    def _run(self) -> None:
        try:
            command = [str(executable())]
        except SearchIndexError as exc:
            self.error = str(exc)
            return
        for number, urls in enumerate(self.parts):
            output = self.site_dir / part_dir(self.bundle, number)
            key = None
            if self.cache is not None:
                try:
                    key = self.part_key(number, urls)
                except OSError as exc:  # a page missing: Pagefind says which
                    key = None
                    self.cache.messages.append(f"搜索索引第 {number + 1} 部分不沿用缓存：{exc.strerror}")
                if key is not None:
                    self.keys.add(key)
                    if self.cache.copy_files(key, output):
                        self.reused += 1
                        self._remember_ids(number, key, output)
                        continue
            # The page list goes in a configuration file: on the command line it could
            # exceed the system's limit on the length of one argument.
            with tempfile.TemporaryDirectory(prefix="pacesetter-pagefind-") as cwd:
                settings = {"site": str(self.site_dir), "output_path": str(output),
                            "glob": page_glob(urls, GLOB_GROUP), "silent": True}
                Path(cwd, "pagefind.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
                with self._lock:
                    if self._stopped:
                        return
                    self._process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                     text=True, env=environment())
                out, err = self._process.communicate()
                if self._process.returncode != 0:
                    self.error = (err or out).strip() or f"pagefind 退出码 {self._process.returncode}"
                    return
            if key is not None:
                self.cache.keep_files(key, output, skip=self._nested(number))
                self._remember_ids(number, key, output)

    def _remember_ids(self, number: int, key: str, output: Path) -> None:
        """The part's fragment ids (see ``fragment_ids``), kept beside its files in the cache:
        reading them back from its 22,500 fragments took 0.6 s of every build at 20,000 organizations."""
        name = key + "-ids"
        self.keys.add(name)
        ids = self.cache.load(name)
        if not (isinstance(ids, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in ids.items())):
            ids = fragment_ids([output])
            self.cache.store(name, ids)
        self._ids[number] = ids

    def fragment_ids(self) -> dict[str, str]:
        """Page address → fragment id over every part (``facets.fragment_ids``); a part's from the cache when it has them."""
        ids: dict[str, str] = {}
        for number, bundle in enumerate(self.bundles()):
            ids.update(self._ids[number] if number in self._ids else fragment_ids([bundle]))
        return ids

    def _nested(self, number: int) -> tuple[str, ...]:
        """The folders of later parts inside the first part's folder (pagefind/part-2/…), not part of it."""
        return tuple(part_dir(self.bundle, n).split("/", 1)[1] for n in range(1, len(self.parts))) if number == 0 else ()

    def stop(self) -> None:
        """Stop indexing (the build failed, or the preview rebuilds); waits for the thread."""
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.kill()
        self._thread.join()

    def finish(self) -> None:
        """Wait for every part; SearchIndexError when one failed."""
        self._thread.join()
        if self.error is not None:
            raise SearchIndexError(self.error)

    def bundles(self) -> list[Path]:
        return [self.site_dir / part_dir(self.bundle, number) for number in range(len(self.parts))]
