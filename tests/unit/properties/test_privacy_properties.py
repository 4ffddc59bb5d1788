"""Privacy on random small tables: distances agree with a plain reference, every share and risk stays in [0, 1]."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from functools import lru_cache

import numba
import numpy as np
import pandas as pd
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from synth_core.evaluation import attacks
from synth_core.evaluation.attacks import (
    ATTACK_LABELS,
    AttackRisk,
    AttackSettings,
    calculate_attack_risks,
    default_linkability_columns,
)
from synth_core.evaluation.distances import distance_columns, nearest_distances
from synth_core.evaluation.privacy import (
    DistancePrivacy,
    DistanceSummary,
    PrivacySettings,
    calculate_distance_privacy,
)
from synth_core.evaluation.privacy_review import PrivacyReview
from synth_core.evaluation.sdmetrics_adapter import sdmetrics_metadata
from synth_core.evaluation.verdict import PrivacyThresholds, RiskLevel, decide_verdict
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema
from tests.unit.properties.strategies import MODELLED_KINDS, evaluation_sets, tables

EXACT = 1e-9
LEVELS = {"not_checked", "low", "medium", "high"}


@pytest.fixture(scope="module", autouse=True)
def one_numba_thread():
    # On tables this small, starting numba's parallel threads costs ten times the distance work itself (85 ms
    # against 10 ms a call on a busy 2-core machine); the results are the same on one thread.
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    yield
    numba.set_num_threads(threads)


# --- Distances ---------------------------------------------------------------------------------------------------


def _seconds(values: pd.Series, datetime_format: str | None) -> np.ndarray:
    if not pd.api.types.is_datetime64_any_dtype(values):
        values = pd.to_datetime(values, format=datetime_format, errors="coerce")
    return np.array([np.nan if pd.isna(value) else value.timestamp() for value in values], dtype=float)


def _same(x: object, y: object) -> bool:
    if pd.isna(x) or pd.isna(y):
        return bool(pd.isna(x) and pd.isna(y))
    return bool(x == y)


def _reference_distances(dataset: pd.DataFrame, reference: pd.DataFrame, metadata: dict) -> np.ndarray:
    """SDMetrics' distance to the closest record, pair by pair, written as plainly as possible."""
    columns = distance_columns(metadata, available=set(dataset.columns) & set(reference.columns))
    parts: list[np.ndarray] = []  # one (len(dataset), len(reference)) matrix of gaps per column
    for name in columns.numeric:
        if name in columns.datetime_formats:
            a, b = (_seconds(frame[name], columns.datetime_formats[name]) for frame in (dataset, reference))
        else:
            a, b = (pd.to_numeric(frame[name], errors="coerce").to_numpy(float) for frame in (dataset, reference))
        span = np.nanmax(b) - np.nanmin(b) if np.isfinite(b).any() else 0.0
        left, right = a[:, None], b[None, :]
        # A constant reference has no range: any difference counts 1.
        gaps = np.minimum(np.abs(left - right) / span, 1.0) if span > 0 else (left != right).astype(float)
        one_missing = np.isnan(left) != np.isnan(right)
        both_missing = np.isnan(left) & np.isnan(right)
        parts.append(np.where(both_missing, 0.0, np.where(one_missing, 1.0, gaps)))
    for name in columns.categorical:
        a, b = dataset[name].astype(object).to_numpy(), reference[name].astype(object).to_numpy()
        equal = np.array([[_same(x, y) for y in b] for x in a], dtype=bool)
        parts.append((~equal).astype(float).reshape(len(a), len(b)))
    return np.sort(np.mean(parts, axis=0), axis=1)


@given(evaluation_sets(max_rows=15, kinds=MODELLED_KINDS, with_roles=False), st.sampled_from([1, 2]))
def test_nearest_distances_equal_sdmetrics_definition_pair_by_pair(data, neighbours):
    train, _, synthetic, schema = data
    metadata = sdmetrics_metadata(schema, train, modelled_only=True)
    columns = distance_columns(metadata, available=set(train.columns))
    if len(train) < neighbours:
        with pytest.raises(ValueError, match="needs at least 2 row"):
            nearest_distances(synthetic, train, columns, neighbours=neighbours)
        return

    found = nearest_distances(synthetic, train, columns, neighbours=neighbours)
    expected = _reference_distances(synthetic, train, metadata)[:, :neighbours]

    assert found.shape == (len(synthetic), neighbours)
    np.testing.assert_allclose(found, expected, atol=EXACT)
    assert np.all((found >= 0.0) & (found <= 1.0))
    assert np.all(np.diff(found, axis=1) >= 0.0)


