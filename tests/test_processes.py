"""Work done beside the build in a forked process (``processes.Beside``): the downloads are
written that way while the pages render, so its answers and its failures must come back."""

from __future__ import annotations

import errno
import os
import signal
import time

import pytest

from pacesetter import processes

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forks a process")


def test_the_work_shares_this_process_memory_and_answers_with_its_result():
    rows = list(range(100_000))  # not pickled to start the work: the forked process has it
    beside = processes.Beside(lambda: (os.getpid(), sum(rows)))
    pid, total = beside.result()
    assert pid != os.getpid()
    assert total == sum(range(100_000))


def test_this_process_goes_on_while_the_work_runs(tmp_path):
    go = tmp_path / "go"

    def work():  # waits for a file this process writes only after starting it
        deadline = time.monotonic() + 60
        while not go.exists():
            if time.monotonic() > deadline:
                return "never told to go"
            time.sleep(0.01)
        return "went"

    beside = processes.Beside(work)
    go.write_text("", encoding="utf-8")
    assert beside.result() == "went"


def test_an_error_of_the_work_is_raised_by_result_as_it_was():
    def work():
        raise OSError(errno.ENOSPC, "No space left on device", "data/files/orgs.csv")

    beside = processes.Beside(work)
    with pytest.raises(OSError) as raised:
        beside.result()
    assert raised.value.errno == errno.ENOSPC
    assert raised.value.filename == "data/files/orgs.csv"


def test_work_that_dies_without_an_answer_is_an_error_not_a_hang():
    beside = processes.Beside(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(RuntimeError, match="工作进程意外结束（退出码 -9）"):
        beside.result()


def test_an_answer_that_cannot_be_sent_back_is_an_error():
    beside = processes.Beside(lambda: (lambda: None))  # a function does not pickle
    with pytest.raises(RuntimeError, match="工作进程的结果无法传回"):
        beside.result()


def test_stop_ends_the_work_at_once():
    beside = processes.Beside(lambda: time.sleep(120))
    started = time.monotonic()
    beside.stop()
    assert time.monotonic() - started < 30
    assert not beside._process.is_alive()
