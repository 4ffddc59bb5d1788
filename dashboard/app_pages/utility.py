"""Utility page: do models trained on the synthetic data work on real data?"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state, tour, widgets
from dashboard.page_registry import UTILITY
from dashboard.run_steps import run_job, run_with_progress
from synth_core.evaluation.utility import detect_task
from synth_core.pipeline import RunOutcome, assess_utility
from synth_core.plots.utility import plot_importance_ranks, plot_utility_scores

AUTOMATIC = "automatic"


def leakage_warning(outcome: RunOutcome, task: str) -> bool:
    """Say which columns leak the target, and offer to ignore them and run again.

    Returns:
        Whether the page was rerun with a new run (so the caller stops rendering the old one).
    """
    result = outcome.run.utility
    leakage = result.leakage if result else None
    if leakage is None or not leakage.flagged:
        return False
    st.error(
        widgets.escape(
            f"{leakage.message[:1].upper()}{leakage.message[1:]} The scores below say little about the synthetic "
            "data: a model that reads those columns predicts the target from them alone, on real and on synthetic "
            "rows alike."
        ),
        icon=":material/report:",
    )
    widgets.explainer("utility.leakage")
    names = list(leakage.column_names)
    if not names:  # flagged only because real rows predict the target almost perfectly; no single column to blame
        return False
    shown = ", ".join(f"'{widgets.escape(name)}'" for name in names)  # a button label is markdown
    if not st.button(
        f"Ignore {shown} and generate again",
        icon=":material/replay:",
        help="Sets their role to ignore on the Data page, then makes the run again with the same generator, "
        "settings and seed, and computes utility on it.",
    ):
        return False
    dataset, schema = state.get_dataset(), state.get_schema()
    if dataset is None or schema is None:
        return False
    for name in names:
        if name in schema.names:
            schema = schema.with_column(name, role="ignore")
    state.set_schema(schema)
    rerun = run_with_progress(dataset, outcome.run.config)
    if rerun is None:
        return True
    state.set_outcome(rerun)
    scored = run_job("Computing utility", assess_utility, rerun, target=result.target, task=task)
    if scored is None:
        return True  # the new run is kept; the message says why utility is missing
    state.set_outcome(scored)
    st.rerun()
    return True


def page() -> None:
    """Render the Utility page."""
    st.title(UTILITY.title)
    tour.banner(UTILITY)
    outcome = widgets.require_run()
    run = outcome.run
    schema = run.schema
    candidates = [c.name for c in schema.columns if c.is_modelled]
    if len(candidates) < 2:
        st.info("Utility needs a target and at least one other modelled column.")
        return
    st.caption(
        f"{widgets.escape(run.generator_label)}, seed {run.config.seed}. Models trained on {run.train_rows:,} real "
        f"training rows (TRTR) and on {run.synthetic_rows:,} synthetic rows (TSTR) are both tested on the "
        f"{run.holdout_rows:,} real holdout rows, which neither saw."
    )
    widgets.run_notes(outcome)
    default = schema.target if schema.target in candidates else candidates[-1]
    left, right = st.columns(2)
    target = left.selectbox(
        "Target", candidates, index=candidates.index(default), help="The column the models predict."
    )
    detected = detect_task(outcome.split.train[target], schema.column(target).kind)
    task = right.radio(
        "Task",
        [AUTOMATIC, "classification", "regression"],
        format_func=lambda value: f"automatic ({detected})" if value == AUTOMATIC else value,
        horizontal=True,
    )
    chosen_task = detected if task == AUTOMATIC else task
    result = run.utility
    if result is None or result.target != target or result.task != chosen_task:
        if not st.button("Compute utility", type="primary", icon=":material/model_training:"):
            widgets.explainer("utility.tstr")
            return
        scored = run_job(
            "Computing utility",
            assess_utility,
            outcome,
            target=target,
            task=chosen_task,
            advice="Try another target or task, or check the target's kind on the Data page.",
        )
        if scored is None:
            return
        outcome = scored
        state.set_outcome(outcome)
        result = outcome.run.utility

    widgets.review_lines(outcome, ("utility",))
    if leakage_warning(outcome, chosen_task):
        return
    left, middle, right = st.columns(3)
    metric = f"Mean {widgets.escape(result.primary_metric.replace('_', ' '))} over the models."
    widgets.metric(left, "utility.trtr_score", f"{result.trtr:.3f}", detail=metric)
    widgets.metric(middle, "utility.tstr_score", f"{result.tstr:.3f}", detail=metric)
    widgets.metric(right, "utility.ratio", f"{result.ratio:.1%}")
    st.plotly_chart(plot_utility_scores(result), width="stretch", key="utility_scores")
    table = pd.DataFrame([{"Model": s.label, "Trained on": s.train_on, **s.metrics} for s in result.scores])
    st.dataframe(table, hide_index=True, width="stretch")
    widgets.explainer("utility.tstr")
    widgets.explainer("utility.ratio")

    st.subheader("Which columns matter")
    if result.importances:
        st.plotly_chart(plot_importance_ranks(result), width="stretch", key="importance_ranks")
        if result.importance_rank_correlation is not None:
            widgets.metric(st, "utility.rank_agreement", f"{result.importance_rank_correlation:.2f}")
    widgets.explainer("utility.importance")
    for note in result.notes:
        st.info(widgets.escape(note), icon=":material/info:")


page()
