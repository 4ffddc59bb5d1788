"""The pipeline on Adult: SDGym's quality range, the Run manifest, reproducibility."""

from __future__ import annotations

import pytest

from synth_core.errors import SchemaError
from synth_core.pipeline import Run, RunConfig, run_pipeline, sha256_of
from synth_core.schema import infer
from tests.conftest import SAMPLE_DIR

SDGYM_GAUSSIAN_COPULA_ADULT = 0.846


@pytest.fixture(scope="module")
def adult_run(adult):
    return run_pipeline(
        adult,
        schema=infer(adult),
        config=RunConfig("gaussian_copula"),
        data_name="adult.csv",
        data_sha256=sha256_of((SAMPLE_DIR / "adult.csv").read_bytes()),
    )


def test_gaussian_copula_on_adult_is_within_sdgyms_range(adult_run):
    fidelity = adult_run.run.fidelity

    assert fidelity.overall == pytest.approx(SDGYM_GAUSSIAN_COPULA_ADULT, abs=0.03)
    assert fidelity.diagnostic > 0.99


def test_run_records_split_rows_timings_and_versions(adult_run):
    run = adult_run.run

    assert (run.real_rows, run.train_rows, run.holdout_rows) == (32561, 26049, 6512)
    assert run.synthetic_rows == len(adult_run.synthetic) == 26049
    assert set(run.timings) == {"split", "fit", "sample", "fidelity"}
    assert run.versions["sdv"].startswith("2.0")
    assert len(run.data_sha256) == 64
    assert list(adult_run.synthetic.columns) == list(adult_run.split.train.columns)


def test_run_manifest_round_trips(adult_run):
    restored = Run.from_json(adult_run.run.to_json())

    assert restored == adult_run.run


def test_same_config_same_bytes(german_credit):
    schema = infer(german_credit)
    config = RunConfig("gaussian_copula", seed=5, rows=300)

    first = run_pipeline(german_credit, schema=schema, config=config, data_name="g", data_sha256="x", evaluate=False)
    again = run_pipeline(german_credit, schema=schema, config=config, data_name="g", data_sha256="x", evaluate=False)

    assert first.synthetic.to_csv(index=False) == again.synthetic.to_csv(index=False)
    assert first.run.fidelity is None


def test_a_schema_that_does_not_fit_is_refused_before_fitting(german_credit):
    schema = infer(german_credit).with_column("purpose", kind="numerical")

    with pytest.raises(SchemaError, match="'purpose' cannot be numerical"):
        run_pipeline(german_credit, schema=schema, config=RunConfig("gaussian_copula"), data_name="g", data_sha256="x")
