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


def available_memory() -> int | None:
    """Bytes of memory the system can still give without swapping (Linux's MemAvailable), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def workers(each: int) -> int:
    """Processes to fork when each needs about ``each`` bytes of its own: one per core, no more
    than the available memory holds (a machine with many cores and little memory), at least one."""
    count = cores()
    free = available_memory()
    if free is None or each <= 0:
        return count
    return max(1, min(count, free // each))


def stop(process: subprocess.Popen, wait: float = 10) -> None:
    """Terminate ``process``, and kill it if it has not ended within ``wait`` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
