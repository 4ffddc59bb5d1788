"""Target leakage: columns that give the target away are named; ordinary strong predictors are not."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synth_core.evaluation.leakage import LEAKAGE_THRESHOLD, TargetLeakage, find_target_leakage
from synth_core.evaluation.utility import UtilityResult, calculate_utility
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema
from synth_core.split import train_holdout

LEAKERS = {"case status", "days_to_reoffence", "reoffended_flag"}


def _leaky_table(rows: int = 600, seed: int = 0) -> tuple[pd.DataFrame, TableSchema]:
    """An imbalanced yes/no target (about 15% yes), three columns that encode it, and three that do not."""
    rng = np.random.default_rng(seed)
    reoffended = rng.random(rows) < 0.15
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 80, rows).astype(float),
            "district": rng.choice(["north", "south", "east", "west"], rows),
            "priors": rng.poisson(1.0 + reoffended, rows).astype(float),  # informative, not decisive
            # The leakers: a recoded label, a date recorded only after the outcome, and a 0/1 copy.
            "case status": np.where(reoffended, rng.choice(["R1", "R2"], rows), rng.choice(["C1", "C2", "C3"], rows)),
            "days_to_reoffence": np.where(reoffended, rng.integers(1, 700, rows), np.nan),
            "reoffended_flag": reoffended.astype(float),
            "target": np.where(reoffended, "yes", "no"),
        }
    )
    kinds = {
        "age": ColumnKind.NUMERICAL,
        "district": ColumnKind.CATEGORICAL,
        "priors": ColumnKind.NUMERICAL,
        "case status": ColumnKind.CATEGORICAL,
        "days_to_reoffence": ColumnKind.NUMERICAL,
        "reoffended_flag": ColumnKind.NUMERICAL,
        "target": ColumnKind.CATEGORICAL,
    }
    schema = TableSchema(
        tuple(
            ColumnSchema(name, kind, role=ColumnRole.TARGET if name == "target" else ColumnRole.FEATURE)
            for name, kind in kinds.items()
        )
    )
    return frame, schema


def test_three_columns_that_encode_the_target_are_flagged_by_name():
    # Setup
    frame, schema = _leaky_table()
    split = train_holdout(frame, holdout_share=0.3, seed=0)

    # Run
    result = calculate_utility(split.train, split.holdout, split.train, schema=schema, importance=False)

    # Assert
    leakage = result.leakage
    assert leakage is not None and leakage.flagged
    assert set(leakage.column_names) == LEAKERS
    assert all(column.score >= LEAKAGE_THRESHOLD and column.metric == "f1_macro" for column in leakage.columns)
    assert leakage.message.startswith("utility not meaningful: target leakage through")
    assert all(f"'{name}'" in leakage.message for name in LEAKERS)
    assert leakage.trtr_near_perfect  # the real-trained models see the leakers too


def test_without_the_leakers_nothing_is_flagged_though_the_target_is_imbalanced():
    # Setup: a constant "no" would be right 85% of the time, so accuracy would call it nearly perfect.
    frame, schema = _leaky_table()
    kept = [c for c in schema.columns if c.name not in LEAKERS]
    split = train_holdout(frame.drop(columns=sorted(LEAKERS)), holdout_share=0.3, seed=0)

    # Run
    result = calculate_utility(
        split.train, split.holdout, split.train, schema=TableSchema(tuple(kept)), importance=False
    )

    # Assert
    leakage = result.leakage
    assert leakage is not None and not leakage.flagged and leakage.message == ""
    assert leakage.column_names == () and leakage.checked == 3
    assert leakage.best_single is not None and leakage.best_single.score < 0.9


def test_a_regression_target_with_a_linear_copy_is_flagged_by_r2():
    # Setup
    rng = np.random.default_rng(1)
    price = rng.normal(200_000, 50_000, 400)
    train = pd.DataFrame({"price_per_m2": price / 80.0, "rooms": rng.integers(1, 6, 400).astype(float)})
    holdout = train.iloc[300:].reset_index(drop=True)

    # Run
    leakage = find_target_leakage(
        train.iloc[:300], pd.Series(price[:300]), holdout, pd.Series(price[300:]), task="regression"
    )

    # Assert
    assert leakage.column_names == ("price_per_m2",)
    assert leakage.columns[0].metric == "r2" and leakage.columns[0].score > 0.99


def test_a_near_perfect_real_trained_model_is_flagged_even_without_a_single_leaker():
    # Setup
    train = pd.DataFrame({"noise": np.arange(100.0)})
    labels = pd.Series(["a", "b"] * 50)

    # Run
    leakage = find_target_leakage(train, labels, train, labels, task="classification", trtr_scores=[0.7, 0.99, None])

    # Assert
    assert leakage.trtr_near_perfect and leakage.trtr_score == pytest.approx(0.99)
    assert leakage.column_names == () and leakage.flagged
    assert "0.990 macro F1, near perfect" in leakage.message


def test_an_identifier_like_category_cannot_score_on_unseen_holdout_values():
    # Setup: every training row its own code, mapped to its label: perfect on training rows, useless on new ones.
    labels = pd.Series(["yes", "no", "no", "no"] * 50)
    train = pd.DataFrame({"case_id": [f"C{i:04d}" for i in range(200)]})
    holdout = pd.DataFrame({"case_id": [f"H{i:04d}" for i in range(200)]})

    # Run
    leakage = find_target_leakage(train, labels, holdout, labels, task="classification")

    # Assert
    assert not leakage.flagged and leakage.best_single.score < 0.5


def test_adult_flags_nothing_not_even_relationship_or_marital_status(adult):
    # Setup: features prepared as the utility check prepares them (numbers as floats, categories as text).
    split = train_holdout(adult, holdout_share=0.2, seed=0)
    features = [name for name in adult.columns if name != "income"]

    def prepared(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {
                name: frame[name].astype(float)
                if pd.api.types.is_numeric_dtype(frame[name])
                else frame[name].astype(str)
                for name in features
            }
        )

    # Run
    leakage = find_target_leakage(
        prepared(split.train),
        split.train["income"],
        prepared(split.holdout),
        split.holdout["income"],
        task="classification",
    )

    # Assert
    assert not leakage.flagged and leakage.checked == len(features)
    assert leakage.best_single is not None and leakage.best_single.score < 0.8


def test_the_result_round_trips_and_old_utility_results_load_without_it():
    # Setup
    frame, schema = _leaky_table(rows=200)
    split = train_holdout(frame, holdout_share=0.3, seed=0)
    result = calculate_utility(split.train, split.holdout, split.train, schema=schema, importance=False)

    # Run
    restored = UtilityResult.from_dict(result.to_dict())
    old = result.to_dict()
    del old["leakage"]

    # Assert
    assert restored.leakage == result.leakage and isinstance(restored.leakage, TargetLeakage)
    assert UtilityResult.from_dict(old).leakage is None
