"""The effect of conditions or rebalancing: group shares before and after, and fidelity beside a plain run.

Shown wherever a user looks after generating (the Generate page's current run, the Fidelity page).
A plain run of the same data is the yardstick: rebalancing should move the shares and leave each
group looking like its real rows, as a plain run does.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from dashboard import state, widgets
from dashboard.run_steps import run_job
from synth_core.explain import explain
from synth_core.plots.fidelity import plot_group_shares
from synth_core.rebalance import controlled_columns, group_effect
from synth_core.runs import Run, RunOutcome

FIDELITY_SCORES = (
    ("fidelity.overall", "overall"),
    ("fidelity.column_shapes", "column_shapes"),
    ("fidelity.column_pair_trends", "column_pair_trends"),
)


def plain_baseline(outcomes: Iterable[RunOutcome], run: Run) -> RunOutcome | None:
    """The latest plain run (no conditions, no rebalancing) on the same data, schema and split as `run`.

    One of the same generator is preferred, so the comparison shows the effect of the control alone.
    """
    plain = [
        outcome
        for outcome in outcomes
        if outcome.run.run_id != run.run_id
        and outcome.run.kind == "generated"
        and outcome.run.fingerprint == run.fingerprint
        and not outcome.run.config.conditions
        and outcome.run.config.rebalance is None
    ]
    same = [outcome for outcome in plain if outcome.run.config.generator == run.config.generator]
    return (same or plain or [None])[-1]


def show_effect(outcome: RunOutcome, *, key_prefix: str) -> None:
    """Group shares before and after, within-group shapes and fidelity beside a plain run; nothing for plain runs."""
    run = outcome.run
    columns = controlled_columns(run.config.conditions, run.config.rebalance, run.schema)
    if not columns or run.kind != "generated":
        return
    st.subheader("Group shares, before and after")
    column = columns[0]
    if len(columns) > 1:
        column = st.selectbox("Conditioned column", columns, key=f"{key_prefix}_effect_column")
    plain = plain_baseline(state.get_runs().values(), run)
    table = _effect(outcome, column, plain)
    if table is None:
        return
    st.plotly_chart(plot_group_shares(table, column), width="stretch", key=f"{key_prefix}_group_shares")
    share = st.column_config.NumberColumn(format="percent")
    score = st.column_config.NumberColumn(format="%.3f")
    st.dataframe(
        _display(table, with_plain=plain is not None),
        hide_index=True,
        width="stretch",
        column_config={
            "Real share": share,
            "Synthetic share": share,
            "Within-group shapes (this run)": score,
            "Within-group shapes (plain run)": score,
        },
    )
    st.caption(
        f"Before: the real training rows; after: this run's synthetic rows, all drawn from the model. "
        f"Within-group column shapes compare each group's real and synthetic rows, leaving out "
        f"'{widgets.escape(column)}'; they should stay close to the plain run's."
    )
    widgets.explainer("fidelity.group_shares")
    widgets.explainer("fidelity.within_group_shapes")
    _fidelity_against_plain(run, plain)


def _effect(outcome: RunOutcome, column: str, plain: RunOutcome | None) -> pd.DataFrame | None:
    """The group table, computed once per run, column and plain run (it scores every group); None if it failed."""
    key = f"{outcome.run.run_id}|{column}|{plain.run.run_id if plain else ''}"
    table = state.get_cached("group_effect", key)
    if table is None:
        table = run_job(
            f"Scoring each group of {column}",
            group_effect,
            outcome.split.train,
            outcome.synthetic,
            outcome.run.schema,
            column,
            plain=plain.synthetic if plain else None,
            heavy=False,
            automatic=True,
        )
        if table is None:
            return None
        state.set_cached("group_effect", key, table)
    return table


def _display(table: pd.DataFrame, *, with_plain: bool) -> pd.DataFrame:
    shown = pd.DataFrame(
        {
            "Value": table["group"].astype("string").fillna("(missing)"),
            "Real rows": table["real_rows"],
            "Real share": table["real_share"].round(4),
            "Synthetic rows": table["synthetic_rows"],
            "Synthetic share": table["synthetic_share"].round(4),
            "Change (points)": (table["change"] * 100).round(1),
            "Within-group shapes (this run)": table["within_group_shapes"].round(3),
        }
    )
    if with_plain:
        shown["Within-group shapes (plain run)"] = table["plain_within_group_shapes"].round(3)
    return shown


def _fidelity_against_plain(run: Run, plain: RunOutcome | None) -> None:
    """This run's fidelity scores, with the change from the latest plain run of the same data."""
    st.markdown("**Effect on fidelity**")
    if plain is None:
        st.info(
            "No plain run of this data to compare with yet. Choose 'Plain rows' under 'What to generate' and "
            "generate with the same generator and seed; both runs then show here and side by side on the "
            "Compare page.",
            icon=":material/info:",
        )
        return
    if run.fidelity is None or plain.run.fidelity is None:
        st.caption("One of the two runs was made without a fidelity evaluation.")
        return
    st.caption(
        f"Against the plain run {widgets.escape(plain.run.label)}, seed {plain.run.config.seed} "
        f"({widgets.escape(plain.run.run_id)}). Fidelity compares with the real shares, so moving them lowers it "
        "by design."
    )
    for container, (key, name) in zip(st.columns(len(FIDELITY_SCORES)), FIDELITY_SCORES, strict=True):
        now, before = getattr(run.fidelity, name), getattr(plain.run.fidelity, name)
        entry = explain(key)
        shown = f"{now:.1%}" if math.isfinite(now) else "n/a"
        delta = f"{(now - before) * 100:+.1f} points vs plain" if math.isfinite(now - before) else None
        container.metric(entry.title, shown, delta=delta, help=f"{entry.what} {entry.good}")
