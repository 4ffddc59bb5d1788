"""metrics.json: every key present, null only with a reason, and the review the report shows."""

from __future__ import annotations

import json

import pandas as pd

from synth_core.metrics import METRIC_KEYS, metrics_json, run_metrics
from synth_core.review import review_run
from tests.unit.test_review import SCHEMA, _detection, _leakage, _privacy, _run, _utility

NEW_KEYS = {
    "personal_data.columns",
    "personal_data.quasi_identifiers",
    "personal_data.unique_share",
    "privacy.rare_values_repeated_share",
    "privacy.unique_quasi_identifier_matches",
    "fidelity.detection_auc",
    "fidelity.detection_model",
    "utility.leakage_columns",
    "review.summary",
}


def test_a_run_without_results_has_every_key_and_a_reason_for_each_null():
    # Run
    result = json.loads(metrics_json(_run(), reasons={"utility": "No target column."}))

    # Assert
    metrics, reasons = result["metrics"], result["reasons"]
    assert set(metrics) >= NEW_KEYS and list(metrics) == list(METRIC_KEYS)
    assert {key for key, value in metrics.items() if value is None} == set(reasons)
    assert metrics["personal_data.columns"] == [] and metrics["personal_data.quasi_identifiers"] == []
    assert metrics["utility.leakage_columns"] is None and reasons["utility.leakage_columns"] == "No target column."
    assert "quasi-identifier" in reasons["personal_data.unique_share"]
    assert reasons["fidelity.detection_auc"] == "No detector was run."
    assert metrics["review.summary"] == {
        key: "not_checked" for key in ("fidelity", "utility", "privacy", "personal_data")
    }


def test_the_strongest_detector_leakage_and_privacy_numbers_are_carried():
    # Setup
    run = _run(
        detection=_detection(0.51),
        utility=_utility(0.96, _leakage("case status", "reoffended_flag")),
        privacy=_privacy(learnt=()),
    ).with_detection(_detection(0.999, "boosting"))

    # Run
    result = run_metrics(run)

    # Assert
    metrics, reasons = result["metrics"], result["reasons"]
    assert metrics["fidelity.detection_auc"] == 0.999 and metrics["fidelity.detection_model"] == "boosting"
    assert metrics["utility.leakage_columns"] == ["case status", "reoffended_flag"]
    assert metrics["review.summary"] == review_run(run).summary
    assert metrics["review.summary"]["utility"] == "needs_review"
    assert result["review"]["utility"]["reason"].startswith("Utility not meaningful: target leakage through")
    # No rare value and no quasi-identifier in this evidence: null, and why.
    assert (
        metrics["privacy.rare_values_repeated_share"] is None
        and "no rare value" in reasons["privacy.rare_values_repeated_share"]
    )
    assert metrics["privacy.unique_quasi_identifier_matches"] is None
    assert "none was marked" in reasons["privacy.unique_quasi_identifier_matches"]


def test_no_leakage_is_an_empty_list_and_an_unchecked_one_is_null():
    # Run
    checked = run_metrics(_run(utility=_utility(0.95, _leakage())))
    unchecked = run_metrics(_run(utility=_utility(0.95, None)))

    # Assert
    assert checked["metrics"]["utility.leakage_columns"] == []
    assert unchecked["metrics"]["utility.leakage_columns"] is None
    assert "not checked" in unchecked["reasons"]["utility.leakage_columns"]


def test_personal_data_keys_come_from_the_schema_and_the_training_rows():
    # Setup
    schema = SCHEMA.with_column("x", quasi_identifier=True)
    train = pd.DataFrame({"x": [1.0, 1.0, 2.0, 3.0], "label": ["a", "b", "a", "b"]})

    # Run
    with_rows = run_metrics(_run(schema=schema), train=train)
    without_rows = run_metrics(_run(schema=schema))

    # Assert
    assert with_rows["metrics"]["personal_data.quasi_identifiers"] == ["x"]
    assert with_rows["metrics"]["personal_data.unique_share"] == 0.5  # 2.0 and 3.0 are each alone
    assert with_rows["metrics"]["review.summary"]["personal_data"] == "pass"
    assert without_rows["metrics"]["personal_data.unique_share"] is None
    assert "training rows" in without_rows["reasons"]["personal_data.unique_share"]
    assert without_rows["metrics"]["review.summary"]["personal_data"] == "not_checked"
