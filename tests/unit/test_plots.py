"""Plots are pure functions that return figures with the real/synthetic colour pair."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synth_core.evaluation.fidelity import ColumnShape, FidelityResult
from synth_core.plots import (
    REAL_COLOUR,
    SYNTHETIC_COLOUR,
    plot_association_heatmaps,
    plot_column_distribution,
    plot_column_scores,
    plot_score_summary,
)
from synth_core.plots_dp import epsilon_sentence, plot_epsilon
from synth_core.schema import ColumnKind


def test_numeric_histograms_share_bins_and_colours_and_hold_no_values(adult):
    figure = plot_column_distribution(adult["age"], adult["age"].sample(500, random_state=0), kind=ColumnKind.NUMERICAL)

    real, synthetic = figure.data
    assert (real.type, real.name, synthetic.name) == ("bar", "Real", "Synthetic")
    assert list(real.x) == list(synthetic.x)  # shared bins
    assert abs(sum(real.y) - 1) < 1e-9
    assert (real.marker.color, synthetic.marker.color) == (REAL_COLOUR, SYNTHETIC_COLOUR)
    assert len(real.x) == 40 and not set(adult["age"]) & set(real.x)  # bin centres, not the values


def test_category_bars_show_shares_of_each_level(adult):
    synthetic = adult["sex"].head(100)

    figure = plot_column_distribution(adult["sex"], synthetic, kind=ColumnKind.CATEGORICAL)

    real_bars = dict(zip(figure.data[0].x, figure.data[0].y, strict=True))
    assert set(real_bars) == {"Male", "Female"}
    assert abs(real_bars["Male"] - (adult["sex"] == "Male").mean()) < 1e-9


def test_dates_get_a_time_histogram(student_placements):
    figure = plot_column_distribution(
        student_placements["start_date"], student_placements["start_date"], kind=ColumnKind.DATETIME
    )

    assert figure.data[0].type == "bar"
    assert pd.to_datetime(figure.data[0].x).notna().all()


def test_heatmaps_have_three_panels_with_a_difference():
    real = pd.DataFrame([[1.0, 0.5], [0.5, 1.0]], index=["a", "b"], columns=["a", "b"])
    synthetic = pd.DataFrame([[1.0, 0.2], [0.2, 1.0]], index=["a", "b"], columns=["a", "b"])

    figure = plot_association_heatmaps(real, synthetic)

    assert [trace.type for trace in figure.data] == ["heatmap"] * 3
    assert abs(figure.data[2].z[0][1] + 0.3) < 1e-9


def test_score_plots():
    result = FidelityResult(
        overall=0.8,
        column_shapes=0.9,
        column_pair_trends=0.7,
        diagnostic=1.0,
        shapes=(ColumnShape("a", "KSComplement", 0.95), ColumnShape("b", "TVComplement", 0.6)),
    )

    summary = plot_score_summary(result)
    columns = plot_column_scores(result)

    assert list(summary.data[0].x) == [0.8, 0.9, 0.7, 1.0]
    assert list(columns.data[0].y) == ["b", "a"]  # weakest first


@pytest.mark.parametrize("epsilon", [0.5, 1.0, 10.0])
def test_the_epsilon_picture_keeps_its_two_curves_within_e_to_the_epsilon(epsilon):
    figure = plot_epsilon(epsilon)
    without, with_you = (np.asarray(trace.y) for trace in figure.data)
    ratio = np.maximum(without / with_you, with_you / without)
    assert ratio.max() == pytest.approx(np.exp(epsilon), rel=1e-6)  # the bound is reached, never passed
    assert f"{np.exp(epsilon):,.1f}" in figure.layout.title.text


def test_a_smaller_epsilon_means_a_wider_count_and_is_said_in_words():
    assert "2.7×" in epsilon_sentence(1.0)
    wide, narrow = (float(epsilon_sentence(e).split("less than ")[1].split(" ")[0]) for e in (0.5, 10.0))
    assert wide > 10 * narrow
    with pytest.raises(ValueError):
        plot_epsilon(0)
