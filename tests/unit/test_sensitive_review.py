"""The whole review on the sensitive corpus: generate with the report, as a user of the command line would.

Each file is generated once (Gaussian copula, the default) with `--report`; the tests then read what a person
would read: the synthetic rows, `metrics.json` and `report.html`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from synth_core.cli import main
from synth_core.io import read_table
from tests.data.sensitive.make_corpus import EXPECTED, LEAKAGE_COLUMNS

CORPUS = Path(__file__).resolve().parents[1] / "data" / "sensitive"
# Real values of these types name one person or one record; none may appear in the synthetic rows.
IDENTIFYING_TYPES = {"name", "email", "phone_number", "date_of_birth"}


def _identifying_columns(file: str) -> list[str]:
    expected = EXPECTED[file]
    return [
        name
        for name, outcome in expected.items()
        if outcome["pii_type"] in IDENTIFYING_TYPES or (outcome["role"] == "key" and outcome["kind"] == "id")
    ]


@pytest.fixture(scope="module")
def generate(tmp_path_factory):
    """Generate each file once, with the report, however many tests read it."""
    done: dict[str, Path] = {}

    def outputs(file: str) -> Path:
        if file not in done:
            out = tmp_path_factory.mktemp(file.removesuffix(".csv"))
            assert main(["generate", str(CORPUS / file), "--out", str(out), "--report", "--seed", "3"]) == 0
            done[file] = out
        return done[file]

    return outputs


@pytest.fixture(params=sorted(EXPECTED))
def generated(request, generate) -> tuple[str, Path]:
    return request.param, generate(request.param)


def test_no_real_identifying_value_appears_in_the_synthetic_rows(generated):
    file, out = generated
    real = read_table(CORPUS / file).frame
    synthetic = pd.read_csv(out / "synthetic.csv", dtype=str, keep_default_na=False)
    every_synthetic_value = set(synthetic.to_numpy().ravel().tolist())
    for column in _identifying_columns(file):
        real_values = set(real[column].dropna().astype(str)) - {""}
        if column in ("id", "Id", "row"):  # plain row numbers 1..n are regenerated as 1..n: not a person's value
            continue
        leaked = real_values & every_synthetic_value
        assert not leaked, f"{file}: real values of '{column}' appear in the synthetic rows: {sorted(leaked)[:5]}"


def test_the_report_and_metrics_never_pass_personal_data_that_is_learnt(generated):
    file, out = generated
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    report = (out / "report.html").read_text(encoding="utf-8")
    values = metrics["metrics"]
    summary = values["review.summary"]
    assert set(summary) == {"fidelity", "utility", "privacy", "personal_data"}
    assert set(summary.values()) <= {"pass", "needs_review", "fail", "not_checked"}
    personal = [name for name, outcome in EXPECTED[file].items() if outcome["kind"] == "personal"]
    assert sorted(values["personal_data.columns"]) == sorted(personal)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    learnt = [c["name"] for c in run["schema"]["columns"] if c["kind"] == "personal" and c["role"] != "ignore"]
    assert sorted(learnt) == sorted(personal)  # detected and therefore replaced, never learnt
    # The line the report prints and the state metrics.json holds are one decision.
    state = summary["personal_data"]
    assert f"Personal data: {state.replace('_', ' ')}." in report


def test_leakage_makes_utility_not_meaningful(generate):
    out = generate("leakage.csv")
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    report = (out / "report.html").read_text(encoding="utf-8")
    assert sorted(metrics["metrics"]["utility.leakage_columns"]) == sorted(LEAKAGE_COLUMNS)
    assert metrics["metrics"]["review.summary"]["utility"] == "needs_review"
    assert "utility not meaningful: target leakage through" in report.lower()
    for column in LEAKAGE_COLUMNS:
        assert f"&#x27;{column}&#x27;" in report or f"'{column}'" in report


def test_housing_target_is_sale_price(generate):
    out = generate("housing.csv")
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    target = [c["name"] for c in run["schema"]["columns"] if c["role"] == "target"]
    assert target == ["SalePrice"]
    assert metrics["metrics"]["utility.tstr_trtr_ratio"] is not None


@pytest.fixture(scope="module")
def first_names_learnt():
    """The 2,000-name table with its first names learnt as a category, as the app once learnt them."""
    from synth_core.detection import infer_schema

    frame = read_table(CORPUS / "first_names_2000.csv").frame
    schema = infer_schema(frame).with_column("given", kind="categorical")
    return frame, schema


@pytest.mark.parametrize("rare_k", [5, 0])
def test_rare_first_names_are_protected_or_the_verdict_says_so(first_names_learnt, rare_k):
    from synth_core.evaluation.verdict import RiskLevel
    from synth_core.pipeline import RunConfig, review_privacy, run_pipeline

    frame, schema = first_names_learnt
    config = RunConfig(generator="independent_columns", seed=1, rare_k=rare_k)
    outcome = run_pipeline(frame, schema=schema, config=config, evaluate=False)
    reviewed, _ = review_privacy(outcome)
    counts = outcome.split.train["given"].value_counts()
    rare = set(counts[counts < 5].index)
    repeated = rare & set(outcome.synthetic["given"].dropna())
    verdict = reviewed.run.privacy.verdict

    assert len(rare) > 1000  # most of the 2,000 names are seen fewer than 5 times
    if rare_k:
        assert not repeated
        assert verdict.part("rare values").level is RiskLevel.LOW
    else:
        assert len(repeated) > len(rare) / 2
        assert verdict.part("rare values").level is RiskLevel.HIGH
        assert verdict.level is not RiskLevel.LOW
    # Learnt as a category, the names are real people's either way: the personal-data part says so.
    assert verdict.part("personal data").level is RiskLevel.HIGH
