"""Synthetic rows that reproduce a training row's unique quasi-identifier combination are counted exactly."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core.evaluation.privacy import calculate_distance_privacy
from synth_core.evaluation.quasi_identifier_matches import calculate_quasi_identifier_matches, comparable_text
from synth_core.schema import ColumnKind, ColumnSchema, TableSchema

SCHEMA = TableSchema(
    (
        ColumnSchema("age", ColumnKind.NUMERICAL, quasi_identifier=True),
        ColumnSchema("birth", ColumnKind.DATETIME, quasi_identifier=True),
        ColumnSchema("sex", ColumnKind.CATEGORICAL, quasi_identifier=True),
        ColumnSchema("income", ColumnKind.NUMERICAL),
    )
)


@pytest.fixture
def frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    # Training: rows 0-1 share a combination; rows 2, 3 and 4 are each unique on it.
    train = pd.DataFrame(
        {
            "age": [30, 30, 41, 52, 67],
            "birth": pd.to_datetime(["1990-01-01", "1990-01-01", "1980-05-17", "1970-02-02", "1955-09-30"]),
            "sex": ["F", "F", "M", "F", "M"],
            "income": [10.0, 20.0, 30.0, 40.0, 50.0],
        }
    )
    # Holdout: one row lands on a training-unique combination (row 2's), by chance.
    holdout = pd.DataFrame(
        {
            "age": [41, 30, 29, 80],
            "birth": pd.to_datetime(["1980-05-17", "1990-01-01", "1991-03-03", "1940-01-01"]),
            "sex": ["M", "F", "F", "M"],
            "income": [1.0, 2.0, 3.0, 4.0],
        }
    )
    # Synthetic, stored as a generator or a CSV round trip might store it: floats for ages, dates as text.
    synthetic = pd.DataFrame(
        {
            "age": [41.0, 52.0, 67.0, 30.0, 52.5, 41.0],
            "birth": ["1980-05-17", "1970-02-02 00:00:00", "1955-09-30", "1990-01-01", "1970-02-02", "1980-05-18"],
            "sex": ["M", " F", "M", "F", "F", "M"],
            "income": [99.0, 98.0, 97.0, 96.0, 95.0, 94.0],
        }
    )
    return train, holdout, synthetic


def test_matches_count_synthetic_rows_on_a_training_unique_combination(frames):
    train, holdout, synthetic = frames

    result = calculate_quasi_identifier_matches(train, holdout, synthetic, schema=SCHEMA)

    assert result.columns == ("age", "birth", "sex")
    assert result.unique_training_rows == 3
    # Rows 0-2 reproduce training rows 2, 3 and 4 despite float ages, text dates and a stray space;
    # row 3 hits the shared combination, row 4 has age 52.5 and row 5 another day.
    assert result.synthetic_matches == 3
    assert result.synthetic_share == pytest.approx(3 / 6)
    assert result.holdout_share == pytest.approx(1 / 4)


def test_nothing_marked_means_nothing_compared(frames):
    train, holdout, synthetic = frames
    unmarked = TableSchema(tuple(ColumnSchema(c.name, c.kind) for c in SCHEMA.columns))

    assert calculate_quasi_identifier_matches(train, holdout, synthetic, schema=unmarked) is None


def test_the_distance_evidence_carries_the_matches(frames):
    train, holdout, synthetic = frames

    distances, _ = calculate_distance_privacy(train, holdout, synthetic, schema=SCHEMA)

    assert distances.quasi_identifiers == ("age", "birth", "sex")
    assert distances.unique_quasi_identifier_rows == 3
    assert distances.unique_quasi_identifier_matches == 3
    assert distances.unique_quasi_identifier_match_share == pytest.approx(0.5)
    assert distances.holdout_unique_quasi_identifier_share == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("real", "synthetic", "kind", "expected"),
    [
        (pd.Series([35, 40]), pd.Series([35.0, 40.5]), None, (["35", "40"], ["35", "40.5"])),
        (pd.Series([35, 40]), pd.Series(["35", " 40"]), ColumnKind.NUMERICAL, (["35", "40"], ["35", "40"])),
        (pd.Series([1, 2], dtype="Int64"), pd.Series([1.0, None]), None, (["1", "2"], ["1", None])),
        (
            pd.Series(pd.to_datetime(["2020-01-31", "2020-02-01 10:30"], format="mixed")),
            pd.Series(["2020-01-31 00:00:00", "2020-02-01T10:30:00"]),
            None,
            (["2020-01-31", "2020-02-01T10:30:00.000000"], ["2020-01-31", "2020-02-01T10:30:00.000000"]),
        ),
        (
            pd.Series(["31/01/2020"]),
            pd.Series(pd.to_datetime(["2020-01-31"])),
            ColumnKind.DATETIME,
            (["2020-01-31"], ["2020-01-31"]),
        ),
        (pd.Series([True, False]), pd.Series(["True", "no"]), None, (["true", "false"], ["true", "false"])),
        (pd.Series(["a", "b"], dtype="category"), pd.Series(["a ", None]), None, (["a", "b"], ["a", None])),
    ],
)
def test_values_compare_as_a_reader_reads_them(real, synthetic, kind, expected):
    left, right = comparable_text([real, synthetic], kind=kind, datetime_format="%d/%m/%Y" if kind else None)

    as_lists = (
        [None if pd.isna(value) else value for value in left],
        [None if pd.isna(value) else value for value in right],
    )
    assert as_lists == expected


def test_text_that_looks_like_numbers_stays_text_in_a_text_column():
    left, right = comparable_text([pd.Series(["007", "12"]), pd.Series(["7", "12"])], kind=ColumnKind.CATEGORICAL)

    assert list(left) == ["007", "12"] and list(right) == ["7", "12"]  # a code "007" is not the number 7
