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

import json
import subprocess
import tempfile
import threading
from pathlib import Path

BUNDLE_DIR = "pagefind"
#: Pages in one part of the index: Pagefind holds about 70 KB a page (1.5 GiB for the
#: 22,000 indexed pages of 20,000 organizations), and every part adds to a first search.
DEFAULT_CAPACITY = 25_000


class SearchIndexError(Exception):
    pass


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError as exc:  # the extended build is what segments Chinese
        raise SearchIndexError("缺少 pagefind 扩展版（pip install 'pagefind[extended]'）") from exc
    return Path(get_executable())


def parts(urls, capacity: int = DEFAULT_CAPACITY) -> list[list[str]]:
    """The indexed pages (``/orgs/x/``…) in as few parts of at most ``capacity`` as can be.

    Dealt out in turn from the sorted list, so that every part holds the same mix of
    organizations, deeds, sites… Pagefind weighs a word by how rare it is in the part
    that holds it, and like parts weigh words nearly alike: results from different
    parts rank close to how one index would rank them. Sorted: the same pages make
    the same parts.
    """
    urls = sorted(set(urls))
    count = -(-len(urls) // max(capacity, 1))
    return [urls[number::count] for number in range(count)]


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
    """Pagefind over each part in turn, in a thread, while the build goes on with other files."""

    def __init__(self, site_dir: Path, page_parts: list[list[str]], bundle: str = BUNDLE_DIR):
        self.site_dir, self.parts, self.bundle = Path(site_dir).resolve(), page_parts, bundle
        self.error: str | None = None
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            command = [str(executable())]
        except SearchIndexError as exc:
            self.error = str(exc)
            return
        for number, urls in enumerate(self.parts):
            # The page list goes in a configuration file: on the command line it could
            # exceed the system's limit on the length of one argument.
            with tempfile.TemporaryDirectory(prefix="pacesetter-pagefind-") as cwd:
                settings = {"site": str(self.site_dir), "output_path": str(self.site_dir / part_dir(self.bundle, number)),
                            "glob": page_glob(urls, GLOB_GROUP), "silent": True}
                Path(cwd, "pagefind.json").write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
                with self._lock:
                    if self._stopped:
                        return
                    self._process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                                     text=True)
                out, err = self._process.communicate()
                if self._process.returncode != 0:
                    self.error = (err or out).strip() or f"pagefind 退出码 {self._process.returncode}"
                    return

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
