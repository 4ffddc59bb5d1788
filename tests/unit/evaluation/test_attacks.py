"""Privacy attacks: a copied training set is riskier than shuffled columns; odd data and settings do not crash."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from synth_core.evaluation.attacks import (
    ATTACK_LABELS,
    AttackRisk,
    AttackSettings,
    calculate_attack_risks,
    default_linkability_columns,
)
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema
from synth_core.split import train_holdout

FEW_ATTACKS = AttackSettings(n_attacks=150, seed=0)
CATEGORICAL = ["workclass", "education", "marital-status", "occupation", "relationship", "race", "sex", "income"]


def attacked(columns: list[str], target: str | None = None) -> TableSchema:
    """A schema that models exactly these columns, in this order, with an optional target (attacks read no kinds)."""
    roles = {name: ColumnRole.TARGET if name == target else ColumnRole.FEATURE for name in columns}
    return TableSchema(columns=tuple(ColumnSchema(name, ColumnKind.CATEGORICAL, roles[name]) for name in columns))


@pytest.fixture(scope="module")
def split(adult):
    # 1,200 rows: 900 training and 300 holdout rows keep every attack well under a second.
    split = train_holdout(adult.sample(1200, random_state=0), holdout_share=0.25, seed=0)
    return split.train, split.holdout


def shuffled_columns(frame: pd.DataFrame, seed: int = 1) -> pd.DataFrame:
    """Each column shuffled on its own: the same values per column, but no real row survives."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({column: rng.permutation(frame[column].to_numpy()) for column in frame.columns})


def by_attack(results: tuple[AttackRisk, ...]) -> dict[str, AttackRisk]:
    return {result.attack: result for result in results}


def assert_valid(result: AttackRisk) -> None:
    assert result.error is None, result.error
    assert 0.0 <= result.ci_low <= result.risk <= result.ci_high <= 1.0
    for rate in (result.attack_rate, result.baseline_rate, result.control_rate):
        assert 0.0 <= rate <= 1.0
    assert result.n_attacks > 0
    assert result.detail


@pytest.fixture(scope="module")
def copy_and_shuffled(split):
    train, holdout = split
    columns = list(train.columns)
    copied = calculate_attack_risks(
        train, holdout, train.copy(), schema=attacked(columns, target="income"), settings=FEW_ATTACKS
    )
    shuffled = calculate_attack_risks(
        train, holdout, shuffled_columns(train), schema=attacked(columns, target="income"), settings=FEW_ATTACKS
    )
    return by_attack(copied), by_attack(shuffled)


def test_a_copy_of_the_training_rows_is_riskier_than_shuffled_columns(copy_and_shuffled):
    copied, shuffled = copy_and_shuffled

    assert list(copied) == list(ATTACK_LABELS)
    for result in (*copied.values(), *shuffled.values()):
        assert_valid(result)
        assert result.label == ATTACK_LABELS[result.attack]
    # A copy lets every guess hit a training row; shuffled columns leave no real row to find.
    assert copied["singling_out_multivariate"].risk > 0.8
    assert shuffled["singling_out_multivariate"].risk < copied["singling_out_multivariate"].risk - 0.4
    assert copied["inference"].risk > 0.7
    assert shuffled["inference"].risk < 0.2
    assert copied["linkability"].risk > 0.2
    assert shuffled["linkability"].risk < 0.1
    assert copied["inference"].attack_rate > 0.95
    # The random-guess baseline guesses income about as often right as the income shares suggest.
    assert 0.4 < copied["inference"].baseline_rate < 0.85


def test_details_name_the_secret_and_the_linked_columns(copy_and_shuffled):
    copied, _ = copy_and_shuffled

    assert "'income'" in copied["inference"].detail
    assert "a category" in copied["inference"].detail
    assert "(age, workclass, fnlwgt, education, education-num, marital-status, occupation)" in (
        copied["linkability"].detail
    )


