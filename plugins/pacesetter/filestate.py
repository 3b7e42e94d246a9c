"""What a folder holds, as the caches compare it between builds; files written with what the
build's manifest may take on trust."""

from __future__ import annotations

import hashlib
import os

#: A file as the build wrote it: (size, modification time in ns, inode, SHA-256 in hex).
Written = tuple[int, int, int, str]


def tree_state(root, *, follow_symlinks: bool = True, skip: str | None = None) -> list[tuple[str, int, int, int]]:
    """(path, size, modification time in ns, mode) of every file under ``root``, in a fixed order.

    Links to folders are not walked into; with ``follow_symlinks`` false a link to a
    file is described itself rather than its target. ``skip``: a folder left out. A
    file removed while the folder is walked is left out too.
    """
    if not root or not os.path.isdir(root):
        return []
    state = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if os.path.join(folder, d) != skip)
        for name in sorted(names):
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path, follow_symlinks=follow_symlinks)
            except OSError:
                continue
            state.append((path, stat.st_size, stat.st_mtime_ns, stat.st_mode))
    return state


def write_file(path: str | os.PathLike, data: bytes) -> Written:
    """Write ``data`` to ``path`` (making its folder), and return the file's state with the
    SHA-256 of ``data``.

    The manifest (publish/manifest.py) takes that digest instead of reading the file back
    while the file's size, modification time and inode are still the same: the build's own
    writers are the only ones in its output folder, and each file has one writer.
    """
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        stat = os.fstat(f.fileno())
    return stat.st_size, stat.st_mtime_ns, stat.st_ino, hashlib.sha256(data).hexdigest()
