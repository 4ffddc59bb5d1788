"""Differential privacy in one picture: what ε bounds, drawn for one noisy count.

A count over the training rows is released with Laplace noise of scale 1/ε. The picture draws the
distribution of the released number twice: computed on the real rows without you, and with you
(one more). Wherever the released number lands, one curve is at most e^ε times the other, so
whoever sees the output cannot tell well whether you were in the data. The smaller ε, the closer
the curves and the noisier the count.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from synth_core.plots import COLOURS, PLOT_LAYOUT

WITHOUT_YOU = 100  # an illustrative count; only the difference of one row matters


def laplace_density(values: np.ndarray, centre: float, epsilon: float) -> np.ndarray:
    """The density of a count released with Laplace noise of scale 1/ε (sensitivity one row)."""
    scale = 1.0 / epsilon
    return np.exp(-np.abs(values - centre) / scale) / (2 * scale)


def epsilon_sentence(epsilon: float) -> str:
    """What ε promises, in one sentence with its numbers."""
    ratio = math.exp(epsilon)
    spread = math.log(1 / 0.05) / epsilon  # 95% of Laplace draws fall within this distance
    return (
        f"At ε = {epsilon:g}, any result is at most {ratio:,.1f}× as likely with your row as without it, and a "
        f"released count is off by less than {spread:,.1f} in 95% of draws."
    )


def plot_epsilon(epsilon: float) -> go.Figure:
    """Two output distributions of one noisy count, with and without one person's row.

    Args:
        epsilon: The privacy budget, greater than 0.

    Returns:
        The two densities, with the ε bound stated in the title.
    """
    if epsilon <= 0:
        raise ValueError(f"ε must be greater than 0, got {epsilon}.")
    reach = max(4.0, 5.0 / epsilon)
    values = np.linspace(WITHOUT_YOU - reach, WITHOUT_YOU + 1 + reach, 801)
    figure = go.Figure(
        [
            go.Scatter(
                x=values,
                y=laplace_density(values, WITHOUT_YOU, epsilon),
                name=f"Data without you (true count {WITHOUT_YOU})",
                line={"color": COLOURS["Real"], "width": 3},
                fill="tozeroy",
            ),
            go.Scatter(
                x=values,
                y=laplace_density(values, WITHOUT_YOU + 1, epsilon),
                name=f"Data with you (true count {WITHOUT_YOU + 1})",
                line={"color": COLOURS["Synthetic"], "width": 3, "dash": "dash"},
            ),
        ]
    )
    figure.update_xaxes(title_text="The count that is released")
    figure.update_yaxes(title_text="How likely", showticklabels=False)
    return figure.update_layout(
        title=f"ε = {epsilon:g}: the curves differ by at most a factor e^ε = {math.exp(epsilon):,.1f}",
        height=340,
        legend={"orientation": "h", "y": -0.3},
        **PLOT_LAYOUT,
    )
