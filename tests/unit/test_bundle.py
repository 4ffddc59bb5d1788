"""The audit bundle holds every file of a run and can be checked by its SHA-256 list."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd

from synth_core.bundle import build_bundle, verify_bundle
from synth_core.detection import infer_schema
from synth_core.export_files import to_excel_bytes, to_json_lines_bytes
from synth_core.pipeline import RunConfig, run_pipeline


def test_bundle_has_every_file_and_verifies(german_credit):
    outcome = run_pipeline(
        german_credit, schema=infer_schema(german_credit), config=RunConfig("gaussian_copula", rows=100)
    )

    raw = build_bundle(outcome, report_html="<html>report</html>")

    names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    assert names == {
        "synthetic.csv", "synthetic.parquet", "metadata.json", "run.json", "metrics.json", "report.html", "SHA256SUMS",
    }  # fmt: skip
    assert verify_bundle(raw) == []
    archive = zipfile.ZipFile(io.BytesIO(raw))
    assert json.loads(archive.read("run.json"))["run_id"] == outcome.run.run_id
    assert pd.read_csv(io.BytesIO(archive.read("synthetic.csv"))).shape == (100, 21)


def test_a_changed_file_is_caught(german_credit):
    outcome = run_pipeline(german_credit, schema=infer_schema(german_credit), config=RunConfig("copy_rows", rows=10))
    original = zipfile.ZipFile(io.BytesIO(build_bundle(outcome)))
    tampered = io.BytesIO()
    with zipfile.ZipFile(tampered, "w") as archive:
        for name in original.namelist():
            data = original.read(name)
            archive.writestr(name, data + b"x" if name == "synthetic.csv" else data)

    assert verify_bundle(tampered.getvalue()) == ["'synthetic.csv' does not match its SHA-256."]


def test_excel_and_json_lines_exports_round_trip():
    frame = pd.DataFrame({"amount": [-3, 5], "note": ["=cmd()", "fine"], "when": pd.to_datetime(["2024-01-02"] * 2)})

    excel = pd.read_excel(io.BytesIO(to_excel_bytes(frame)))
    lines = pd.read_json(io.BytesIO(to_json_lines_bytes(frame)), lines=True)

    assert excel["amount"].tolist() == [-3, 5]
    assert excel["note"].tolist() == ["'=cmd()", "fine"]
    assert lines["note"].tolist() == ["=cmd()", "fine"]
    assert len(lines) == 2


def test_several_runs_get_a_folder_each(german_credit):
    from synth_core.bundle import build_multi_bundle

    schema = infer_schema(german_credit)
    first = run_pipeline(german_credit, schema=schema, config=RunConfig("copy_rows", rows=10))
    second = run_pipeline(german_credit, schema=schema, config=RunConfig("independent_columns", rows=10))

    raw = build_multi_bundle([(first, None), (second, "<html></html>")])

    names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
    assert f"copy_rows_{first.run.run_id}/run.json" in names
    assert f"independent_columns_{second.run.run_id}/report.html" in names
    assert verify_bundle(raw) == []
