"""Hostile table files (tests/data/hostile): each is refused from what it declares, with a message that names the
file and the cap, before it can take the server's memory.

The refusals run in a child process, so that its peak memory (`VmHWM`, which starts afresh in a new program,
unlike `ru_maxrss`, which Linux carries over from the parent) measures reading the hostile files and nothing
else the test session did.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from synth_core import cli, detection, file_limits
from synth_core.errors import TableReadError
from synth_core.file_limits import json_shape
from synth_core.io import read_table
from synth_core.limits import LIMITS, LimitExceededError
from synth_core.schema import ColumnKind
from tests.conftest import DATA_DIR, ROOT, SAMPLE_DIR
from tests.data.hostile import make_files

HOSTILE_DIR = DATA_DIR / "hostile"
WIDE_CSV = "wide_100000_columns.csv"
GIBIBYTE = 1024**3
COMMITTED_LIMIT_BYTES = 400_000


@dataclass(frozen=True)
class Refusal:
    """How a hostile file is refused.

    Attributes:
        limit: The cap named in the message (its key in `LIMITS`), or None for a refusal without a cap.
        says: A part of the message that gives what the file declares.
    """

    limit: str | None
    says: str


REFUSALS = {
    "parquet_bomb.parquet": Refusal("rows", "declares 50,000,000 rows"),
    "parquet_long_text.parquet": Refusal("unpacked_mb", "holds, once read, 1,562.9 MB unpacked"),
    "parquet_nested.parquet": Refusal("cells", "counting each value inside its lists and records, 30,000,001 cells"),
    "xlsx_bomb.xlsx": Refusal("compression_ratio", "has a part 'xl/worksheets/sheet1.xml' that is 411.7 times"),
    "xlsx_far_row.xlsx": Refusal(None, "numbers a row of sheet 'Readings' 1,048,576 but lists only 4 rows"),
    "xlsx_zip_bomb.xlsx": Refusal("unpacked_mb", "declares 2,100 MB unpacked"),
    "deep.json": Refusal("json_depth", "has 900 levels of nesting"),
    "deep_lines.jsonl": Refusal("json_depth", "has 900 levels of nesting"),
    WIDE_CSV: Refusal("columns", "has 100,000 columns"),
}

# Reads every hostile file as an upload (bytes and a name), as the dashboard does, then reports each outcome and
# the process's peak memory. A ZIP bomb is also offered as a plain `.zip`, as a user might name it.
_CHILD = """
import json, sys
from pathlib import Path
from synth_core.io import read_table
from tests.data.hostile import make_files

def peak_kib():
    return int(next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1])

hostile = Path(sys.argv[1])
uploads = {name: (hostile / name).read_bytes() for name in make_files.FILES}
uploads["WIDE_CSV"] = make_files.wide_csv_bytes()
uploads["archive.zip"] = uploads["xlsx_zip_bomb.xlsx"]
baseline = peak_kib()
outcomes = {}
for name, raw in uploads.items():
    try:
        read = read_table(raw, name=name)
        outcomes[name] = {"error": None, "message": f"read {read.frame.shape}"}
    except Exception as error:
        outcomes[name] = {"error": type(error).__name__, "message": str(error)}
    del raw
