"""Machine-learning utility: TRTR and TSTR on the real holdout rank generators as expected."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from synth_core.detection import infer_schema
from synth_core.evaluation.utility import (
    FeatureImportance,
    ModelScores,
    UtilityResult,
    calculate_utility,
    detect_task,
)
from synth_core.generators import get
from synth_core.plots.style import REAL_COLOUR, SYNTHETIC_COLOUR
from synth_core.plots.utility import plot_importance_ranks, plot_utility_scores
from synth_core.schema import ColumnKind
from synth_core.split import train_holdout

CLASSIFICATION_METRICS = {"accuracy", "f1_macro", "f1_binary", "roc_auc"}


# --- Fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def adult_split(adult):
    schema = infer_schema(adult)
    split = train_holdout(adult, holdout_share=0.2, seed=0)
    return split.train, split.holdout, schema


@pytest.fixture(scope="module")
def adult_results(adult_split):
    """One utility result per generator on full Adult, each generator fitted with seed 0."""
    train, holdout, schema = adult_split
    results = {}
    for name in ("independent_columns", "copy_rows", "gaussian_copula"):
        synthetic = get(name)().fit(train, schema=schema, seed=0).sample(len(train), seed=0)
        results[name] = calculate_utility(train, holdout, synthetic, schema=schema, seed=0)
    return results


@pytest.fixture(scope="module")
def german_split(german_credit):
    schema = infer_schema(german_credit)
    split = train_holdout(german_credit, holdout_share=0.2, seed=0)
    synthetic = get("independent_columns")().fit(split.train, schema=schema, seed=0).sample(400, seed=0)
    return split.train, split.holdout, synthetic, schema


# --- Task detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "kind", "expected"),
    [
        (pd.Series(["a", "b", "a"]), ColumnKind.CATEGORICAL, "classification"),
        (pd.Series([1.5, 2.5, 3.5]), ColumnKind.ORDINAL, "classification"),
        (pd.Series([True, False, True]), ColumnKind.BOOLEAN, "classification"),
        (pd.Series([1, 2, 2, 1, None]), ColumnKind.NUMERICAL, "classification"),
        (pd.Series(np.arange(21, dtype=float)), ColumnKind.NUMERICAL, "regression"),
        (pd.Series(np.arange(20, dtype=float)), ColumnKind.NUMERICAL, "classification"),
        (pd.Series([0.5, 1.0, 1.5]), ColumnKind.NUMERICAL, "regression"),
    ],
)
def test_detect_task(values, kind, expected):
    # Run / Assert
    assert detect_task(values, kind) == expected


# --- Adult: generators rank as expected -----------------------------------------------------------


def test_adult_scores_every_model_on_the_holdout(adult_split, adult_results):
    # Setup
    _, holdout, _ = adult_split
    result = adult_results["gaussian_copula"]

    # Assert
    assert result.target == "income"
    assert result.task == "classification"
    assert result.positive_class == ">50K"  # the less frequent class, as SDGym reports
    assert result.primary_metric == "f1_macro"
    assert result.holdout_rows == len(holdout)
    assert [(entry.model, entry.train_on) for entry in result.scores] == [
        ("logistic_regression", "real"),
        ("logistic_regression", "synthetic"),
        ("gradient_boosting", "real"),
        ("gradient_boosting", "synthetic"),
    ]
    for entry in result.scores:
        assert set(entry.metrics) == CLASSIFICATION_METRICS
        assert all(0.0 <= value <= 1.0 for value in entry.metrics.values())
    # Real data's binary F1 is near SDGym's reference for Adult (0.663).
    assert 0.6 <= result.score("logistic_regression", "real", "f1_binary") <= 0.75
    assert result.notes == ()


def test_gaussian_copula_beats_independent_columns_but_not_real(adult_results):
    # Setup
    copula, independent = adult_results["gaussian_copula"], adult_results["independent_columns"]

    # Assert
    assert copula.tstr >= independent.tstr + 0.10
    assert copula.tstr < copula.trtr
    assert copula.trtr == pytest.approx(independent.trtr)  # TRTR does not depend on the generator


def test_copy_rows_is_as_useful_as_the_real_rows(adult_results):
    # Setup
    result = adult_results["copy_rows"]

    # Assert
    assert 0.97 <= result.ratio <= 1.03
    assert result.importance_rank_correlation is not None
    assert result.importance_rank_correlation > 0.8


def test_importances_cover_the_features_and_not_the_target(adult_split, adult_results):
    # Setup
    _, _, schema = adult_split
    result = adult_results["gaussian_copula"]

    # Assert
    features = {entry.feature for entry in result.importances}
    assert features == set(schema.modelled_columns) - {"income"}
    assert result.importances[0].real == max(entry.real for entry in result.importances)
    assert -1.0 <= result.importance_rank_correlation <= 1.0


# --- German credit: regression and the awkward cases ----------------------------------------------


def test_regression_on_credit_amount(german_split):
    # Setup
    train, holdout, synthetic, schema = german_split

    # Run
    result = calculate_utility(
        train, holdout, synthetic, schema=schema, target="credit_amount", task="regression", seed=0
    )

    # Assert
    assert result.task == "regression"
    assert result.primary_metric == "r2"
    assert result.positive_class is None
    for entry in result.scores:
        assert set(entry.metrics) == {"r2", "mae"}
        assert entry.metrics["mae"] > 0
    assert 0.2 <= result.trtr <= 0.8  # duration and amount are strongly related
    assert result.tstr < result.trtr  # independent columns lose that relationship
    assert "credit_amount" not in {entry.feature for entry in result.importances}
    assert "credit_risk" in {entry.feature for entry in result.importances}  # the schema's target is a feature here


def test_single_class_synthetic_target_gives_notes_not_a_crash(german_split):
    # Setup
    train, holdout, synthetic, schema = german_split
    synthetic = synthetic.assign(credit_risk=1)

    # Run
    result = calculate_utility(train, holdout, synthetic, schema=schema, seed=0)

    # Assert
    for entry in result.scores:
        if entry.train_on == "synthetic":
            assert all(value is None for value in entry.metrics.values())
        else:
            assert entry.metrics["f1_macro"] is not None
    assert any("same class" in note for note in result.notes)
    assert math.isnan(result.tstr)
    assert math.isnan(result.ratio)
    assert result.importances == ()
    assert UtilityResult.from_dict(json.loads(json.dumps(result.to_dict(), allow_nan=False))).notes == result.notes


def test_missing_target_in_synthetic_raises_naming_it(german_split):
    # Setup
    train, holdout, synthetic, schema = german_split

    # Run / Assert
    with pytest.raises(ValueError, match="credit_risk"):
        calculate_utility(train, holdout, synthetic.drop(columns="credit_risk"), schema=schema)


def test_missing_target_values_are_dropped_with_a_note(german_split):
    # Setup
    train, holdout, synthetic, schema = german_split
    holdout = holdout.astype({"credit_risk": float})
    holdout.loc[:4, "credit_risk"] = np.nan

    # Run
    result = calculate_utility(train, holdout, synthetic, schema=schema, seed=0)

    # Assert
    assert result.holdout_rows == len(holdout) - 5
    assert any("5 holdout row(s)" in note for note in result.notes)
    assert result.positive_class == "2"  # the bad-risk class; 1.0 and 1 are the same class


def test_holdout_class_unseen_in_training_is_noted(german_split):
    # Setup
    train, holdout, synthetic, schema = german_split
    holdout = holdout.copy()
    holdout.loc[:2, "housing"] = "A-new-housing"

    # Run
    result = calculate_utility(train, holdout, synthetic, schema=schema, target="housing", seed=0)

    # Assert
    assert any("A-new-housing" in note for note in result.notes)
    assert all(entry.metrics["roc_auc"] is None for entry in result.scores)
    assert all(entry.metrics["f1_macro"] is not None for entry in result.scores)


def test_keys_and_personal_columns_are_never_features(german_split):
    # Setup
    train, holdout, synthetic, schema = german_split
    frames = [frame.assign(row_id=range(len(frame)), email="x@example.com") for frame in (train, holdout, synthetic)]
    schema = infer_schema(frames[0])
    schema = schema.with_column("row_id", role="key").with_column("email", kind="personal")

    # Run
    result = calculate_utility(*frames, schema=schema, seed=0)

    # Assert
    features = {entry.feature for entry in result.importances}
    assert "row_id" not in features
    assert "email" not in features


def test_progress_reaches_done(german_split):
    # Setup
    train, holdout, synthetic, schema = german_split
    calls = []

    # Run
    calculate_utility(train, holdout, synthetic, schema=schema, seed=0, progress=lambda f, m: calls.append((f, m)))

    # Assert
    fractions = [fraction for fraction, _ in calls]
    assert fractions == sorted(fractions)
    assert calls[-1] == (1.0, "Done")


# --- Serialisation and plots ----------------------------------------------------------------------


def test_round_trip_through_json(adult_results):
    # Setup
    result = adult_results["gaussian_copula"]

    # Run
    restored = UtilityResult.from_dict(json.loads(json.dumps(result.to_dict(), allow_nan=False)))

    # Assert
    assert restored == result
    assert isinstance(restored.scores, tuple)
    assert isinstance(restored.scores[0], ModelScores)
    assert isinstance(restored.importances[0], FeatureImportance)
    assert isinstance(restored.notes, tuple)


def test_plot_utility_scores_has_real_and_synthetic_bars_per_metric(adult_results):
    # Setup
    result = adult_results["gaussian_copula"]

    # Run
    figure = plot_utility_scores(result)

    # Assert
    assert len(figure.data) == 2 * len(CLASSIFICATION_METRICS)
    assert {trace.marker.color for trace in figure.data} == {REAL_COLOUR, SYNTHETIC_COLOUR}
    assert {trace.name for trace in figure.data} == {"Trained on real", "Trained on synthetic"}
    assert all(list(trace.x) == ["Logistic regression", "Gradient boosting"] for trace in figure.data)


def test_plot_importance_ranks_pairs_the_two_orderings(adult_results):
    # Setup
    result = adult_results["gaussian_copula"]

    # Run
    figure = plot_importance_ranks(result)

    # Assert
    assert [trace.name for trace in figure.data] == ["Trained on real", "Trained on synthetic"]
    assert [trace.marker.color for trace in figure.data] == [REAL_COLOUR, SYNTHETIC_COLOUR]
    assert list(figure.data[0].y) == [entry.feature for entry in result.importances]


def test_plots_survive_a_result_without_synthetic_models(german_split):
    # Setup
    train, holdout, synthetic, schema = german_split
    result = calculate_utility(train, holdout, synthetic.assign(credit_risk=1), schema=schema, seed=0)

    # Run
    scores, ranks = plot_utility_scores(result), plot_importance_ranks(result)

    # Assert
    assert len(scores.data) == 8
    assert len(ranks.data) == 0
