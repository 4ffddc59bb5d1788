"""One column's distribution is counted as shares on shared bins or on the real data's top categories."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core.evaluation.column_distribution import HISTOGRAM_BINS, calculate_column_distribution
from synth_core.schema import ColumnKind


def test_rare_categories_are_lumped_as_other():
    real = pd.Series([f"c{i}" for i in range(30)] * 2 + ["c0"] * 10, name="code")

    distribution = calculate_column_distribution(real, real, kind=ColumnKind.CATEGORICAL)

    assert len(distribution.positions) == 26 and "(other)" in distribution.positions  # the top 25, then the rest
    assert sum(distribution.real_shares) == pytest.approx(1.0)
    assert distribution.real_shares == distribution.synthetic_shares


def test_numbers_are_counted_on_shared_bins_over_both_sides():
    real = pd.Series([0.0, 1.0, 2.0], name="x")
    synthetic = pd.Series([10.0, 10.0], name="x")

    distribution = calculate_column_distribution(real, synthetic, kind=ColumnKind.NUMERICAL)

    assert distribution.form == "histogram" and len(distribution.positions) == HISTOGRAM_BINS
    assert distribution.positions[0] > 0.0 and distribution.positions[-1] < 10.0  # bin centres span both sides
    assert distribution.synthetic_shares[-1] == 1.0 and sum(distribution.real_shares[:10]) == pytest.approx(1.0)
