"""The four review lines: "pass" only when the check ran and nothing on the same run contradicts it."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from synth_core.evaluation.fidelity import FidelityResult
from synth_core.evaluation.fidelity_details import DetectionResult
from synth_core.evaluation.leakage import LeakingColumn, TargetLeakage
from synth_core.evaluation.personal_exposure import LearntPersonalColumn
from synth_core.evaluation.privacy import DistancePrivacy, PrivacySettings, calculate_distance_privacy
from synth_core.evaluation.privacy_review import PrivacyReview
from synth_core.evaluation.utility import UtilityResult
from synth_core.evaluation.verdict import PrivacyThresholds
from synth_core.pipeline import complete_evaluation, run_pipeline
from synth_core.report import build_report
from synth_core.review import (
    TOPICS,
    PersonalDataFacts,
    ReviewState,
    detection_disagreement,
    personal_data_facts,
    review_outcome,
    review_run,
)
from synth_core.runs import Run, RunConfig
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema

SCHEMA = TableSchema(
    (
        ColumnSchema("x", ColumnKind.NUMERICAL),
        ColumnSchema("label", ColumnKind.CATEGORICAL, role=ColumnRole.TARGET),
    )
)
NOTHING_LEARNT = PersonalDataFacts(columns=(), quasi_identifiers=(), k_anonymity=None, learnt=())


def _run(**results: object) -> Run:
    fields = {
        "run_id": "review",
        "created_at": "2024-01-01T00:00:00+00:00",
        "data_name": "table.csv",
        "data_sha256": "0" * 64,
        "config": RunConfig("gaussian_copula"),
        "generator_label": "Gaussian copula",
        "schema": SCHEMA,
        "real_rows": 100,
        "train_rows": 80,
        "holdout_rows": 20,
        "synthetic_rows": 80,
        "timings": {},
        "versions": {},
    }
    return Run(**{**fields, **results})


def _detection(auc: float, detector: str = "logistic") -> DetectionResult:
    return DetectionResult(auc=auc, auc_std=0.01, runs=1, columns=("x", "label"), detector=detector)


def _utility(ratio: float, leakage: TargetLeakage | None) -> UtilityResult:
    return UtilityResult(
        target="label",
        task="classification",
        positive_class=None,
        scores=(),
        primary_metric="f1_macro",
        trtr=0.8,
        tstr=0.8 * ratio,
        ratio=ratio,
        importances=(),
        importance_rank_correlation=None,
        holdout_rows=20,
        notes=(),
        leakage=leakage,
    )


def _leakage(*names: str, trtr: float = 0.8) -> TargetLeakage:
    columns = tuple(LeakingColumn(name, 0.99, "f1_macro") for name in names)
    return TargetLeakage(
        columns=columns,
        trtr_near_perfect=trtr >= 0.98,
        trtr_score=trtr,
        metric="f1_macro",
        best_single=columns[0] if columns else LeakingColumn("x", 0.6, "f1_macro"),
        checked=3,
    )


@lru_cache(maxsize=1)
def _distances() -> DistancePrivacy:
    """Real distance evidence on frequent values, whose deciding numbers the tests set by hand."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x": rng.random(100), "label": rng.choice(["a", "b"], 100)})
    return calculate_distance_privacy(
        frame.iloc[:80], frame.iloc[80:], frame.iloc[:80].assign(x=rng.random(80)), schema=SCHEMA
    )[0]


def _privacy(*, copies: float = 0.0, learnt: tuple | None = (), subsampled: bool = False) -> PrivacyReview:
    distances = replace(
        _distances(),
        exact_copy_share=copies,
        holdout_copy_share=0.0,
        membership_auc=0.5,
        closer_to_train_corrected=0.5,
        rare_values=(),
        rare_values_checked=0,
        subsampled=subsampled,
    )
    return PrivacyReview(
        distances=distances, settings=PrivacySettings(), thresholds=PrivacyThresholds(), learnt_personal=learnt
    )


# --- Nothing evaluated ----------------------------------------------------------------------------


def test_a_run_without_results_is_not_checked_on_every_line():
    # Run
    review = review_run(_run())

    # Assert
    assert review.summary == dict.fromkeys(TOPICS, "not_checked")
    assert all(line.reason for line in review.lines)
    assert [line.title for line in review.lines] == ["Fidelity", "Utility", "Privacy", "Personal data"]


# --- Fidelity -------------------------------------------------------------------------------------


