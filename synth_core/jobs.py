"""The job layer: every long step runs here, can be stopped, reports progress, and fails in one way.

A job runs one module-level function of the core (a fit, a sample, an evaluation, a report) in its own
worker process, started from the standard library's `multiprocessing` "forkserver": the server forks
each worker from a clean process that has already imported the heavy libraries, so a worker starts in
a fraction of a second, and none inherits the web server's threads. Stopping a job kills its worker's
whole process group, so the CPU goes idle and the memory returns to the system at once, which a thread
cannot do. (`concurrent.futures` cannot end a running task, and a pool's long-lived workers would keep
the memory a big fit took; one process per job does both.)

A server-wide queue lets at most `max_heavy_jobs()` heavy jobs run at once (the number of cores, or
`SYNTH_STUDIO_MAX_JOBS`); the others wait in order and report their place, so one user's long fit
cannot keep another's quick one from finishing.

Every failure reaches the caller as the worker's own exception when it can be rebuilt, else as a
`JobFailedError` naming the step and the error's type; nothing is printed or logged from the data.
The command line runs the same jobs in its own process (`isolated=False`): it serves one user, and
Ctrl-C stops it.

For tests, `SYNTH_STUDIO_FAIL_JOBS` (a comma-separated list of function names or step names, or `*`)
makes the named jobs raise as soon as they start, so every page's handling of a failed job can be seen.
"""

from __future__ import annotations

import inspect
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from synth_core.errors import SynthStudioError
from synth_core.progress import ProgressClock, ProgressUpdate

__all__ = [
    "FAIL_JOBS_ENV",
    "JobFailedError",
    "JobSlots",
    "max_heavy_jobs",
    "run_job",
    "warm_up",
]

T = TypeVar("T")
UpdateCallback = Callable[[ProgressUpdate], None]

FAIL_JOBS_ENV = "SYNTH_STUDIO_FAIL_JOBS"
MAX_JOBS_ENV = "SYNTH_STUDIO_MAX_JOBS"
TEST_FAILURE = "this job was made to fail on purpose (SYNTH_STUDIO_FAIL_JOBS is set)"
# How often the caller hears from a job even when the job itself says nothing: the elapsed time keeps
# moving, and a page's Stop is noticed within this time.
HEARTBEAT_SECONDS = 0.25
# A worker sends at most this many progress reports a second; a fit reporting every batch would flood the pipe.
_REPORTS_PER_SECOND = 10
# Modules the forkserver imports once, so each worker starts with them loaded: SDV, torch and SDMetrics
# cost about 3 s to import, which every fit and evaluation would pay again. Not anonymeter: it imports
# polars, whose thread pool starts at import and must not be forked.
_PRELOAD = [
    "synth_core.pipeline",
    "synth_core.report",
    "synth_core.lessons",
    "sdv.single_table",
    "sdv.metadata",
    "sdv.sampling",
    "sdv.cag",
    "sdmetrics.reports",
    "sdmetrics.single_column",
]

_IN_WORKER = False
_context_lock = threading.Lock()
_context: multiprocessing.context.BaseContext | None = None


class JobFailedError(SynthStudioError):
    """A job failed in a way that could not be passed on as its own exception.

    Attributes:
        step: What the job was doing, as the caller named it.
        error_type: The name of the worker's exception type, or "WorkerDied".
    """

    def __init__(self, step: str, error_type: str, detail: str):
        """Name the step, the kind of failure and what it said."""
        self.step = step
        self.error_type = error_type
        self.detail = detail
        super().__init__(f"{step} failed ({error_type}: {detail})")

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        """Rebuild from the parts (a job may run another job's step)."""
        return type(self), (self.step, self.error_type, self.detail)


