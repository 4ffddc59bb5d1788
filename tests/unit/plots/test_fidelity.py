"""Fidelity plots draw computed distributions and scores in the real/synthetic colour pair."""

from __future__ import annotations

import pandas as pd

from synth_core.evaluation.column_distribution import calculate_column_distribution
from synth_core.evaluation.fidelity import ColumnShape, FidelityResult
from synth_core.plots.fidelity import (
    plot_association_heatmaps,
    plot_column_distribution,
    plot_column_scores,
    plot_score_summary,
)
from synth_core.plots.style import REAL_COLOUR, SYNTHETIC_COLOUR
from synth_core.schema import ColumnKind


def test_numeric_histograms_share_bins_and_colours_and_hold_no_values(adult):
    distribution = calculate_column_distribution(
        adult["age"], adult["age"].sample(500, random_state=0), kind=ColumnKind.NUMERICAL
    )

    figure = plot_column_distribution(distribution)

    real, synthetic = figure.data
    assert (real.type, real.name, synthetic.name) == ("bar", "Real", "Synthetic")
    assert list(real.x) == list(synthetic.x)  # shared bins
    assert abs(sum(real.y) - 1) < 1e-9
    assert (real.marker.color, synthetic.marker.color) == (REAL_COLOUR, SYNTHETIC_COLOUR)
    assert len(real.x) == 40 and not set(adult["age"]) & set(real.x)  # bin centres, not the values
    assert figure.layout.title.text == "age"


def test_category_bars_show_shares_of_each_level(adult):
    synthetic = adult["sex"].head(100)

    figure = plot_column_distribution(
        calculate_column_distribution(adult["sex"], synthetic, kind=ColumnKind.CATEGORICAL)
    )

    real_bars = dict(zip(figure.data[0].x, figure.data[0].y, strict=True))
    assert set(real_bars) == {"Male", "Female"}
    assert abs(real_bars["Male"] - (adult["sex"] == "Male").mean()) < 1e-9


def test_dates_get_a_time_histogram(student_placements):
    dates = student_placements["start_date"]

    figure = plot_column_distribution(calculate_column_distribution(dates, dates, kind=ColumnKind.DATETIME))

    assert figure.data[0].type == "bar"
    assert pd.to_datetime(figure.data[0].x).notna().all()


def test_a_column_without_values_says_so():
    empty = pd.Series([None, None], name="blank", dtype=float)

    distribution = calculate_column_distribution(empty, empty, kind=ColumnKind.NUMERICAL)
    figure = plot_column_distribution(distribution)

    assert distribution.form == "empty"
    assert figure.data == () and figure.layout.title.text == "blank: no values to plot"


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
