"""The build cache (``pacesetter build --cache DIR``, by default ``.cache/pacesetter``).

A merge changes a few files; the cache lets the next build reuse what the last one
made of the others: the checked records of each data file, the article of each
stamped page, and the search index's parts. Every entry is found by a digest of what
it was made from (file contents, never modification times, which a fresh checkout
changes), so a reused entry is the one a cold build would make, and the tests compare
warm and cold builds byte for byte.

What the cache trusts, and what it refuses:

- Entries are Python pickles, which can run code when read. So a cache is read only
  from a folder this program made (its mark file) or an empty one, never from a folder
  git tracks files in (a merge request could commit one), a symbolic link, or a folder
  inside the data, pages, templates or output. CI restores it from pipelines on the
  protected main branch only; merge requests read it and never write it.
- A pack whose checksum does not match (a disk fault, an interrupted copy) is ignored
  with a message and rebuilt.
- Each program version and format writes its own generation folder; an older
  generation, marked as ours, is removed. Nothing the cache did not write is deleted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path

from .filestate import Written, write_file
from .sources import _inside

#: Raised when what the cache stores, or how, changes: older caches are then not read.
FORMAT = 1
MARK = "pacesetter-cache.json"
DEFAULT_DIR = ".cache/pacesetter"
_MAGIC = b"pacesetter-cache-pack 1"
_MAGIC_ZLIB = b"pacesetter-cache-pack 1 zlib"
_GENERATION_PREFIX = "g"


class CacheRefused(Exception):
    """The folder cannot be used as a cache; the message says why (Chinese, for the log)."""


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of this program and the libraries whose output the cache holds.

    A change of any of them gives a new generation: nothing made by other code is reused.
    """
    from importlib import metadata

    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".js", ".css", ".json", ".yml"):
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in ("mkdocs", "mkdocs-material", "jinja2", "markdown", "pymdown-extensions", "ruamel.yaml", "pagefind",
                 "pagefind-bin-extended", "bleach", "nh3", "Pillow"):
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\n".encode())
    return h.hexdigest()


