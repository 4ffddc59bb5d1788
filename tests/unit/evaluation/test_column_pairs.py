"""Two columns are reduced to points, box statistics or shares by their kinds."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core.evaluation.column_pairs import PairBoxes, PairPoints, PairShares, calculate_column_pair
from synth_core.plots.explore import plot_column_pair
from synth_core.schema import ColumnKind, ColumnSchema, TableSchema


@pytest.fixture
def rows():
    return pd.DataFrame(
        {
            "when": pd.to_datetime(["2020-01-01", "2020-01-03", "2020-01-05", "2021-06-01"]),
            "group": ["a", "a", "a", None],
            "amount": [1.0, 2.0, 3.0, 4.0],
        }
    )


@pytest.fixture
def schema():
    kinds = {"when": ColumnKind.DATETIME, "group": ColumnKind.CATEGORICAL, "amount": ColumnKind.NUMERICAL}
    return TableSchema(tuple(ColumnSchema(name, kind) for name, kind in kinds.items()))


def test_the_schema_kinds_pick_points_boxes_or_shares(rows, schema):
    assert isinstance(calculate_column_pair(rows, rows, "when", "amount", schema=schema), PairPoints)
    assert isinstance(calculate_column_pair(rows, rows, "group", "amount", schema=schema), PairBoxes)
    assert isinstance(calculate_column_pair(rows, rows, "group", "group", schema=schema), PairShares)


def test_a_column_kind_the_schema_changes_changes_the_form(rows, schema):
    as_category = schema.with_column("amount", kind=ColumnKind.CATEGORICAL)

    assert isinstance(calculate_column_pair(rows, rows, "group", "amount", schema=as_category), PairShares)


def test_a_column_missing_from_the_schema_is_named(rows, schema):
    with pytest.raises(KeyError, match="amount"):
        calculate_column_pair(rows, rows, "group", "amount", schema=TableSchema(schema.columns[:2]))


def test_date_boxes_keep_quartiles_per_category_and_are_drawn_on_a_date_axis(rows, schema):
    pair = calculate_column_pair(rows, rows.head(3), "group", "when", schema=schema)

    assert pair.columns == ("group", "when") and (pair.number_column, pair.category_column) == ("when", "group")
    assert pair.category_order == ("a", "(missing)")  # the real data's most common first
    assert pair.synthetic.categories == ("a",)  # a category absent on one side has no box there
    assert pd.Timestamp(int(pair.real.median[0])) == pd.Timestamp("2020-01-03")
    figure = plot_column_pair(pair)
    assert figure.layout.yaxis.type == "date" and figure.data[0].median[0].startswith("2020-01-03")
    assert figure.layout.title.text == "group and when"
