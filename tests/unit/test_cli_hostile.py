"""`synth-studio reproduce` refuses bad manifests and bundles with exit code 4 and a message, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from synth_core.cli import EXIT_BAD_INPUT, EXIT_OK, main
from tests.conftest import DATA_DIR, ROOT, SAMPLE_DIR

HOSTILE = DATA_DIR / "hostile"
TABLE = HOSTILE / "bundle_table.csv"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("deep_manifest.json", "'deep_manifest.json' has 901 levels of nesting"),
        ("bad_fields_manifest.json", "config.holdout_share must be a number from 0.05 to 0.5; got 'most'"),
        ("path_run_id.zip", "run_id must be 12 lowercase hexadecimal characters"),
        ("empty_sums.zip", "SHA256SUMS lists no file, so it proves nothing."),
        ("missing_run_json.zip", "'run.json' is missing: every bundle holds it."),
        ("zip_bomb.zip", "SYNTH_STUDIO_MAX_COMPRESSION_RATIO"),
    ],
)
def test_a_bad_manifest_or_bundle_exits_with_4_and_a_message(tmp_path, capsys, name, expected):
    code = main(["reproduce", str(HOSTILE / name), "--data", str(TABLE), "--out", str(tmp_path / "out")])

    error = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert error.startswith("error: ")
    assert expected in error
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_the_costly_manifest_is_refused_before_the_data_is_read_when_the_server_caps_epochs(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.setenv("SYNTH_STUDIO_MAX_EPOCHS", "1000")
    missing = tmp_path / "not_read.csv"  # the manifest is refused first, so this file is never opened

    code = main(["reproduce", str(HOSTILE / "costly_manifest.json"), "--data", str(missing), "--out", str(tmp_path)])

    error = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT
    assert "The manifest 'costly_manifest.json' asks for 5,000 epochs" in error
    assert "SYNTH_STUDIO_MAX_EPOCHS" in error


def test_an_intact_bundle_is_reproduced(tmp_path):
    code = main(["reproduce", str(HOSTILE / "intact.zip"), "--data", str(TABLE), "--out", str(tmp_path)])

    assert code == EXIT_OK
    assert len((tmp_path / "synthetic.csv").read_text().splitlines()) == 31  # header and the run's 30 rows


def test_a_real_process_prints_no_traceback(tmp_path):
    result = subprocess.run(
        [
            sys.executable, "-m", "synth_core.cli", "reproduce", str(HOSTILE / "deep_manifest.json"),
            "--data", str(SAMPLE_DIR / "german_credit.csv"), "--out", str(tmp_path),
        ],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip

    assert result.returncode == EXIT_BAD_INPUT
    assert "Traceback" not in result.stderr
    assert "levels of nesting" in result.stderr