def digest(*parts: bytes | str) -> str:
    """A key made of ``parts`` (each told apart from the next)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


_GIT_LOCATORS = frozenset({"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_OBJECT_DIRECTORY",
                           "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES", "GIT_DISCOVERY_ACROSS_FILESYSTEM"})


def _tracked(folder: Path) -> bool:
    """Whether git tracks any file at or under ``folder`` (False outside a repository, or without git)."""
    probe = folder if folder.is_dir() else folder.parent
    while not probe.is_dir():
        probe = probe.parent
    # The repository is the one around the folder: variables that point git at another
    # repository or index (GIT_DIR, GIT_INDEX_FILE…) would make every file look untracked.
    env = {key: value for key, value in os.environ.items() if key not in _GIT_LOCATORS}
    try:
        done = subprocess.run(["git", "ls-files", "-z", "--", os.path.relpath(folder, probe) if folder != probe else "."],
                              cwd=probe, capture_output=True, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0 and bool(done.stdout)


class BuildCache:
    """One cache folder, checked before anything in it is read."""

    def __init__(self, root: Path, sources: dict[str, Path] | None = None, project: Path | None = None):
        """``sources``: the folders the build reads and writes (data, pages, templates, output), labelled;
        ``project``: the repository's folder, inside which no step of the way may be a link."""
        self.root = Path(os.path.abspath(root))
        self.project = Path(os.path.abspath(project)) if project is not None else None
        self._check(sources or {})
        self.generation = self.root / f"{_GENERATION_PREFIX}{FORMAT}-{code_digest()[:16]}"
        self.messages: list[str] = []
        #: What this build reused of each thing: label -> [reused, of how many].
        self.counts: dict[str, list[int]] = {}
        self.notes: list[str] = []  # why a whole kind of thing was made again (see ``changed``)
        #: Render every article the cache would reuse and fail where they differ (``--verify-cache``):
        #: as slow as a build without the cache, and a check that the pages' inputs are complete.
        self.verify = False

    def _check(self, sources: dict[str, Path]) -> None:
        root = self.root
        # A link committed to the repository (.cache itself, say) could point the cache anywhere.
        steps = [root, *(parent for parent in root.parents if self.project is not None and self.project in parent.parents)]
        for step in steps:
            if step.is_symlink():
                raise CacheRefused(f"缓存文件夹 {root} 是符号链接或位于符号链接之下，不使用")
        real = Path(os.path.realpath(root))
        for label, folder in sources.items():
            source = Path(os.path.realpath(folder))
            if _inside(real, source) or _inside(source, real):
                raise CacheRefused(f"缓存文件夹 {root} 与{label} {folder} 重叠，不使用：请另选一个文件夹")
        if root.exists() and not root.is_dir():
            raise CacheRefused(f"缓存位置 {root} 是一个文件，不是文件夹，不使用")
        if root.is_dir() and any(root.iterdir()) and not (root / MARK).is_file():
            raise CacheRefused(f"缓存文件夹 {root} 里已有文件，却不是专栏的缓存：没有读也没有动它")
        if root.is_dir() and _tracked(root):
            raise CacheRefused(f"缓存文件夹 {root} 里有 git 管理的文件：缓存不能来自提交，不使用")

    def open(self) -> None:
        """Make the folders and the mark; remove older generations of our own."""
        self.generation.mkdir(parents=True, exist_ok=True)
        mark = self.root / MARK
        if not mark.is_file():
            mark.write_text(json.dumps({"made_by": "pacesetter", "format": FORMAT}) + "\n", encoding="utf-8")
        for old in self.root.iterdir():
            if old != self.generation and old.is_dir() and not old.is_symlink() and old.name.startswith(_GENERATION_PREFIX) \
                    and (old / MARK).is_file():
                shutil.rmtree(old, ignore_errors=True)
        (self.generation / MARK).write_text(json.dumps({"code": code_digest()}) + "\n", encoding="utf-8")

    def changed(self, name: str, key: str, why: str) -> None:
        """Keep ``key`` as ``name``; when an earlier build kept another, say ``why`` nothing of its kind is reused."""
        before = self.load(name)
        if before is not None and before != key:
            self.notes.append(why)
        if before != key:
            self.store(name, key)

    def count(self, label: str, reused: int, total: int) -> None:
        seen = self.counts.setdefault(label, [0, 0])
        seen[0] += reused
        seen[1] += total

    def summary(self) -> str:
        """What was reused, for the build's log: “数据文件 23,480/23,491 沿用，…”."""
        return "，".join(f"{label} {reused:,}/{total:,} 沿用" for label, (reused, total) in self.counts.items())

    # -- packs: one pickled object per name, with a checksum ------------------------------------

    def load(self, name: str):
        """The object stored as ``name``, or None (absent, or damaged: said in ``messages``)."""
        path = self.generation / f"{name}.pack"
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.messages.append(f"缓存 {name} 读不出（{exc.strerror}），重新生成")
            return None
        head, _, rest = data.partition(b"\n")
        expected, payload = rest[:64], rest[65:]
        if head not in (_MAGIC, _MAGIC_ZLIB) or len(expected) != 64 or hashlib.sha256(payload).hexdigest().encode() != expected:
            self.messages.append(f"缓存 {name} 已损坏（校验和不符），不使用，重新生成")
            return None
        try:
            return pickle.loads(zlib.decompress(payload) if head == _MAGIC_ZLIB else payload)
        except Exception:  # a checksum that matches a pack this program cannot read: not ours
            self.messages.append(f"缓存 {name} 读不出，不使用，重新生成")
            return None

    def has(self, name: str) -> bool:
        """Whether a pack is kept as ``name`` (not whether it is sound: ``load`` checks that)."""
        return (self.generation / f"{name}.pack").is_file()

    def store(self, name: str, value, compress: bool = False) -> None:
        """Keep ``value`` as ``name``; ``compress`` for text (articles), not for what is compressed already."""
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if compress:
            payload = zlib.compress(payload, 1)
        head = _MAGIC_ZLIB if compress else _MAGIC
        data = head + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
        path = self.generation / f"{name}.pack"
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=self.generation)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise

    def prune(self, prefix: str, keep: set[str]) -> None:
        """Remove the packs named ``prefix…`` that this build did not use or make."""
        for path in self.generation.glob(f"{prefix}*.pack"):
            if path.name[:-len(".pack")] not in keep and path.is_file() and not path.is_symlink():
                path.unlink()

    # -- a folder's files, as one pack ---------------------------------------------------------------

    def keep_files(self, name: str, source: Path, skip: tuple[str, ...] = ()) -> None:
        """Keep the files under ``source`` (but its subfolders named in ``skip``) as ``name``."""
        files = {}
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source).as_posix()
            if path.is_symlink() or not path.is_file() or rel.split("/", 1)[0] in skip:
                continue
            files[rel] = path.read_bytes()
        self.store(name, files)

    def copy_files(self, name: str, target: Path) -> dict[str, Written] | None:
        """Write the files kept as ``name`` under ``target``, and return each one's path (under
        ``target``) with its state (``filestate.write_file``); None (nothing written) when absent or damaged."""
        files = self.load(name)
        if files is None:
            return None
        if not isinstance(files, dict) or not all(isinstance(rel, str) and isinstance(data, bytes)
                                                  and not rel.startswith("/") and ".." not in rel.split("/")
                                                  for rel, data in files.items()):
            self.messages.append(f"缓存 {name} 含有不该有的文件，不使用")
            return None
        return {rel: write_file(target / rel, data) for rel, data in files.items()}


#: The cache of the build in progress, set by ``pacesetter build`` (``use``); None: no cache.
current: BuildCache | None = None


def use(root: Path | None, sources: dict[str, Path], say, project: Path | None = None) -> BuildCache | None:
    """Open the cache at ``root`` for this process's builds (and the processes it forks)."""
    global current
    current = open_cache(root, sources, say, project)
    return current


def open_cache(root: Path | None, sources: dict[str, Path], say, project: Path | None = None) -> BuildCache | None:
    """The cache at ``root``, ready for use; None (told through ``say``) when there is none or it is refused."""
    if root is None:
        return None
    try:
        cache = BuildCache(root, sources, project)
        cache.open()
    except CacheRefused as exc:
        say(f"{exc}；这次构建不用缓存")
        return None
    except OSError as exc:
        say(f"缓存文件夹 {root} 无法使用（{exc.strerror}）；这次构建不用缓存")
        return None
    return cache
