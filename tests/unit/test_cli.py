"""The `synth-studio app` command passes the project's settings explicitly."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from synth_core.cli import APP_FILE, app_command, build_parser, streamlit_settings
from synth_core.metrics import METRIC_KEYS
from tests.conftest import DATA_DIR, SAMPLE_DIR


def test_settings_come_from_the_project_config():
    settings = streamlit_settings()

    assert settings["server.maxUploadSize"] == 500
    assert settings["browser.gatherUsageStats"] is False
    assert settings["client.showErrorDetails"] == "none"
    assert "theme.primaryColor" in settings


def test_app_command_runs_the_dashboard_with_every_setting():
    command = app_command(port=8765, max_upload_mb=2048, address="127.0.0.1")

    assert command[:5] == [sys.executable, "-m", "streamlit", "run", str(APP_FILE)]
    assert "--server.maxUploadSize=2048" in command
    assert "--server.port=8765" in command
    assert "--browser.gatherUsageStats=false" in command
    assert APP_FILE.is_file()


def test_help_works_from_any_directory(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "synth_core.cli", "app", "--help"], cwd=tmp_path, capture_output=True, text=True
    )

    assert result.returncode == 0
    assert "--max-upload-mb" in result.stdout
    assert build_parser().prog == "synth-studio"


def _run(*argv: str) -> int:
    from synth_core.cli import main

    return main(list(argv))


@pytest.mark.parametrize(("generator", "params"), [("gaussian_copula", []), ("ctgan", ["--param", "epochs=2"])])
def test_reproduce_gives_byte_identical_csv(tmp_path, generator, params):
    data = tmp_path / "credit.csv"
    pd.read_csv(SAMPLE_DIR / "german_credit.csv").head(400).to_csv(data, index=False)

    first = _run(
        "generate",
        str(data),
        "--generator",
        generator,
        *params,
        "--rows",
        "150",
        "--seed",
        "4",
        "--out",
        str(tmp_path / "a"),
    )
    again = _run("reproduce", str(tmp_path / "a" / "run.json"), "--data", str(data), "--out", str(tmp_path / "b"))

    assert (first, again) == (0, 0)
    assert (tmp_path / "a" / "synthetic.csv").read_bytes() == (tmp_path / "b" / "synthetic.csv").read_bytes()
    manifest = json.loads((tmp_path / "a" / "run.json").read_text())
    assert manifest["config"]["generator"] == generator


def test_reproduce_refuses_other_data(tmp_path):
    data = tmp_path / "credit.csv"
    pd.read_csv(SAMPLE_DIR / "german_credit.csv").head(200).to_csv(data, index=False)
    _run("generate", str(data), "--rows", "20", "--out", str(tmp_path / "a"))
    other = tmp_path / "other.csv"
    pd.read_csv(SAMPLE_DIR / "german_credit.csv").head(201).to_csv(other, index=False)

    assert _run("reproduce", str(tmp_path / "a" / "run.json"), "--data", str(other), "--out", str(tmp_path / "b")) == 3


def test_evaluate_writes_the_reference_fidelity_and_explains_nulls(tmp_path):
    code = _run(
        "evaluate",
        str(DATA_DIR / "student_placements_real.csv"),
        str(DATA_DIR / "student_placements_synthetic.csv"),
        "--metadata",
        str(DATA_DIR / "student_placements_metadata.json"),
        "--out",
        str(tmp_path),
    )

    result = json.loads((tmp_path / "metrics.json").read_text())
    assert code == 0
    assert set(result["metrics"]) == set(METRIC_KEYS)
    assert round(result["metrics"]["fidelity.overall"], 4) == 0.7767
    assert result["metrics"]["privacy.verdict"] is None
    assert "--holdout" in result["reasons"]["privacy.verdict"]


def test_evaluate_with_a_holdout_computes_privacy_and_utility(tmp_path):
    real = pd.read_csv(SAMPLE_DIR / "german_credit.csv")
    (tmp_path / "train.csv").write_text(real.iloc[:700].to_csv(index=False))
    (tmp_path / "holdout.csv").write_text(real.iloc[700:].to_csv(index=False))
    (tmp_path / "copy.csv").write_text(real.iloc[:700].to_csv(index=False))  # a copy: must read high

    code = _run(
        "evaluate", str(tmp_path / "train.csv"), str(tmp_path / "copy.csv"),
        "--holdout", str(tmp_path / "holdout.csv"), "--target", "credit_risk", "--out", str(tmp_path / "out"),
    )  # fmt: skip

    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())["metrics"]
    assert code == 0
    assert metrics["privacy.verdict"] == "high"
    assert metrics["privacy.exact_copies_share"] == 1.0
    assert 0.97 <= metrics["utility.tstr_trtr_ratio"] <= 1.03


def test_bad_parameters_exit_with_a_message(tmp_path, capsys):
    data = tmp_path / "credit.csv"
    pd.read_csv(SAMPLE_DIR / "german_credit.csv").head(100).to_csv(data, index=False)

    code = _run("generate", str(data), "--generator", "ctgan", "--param", "epochs=zero", "--out", str(tmp_path / "a"))

    assert code == 4
    assert "'epochs' must be a whole number; got 'zero'" in capsys.readouterr().err


def test_list_shows_every_generator(capsys):
    assert _run("list") == 0

    listed = capsys.readouterr().out
    assert "gaussian_copula" in listed and "--param epochs=300" in listed


def test_large_outputs_stream_in_chunks_with_unique_keys_and_reproduce(tmp_path, monkeypatch):
    monkeypatch.setattr("synth_core.pipeline.STREAM_CHUNK_ROWS", 40)
    data = tmp_path / "students.csv"
    pd.read_csv(DATA_DIR / "student_placements_real.csv").to_csv(data, index=False)

    first = _run("generate", str(data), "--rows", "130", "--seed", "2", "--out", str(tmp_path / "a"))
    again = _run("reproduce", str(tmp_path / "a" / "run.json"), "--data", str(data), "--out", str(tmp_path / "b"))

    written = pd.read_csv(tmp_path / "a" / "synthetic.csv")
    assert (first, again) == (0, 0)
    assert len(written) == 130 and written["student_id"].is_unique
    assert (tmp_path / "a" / "synthetic.csv").read_bytes() == (tmp_path / "b" / "synthetic.csv").read_bytes()
    assert "chunks of 40 rows" in json.loads((tmp_path / "a" / "run.json").read_text())["notes"][0]


def test_rules_prints_suggestions_that_generate_then_enforces(tmp_path, capsys):
    from synth_core.rules import InequalityRule, rule_compliance, rules_from_dicts

    start = pd.Series(range(200)) % 37
    data = tmp_path / "spans.csv"
    pd.DataFrame({"start": start, "end": start + (pd.Series(range(200)) * 7) % 23 + 1}).to_csv(data, index=False)

    assert _run("rules", str(data)) == 0
    printed = json.loads(capsys.readouterr().out)
    assert InequalityRule("start", "end").to_dict() in printed
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(json.dumps(printed))

    code = _run("generate", str(data), "--rules", str(rules_file), "--rows", "150", "--out", str(tmp_path / "a"))

    assert code == 0
    manifest = json.loads((tmp_path / "a" / "run.json").read_text())
    assert manifest["config"]["rules"] == printed
    synthetic = pd.read_csv(tmp_path / "a" / "synthetic.csv")
    assert all(check.share == 1.0 for check in rule_compliance(synthetic, rules_from_dicts(printed)))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[{", "is not valid JSON"),
        ('{"kind": "inequality"}', "does not hold a list of rules"),
        ('[{"kind": "sometimes", "low": "start"}]', "rule 1: Unknown rule kind 'sometimes'"),
        ('[{"kind": "if_in_set", "if_column": "start"}]', "rule 1 (if_in_set) lacks the field 'if_values'"),
        ('[{"kind": "inequality", "low": "start", "high": "finish"}]', "'finish' is not modelled"),
        ('[{"kind": "inequality", "low": "end", "high": "start"}]', "real row(s) break it"),
    ],
)
def test_a_bad_rules_file_is_named_with_its_problem(tmp_path, capsys, content, message):
    data = tmp_path / "spans.csv"
    pd.DataFrame({"start": [1.5, 2.5, 3.5, 4.5], "end": [2.25, 3.75, 5.1, 9.3]}).to_csv(data, index=False)
    rules_file = tmp_path / "my rules.json"
    rules_file.write_text(content)

    code = _run("generate", str(data), "--rules", str(rules_file), "--out", str(tmp_path / "a"))

    error = capsys.readouterr().err
    assert code == 4
    assert f"'{rules_file}'" in error and message in error
    assert not (tmp_path / "a").exists()  # checked before anything is fitted or written


def test_a_missing_rules_file_is_named(tmp_path, capsys):
    data = tmp_path / "spans.csv"
    pd.DataFrame({"start": [1, 2], "end": [2, 3]}).to_csv(data, index=False)

    code = _run("generate", str(data), "--rules", str(tmp_path / "nope.json"), "--out", str(tmp_path / "a"))

    assert code == 4
    assert f"Cannot read the rules file '{tmp_path / 'nope.json'}'" in capsys.readouterr().err


def _adult_slice(tmp_path, rows: int = 1500):
    data = tmp_path / "adult.csv"
    pd.read_csv(SAMPLE_DIR / "adult.csv").head(rows).to_csv(data, index=False)
    return data


def test_generate_with_conditions_makes_exactly_those_rows_and_reproduces(tmp_path):
    data = _adult_slice(tmp_path)
    (tmp_path / "more.json").write_text('[{"values": {"race": "Black"}, "rows": 20}]')

    code = _run(
        "generate", str(data), "--condition", "income=>50K,sex=Female:60", "--conditions", str(tmp_path / "more.json"),
        "--out", str(tmp_path / "a"),
    )  # fmt: skip
    again = _run("reproduce", str(tmp_path / "a" / "run.json"), "--data", str(data), "--out", str(tmp_path / "b"))

    synthetic = pd.read_csv(tmp_path / "a" / "synthetic.csv")
    manifest = json.loads((tmp_path / "a" / "run.json").read_text())
    assert (code, again) == (0, 0)
    assert len(synthetic) == 80
    from_file, from_flag = synthetic.iloc[:20], synthetic.iloc[20:]  # one block per condition: the file's first
    assert (from_file["race"] == "Black").all()
    assert ((from_flag["income"] == ">50K") & (from_flag["sex"] == "Female")).all()
    assert manifest["config"]["conditions"][1] == {"values": {"income": ">50K", "sex": "Female"}, "rows": 60}
    assert (tmp_path / "a" / "synthetic.csv").read_bytes() == (tmp_path / "b" / "synthetic.csv").read_bytes()


@pytest.mark.parametrize(("rebalance", "females"), [("sex", 100), ("sex=Male:30%,Female:70%", 140)])
def test_generate_rebalanced_gives_the_shares(tmp_path, rebalance, females):
    data = _adult_slice(tmp_path)

    code = _run("generate", str(data), "--rebalance", rebalance, "--rows", "200", "--out", str(tmp_path / "a"))

    synthetic = pd.read_csv(tmp_path / "a" / "synthetic.csv")
    manifest = json.loads((tmp_path / "a" / "run.json").read_text())
    assert code == 0
    assert len(synthetic) == 200
    assert (synthetic["sex"] == "Female").sum() == females
    assert manifest["config"]["rebalance"]["column"] == "sex"
    assert any("Rebalanced" in note for note in manifest["notes"])


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--condition", "sex=Femme:10"], "'Femme' never appears in 'sex'"),
        (["--condition", "sex=Female"], "'sex=Female' has no row count"),
        (["--rebalance", "sex=Male:0.5,Other:0.5"], "'Other' never appears in 'sex'"),
        (["--rebalance", "gender"], "'gender', which is not a column"),
        (["--rebalance", "sex", "--condition", "sex=Female:5"], "either conditions or --rebalance"),
        (["--generator", "copy_rows", "--rebalance", "sex"], "cannot sample with conditions"),
    ],
)
def test_bad_conditions_exit_with_a_message_naming_the_value(tmp_path, capsys, flags, message):
    data = _adult_slice(tmp_path, rows=300)

    code = _run("generate", str(data), *flags, "--rows", "20", "--out", str(tmp_path / "a"))

    assert code == 4
    assert message in capsys.readouterr().err
