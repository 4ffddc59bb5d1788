"""The estimates warn about costly runs before they start, and the pipeline can fit on a labelled subsample."""

from __future__ import annotations

import io
import math
import tokenize
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from synth_core import estimate as estimate_module
from synth_core import generators
from synth_core.detection import infer_schema
from synth_core.estimate import SLOW_SECONDS, describe, describe_run, estimate_fit, estimate_run, table_shape
from synth_core.generators.base import Cost
from synth_core.pipeline import RunConfig, run_pipeline
from synth_core.runs import Run
from synth_core.schema import ColumnKind, ColumnRole

ADULT_TRAIN_ROWS = 26_049  # the training share of Adult at the default 20% holdout


@pytest.fixture(scope="module")
def adult_slice(adult) -> pd.DataFrame:
    return adult.sample(1_000, random_state=0).reset_index(drop=True)


def test_a_copula_on_adult_is_cheap(adult):
    schema = infer_schema(adult.head(2_000))

    estimate = estimate_fit(adult, schema, "gaussian_copula", rows=26_049)

    assert 1 < estimate.seconds < 15  # measured: 3.8 s on 2 cores
    assert estimate.warnings == ()
    assert estimate.suggested_rows is None
    assert describe(estimate).startswith("Estimated fit: about ")


def test_dp_mst_on_adult_costs_about_a_minute_and_two_gigabytes(adult):
    schema = infer_schema(adult.head(2_000))

    estimate = estimate_fit(adult, schema, "dp_mst", rows=26_049)

    assert 30 < estimate.seconds < 120  # measured by benchmarks/dp.py: 48 to 68 s on 2 cores
    assert 1.5 * 2**30 < estimate.memory_bytes < 4 * 2**30  # measured: 2.1 to 2.6 GiB


def test_ctgan_on_adult_with_default_epochs_is_flagged_as_slow(adult):
    schema = infer_schema(adult.head(2_000))

    estimate = estimate_fit(adult, schema, "ctgan", rows=26_049)

    assert estimate.seconds > SLOW_SECONDS  # 300 epochs; 50 took 926 s on a busy machine
    assert any("may take about" in warning for warning in estimate.warnings)
    assert 0 < estimate.suggested_rows < 26_049
    assert estimate.widest_columns[0][0] == "native-country"  # 42 levels, the widest one-hot


def test_a_column_with_fifty_thousand_levels_is_named_with_what_to_do():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "order": [f"ORD-{i:06d}-{chr(65 + i % 26)}" for i in range(50_000)],
            "amount": rng.gamma(2.0, 30.0, 50_000).round(2),
            "region": rng.choice(["north", "south", "east", "west"], 50_000),
        }
    )
    schema = infer_schema(frame.head(5_000))
    schema = schema.with_column("order", kind=ColumnKind.CATEGORICAL, role=ColumnRole.FEATURE)  # a user override

    estimate = estimate_fit(frame, schema, "ctgan", {"epochs": 10}, memory_limit=2**30)

    assert estimate.encoded_width > 50_000
    assert any("'order' has 50,000 distinct values" in warning for warning in estimate.warnings)
    assert any("memory" in warning for warning in estimate.warnings)
    assert estimate.suggested_rows * estimate.encoded_width * 24 <= 2**30


def test_the_pipeline_fits_on_a_seeded_subsample_and_says_so(adult_slice):
    schema = infer_schema(adult_slice)
    config = RunConfig("gaussian_copula", seed=3, holdout_share=0.2, fit_rows=300)

    outcome = run_pipeline(adult_slice, schema=schema, config=config)

    assert outcome.run.train_rows == 800
    assert len(outcome.synthetic) == 800  # as many as the training rows, not the subsample
    assert "random subsample of 300 of the 800 training rows" in outcome.run.notes[0]
    restored = Run.from_dict(outcome.run.to_dict())
    assert restored.config.fit_rows == 300
    again = run_pipeline(adult_slice, schema=schema, config=config)
    assert again.synthetic.equals(outcome.synthetic)


@pytest.fixture(scope="module")
def adult_schema(adult):
    return infer_schema(adult.head(2_000))


def test_the_whole_run_estimate_grows_with_the_synthetic_rows(adult, adult_schema):
    few = estimate_run(adult, adult_schema, RunConfig("gaussian_copula", rows=1_000), train_rows=ADULT_TRAIN_ROWS)
    many = estimate_run(adult, adult_schema, RunConfig("gaussian_copula", rows=500_000), train_rows=ADULT_TRAIN_ROWS)

    assert many.seconds > few.seconds
    assert many.memory_bytes > few.memory_bytes
    assert dict(many.parts)["sample 500,000 rows"] > dict(few.parts)["sample 1,000 rows"]
    assert dict(many.parts)["fit"] == dict(few.parts)["fit"]  # the fit does not depend on the rows made
    assert math.isclose(many.seconds, sum(seconds for _, seconds in many.parts))


