"""The one progress protocol: what a long step reports, and what a page or console shows of it.

The core's long steps take a `ProgressCallback` and call it with the fraction of their own work done
and a short message. The job layer (`synth_core.jobs`) turns those calls into `ProgressUpdate`s that
also carry the elapsed time and an estimate of the time left, measured from the work done so far.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

# What every long step in the core takes: (fraction of the step done, from 0 to 1; message).
ProgressCallback = Callable[[float, str], None]

# Below this share of the work, or this many seconds, the rate seen so far says too little to extrapolate.
_MIN_MEASURED_FRACTION = 0.02
_MIN_MEASURED_SECONDS = 1.0
# The pace is read over this many recent seconds: a fit's epochs, not the preparation before them.
_PACE_WINDOW_SECONDS = 30.0


@dataclass(frozen=True)
class ProgressUpdate:
    """One report of a running job, as a page shows it.

    Attributes:
        fraction: Share of the whole job done, from 0 to 1.
        message: What the job is doing now.
        elapsed: Seconds since the job started running (waiting in the queue not counted).
        remaining: Estimated seconds left, or None while there is nothing to go on yet.
        waiting: Place in the queue of heavy jobs (1 = next), or 0 once running.
    """

    fraction: float
    message: str
    elapsed: float
    remaining: float | None = None
    waiting: int = 0

    def text(self) -> str:
        """The line under a progress bar: message, elapsed time and, when known, the time left."""
        if self.waiting:
            return f"{self.message} · waiting for a free worker, {_ordinal(self.waiting)} in line"
        left = f" · about {format_duration(self.remaining)} left" if self.remaining is not None else ""
        return f"{self.message} · {format_duration(self.elapsed)}{left}"


def no_progress(fraction: float, message: str) -> None:
    """A callback that shows nothing, for callers that pass none."""


def reporter(progress: ProgressCallback | None) -> ProgressCallback:
    """The callback to call: the one given, or one that shows nothing."""
    return progress or no_progress


def scaled(progress: ProgressCallback | None, start: float, end: float) -> ProgressCallback:
    """Map a step's own 0-to-1 progress onto its part [start, end] of a larger job."""
    report = reporter(progress)

    def report_part(fraction: float, message: str) -> None:
        report(start + (end - start) * min(max(fraction, 0.0), 1.0), message)

    return report_part


class ProgressClock:
    """Turns (fraction, message) reports into `ProgressUpdate`s with elapsed time and time left.

    The time left is measured as the work goes: once a little of the work is done, the pace of the last
    half-minute (the latest epochs, say) is extrapolated over what is left. Before that, a prior estimate
    (from the cost models) stands in, if one was given.
    """

    def __init__(
        self,
        *,
        expected_seconds: float | None = None,
        message: str = "Starting…",
        clock: Callable[[], float] = time.monotonic,
    ):
        """Start the clock.

        Args:
            expected_seconds: The estimate made before the job started, used until progress says more.
            message: What to show until the job reports.
            clock: Seconds from an arbitrary origin; injectable for tests.
        """
        self._clock = clock
        self._started = clock()
        self._expected = expected_seconds if expected_seconds is not None and math.isfinite(expected_seconds) else None
        self._fraction = 0.0
        self._message = message
        self._history: deque[tuple[float, float]] = deque([(0.0, 0.0)])  # (seconds since start, fraction)

    def restart(self) -> None:
        """Start counting again (when a queued job begins to run)."""
        self._started = self._clock()
        self._history = deque([(0.0, self._fraction)])

    def report(self, fraction: float, message: str) -> ProgressUpdate:
        """Record a report and return the update to show."""
        fraction = float(fraction) if math.isfinite(fraction) else self._fraction
        fraction = max(self._fraction, min(max(fraction, 0.0), 1.0))
        if fraction > self._fraction:
            self._fraction = fraction
            self._history.append((self._clock() - self._started, fraction))
        self._message = message or self._message
        return self.now()

    def now(self) -> ProgressUpdate:
        """The current update, with the elapsed time moving even when no report came in."""
        elapsed = self._clock() - self._started
        return ProgressUpdate(self._fraction, self._message, elapsed, self._remaining(elapsed))

    def _remaining(self, elapsed: float) -> float | None:
        done = self._fraction
        if done >= 1.0:
            return 0.0
        last_at, _ = self._history[-1]
        if done >= _MIN_MEASURED_FRACTION and last_at >= _MIN_MEASURED_SECONDS:
            while len(self._history) > 2 and self._history[0][0] < last_at - _PACE_WINDOW_SECONDS:
                self._history.popleft()
            first_at, first_done = self._history[0]
            if last_at - first_at >= _MIN_MEASURED_SECONDS and done > first_done:
                pace = (done - first_done) / (last_at - first_at)
                # What is left at the recent pace, counting down between reports.
                return max((1.0 - done) / pace - (elapsed - last_at), 0.0)
        if self._expected is not None and elapsed < self._expected:
            return self._expected - elapsed
        return None  # the prior estimate has run out and too little is measured: say nothing rather than "0 s"


def format_duration(seconds: float | None) -> str:
    """A duration as people say it: "4 s", "3 min", "1.5 h"."""
    if seconds is None or not math.isfinite(seconds):
        return "unknown"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def _ordinal(place: int) -> str:
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"
