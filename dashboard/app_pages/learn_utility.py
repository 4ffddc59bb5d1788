"""Lesson 4: utility, by training on synthetic rows and testing on real ones."""

from __future__ import annotations

import streamlit as st

from dashboard import learn, widgets
from dashboard.page_registry import LEARN_UTILITY
from synth_core.lessons import utility_demo
from synth_core.plots.lessons import plot_utility_demo

BASELINES = ("independent_columns", "gaussian_copula", "copy_rows")
TARGETS = ("income", "sex")  # two-class targets keep the six models near a second


@st.cache_data(show_spinner="Training models…")
def scores(target: str):
    """TSTR for each baseline and TRTR, on the lesson's holdout."""
    _, schema = learn.lesson_data()
    split = learn.lesson_split()
    synthetic = {name: learn.lesson_synthetic(name) for name in BASELINES}
    return utility_demo(split.train, split.holdout, synthetic, schema, target=target)


def page() -> None:
    """Render lesson 4."""
    learn.header(LEARN_UTILITY)
    st.markdown(
        "Would an analysis on the synthetic rows reach the same answer as on the real ones? Train a model on "
        "the synthetic rows, test it on real rows the generator never saw (**TSTR**), and compare with the same "
        "model trained on real rows (**TRTR**). Here: logistic regression and gradient boosting, averaged."
    )
    target = st.selectbox("Predict", TARGETS, key="lesson_utility_target")
    demo = scores(target)
    st.plotly_chart(plot_utility_demo(demo, learn.GENERATOR_LABELS), width="stretch", key="lesson_utility_plot")
    columns = st.columns(len(BASELINES))
    for column, name in zip(columns, BASELINES, strict=True):
        ratio = demo.synthetic_scores[name] / demo.real_score if demo.real_score > 0 else float("nan")
        column.metric(f"TSTR/TRTR, {learn.GENERATOR_LABELS[name]}", f"{ratio:.0%}")
    st.markdown(
        "Independent columns keep each column but not the links a model needs, so its models are barely better "
        "than guessing. The copula keeps the pairwise links. The copy scores like real data, because it *is* "
        "real data: utility alone never shows that a dataset is safe to share."
    )
    widgets.explainer("utility.tstr")
    widgets.explainer("utility.ratio")
    learn.footer(LEARN_UTILITY)


page()
