"""Where a build may read from and write to.

Everything under ``data/``, ``content/`` and ``overrides/`` arrives by merge request.
A symbolic link there could make the build publish any file the CI runner can read
(its environment, a deploy key) or make an import write outside the repository, so
no link is accepted in those folders, whatever it points to: a link that stays inside
the repository can still reach ``.git/config`` and the tokens some runners keep there.

The output folder is emptied by MkDocs before each build, so it must be a folder the
column made itself, and never one that holds (or lies inside) its sources.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

#: Left in an output folder when a build starts; with the manifest it marks a folder
#: that pacesetter built and may empty again. (MkDocs keeps dot files when it cleans.)
BUILD_MARK = ".built-by-pacesetter"


def links_under(root: Path | str) -> list[str]:
    """Every symbolic link at or under ``root``, without following any, in a fixed order.

    A dangling link is a link like any other. A missing ``root`` has none.
    """
    root = os.fspath(root)
    if os.path.islink(root):
        return [root]
    if not os.path.isdir(root):
        return []
    found = []
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs.sort()
        for name in sorted(dirs + names):
            path = os.path.join(folder, name)
            if os.path.islink(path):
                found.append(path)
        # os.walk lists a link to a folder among dirs but never enters it
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
    return sorted(found)


def link_message(path: str) -> tuple[str, str]:
    """The editors' message for a link and what to do about it."""
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    dangling = not os.path.exists(path)
    what = f"是指向“{target}”的符号链接" + ("（目标不存在）" if dangling else "")
    return what, "专栏不读取符号链接：删除这个链接，把文件本身放在这里（git 里是普通文件，不是链接）"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_problem(out: Path, sources: dict[str, Path], manifest_name: str) -> str | None:
    """Why ``out`` must not be built into, or None.

    ``sources`` names the folders the build reads (data, content, overrides…). The
    output folder may not be, hold or lie inside any of them, and when it already has
    files it must be an earlier build (its manifest or its mark), since MkDocs empties it.
    """
    if out.is_symlink():
        return f"输出文件夹 {out} 是符号链接：请给出一个普通文件夹"
    real = Path(os.path.realpath(out))
    for label, source in sources.items():
        source_real = Path(os.path.realpath(source))
        if _inside(real, source_real) or _inside(source_real, real):
            return (f"输出文件夹 {out} 与{label} {source} 重叠：构建会清空输出文件夹，"
                    f"请另选一个文件夹（默认 site）")
    if out.exists() and not out.is_dir():
        return f"输出位置 {out} 是一个文件，不是文件夹"
    if out.is_dir() and any(out.iterdir()):
        if not (out / manifest_name).is_file() and not (out / BUILD_MARK).is_file():
            return (f"输出文件夹 {out} 里已有文件，却不是专栏以前构建的站点：构建会清空它，"
                    f"所以没有动它。请给出一个空文件夹或新文件夹，或先自行确认后清空它")
    return None


def mark_output(out: Path) -> None:
    """Mark ``out`` as a folder pacesetter builds into (see ``output_problem``)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / BUILD_MARK).write_text("pacesetter 构建的站点；构建时会清空这个文件夹。\n", encoding="utf-8")


def write_replacing(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a new file renamed over it.

    The rename replaces a link at ``path`` rather than writing where it points, and a
    failed write (a full disk) leaves the old file as it was.
    """
    folder = path.parent
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def site_sources(config_file: Path) -> dict[str, Path]:
    """The folders an MkDocs configuration reads: docs_dir and the theme's custom_dir.

    Read without building anything, for ``pacesetter check`` and the output folder's
    check. A configuration that cannot be read gives none (the build reports it).
    """
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(config_file, "rb") as f:
            config = yaml_load(f) or {}
    except Exception:  # MkDocs reports an unreadable configuration itself
        return {}
    base = config_file.parent
    found: dict[str, Path] = {}
    docs = config.get("docs_dir", "docs") if isinstance(config, dict) else None
    if isinstance(docs, str):
        found["页面文件夹"] = base / docs
    theme = config.get("theme") if isinstance(config, dict) else None
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        found["主题覆盖文件夹"] = base / theme["custom_dir"]
    return found
