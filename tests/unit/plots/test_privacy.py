"""Privacy plots draw pre-binned distances and attack risks; colours say which side and which risk."""

from __future__ import annotations

import numpy as np
import pytest

from synth_core.evaluation.privacy import DistanceSummary
from synth_core.plots.privacy import plot_attack_risks, plot_distance_histograms
from synth_core.plots.style import HOLDOUT_COLOUR, RISK_COLOURS, SYNTHETIC_COLOUR


def test_distance_histograms_draw_shares_per_bin_in_the_side_colours():
    curves = {
        "Synthetic → training": DistanceSummary.of(np.array([0.0, 0.1, 0.1, 0.9])),
        "Holdout → training": DistanceSummary.of(np.array([0.5, 0.6])),
    }

    figure = plot_distance_histograms(curves)

    synthetic, holdout = figure.data
    assert sum(synthetic.y) == pytest.approx(1.0) and sum(holdout.y) == pytest.approx(1.0)
    assert (synthetic.marker.color, holdout.marker.color) == (SYNTHETIC_COLOUR, HOLDOUT_COLOUR)
    assert synthetic.name == "Synthetic → training (median 0.100)"


def test_an_attack_whose_lower_bound_passes_the_limit_is_drawn_as_high_risk():
    figure = plot_attack_risks(["Singling out", "Linkability"], [0.5, 0.1], [0.3, 0.0], [0.7, 0.2], limit=0.2)

    assert list(figure.data[0].marker.color) == [RISK_COLOURS["high"], SYNTHETIC_COLOUR]
    assert list(figure.data[0].error_x.array) == pytest.approx([0.2, 0.1])
