"""No live formula in any export: the app's CSV and Excel, the command line's CSV, and the bundle's CSV.

Each file made from the payload table (column names and cells that try to be formulas) is read back as a
spreadsheet would read it: with openpyxl, and as CSV split on ",", on ";" and on tabs, by a CSV parser and
by a plain split that ignores quotes. No cell or field may start a formula, unless the guard is turned off.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from synth_core.bundle import build_bundle
from synth_core.cli import main
from synth_core.detection import infer_schema
from synth_core.export_files import (
    FORMULA_TRIGGERS,
    guard_csv_file,
    guard_table,
    guard_text,
    to_csv_bytes,
    to_excel_bytes,
)
from synth_core.pipeline import RunConfig, run_pipeline, sha256_of
from tests.data.hostile import make_payloads

PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
SEPARATORS = (",", ";", "\t")
ROWS = 60


def _live_formula(field: str) -> bool:
    """Whether a spreadsheet would run this field: it starts with a trigger and is not a number such as "-3".

    A field split out of a line can run on to the next cells (a ";" reading of a "," file); the number
    is then what comes before the next separator.
    """
    return field.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(re.split(r"[,;\t]", field)[0])


def _csv_live_formulas(raw: bytes) -> list[tuple[str, str]]:
    """Every field that would run, read with each separator, by a CSV parser and by a plain split."""
    text = raw.decode("utf-8")
    found = []
    for separator in SEPARATORS:
        parsed = [field for row in csv.reader(io.StringIO(text), delimiter=separator) for field in row]
        split = [field for line in text.splitlines() for field in line.split(separator)]
        found += [(separator, field) for field in parsed + split if _live_formula(field)]
    return found


def _excel_live_formulas(raw: bytes) -> list[str]:
    """Every cell, header row included, that openpyxl reads as a formula or that starts with "="."""
    sheet = openpyxl.load_workbook(io.BytesIO(raw)).active
    return [
        cell.coordinate
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
    ]


@pytest.fixture(scope="module")
def payload_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("payloads") / make_payloads.TABLE
    path.write_bytes(make_payloads.payload_csv())
    return path


@pytest.fixture(scope="module")
def outcome(payload_file):
    """A run on the payload table, as the Generate page makes it."""
    raw = payload_file.read_bytes()
    frame = make_payloads.payload_frame()
    config = RunConfig("independent_columns", seed=1, rows=ROWS)
    return run_pipeline(
        frame,
        schema=infer_schema(frame),
        config=config,
        data_name=payload_file.name,
        data_sha256=sha256_of(raw),
        evaluate=False,  # the rows are what is exported; scores are not needed here
    )


def test_the_synthetic_rows_carry_the_payloads(outcome):
    # Without this, the checks below would pass on harmless data.
    assert list(outcome.synthetic.columns) == list(make_payloads.PAYLOADS)
    assert {"=1+1", "+SUM(A1)", "@cmd", 'x;=HYPERLINK("http://example.invalid")', "a,=1+1"} <= set(
        outcome.synthetic[make_payloads.FORMULA_VALUE_COLUMN]
    )


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ('x;=HYPERLINK("http://example.invalid")', 'x;\'=HYPERLINK("http://example.invalid")'),
        ("a,=1+1", "a,'=1+1"),
        ("x\t=1+1", "x\t'=1+1"),
        ("line\n@SUM(1)", "line\n'@SUM(1)"),
        ("\t=1", "'\t'=1"),
        ("-3;=1", "'-3;'=1"),
        ("-3", "-3"),
        ("1,5;-2", "1,5;-2"),
        ("a; b, c", "a; b, c"),
    ],
)
def test_each_field_start_in_a_cell_is_guarded_and_numbers_are_not(text, guarded):
    assert guard_text(text) == guarded
    assert guard_text(guarded) == guarded  # guarding twice changes nothing more


def test_column_names_are_guarded_too():
    frame = pd.DataFrame({"=cmd|' /C calc'!A0": [1], "x;=1+1": ["a"], "plain": ["b"]})

    assert list(guard_table(frame).columns) == ["'=cmd|' /C calc'!A0", "x;'=1+1", "plain"]
    assert list(frame.columns) == ["=cmd|' /C calc'!A0", "x;=1+1", "plain"]  # the table itself is unchanged


def test_the_apps_excel_export_has_no_live_formula(outcome):
    raw = to_excel_bytes(outcome.synthetic)

    assert _excel_live_formulas(raw) == []
    header = [cell.value for cell in next(openpyxl.load_workbook(io.BytesIO(raw)).active.iter_rows())]
    assert header[0] == "'=cmd|' /C calc'!A0"


def test_the_apps_csv_export_has_no_live_formula(outcome):
    raw = to_csv_bytes(outcome.synthetic)

    assert _csv_live_formulas(raw) == []
    assert raw.decode().startswith("'=cmd|' /C calc'!A0,+1,'@SUM(1),")  # "+1" is a number, left as it is


def test_without_the_guard_the_exports_hold_live_formulas(outcome):
    # The control: the checks above see a formula when there is one.
    assert "A1" in _excel_live_formulas(to_excel_bytes(outcome.synthetic, guard=False))
    found = _csv_live_formulas(to_csv_bytes(outcome.synthetic, guard=False))
    assert (",", "=cmd|' /C calc'!A0") in found
    assert any(separator == ";" and field.startswith("=HYPERLINK(") for separator, field in found)


def test_the_bundles_csv_has_no_live_formula(outcome):
    with zipfile.ZipFile(io.BytesIO(build_bundle(outcome))) as archive:
        raw = archive.read("synthetic.csv")

    assert _csv_live_formulas(raw) == []
    assert pd.read_csv(io.BytesIO(raw)).shape == (ROWS, len(make_payloads.PAYLOADS))


def _generate(payload_file, out, *extra):
    code = main(["generate", str(payload_file), "--generator", "independent_columns", "--out", str(out), *extra])
    assert code == 0
    return (out / "synthetic.csv").read_bytes(), json.loads((out / "run.json").read_text(encoding="utf-8"))


def test_the_command_lines_csv_has_no_live_formula_and_run_json_says_so(payload_file, tmp_path):
    raw, manifest = _generate(payload_file, tmp_path / "guarded")

    assert _csv_live_formulas(raw) == []
    assert manifest["export"] == {"formula_guard": True}


def test_no_formula_guard_writes_the_rows_as_generated_and_run_json_says_so(payload_file, tmp_path):
    raw, manifest = _generate(payload_file, tmp_path / "raw", "--no-formula-guard")

    assert (",", "=cmd|' /C calc'!A0") in _csv_live_formulas(raw)
    assert manifest["export"] == {"formula_guard": False}


def test_rows_streamed_to_disk_are_guarded_too(payload_file, tmp_path, monkeypatch):
    monkeypatch.setattr("synth_core.pipeline.STREAM_CHUNK_ROWS", 20)

    raw, manifest = _generate(payload_file, tmp_path / "streamed", "--rows", "70")

    assert "chunks of 20 rows" in manifest["notes"][0]
    assert _csv_live_formulas(raw) == []
    assert pd.read_csv(io.BytesIO(raw)).shape == (70, len(make_payloads.PAYLOADS))


def test_guarding_a_csv_file_matches_guarding_the_table(outcome, tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(to_csv_bytes(outcome.synthetic, guard=False))

    guard_csv_file(path)

    assert path.read_bytes() == to_csv_bytes(outcome.synthetic)
