"""Fidelity on random small tables: every score within its bounds, and a table compared with itself scores best."""

from __future__ import annotations

import json
import math
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from synth_core.evaluation.associations import association_columns, calculate_associations
from synth_core.evaluation.fidelity import FidelityResult, calculate_fidelity
from synth_core.evaluation.fidelity_details import (
    DETECTION_FOLDS,
    calculate_column_details,
    calculate_detection_auc,
    calculate_pca_projection,
)
from synth_core.schema import ColumnKind, ColumnSchema, TableSchema
from tests.unit.properties.strategies import evaluation_sets, tables

EXACT = 1e-9
sets = evaluation_sets(max_rows=20)

# Regressions. SDMetrics leaves a score empty without a word for an empty column and for a pair whose real
# correlation is weak; the result now says why. Detection crashed on a column with no values (the imputer
# dropped it, the trees cannot bin it) and on identical rows (copies kept in one fold left folds empty).
NUMBERS = TableSchema((ColumnSchema("a", ColumnKind.NUMERICAL), ColumnSchema("b", ColumnKind.NUMERICAL)))
WEAK_PAIR = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [2.0, 1.0, 3.0]})
EMPTY_COLUMN = pd.DataFrame({"a": [np.nan] * 6, "b": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
ONE_EMPTY_COLUMN = TableSchema((ColumnSchema("a", ColumnKind.NUMERICAL),))
CONSTANT_ROWS = pd.DataFrame({"a": [0.0] * 6})


def _in_unit(value: float | None, *, optional: bool = False) -> bool:
    if value is None:
        return optional
    return 0.0 <= value <= 1.0


def _assert_fidelity_bounds(result: FidelityResult) -> None:
    shape_scores = [shape.score for shape in result.shapes if shape.score is not None]
    pair_scores = [pair.score for pair in result.pairs if pair.score is not None]
    # NaN exactly where documented: no column (pair) has a score; overall when neither property has one.
    assert math.isnan(result.column_shapes) == (not shape_scores)
    assert math.isnan(result.column_pair_trends) == (not pair_scores)
    assert math.isnan(result.overall) == (not shape_scores and not pair_scores)
    for name in ("overall", "column_shapes", "column_pair_trends", "diagnostic"):
        value = getattr(result, name)
        assert (math.isnan(value) and name != "diagnostic") or _in_unit(value), f"{name} = {value}"
    assert all(_in_unit(score) for score in result.diagnostic_properties.values())
    for shape in result.shapes:
        assert _in_unit(shape.score, optional=True)
        assert shape.score is not None or shape.error, "a missing score says why"
    for pair in result.pairs:
        assert _in_unit(pair.score, optional=True)
        assert pair.score is not None or pair.error, "a missing score says why"
        for correlation in (pair.real_correlation, pair.synthetic_correlation):
            assert correlation is None or -1.0 - EXACT <= correlation <= 1.0 + EXACT


@given(sets)
@example(data=(WEAK_PAIR, WEAK_PAIR, WEAK_PAIR, NUMBERS))
@example(data=(EMPTY_COLUMN, EMPTY_COLUMN, EMPTY_COLUMN, NUMBERS))
def test_fidelity_scores_stay_in_bounds_and_survive_serialisation(data):
    train, _, synthetic, schema = data

    result = calculate_fidelity(train, synthetic, schema=schema)

    _assert_fidelity_bounds(result)
    again = FidelityResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert json.dumps(again.to_dict()) == json.dumps(result.to_dict())


@given(tables(max_rows=20))
def test_a_table_compared_with_itself_has_perfect_fidelity(table):
    frame, schema = table

    result = calculate_fidelity(frame, frame.copy(), schema=schema)

    _assert_fidelity_bounds(result)
    for shape in result.shapes:
        assert shape.score is None or shape.score == pytest.approx(1.0, abs=EXACT), shape
    for pair in result.pairs:
        assert pair.score is None or pair.score == pytest.approx(1.0, abs=EXACT), pair
    assert math.isnan(result.overall) or result.overall == pytest.approx(1.0, abs=EXACT)


@given(sets)
def test_column_details_stay_in_bounds_and_say_why_a_score_is_missing(data):
    train, _, synthetic, schema = data

    details = calculate_column_details(train, synthetic, schema=schema)

    for detail in details:
        scores = (detail.shape_score, detail.coverage, detail.boundary_adherence, detail.missing_similarity)
        assert all(_in_unit(score, optional=True) for score in scores), detail
        assert detail.missing_similarity is None or detail.shape_score is not None or detail.error, detail
        if detail.shape_score is None or detail.coverage is None or detail.missing_similarity is None:
            assert detail.error, detail


@given(tables(max_rows=20))
def test_column_details_of_a_table_against_itself_are_perfect(table):
    frame, schema = table

    details = calculate_column_details(frame, frame.copy(), schema=schema)

    for detail in details:
        for score in (detail.shape_score, detail.coverage, detail.boundary_adherence, detail.missing_similarity):
            assert score is None or score == pytest.approx(1.0, abs=EXACT), detail


def _detection_or_refusal(real: pd.DataFrame, synthetic: pd.DataFrame, schema: TableSchema, **options):
    """The detection result, or None when it refuses as documented (too few rows, no usable column)."""
    try:
        result = calculate_detection_auc(real, synthetic, schema=schema, runs=2, **options)
    except ValueError as error:
        message = str(error)
        if min(len(real), len(synthetic)) < DETECTION_FOLDS:
            assert "at least 3 real and 3 synthetic rows" in message
        else:
            assert "nothing to detect" in message or "Detection needs more different rows" in message, message
        event(f"refused: {message[:40]}")
        return None
    event("detected")
    return result


@given(evaluation_sets(min_rows=DETECTION_FOLDS, max_rows=20), st.sampled_from(["logistic", "boosting"]), st.booleans())
@example(
    data=(EMPTY_COLUMN[["a"]], EMPTY_COLUMN, EMPTY_COLUMN[["a"]], ONE_EMPTY_COLUMN),
    detector="logistic",
    include_booleans=False,
)
@example(
    data=(EMPTY_COLUMN, EMPTY_COLUMN, EMPTY_COLUMN.assign(b=EMPTY_COLUMN["b"] + 10), NUMBERS),
    detector="boosting",
    include_booleans=False,
)
def test_detection_auc_is_an_auc_whatever_the_column_order(data, detector, include_booleans):
    train, _, synthetic, schema = data

    result = _detection_or_refusal(train, synthetic, schema, detector=detector, include_booleans=include_booleans)
    if result is None:
        return
    reordered = _detection_or_refusal(
        train, synthetic[synthetic.columns[::-1]], schema, detector=detector, include_booleans=include_booleans
    )

    assert 0.0 <= result.auc <= 1.0 and result.auc_std >= 0.0
    assert result.real_rows == len(train) and result.synthetic_rows == len(synthetic)
    assert set(result.columns).isdisjoint(result.left_out)
    assert reordered is not None and reordered.auc == pytest.approx(result.auc, abs=EXACT), "columns match by name"


@given(tables(max_rows=20))
@example(table=(CONSTANT_ROWS, ONE_EMPTY_COLUMN))
@example(table=(EMPTY_COLUMN, NUMBERS))
def test_a_table_cannot_be_told_from_itself(table):
    frame, schema = table

    result = _detection_or_refusal(frame, frame.copy(), schema)

    # Every row has an identical twin on the other side, in the same fold: no classifier can do better than chance.
    assert result is None or result.auc == pytest.approx(0.5, abs=EXACT)


@given(sets)
def test_pca_projection_has_a_point_per_row_and_shares_of_variance(data):
    train, _, synthetic, schema = data

    try:
        projection = calculate_pca_projection(train, synthetic, schema=schema, max_points=15)
    except ValueError as error:
        assert "nothing to project" in str(error)
        return

    points = min(len(train), 15) + min(len(synthetic), 15)
    assert len(projection.pc1) == len(projection.pc2) == len(projection.labels) == points
    assert all(math.isfinite(value) for value in projection.pc1 + projection.pc2)
    assert all(0.0 <= share <= 1.0 + EXACT for share in projection.explained_variance)
    assert sum(projection.explained_variance) <= 1.0 + EXACT


# Regression: constant dates (about 1e18 nanoseconds) showed rounding noise as variance: a ratio of 1.35.
CONSTANT_DATES = (
    pd.DataFrame({"when": pd.to_datetime(["2068-01-01 00:00:02"] * 11), "level": [0] * 8 + [1] * 3}),
    TableSchema((ColumnSchema("when", ColumnKind.DATETIME), ColumnSchema("level", ColumnKind.ORDINAL))),
)


@given(tables(max_rows=25), st.randoms(use_true_random=False))
@example(table=CONSTANT_DATES, random=random.Random(0))
def test_associations_are_symmetric_strengths_in_the_unit_interval(table, random):
    frame, schema = table

    matrix = calculate_associations(frame, schema=schema)
    order = list(range(len(frame)))
    random.shuffle(order)
    shuffled = calculate_associations(frame.iloc[order].reset_index(drop=True), schema=schema)

    names = association_columns(schema)
    assert list(matrix.index) == list(matrix.columns) == names
    values = matrix.to_numpy(dtype=float)
    assert np.array_equal(np.isnan(values), np.isnan(values.T))
    assert np.allclose(values, values.T, equal_nan=True)
    assert np.all(np.diag(values) == 1.0)
    off_diagonal = values[~np.eye(len(names), dtype=bool)]
    assert np.all(np.isnan(off_diagonal) | ((off_diagonal >= 0.0) & (off_diagonal <= 1.0 + EXACT)))
    # The order of the rows does not matter.
    assert np.allclose(values, shuffled.to_numpy(dtype=float), atol=1e-9, equal_nan=True)
