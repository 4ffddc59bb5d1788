"""Lesson 7: bias and balance, group shares and outcome gaps in real and synthetic rows."""

from __future__ import annotations

import streamlit as st

from dashboard import learn, widgets
from dashboard.page_registry import LEARN_BIAS
from synth_core.lessons import balance_demo
from synth_core.plots.lessons import plot_balance

GROUPS = ("sex", "race")
GENERATORS = ("independent_columns", "gaussian_copula", "copy_rows")
OUTCOME = ("income", ">50K")


def page() -> None:
    """Render lesson 7."""
    learn.header(LEARN_BIAS)
    st.markdown(
        "Synthetic data inherits the real data's balance: small groups stay small, and real gaps between groups "
        "are copied, including unfair ones. A weak generator can also **erase** a real gap, which looks fairer "
        "and is simply wrong. Pick a group and a generator, and compare group sizes and the share earning over "
        "$50K."
    )
    left, right = st.columns(2)
    group = left.selectbox("Groups", GROUPS, key="lesson_bias_group")
    generator = right.radio(
        "Generator", GENERATORS, format_func=learn.GENERATOR_LABELS.get, horizontal=True, key="lesson_bias_generator"
    )
    split = learn.lesson_split()
    demo = balance_demo(
        split.train, learn.lesson_synthetic(generator), group=group, outcome=OUTCOME[0], positive=OUTCOME[1]
    )
    first, second, third = st.columns(3)
    first.metric("Largest gap in a group's share", f"{demo.largest_share_gap:.1%}")
    second.metric("Outcome gap between groups, real", f"{demo.rate_spread_real:.1%}")
    third.metric(
        "Outcome gap between groups, synthetic",
        f"{demo.rate_spread_synthetic:.1%}",
        help="Highest minus lowest share with income over $50K, among groups with at least 1% of the rows.",
    )
    st.plotly_chart(plot_balance(demo), width="stretch", key="lesson_bias_plot")
    st.dataframe(
        demo.table,
        hide_index=True,
        width="stretch",
        column_config={
            "real_share": st.column_config.NumberColumn("Real share", format="percent"),
            "synthetic_share": st.column_config.NumberColumn("Synthetic share", format="percent"),
            "real_rate": st.column_config.NumberColumn("Real >50K rate", format="percent"),
            "synthetic_rate": st.column_config.NumberColumn("Synthetic >50K rate", format="percent"),
        },
    )
    st.markdown(
        "Groups with a handful of rows are where synthetic data is least reliable: too few rows to learn from, "
        "and the first to be hit by privacy noise. Check them on the Fidelity page before relying on them."
    )
    widgets.explainer("learn.bias")
    learn.footer(LEARN_BIAS)


page()