@given(tables(max_rows=20, kinds=MODELLED_KINDS, with_roles=False))
def test_every_row_is_at_distance_zero_from_its_own_table(table):
    frame, schema = table
    columns = distance_columns(sdmetrics_metadata(schema, frame, modelled_only=True))

    assert np.all(nearest_distances(frame, frame, columns)[:, 0] == 0.0)


# --- Distance-based privacy and the verdict ------------------------------------------------------------------------


def _in_unit(value: float) -> bool:
    return 0.0 <= value <= 1.0


def _assert_summary(summary: DistanceSummary, rows: int) -> None:
    assert all(_in_unit(v) for v in (summary.median, summary.mean, *summary.quantiles.values()))
    assert sum(summary.counts) == rows
    assert summary.bin_edges[0] == 0.0 and summary.bin_edges[-1] == 1.0


def _privacy_or_refusal(train, holdout, synthetic, schema, settings=None):
    """The distance evidence, or None when it refuses as documented."""
    try:
        result, raw = calculate_distance_privacy(train, holdout, synthetic, schema=schema, settings=settings)
    except ValueError as error:
        message = str(error)
        assert "no numerical, date or categorical columns" in message or "need at least 2 training rows" in message
        event(f"refused: {message[:40]}")
        return None, None
    event("measured")
    return result, raw


def _assert_privacy_bounds(result: DistancePrivacy, synthetic_rows: int) -> None:
    for summary, rows in (
        (result.synthetic_to_train, result.rows["synthetic"]),
        (result.synthetic_to_holdout, result.rows["synthetic"]),
        (result.holdout_to_train, result.rows["holdout"]),
        (result.random_to_train, result.rows["synthetic"]),
    ):
        _assert_summary(summary, rows)
    shares = (
        result.overfitting_protection,
        result.closer_to_train_share,
        result.closer_to_train_corrected,
        *result.closer_to_train_corrected_draws,
        result.nndr_median,
        result.nndr_low_share,
        result.exact_copy_share,
        result.holdout_copy_share,
        result.membership_auc,
    )
    assert all(_in_unit(share) for share in shares), shares
    # NaN only as documented: uniform random rows that land on training rows leave no baseline to compare with.
    assert _in_unit(result.baseline_protection) or (
        math.isnan(result.baseline_protection) and result.random_to_train.median == 0.0
    )
    assert 0 <= result.exact_copies <= synthetic_rows
    assert result.exact_copy_share == pytest.approx(result.exact_copies / synthetic_rows)
    assert all(0 <= position < synthetic_rows for position in result.copy_positions)
    false_positives, true_positives = result.membership_roc
    assert all(_in_unit(x) for x in false_positives + true_positives)
    assert list(true_positives) == sorted(true_positives)
    assert all(value.training_rows >= 1 and value.synthetic_rows >= 1 for value in result.rare_values)


# Regressions: the random baseline crashed on a column with no values (numpy cannot draw from nothing), and one
# training row gave an error about "the reference set" instead of saying what the user can do.
EMPTY = pd.DataFrame({"x": [0.0, 1.0], "label": [np.nan, np.nan], "n": [np.nan, np.nan]})
EMPTY_SCHEMA = TableSchema(
    (
        ColumnSchema("x", ColumnKind.NUMERICAL),
        ColumnSchema("label", ColumnKind.CATEGORICAL),
        ColumnSchema("n", ColumnKind.NUMERICAL),
    )
)
ONE_ROW = EMPTY.iloc[:1]


