"""Lessons: live demos on real data, each answering one question about synthetic data."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard import state
from synth_core.io import read_table
from synth_core.lessons import laplace_histogram, noisy_copy_point, pair_demo
from synth_core.plots import COLOURS, PLOT_LAYOUT
from synth_core.samples import SAMPLES
from synth_core.schema import TableSchema, infer

LESSON_ROWS = 2000  # a sample of Adult keeps every demo under a second


def lesson_data() -> tuple:
    """A seeded sample of the Adult table and its schema, made once per session."""
    cached = state.get_cached("lesson_data", "adult")
    if cached is None:
        frame = read_table(SAMPLES["adult"].path).frame.sample(LESSON_ROWS, random_state=0).reset_index(drop=True)
        cached = (frame, infer(frame))
        state.set_cached("lesson_data", "adult", cached)
    return cached


def fidelity_lesson(frame, schema: TableSchema) -> None:
    """Marginals against relationships: independent columns lose what a copula keeps."""
    st.markdown(
        "A generator can get every single column right and still lose how columns go together. Pick a generator "
        "and compare how strongly **age** and **marital status** are linked in real and synthetic rows."
    )
    generator = st.radio(
        "Generator",
        ["independent_columns", "gaussian_copula"],
        format_func={"independent_columns": "Independent columns", "gaussian_copula": "Gaussian copula"}.get,
        horizontal=True,
        key="lesson_pair_generator",
    )
    demo = pair_demo(frame, schema, ("age", "marital-status"), generator=generator)
    left, middle, right = st.columns(3)
    left.metric("Link in real data", f"{demo.real_association:.2f}")
    middle.metric("Link in synthetic data", f"{demo.synthetic_association:.2f}")
    right.metric("Agreement", f"{demo.agreement:.2f}", help="1 minus the gap between the two links.")
    figure = go.Figure()
    for label, data in (("Real", demo.real), ("Synthetic", demo.synthetic)):
        figure.add_trace(
            go.Box(x=data["marital-status"], y=data["age"], name=label, marker_color=COLOURS[label], boxmean=True)
        )
    figure.update_layout(boxmode="group", yaxis_title="age", height=420, **PLOT_LAYOUT)
    st.plotly_chart(figure, width="stretch", key="lesson_pair_plot")


def tradeoff_lesson(frame, schema: TableSchema) -> None:
    """Privacy against fidelity: noise on a copy of the real rows."""
    st.markdown(
        "A copy of the real rows is perfectly faithful and not private at all. Add noise and watch the rows move "
        "away from real people (distance up) while the data stops looking like the original (fidelity down)."
    )
    noise = st.slider("Noise, as a share of each column's range", 0.0, 0.5, 0.0, 0.02, key="lesson_noise")
    point = noisy_copy_point(frame, schema, noise=noise)
    left, right = st.columns(2)
    left.metric("Median distance to the closest real row", f"{point.median_dcr:.3f}", help="0 means copies.")
    right.metric("Fidelity (column shapes)", f"{point.column_shapes:.3f}")


def dp_lesson(frame) -> None:
    """Differential privacy in one picture: the Laplace mechanism on a histogram."""
    st.markdown(
        "Differential privacy adds noise calibrated so that no single person changes the output much. For a "
        "histogram one person moves one count by 1, so noise of scale 1/ε is enough. Smaller ε: more privacy, "
        "more noise."
    )
    epsilon = st.select_slider(
        "ε (privacy budget)", options=[0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0], value=1.0, key="lesson_epsilon"
    )
    demo = laplace_histogram(frame["occupation"], epsilon=epsilon)
    st.metric("Mean error per count", f"{demo.mean_absolute_error:.2f} rows")
    figure = go.Figure(
        [
            go.Bar(x=list(demo.categories), y=list(demo.true_counts), name="Real counts", marker_color=COLOURS["Real"]),
            go.Bar(
                x=list(demo.categories),
                y=list(demo.noisy_counts),
                name=f"Released with ε = {epsilon:g}",
                marker_color=COLOURS["Synthetic"],
            ),
        ]
    )
    figure.update_layout(barmode="group", yaxis_title="Rows", height=420, **PLOT_LAYOUT)
    st.plotly_chart(figure, width="stretch", key="lesson_dp_plot")


def page() -> None:
    """Render the Lessons page."""
    st.title("Lessons")
    st.caption(f"Live demos on {LESSON_ROWS:,} rows of the Adult census sample.")
    frame, schema = lesson_data()
    fidelity_tab, tradeoff_tab, dp_tab = st.tabs(
        ["Marginals and relationships", "Privacy against fidelity", "Differential privacy"]
    )
    with fidelity_tab:
        fidelity_lesson(frame, schema)
    with tradeoff_tab:
        tradeoff_lesson(frame, schema)
    with dp_tab:
        dp_lesson(frame)


page()
