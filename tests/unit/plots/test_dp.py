"""The ε picture draws two densities whose ratio never passes e^ε, and says what ε promises in words."""

from __future__ import annotations

import numpy as np
import pytest

from synth_core.epsilon import calculate_epsilon_curves, epsilon_sentence
from synth_core.plots.dp import plot_epsilon
from synth_core.plots.style import REAL_COLOUR, SYNTHETIC_COLOUR


@pytest.mark.parametrize("epsilon", [0.5, 1.0, 10.0])
def test_the_epsilon_picture_keeps_its_two_curves_within_e_to_the_epsilon(epsilon):
    figure = plot_epsilon(calculate_epsilon_curves(epsilon))

    without, with_you = (np.asarray(trace.y) for trace in figure.data)
    ratio = np.maximum(without / with_you, with_you / without)
    assert ratio.max() == pytest.approx(np.exp(epsilon), rel=1e-6)  # the bound is reached, never passed
    assert f"{np.exp(epsilon):,.1f}" in figure.layout.title.text
    assert [trace.line.color for trace in figure.data] == [REAL_COLOUR, SYNTHETIC_COLOUR]


def test_a_smaller_epsilon_means_a_wider_count_and_is_said_in_words():
    assert "2.7×" in epsilon_sentence(1.0)
    wide, narrow = (float(epsilon_sentence(e).split("less than ")[1].split(" ")[0]) for e in (0.5, 10.0))
    assert wide > 10 * narrow
    with pytest.raises(ValueError):
        calculate_epsilon_curves(0)