@given(evaluation_sets(max_rows=15, min_modelled=1), st.integers(0, 2**31 - 1), st.integers(1, 3))
@example(data=(EMPTY, ONE_ROW, ONE_ROW, EMPTY_SCHEMA), seed=0, draws=1)
@example(data=(ONE_ROW, ONE_ROW, ONE_ROW, EMPTY_SCHEMA), seed=0, draws=1)
def test_distance_privacy_stays_in_bounds_and_gives_a_declared_verdict(data, seed, draws):
    train, holdout, synthetic, schema = data

    result, raw = _privacy_or_refusal(
        train, holdout, synthetic, schema, PrivacySettings(seed=seed, size_corrected_draws=draws)
    )
    if result is None:
        return

    _assert_privacy_bounds(result, len(synthetic))
    assert np.all((raw.synthetic_to_train >= 0) & (raw.synthetic_to_train <= 1))
    verdict = decide_verdict(result)
    assert verdict.level in RiskLevel and verdict.level.label in LEVELS
    assert verdict.level == max(part.level for part in verdict.parts)
    assert all(part.reason for part in verdict.parts)
    again = DistancePrivacy.from_dict(json.loads(json.dumps(result.to_dict())))
    assert json.dumps(again.to_dict()) == json.dumps(result.to_dict())


@given(evaluation_sets(max_rows=15, min_modelled=1))
def test_a_copy_of_the_training_rows_is_all_exact_copies(data):
    train, holdout, _, schema = data

    result, _ = _privacy_or_refusal(train, holdout, train.copy(), schema, PrivacySettings(size_corrected_draws=1))
    if result is None:
        return

    assert result.exact_copies == len(train) and result.exact_copy_share == 1.0
    assert result.synthetic_to_train.median == 0.0 and result.synthetic_to_train.mean == 0.0


_ATTACK_RESULTS = st.builds(
    AttackRisk,
    attack=st.sampled_from(list(ATTACK_LABELS)),
    label=st.sampled_from(list(ATTACK_LABELS.values())),
    risk=st.floats(0, 1),
    ci_low=st.floats(0, 1),
    ci_high=st.floats(0, 1),
    attack_rate=st.floats(0, 1),
    baseline_rate=st.floats(0, 1),
    control_rate=st.floats(0, 1),
    n_attacks=st.integers(1, 500),
    detail=st.just("Drawn by a property test."),
    error=st.none() | st.just("The attack failed."),
).map(lambda risk: risk if risk.error is None else replace(risk, risk=math.nan, ci_low=math.nan, ci_high=math.nan))
_THRESHOLDS = st.builds(
    PrivacyThresholds,
    copy_factor=st.floats(0, 10),
    copy_margin=st.floats(0, 1),
    membership_auc=st.floats(0, 1),
    attack_lower_bound=st.floats(0, 1),
    closer_to_train=st.floats(0, 1),
    rare_values_medium=st.floats(0, 1),
    rare_values_high=st.floats(0, 1),
    quasi_identifier_factor=st.floats(0, 10),
    quasi_identifier_margin=st.floats(0, 1),
)


@lru_cache(maxsize=1)
def _base_distances() -> DistancePrivacy:
    """One real DistancePrivacy, whose verdict inputs the test below replaces with drawn numbers."""
    frame = pd.DataFrame({"x": np.arange(8.0), "label": list("abababab")})
    schema = TableSchema((ColumnSchema("x", ColumnKind.NUMERICAL), ColumnSchema("label", ColumnKind.CATEGORICAL)))
    return calculate_distance_privacy(frame.iloc[:6], frame.iloc[6:], frame, schema=schema)[0]


_SHARE = st.floats(0, 1)
_EVIDENCE = st.builds(
    lambda copies, natural, auc, closer, raw: replace(
        _base_distances(),
        exact_copy_share=copies,
        holdout_copy_share=natural,
        membership_auc=auc,
        closer_to_train_corrected=closer,
        closer_to_train_share=raw,
    ),
    _SHARE,
    _SHARE,
    _SHARE,
    _SHARE,
    _SHARE,
)


