"""Privacy distances agree with SDMetrics exactly, and the verdict reads copies as high risk."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from sdmetrics.single_table import DCRBaselineProtection, DCROverfittingProtection
from sdmetrics.single_table.privacy.dcr_utils import calculate_dcr

from synth_core.detection import infer_schema
from synth_core.evaluation.distances import distance_columns, nearest_distances
from synth_core.evaluation.privacy import (
    DistancePrivacy,
    PrivacySettings,
    calculate_distance_privacy,
    random_baseline,
)
from synth_core.evaluation.sdmetrics_adapter import sdmetrics_metadata
from synth_core.evaluation.verdict import PrivacyThresholds, RiskLevel, decide_verdict
from synth_core.generators import get
from synth_core.schema import ColumnKind
from synth_core.split import train_holdout
from tests.conftest import DATA_DIR

TOLERANCE = 1e-6


def _without_ordinals(metadata: dict) -> dict:
    """SDMetrics drops ordinal columns from distances; compare on metadata that has none."""
    columns = {}
    for name, entry in metadata["columns"].items():
        if entry["sdtype"] == "ordinal":
            entry = {"sdtype": "categorical"}
        columns[name] = entry
    return {**metadata, "columns": columns}


@pytest.fixture(scope="module")
def student_pair():
    real = pd.read_csv(DATA_DIR / "student_placements_real.csv")
    synthetic = pd.read_csv(DATA_DIR / "student_placements_synthetic.csv")
    metadata = json.loads((DATA_DIR / "student_placements_metadata.json").read_text())["tables"]["student_placements"]
    train, holdout = real.iloc[:150].reset_index(drop=True), real.iloc[150:].reset_index(drop=True)
    return train, holdout, synthetic, metadata


@pytest.fixture(scope="module")
def adult_pair(adult):
    sample = adult.sample(3000, random_state=4).reset_index(drop=True)
    train, holdout = sample.iloc[:2000].reset_index(drop=True), sample.iloc[2000:].reset_index(drop=True)
    schema = infer_schema(sample)
    synthetic = get("gaussian_copula")().fit(train, schema=schema, seed=0).sample(1000, seed=0)
    metadata = _without_ordinals(sdmetrics_metadata(schema, train, modelled_only=True))
    return train, holdout, synthetic, metadata


@pytest.mark.parametrize("pair", ["student_pair", "adult_pair"])
def test_every_distance_equals_sdmetrics(pair, request):
    train, _, synthetic, metadata = request.getfixturevalue(pair)
    columns = distance_columns(metadata, available=set(train.columns))

    ours = nearest_distances(synthetic, train, columns)[:, 0]
    theirs = calculate_dcr(synthetic, train, metadata).to_numpy()

    assert np.max(np.abs(ours - theirs)) < TOLERANCE
    assert abs(np.median(ours) - np.median(theirs)) < TOLERANCE


@pytest.mark.parametrize("pair", ["student_pair", "adult_pair"])
def test_overfitting_protection_equals_sdmetrics(pair, request):
    train, holdout, synthetic, metadata = request.getfixturevalue(pair)
    columns = distance_columns(metadata, available=set(train.columns))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SDMetrics warns that the holdout is under half the training size
        theirs = DCROverfittingProtection.compute_breakdown(train, synthetic, holdout, metadata, None)

    to_train = nearest_distances(synthetic, train, columns)[:, 0]
    to_holdout = nearest_distances(synthetic, holdout, columns)[:, 0]
    closer = float(np.mean(to_train < to_holdout))

    assert abs(closer - theirs["synthetic_data_percentages"]["closer_to_training"]) < TOLERANCE
    assert abs((1 - closer) - theirs["synthetic_data_percentages"]["closer_to_holdout"]) < TOLERANCE
    assert abs(min((1 - closer) * 2, 1.0) - theirs["score"]) < TOLERANCE


@pytest.mark.parametrize("pair", ["student_pair", "adult_pair"])
def test_baseline_protection_equals_sdmetrics_with_the_same_seed(pair, request, monkeypatch):
    train, _, synthetic, metadata = request.getfixturevalue(pair)
    modelled = [name for name in metadata["columns"] if name in train.columns]
    columns = distance_columns(metadata, available=set(train.columns))
    monkeypatch.setattr(DCRBaselineProtection, "_seed", 11)
    np.random.seed(11)  # SDMetrics draws the missing-value mask from NumPy's global generator
    theirs = DCRBaselineProtection.compute_breakdown(train[modelled], synthetic[modelled], metadata, None)

    random_rows = random_baseline(train[modelled], len(synthetic), seed=11)
    median_random = float(np.median(nearest_distances(random_rows, train, columns)[:, 0]))
    median_synthetic = float(np.median(nearest_distances(synthetic, train, columns)[:, 0]))

    assert abs(median_synthetic - theirs["median_DCR_to_real_data"]["synthetic_data"]) < TOLERANCE
    assert abs(median_random - theirs["median_DCR_to_real_data"]["random_data_baseline"]) < TOLERANCE
    assert abs(min(median_synthetic / median_random, 1.0) - theirs["score"]) < TOLERANCE


def _brute_force_distances(row: pd.Series, reference: pd.DataFrame, metadata: dict) -> np.ndarray:
    """Every distance from one row to each reference row, written out plainly from SDMetrics' definition."""
    total = np.zeros(len(reference))
    used = 0
    for name, entry in metadata["columns"].items():
        if entry["sdtype"] in ("numerical", "datetime"):
            values = reference[name]
            value = row[name]
            if entry["sdtype"] == "datetime":
                values = pd.to_datetime(values, format=entry.get("datetime_format"))
                value = pd.to_datetime(value, format=entry.get("datetime_format"))
                values = values.astype("int64").where(values.notna()) / 1e9
                value = value.value / 1e9 if pd.notna(value) else np.nan
            spread = values.max() - values.min()
            gap = np.minimum(np.abs(values.to_numpy(float) - value) / spread, 1.0)
            missing = values.isna().to_numpy() ^ pd.isna(value)
            gap = np.where(missing, 1.0, np.where(values.isna().to_numpy() & pd.isna(value), 0.0, gap))
        elif entry["sdtype"] in ("categorical", "boolean"):
            same = (reference[name] == row[name]).to_numpy() | (reference[name].isna().to_numpy() & pd.isna(row[name]))
            gap = (~same).astype(float)
        else:
            continue
        total += gap
        used += 1
    return total / used


