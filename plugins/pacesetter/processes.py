"""Other processes: how many the build may run at once, one that works beside the build, and
stopping one it started."""

from __future__ import annotations

import gc
import multiprocessing
import os
import subprocess
from collections.abc import Callable


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


class Beside:
    """``work()`` run in a forked process while this one goes on; ``result()`` waits for its answer.

    The forked process shares this one's memory as it was when forked (nothing is
    pickled to start it); its answer, or the exception it raised, comes back pickled
    through a pipe and is returned, or raised again, by ``result``.
    """

    def __init__(self, work: Callable[[], object]):
        context = multiprocessing.get_context("fork")
        self._answers, answer = context.Pipe(duplex=False)
        # Objects moved to the permanent generation: the collector in the forked process
        # does not write to them, so their pages stay shared.
        gc.freeze()
        self._process = context.Process(target=_answer, args=(answer, work), daemon=True)
        self._process.start()
        answer.close()

    def result(self):
        try:
            done, value = self._answers.recv()
        except EOFError:  # it ended without answering (killed, or out of memory)
            done, value = False, None
        finally:
            self._answers.close()
            self._process.join()  # before its exit code is read: the pipe closes as it dies, before it is reaped
        if not done:
            raise value if value is not None else RuntimeError(f"工作进程意外结束（退出码 {self._process.exitcode}）")
        return value

    def stop(self) -> None:
        """End the process, whatever it was doing; its answer is not waited for."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._answers.close()


def _answer(answer, work: Callable[[], object]) -> None:
    try:
        reply = (True, work())
    except BaseException as exc:  # noqa: BLE001 - handed back to the process that waits
        reply = (False, exc)
    try:
        answer.send(reply)
    except Exception as exc:  # an answer that does not pickle
        answer.send((False, RuntimeError(f"工作进程的结果无法传回：{exc!r}")))
    answer.close()
