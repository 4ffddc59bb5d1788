"""Exports: CSV with the formula-injection guard, and Parquet."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from synth_core.export_files import guard_formulas, to_csv_bytes, to_parquet_bytes


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_each_trigger_is_neutralised(trigger):
    frame = pd.DataFrame({"note": [f'{trigger}HYPERLINK("x")', "plain"]})

    guarded = guard_formulas(frame)

    assert guarded.loc[0, "note"] == "'" + frame.loc[0, "note"]
    assert guarded.loc[1, "note"] == "plain"


def test_numbers_are_never_touched():
    frame = pd.DataFrame({"amount": [-3, 5], "text_number": ["-3", "+4.5"], "mixed": ["-", "=1+1"]})

    guarded = guard_formulas(frame)

    assert guarded["amount"].tolist() == [-3, 5]
    assert guarded["amount"].dtype == frame["amount"].dtype
    assert guarded["text_number"].tolist() == ["-3", "+4.5"]
    assert guarded["mixed"].tolist() == ["'-", "'=1+1"]


def test_csv_guard_can_be_turned_off():
    frame = pd.DataFrame({"f": ["=SUM(A1)"]})

    assert b"'=SUM(A1)" in to_csv_bytes(frame)
    assert b"'=" not in to_csv_bytes(frame, guard=False)


def test_parquet_round_trip(german_credit):
    restored = pd.read_parquet(io.BytesIO(to_parquet_bytes(german_credit)))

    pd.testing.assert_frame_equal(restored, german_credit)
