"""The job layer runs a step in a worker, passes back its result or its error, reports progress, and stops."""

from __future__ import annotations

import os
import subprocess
import threading
import time

import psutil
import pytest

from synth_core import jobs
from synth_core.errors import SchemaError, SynthStudioError
from synth_core.progress import ProgressClock, ProgressUpdate


class _RefusedError(SynthStudioError):
    """An error written for the user, as the core raises them."""


def _square_with_progress(value: int, *, progress) -> tuple[int, int]:
    for step in range(5):
        progress((step + 1) / 5, f"step {step + 1} of 5")
        time.sleep(0.05)
    return value * value, os.getpid()


def _refuse(name: str) -> None:
    raise _RefusedError(f"Column '{name}' cannot be used; mark it as ignored on the Data page.")


def _die() -> None:
    os._exit(3)


def _spin_and_report(*, progress) -> None:
    buffer = bytearray(50 * 2**20)  # memory the worker holds until it is killed
    while True:
        progress(0.1, f"spinning in {os.getpid()} with {len(buffer)} bytes")


class _StopPressedError(BaseException):
    """Stands in for Streamlit's StopException, which is a BaseException too."""


def test_a_job_runs_in_a_worker_and_returns_its_result_with_progress():
    updates: list[ProgressUpdate] = []

    (square, worker_pid) = jobs.run_job(_square_with_progress, 7, step="Squaring", progress=updates.append)

    assert square == 49
    assert worker_pid != os.getpid()
    messages = [update.message for update in updates]
    assert "step 5 of 5" in messages
    assert updates[-1].fraction == pytest.approx(1.0)
    assert all(update.elapsed >= 0 for update in updates)
    assert [update.elapsed for update in updates] == sorted(update.elapsed for update in updates)


def test_the_workers_own_error_reaches_the_caller_as_itself():
    with pytest.raises(_RefusedError, match="Column 'age' cannot be used"):
        jobs.run_job(_refuse, "age", step="Refusing")


def test_a_worker_that_dies_becomes_a_job_failure_naming_the_step():
    with pytest.raises(jobs.JobFailedError) as failure:
        jobs.run_job(_die, step="Dying")

    assert failure.value.step == "Dying"
    assert failure.value.error_type == "WorkerDied"
    assert "exit code 3" in str(failure.value)


def test_stopping_the_caller_kills_the_worker_at_once():
    workers: list[int] = []

    def show(update: ProgressUpdate) -> None:
        if update.message.startswith("spinning in "):
            workers.append(int(update.message.split()[2]))
            if len(workers) > 3:
                raise _StopPressedError

    with pytest.raises(_StopPressedError):
        jobs.run_job(_spin_and_report, step="Spinning", progress=show)
    stopped = time.monotonic()

    worker = workers[-1]
    assert worker != os.getpid()
    while psutil.pid_exists(worker) and time.monotonic() - stopped < 2.0:
        time.sleep(0.05)
    assert not psutil.pid_exists(worker)  # killed and reaped: its CPU and memory are free


def test_the_test_hook_makes_a_named_job_fail(monkeypatch):
    monkeypatch.setenv(jobs.FAIL_JOBS_ENV, "_square_with_progress")

    with pytest.raises(RuntimeError, match="made to fail on purpose"):
        jobs.run_job(_square_with_progress, 3, step="Squaring")
    with pytest.raises(RuntimeError, match="made to fail on purpose"):
        jobs.run_job(_square_with_progress, 3, step="Squaring", isolated=False)


def test_a_job_in_this_process_reports_progress_the_same_way():
    updates: list[ProgressUpdate] = []

    square, pid = jobs.run_job(_square_with_progress, 4, step="Squaring", progress=updates.append, isolated=False)

    assert (square, pid) == (16, os.getpid())
    assert updates[-1].message == "step 5 of 5"


def test_slots_let_a_limited_number_run_and_the_rest_wait_in_order():
    slots = jobs.JobSlots(limit=lambda: 2)
    first, second, third, fourth = (slots.join() for _ in range(4))

    assert slots.try_start(first) == 0
    assert slots.try_start(second) == 0
    assert slots.try_start(third) == 1  # next in line
    assert slots.try_start(fourth) == 2
    slots.leave(first)
    assert slots.try_start(fourth) == 2  # not its turn: the third goes first
    assert slots.try_start(third) == 0
    assert slots.try_start(fourth) == 1
    slots.leave(fourth)  # giving up a place in line
    assert slots.running == 2


def test_a_waiting_job_reports_its_place_and_starts_when_a_slot_frees():
    slots = jobs.JobSlots(limit=lambda: 1)
    places: list[int] = []
    holder = slots.join()
    assert slots.try_start(holder) == 0
    threading.Timer(0.3, slots.leave, args=(holder,)).start()

    with slots.slot(lambda place: (places.append(place), time.sleep(0.05))):
        assert slots.running == 1

    assert places and set(places) == {1}
    assert slots.running == 0


