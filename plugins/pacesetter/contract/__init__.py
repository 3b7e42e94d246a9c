"""The data contract: loading YAML with positions, checking every rule, reporting in Chinese."""

from .diagnostics import DataError, Diagnostic, Report
from .loader import ColumnData, load

__all__ = ["ColumnData", "DataError", "Diagnostic", "Report", "load"]
