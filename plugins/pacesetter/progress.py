"""What a build is doing, shown on a terminal: the stage, and a count where there is one.

``pacesetter build`` and ``serve`` turn it on when standard error is a terminal and the
CI variable is not set, so CI logs and tests get nothing; PACESETTER_PROGRESS=1 turns
it on anywhere, PACESETTER_PROGRESS=0 off. The bars are tqdm's.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

_enabled = False


def enable(on: bool | None = None) -> None:
    """Show progress from now on; by default only on an interactive terminal outside CI."""
    global _enabled
    if on is None:
        forced = os.environ.get("PACESETTER_PROGRESS")
        on = forced == "1" if forced in ("0", "1") else sys.stderr.isatty() and not os.environ.get("CI")
    _enabled = on


class _Quiet:
    def update(self, n: int = 1) -> None:
        pass


@contextmanager
def stage(label: str, total: int | None = None):
    """A stage of the build; ``update(n)`` moves its bar when it has a total."""
    if not _enabled:
        yield _Quiet()
        return
    from tqdm import tqdm

    started = time.perf_counter()
    if total:
        with tqdm(total=total, desc=label, unit="页", file=sys.stderr, leave=True, dynamic_ncols=True) as bar:
            yield bar
    else:
        print(f"{label} …", file=sys.stderr, flush=True)
        yield _Quiet()
        print(f"{label}：{time.perf_counter() - started:.1f} 秒", file=sys.stderr, flush=True)
