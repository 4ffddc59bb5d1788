"""The fit estimate warns about costly fits before they start, and the pipeline can fit on a labelled subsample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synth_core.estimate import SLOW_SECONDS, describe, estimate_fit
from synth_core.pipeline import RunConfig, run_pipeline
from synth_core.runs import Run
from synth_core.schema import ColumnKind, ColumnRole, infer


@pytest.fixture(scope="module")
def adult_slice(adult) -> pd.DataFrame:
    return adult.sample(1_000, random_state=0).reset_index(drop=True)


def test_a_copula_on_adult_is_cheap(adult):
    schema = infer(adult.head(2_000))

    estimate = estimate_fit(adult, schema, "gaussian_copula", rows=26_049)

    assert 1 < estimate.seconds < 15  # measured: 3.8 s on 2 cores
    assert estimate.warnings == ()
    assert estimate.suggested_rows is None
    assert describe(estimate).startswith("Estimated fit: about ")


def test_dp_mst_on_adult_costs_about_a_minute_and_two_gigabytes(adult):
    schema = infer(adult.head(2_000))

    estimate = estimate_fit(adult, schema, "dp_mst", rows=26_049)

    assert 30 < estimate.seconds < 120  # measured by benchmarks/dp.py: 48 to 68 s on 2 cores
    assert 1.5 * 2**30 < estimate.memory_bytes < 4 * 2**30  # measured: 2.1 to 2.6 GiB


def test_ctgan_on_adult_with_default_epochs_is_flagged_as_slow(adult):
    schema = infer(adult.head(2_000))

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
    schema = infer(frame.head(5_000))
    schema = schema.with_column("order", kind=ColumnKind.CATEGORICAL, role=ColumnRole.FEATURE)  # a user override

    estimate = estimate_fit(frame, schema, "ctgan", {"epochs": 10}, memory_limit=2**30)

    assert estimate.encoded_width > 50_000
    assert any("'order' has 50,000 distinct values" in warning for warning in estimate.warnings)
    assert any("memory" in warning for warning in estimate.warnings)
    assert estimate.suggested_rows * estimate.encoded_width * 24 <= 2**30


def test_the_pipeline_fits_on_a_seeded_subsample_and_says_so(adult_slice):
    schema = infer(adult_slice)
    config = RunConfig("gaussian_copula", seed=3, holdout_share=0.2, fit_rows=300)

    outcome = run_pipeline(adult_slice, schema=schema, config=config)

    assert outcome.run.train_rows == 800
    assert len(outcome.synthetic) == 800  # as many as the training rows, not the subsample
    assert "random subsample of 300 of the 800 training rows" in outcome.run.notes[0]
    restored = Run.from_dict(outcome.run.to_dict())
    assert restored.config.fit_rows == 300
    again = run_pipeline(adult_slice, schema=schema, config=config)
    assert again.synthetic.equals(outcome.synthetic)
