"""Running long steps from a page: one way to show progress, stop, and report a failure.

Every page runs its long steps through `run_job`: the step runs as a job in its own worker process
(`synth_core.jobs`), a progress bar shows what it does, how long it has run and about how long is
left, and a Stop button beside it ends the worker. Leaving the page or closing the tab ends it too:
Streamlit stops the script at its next progress update, and the job layer then kills the worker.
A failure becomes one message that says what failed and what to do; the page and earlier results stay.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st

from dashboard import state, widgets
from synth_core import generators, jobs
from synth_core.errors import SynthStudioError
from synth_core.pipeline import RunConfig, RunOutcome, run_pipeline
from synth_core.progress import ProgressUpdate

T = TypeVar("T")

_STOPPED = "stopped_job"
_HELD = "held_jobs"
_LOG = logging.getLogger(__name__)
_stop_keys = itertools.count()
KEEP = "Your earlier results are unchanged."
DEFAULT_ADVICE = "Try again; if it fails again, try fewer rows or columns, another generator, or check the schema."


@st.cache_resource(show_spinner=False)
def warm_up_jobs() -> bool:
    """Start the job workers' parent process once per server, so the first job starts quickly."""
    jobs.warm_up()
    return True


def run_job(
    step: str,
    function: Callable[..., T],
    /,
    *args: Any,
    expected_seconds: float | None = None,
    advice: str = DEFAULT_ADVICE,
    heavy: bool = True,
    automatic: bool = False,
    **kwargs: Any,
) -> T | None:
    """Run a core function as a job, with a progress bar and a Stop button; None if it failed.

    Args:
        step: What the job does, as the user would say it ("Generating with CTGAN"); shown above the bar
            and in any failure message.
        function: A module-level function of the core.
        *args: Its positional arguments.
        expected_seconds: The estimate made before starting, shown as the time left until progress says more.
        advice: What to do if it fails with an error that is not already written for the user.
        heavy: Whether it takes one of the server's limited job slots (quick steps need not wait in line).
        automatic: The page starts it without a click (on opening the page, or on choosing a column). After
            it was stopped or failed, it then waits for "Run again" instead of starting on every rerun.
        **kwargs: Its keyword arguments.

    Returns:
        The function's result, or None after showing why it failed.
    """
    if automatic and step in _held_steps():
        if not st.button(
            "Run again", key=f"run_again_{step}", icon=":material/replay:", help=f"{widgets.escape(step)} again."
        ):
            st.info(f"{widgets.escape(step)}: {_held_steps()[step]}.", icon=":material/pause_circle:")
            return None
        _held_steps().pop(step, None)
    box = st.empty()
    with box.container():
        bar = st.progress(0.0, text=widgets.escape(step))
        st.button(
            "Stop",
            key=f"stop_job_{next(_stop_keys)}",
            icon=":material/stop_circle:",
            help="Stop this step now. Your earlier results stay in place.",
            on_click=_remember_stop,
            args=(step,),
        )

    def show(update: ProgressUpdate) -> None:
        # The job's own message ("CTGAN (SDV): epoch 5 of 300"); the step until it sends one.
        bar.progress(min(max(update.fraction, 0.0), 1.0), text=widgets.escape(update.text()))

    try:
        result = jobs.run_job(
            function, *args, step=step, progress=show, expected_seconds=expected_seconds, heavy=heavy, **kwargs
        )
    except Exception as error:  # one policy for every page: a message, never a traceback
        box.empty()
        _LOG.warning("Job failed: %s (%s)", step, type(error).__name__)  # no message: it may quote the data
        _held_steps()[step] = "failed; nothing was changed"
        show_failure(step, error, advice)
        return None
    except BaseException:  # Stop, another click, or the tab closing: the job layer has ended the worker
        st.session_state.setdefault(_STOPPED, step)
        _held_steps()[step] = "stopped before it finished"
        raise
    box.empty()
    _held_steps().pop(step, None)
    return result


def show_failure(step: str, error: Exception, advice: str = DEFAULT_ADVICE) -> None:
    """Say what failed and what to do next, in one message."""
    if isinstance(error, jobs.JobFailedError) and error.error_type == "WorkerDied":
        text = f"{step} stopped: {error.detail}. {KEEP} Try fewer synthetic rows, a subsample, or fewer epochs."
    elif isinstance(error, SynthStudioError | ValueError) and not isinstance(error, jobs.JobFailedError):
        text = f"{step} failed: {error} {KEEP}"  # our own errors are written for the user
    else:
        detail = error.detail if isinstance(error, jobs.JobFailedError) else str(error)
        kind = error.error_type if isinstance(error, jobs.JobFailedError) else type(error).__name__
        text = f"{step} failed ({kind}: {detail}). {KEEP} {advice}"
    st.error(widgets.escape(text), icon=":material/error:")


def stopped_notice() -> None:
    """After Stop, say what was stopped and that nothing else changed (shown once, on the next run)."""
    step = st.session_state.pop(_STOPPED, None)
    if step:
        st.info(f"Stopped: {widgets.escape(step)}. {KEEP}", icon=":material/stop_circle:")


def _remember_stop(step: str) -> None:
    st.session_state[_STOPPED] = step


def _held_steps() -> dict[str, str]:
    """Steps that were stopped or failed, with what happened, so automatic ones wait for "Run again"."""
    return st.session_state.setdefault(_HELD, {})


def run_with_progress(
    dataset: state.Dataset, config: RunConfig, *, expected_seconds: float | None = None
) -> RunOutcome | None:
    """Split, fit, sample and evaluate the current table as one job; None if it failed or was stopped."""
    label = generators.get(config.generator).label
    return run_job(
        f"Generating with {label}",
        run_pipeline,
        dataset.frame,
        schema=state.get_schema(),
        config=config,
        data_name=dataset.name,
        data_sha256=dataset.sha256,
        expected_seconds=expected_seconds,
        advice="Try another generator, fewer epochs or rows, or check the schema on the Data page.",
    )
