"""The costly-run gate: a run whose estimate warns waits for the user's choice, wherever it was asked for.

The Generate button and a run manifest opened on the Compare page both come through here: the same
estimate (`synth_core.estimate.estimate_run`, computed by the page), the same prompt and the same choices
(a fit subsample, fewer synthetic rows, the run as asked, or nothing). Nothing starts until a choice is
made; the choice is kept in the session (`state.set_confirmed_run`) and the page reruns, so the prompt is
gone while the chosen run works as a job (`run_steps.run_job`, with Stop).

Each place that asks has its own slot, so a run held on one page never starts from another.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import state, widgets
from synth_core.estimate import RunEstimate
from synth_core.runs import RunConfig

GENERATE_SLOT = "generate"


def hold_if_costly(config: RunConfig, estimate: RunEstimate, *, slot: str) -> RunConfig | None:
    """The run to start now, or None when its estimate warns: then it is held for the user's choice.

    Args:
        config: The run asked for.
        estimate: Its estimate.
        slot: Where it was asked for (see `state.get_pending_run`).
    """
    if estimate.warnings:
        state.set_pending_run((config, estimate), slot=slot)
        return None
    return config


def prompt(train_rows: int, *, slot: str) -> None:
    """Show the held run's prompt, if a run is held in `slot`.

    The prompt lives in a placeholder present on every run, so the run after a choice clears it before
    its job starts, instead of leaving it on screen, faded, until the job ends.
    """
    placeholder = st.empty()
    if state.get_pending_run(slot=slot) is not None:
        with placeholder.container():
            costly_run_choice(train_rows, slot=slot)


def costly_run_choice(train_rows: int, *, slot: str = GENERATE_SLOT) -> None:
    """Say why a run looks costly and let the user choose: a smaller run, the run as asked, or nothing.

    Nothing starts until a choice is made; the choice is kept and the page reruns, so this prompt is gone
    while the chosen run works.
    """
    config, estimate = state.get_pending_run(slot=slot)
    st.warning(
        "**This run looks costly, so it has not started.**\n\n"
        + "\n".join(f"- {widgets.escape(warning)}" for warning in estimate.warnings),
        icon=":material/hourglass_top:",
    )
    buttons = iter(st.columns(4))
    chosen = None
    subsample = estimate.suggested_rows
    if subsample and next(buttons).button(
        f"Fit on {subsample:,} of {train_rows:,} rows",
        type="primary",
        icon=":material/filter_alt:",
        help="A random subsample of the training rows, seeded, and labelled as such on every page and in the report.",
        key=f"costly_subsample_{slot}",
    ):
        chosen = replace(config, fit_rows=subsample)
    fewer = estimate.suggested_synthetic_rows
    if (
        fewer
        and not config.conditions
        and next(buttons).button(
            f"Make {fewer:,} synthetic rows",
            type="primary",
            icon=":material/compress:",
            help="Fewer synthetic rows: sampling and scoring them fits the time and memory this machine has.",
            key=f"costly_fewer_{slot}",
        )
    ):
        chosen = replace(config, rows=fewer)
    if next(buttons).button("Run it anyway", icon=":material/play_arrow:", key=f"costly_anyway_{slot}"):
        chosen = config
    if next(buttons).button("Cancel", icon=":material/close:", key=f"costly_cancel_{slot}"):
        state.set_pending_run(None, slot=slot)
        st.rerun()
    if chosen is not None:
        state.set_pending_run(None, slot=slot)
        state.set_confirmed_run(chosen, slot=slot)
        st.rerun()  # the prompt goes away before the run starts
