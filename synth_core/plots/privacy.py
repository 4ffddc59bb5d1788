"""Privacy plots: how close synthetic rows come to real ones, and how well attacks on them do."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from synth_core.evaluation.privacy import DistanceSummary
from synth_core.plots.style import HOLDOUT_COLOUR, PLOT_LAYOUT, REAL_COLOUR, RISK_COLOURS, SYNTHETIC_COLOUR


def plot_distance_histograms(curves: dict[str, DistanceSummary], *, title: str = "") -> go.Figure:
    """Overlaid histograms of pre-binned distances to the closest record.

    Args:
        curves: Label → binned distances, e.g. {"Synthetic → training": ..., "Holdout → training": ...}.
        title: The figure title.

    Returns:
        A plotly Figure with one share-of-rows histogram per curve.
    """
    colours = [SYNTHETIC_COLOUR, HOLDOUT_COLOUR, "#999999", REAL_COLOUR]
    figure = go.Figure()
    for (label, summary), colour in zip(curves.items(), colours, strict=False):
        counts = np.asarray(summary.counts, dtype=float)
        edges = np.asarray(summary.bin_edges)
        figure.add_trace(
            go.Bar(
                x=(edges[:-1] + edges[1:]) / 2,
                y=counts / max(counts.sum(), 1),
                width=np.diff(edges),
                name=f"{label} (median {summary.median:.3f})",
                marker_color=colour,
                opacity=0.6,
            )
        )
    figure.update_layout(
        barmode="overlay",
        title=title or "Distance to the closest training row",
        xaxis_title="Distance (0 = identical row, 1 = nothing in common)",
        yaxis_title="Share of rows",
        yaxis_tickformat=".0%",
        **PLOT_LAYOUT,
    )
    return figure


def plot_closer_to_train(raw_share: float, corrected_share: float, *, limit: float) -> go.Figure:
    """Stacked bars: the share of synthetic rows closer to training, as SDMetrics counts it and size-corrected."""
    labels = ["SDMetrics (sets as given)", "Size-corrected (used for the verdict)"]
    closer = [raw_share, corrected_share]
    figure = go.Figure(
        [
            go.Bar(y=labels, x=closer, name="Closer to training", orientation="h", marker_color=SYNTHETIC_COLOUR),
            go.Bar(
                y=labels,
                x=[1 - value for value in closer],
                name="Closer to holdout",
                orientation="h",
                marker_color=HOLDOUT_COLOUR,
            ),
        ]
    )
    figure.add_vline(x=0.5, line_dash="dot", annotation_text="ideal 50%")
    figure.add_vline(x=limit, line_dash="dash", line_color=RISK_COLOURS["medium"], annotation_text=f"limit {limit:.0%}")
    figure.update_layout(barmode="stack", xaxis_tickformat=".0%", height=260, **PLOT_LAYOUT)
    return figure


def plot_membership_roc(false_positive: tuple[float, ...], true_positive: tuple[float, ...], auc: float) -> go.Figure:
    """The membership-inference attack's ROC curve against the diagonal of pure guessing."""
    figure = go.Figure(
        [
            go.Scatter(x=false_positive, y=true_positive, name=f"Attack (AUC {auc:.3f})", line_color=SYNTHETIC_COLOUR),
            go.Scatter(x=[0, 1], y=[0, 1], name="Guessing (AUC 0.5)", line={"dash": "dot", "color": "#999999"}),
        ]
    )
    figure.update_layout(
        xaxis_title="Holdout rows wrongly called members",
        yaxis_title="Training rows rightly called members",
        xaxis_tickformat=".0%",
        yaxis_tickformat=".0%",
        height=420,
        **PLOT_LAYOUT,
    )
    return figure


def plot_attack_risks(
    labels: list[str], risks: list[float], lows: list[float], highs: list[float], *, limit: float
) -> go.Figure:
    """Attack risks as bars with their confidence intervals, and the verdict's limit on the lower bound."""
    figure = go.Figure(
        go.Bar(
            x=risks,
            y=labels,
            orientation="h",
            marker_color=[RISK_COLOURS["high"] if low > limit else SYNTHETIC_COLOUR for low in lows],
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [high - risk for risk, high in zip(risks, highs, strict=True)],
                "arrayminus": [risk - low for risk, low in zip(risks, lows, strict=True)],
            },
        )
    )
    figure.add_vline(x=limit, line_dash="dash", line_color=RISK_COLOURS["high"], annotation_text=f"limit {limit:.2f}")
    figure.update_layout(
        xaxis_title="Risk (0 = no better than the control attack, 1 = every attack succeeds)",
        xaxis_range=[0, 1],
        height=max(240, 60 * len(labels) + 100),
        **PLOT_LAYOUT,
    )
    figure.update_yaxes(autorange="reversed")
    return figure