def test_fidelity_passes_only_when_no_detector_spots_the_rows():
    # Setup
    fidelity = FidelityResult(0.85, 0.9, 0.8, 1.0)
    weak_only = _run(fidelity=fidelity, detection=_detection(0.52))
    both = weak_only.with_detection(_detection(0.996, "boosting"))

    # Run
    passed = review_run(weak_only).line("fidelity")
    spotted = review_run(both).line("fidelity")

    # Assert
    assert passed.state is ReviewState.PASS and "0.520" in passed.reason
    assert spotted.state is ReviewState.NEEDS_REVIEW
    assert "gradient-boosted trees" in spotted.reason and "0.996" in spotted.reason


def test_low_overall_quality_needs_review_and_says_the_number():
    # Run
    line = review_run(_run(fidelity=FidelityResult(0.72, 0.7, 0.74, 1.0))).line("fidelity")

    # Assert
    assert line.state is ReviewState.NEEDS_REVIEW and "72.0%" in line.reason


def test_the_strongest_detection_and_the_explained_disagreement():
    # Setup
    run = _run(detection=_detection(0.511)).with_detection(_detection(1.0, "boosting"))
    rerun = run.with_detection(_detection(0.9, "boosting"))

    # Assert
    assert run.strongest_detection.detector == "boosting"
    assert len(rerun.detections) == 2 and rerun.strongest_detection.auc == 0.9  # the boosting result was replaced
    assert "single columns" in detection_disagreement(run) and "combinations" in detection_disagreement(run)
    assert detection_disagreement(_run(detection=_detection(0.511))) == ""


def test_detections_round_trip_and_old_manifests_load():
    # Setup
    run = _run(detection=_detection(0.6)).with_detection(_detection(0.95, "boosting"))
    old = run.to_dict()
    del old["results"]["other_detections"]

    # Run
    restored = Run.from_json(run.to_json())

    # Assert
    assert restored.detections == run.detections
    assert Run.from_dict(old).detections == (run.detection,)


# --- Utility --------------------------------------------------------------------------------------


def test_target_leakage_makes_utility_not_meaningful_naming_the_columns():
    # Setup: a high ratio that leakage makes meaningless.
    run = _run(utility=_utility(0.96, _leakage("case status", "days_to_reoffence", "reoffended_flag", trtr=0.991)))

    # Run
    line = review_run(run).line("utility")

    # Assert
    assert line.state is ReviewState.NEEDS_REVIEW
    assert line.reason.startswith("Utility not meaningful: target leakage through")
    assert all(name in line.reason for name in ("case status", "days_to_reoffence", "reoffended_flag"))


@pytest.mark.parametrize(
    ("ratio", "leakage", "state"),
    [
        (0.95, _leakage(), ReviewState.PASS),
        (0.95, _leakage(trtr=0.99), ReviewState.NEEDS_REVIEW),  # TRTR near perfect, no single leaker
        (0.95, None, ReviewState.NEEDS_REVIEW),  # evaluated before the leakage check existed
        (0.6, _leakage(), ReviewState.NEEDS_REVIEW),
        (math.nan, _leakage(), ReviewState.NEEDS_REVIEW),
    ],
)
def test_utility_states(ratio, leakage, state):
    # Run / Assert
    assert review_run(_run(utility=_utility(ratio, leakage))).line("utility").state is state


# --- Privacy --------------------------------------------------------------------------------------


def test_privacy_follows_the_verdict_and_says_what_did_not_run():
    # Run
    low = review_run(_run(privacy=_privacy())).line("privacy")
    high = review_run(_run(privacy=_privacy(copies=0.5))).line("privacy")

    # Assert
    assert low.state is ReviewState.PASS and "attack-based risks were not run" in low.reason
    assert high.state is ReviewState.FAIL and "copies" in high.reason


@pytest.mark.parametrize("changes", [{"subsampled": True}, {"learnt": None}])
def test_privacy_never_passes_on_a_subsample_or_without_the_personal_data_check(changes):
    # Run
    line = review_run(_run(privacy=_privacy(**changes))).line("privacy")

    # Assert
    assert line.state is ReviewState.NEEDS_REVIEW


def test_privacy_of_a_table_about_people_needs_review_until_quasi_identifiers_are_marked():
    # Setup: the same evidence, on a schema with a personal-data column and no quasi-identifier marked
    people = TableSchema(columns=(*SCHEMA.columns, ColumnSchema("name", ColumnKind.PERSONAL, pii_type="name")))

    # Run
    line = review_run(_run(schema=people, privacy=_privacy())).line("privacy")

    # Assert
    assert line.state is ReviewState.NEEDS_REVIEW
    assert "no quasi-identifier is marked" in line.reason


