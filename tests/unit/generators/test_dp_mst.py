"""The differentially private MST generator and its declared domain, on a 2,000-row slice of Adult.

The fits are shared (module fixtures) to keep the file near a minute on 2 cores: one at ε = 10 and one at
ε = 0.5 with the shipped Adult domain, one GaussianCopula reference, one with undeclared columns.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest

from synth_core.cli import main as cli_main
from synth_core.detection import infer_schema
from synth_core.dp_domain import ColumnDomain, DeclaredDomain, DomainError, outside_domain, sample_domain
from synth_core.evaluation.fidelity import calculate_fidelity
from synth_core.evaluation.privacy import calculate_distance_privacy
from synth_core.evaluation.verdict import PrivacyThresholds, decide_verdict
from synth_core.generators import get
from synth_core.generators.dp_mst import plan_budget
from synth_core.pipeline import RunConfig, run_pipeline
from synth_core.report import build_report
from synth_core.runs import Run, RunOutcome
from synth_core.split import train_holdout

COLUMNS = ["age", "workclass", "education", "marital-status", "sex", "hours-per-week", "income"]
FAST = {"iterations": 500, "secure_noise": False}  # seeded noise: these tests need the same rows for a seed


@pytest.fixture(scope="module")
def slice_(adult):
    frame = adult.sample(2000, random_state=0).reset_index(drop=True)[COLUMNS]
    return frame, infer_schema(frame), train_holdout(frame, holdout_share=0.2, seed=0)


@pytest.fixture(scope="module")
def domain() -> DeclaredDomain:
    shipped = sample_domain("adult")
    return DeclaredDomain(columns=tuple(c for c in shipped.columns if c.name in COLUMNS), source=shipped.source)


def _fit_sample(name, split, schema, seed=1, **kwargs):
    generator = get(name)(**kwargs).fit(split.train, schema=schema, seed=seed)
    return generator, generator.sample(len(split.train), seed=2)


@pytest.fixture(scope="module")
def at_10(slice_, domain):
    _, schema, split = slice_
    return _fit_sample("dp_mst", split, schema, domain=domain, epsilon=10, **FAST)


@pytest.fixture(scope="module")
def at_half(slice_, domain):
    _, schema, split = slice_
    return _fit_sample("dp_mst", split, schema, domain=domain, epsilon=0.5, **FAST)


@pytest.fixture(scope="module")
def copula(slice_):
    _, schema, split = slice_
    return _fit_sample("gaussian_copula", split, schema)


# --- The declared domain -----------------------------------------------------------------------------


def test_shipped_adult_domain_round_trips_and_fits_the_full_schema(adult):
    shipped = sample_domain("adult")

    again = DeclaredDomain.from_json(shipped.to_json())

    assert again == shipped
    assert shipped.problems(infer_schema(adult)) == []
    assert shipped.undeclared(infer_schema(adult)) == []
    assert outside_domain(adult, shipped, infer_schema(adult)) == {}  # the public domain holds every real value
    assert "UCI" in shipped.source


def test_domain_problems_name_each_column_and_say_what_to_do(slice_):
    _, schema, _ = slice_
    bad = DeclaredDomain(
        columns=(
            ColumnDomain("age", categories=("young", "old")),
            ColumnDomain("hours-per-week", lower=99, upper=1),
            ColumnDomain("sex", lower=0, upper=1),
            ColumnDomain("salary", lower=0, upper=10),
            ColumnDomain("income"),
            ColumnDomain("education", categories=("HS-grad", "HS-grad")),
        )
    )

    with pytest.raises(DomainError) as raised:
        bad.validate(schema)

    message = str(raised.value)
    assert "'age' is numerical: declare its lower and upper bounds instead of categories" in message
    assert "'hours-per-week': the lower bound (99) must be below the upper bound (1)" in message
    assert "'sex' is categorical: declare its categories instead of bounds" in message
    assert "'salary' is not a column of the data" in message
    assert "'income': declare its categories, or its lower and upper bounds" in message
    assert "'education' lists a category more than once" in message


def test_malformed_domain_json_is_a_clear_error():
    with pytest.raises(DomainError, match="not valid JSON"):
        DeclaredDomain.from_json("{columns: ")
    with pytest.raises(DomainError, match="'age': unknown field\\(s\\) low"):
        DeclaredDomain.from_dict({"columns": {"age": {"low": 1, "upper": 3}}})


def test_outside_domain_counts_values_for_the_data_holder(slice_):
    frame, schema, _ = slice_
    narrow = DeclaredDomain(
        columns=(ColumnDomain("age", lower=20, upper=60), ColumnDomain("sex", categories=("Male",)))
    )

    counts = outside_domain(frame, narrow, schema)

    assert counts == {
        "age": int(((frame["age"] < 20) | (frame["age"] > 60)).sum()),
        "sex": int((frame["sex"] != "Male").sum()),
    }


# --- Nothing is learnt from the data when the domain is declared ---------------------------------------


def test_output_stays_in_a_declared_domain_narrower_than_the_data(slice_):
    _, schema, split = slice_
    narrow = DeclaredDomain(
        columns=(
            ColumnDomain("age", lower=25, upper=60),
            ColumnDomain("hours-per-week", lower=20, upper=50),
            ColumnDomain("education", categories=("HS-grad", "Bachelors", "Doctorate-in-magic"), missing=True),
            ColumnDomain("workclass", categories=("Private",)),  # real missing values: their rows are left out
        )
    )
    generator = get("dp_mst")(domain=narrow, epsilon=10, **FAST).fit(split.train, schema=schema, seed=3)

    sample = generator.sample(3000, seed=4)

    assert sample["age"].between(25, 60).all() and sample["hours-per-week"].between(20, 50).all()
    assert set(sample["education"].dropna()) <= {"HS-grad", "Bachelors", "Doctorate-in-magic"}
    assert sample["education"].isna().mean() > 0.3  # other real levels became missing, as documented
    assert set(sample["workclass"].unique()) == {"Private"}
    assert generator.budget.undeclared == ("marital-status", "sex", "income")  # the rest is paid for
    assert generator.budget.domain_epsilon == pytest.approx(1.0)  # 10% of ε = 10


def test_undeclared_columns_are_paid_for_out_of_epsilon(slice_):
    _, schema, _ = slice_
    budget = plan_budget(schema, None, epsilon=2.0, delta=1e-6, domain_share=0.1)

    assert budget.undeclared == tuple(COLUMNS)
    assert budget.domain_epsilon == pytest.approx(0.2) and budget.model_epsilon == pytest.approx(1.8)
    assert "0.2 to learn the domain of 7 undeclared column(s)" in budget.describe()
    assert "1.8 for MST" in budget.describe()


def test_a_fully_declared_domain_spends_all_of_epsilon_on_the_model(at_10):
    generator, sample = at_10

    assert generator.budget.undeclared == () and generator.budget.model_epsilon == 10
    assert set(sample["sex"].dropna()) <= {"Female", "Male"}
    assert sample["age"].between(17, 90).all()
    assert "every modelled column's domain was declared" in generator.run_notes()[0]


# --- Fidelity and privacy against GaussianCopula --------------------------------------------------------


def test_fidelity_at_epsilon_10_beats_epsilon_half(at_10, at_half, slice_):
    _, schema, split = slice_

    high = calculate_fidelity(split.train, at_10[1], schema=schema)
    low = calculate_fidelity(split.train, at_half[1], schema=schema)

    assert high.overall > low.overall
    assert 0.85 <= high.overall <= 1.0


def test_column_pair_trends_at_epsilon_10_within_a_tenth_of_gaussian_copula(at_10, copula, slice_):
    _, schema, split = slice_

    dp = calculate_fidelity(split.train, at_10[1], schema=schema).column_pair_trends
    reference = calculate_fidelity(split.train, copula[1], schema=schema).column_pair_trends

    assert dp >= reference - 0.10


def test_privacy_verdict_at_epsilon_half_is_no_worse_than_gaussian_copula(at_half, copula, slice_):
    _, schema, split = slice_

    def verdict(synthetic, *, differentially_private):
        distances, _ = calculate_distance_privacy(split.train, split.holdout, synthetic, schema=schema)
        return decide_verdict(distances, (), PrivacyThresholds(), differentially_private=differentially_private)

    dp = verdict(at_half[1], differentially_private=True)
    assert dp.level <= verdict(copula[1], differentially_private=False).level
    # Any rare value MST repeats is reported, and read as the noisy draw from a declared domain it is.
    assert dp.part("rare values").level.label == "low"


# --- Reproducibility, CLI and report ---------------------------------------------------------------------


def test_same_seed_same_bytes_other_sample_seed_other_rows(at_10, slice_, domain):
    generator, first = at_10
    _, schema, split = slice_

    again = get("dp_mst")(domain=domain, epsilon=10, **FAST).fit(split.train, schema=schema, seed=1)

    assert again.sample(len(split.train), seed=2).to_csv(index=False) == first.to_csv(index=False)
    assert generator.sample(len(split.train), seed=3).to_csv(index=False) != first.to_csv(index=False)


def test_cli_generate_and_reproduce_a_dp_run_with_its_domain_and_report(tmp_path, slice_, domain):
    frame, _, _ = slice_
    data, domain_file = tmp_path / "adult.csv", tmp_path / "domain.json"
    frame.head(800).to_csv(data, index=False)
    domain_file.write_text(domain.to_json())
    common = ["--param", "epsilon=1", "--param", "iterations=300", "--param", "secure_noise=false"]
    common += ["--rows", "300", "--seed", "5"]

    first = cli_main(
        [
            "generate",
            str(data),
            "--generator",
            "dp_mst",
            *common,
            "--domain",
            str(domain_file),
            "--out",
            str(tmp_path / "a"),
        ]
    )
    again = cli_main(["reproduce", str(tmp_path / "a" / "run.json"), "--data", str(data), "--out", str(tmp_path / "b")])

    manifest = json.loads((tmp_path / "a" / "run.json").read_text())
    assert (first, again) == (0, 0)
    assert (tmp_path / "a" / "synthetic.csv").read_bytes() == (tmp_path / "b" / "synthetic.csv").read_bytes()
    assert manifest["config"]["domain"] == domain.to_dict()
    assert any("ε = 1 in all, spent on MST" in note for note in manifest["notes"])


def test_cli_rejects_a_domain_that_does_not_fit_the_data(tmp_path, slice_, capsys):
    frame, _, _ = slice_
    data, domain_file = tmp_path / "adult.csv", tmp_path / "domain.json"
    frame.head(200).to_csv(data, index=False)
    domain_file.write_text(json.dumps({"columns": {"age": {"categories": ["young"]}}}))

    code = cli_main(
        ["generate", str(data), "--generator", "dp_mst", "--domain", str(domain_file), "--out", str(tmp_path / "a")]
    )

    assert code == 4
    assert "'age' is numerical: declare its lower and upper bounds" in capsys.readouterr().err


def test_report_states_the_guarantee_and_its_parameters(at_10, slice_, domain):
    generator, synthetic = at_10
    _, schema, split = slice_
    config = RunConfig("dp_mst", params={"epsilon": 10, **FAST}, seed=1, domain=domain.to_dict())
    run = Run(
        run_id="dp", created_at="", data_name="adult.csv", data_sha256="", config=config,
        generator_label=generator.label, schema=schema, real_rows=2000, train_rows=len(split.train),
        holdout_rows=len(split.holdout), synthetic_rows=len(synthetic), timings={}, versions={},
        notes=generator.run_notes(),
    )  # fmt: skip

    report = build_report(RunOutcome(run=run, synthetic=synthetic, split=split, generator=generator))

    assert "<h2>Privacy guarantee</h2>" in report
    assert "(ε, δ)-differential privacy for the training rows with ε = 10, δ = 1e-06" in report
    assert "number of training rows is treated as public" in report
    assert "the holdout rows are not used" in report and "source: UCI Adult documentation" in report
    assert "ε = 10 in all, spent on MST" in report
    assert "500 estimation iterations" in report and "seed stays secret" in report
    other = replace(run, config=RunConfig("independent_columns"), notes=())
    assert "Privacy guarantee" not in build_report(RunOutcome(run=other, synthetic=synthetic, split=split))


def test_other_generators_ignore_a_declared_domain_and_say_so(slice_, domain):
    frame, schema, _ = slice_
    config = RunConfig("independent_columns", rows=50, domain=domain.to_dict())

    outcome = run_pipeline(frame.head(300), schema=schema, config=config, evaluate=False)

    assert any("does not use the declared domain" in note for note in outcome.run.notes)
    assert pd.notna(outcome.synthetic["age"]).all()


def test_secure_noise_does_not_rest_on_the_seed(slice_, domain):
    frame, _, _ = slice_
    small = frame[["age", "sex", "income"]].head(500)
    schema = infer_schema(small)
    kept = DeclaredDomain(columns=tuple(c for c in domain.columns if c.name in small.columns))

    def fit_sample():
        generator = get("dp_mst")(domain=kept, epsilon=1, iterations=100, secure_noise=True)
        generator.fit(small, schema=schema, seed=9)
        return generator.sample(300, seed=9), generator.run_notes()

    (first, notes), (second, _) = fit_sample(), fit_sample()

    assert first.to_csv(index=False) != second.to_csv(index=False)  # the same seed, other noise
    assert set(first["sex"]) <= {"Female", "Male"} and first["age"].between(17, 90).all()
    assert any("reproducing this run gives other rows" in note for note in notes)