def test_second_neighbour_is_the_second_smallest_distance(student_pair):
    train, _, synthetic, metadata = student_pair
    columns = distance_columns(metadata, available=set(train.columns))

    both = nearest_distances(synthetic.head(20), train, columns, neighbours=2)

    for i in range(20):
        ordered = np.sort(_brute_force_distances(synthetic.iloc[i], train, metadata))
        assert abs(both[i, 0] - ordered[0]) < TOLERANCE
        assert abs(both[i, 1] - ordered[1]) < TOLERANCE


@pytest.fixture(scope="module")
def adult_split(adult):
    schema = infer_schema(adult)
    return train_holdout(adult, holdout_share=0.2, seed=0), schema


def _verdict(train, holdout, synthetic, schema):
    distances, _ = calculate_distance_privacy(train, holdout, synthetic, schema=schema)
    return distances, decide_verdict(distances)


def test_copy_baseline_reads_high_with_a_reason_on_every_part(adult_split):
    split, schema = adult_split
    copies = get("copy_rows")().fit(split.train, schema=schema, seed=0).sample(len(split.train), seed=0)

    distances, verdict = _verdict(split.train, split.holdout, copies, schema)

    assert verdict.level is RiskLevel.HIGH
    assert distances.exact_copy_share == 1.0
    assert verdict.part("copies").level is RiskLevel.HIGH
    assert verdict.part("membership").level is RiskLevel.HIGH
    assert all(part.reason for part in verdict.parts)