def max_heavy_jobs() -> int:
    """How many heavy jobs may run at once on this server: `SYNTH_STUDIO_MAX_JOBS`, else the cores it may use."""
    configured = os.environ.get(MAX_JOBS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    try:
        return len(os.sched_getaffinity(0))  # a container's share, not the host's count
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class JobSlots:
    """A first-come, first-served queue for a limited number of running jobs, shared by every session."""

    def __init__(self, limit: Callable[[], int] = max_heavy_jobs):
        """Make an empty queue; `limit` is read on every check, so a changed setting applies at once."""
        self._limit = limit
        self._lock = threading.Lock()
        self._waiting: deque[object] = deque()
        self._running: set[object] = set()

    def join(self) -> object:
        """Join the queue and return the ticket that holds the place."""
        ticket = object()
        with self._lock:
            self._waiting.append(ticket)
        return ticket

    def try_start(self, ticket: object) -> int:
        """Start if it is this ticket's turn and a slot is free: 0 if started, else the place in line (1 = next)."""
        with self._lock:
            if ticket in self._running:
                return 0
            place = self._waiting.index(ticket) + 1
            if place == 1 and len(self._running) < self._limit():
                self._waiting.popleft()
                self._running.add(ticket)
                return 0
            return place

    def leave(self, ticket: object) -> None:
        """Give up a place in line or a running slot."""
        with self._lock:
            self._running.discard(ticket)
            if ticket in self._waiting:
                self._waiting.remove(ticket)

    @property
    def running(self) -> int:
        """How many jobs hold a slot now."""
        with self._lock:
            return len(self._running)

    @contextmanager
    def slot(self, wait: Callable[[int], None]) -> Iterator[None]:
        """Hold a slot for the duration of the block, calling `wait(place)` while waiting for one."""
        ticket = self.join()
        try:
            while place := self.try_start(ticket):
                wait(place)
            yield
        finally:
            self.leave(ticket)


HEAVY_JOBS = JobSlots()


@dataclass(frozen=True)
class _Call:
    """One call of a job's function, as it travels to its worker."""

    function: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    fail: bool = False  # made to fail by the test hook

    def run(self, progress: Callable[[float, str], None]) -> Any:
        """Call the function, passing `progress` if it takes one."""
        if self.fail:
            raise RuntimeError(TEST_FAILURE)
        extra = {"progress": progress} if _takes_progress(self.function) else {}
        return self.function(*self.args, **extra, **self.kwargs)


def warm_up() -> None:
    """Start the forkserver now (it imports the heavy libraries once), so the first job starts quickly."""
    _job_context()
    multiprocessing.forkserver.ensure_running()


def run_job(
    function: Callable[..., T],
    /,
    *args: Any,
    step: str,
    progress: UpdateCallback | None = None,
    expected_seconds: float | None = None,
    isolated: bool = True,
    heavy: bool = True,
    **kwargs: Any,
) -> T:
    """Run `function(*args, **kwargs)` as a job and return its result.

    If the function takes a `progress` keyword, it gets a callback whose reports come back here as
    `ProgressUpdate`s with the elapsed time and an estimate of the time left.

    Args:
        function: A module-level function (workers import it by name).
        *args: Its positional arguments; they are pickled to the worker.
        step: What the job does, for messages ("Generating with CTGAN").
        progress: Called with every update, and at least every `HEARTBEAT_SECONDS` while the job runs or
            waits. An exception raised here (a page being stopped or left) stops the job: its worker is
            killed before the exception goes on.
        expected_seconds: The estimate made before starting, shown as the time left until progress says more.
        isolated: Run in a worker process (the server). False runs in this process (the command line).
        heavy: Whether the job takes one of the server's limited slots.
        **kwargs: Its keyword arguments.

    Returns:
        What the function returned.

    Raises:
        JobFailedError: The worker died, or raised an error that could not be passed back as itself.
        Exception: The function's own exception, when it can be passed back.
    """
    show = progress or (lambda update: None)
    call = _Call(function, args, kwargs, _made_to_fail(function, step))
    clock = ProgressClock(expected_seconds=expected_seconds, message=step)

    def wait(place: int) -> None:
        show(ProgressUpdate(0.0, step, 0.0, None, waiting=place))
        time.sleep(HEARTBEAT_SECONDS)

    slots = HEAVY_JOBS.slot(wait) if heavy else _no_slot()
    with slots:
        clock.restart()
        show(clock.now())
        if not isolated or _IN_WORKER:  # a worker cannot start workers of its own; it is one already
            return call.run(lambda fraction, message: show(clock.report(fraction, message)))
        return _run_in_worker(call, clock, show, step)


@contextmanager
def _no_slot() -> Iterator[None]:
    yield


def _made_to_fail(function: Callable[..., Any], step: str) -> bool:
    names = {name.strip() for name in os.environ.get(FAIL_JOBS_ENV, "").split(",") if name.strip()}
    return "*" in names or getattr(function, "__name__", "") in names or step in names


def _takes_progress(function: Callable[..., Any]) -> bool:
    try:
        return "progress" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _run_in_worker(call: _Call, clock: ProgressClock, show: UpdateCallback, step: str) -> Any:
    receive, send = _job_context().Pipe(duplex=False)
    worker = _job_context().Process(
        target=_worker_main,
        args=(send, call),
        name=f"synth-studio job: {step}",
        daemon=True,
    )
    worker.start()
    send.close()  # the worker holds the only sending end, so its death closes the pipe
    try:
        while True:
            if receive.poll(HEARTBEAT_SECONDS):
                try:
                    # Our own worker's bytes, made by the code above from our own objects, never user input.
                    kind, *payload = pickle.loads(receive.recv_bytes())
                except (EOFError, OSError):  # the worker died, possibly halfway through a message
                    worker.join(1)
                    raise JobFailedError(step, "WorkerDied", _death_reason(worker.exitcode)) from None
                if kind == "progress":
                    show(clock.report(*payload))
                    continue
                if kind == "done":
                    return payload[0]
                raise _rebuilt_error(step, *payload)
            show(clock.now())
    finally:
        _end(worker)
        receive.close()


def _end(worker: multiprocessing.process.BaseProcess) -> None:
    """Kill the worker and everything it started, and reap it."""
    if worker.pid is not None and worker.exitcode is None:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.kill()
    worker.join(5)
    if worker.exitcode is not None:  # close() refuses a process that is still running
        worker.close()


def _death_reason(exitcode: int | None) -> str:
    if exitcode == -signal.SIGKILL:
        return "the worker process was killed, most likely because the machine ran out of memory"
    return f"the worker process ended unexpectedly (exit code {exitcode})"


def _rebuilt_error(step: str, pickled: bytes | None, error_type: str, detail: str) -> Exception:
    if pickled is not None:
        try:
            error = pickle.loads(pickled)  # made by our own worker from our own exception, never user input
        except Exception:  # an exception class that cannot be rebuilt; its name and text still tell
            error = None
        if isinstance(error, Exception):
            return error
    return JobFailedError(step, error_type, detail)


def _job_context() -> multiprocessing.context.BaseContext:
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _context = context
        return _context


def _worker_main(send: Connection, call: _Call) -> None:
    """The worker: run the function, sending progress, then its result or its error, back to the caller."""
    global _IN_WORKER
    _IN_WORKER = True
    os.setsid()  # its own process group, so stopping the job also ends any process it starts
    _first_to_go_when_memory_runs_out()
    last_sent = 0.0

    def report(fraction: float, message: str) -> None:
        nonlocal last_sent
        now = time.monotonic()
        if now - last_sent >= 1 / _REPORTS_PER_SECOND or fraction >= 1.0:
            send.send_bytes(pickle.dumps(("progress", float(fraction), str(message))))
            last_sent = now

    try:
        result = call.run(report)
        # Plain pickle, sent as bytes: torch's multiprocessing pickler would share tensors through file
        # descriptors that die with this worker.
        send.send_bytes(pickle.dumps(("done", result), protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException as error:  # every failure goes back to the caller, which decides what to say
        send.send_bytes(pickle.dumps(("failed", _pickled(error), type(error).__name__, _text_of(error))))
    finally:
        send.close()
        # Anything the function started (a library's helper processes) goes with the worker.
        os.killpg(0, signal.SIGKILL)


def _first_to_go_when_memory_runs_out() -> None:
    """Ask the kernel to kill this worker, not the server, if the machine runs out of memory."""
    with suppress(OSError), open("/proc/self/oom_score_adj", "w", encoding="ascii") as adjust:
        adjust.write("1000")


def _text_of(error: BaseException) -> str:
    try:
        return str(error)
    except Exception:  # an exception whose message cannot even be made
        return f"{type(error).__name__} (its message could not be read)"


def _pickled(error: BaseException) -> bytes | None:
    """The error, pickled, if it comes back as itself; else None, and its type and text go back instead."""
    try:
        data = pickle.dumps(error)
        rebuilt = pickle.loads(data)
        # An exception whose __init__ takes other arguments than its message is rebuilt wrongly, not refused.
        return data if type(rebuilt) is type(error) and str(rebuilt) == str(error) else None
    except BaseException:  # anything that cannot make the trip goes back as its type and text
        return None
