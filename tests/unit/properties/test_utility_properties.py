"""Utility and the flat metrics on random small tables: bounded scores, a copy is as useful as the real rows."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from synth_core.evaluation.fidelity import FidelityResult
from synth_core.evaluation.fidelity_details import DetectionResult
from synth_core.evaluation.privacy import DistancePrivacy, PrivacySettings, calculate_distance_privacy
from synth_core.evaluation.privacy_review import PrivacyReview
from synth_core.evaluation.utility import UtilityResult, calculate_utility, detect_task
from synth_core.evaluation.verdict import PrivacyThresholds
from synth_core.metrics import LIST_KEYS, MAPPING_KEYS, METRIC_KEYS, metrics_json, run_metrics
from synth_core.runs import Run, RunConfig
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema
from tests.unit.properties.strategies import MODELLED_KINDS, evaluation_sets

UNIT_METRICS = ("accuracy", "f1_macro", "f1_binary", "roc_auc")
# The documented refusals of calculate_utility, each with what to do next.
REFUSALS = (
    "No target column is set",
    "is not in the",
    "No feature column is left",
    "so nothing can be scored",
)


def _utility_or_refusal(train, holdout, synthetic, schema, **options) -> UtilityResult | None:
    try:
        result = calculate_utility(train, holdout, synthetic, schema=schema, **options)
    except ValueError as error:
        assert any(refusal in str(error) for refusal in REFUSALS), str(error)
        event(f"refused: {str(error)[:40]}")
        return None
    event(f"scored: {result.task}")
    return result


def _assert_utility_bounds(result: UtilityResult, holdout_rows: int) -> None:
    assert result.task in ("classification", "regression")
    assert 0 < result.holdout_rows <= holdout_rows
    for entry in result.scores:
        for name, value in entry.metrics.items():
            if value is None:
                continue
            assert math.isfinite(value), (name, value)
            if name in UNIT_METRICS:
                assert 0.0 <= value <= 1.0, (name, value)
            elif name == "r2":
                assert value <= 1.0 + 1e-9
            elif name == "mae":
                assert value >= 0.0
    for mean in (result.trtr, result.tstr):
        assert math.isnan(mean) or (0.0 <= mean <= 1.0 if result.task == "classification" else mean <= 1.0 + 1e-9)
    # NaN exactly where documented: no pair of trained models, or the real-trained models score 0 or less.
    undefined = math.isnan(result.trtr) or math.isnan(result.tstr) or result.trtr <= 0
    assert math.isnan(result.ratio) == undefined
    if not undefined:
        assert result.ratio == pytest.approx(result.tstr / result.trtr)
    correlation = result.importance_rank_correlation
    assert correlation is None or -1.0 - 1e-9 <= correlation <= 1.0 + 1e-9
    # Strict JSON (NaN becomes None), and back.
    text = json.dumps(result.to_dict(), allow_nan=False)
    again = UtilityResult.from_dict(json.loads(text))
    assert json.dumps(again.to_dict(), allow_nan=False) == text


# Regression: the real training rows hold one class and the synthetic rows two, so the model trained on
# synthetic rows gave scikit-learn two probability columns for a two-class ROC AUC, which it refuses.
ONE_CLASS = pd.DataFrame({"label": [0, 0], "x": [0.0, 0.0]})
TWO_CLASSES = pd.DataFrame({"label": [0, 1], "x": [0.0, 0.0]})
LABELLED = TableSchema(
    (ColumnSchema("label", ColumnKind.NUMERICAL, ColumnRole.TARGET), ColumnSchema("x", ColumnKind.NUMERICAL))
)


@given(
    evaluation_sets(min_rows=2, max_rows=25, min_modelled=2, max_columns=4),
    st.integers(0, 9) | st.none(),
    st.sampled_from([None, "classification", "regression"]),
    st.integers(0, 2**31 - 1),
)
@example(sets=(ONE_CLASS, TWO_CLASSES, TWO_CLASSES, LABELLED), target_choice=None, task=None, seed=0)
def test_utility_scores_stay_in_bounds(sets, target_choice, task, seed):
    train, holdout, synthetic, schema = sets
    # A modelled column as the target, or None for the schema's own target (maybe none).
    target = None if target_choice is None else schema.modelled_columns[target_choice % len(schema.modelled_columns)]

    result = _utility_or_refusal(train, holdout, synthetic, schema, target=target, task=task, seed=seed)

    if result is not None:
        _assert_utility_bounds(result, len(holdout))


@given(evaluation_sets(min_rows=2, max_rows=15, min_modelled=2, max_columns=3), st.data())
def test_a_copy_of_the_training_rows_is_exactly_as_useful_as_they_are(sets, data):
    train, holdout, _, schema = sets
    target = data.draw(st.sampled_from(schema.modelled_columns), label="target")

    result = _utility_or_refusal(train, holdout, train.copy(), schema, target=target)
    if result is None:
        return

    _assert_utility_bounds(result, len(holdout))
    for model in result.models:
        scores = {entry.train_on: entry.metrics for entry in result.scores if entry.model == model}
        assert scores["synthetic"] == scores["real"], "the same rows and seed train the same model"
    assert result.tstr == result.trtr or (math.isnan(result.tstr) and math.isnan(result.trtr))
    assert math.isnan(result.ratio) or result.ratio == pytest.approx(1.0)


@given(
    evaluation_sets(max_rows=20, kinds=MODELLED_KINDS, with_roles=False, max_columns=1),
    st.sampled_from(list(ColumnKind)),
)
def test_the_task_is_classification_or_regression_and_categories_are_classes(sets, kind):
    train, _, _, schema = sets
    values = train[schema.names[0]]

    task = detect_task(values, kind)

    assert task in ("classification", "regression")
    if kind in (ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN, ColumnKind.ORDINAL):
        assert task == "classification"


# --- metrics.json -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _some_distances() -> DistancePrivacy:
    """One real DistancePrivacy, whose numbers the test below replaces with drawn ones."""
    frame = pd.DataFrame({"x": np.arange(8.0), "label": list("abababab")})
    schema = TableSchema((ColumnSchema("x", ColumnKind.NUMERICAL), ColumnSchema("label", ColumnKind.CATEGORICAL)))
    return calculate_distance_privacy(frame.iloc[:6], frame.iloc[6:], frame, schema=schema)[0]


_ANY_FLOAT = st.floats(allow_nan=True, allow_infinity=True) | st.floats(0, 1)


@given(
    st.none() | st.tuples(_ANY_FLOAT, _ANY_FLOAT, _ANY_FLOAT, _ANY_FLOAT),
    st.none() | _ANY_FLOAT,
    st.none() | st.tuples(_ANY_FLOAT, _ANY_FLOAT, _ANY_FLOAT, st.floats(0, 1), st.floats(0, 1)),
    st.none() | _ANY_FLOAT,
    st.dictionaries(st.sampled_from(["privacy", "utility", *METRIC_KEYS]), st.text(min_size=1, max_size=20)),
)
def test_metrics_json_is_strict_and_says_why_a_metric_is_missing(fidelity, detection, privacy, ratio, reasons):
    run = Run(
        run_id="property",
        created_at="2024-01-01T00:00:00+00:00",
        data_name="drawn.csv",
        data_sha256="0" * 64,
        config=RunConfig("copy_rows"),
        generator_label="Copy of the real rows",
        schema=TableSchema((ColumnSchema("x", ColumnKind.NUMERICAL),)),
        real_rows=8,
        train_rows=6,
        holdout_rows=2,
        synthetic_rows=8,
        timings={},
        versions={},
        fidelity=FidelityResult(*fidelity) if fidelity else None,
        detection=DetectionResult(detection, 0.0, 1, ("x",)) if detection is not None else None,
        privacy=_review(*privacy) if privacy else None,
        utility=_utility(ratio) if ratio is not None else None,
    )

    metrics = run_metrics(run, reasons=reasons)
    parsed = json.loads(metrics_json(run, reasons=reasons), parse_constant=_refuse)

    assert parsed == metrics and list(metrics["metrics"]) == list(METRIC_KEYS)
    for key, value in metrics["metrics"].items():
        if key == "privacy.verdict":
            assert value in (None, "low", "medium", "high")
        elif key == "fidelity.detection_model":
            assert value in (None, "logistic", "boosting")
        elif key in LIST_KEYS:
            assert value is None or all(isinstance(name, str) for name in value), (key, value)
        elif key in MAPPING_KEYS:
            assert set(value.values()) <= {"pass", "needs_review", "fail", "not_checked"}, (key, value)
        elif key == "privacy.unique_quasi_identifier_matches":
            assert value is None or isinstance(value, int), (key, value)
        else:
            assert value is None or (isinstance(value, float) and math.isfinite(value)), (key, value)
        assert (value is None) == (key in metrics["reasons"]), key
    assert all(reason for reason in metrics["reasons"].values())


def _refuse(constant: str) -> None:
    raise AssertionError(f"metrics.json holds {constant}, which strict JSON readers refuse")


def _review(baseline: float, overfitting: float, auc: float, copies: float, closer: float) -> PrivacyReview:
    distances = replace(
        _some_distances(),
        baseline_protection=baseline,
        overfitting_protection=overfitting,
        membership_auc=auc,
        exact_copy_share=copies,
        closer_to_train_share=closer,
        closer_to_train_corrected=closer,
    )
    return PrivacyReview(distances=distances, settings=PrivacySettings(), thresholds=PrivacyThresholds())


def _utility(ratio: float) -> UtilityResult:
    return UtilityResult(
        target="label",
        task="classification",
        positive_class=None,
        scores=(),
        primary_metric="f1_macro",
        trtr=math.nan,
        tstr=math.nan,
        ratio=ratio,
        importances=(),
        importance_rank_correlation=None,
        holdout_rows=2,
        notes=(),
    )
