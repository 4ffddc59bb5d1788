"""Seeded split, the table profile, and the explainer registry."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core.errors import SynthStudioError, TooFewRowsError
from synth_core.explain import EXPLAINERS, explain
from synth_core.profile import profile_table
from synth_core.schema import ColumnKind, ColumnRole
from synth_core.split import train_holdout


def test_split_is_seeded_disjoint_and_complete(german_credit):
    first = train_holdout(german_credit, holdout_share=0.2, seed=5)
    again = train_holdout(german_credit, holdout_share=0.2, seed=5)
    other = train_holdout(german_credit, holdout_share=0.2, seed=6)

    assert (len(first.train), len(first.holdout)) == (800, 200)
    pd.testing.assert_frame_equal(first.holdout, again.holdout)
    assert not first.holdout.equals(other.holdout)
    both = pd.concat([first.train, first.holdout]).sort_values(list(german_credit.columns)).reset_index(drop=True)
    expected = german_credit.sort_values(list(german_credit.columns)).reset_index(drop=True)
    pd.testing.assert_frame_equal(both, expected)


@pytest.mark.parametrize("share", [0.0, 0.01, 0.9])
def test_split_refuses_shares_out_of_range(german_credit, share):
    with pytest.raises(ValueError, match="between 5% and 50%"):
        train_holdout(german_credit, holdout_share=share)


def test_split_refuses_a_table_too_small():
    with pytest.raises(ValueError, match="too few"):
        train_holdout(pd.DataFrame({"a": [1]}), holdout_share=0.2)


def test_profile_counts_missing_and_distinct(adult):
    profile = profile_table(adult)

    by_column = profile.per_column.set_index("column")
    assert (profile.rows, profile.columns) == (32561, 15)
    assert by_column.loc["workclass", "missing"] == adult["workclass"].isna().sum() > 0
    assert by_column.loc["sex", "distinct"] == 2
    assert 0 < profile.missing_share < 0.05


def test_every_kind_and_role_is_explained():
    keys = [f"kind.{kind}" for kind in ColumnKind] + [f"role.{role}" for role in ColumnRole]

    for key in keys:
        entry = explain(key)
        assert entry.what and entry.good and entry.how
    assert set(keys) <= set(EXPLAINERS)


def test_unknown_explainer_lists_the_known_ones():
    with pytest.raises(KeyError, match=r"kind\.numerical"):
        explain("kind.nonsense")


def test_too_few_rows_names_the_table_and_the_rows_needed():
    frame = pd.DataFrame({"a": range(11)})

    with pytest.raises(TooFewRowsError, match=r"'tiny\.csv' has 11 row\(s\)") as caught:
        train_holdout(frame, holdout_share=0.2, name="tiny.csv")

    assert "leaves 9 to train on and 2 held out" in str(caught.value)
    assert "Add rows (at least 12 with a 20% holdout)." in str(caught.value)
    assert isinstance(caught.value, SynthStudioError)
    assert len(train_holdout(pd.DataFrame({"a": range(12)}), holdout_share=0.2).train) == 10
