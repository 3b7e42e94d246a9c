"""One shape for every data error: file, line, column, field, message, hint.

Editors read these messages, so they are in Chinese and say what to do. They are
collected rather than raised, so that one run reports every problem at once.
A warning (警告) has the same shape: it is shown, and does not stop the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found in the data, at a position in a file (1-based line and column)."""

    file: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def format(self) -> str:
        where = f"{visible(self.file)}:{self.line}:{self.col}"
        label = f"[{visible(self.field)}] " if self.field else ""
        text = f"{where}: {'错误' if self.is_error else '警告'}: {label}{visible(self.message)}"
        if self.hint:
            text += f"\n    提示: {visible(self.hint)}"
        return text

    def format_github(self) -> str:
        # Workflow commands end at a newline and treat '%', '\r', '\n' specially in the
        # message, and ',' and ':' as well in a property such as the file name.
        label = f"[{visible(self.field)}] " if self.field else ""
        body = f"{label}{visible(self.message)}" + (f"（提示: {visible(self.hint)}）" if self.hint else "")
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = (visible(self.file).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
                .replace(",", "%2C").replace(":", "%3A"))
        return f"::{'error' if self.is_error else 'warning'} file={file},line={self.line},col={self.col}::{body}"


#: Characters a reader cannot see (Unicode categories): controls, format characters
#: such as zero-width spaces and right-to-left overrides, line and paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def visible(text: str) -> str:
    """``text`` with control and format characters written out (``\\n``, ``\\u202e``).

    File names, keys and values come from merge requests: a newline in one must not
    start a forged line in a CI log (a GitHub workflow command, say), and a
    right-to-left override must not turn a message around.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if unicodedata.category(ch) not in HIDDEN_CATEGORIES:  # spaces such as the ideographic space stay
        return ch
    code = ord(ch)
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def display_path(path: Path, cwd: str | None = None) -> str:
    """The path as an editor would type it: relative to the working directory when inside it.

    Pass ``cwd`` when showing many paths: asking the system for it costs a file system call.
    """
    # abspath, not resolve: no file system calls for each of a province's files.
    cwd = cwd or os.getcwd()
    full = os.path.join(cwd, path) if not os.path.isabs(path) else os.path.normpath(path)
    if full == cwd or full.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(full, cwd)).as_posix()
    return Path(path).as_posix()


@dataclass
class Report:
    """Collects diagnostics from every stage of one run."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, file: str, line: int, col: int, field: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(file, line, col, field, message, hint))

    def warn(self, file: str, line: int, col: int, field: str, message: str, hint: str = "") -> None:
        """Something editors should see and the column can still be built with."""
        self.diagnostics.append(Diagnostic(file, line, col, field, message, hint, WARNING))

    @property
    def ok(self) -> bool:
        """No error (warnings may remain)."""
        return not any(d.is_error for d in self.diagnostics)

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.sorted() if not d.is_error]

    def sorted(self) -> list[Diagnostic]:
        """Sorted by file, then line and column; the same problem is reported once."""
        return sorted(set(self.diagnostics))

    def format(self) -> str:
        return "\n".join(d.format() for d in self.sorted())

    def format_github(self) -> str:
        return "\n".join(d.format_github() for d in self.sorted())

    def format_codeclimate(self) -> str:
        """A Code Climate report, which GitLab shows in the merge request (``codequality``)."""
        issues = []
        for d in self.sorted():
            label = f"[{d.field}] " if d.field else ""
            key = f"{d.file}\0{d.line}\0{d.col}\0{d.field}\0{d.message}".encode("utf-8")
            issues.append({
                "type": "issue",
                "check_name": visible(d.field) or "data",
                "description": visible(f"{label}{d.message}" + (f"（提示: {d.hint}）" if d.hint else "")),
                "categories": ["Bug Risk"],
                "severity": "major" if d.is_error else "minor",
                "fingerprint": hashlib.sha256(key).hexdigest(),
                "location": {"path": visible(d.file), "positions": {"begin": {"line": d.line, "column": d.col}}},
            })
        return json.dumps(issues, ensure_ascii=False, indent=1)

    def summary(self) -> str:
        found = self.sorted()
        errors = sum(d.is_error for d in found)
        files = len({d.file for d in found})
        counts = "，".join(text for n, text in ((errors, f"{errors} 个错误"), (len(found) - errors, f"{len(found) - errors} 个警告"))
                          if n) or "0 个错误"
        return f"共 {counts}，涉及 {files} 个文件。"


class DataError(Exception):
    """Raised at the edges (CLI, MkDocs plugin) when the data has errors; carries the report."""

    def __init__(self, report: Report):
        super().__init__(report.format())
        self.report = report
