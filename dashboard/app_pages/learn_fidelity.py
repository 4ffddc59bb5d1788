"""Lesson 3: fidelity is two things, the columns one by one and how they go together."""

from __future__ import annotations

import streamlit as st

from dashboard import learn, widgets
from dashboard.page_registry import LEARN_FIDELITY
from synth_core.plots.lessons import plot_pair

COLUMNS = ("marital-status", "age")


def page() -> None:
    """Render lesson 3."""
    learn.header(LEARN_FIDELITY)
    st.markdown(
        "A generator can get every single column right and still lose how columns go together. The "
        "**independent-columns** baseline learns each column on its own: its **column shapes** are near perfect, "
        "yet married people are no older than never-married ones in its rows. Switch to the **Gaussian copula** "
        "and the link comes back."
    )
    generator = st.radio(
        "Generator",
        ["independent_columns", "gaussian_copula"],
        format_func=learn.GENERATOR_LABELS.get,
        horizontal=True,
        key="lesson_pair_generator",
    )
    demo = learn.lesson_pair(COLUMNS, generator)
    shapes, real, synthetic, agreement = st.columns(4)
    shapes.metric("Column shapes", f"{demo.column_shapes:.2f}", help="How alike each column is on its own.")
    real.metric("Link in real data", f"{demo.real_association:.2f}", help="Correlation ratio, 0 to 1.")
    synthetic.metric("Link in synthetic data", f"{demo.synthetic_association:.2f}")
    agreement.metric("Agreement", f"{demo.agreement:.2f}", help="1 minus the gap between the two links.")
    st.plotly_chart(plot_pair(demo, numeric=(False, True)), width="stretch", key="lesson_pair_plot")
    st.markdown(
        "On the Fidelity page the same two ideas are the **Column Shapes** and **Column Pair Trends** scores, "
        "computed over every column and every pair."
    )
    widgets.explainer("fidelity.column_shapes")
    widgets.explainer("fidelity.column_pair_trends")
    learn.footer(LEARN_FIDELITY)


page()
