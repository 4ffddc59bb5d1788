"""Fidelity plots: how alike the real and synthetic data are, column by column and between columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from synth_core.evaluation.column_distribution import ColumnDistribution
from synth_core.evaluation.fidelity import FidelityResult
from synth_core.plots.style import COLOURS, PLOT_LAYOUT, SYNTHETIC_COLOUR

MAX_ANNOTATED_COLUMNS = 10  # beyond this, numbers in heatmap cells are unreadable; hover shows them


def plot_column_distribution(distribution: ColumnDistribution, *, title: str = "") -> go.Figure:
    """Overlay one column's real and synthetic distributions.

    Binned numbers and dates get overlaid bars on their shared bins, and categories get grouped bars of
    each category's share. The figure holds shares, not values, so it can go into a report.

    Args:
        distribution: Output of `synth_core.evaluation.column_distribution.calculate_column_distribution`.
        title: The figure title; the column name by default.

    Returns:
        A plotly Figure.
    """
    title = title or distribution.column
    # As an index and arrays, so plotly stores dates as dates and numbers in its compact binary form.
    positions = pd.Index(distribution.positions)
    figure = go.Figure()
    if distribution.form == "empty":
        figure.update_layout(title=f"{title}: no values to plot")
    elif distribution.form == "histogram":
        for label, shares in (("Real", distribution.real_shares), ("Synthetic", distribution.synthetic_shares)):
            figure.add_trace(
                go.Bar(
                    x=positions,
                    y=np.asarray(shares, dtype=float),
                    name=label,
                    marker_color=COLOURS[label],
                    opacity=0.6,
                )
            )
        figure.update_layout(
            barmode="overlay", title=title, yaxis_title="Share of rows", xaxis_title=title, bargap=0.02
        )
    else:
        for label, shares in (("Real", distribution.real_shares), ("Synthetic", distribution.synthetic_shares)):
            figure.add_trace(
                go.Bar(x=positions, y=np.asarray(shares, dtype=float), name=label, marker_color=COLOURS[label])
            )
        figure.update_layout(barmode="group", title=title, yaxis_title="Share of rows", yaxis_tickformat=".0%")
    figure.update_layout(**PLOT_LAYOUT)
    return figure


def plot_association_heatmaps(real: pd.DataFrame, synthetic: pd.DataFrame) -> go.Figure:
    """Three heatmaps side by side: real associations, synthetic ones, and synthetic minus real.

    Args:
        real: Association matrix of the real data (values 0 to 1).
        synthetic: The same for the synthetic data, same columns.

    Returns:
        A plotly Figure with three panels.
    """
    difference = synthetic - real
    labels = list(real.columns)
    figure = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=("Real", "Synthetic", "Difference (synthetic − real)"),
        horizontal_spacing=0.06,
        shared_yaxes=True,
    )
    panels = (
        (real, "Blues", 0.0, 1.0),
        (synthetic, "Blues", 0.0, 1.0),
        (difference, "RdBu_r", -1.0, 1.0),
    )
    show_text = len(labels) <= MAX_ANNOTATED_COLUMNS
    for column, (matrix, scale, low, high) in enumerate(panels, start=1):
        # One horizontal colour bar under the two 0-to-1 panels, and one under the difference.
        colourbar = {"orientation": "h", "y": -0.12, "thickness": 12, "len": 0.6 if column == 2 else 0.3}
        colourbar["x"] = 0.34 if column == 2 else 0.84
        figure.add_trace(
            go.Heatmap(
                z=matrix.to_numpy(),
                x=labels,
                y=labels,
                colorscale=scale,
                zmin=low,
                zmax=high,
                text=np.round(matrix.to_numpy(), 2),
                texttemplate="%{text}" if show_text else None,
                hovertemplate="%{y} × %{x}: %{z:.2f}<extra></extra>",
                showscale=column != 1,
                colorbar=colourbar if column != 1 else None,
            ),
            row=1,
            col=column,
        )
    size = max(460, 30 * len(labels) + 220)
    figure.update_layout(height=size, **{**PLOT_LAYOUT, "margin": {"l": 40, "r": 20, "t": 60, "b": 120}})
    figure.update_yaxes(autorange="reversed")
    return figure


def plot_score_summary(result: FidelityResult) -> go.Figure:
    """Horizontal bars of the headline fidelity scores, each from 0 to 1."""
    scores = pd.DataFrame(
        {
            "score": [result.overall, result.column_shapes, result.column_pair_trends, result.diagnostic],
            "name": ["Overall quality", "Column shapes", "Column pair trends", "Diagnostic (validity)"],
        }
    )
    figure = px.bar(scores, x="score", y="name", orientation="h", text_auto=".1%", range_x=[0, 1])
    figure.update_traces(marker_color=SYNTHETIC_COLOUR)
    figure.update_layout(
        xaxis_tickformat=".0%", yaxis_title="", xaxis_title="Score (1 is best)", height=260, **PLOT_LAYOUT
    )
    figure.update_yaxes(autorange="reversed")
    return figure


def plot_column_scores(result: FidelityResult) -> go.Figure:
    """Each column's shape score, weakest first."""
    rows = sorted((s for s in result.shapes if s.score is not None), key=lambda s: s.score)
    frame = pd.DataFrame({"column": [s.column for s in rows], "score": [s.score for s in rows]})
    figure = px.bar(frame, x="score", y="column", orientation="h", text_auto=".2f", range_x=[0, 1])
    figure.update_traces(marker_color=SYNTHETIC_COLOUR)
    figure.update_layout(
        height=max(260, 24 * len(rows) + 80), xaxis_title="Column shape score", yaxis_title="", **PLOT_LAYOUT
    )
    figure.update_yaxes(autorange="reversed")
    return figure


def plot_group_shares(table: pd.DataFrame, column: str) -> go.Figure:
    """Each group's share of rows before (real training rows) and after (synthetic), as grouped bars.

    Args:
        table: Output of `synth_core.rebalance.group_shares` (or `group_effect`), one row per group.
        column: The rebalanced or conditioned column, for the title.

    Returns:
        A plotly Figure built from the shares alone, so it can go into a report.
    """
    groups = table["group"].astype("string").fillna("(missing)").astype(str)
    figure = go.Figure()
    for label, share in (("Real", "real_share"), ("Synthetic", "synthetic_share")):
        figure.add_trace(
            go.Bar(
                x=groups,
                y=table[share],
                name=f"{label} ({'before' if label == 'Real' else 'after'})",
                marker_color=COLOURS[label],
                text=[f"{value:.1%}" for value in table[share]],
                textposition="outside",
            )
        )
    figure.update_layout(
        barmode="group",
        title=f"Share of rows per value of {column}",
        yaxis_title="Share of rows",
        yaxis_tickformat=".0%",
        yaxis_range=[0, min(1.1, float(table[["real_share", "synthetic_share"]].max().max()) * 1.2 + 0.02)],
        **PLOT_LAYOUT,
    )
    return figure
