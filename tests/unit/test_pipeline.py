"""The pipeline on Adult: SDGym's quality range, the Run manifest, reproducibility."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core.detection import infer_schema
from synth_core.errors import SchemaError
from synth_core.pipeline import Run, RunConfig, run_pipeline, sha256_of
from tests.conftest import SAMPLE_DIR

SDGYM_GAUSSIAN_COPULA_ADULT = 0.846


@pytest.fixture(scope="module")
def adult_run(adult):
    return run_pipeline(
        adult,
        schema=infer_schema(adult),
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
    schema = infer_schema(german_credit)
    config = RunConfig("gaussian_copula", seed=5, rows=300)

    first = run_pipeline(german_credit, schema=schema, config=config, data_name="g", data_sha256="x", evaluate=False)
    again = run_pipeline(german_credit, schema=schema, config=config, data_name="g", data_sha256="x", evaluate=False)

    assert first.synthetic.to_csv(index=False) == again.synthetic.to_csv(index=False)
    assert first.run.fidelity is None


def test_a_schema_that_does_not_fit_is_refused_before_fitting(german_credit):
    schema = infer_schema(german_credit).with_column("purpose", kind="numerical")

    with pytest.raises(SchemaError, match="'purpose' cannot be numerical"):
        run_pipeline(german_credit, schema=schema, config=RunConfig("gaussian_copula"), data_name="g", data_sha256="x")


def test_external_data_reproduces_the_reference_fidelity_whatever_its_column_order():
    import json

    from synth_core.pipeline import evaluate_external
    from synth_core.schema import TableSchema
    from tests.conftest import DATA_DIR

    real = pd.read_csv(DATA_DIR / "student_placements_real.csv")
    synthetic = pd.read_csv(DATA_DIR / "student_placements_synthetic.csv")
    schema = TableSchema.from_sdv_metadata(json.loads((DATA_DIR / "student_placements_metadata.json").read_text()))

    outcome = evaluate_external(real, synthetic[synthetic.columns[::-1]], schema=schema, synthetic_name="s.csv")

    fidelity = outcome.run.fidelity
    assert (round(fidelity.overall, 4), round(fidelity.column_shapes, 4), round(fidelity.column_pair_trends, 4)) == (
        0.7767,
        0.8511,
        0.7023,
    )
    assert outcome.run.kind == "external"
    assert list(outcome.synthetic.columns) == list(real.columns)


def test_external_data_with_missing_and_extra_columns_is_refused_naming_them(german_credit):
    from synth_core.pipeline import evaluate_external

    synthetic = german_credit.drop(columns=["job"]).assign(bonus=1)

    with pytest.raises(SchemaError) as caught:
        evaluate_external(german_credit, synthetic, schema=infer_schema(german_credit), synthetic_name="x.csv")

    assert "lacks the real column(s) 'job'" in str(caught.value)
    assert "'bonus'" in str(caught.value)


def test_try_all_keeps_going_when_one_generator_fails(german_credit, monkeypatch):
    from synth_core import generators
    from synth_core.pipeline import try_all_generators

    small = german_credit.head(200)
    broken = generators.get("tvae")

    def fail(self, train, schema, progress):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(broken, "_fit", fail)
    for generator_class in generators.registry().values():
        if generator_class.is_deep:
            monkeypatch.setattr(generator_class, "try_all_params", {"epochs": 1, "batch_size": 200})

    outcomes, failures = try_all_generators(small, schema=infer_schema(small))

    assert [failure.generator for failure in failures] == ["tvae"]
    assert "RuntimeError: out of memory" in failures[0].error
    assert {o.run.config.generator for o in outcomes} == set(generators.registry()) - {"tvae"}
    assert len({o.run.fingerprint for o in outcomes} | {failures[0].fingerprint}) == 1


def test_fingerprint_changes_with_the_schema_and_split(german_credit):
    from synth_core.runs import run_fingerprint

    schema = infer_schema(german_credit)
    base = run_fingerprint("abc", schema, holdout_share=0.2, split_seed=0)

    assert base == run_fingerprint("abc", schema, holdout_share=0.2, split_seed=0)
    assert base != run_fingerprint("abc", schema.with_column("job", role="ignore"), holdout_share=0.2, split_seed=0)
    assert base != run_fingerprint("abc", schema, holdout_share=0.3, split_seed=0)
    assert base != run_fingerprint("abd", schema, holdout_share=0.2, split_seed=0)
