"""Conditional sampling and rebalancing on real data (a slice of Adult, Gaussian copula)."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core.detection import infer_schema
from synth_core.generators import GeneratorError, get
from synth_core.pipeline import open_saved_run, run_pipeline
from synth_core.rebalance import (
    RebalanceError,
    RebalanceSpec,
    group_shares,
    rebalance,
    share_counts,
    target_shares,
    within_group_column_shapes,
)
from synth_core.runs import Run, RunConfig, sha256_of

ROWS = 3000


@pytest.fixture(scope="module")
def adult_slice(adult: pd.DataFrame) -> pd.DataFrame:
    return adult.head(ROWS).reset_index(drop=True)


@pytest.fixture(scope="module")
def copula(adult_slice: pd.DataFrame):
    return get("gaussian_copula")().fit(adult_slice, schema=infer_schema(adult_slice), seed=0)


def _copies(real: pd.DataFrame, synthetic: pd.DataFrame) -> int:
    """Synthetic rows identical to some real row."""
    return int(synthetic.merge(real.drop_duplicates(), how="inner", on=list(real.columns)).shape[0])


def test_conditions_give_exact_counts_and_values(copula, adult_slice):
    # Setup
    conditions = [({"income": ">50K", "sex": "Female"}, 500), ({"race": "Black"}, 120)]

    # Run
    synthetic = copula.sample_conditions(conditions, seed=1)

    # Assert
    assert len(synthetic) == 620
    first, second = synthetic.iloc[:500], synthetic.iloc[500:]
    assert (first["income"] == ">50K").all() and (first["sex"] == "Female").all()
    assert (second["race"] == "Black").all()
    assert list(synthetic.columns) == list(adult_slice.columns)
    assert synthetic.equals(copula.sample_conditions(conditions, seed=1))  # same seed, same rows


def test_independent_columns_fix_values_and_copy_rows_refuses(adult_slice):
    schema = infer_schema(adult_slice)
    independent = get("independent_columns")().fit(adult_slice, schema=schema, seed=0)
    synthetic = independent.sample_conditions([({"sex": "Female", "age": 40}, 50)], seed=0)
    assert len(synthetic) == 50 and (synthetic["sex"] == "Female").all() and (synthetic["age"] == 40).all()

    copier = get("copy_rows")().fit(adult_slice, schema=schema, seed=0)
    with pytest.raises(GeneratorError, match=r"cannot sample with conditions.*copies of real people"):
        copier.sample_conditions([({"sex": "Female"}, 10)])


def test_condition_errors_name_column_and_value(copula):
    with pytest.raises(GeneratorError) as caught:
        copula.sample_conditions([({"salary": 1, "sex": "Femme"}, 0)])
    message = str(caught.value)
    assert "'salary' is not a column" in message
    assert "'Femme' never appears in 'sex'" in message and "'Male'" in message
    assert "1 or more rows" in message
    with pytest.raises(GeneratorError, match="outside the training range of 'age'"):
        copula.sample_conditions([({"age": 500}, 10)])


def test_shares_validation_and_exact_counts(adult_slice):
    assert target_shares(adult_slice["sex"]) == {"Male": 0.5, "Female": 0.5}
    with pytest.raises(RebalanceError, match="add up to 1"):
        target_shares(adult_slice["sex"], {"Male": 0.6, "Female": 0.6})
    with pytest.raises(RebalanceError, match="'Other' never appears in 'sex'"):
        target_shares(adult_slice["sex"], {"Other": 0.5, "Female": 0.5})
    counts = share_counts({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}, 1000)
    assert sum(counts.values()) == 1000 and sorted(counts.values()) == [333, 333, 334]


def test_rebalance_sex_to_half_keeps_groups_and_copies_nothing(copula, adult_slice):
    # Setup
    schema = infer_schema(adult_slice)
    plain = copula.sample(ROWS, seed=2)

    # Run
    balanced = rebalance(copula, "sex", "uniform", ROWS, seed=2)

    # Assert: shares, exactly by construction
    shares = group_shares(adult_slice, balanced, "sex").set_index("group")
    assert len(balanced) == ROWS
    assert shares["synthetic_share"].sub(0.5).abs().max() <= 0.02
    assert shares.loc["Female", "real_share"] < 0.4  # Adult is unbalanced to begin with
    # Every row comes from the model: no more copies of real rows than plain sampling makes.
    assert _copies(adult_slice, balanced) <= _copies(adult_slice, plain) + 2
    # Each group still looks like its real counterpart, as much as in the unbalanced run.
    before = within_group_column_shapes(adult_slice, plain, schema, "sex")
    after = within_group_column_shapes(adult_slice, balanced, schema, "sex")
    assert before.keys() == after.keys() == {"Male", "Female"}
    for group, score in before.items():
        assert abs(after[group] - score) <= 0.05, (group, score, after[group])


def test_rebalanced_run_round_trips_and_reproduces(adult_slice):
    # Setup
    schema = infer_schema(adult_slice)
    spec = RebalanceSpec.of("sex", {"Female": 0.5, "Male": 0.5})
    config = RunConfig(generator="gaussian_copula", seed=4, rows=800, rebalance=spec)
    sha = sha256_of(adult_slice.to_csv(index=False).encode("utf-8"))

    # Run
    outcome = run_pipeline(adult_slice, schema=schema, config=config, data_sha256=sha, evaluate=False)
    manifest = outcome.run.to_json()
    reopened = open_saved_run(adult_slice, manifest.encode("utf-8"), name="run.json", data_sha256=sha)

    # Assert
    assert Run.from_json(manifest).config == config
    assert any("Rebalanced" in note and "'sex'" in note for note in outcome.run.notes)
    assert (outcome.synthetic["sex"] == "Female").sum() == 400
    assert reopened.synthetic.to_csv(index=False) == outcome.synthetic.to_csv(index=False)


def test_shortfall_names_the_condition(copula, monkeypatch):
    # SDV only warns when rejection sampling runs out; simulate that and expect a clear error instead.
    original = copula._synthesizer.sample_from_conditions

    def short(conditions, **kwargs):
        return {name: rows.head(3) for name, rows in original(conditions, **kwargs).items()}

    monkeypatch.setattr(copula._synthesizer, "sample_from_conditions", short)
    with pytest.raises(GeneratorError, match=r"made only 3 of the 50 rows asked for with sex = 'Female'.*fewer rows"):
        copula.sample_conditions([({"sex": "Female"}, 50)])