peak = peak_kib()
print(json.dumps({"outcomes": outcomes, "baseline_kib": baseline, "peak_kib": peak}))
""".replace("WIDE_CSV", WIDE_CSV)


@pytest.fixture(scope="module")
def refused() -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD, str(HOSTILE_DIR)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_the_committed_files_are_what_the_script_makes_and_stay_small():
    committed = {name: (HOSTILE_DIR / name).read_bytes() for name in make_files.FILES}

    assert [name for name, build in make_files.FILES.items() if committed[name] != build()] == []
    assert sum(len(raw) for raw in committed.values()) < COMMITTED_LIMIT_BYTES


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_each_hostile_file_is_refused_naming_the_file_and_the_cap(refused, name):
    outcome = refused["outcomes"][name]
    expected = REFUSALS[name]

    assert outcome["error"] == ("LimitExceededError" if expected.limit else "TableReadError"), outcome["message"]
    message = outcome["message"]
    assert message.startswith(f"'{name}' ")
    assert expected.says in message
    if expected.limit:
        limit = LIMITS[expected.limit]
        assert f"this server takes at most {limit.default:,} {limit.unit}" in message
        assert f"raise {limit.env}." in message


def test_a_zip_bomb_named_as_an_archive_is_refused_as_well(refused):
    outcome = refused["outcomes"]["archive.zip"]

    assert outcome["error"] == "LimitExceededError"
    assert outcome["message"].startswith("'archive.zip' declares 2,100 MB unpacked")


def test_refusing_every_hostile_file_stays_under_a_gibibyte(refused):
    peak_bytes = refused["peak_kib"] * 1024  # /proc gives VmHWM in KiB

    assert peak_bytes < GIBIBYTE
    # Refusing costs little beyond the interpreter and its libraries: nothing was unpacked.
    assert (refused["peak_kib"] - refused["baseline_kib"]) * 1024 < 100 * 1024**2


def test_a_zip_bomb_named_as_a_table_is_refused_for_what_it_is():
    raw = (HOSTILE_DIR / "xlsx_zip_bomb.xlsx").read_bytes()

    with pytest.raises(TableReadError, match=r"'orders.csv' is named as CSV but is not a CSV file"):
        read_table(raw, name="orders.csv")


def test_the_sample_table_under_the_caps_still_reads():
    read = read_table(SAMPLE_DIR / "adult.csv")

    pd.testing.assert_frame_equal(read.frame, pd.read_csv(SAMPLE_DIR / "adult.csv"))


def test_small_files_built_like_the_bombs_read_as_tables():
    """The refusals come from the sizes, not from files the readers could not parse anyway."""
    parquet = read_table(make_files.parquet_bomb_bytes(rows=5), name="small.parquet").frame
    long_text = read_table(make_files.parquet_long_text_bytes(rows=3, text_bytes=40), name="notes.parquet").frame
    workbook = read_table(make_files.workbook_bytes(make_files.bomb_sheet_rows(4)), name="small.xlsx").frame
    far_row = make_files.workbook_bytes(make_files.far_row_sheet_rows(last_row=50))
    deep = read_table(make_files.deep_json_bytes(levels=4), name="deep.json").frame

    assert parquet["status"].tolist() == [0] * 5
    assert long_text["note"].nunique() == 1 and len(long_text) == 3 and len(long_text["note"][0]) == 40
    assert workbook["sensor"].tolist() == [0] * 4
    assert read_table(far_row, name="far.xlsx").frame["sensor_1"].tolist() == [4, 7, 9]
    assert deep.columns.tolist() == ["a.a.a"]


def test_a_sheet_may_skip_some_row_numbers_but_not_more_than_the_bound(monkeypatch):
    monkeypatch.setattr(file_limits, "MAX_SKIPPED_SHEET_ROWS", 40)  # four rows listed: the last may be row 44
    within = make_files.workbook_bytes(make_files.far_row_sheet_rows(last_row=44))
    beyond = make_files.workbook_bytes(make_files.far_row_sheet_rows(last_row=45))

    assert read_table(within, name="within.xlsx").frame["sensor_1"].tolist() == [4, 7, 9]
    with pytest.raises(TableReadError, match=r"'beyond.xlsx' numbers a row of sheet 'Readings' 45 but lists only 4"):
        read_table(beyond, name="beyond.xlsx")


def _csv_of(columns: int) -> bytes:
    return (",".join(f"c{n}" for n in range(columns)) + "\n" + ",".join("1" * columns) + "\n").encode()


def _parquet_of(rows: int) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame({"reading": range(rows)}).to_parquet(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "raw", "env", "low", "high", "says"),
    [
        ("three.csv", _csv_of(3), "SYNTH_STUDIO_MAX_COLUMNS", "2", "3", "'three.csv' has 3 columns"),
        ("rows.parquet", _parquet_of(6), "SYNTH_STUDIO_MAX_ROWS", "5", "6", "'rows.parquet' declares 6 rows"),
        (
            "sheet.xlsx",
            make_files.workbook_bytes(make_files.bomb_sheet_rows(30)),
            "SYNTH_STUDIO_MAX_ROWS",
            "20",
            "30",
            "'sheet.xlsx' (sheet 'Readings') holds at least 21 rows",
        ),
        ("deep.json", make_files.deep_json_bytes(70), "SYNTH_STUDIO_MAX_JSON_DEPTH", "64", "70", "has 70 levels"),
        (
            "lines.jsonl",
            b"".join(b'{"reading": %d}\n' % n for n in range(4)),
            "SYNTH_STUDIO_MAX_ROWS",
            "3",
            "4",
            "'lines.jsonl' has at least 4 rows",
        ),
    ],
)
def test_raising_a_cap_with_its_environment_variable_lets_the_file_through(
    monkeypatch, name, raw, env, low, high, says
):
    monkeypatch.setenv(env, low)
    with pytest.raises(LimitExceededError) as refused:
        read_table(raw, name=name)
    assert says in str(refused.value)
    assert f"raise {env}." in str(refused.value)

    monkeypatch.setenv(env, high)
    assert len(read_table(raw, name=name).frame) >= 1


def test_a_csv_past_the_rows_cap_is_refused_while_counting_not_after_parsing(monkeypatch):
    monkeypatch.setenv("SYNTH_STUDIO_MAX_CELLS", "10")  # 2 columns: at most 5 rows
    raw = b"a,b\n" + b"1,2\n" * 50

    # 12 cells: counting stopped at the sixth row of fifty.
    with pytest.raises(LimitExceededError, match=r"'cells.csv' has at least 12 cells \(rows × columns\)"):
        read_table(raw, name="cells.csv")


def test_json_depth_ignores_brackets_inside_strings():
    text = '[{"note": "[[[{{{", "tags": ["a", "b"]}, {"note": "]]]"}]'

    shape = json_shape(text)

    assert (shape.depth, shape.items, shape.complete) == (3, 2, True)


def test_recursion_left_in_a_reader_becomes_a_message(monkeypatch):
    def recurse(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("synth_core.io.json.loads", recurse)

    with pytest.raises(TableReadError, match=r"'nested.json' is nested too deeply to read"):
        read_table(b'[{"a": 1}]', name="nested.json")


@pytest.mark.parametrize("name", ["parquet_bomb.parquet", "deep.json", "xlsx_zip_bomb.xlsx"])
def test_the_command_line_refuses_them_with_exit_code_4_and_no_traceback(tmp_path, capsys, name):
    code = cli.main(["generate", str(HOSTILE_DIR / name), "--out", str(tmp_path / "out")])

    error = capsys.readouterr().err
    assert code == cli.EXIT_BAD_INPUT == 4
    assert error.startswith(f"error: '{name}' ")
    assert "Traceback" not in error
    assert not (tmp_path / "out").exists()


# --- Wide and long tables in schema detection ---------------------------------------------------------


def test_detection_refuses_a_table_past_the_columns_cap(monkeypatch):
    monkeypatch.setenv("SYNTH_STUDIO_MAX_COLUMNS", "3")
    frame = pd.DataFrame({f"c{n}": [1, 2, 3] for n in range(4)})

    with pytest.raises(LimitExceededError, match=r"The table has 4 columns; this server takes at most 3 columns"):
        detection.infer_schema(frame)


def test_a_long_table_is_detected_from_a_seeded_sample_and_says_so(monkeypatch):
    monkeypatch.setattr(detection, "DETECTION_MAX_CELLS", 2_000)  # 2 columns: 1,000 rows
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(
        {"site": rng.choice(["north", "south", "east"], 5_000), "reading": rng.normal(20, 4, 5_000).round(2)}
    )

    sample = detection.detection_sample(frame)
    schema = detection.infer_schema(frame)

    assert len(sample) == 1_000
    assert sample.index.is_monotonic_increasing and sample.index.is_unique
    assert detection.detection_sample(frame).index.equals(sample.index)  # the same rows every time
    assert [column.kind for column in schema.columns] == [ColumnKind.CATEGORICAL, ColumnKind.NUMERICAL]
    note = "Detected from 1,000 of the table's 5,000 rows, drawn at random."
    assert all(column.reason.endswith(note) for column in schema.columns)


def test_a_table_under_the_detection_budget_is_read_whole():
    frame = pd.DataFrame({"site": ["north", "south"] * 500, "reading": range(1_000)})

    assert detection.detection_sample(frame) is frame
    assert "Detected from" not in " ".join(column.reason for column in detection.infer_schema(frame).columns)
