"""Plots that compare runs: where each run sits between fidelity and privacy."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from synth_core.plots.style import PLOT_LAYOUT, RISK_COLOURS
from synth_core.runs import RunOutcome


def plot_tradeoff(outcomes: Sequence[RunOutcome]) -> go.Figure:
    """Fidelity (up) against privacy protection (right), one point per run, coloured by its privacy verdict.

    Runs without both a fidelity score and a privacy review are left out. The best runs sit top right;
    a copy of the real rows sits top left.
    """
    figure = go.Figure()
    for level, colour in RISK_COLOURS.items():
        chosen = [
            outcome.run
            for outcome in outcomes
            if outcome.run.fidelity and outcome.run.privacy and outcome.run.privacy.verdict.level.label == level
        ]
        if not chosen:
            continue
        figure.add_trace(
            go.Scatter(
                x=[run.privacy.distances.baseline_protection for run in chosen],
                y=[run.fidelity.overall for run in chosen],
                text=[run.label for run in chosen],
                mode="markers+text",
                textposition="top center",
                marker={"size": 14, "color": colour, "line": {"width": 1, "color": "#333333"}},
                name=f"Privacy risk {level}",
                hovertemplate="%{text}<br>fidelity %{y:.3f}<br>DCR baseline protection %{x:.3f}<extra></extra>",
            )
        )
    figure.update_layout(
        title="Fidelity against privacy",
        xaxis_title="Privacy: DCR baseline protection (1 = as far from real rows as random data)",
        yaxis_title="Fidelity: overall quality",
        xaxis_range=[-0.05, 1.05],
        yaxis_range=[0, 1.05],
        height=460,
        **PLOT_LAYOUT,
    )
    return figure
