"""The verdict judges every part of the evidence, says why, and never reads a missing check as a pass."""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from synth_core.evaluation.personal_exposure import LearntPersonalColumn
from synth_core.evaluation.privacy import DistancePrivacy, PrivacySettings, RareValue, calculate_distance_privacy
from synth_core.evaluation.privacy_review import PrivacyReview
from synth_core.evaluation.verdict import PrivacyThresholds, RiskLevel, decide_verdict
from synth_core.schema import ColumnKind, ColumnSchema, TableSchema

NEW_DISTANCE_KEYS = (
    "quasi_identifiers",
    "unique_quasi_identifier_rows",
    "unique_quasi_identifier_matches",
    "unique_quasi_identifier_match_share",
    "holdout_unique_quasi_identifier_share",
)
NEW_THRESHOLD_KEYS = ("rare_values_medium", "rare_values_high", "quasi_identifier_factor", "quasi_identifier_margin")


@lru_cache(maxsize=1)
def _quiet() -> DistancePrivacy:
    """Real distance evidence of a harmless run: no copies, no rare values, no quasi-identifiers."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x": rng.normal(size=60), "label": rng.choice(list("ab"), size=60)})
    schema = TableSchema((ColumnSchema("x", ColumnKind.NUMERICAL), ColumnSchema("label", ColumnKind.CATEGORICAL)))
    synthetic = frame.assign(x=rng.normal(size=60))
    return calculate_distance_privacy(frame.iloc[:40], frame.iloc[40:], synthetic, schema=schema)[0]


def _evidence(**changes: object) -> DistancePrivacy:
    """The harmless evidence, with the copy, membership and closeness parts pinned low, then `changes`."""
    calm = {"exact_copies": 0, "exact_copy_share": 0.0, "membership_auc": 0.5, "closer_to_train_corrected": 0.5}
    return replace(_quiet(), **{**calm, **changes})


def _rare(repeated: int, checked: int) -> DistancePrivacy:
    values = tuple(RareValue("first", f"name{i}", 1, 1) for i in range(repeated))
    return _evidence(rare_values=values, rare_values_checked=checked)


def test_the_parts_come_in_a_fixed_order_and_attacks_only_once_run():
    verdict = decide_verdict(_evidence(), learnt_personal=())

    assert [part.part for part in verdict.parts] == [
        "copies", "membership", "closeness", "rare values", "quasi-identifiers", "personal data",
    ]  # fmt: skip
    assert verdict.level is RiskLevel.LOW


@pytest.mark.parametrize(
    ("repeated", "checked", "level"),
    [(0, 40, RiskLevel.LOW), (4, 40, RiskLevel.LOW), (5, 40, RiskLevel.MEDIUM), (21, 40, RiskLevel.HIGH)],
)
def test_rare_values_turn_medium_above_ten_percent_and_high_above_half(repeated, checked, level):
    part = decide_verdict(_rare(repeated, checked), learnt_personal=()).part("rare values")

    assert part.level is level
    assert f"{repeated:,} of {checked:,} rare training values" in part.reason


def test_rare_values_repeated_most_is_not_low_and_names_the_column():
    verdict = decide_verdict(_rare(1860, 2709), learnt_personal=())

    assert verdict.level is RiskLevel.HIGH
    assert verdict.part("rare values").level is RiskLevel.HIGH
    assert "'first' (1,860)" in verdict.part("rare values").reason
    assert _rare(1860, 2709).rare_values_repeated_share == pytest.approx(1860 / 2709)


def test_no_rare_values_to_check_is_low_and_says_so():
    evidence = _rare(0, 0)

    part = decide_verdict(evidence, learnt_personal=()).part("rare values")

    assert evidence.rare_values_repeated_share is None
    assert part.level is RiskLevel.LOW
    assert "no rare values to check" in part.reason


def test_no_quasi_identifiers_marked_is_not_checked_and_stays_out_of_the_level():
    verdict = decide_verdict(_evidence(), learnt_personal=())
    part = verdict.part("quasi-identifiers")

    assert part.level is RiskLevel.NOT_CHECKED
    assert not part.level.checked
    assert part.level.label == "not checked"
    assert part.reason.startswith("Not checked: no quasi-identifiers are marked")
    assert verdict.unchecked == ("quasi-identifiers",)
    assert verdict.level is RiskLevel.LOW  # the checked parts are all low
    assert verdict.to_dict()["not_checked"] == ["quasi-identifiers"]
    assert {p["part"]: p["level"] for p in verdict.to_dict()["parts"]}["quasi-identifiers"] == "not_checked"


@pytest.mark.parametrize(("share", "level"), [(0.05, RiskLevel.LOW), (0.069, RiskLevel.LOW), (0.071, RiskLevel.HIGH)])
def test_quasi_identifier_matches_are_judged_against_the_holdouts_own_rate(share, level):
    evidence = _evidence(
        quasi_identifiers=("age", "sex"),
        unique_quasi_identifier_rows=300,
        unique_quasi_identifier_matches=int(share * 1000),
        unique_quasi_identifier_match_share=share,
        holdout_unique_quasi_identifier_share=0.03,
    )

    part = decide_verdict(evidence, learnt_personal=()).part("quasi-identifiers")

    assert part.level is level  # allowed: 2 × 3% + 1 point = 7%
    assert "'age', 'sex'" in part.reason and "3.00%" in part.reason and "7.00% allowed" in part.reason


def test_personal_data_by_content_is_high_by_header_medium_none_low_unknown_not_checked():
    by_content = LearntPersonalColumn("first", "84% of its sampled values look like first names", by_content=True)
    by_header = LearntPersonalColumn("surname", "its header suggests a person's name", by_content=False)

    def part(learnt):
        return decide_verdict(_evidence(), learnt_personal=learnt).part("personal data")

    assert part([by_content, by_header]).level is RiskLevel.HIGH
    assert "'first' (84%" in part([by_content, by_header]).reason
    assert "'surname'" in part([by_content, by_header]).reason
    assert part([by_header]).level is RiskLevel.MEDIUM
    assert part(()).level is RiskLevel.LOW
    assert part(None).level is RiskLevel.NOT_CHECKED


def test_attacks_that_all_failed_are_not_checked_rather_than_low():
    failed = type("Risk", (), {"label": "Linkability", "risk": float("nan"), "ci_low": float("nan"), "error": "x"})()

    verdict = decide_verdict(_evidence(), [failed], learnt_personal=())

    assert verdict.part("attacks").level is RiskLevel.NOT_CHECKED
    assert "attacks" in verdict.unchecked


def test_new_thresholds_can_be_changed():
    strict = PrivacyThresholds(rare_values_medium=0.0, rare_values_high=0.05, quasi_identifier_margin=0.0)
    evidence = _evidence(
        rare_values=(RareValue("first", "ann", 1, 1),),
        rare_values_checked=10,
        quasi_identifiers=("age",),
        unique_quasi_identifier_matches=1,
        unique_quasi_identifier_match_share=0.01,
        holdout_unique_quasi_identifier_share=0.0,
    )

    verdict = decide_verdict(evidence, thresholds=strict, learnt_personal=())

    assert verdict.part("rare values").level is RiskLevel.HIGH
    assert verdict.part("quasi-identifiers").level is RiskLevel.HIGH
    assert decide_verdict(evidence, learnt_personal=()).level is RiskLevel.LOW


def test_a_review_saved_before_these_checks_still_loads():
    review = PrivacyReview(distances=_quiet(), settings=PrivacySettings(), thresholds=PrivacyThresholds())
    old = json.loads(json.dumps(review.to_dict()))
    for key in NEW_DISTANCE_KEYS:
        del old["distances"][key]
    for key in NEW_THRESHOLD_KEYS:
        del old["verdict"]["thresholds"][key]
    del old["verdict"]["not_checked"]
    del old["learnt_personal"]

    loaded = PrivacyReview.from_dict(old)

    assert loaded.distances.quasi_identifiers == ()
    assert loaded.thresholds == PrivacyThresholds()
    assert loaded.learnt_personal is None
    assert set(loaded.verdict.unchecked) == {"quasi-identifiers", "personal data"}


def test_a_review_with_learnt_personal_columns_round_trips():
    learnt = (LearntPersonalColumn("first", "first names", by_content=True),)
    review = PrivacyReview(
        distances=_evidence(quasi_identifiers=("x",)),
        settings=PrivacySettings(),
        thresholds=PrivacyThresholds(rare_values_high=0.4),
        learnt_personal=learnt,
    )

    loaded = PrivacyReview.from_dict(json.loads(json.dumps(review.to_dict())))

    assert loaded == review
    assert loaded.verdict == review.verdict
