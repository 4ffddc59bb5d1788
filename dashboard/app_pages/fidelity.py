"""Fidelity page: how closely the synthetic data follows the real data, column by column and pair by pair."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import state, widgets
from synth_core.evaluation.associations import association_columns, calculate_associations
from synth_core.pipeline import RunOutcome
from synth_core.plots import (
    plot_association_heatmaps,
    plot_column_distribution,
    plot_column_scores,
    plot_score_summary,
)
from synth_core.schema import ColumnKind

_METRIC_EXPLAINERS = {"KSComplement": "fidelity.ks_complement", "TVComplement": "fidelity.tv_complement"}


def scores(outcome: RunOutcome) -> None:
    """The headline scores, each with its explanation."""
    fidelity = outcome.run.fidelity
    overall, shapes, trends, diagnostic = st.columns(4)
    widgets.metric_with_explainer(overall, "fidelity.overall", fidelity.overall)
    widgets.metric_with_explainer(shapes, "fidelity.column_shapes", fidelity.column_shapes)
    widgets.metric_with_explainer(trends, "fidelity.column_pair_trends", fidelity.column_pair_trends)
    widgets.metric_with_explainer(diagnostic, "fidelity.diagnostic", fidelity.diagnostic)
    st.plotly_chart(plot_score_summary(fidelity), width="stretch", key="score_summary")
    for key in ("fidelity.overall", "fidelity.column_shapes", "fidelity.column_pair_trends", "fidelity.diagnostic"):
        widgets.explainer(key)


def distributions(outcome: RunOutcome) -> None:
    """Real against synthetic for one column at a time."""
    st.subheader("Distributions")
    schema = outcome.run.schema
    columns = [c.name for c in schema.columns if c.is_modelled]
    if not columns:
        st.info("No column is modelled, so there are no distributions to compare.")
        return
    weakest = outcome.run.fidelity.weakest_columns(1)
    default = columns.index(weakest[0].column) if weakest and weakest[0].column in columns else 0
    name = st.selectbox("Column", columns, index=default, help="The weakest column is shown first.")
    kind = schema.column(name).kind
    figure = plot_column_distribution(outcome.split.train[name], outcome.synthetic[name], kind=kind)
    st.plotly_chart(figure, width="stretch", key="distribution_plot")
    explainer = (
        "fidelity.ks_complement" if kind in (ColumnKind.NUMERICAL, ColumnKind.DATETIME) else "fidelity.tv_complement"
    )
    widgets.explainer(explainer)


def heatmaps(outcome: RunOutcome) -> None:
    """Association strength in real data, synthetic data, and their difference."""
    st.subheader("Relationships between columns")
    schema = outcome.run.schema
    if len(association_columns(schema)) < 2:
        st.info("At least two modelled columns are needed to compare relationships.")
        return
    matrices = state.get_associations(outcome.run.run_id)
    if matrices is None:
        with st.spinner("Measuring associations…"):
            matrices = (
                calculate_associations(outcome.split.train, schema),
                calculate_associations(outcome.synthetic, schema),
            )
        state.set_associations(outcome.run.run_id, matrices)
    st.plotly_chart(plot_association_heatmaps(*matrices), width="stretch", key="association_heatmaps")
    widgets.explainer("fidelity.association")


def weakest_columns(outcome: RunOutcome) -> None:
    """The columns whose shapes differ most."""
    st.subheader("Weakest columns")
    fidelity = outcome.run.fidelity
    rows = fidelity.weakest_columns(5)
    table = pd.DataFrame(
        {
            "Column": [row.column for row in rows],
            "Metric": [row.metric for row in rows],
            "Score": [row.score for row in rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Score": st.column_config.ProgressColumn("Score", min_value=0.0, max_value=1.0, format="%.3f")},
    )
    failed = [shape for shape in fidelity.shapes if shape.error]
    if failed:
        widgets.problems_box(
            "Some columns could not be scored", [f"'{shape.column}': {shape.error}" for shape in failed]
        )
    with st.expander("Every column's score", icon=":material/bar_chart:"):
        st.plotly_chart(plot_column_scores(fidelity), width="stretch", key="column_scores")


def page() -> None:
    """Render the Fidelity page."""
    st.title("Fidelity")
    outcome = widgets.require_run()
    run = outcome.run
    st.caption(
        f"{run.generator_label}, seed {run.config.seed}: {run.synthetic_rows:,} synthetic rows compared with the "
        f"{run.train_rows:,} real rows it learnt from."
    )
    if run.fidelity is None:
        st.info("This run was made without a fidelity evaluation.")
        return
    scores(outcome)
    distributions(outcome)
    heatmaps(outcome)
    weakest_columns(outcome)


page()
