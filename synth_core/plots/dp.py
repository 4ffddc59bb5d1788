"""Differential-privacy plots: what ε bounds, drawn for one noisy count (see `synth_core.epsilon`)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from synth_core.epsilon import EpsilonCurves
from synth_core.plots.style import COLOURS, PLOT_LAYOUT


def plot_epsilon(curves: EpsilonCurves) -> go.Figure:
    """Two output distributions of one noisy count, with and without one person's row.

    Args:
        curves: Output of `synth_core.epsilon.calculate_epsilon_curves`.

    Returns:
        The two densities, with the ε bound stated in the title.
    """
    figure = go.Figure(
        [
            go.Scatter(
                x=np.asarray(curves.released),
                y=np.asarray(curves.without_you),
                name=f"Data without you (true count {curves.true_count})",
                line={"color": COLOURS["Real"], "width": 3},
                fill="tozeroy",
            ),
            go.Scatter(
                x=np.asarray(curves.released),
                y=np.asarray(curves.with_you),
                name=f"Data with you (true count {curves.true_count + 1})",
                line={"color": COLOURS["Synthetic"], "width": 3, "dash": "dash"},
            ),
        ]
    )
    figure.update_xaxes(title_text="The count that is released")
    figure.update_yaxes(title_text="How likely", showticklabels=False)
    return figure.update_layout(
        title=f"ε = {curves.epsilon:g}: the curves differ by at most a factor e^ε = {curves.bound:,.1f}",
        height=340,
        legend={"orientation": "h", "y": -0.3},
        **PLOT_LAYOUT,
    )
