"""Other processes: how many the build may run at once, and stopping one it started."""

from __future__ import annotations

import os
import subprocess


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def stop(process: subprocess.Popen, wait: float = 10) -> None:
    """Terminate ``process``, and kill it if it has not ended within ``wait`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