# --- Personal data --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("learnt", "state"),
    [
        ((), ReviewState.PASS),
        (
            (LearntPersonalColumn("first", "its header suggests a person's name", by_content=False),),
            ReviewState.NEEDS_REVIEW,
        ),
        (
            (LearntPersonalColumn("first", "90% of its values look like first names", by_content=True),),
            ReviewState.FAIL,
        ),
        (None, ReviewState.NOT_CHECKED),
    ],
)
def test_personal_data_states(learnt, state):
    # Setup
    facts = PersonalDataFacts(columns=("name",), quasi_identifiers=(), k_anonymity=None, learnt=learnt)

    # Run
    line = review_run(_run(), personal=facts).line("personal_data")

    # Assert
    assert line.state is state
    assert "name" in line.reason


def test_personal_columns_of_data_made_elsewhere_need_review():
    # Setup
    facts = replace(NOTHING_LEARNT, columns=("email",))

    # Run
    line = review_run(_run(kind="external"), personal=facts).line("personal_data")

    # Assert
    assert line.state is ReviewState.NEEDS_REVIEW and "made elsewhere" in line.reason


# --- On a real run: report, metrics and review agree ----------------------------------------------


@pytest.fixture(scope="module")
def learnt_emails():
    """A run whose email column was set back to a learnt category: every synthetic email is a real one."""
    rng = np.random.default_rng(3)
    rows = 240
    frame = pd.DataFrame(
        {
            "email": [f"person{i}@mail{i % 7}.org" for i in range(rows)],
            "age": rng.integers(18, 90, rows),
            "sex": rng.choice(["F", "M"], rows),
            "smoker": rng.choice(["yes", "no"], rows),
        }
    )
    schema = TableSchema(
        (
            ColumnSchema("email", ColumnKind.CATEGORICAL),
            ColumnSchema("age", ColumnKind.NUMERICAL, quasi_identifier=True),
            ColumnSchema("sex", ColumnKind.CATEGORICAL, quasi_identifier=True),
            ColumnSchema("smoker", ColumnKind.CATEGORICAL, role=ColumnRole.TARGET),
        )
    )
    outcome = run_pipeline(frame, schema=schema, config=RunConfig("independent_columns"), data_name="people.csv")
    return complete_evaluation(outcome)


def test_a_learnt_email_column_fails_in_the_review_the_report_and_metrics(learnt_emails):
    # Setup
    from synth_core.bundle import bundle_files

    # Run
    review = review_outcome(learnt_emails)
    report = build_report(learnt_emails)
    metrics = json.loads(bundle_files(learnt_emails)["metrics.json"])

    # Assert
    personal = review.line("personal_data")
    assert personal.state is ReviewState.FAIL and "'email'" in personal.reason
    assert '<li class="check fail"><b>Personal data: fail.</b>' in report
    assert "Personal data: pass" not in report
    assert metrics["metrics"]["review.summary"] == review.summary
    for line in review.lines:
        assert f"<b>{line.title}: {line.state.label}.</b>" in report


def test_facts_measure_uniqueness_on_the_marked_quasi_identifiers(learnt_emails):
    # Run
    facts = personal_data_facts(learnt_emails.run, learnt_emails.split.train)
    without_rows = personal_data_facts(learnt_emails.run)

    # Assert
    assert facts.quasi_identifiers == ("age", "sex") and 0.0 < facts.unique_share <= 1.0
    assert without_rows.unique_share is None and "training rows" in without_rows.unique_share_reason


def test_the_report_quotes_the_strongest_detector_explains_the_gap_and_names_the_leakers(learnt_emails):
    # Setup: the stronger detector's result and a leaking utility, set on the real run by hand.
    run = learnt_emails.run.with_detection(_detection(0.999, "boosting"))
    run = replace(run, detection=_detection(0.511), utility=_utility(0.96, _leakage("smoker_code", trtr=0.991)))

    # Run
    report = build_report(replace(learnt_emails, run=run))

    # Assert
    assert "<b>Detection AUC 0.999</b>" in report and "gradient-boosted trees" in report
    assert "The detectors disagree" in report and "combinations of columns" in report
    assert "Utility not meaningful: target leakage through &#x27;smoker_code&#x27;" in report
    assert "<b>Utility: needs review.</b>" in report and "<b>Fidelity: needs review.</b>" in report
