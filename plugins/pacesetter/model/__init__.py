"""The column model: typed entities and the facts derived from them (no MkDocs here)."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from ..contract import DataError, load
from ..filestate import tree_state
from .column import Column

# The last column checked, by a fingerprint of its files: `pacesetter build` checks the
# data itself, then MkDocs' plugin asks again for the same, unchanged folder.
_last: tuple[tuple, Column] | None = None


def _fingerprint(data_dir: Path) -> tuple:
    entries = tuple((os.path.relpath(path, data_dir), size, mtime) for path, size, mtime, _ in tree_state(data_dir))
    return (str(data_dir.resolve()), entries)


def _fewer_full_collections() -> None:
    """Let the garbage collector walk the oldest objects a hundred times less often.

    A province's model is millions of long-lived objects, and every full collection
    walks them all: at 20,000 organizations that was 40% of reading the data, and
    it grows faster than the data. Short-lived garbage is still collected as usual
    (memory after loading 20,000 organizations: +7%).
    """
    young, middle, old = gc.get_threshold()
    if old < 1000:
        gc.set_threshold(young, middle, 1000)


def load_column(data_dir: Path | str) -> Column:
    """Check ``data_dir`` and derive its model; DataError carries every problem found."""
    global _last
    data_dir = Path(data_dir)
    fingerprint = _fingerprint(data_dir)
    if _last is not None and _last[0] == fingerprint:
        return _last[1]
    _fewer_full_collections()
    data, report = load(data_dir)
    if data is None:
        raise DataError(report)
    column = Column(data)
    column.warnings = tuple(report.warnings)
    _last = (fingerprint, column)
    return column


__all__ = ["Column", "load_column"]
