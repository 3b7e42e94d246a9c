"""What a folder holds, as the caches compare it between builds."""

from __future__ import annotations

import os


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
