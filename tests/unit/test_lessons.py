"""The lessons' demo computations, on small slices of Adult with values checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import learn, lesson_clouds
from synth_core.detection import infer_schema
from synth_core.lessons import (
    RULE_BASED,
    balance_demo,
    laplace_histogram,
    pair_demo,
    practice_checklist,
    rule_based_sample,
    side_by_side,
    tradeoff_curve,
    utility_demo,
)
from synth_core.pipeline import RunConfig, run_pipeline
from synth_core.split import train_holdout


@pytest.fixture(scope="module")
def slice_(adult) -> tuple[pd.DataFrame, object]:
    frame = adult.sample(400, random_state=1).reset_index(drop=True)
    return frame, infer_schema(frame)


def test_balance_counts_shares_and_rates_exactly():
    real = pd.DataFrame({"sex": ["F", "F", "M", "M", "M", "M"], "income": ["hi", "lo", "hi", "hi", "hi", "lo"]})
    synthetic = pd.DataFrame({"sex": ["F", "M", "M", "M"], "income": ["lo", "hi", "lo", "lo"]})

    demo = balance_demo(real, synthetic, group="sex", outcome="income", positive="hi")

    table = demo.table.set_index("sex")
    assert table.loc["M", "real_share"] == pytest.approx(4 / 6)
    assert table.loc["F", "synthetic_share"] == pytest.approx(1 / 4)
    assert table.loc["M", "real_rate"] == pytest.approx(3 / 4)
    assert table.loc["F", "synthetic_rate"] == 0.0
    assert demo.rate_spread_real == pytest.approx(3 / 4 - 1 / 2)
    assert demo.rate_spread_synthetic == pytest.approx(1 / 3)
    assert demo.largest_share_gap == pytest.approx(1 / 3 - 1 / 4)


def test_a_group_missing_from_the_synthetic_rows_has_share_zero():
    real = pd.DataFrame({"g": ["a", "b", "c"], "y": ["1", "0", "1"]})
    synthetic = pd.DataFrame({"g": ["a", "a"], "y": ["1", "1"]})

    demo = balance_demo(real, synthetic, group="g", outcome="y", positive="1")

    assert demo.table.set_index("g").loc["c", "synthetic_share"] == 0.0
    assert demo.largest_share_gap == pytest.approx(2 / 3)


def test_side_by_side_counts_copies_of_real_rows():
    real = pd.DataFrame({"a": [1, 2, 3], "b": ["x", "y", "z"]})
    synthetic = pd.DataFrame({"a": [1, 2, 9, 1], "b": ["x", "q", "z", "x"]})

    demo = side_by_side(real, synthetic, rows=2, seed=3)

    assert demo.copies == 2  # (1, x) twice; (2, q) and (9, z) are new
    assert len(demo.real) == len(demo.synthetic) == 2


def test_rule_based_rows_stay_within_the_rules(slice_):
    frame, schema = slice_
    pair = schema.__class__(columns=(schema.column("age"), schema.column("sex")))

    rows = rule_based_sample(frame[["age", "sex"]], pair, rows=300, seed=0)

    assert rows["age"].between(frame["age"].min(), frame["age"].max()).all()
    assert set(rows["sex"]) == set(frame["sex"])
    assert rows.equals(rule_based_sample(frame[["age", "sex"]], pair, rows=300, seed=0))


def test_the_copula_learns_a_link_that_rules_and_independent_columns_lose(slice_):
    frame, schema = slice_
    columns = ("marital-status", "age")

    rules = pair_demo(frame, schema, columns, generator=RULE_BASED)
    independent = pair_demo(frame, schema, columns, generator="independent_columns")
    copula = pair_demo(frame, schema, columns, generator="gaussian_copula")

    assert rules.latent_correlation is None and independent.latent_correlation is None
    assert copula.latent_correlation is not None and -1 <= copula.latent_correlation <= 1
    assert copula.agreement > max(rules.agreement, independent.agreement)
    assert independent.column_shapes > rules.column_shapes  # learnt marginals beat even spreads


def test_the_tradeoff_curve_starts_at_a_perfect_copy_and_moves_away(slice_):
    frame, schema = slice_

    points = tradeoff_curve(frame, schema, levels=(0.0, 0.1, 0.4))

    assert (points[0].median_dcr, points[0].column_shapes) == (0.0, 1.0)
    assert points[0].median_dcr < points[1].median_dcr < points[2].median_dcr
    assert points[0].column_shapes > points[1].column_shapes > points[2].column_shapes


def test_laplace_error_is_about_one_over_epsilon(slice_):
    frame, _ = slice_

    errors = {epsilon: laplace_histogram(frame["race"], epsilon=epsilon).mean_absolute_error for epsilon in (0.5, 5)}

    # Mean |Laplace(1/ε)| is 1/ε; clipping at zero only shrinks it.
    assert 1.0 < errors[0.5] <= 2.3
    assert 0.1 < errors[5] <= 0.23
    with pytest.raises(ValueError, match="positive"):
        laplace_histogram(frame["race"], epsilon=0)


def test_utility_demo_scores_the_copy_like_real_data(slice_):
    frame, schema = slice_
    split = train_holdout(frame, holdout_share=0.3, seed=0)

    demo = utility_demo(
        split.train,
        split.holdout,
        {
            "copy": split.train,
            "shuffled": split.train.assign(income=split.train["income"].sample(frac=1, random_state=0).to_numpy()),
        },
        schema,
        target="income",
    )

    assert demo.metric == "f1_macro"
    assert demo.synthetic_scores["copy"] == pytest.approx(demo.real_score)
    assert demo.synthetic_scores["shuffled"] < demo.real_score - 0.1


def test_the_checklist_reads_the_run(slice_):
    frame, schema = slice_
    assert not any(check.done for check in practice_checklist(None))

    outcome = run_pipeline(
        frame,
        schema=schema,
        config=RunConfig(generator="independent_columns", params={}, seed=0, rows=100, split_seed=0, holdout_share=0.3),
        data_name="adult.csv",
        data_sha256="0" * 64,
    )
    checks = {check.key: check for check in practice_checklist(outcome.run)}

    assert checks["generate"].done and checks["fidelity"].done
    assert not checks["privacy"].done and not checks["report"].done
    assert "seed 0" in checks["generate"].detail


def test_every_deep_cloud_of_lesson_2_is_stored_with_the_real_columns_and_values():
    frame, _ = learn.lesson_data()
    real = frame.head(learn.PAIR_ROWS)
    for columns in learn.LESSON_PAIRS:
        for generator in learn.DEEP_GENERATORS:
            cloud = lesson_clouds.load_cloud(columns, generator, real[list(columns)])
            assert cloud is not None, (columns, generator)
            assert list(cloud.columns) == list(columns)
            assert len(cloud) == learn.PAIR_ROWS
            for name in columns:
                assert cloud[name].dtype == real[name].dtype
                if not pd.api.types.is_numeric_dtype(real[name]):
                    assert set(cloud[name].dropna()) <= set(real[name].dropna())


def test_a_missing_cloud_reads_as_none(tmp_path):
    real = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    assert lesson_clouds.load_cloud(("a", "b"), "ctgan", real, folder=tmp_path) is None
