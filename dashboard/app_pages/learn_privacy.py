"""Lesson 5: privacy against fidelity, traced with a noisy copy of the real rows."""

from __future__ import annotations

import streamlit as st

from dashboard import learn, widgets
from dashboard.page_registry import LEARN_PRIVACY
from synth_core.lessons import noisy_copy_point, tradeoff_curve
from synth_core.plots.lessons import plot_tradeoff


@st.cache_data(show_spinner="Tracing the curve…")
def curve():
    """The trade-off at several noise levels, on the lesson rows."""
    frame, schema = learn.lesson_data()
    return tradeoff_curve(frame, schema)


@st.cache_data(show_spinner=False)
def point(noise: float):
    """The trade-off at the slider's noise level."""
    frame, schema = learn.lesson_data()
    return noisy_copy_point(frame, schema, noise=noise)


def page() -> None:
    """Render lesson 5."""
    learn.header(LEARN_PRIVACY)
    st.markdown(
        "A copy of the real rows is the perfect cheat: perfect fidelity, and every row is a real person. Add "
        "noise and the rows move away from real people (the distance to the closest real row grows) while the "
        "data stops looking like the original (fidelity drops). Every generator sits somewhere on this curve."
    )
    noise = st.slider("Noise, as a share of each column's range", 0.0, 0.5, 0.0, 0.02, key="lesson_noise")
    current = point(noise)
    left, right = st.columns(2)
    left.metric("Median distance to the closest real row", f"{current.median_dcr:.3f}", help="0 means copies.")
    right.metric("Fidelity (column shapes)", f"{current.column_shapes:.3f}")
    st.plotly_chart(plot_tradeoff(curve(), current), width="stretch", key="lesson_tradeoff_plot")
    st.markdown(
        "Distance alone is not privacy: a row far from everyone can still give away a rare value, and noise "
        "that looks large can be averaged away. The Privacy page adds a holdout comparison, a membership attack "
        "and anonymeter's attacks."
    )
    widgets.explainer("privacy.dcr")
    learn.footer(LEARN_PRIVACY)


page()
