"""Deeper fidelity: detection agrees with SDMetrics by name, column details are bounded, the plots pick their form."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from sdmetrics.single_table import LogisticDetection
from threadpoolctl import threadpool_limits

from synth_core.detection import infer_schema
from synth_core.evaluation.column_pairs import calculate_column_pair
from synth_core.evaluation.fidelity_details import (
    ColumnDetail,
    DetectionResult,
    calculate_column_details,
    calculate_detection_auc,
    calculate_pca_projection,
    two_column_kind,
)
from synth_core.plots.explore import plot_column_pair, plot_pca_projection
from synth_core.plots.style import REAL_COLOUR, SYNTHETIC_COLOUR
from synth_core.schema import ColumnKind, ColumnSchema, TableSchema
from tests.conftest import DATA_DIR

AGREEMENT = 0.03


@pytest.fixture(scope="module")
def student_pair():
    real = pd.read_csv(DATA_DIR / "student_placements_real.csv")
    synthetic = pd.read_csv(DATA_DIR / "student_placements_synthetic.csv")
    return real, synthetic, TableSchema.from_sdv_metadata(_student_metadata())


def _student_metadata() -> dict:
    return json.loads((DATA_DIR / "student_placements_metadata.json").read_text())


@pytest.fixture(scope="module")
def adult_sample(adult):
    sample = adult.sample(2000, random_state=0).reset_index(drop=True)
    return sample, infer_schema(sample)


@pytest.fixture(scope="module")
def adult_shuffled(adult_sample):
    """Every column shuffled on its own: the same column distributions, no relationships between columns."""
    sample, _ = adult_sample
    rng = np.random.default_rng(1)
    return pd.DataFrame({name: rng.permutation(sample[name].to_numpy()) for name in sample.columns})


# --- Detection ----------------------------------------------------------------------------------------


def test_detection_agrees_with_logistic_detection_with_columns_reordered(student_pair):
    real, synthetic, schema = student_pair
    table = _student_metadata()["tables"]["student_placements"]
    reordered = synthetic[list(reversed(synthetic.columns))]
    np.random.seed(0)  # SDMetrics' folds draw from numpy's global random state
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore")
        scores = [LogisticDetection.compute(real, synthetic[real.columns], table) for _ in range(10)]
    reference_auc = float(np.mean([1 - score / 2 for score in scores]))

    result = calculate_detection_auc(real, reordered, schema=schema, runs=10, seed=0)

    assert abs(result.auc - reference_auc) < AGREEMENT
    assert result.auc > 0.7  # this synthetic data is easy to tell apart
    assert result.left_out == ("placed", "work_experience")  # booleans, as SDMetrics leaves them out
    assert "student_id" not in result.columns


def test_detection_matches_columns_by_name(student_pair):
    real, synthetic, schema = student_pair

    ordered = calculate_detection_auc(real, synthetic[real.columns], schema=schema, runs=2, seed=3)
    reordered = calculate_detection_auc(
        real, synthetic[list(reversed(synthetic.columns))], schema=schema, runs=2, seed=3
    )

    assert reordered == ordered


def test_detection_is_seeded_and_can_use_booleans(student_pair):
    real, synthetic, schema = student_pair

    first = calculate_detection_auc(real, synthetic, schema=schema, runs=2, seed=5)
    again = calculate_detection_auc(real, synthetic, schema=schema, runs=2, seed=5)
    with_booleans = calculate_detection_auc(real, synthetic, schema=schema, runs=2, seed=5, include_booleans=True)

    assert first == again
    assert isinstance(first, DetectionResult) and first.runs == 2 and first.auc_std >= 0
    assert {"placed", "work_experience"} <= set(with_booleans.columns) and with_booleans.left_out == ()


def test_detection_of_real_against_itself_is_chance(adult_sample):
    sample, schema = adult_sample

    result = calculate_detection_auc(sample, sample, schema=schema, runs=2)

    assert result.auc == pytest.approx(0.5, abs=0.02)
    assert "education-num" in result.columns  # ordinals are used, as categories
    assert result.sdmetrics_score == pytest.approx(1.0, abs=0.04)


def test_detection_sees_broken_relationships_only_with_trees(adult_sample, adult_shuffled):
    sample, schema = adult_sample

    logistic = calculate_detection_auc(sample, adult_shuffled, schema=schema, runs=2)
    boosting = calculate_detection_auc(sample, adult_shuffled, schema=schema, runs=2, detector="boosting")

    assert boosting.auc > 0.9  # clearly higher than chance
    assert logistic.auc < 0.55  # a linear model sees only single columns, whose distributions are unchanged


def test_detection_rejects_bad_arguments(student_pair):
    real, synthetic, schema = student_pair

    with pytest.raises(ValueError, match="runs"):
        calculate_detection_auc(real, synthetic, schema=schema, runs=0)
    with pytest.raises(ValueError, match="detector"):
        calculate_detection_auc(real, synthetic, schema=schema, detector="forest")  # type: ignore[arg-type]


# --- Column details -----------------------------------------------------------------------------------


def test_column_details_are_bounded_with_the_right_metric_per_kind(adult_sample, adult_shuffled):
    sample, schema = adult_sample

    details = calculate_column_details(sample, adult_shuffled, schema=schema)

    assert [detail.column for detail in details] == schema.modelled_columns
    for detail in details:
        assert detail.error is None
        scores = (detail.shape_score, detail.coverage, detail.missing_similarity)
        assert all(score is not None and 0.0 <= score <= 1.0 for score in scores)
        if detail.kind == "numerical":
            assert (detail.shape_metric, detail.coverage_metric) == ("KSComplement", "RangeCoverage")
            assert detail.boundary_adherence is not None and 0.0 <= detail.boundary_adherence <= 1.0
        else:
            assert detail.kind in {"categorical", "ordinal"}
            assert (detail.shape_metric, detail.coverage_metric) == ("TVComplement", "CategoryCoverage")
            assert detail.boundary_adherence is None
    by_name = {detail.column: detail for detail in details}
    assert by_name["age"].shape_score == pytest.approx(1.0)  # shuffling keeps each column's values
    assert by_name["education-num"].kind == "ordinal"


def test_coverage_drops_when_categories_are_lost(adult_sample):
    sample, schema = adult_sample
    kept = sample["occupation"].value_counts().index[:3]
    synthetic = sample.assign(occupation=sample["occupation"].where(sample["occupation"].isin(kept), kept[0]))

    details = {detail.column: detail for detail in calculate_column_details(sample, synthetic, schema=schema)}

    real_categories = sample["occupation"].nunique()
    assert details["occupation"].coverage == pytest.approx(3 / real_categories)
    assert details["occupation"].shape_score < 1.0
    assert details["workclass"].coverage == pytest.approx(1.0)


def test_dates_get_boundaries_and_keys_are_skipped(student_pair):
    real, synthetic, schema = student_pair

    details = {detail.column: detail for detail in calculate_column_details(real, synthetic, schema=schema)}

    assert "student_id" not in details
    assert details["start_date"].shape_metric == "KSComplement"
    assert details["start_date"].boundary_adherence is not None
    assert details["placed"].coverage_metric == "CategoryCoverage"
    assert details["placed"].boundary_adherence is None


def test_an_all_missing_column_gives_a_row_not_a_crash(adult_sample):
    sample, schema = adult_sample
    synthetic = sample.assign(age=np.nan, workclass=None)

    details = {detail.column: detail for detail in calculate_column_details(sample, synthetic, schema=schema)}

    for name in ("age", "workclass"):
        assert isinstance(details[name], ColumnDetail)
        # 1 − |real missing share − 1|: the real share of missing values
        assert details[name].missing_similarity == pytest.approx(sample[name].isna().mean())
        assert details[name].shape_score is None and details[name].error
    assert details["fnlwgt"].error is None


def test_a_column_missing_from_the_synthetic_data_is_named(student_pair):
    real, synthetic, schema = student_pair

    details = {
        detail.column: detail
        for detail in calculate_column_details(real, synthetic.drop(columns="salary"), schema=schema)
    }

    assert details["salary"].shape_score is None
    assert "missing from the synthetic data" in details["salary"].error


# --- Plots and projection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (("numerical", "datetime"), "scatter"),
        (("numerical", "ordinal"), "box"),
        (("boolean", "datetime"), "box"),
        (("categorical", "boolean"), "heatmap"),
    ],
)
def test_two_column_kind(kinds, expected):
    assert two_column_kind(*kinds) == expected


def test_two_column_kind_rejects_identifiers():
    with pytest.raises(ValueError, match="not plotted in pairs"):
        two_column_kind(ColumnKind.ID, ColumnKind.NUMERICAL)


@pytest.mark.parametrize(
    ("column_a", "column_b", "trace_type"),
    [
        ("salary", "mba_perc", "scatter"),  # numerical, numerical
        ("start_date", "salary", "scatter"),  # datetime, numerical
        ("gender", "salary", "box"),  # categorical, numerical
        ("start_date", "degree_type", "box"),  # datetime, categorical
        ("degree_type", "placed", "heatmap"),  # categorical, boolean
    ],
)
def test_pair_plots_show_real_beside_synthetic(student_pair, column_a, column_b, trace_type):
    real, synthetic, schema = student_pair

    figure = plot_column_pair(calculate_column_pair(real, synthetic, column_a, column_b, schema=schema))

    assert [trace.type for trace in figure.data] == [trace_type, trace_type]
    assert [trace.name for trace in figure.data] == ["Real", "Synthetic"]
    assert (figure.data[0].xaxis, figure.data[1].xaxis) == ("x", "x2")
    if trace_type != "heatmap":
        assert (figure.data[0].marker.color, figure.data[1].marker.color) == (REAL_COLOUR, SYNTHETIC_COLOUR)


def test_box_plot_puts_the_number_on_the_y_axis(student_pair):
    real, synthetic, schema = student_pair

    pair = calculate_column_pair(real, synthetic, "salary", "gender", schema=schema)
    figure = plot_column_pair(pair)

    real_box = figure.data[0]
    assert set(real_box.x) == {"M", "F"}
    males = real.loc[real["gender"] == "M", "salary"].dropna()
    assert real_box.median[list(real_box.x).index("M")] == pytest.approx(males.median())


def test_scatter_subsamples_and_heatmap_keeps_the_top_categories(adult):
    kinds = {"age": "numerical", "fnlwgt": "numerical", "native-country": "categorical", "sex": "categorical"}
    schema = TableSchema(tuple(ColumnSchema(name, ColumnKind(kind)) for name, kind in kinds.items()))

    points = calculate_column_pair(adult, adult, "age", "fnlwgt", schema=schema, max_points=500)
    shares = calculate_column_pair(adult, adult, "native-country", "sex", schema=schema)
    scatter, heatmap = plot_column_pair(points), plot_column_pair(shares)

    assert [len(trace.x) for trace in scatter.data] == [500, 500]
    assert len(heatmap.data[0].x) == 16  # the 15 most common countries and "(other)"
    assert np.asarray(heatmap.data[0].z).sum() == pytest.approx(1.0)


def test_pca_projection_labels_each_row_and_explains_variance(student_pair):
    real, synthetic, schema = student_pair

    projection = calculate_pca_projection(real, synthetic, schema=schema, max_points=100)
    again = calculate_pca_projection(real, synthetic, schema=schema, max_points=100)

    assert projection == again
    assert len(projection.pc1) == len(projection.pc2) == len(projection.labels) == 200
    assert projection.labels.count("Real") == projection.labels.count("Synthetic") == 100
    first, second = projection.explained_variance
    assert 0.0 < second <= first <= 1.0 and first + second <= 1.0
    assert "student_id" not in projection.columns


def test_pca_figure_has_two_coloured_traces(student_pair):
    real, synthetic, schema = student_pair

    figure = plot_pca_projection(calculate_pca_projection(real, synthetic, schema=schema))

    assert [trace.type for trace in figure.data] == ["scatter", "scatter"]
    assert (figure.data[0].marker.color, figure.data[1].marker.color) == (REAL_COLOUR, SYNTHETIC_COLOUR)
    assert "variance" in figure.layout.xaxis.title.text and "variance" in figure.layout.yaxis.title.text
