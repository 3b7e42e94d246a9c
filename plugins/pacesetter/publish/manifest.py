"""The release manifest: every file of a built site with its size and SHA-256.

The plugin writes it as the very last step of a build, so a site folder without a
manifest is a build that failed or was cut short, and one whose files differ from
their manifest was changed afterwards. ``pacesetter publish`` refuses both and checks
every uploaded copy against the same list before the public site switches to it.

The release id is a hash of the listing, so the same data gives the same id.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..filestate import Written
from ..sources import BUILD_MARK

MANIFEST_NAME = "pacesetter-manifest.json"
FORMAT = 1
_CHUNK = 1 << 20


class ManifestError(Exception):
    """The site folder has no valid manifest, or its files do not match it."""


@dataclass(frozen=True)
class Entry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    release: str
    entries: tuple[Entry, ...]

    def sums(self) -> str:
        """The listing in ``sha256sum`` format, for checking a copy with coreutils alone."""
        return "".join(f"{e.sha256}  ./{e.path}\n" for e in self.entries)

    @property
    def total_bytes(self) -> int:
        return sum(e.size for e in self.entries)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _files(site: Path) -> list[str]:
    """Every regular file under ``site`` except the manifest, as sorted POSIX paths.

    Anything else (a symlink, a socket) is refused: a release is copied file by file
    and a link could point anywhere on the web server.
    """
    found = []
    # os.scandir knows each entry's type from the directory itself: no stat per file.
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(site / folder if folder else site) as listing:
            entries = sorted(listing, key=lambda item: item.name)  # the same message first, whatever the disk's order
        for item in entries:
            rel = f"{folder}/{item.name}" if folder else item.name
            if item.is_symlink() or not (item.is_dir(follow_symlinks=False) or item.is_file(follow_symlinks=False)):
                raise ManifestError(f"{rel} 不是普通文件（符号链接或特殊文件不能发布）")
            if item.is_dir(follow_symlinks=False):
                pending.append(rel)
                continue
            if rel in (MANIFEST_NAME, BUILD_MARK):  # the mark stays with the build folder, unpublished
                continue
            if "\n" in rel or "\\" in rel:
                raise ManifestError(f"文件名含换行或反斜杠，无法校验：{rel!r}")
            found.append(rel)
    return sorted(found)


def _release_id(entries: list[Entry]) -> str:
    listing = "".join(f"{e.sha256} {e.size} {e.path}\n" for e in entries)
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()[:16]


def scan(site: Path, known: dict[str, Written] | None = None) -> Manifest:
    """Every file of ``site`` with its size and SHA-256.

    ``known``: files the build wrote, by path, with the state and digest ``filestate.write_file``
    gave; one whose size, modification time and inode are still those is not read again.
    """
    known = known or {}
    entries = []
    for rel in _files(site):
        stat = (site / rel).stat()
        written = known.get(rel)
        if written is not None and tuple(written[:3]) == (stat.st_size, stat.st_mtime_ns, stat.st_ino):
            entries.append(Entry(rel, stat.st_size, written[3]))
        else:
            entries.append(Entry(rel, stat.st_size, _digest(site / rel)))
    return Manifest(_release_id(entries), tuple(entries))


def write_manifest(site: Path, known: dict[str, Written] | None = None) -> Manifest:
    """Hash every file of ``site`` (but those ``known``, see ``scan``) and write the manifest
    (atomically) beside them."""
    manifest = scan(site, known)
    lines = ",\n".join(json.dumps({"path": e.path, "sha256": e.sha256, "size": e.size}, ensure_ascii=False)
                       for e in manifest.entries)
    text = f'{{"format": {FORMAT}, "release": "{manifest.release}", "files": [\n{lines}\n]}}\n'
    target = site / MANIFEST_NAME
    partial = target.with_name(MANIFEST_NAME + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return manifest


def parse_manifest(text: str, origin: str) -> Manifest:
    try:
        document = json.loads(text)
        if document.get("format") != FORMAT:
            raise ManifestError(f"{origin}: 清单格式 {document.get('format')!r} 不受支持（应为 {FORMAT}）")
        entries = tuple(Entry(str(f["path"]), int(f["size"]), str(f["sha256"])) for f in document["files"])
        release = str(document["release"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ManifestError(f"{origin}: 清单无法读取（{exc}）") from None
    for entry in entries:
        parts = entry.path.split("/")
        if entry.path.startswith("/") or ".." in parts or "" in parts or "\n" in entry.path:
            raise ManifestError(f"{origin}: 清单中的路径不合法：{entry.path!r}")
    if _release_id(list(entries)) != release:
        raise ManifestError(f"{origin}: 清单的版本号与文件列表不符")
    return Manifest(release, entries)


def read_manifest(site: Path) -> Manifest:
    path = site / MANIFEST_NAME
    if not path.is_file():
        raise ManifestError(f"{site} 中没有 {MANIFEST_NAME}：构建没有完成（或失败了），不能发布")
    return parse_manifest(path.read_text(encoding="utf-8"), str(path))


def verify_site(site: Path) -> Manifest:
    """The site's manifest, once every file matches it and nothing was added."""
    manifest = read_manifest(site)
    actual = scan(site)
    if actual.entries != manifest.entries:
        listed = {e.path: e for e in manifest.entries}
        found = {e.path: e for e in actual.entries}
        problems = [f"缺少 {p}" for p in sorted(listed.keys() - found.keys())]
        problems += [f"多出 {p}" for p in sorted(found.keys() - listed.keys())]
        problems += [f"内容不符 {p}" for p in sorted(listed.keys() & found.keys()) if listed[p] != found[p]]
        shown = "；".join(problems[:5]) + (f" 等 {len(problems)} 处" if len(problems) > 5 else "")
        raise ManifestError(f"{site} 的文件与构建清单不符（{shown}）：站点在构建后被改动过或没有构建完整，不能发布")
    return manifest