def test_ten_million_copula_rows_on_adult_warn_about_sampling(adult, adult_schema):
    config = RunConfig("gaussian_copula", rows=10_000_000)

    estimate = estimate_run(adult, adult_schema, config, train_rows=ADULT_TRAIN_ROWS)

    assert estimate.seconds > SLOW_SECONDS
    assert estimate.warnings[0].startswith("Sampling 10,000,000 rows may take about ")
    assert estimate.suggested_rows is None  # the fit is cheap; the rows are the cost
    assert 0 < estimate.suggested_synthetic_rows < 10_000_000
    smaller = estimate_run(
        adult, adult_schema, RunConfig("gaussian_copula", rows=estimate.suggested_synthetic_rows),
        train_rows=ADULT_TRAIN_ROWS,
    )  # fmt: skip
    assert smaller.warnings == ()
    assert describe_run(estimate).startswith("Estimated run: about ")
    assert "\n" not in describe_run(estimate)


def test_each_evaluation_asked_for_adds_its_part(adult, adult_schema):
    config = RunConfig("gaussian_copula")

    bare = estimate_run(adult, adult_schema, config, train_rows=ADULT_TRAIN_ROWS, evaluations=())
    full = estimate_run(
        adult, adult_schema, config, train_rows=ADULT_TRAIN_ROWS,
        evaluations=("fidelity", "privacy", "attacks", "utility", "detection"),
    )  # fmt: skip

    assert [label for label, _ in bare.parts] == ["fit", "sample 26,049 rows"]
    assert [label for label, _ in full.parts][2:] == [
        "fidelity",
        "privacy distances",
        "attacks",
        "utility",
        "detection",
    ]
    assert full.seconds > bare.seconds
    with pytest.raises(ValueError, match="privacy_distances"):
        estimate_run(adult, adult_schema, config, evaluations=("privacy_distances",))


def test_a_fit_subsample_shortens_a_costly_fit_and_is_suggested(adult, adult_schema):
    whole = estimate_run(adult, adult_schema, RunConfig("ctgan"), train_rows=ADULT_TRAIN_ROWS)
    subsample = estimate_run(
        adult, adult_schema, RunConfig("ctgan", fit_rows=whole.suggested_rows), train_rows=ADULT_TRAIN_ROWS
    )

    assert whole.warnings[0].startswith("The fit may take about ")
    assert 0 < whole.suggested_rows < ADULT_TRAIN_ROWS
    assert whole.suggested_synthetic_rows is None
    assert subsample.fit.seconds < SLOW_SECONDS < whole.fit.seconds  # the subsample is no longer costly
    assert not subsample.warnings


@pytest.mark.parametrize("name", list(generators.registry()))
def test_every_generator_declares_a_cost_model_and_its_facts(name, adult, adult_schema):
    generator_class = generators.get(name)
    small, large = (table_shape(adult, adult_schema, rows) for rows in (1_000, 100_000))
    defaults = {spec.name: spec.default for spec in generator_class.params}

    fits = [generator_class.fit_cost(shape, defaults) for shape in (small, large)]
    samples = [generator_class.sample_cost(small, defaults, rows) for rows in (1_000, 100_000)]

    for cost in fits + samples:
        assert isinstance(cost, Cost)
        assert math.isfinite(cost.seconds) and cost.seconds >= 0
        assert cost.memory_bytes >= 0
    assert fits[0].seconds > 0
    assert fits[1].seconds >= fits[0].seconds and samples[1].seconds > samples[0].seconds
    assert isinstance(generator_class.is_deep, bool)
    assert set(generator_class.key_params) <= set(defaults)
    generator_class(**generator_class.run_try_all_params())  # valid parameters


def test_deep_generators_say_so_and_cost_more_per_epoch(adult, adult_schema):
    shape = table_shape(adult, adult_schema, ADULT_TRAIN_ROWS)
    deep = [cls for cls in generators.registry().values() if cls.is_deep]

    assert {cls.name for cls in deep} >= {"ctgan", "tvae", "copulagan"}
    for generator_class in deep:
        assert "epochs" in generator_class.key_params
        assert (
            generator_class.fit_cost(shape, {"epochs": 20}).seconds
            > generator_class.fit_cost(shape, {"epochs": 10}).seconds
        )


def test_the_estimate_names_no_generator():
    source = Path(estimate_module.__file__).read_text(encoding="utf-8")
    strings = {
        token.string.strip("\"'").lower()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.STRING
    }

    assert not strings & set(generators.registry())
    assert not any(name in source for name in generators.registry() if "_" in name)