def test_noisy_copy_reads_at_least_medium(adult_split):
    split, schema = adult_split
    rng = np.random.default_rng(0)
    noisy = split.train.copy()
    for column in schema.columns:
        if column.kind is ColumnKind.NUMERICAL:
            spread = split.train[column.name].max() - split.train[column.name].min()
            noisy[column.name] = noisy[column.name] + rng.normal(0, 0.01 * spread, len(noisy))

    distances, verdict = _verdict(split.train, split.holdout, noisy, schema)

    assert verdict.level >= RiskLevel.MEDIUM
    assert distances.exact_copies == 0  # the noise hides exact copies; the other evidence still catches it
    assert distances.membership_auc > 0.6


def test_gaussian_copula_on_adult_reads_low_or_medium(adult_split):
    split, schema = adult_split
    synthetic = get("gaussian_copula")().fit(split.train, schema=schema, seed=0).sample(len(split.train), seed=0)

    distances, verdict = _verdict(split.train, split.holdout, synthetic, schema)

    assert verdict.level <= RiskLevel.MEDIUM
    assert 0.45 <= distances.membership_auc <= 0.55
    # SDMetrics' uncorrected share is inflated by the 80/20 split; the corrected one is near 50%.
    assert distances.closer_to_train_share > 0.7
    assert 0.4 <= distances.closer_to_train_corrected <= 0.6


def test_thresholds_can_be_changed(adult_split):
    split, schema = adult_split
    synthetic = get("independent_columns")().fit(split.train, schema=schema, seed=0).sample(3000, seed=0)
    distances, _ = calculate_distance_privacy(split.train, split.holdout, synthetic, schema=schema)

    strict = decide_verdict(distances, thresholds=PrivacyThresholds(membership_auc=0.0))

    assert strict.level is RiskLevel.HIGH
    assert "above 0.00" in strict.part("membership").reason


def test_subsample_is_only_used_when_asked_and_is_labelled(student_pair):
    train, holdout, synthetic, _ = student_pair
    schema = infer_schema(pd.concat([train, holdout]))

    full, _ = calculate_distance_privacy(train, holdout, synthetic, schema=schema)
    sampled, _ = calculate_distance_privacy(
        train, holdout, synthetic, schema=schema, settings=PrivacySettings(max_rows=100)
    )

    assert not full.subsampled and full.rows["synthetic"] == len(synthetic)
    assert sampled.subsampled and sampled.rows["synthetic"] == 100


def test_duplicated_indexes_and_rare_values(student_pair):
    train, holdout, synthetic, _ = student_pair
    schema = infer_schema(pd.concat([train, holdout]))
    doubled = pd.concat([train, train.head(3)])  # duplicated index labels
    rare_synthetic = synthetic.copy()
    rare_synthetic.loc[0, "high_spec"] = "Arts"

    distances, _ = calculate_distance_privacy(doubled, holdout, rare_synthetic, schema=schema)

    assert distances.rows["train"] == len(doubled)
    rare = {(value.column, value.value) for value in distances.rare_values}
    if (train["high_spec"] == "Arts").sum() < 5:
        assert ("high_spec", "Arts") in rare


def test_results_round_trip(student_pair):
    train, holdout, synthetic, _ = student_pair
    schema = infer_schema(pd.concat([train, holdout]))
    distances, _ = calculate_distance_privacy(train, holdout, synthetic, schema=schema)

    assert DistancePrivacy.from_dict(json.loads(json.dumps(distances.to_dict()))) == distances


def test_only_large_tables_get_a_suggested_subsample():
    from synth_core.evaluation.privacy import SUGGESTED_SUBSAMPLE_ROWS, suggested_max_rows

    assert suggested_max_rows(26_049, 32_561) is None  # full Adult stays exact
    assert suggested_max_rows(160_000, 200_000) == SUGGESTED_SUBSAMPLE_ROWS