def test_the_time_left_is_measured_from_the_work_done():
    now = [100.0]
    clock = ProgressClock(expected_seconds=60.0, clock=lambda: now[0])

    assert clock.now().remaining == pytest.approx(60.0)  # nothing measured yet: the prior estimate
    now[0] += 10.0
    update = clock.report(0.25, "epoch 25 of 100")

    assert update.elapsed == pytest.approx(10.0)
    assert update.remaining == pytest.approx(30.0)  # a quarter took 10 s, so three quarters take 30 s
    assert "about 30 s left" in update.text()
    assert ProgressUpdate(0.0, "Queued", 0.0, waiting=2).text().endswith("2nd in line")


def _schema_problems() -> None:
    raise SchemaError(["Column 'age' is numerical but holds 'unknown'.", "Column 'id' is not unique."])


def _odd_error() -> None:
    raise _OddError("disk", 3)


class _OddError(Exception):
    def __init__(self, device: str, code: int):
        super().__init__(f"{device} failed with code {code}")


def test_errors_built_from_parts_come_back_whole():
    with pytest.raises(SchemaError) as problems:
        jobs.run_job(_schema_problems, step="Checking")
    assert problems.value.problems == ["Column 'age' is numerical but holds 'unknown'.", "Column 'id' is not unique."]

    with pytest.raises(jobs.JobFailedError, match=r"Odd step failed \(_OddError: disk failed with code 3\)"):
        jobs.run_job(_odd_error, step="Odd step")


def _start_a_child_and_finish() -> int:
    child = subprocess.Popen(["sleep", "300"])
    return child.pid


def test_what_a_job_started_ends_with_it():
    child = jobs.run_job(_start_a_child_and_finish, step="Starting a helper process")

    deadline = time.monotonic() + 2.0
    while psutil.pid_exists(child) and psutil.Process(child).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the job's own child process outlived it"
        time.sleep(0.05)


def _report_very_often(*, progress) -> int:
    for index in range(100_000):
        progress(index / 100_000, f"report {index}")
    return 1


def test_a_flood_of_reports_is_thinned_before_it_reaches_the_caller():
    updates: list[ProgressUpdate] = []

    jobs.run_job(_report_very_often, step="Reporting", progress=updates.append)

    assert len(updates) < 2_000  # ten reports a second, plus the heartbeat


def _nested() -> int:
    return jobs.run_job(_square_with_progress, 5, step="Inner")[0]


def test_a_job_that_runs_a_job_runs_it_within_its_own_worker():
    assert jobs.run_job(_nested, step="Outer") == 25


class _UnreadableError(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no text")


def _raise_unreadable() -> None:
    raise _UnreadableError


def test_an_error_whose_message_cannot_be_read_still_comes_back_named():
    with pytest.raises(jobs.JobFailedError, match="_UnreadableError"):
        jobs.run_job(_raise_unreadable, step="Unreadable")


def test_the_time_left_is_not_made_up_once_the_prior_estimate_has_run_out():
    now = [0.0]
    clock = ProgressClock(expected_seconds=20.0, clock=lambda: now[0])

    now[0] = 30.0
    assert clock.report(0.001, "still preparing").remaining is None
    assert ProgressClock(expected_seconds=float("inf"), clock=lambda: 0.0).now().remaining is None
    now[0] = 40.0
    clock.report(0.5, "half way")
    now[0] = 45.0
    assert clock.now().remaining == pytest.approx(10.0 - 5.0, abs=0.1)  # the recent pace, counting down


def test_the_time_left_follows_the_recent_pace_not_the_preparation_before_it():
    now = [0.0]
    clock = ProgressClock(clock=lambda: now[0])
    now[0] = 20.0
    clock.report(0.05, "preparing the columns")  # slow preparation
    for second in range(21, 46):
        now[0] = float(second)
        update = clock.report(0.05 + 0.01 * (second - 20), f"epoch {second - 20}")

    assert update.remaining == pytest.approx(70.0)  # 70% left at 1% a second, not 105 s at the overall pace


_HEAVY_LIBRARIES = ("torch", "sdv.single_table", "sdmetrics.reports", "polars")


def _libraries_loaded_before_the_job() -> dict[str, bool]:
    import sys

    return {name: name in sys.modules for name in _HEAVY_LIBRARIES}


def test_a_worker_starts_with_the_generators_libraries_loaded_but_no_forked_thread_pool():
    loaded = jobs.run_job(_libraries_loaded_before_the_job, step="Checking imports")

    # About 3 s of imports that every fit and evaluation would otherwise pay again.
    assert loaded["torch"] and loaded["sdv.single_table"] and loaded["sdmetrics.reports"]
    # polars starts threads when imported; a worker forked from a process holding them can deadlock.
    assert not loaded["polars"]