@given(_EVIDENCE, st.lists(_ATTACK_RESULTS, max_size=4), _THRESHOLDS, st.floats(0, 1))
def test_the_verdict_is_the_worst_part_and_looser_thresholds_never_raise_it(result, risks, thresholds, loosen):
    looser = PrivacyThresholds(
        copy_factor=thresholds.copy_factor + loosen,
        copy_margin=thresholds.copy_margin + loosen,
        membership_auc=thresholds.membership_auc + loosen,
        attack_lower_bound=thresholds.attack_lower_bound + loosen,
        closer_to_train=thresholds.closer_to_train + loosen,
        rare_values_medium=thresholds.rare_values_medium + loosen,
        rare_values_high=thresholds.rare_values_high + loosen,
        quasi_identifier_factor=thresholds.quasi_identifier_factor + loosen,
        quasi_identifier_margin=thresholds.quasi_identifier_margin + loosen,
    )

    verdict = decide_verdict(result, risks, thresholds)
    review = PrivacyReview(distances=result, settings=PrivacySettings(), thresholds=thresholds, attacks=tuple(risks))

    assert verdict.level == max(part.level for part in verdict.parts)
    parts = ["copies", "membership", "closeness", "rare values", "quasi-identifiers", "personal data"]
    assert [part.part for part in verdict.parts] == parts + (["attacks"] if risks else [])
    assert decide_verdict(result, risks, looser).level <= verdict.level
    data_out = json.loads(json.dumps(review.to_dict()))
    assert data_out["verdict"]["level"] in LEVELS
    assert PrivacyReview.from_dict(data_out).verdict.level == verdict.level


# --- Attacks ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def few_singling_out_tries():
    # anonymeter may try up to 1,000 random guesses per attack to single out a row, about a second per call on
    # these tiny tables. The cap only bounds time (running out of tries is reported in the result's detail and
    # exercised here just the same), so a lower one keeps 200 examples fast.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(attacks, "MAX_QUERY_ATTEMPTS_PER_ATTACK", 5)
        yield


def _attack_settings(columns: list[str]) -> st.SearchStrategy[AttackSettings]:
    """Mostly valid settings, now and then a wrong one (no attacks, a confidence of 0 or 1, unknown columns)."""
    names = st.sampled_from([*columns, *columns, "not a column"]) if columns else st.just("not a column")
    groups = st.lists(names, min_size=0, max_size=3).map(tuple)
    return st.builds(
        AttackSettings,
        n_attacks=st.sampled_from([8, 5, 2, 1, 0]),  # hypothesis favours the first: valid ones
        linkability_columns=st.sampled_from([None, None, None, "drawn"]).flatmap(
            lambda choice: st.none() if choice is None else st.tuples(groups, groups)
        ),
        secret_column=st.none() | names,
        confidence_level=st.sampled_from([0.95, 0.9, 0.99, 0.5, 0.0, 1.0]),
        seed=st.integers(0, 2**31 - 1),
    )


@given(evaluation_sets(max_rows=12, min_columns=2, max_columns=4), st.data())
def test_attack_risks_and_their_intervals_stay_in_the_unit_interval(sets, data):
    train, holdout, synthetic, schema = sets
    # Mostly every column, sometimes two, one or none (hypothesis favours the first choice).
    count = data.draw(st.sampled_from([len(schema.names), 2, 1, 0]), label="how many columns")
    columns = data.draw(st.permutations(schema.names), label="columns")[:count]
    settings = data.draw(_attack_settings(columns), label="settings")
    target = data.draw(st.none() | (st.sampled_from(columns) if columns else st.none()), label="target")
    roles = {name: ColumnRole.TARGET if name == target else ColumnRole.FEATURE for name in columns}
    attacked = TableSchema(columns=tuple(ColumnSchema(name, ColumnKind.CATEGORICAL, roles[name]) for name in columns))

    results = calculate_attack_risks(train, holdout, synthetic, schema=attacked, settings=settings)

    assert [result.attack for result in results] == list(ATTACK_LABELS)
    for result in results:
        assert result.label == ATTACK_LABELS[result.attack]
        if result.error is not None:
            event(f"{result.attack}: failed: {result.error[:70]}")
            assert result.error.strip() and math.isnan(result.risk)
            assert math.isnan(result.ci_low) and math.isnan(result.ci_high)
            continue
        event(f"{result.attack}: ran")
        assert 0.0 <= result.ci_low <= result.risk <= result.ci_high <= 1.0, result
        assert all(_in_unit(rate) for rate in (result.attack_rate, result.baseline_rate, result.control_rate))
        assert 1 <= result.n_attacks <= settings.n_attacks
        assert result.detail


@given(st.lists(st.text(min_size=1, max_size=4), unique=True, max_size=8))
def test_linkability_columns_split_into_two_halves(columns):
    if len(columns) < 2:
        with pytest.raises(ValueError, match="at least two columns"):
            default_linkability_columns(columns)
        return

    first, second = default_linkability_columns(columns)

    assert first and second and [*first, *second] == columns
    assert len(first) == len(columns) // 2