def test_duplicated_indexes_and_missing_values_work(split):
    train, holdout = (frame.copy() for frame in split)
    rng = np.random.default_rng(2)
    for frame in (train, holdout):
        for column in ("age", "hours-per-week", "occupation", "income"):
            frame.loc[rng.random(len(frame)) < 0.1, column] = np.nan
    synthetic = pd.concat([train.iloc[:450], shuffled_columns(train).iloc[:450]])  # labels 0..449 twice
    train.index = np.zeros(len(train), dtype=int)
    holdout.index = np.repeat(np.arange(len(holdout) // 2 + 1), 2)[: len(holdout)]

    results = calculate_attack_risks(
        train, holdout, synthetic, schema=attacked(list(train.columns), target="income"), settings=FEW_ATTACKS
    )

    for result in results:
        assert_valid(result)


def test_missing_numeric_secret_is_guessed_as_a_number(split):
    train, holdout = (frame.copy() for frame in split)
    train.loc[train.index[::7], "age"] = np.nan

    results = calculate_attack_risks(
        train,
        holdout,
        train.copy(),
        schema=attacked(["age", "fnlwgt", "education", "hours-per-week"]),
        settings=AttackSettings(n_attacks=100, secret_column="age"),
    )

    inference = by_attack(results)["inference"]
    assert_valid(inference)
    assert "within 5%" in inference.detail


def test_all_categorical_data_with_mixed_category_dtypes_works(split):
    train, holdout = (frame[CATEGORICAL].copy() for frame in split)
    synthetic = train.astype("category")  # category dtype against the real data's plain text
    synthetic["sex"] = synthetic["sex"] == "Male"  # booleans against text

    results = calculate_attack_risks(train, holdout, synthetic, schema=attacked(CATEGORICAL), settings=FEW_ATTACKS)

    for result in results:
        assert_valid(result)
    assert "'income'" in by_attack(results)["inference"].detail  # the last column is the default secret


def test_dates_are_compared_as_numbers_and_guessed_exactly():
    days = pd.date_range("2020-01-01", periods=400, freq="D", tz="Europe/Berlin")
    frame = pd.DataFrame({"day": days, "count": np.arange(400) % 7, "shop": ["north", "south"] * 200})

    results = calculate_attack_risks(
        frame.iloc[:300],
        frame.iloc[300:],
        frame.iloc[:300].astype({"day": "datetime64[ns, UTC]"}),
        schema=attacked(["day", "count", "shop"]),
        settings=AttackSettings(n_attacks=30, secret_column="day"),
    )

    for result in results:
        assert_valid(result)
    assert "a date, counted right when exact" in by_attack(results)["inference"].detail


def test_the_same_seed_gives_the_same_risks(split):
    train, holdout = split
    synthetic = shuffled_columns(train)
    settings = AttackSettings(n_attacks=100, seed=7)

    first = calculate_attack_risks(train, holdout, synthetic, schema=attacked(list(train.columns)), settings=settings)
    second = calculate_attack_risks(train, holdout, synthetic, schema=attacked(list(train.columns)), settings=settings)

    assert first == second
    assert all(result.error is None for result in first)


def test_a_missing_secret_column_fails_only_the_inference_attack(split):
    train, holdout = split
    settings = AttackSettings(n_attacks=100, secret_column="salary")

    results = by_attack(
        calculate_attack_risks(train, holdout, train.copy(), schema=attacked(list(train.columns)), settings=settings)
    )

    inference = results["inference"]
    assert inference.error is not None and "'salary'" in inference.error
    assert math.isnan(inference.risk)
    for attack in ("singling_out_univariate", "singling_out_multivariate", "linkability"):
        assert results[attack].error is None


def test_bad_linkability_columns_and_too_many_attacks_are_reported(split):
    train, holdout = split
    holdout = holdout.iloc[:60]
    columns = ["age", "fnlwgt", "sex", "income"]  # fnlwgt is nearly unique, so singling out is quick
    settings = AttackSettings(n_attacks=80, linkability_columns=(("age", "zip"), ("sex",)))

    results = by_attack(
        calculate_attack_risks(train, holdout, train.copy(), schema=attacked(columns), settings=settings)
    )

    assert "'zip'" in results["linkability"].error
    # 80 attacks exceed the 60 holdout rows, so inference is capped and says so.
    assert results["inference"].n_attacks == 60
    assert "capped from 80 to 60" in results["inference"].detail
    assert results["singling_out_multivariate"].n_attacks == 80


def test_missing_columns_fail_every_attack_without_raising(split):
    train, holdout = split

    results = calculate_attack_risks(train, holdout, train.drop(columns="age"), schema=attacked(["age", "sex"]))

    assert len(results) == 4
    assert all("synthetic data has no column(s) 'age'" in result.error for result in results)


def test_an_exception_inside_anonymeter_is_caught(split, monkeypatch):
    from anonymeter.evaluators import InferenceEvaluator

    def broken(self, n_jobs=-2):
        raise RuntimeError("boom")

    monkeypatch.setattr(InferenceEvaluator, "evaluate", broken)
    train, holdout = split

    results = by_attack(
        calculate_attack_risks(
            train,
            holdout,
            train.copy(),
            schema=attacked(["age", "fnlwgt", "sex", "income"]),
            settings=AttackSettings(n_attacks=50),
        )
    )

    assert results["inference"].error == "The inference attack failed: RuntimeError: boom"
    assert results["linkability"].error is None


def test_progress_is_reported_between_attacks(split):
    train, holdout = split
    calls: list[tuple[float, str]] = []

    calculate_attack_risks(
        train,
        holdout,
        train.copy(),
        schema=attacked(["age", "fnlwgt", "sex", "income"]),
        settings=AttackSettings(n_attacks=50),
        progress=lambda fraction, message: calls.append((fraction, message)),
    )

    fractions = [fraction for fraction, _ in calls]
    assert fractions == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert "inference" in calls[3][1]


def test_default_linkability_columns_split_in_halves():
    assert default_linkability_columns(["a", "b", "c", "d", "e"]) == (("a", "b"), ("c", "d", "e"))
    with pytest.raises(ValueError, match="at least two columns"):
        default_linkability_columns(["a"])
