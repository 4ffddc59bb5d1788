"""Lesson plots for the Learn pages: each draws one demo's result from `synth_core.lessons`."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from synth_core.lessons import BalanceDemo, LaplaceDemo, NoisyCopyPoint, PairDemo, UtilityDemo
from synth_core.plots.style import COLOURS, PLOT_LAYOUT

MAX_CLOUD_POINTS = 1_000


def plot_pair(demo: PairDemo, *, numeric: tuple[bool, bool]) -> go.Figure:
    """Real and synthetic values of two columns side by side: a cloud for two numbers, boxes otherwise."""
    first, second = demo.real.columns
    figure = make_subplots(rows=1, cols=2, shared_xaxes=True, shared_yaxes=True, subplot_titles=("Real", "Synthetic"))
    for position, (label, data) in enumerate((("Real", demo.real), ("Synthetic", demo.synthetic)), start=1):
        data = data.head(MAX_CLOUD_POINTS)
        if all(numeric):
            trace = go.Scatter(
                x=data[first], y=data[second], mode="markers", name=label, marker={"color": COLOURS[label], "size": 4}
            )
        else:
            category, number = (first, second) if numeric[1] else (second, first)
            trace = go.Box(x=data[category].astype(str), y=data[number], name=label, marker_color=COLOURS[label])
        figure.add_trace(trace, row=1, col=position)
    if all(numeric):
        figure.update_xaxes(title_text=first)
        figure.update_yaxes(title_text=second, col=1)
    else:
        figure.update_yaxes(title_text=second if numeric[1] else first, col=1)
        figure.update_xaxes(categoryorder="category ascending")
    return figure.update_layout(height=430, showlegend=False, **PLOT_LAYOUT)


def plot_tradeoff(points: Sequence[NoisyCopyPoint], current: NoisyCopyPoint) -> go.Figure:
    """The fidelity-against-privacy curve of a noisy copy, with the slider's point marked."""
    ordered = sorted(points, key=lambda point: point.noise)
    figure = go.Figure(
        [
            go.Scatter(
                x=[point.median_dcr for point in ordered],
                y=[point.column_shapes for point in ordered],
                mode="lines+markers",
                name="Noisy copies",
                text=[f"noise {point.noise:.0%}" for point in ordered],
                marker_color=COLOURS["Real"],
            ),
            go.Scatter(
                x=[current.median_dcr],
                y=[current.column_shapes],
                mode="markers",
                name=f"Your setting: noise {current.noise:.0%}",
                marker={"color": COLOURS["Synthetic"], "size": 16, "symbol": "star"},
            ),
        ]
    )
    return figure.update_layout(
        xaxis_title="Median distance to the closest real row (privacy →)",
        yaxis_title="Column shapes (fidelity ↑)",
        height=400,
        **PLOT_LAYOUT,
    )


def plot_laplace(demo: LaplaceDemo) -> go.Figure:
    """Real counts beside one release with Laplace noise."""
    figure = go.Figure(
        [
            go.Bar(x=list(demo.categories), y=list(demo.true_counts), name="Real counts", marker_color=COLOURS["Real"]),
            go.Bar(
                x=list(demo.categories),
                y=list(demo.noisy_counts),
                name=f"Released with ε = {demo.epsilon:g}",
                marker_color=COLOURS["Synthetic"],
            ),
        ]
    )
    return figure.update_layout(barmode="group", yaxis_title="Rows", height=420, **PLOT_LAYOUT)


def plot_utility_demo(demo: UtilityDemo, labels: dict[str, str]) -> go.Figure:
    """One bar per training source, all scored on the same real holdout."""
    names = ["Real rows (TRTR)", *(labels.get(name, name) for name in demo.synthetic_scores)]
    values = [demo.real_score, *demo.synthetic_scores.values()]
    colours = [COLOURS["Real"], *[COLOURS["Synthetic"]] * len(demo.synthetic_scores)]
    figure = go.Figure(
        go.Bar(x=names, y=values, marker_color=colours, text=[f"{value:.2f}" for value in values], textposition="auto")
    )
    metric = {"f1_macro": "Macro F1", "r2": "R²"}.get(demo.metric, demo.metric)
    return figure.update_layout(
        yaxis_title=f"{metric} on the real holdout", yaxis_range=[0, 1], height=380, **PLOT_LAYOUT
    )


def plot_balance(demo: BalanceDemo) -> go.Figure:
    """Each group's share of rows, and its rate of the positive outcome, in real and synthetic rows."""
    outcome, positive = demo.outcome
    groups = demo.table[demo.group].astype(str)
    figure = make_subplots(
        rows=1, cols=2, subplot_titles=("Share of rows", f"Share with {outcome} = {positive}"), horizontal_spacing=0.12
    )
    for column, position in (("share", 1), ("rate", 2)):
        for label in ("Real", "Synthetic"):
            figure.add_trace(
                go.Bar(
                    x=groups,
                    y=demo.table[f"{label.lower()}_{column}"],
                    name=label,
                    marker_color=COLOURS[label],
                    showlegend=position == 1,
                ),
                row=1,
                col=position,
            )
    figure.update_yaxes(tickformat=".0%")
    return figure.update_layout(barmode="group", height=400, **PLOT_LAYOUT)
