"""Exploring plots: two columns together, and whole rows on two principal components, real beside synthetic."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from synth_core.evaluation.column_pairs import BoxStatistics, ColumnPair, PairBoxes, PairPoints, PairShares
from synth_core.evaluation.fidelity_details import REAL_LABEL, SYNTHETIC_LABEL, PCAProjection
from synth_core.plots.style import PLOT_LAYOUT, REAL_COLOUR, SYNTHETIC_COLOUR

_SIDES = ((REAL_LABEL, REAL_COLOUR), (SYNTHETIC_LABEL, SYNTHETIC_COLOUR))


def plot_column_pair(pair: ColumnPair) -> go.Figure:
    """Two columns together, real beside synthetic on shared axes.

    Points become a scatter per side, box statistics become box plots of the number for each category, and
    shares of pairs of categories become a heatmap per side on one colour scale.

    Args:
        pair: Output of `synth_core.evaluation.column_pairs.calculate_column_pair`.

    Returns:
        A plotly Figure with two panels, "Real" and "Synthetic".
    """
    figure = make_subplots(
        rows=1,
        cols=2,
        subplot_titles=(REAL_LABEL, SYNTHETIC_LABEL),
        shared_xaxes="all",
        shared_yaxes="all",
        horizontal_spacing=0.06,
    )
    if isinstance(pair, PairPoints):
        _scatters(figure, pair)
    elif isinstance(pair, PairBoxes):
        _boxes(figure, pair)
    else:
        _heatmaps(figure, pair)
    first, second = pair.columns
    figure.update_layout(title=f"{first} and {second}", height=480, **PLOT_LAYOUT)
    return figure


def _scatters(figure: go.Figure, pair: PairPoints) -> None:
    for column, ((label, colour), points) in enumerate(zip(_SIDES, (pair.real, pair.synthetic), strict=True), start=1):
        figure.add_trace(
            go.Scatter(
                x=points["x"],
                y=points["y"],
                mode="markers",
                name=label,
                marker={"color": colour, "size": 4, "opacity": 0.45},
            ),
            row=1,
            col=column,
        )
    figure.update_xaxes(title_text=pair.x_column)
    figure.update_yaxes(title_text=pair.y_column, col=1)


def _boxes(figure: go.Figure, pair: PairBoxes) -> None:
    for column, ((label, colour), stats) in enumerate(zip(_SIDES, (pair.real, pair.synthetic), strict=True), start=1):
        figure.add_trace(
            go.Box(
                x=list(stats.categories),
                name=label,
                marker_color=colour,
                boxpoints=False,
                **_box_values(stats, dates=pair.dates),
            ),
            row=1,
            col=column,
        )
    figure.update_xaxes(title_text=pair.category_column, categoryorder="array", categoryarray=list(pair.category_order))
    figure.update_yaxes(title_text=pair.number_column, col=1)
    if pair.dates:
        figure.update_yaxes(type="date")


def _box_values(stats: BoxStatistics, *, dates: bool) -> dict[str, list[Any]]:
    """The box's quartiles and fences; dates as ISO text, since plotly cannot guess a date axis from boxes."""
    values = {
        "q1": stats.q1,
        "median": stats.median,
        "q3": stats.q3,
        "lowerfence": stats.lower_fence,
        "upperfence": stats.upper_fence,
    }
    if dates:
        return {key: [date.isoformat() for date in pd.to_datetime(list(numbers))] for key, numbers in values.items()}
    return {key: list(numbers) for key, numbers in values.items()}


def _heatmaps(figure: go.Figure, pair: PairShares) -> None:
    for column, ((label, _), table) in enumerate(zip(_SIDES, (pair.real, pair.synthetic), strict=True), start=1):
        figure.add_trace(
            go.Heatmap(
                z=table.to_numpy(),
                x=list(table.columns),
                y=list(table.index),
                name=label,
                colorscale="Blues",
                zmin=0.0,
                zmax=pair.highest,
                showscale=column == 2,
                colorbar={"title": {"text": "Share of rows"}, "tickformat": ".0%"},
                hovertemplate=f"{pair.x_column} = %{{x}}<br>{pair.y_column} = %{{y}}<br>%{{z:.1%}} of {label.lower()} "
                "rows<extra></extra>",
            ),
            row=1,
            col=column,
        )
    figure.update_xaxes(title_text=pair.x_column, type="category")
    figure.update_yaxes(title_text=pair.y_column, col=1, type="category", autorange="reversed")
    figure.update_yaxes(type="category", autorange="reversed")


def plot_pca_projection(projection: PCAProjection) -> go.Figure:
    """Real and synthetic rows on their first two principal components, one scatter per side.

    Args:
        projection: Output of `synth_core.evaluation.fidelity_details.calculate_pca_projection`.

    Returns:
        A plotly Figure whose axes are titled with the share of variance each component explains.
    """
    labels = np.asarray(projection.labels)
    first, second = np.asarray(projection.pc1), np.asarray(projection.pc2)
    figure = go.Figure()
    for label, colour in _SIDES:
        rows = labels == label
        figure.add_trace(
            go.Scatter(
                x=first[rows],
                y=second[rows],
                mode="markers",
                name=f"{label} ({int(rows.sum()):,} rows)",
                marker={"color": colour, "size": 4, "opacity": 0.45},
            )
        )
    explained_1, explained_2 = projection.explained_variance
    figure.update_layout(
        title="Real and synthetic rows on their first two principal components",
        xaxis_title=f"Component 1 ({explained_1:.1%} of variance)",
        yaxis_title=f"Component 2 ({explained_2:.1%} of variance)",
        height=520,
        **PLOT_LAYOUT,
    )
    return figure
