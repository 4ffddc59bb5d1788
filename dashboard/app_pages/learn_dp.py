"""Lesson 6: differential privacy in one picture, the Laplace mechanism on a histogram."""

from __future__ import annotations

import streamlit as st

from dashboard import learn, widgets
from dashboard.page_registry import LEARN_DP
from synth_core.lessons import laplace_histogram
from synth_core.plots.lessons import plot_laplace

COLUMNS = ("occupation", "race", "education")
EPSILONS = [0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0]


def page() -> None:
    """Render lesson 6."""
    learn.header(LEARN_DP)
    st.markdown(
        "Differential privacy adds noise calibrated so that no single person changes the output much. For a "
        "histogram one person moves one count by 1, so Laplace noise of scale 1/ε on each count is enough. "
        "Smaller ε: more privacy, more noise. Watch the small groups: the same noise swamps them first."
    )
    left, right = st.columns(2)
    column = left.selectbox("Column", COLUMNS, key="lesson_dp_column")
    epsilon = right.select_slider("ε (privacy budget)", options=EPSILONS, value=1.0, key="lesson_epsilon")
    frame, _ = learn.lesson_data()
    demo = laplace_histogram(frame[column], epsilon=epsilon)
    smallest = demo.true_counts[-1]
    first, second = st.columns(2)
    first.metric("Mean error per count", f"{demo.mean_absolute_error:.2f} rows")
    second.metric(
        f"Error against the smallest group ({demo.categories[-1]})",
        f"{demo.mean_absolute_error / max(smallest, 1):.0%}",
        help=f"The smallest group has {smallest} rows.",
    )
    st.plotly_chart(plot_laplace(demo), width="stretch", key="lesson_dp_plot")
    st.markdown(
        "A differentially private *generator* spends its ε the same way, on noisy counts of columns and pairs, "
        "and then draws rows from them. The promise covers everything computed from the data, so category lists "
        "and ranges must be declared up front or paid for out of ε too."
    )
    widgets.explainer("learn.differential_privacy")
    widgets.explainer("learn.laplace")
    learn.footer(LEARN_DP)


page()
