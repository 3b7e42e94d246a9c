"""The live preview's incremental rebuild (``pacesetter serve``).

``mkdocs serve`` normally empties the site folder and writes every page again after
each change. An editor changes one data file at a time, and at province scale
rewriting thousands of unchanged pages is most of a rebuild. So ``pacesetter serve``
runs MkDocs' dirty build (the folder is kept) and this module keeps it correct:

- When anything but the data changes (mkdocs.yml, the hand-written pages, the
  templates), every page may look different: the folder is emptied as MkDocs would,
  and nothing from earlier builds is reused.
- A stamped page is written only when what it is made of (its shell, title and a
  digest of its view; or else its HTML) differs from what the last build wrote at that
  address; pages that are no longer produced are removed.
- The hand-written pages are always rendered (they show the navigation, which may
  show titles from the data); the shells are cut again when the navigation changed.
- Files MkDocs wrote for the last build but not for this one are removed, so a
  deleted photo or page does not linger.

Compiled templates and organization charts are kept between rebuilds too. The tests
compare the folder with a fresh build after each kind of change (tests/test_preview.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import jinja2
from mkdocs.utils import clean_directory

from ..filestate import tree_state


def frame_digest(config) -> bytes:
    """A digest of every input of the build but the data: configuration, pages, templates."""
    h = hashlib.blake2b(digest_size=16)
    site_dir = os.path.abspath(config.site_dir)
    roots = [config.config_file_path, config.docs_dir, config.theme.custom_dir]
    for root in roots:
        if root and os.path.isfile(root):
            with open(root, "rb") as f:
                h.update(f.read())
            continue
        for path, size, mtime, _ in tree_state(root, skip=site_dir):
            h.update(f"{path}\0{size}\0{mtime}\n".encode())
    return h.digest()


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory between rebuilds (MkDocs makes a new Jinja
    environment for every build); a template whose source changed is compiled again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored when the source's checksum differs

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class Preview:
    """What the last preview build wrote, kept by the plugin between rebuilds."""

    def __init__(self) -> None:
        self.frame: bytes | None = None
        self.pages: dict[str, object] = {}  # stamped page path -> what it was made of
        self.outputs: set[str] = set()  # MkDocs' output files of the last build
        self.nav: bytes | None = None
        self.shells: dict = {}  # the stamped pages' shells (see stamp.py)
        self.templates = _CompiledTemplates()
        self.charts: dict = {}  # organization charts by what they show (see Views)

    def begin(self, config) -> bool:
        """Start a rebuild; empty the folder when something besides the data changed (and say so)."""
        frame = frame_digest(config)
        cleaned = frame != self.frame
        if cleaned:
            clean_directory(config.site_dir)
            self.pages.clear()
            self.outputs.clear()
            self.shells.clear()
            self.charts.clear()
            self.nav = None
            self.frame = frame
        return cleaned

    def handwritten(self, files) -> None:
        """Have MkDocs render the hand-written pages again, changed or not.

        A dirty build reads and renders a page only when its source is newer than its
        output; but a page shows the navigation, and the navigation shows the titles of
        other pages, which may come from the data. There are only a few such pages.
        """
        for file in files.documentation_pages():
            if not file.generated_by:
                _remove(file.abs_dest_path)

    def navigation(self, nav) -> None:
        """Compare the navigation (with every page's title read) with the last build's.

        Outside its article a stamped page shows the configuration, the templates (both
        the frame) and the navigation: when that changed, the shells are cut again.
        """
        digest = hashlib.blake2b(repr(_nav_items(nav.items)).encode(), digest_size=16).digest()
        if digest != self.nav:
            self.shells.clear()
            self.nav = digest

    def unchanged(self, path: str, made_of) -> bool:
        """Whether ``path`` already holds the page made of ``made_of`` (see Stamper.page,
        or a digest of the HTML); records it as written otherwise."""
        if self.pages.get(path) == made_of and os.path.isfile(path):
            return True
        self.pages[path] = made_of
        return False

    def finish(self, files, stamped_paths: set[str]) -> int:
        """Remove what the last build wrote and this one did not; returns how many files."""
        removed = 0
        for path in [p for p in self.pages if p not in stamped_paths]:
            del self.pages[path]
            removed += _remove(path)
        outputs = {os.path.normpath(f.abs_dest_path) for f in files}
        for path in self.outputs - outputs - stamped_paths:
            removed += _remove(path)
        self.outputs = outputs
        return removed


def _nav_items(items) -> list:
    return [(type(i).__name__, i.title, getattr(i, "url", None), _nav_items(i.children or [])) for i in items]


def _remove(path: str) -> int:
    try:
        os.unlink(path)
    except FileNotFoundError:
        return 0
    folder = os.path.dirname(path)
    try:  # the page's own folder, when nothing else is left in it
        os.rmdir(folder)
    except OSError:
        pass
    return 1


def swap_in(site_dir: Path, built: Path, name: str) -> None:
    """Replace ``site_dir/name`` by the freshly built folder ``built`` (the preview's search bundle)."""
    target = site_dir / name
    old = site_dir / f".{name}-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    built.rename(target)
    shutil.rmtree(old, ignore_errors=True)
