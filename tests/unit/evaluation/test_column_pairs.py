"""Two columns are reduced to points, box statistics or shares by their kinds."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core.evaluation.column_pairs import PairBoxes, PairPoints, PairShares, calculate_column_pair
from synth_core.plots.explore import plot_column_pair
from synth_core.schema import ColumnKind


@pytest.fixture
def rows():
    return pd.DataFrame(
        {
            "when": pd.to_datetime(["2020-01-01", "2020-01-03", "2020-01-05", "2021-06-01"]),
            "group": ["a", "a", "a", None],
            "amount": [1.0, 2.0, 3.0, 4.0],
        }
    )


def test_the_kinds_pick_points_boxes_or_shares(rows):
    number, category, date = ColumnKind.NUMERICAL, ColumnKind.CATEGORICAL, ColumnKind.DATETIME

    assert isinstance(calculate_column_pair(rows, rows, "when", "amount", kinds=(date, number)), PairPoints)
    assert isinstance(calculate_column_pair(rows, rows, "group", "amount", kinds=(category, number)), PairBoxes)
    assert isinstance(calculate_column_pair(rows, rows, "group", "group", kinds=(category, category)), PairShares)


def test_date_boxes_keep_quartiles_per_category_and_are_drawn_on_a_date_axis(rows):
    pair = calculate_column_pair(
        rows, rows.head(3), "group", "when", kinds=(ColumnKind.CATEGORICAL, ColumnKind.DATETIME)
    )

    assert pair.columns == ("group", "when") and (pair.number_column, pair.category_column) == ("when", "group")
    assert pair.category_order == ("a", "(missing)")  # the real data's most common first
    assert pair.synthetic.categories == ("a",)  # a category absent on one side has no box there
    assert pd.Timestamp(int(pair.real.median[0])) == pd.Timestamp("2020-01-03")
    figure = plot_column_pair(pair)
    assert figure.layout.yaxis.type == "date" and figure.data[0].median[0].startswith("2020-01-03")
    assert figure.layout.title.text == "group and when"
