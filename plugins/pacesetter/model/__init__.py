"""The column model: typed entities and the facts derived from them (no MkDocs here)."""

from __future__ import annotations

from pathlib import Path

from ..contract import DataError, load
from .column import Column


def load_column(data_dir: Path | str) -> Column:
    """Check ``data_dir`` and derive its model; DataError carries every problem found."""
    data, report = load(data_dir)
    if data is None:
        raise DataError(report)
    return Column(data)


__all__ = ["Column", "load_column"]
