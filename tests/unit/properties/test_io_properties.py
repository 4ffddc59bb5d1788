"""Properties of reading and writing tables: exports read back with their shape, odd bytes never crash the reader."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from synth_core.errors import SynthStudioError
from synth_core.export_files import (
    FIELD_SEPARATORS,
    FORMULA_TRIGGERS,
    guard_formulas,
    guard_text,
    to_csv_bytes,
    to_excel_bytes,
    to_json_lines_bytes,
    to_parquet_bytes,
)
from synth_core.io import ReadOptions, read_table
from tests.unit.properties.strategies import tables

# What the docstring of `guard_formulas` promises to leave alone: text that is just a number, such as "-3".
PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
EXTENSIONS = ("csv", "tsv", "txt", "json", "jsonl", "parquet", "xlsx", "bin", "")

frames = tables(max_rows=30, max_columns=5, with_roles=False).map(lambda pair: pair[0])


def _read(raw: bytes, name: str) -> pd.DataFrame:
    frame = read_table(raw, name=name).frame
    assert frame.index.equals(pd.RangeIndex(len(frame))), "no field may become the index"
    return frame


@given(frames, st.booleans())
# Regression: a one-column row with a missing value is written as "" and was skipped as a blank line.
@example(frame=pd.DataFrame({"age": [np.nan]}), guard=False)
def test_csv_export_reads_back_with_its_shape(frame, guard):
    read = _read(to_csv_bytes(frame, guard=guard), "export.csv")

    assert read.shape == frame.shape
    # Guarded, a column name a spreadsheet would run (such as "@") is neutralised like a cell.
    assert list(read.columns) == [guard_text(name) if guard else name for name in frame.columns]


@given(frames)
def test_parquet_export_reads_back_with_its_shape_and_names(frame):
    read = _read(to_parquet_bytes(frame), "export.parquet")

    assert read.shape == frame.shape
    assert list(read.columns) == list(frame.columns)


@given(frames)
def test_json_lines_export_reads_back_with_its_shape(frame):
    read = _read(to_json_lines_bytes(frame), "export.jsonl")

    assert read.shape == frame.shape
    assert list(read.columns) == list(frame.columns)


@given(frames, st.booleans())
# Regression: a header "nan" (or text "NA", "None") was read as missing, so the header row was dropped.
@example(frame=pd.DataFrame({"nan": ["NA", "x"]}), guard=False)
def test_excel_export_reads_back_with_its_columns(frame, guard):
    raw = to_excel_bytes(frame, guard=guard)
    # A spreadsheet has no empty rows: rows with every cell missing (or empty text) are dropped on reading.
    # Unguarded, text such as "=SUM(A1)" is written as a formula, which has no value until a spreadsheet runs it.
    cells = frame.astype(object)
    formulas = cells.map(lambda cell: not guard and isinstance(cell, str) and cell.startswith("="))
    rows_with_values = int((frame.notna() & cells.ne("") & ~formulas).any(axis=1).sum())
    if rows_with_values == 0:
        with pytest.raises(SynthStudioError, match="no data rows"):
            _read(raw, "export.xlsx")
        return

    read = _read(raw, "export.xlsx")

    assert read.shape == (rows_with_values, frame.shape[1])


def _starts_formula(part: str) -> bool:
    return part.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(part)


def _is_formula_like(value: object) -> bool:
    """Whether a spreadsheet could run any part of the text: the whole, or what follows a field separator."""
    if not isinstance(value, str):
        return False
    parts = re.split("[" + re.escape("".join(FIELD_SEPARATORS)) + "]", value)
    return _starts_formula(value) or any(_starts_formula(part) for part in parts[1:])


_CELLS = st.one_of(
    st.text(max_size=8),
    st.builds(lambda trigger, rest: trigger + rest, st.sampled_from((*FORMULA_TRIGGERS, "'")), st.text(max_size=6)),
    st.sampled_from(["-3", "+1.5", "-1e5", "=1", "-", "+", "@", "-inf", "'=1"]),
    st.none(),
    st.floats(allow_nan=True),
    st.integers(-100, 100),
)
_TEXT_COLUMNS = st.lists(_CELLS, min_size=1, max_size=12).flatmap(
    lambda cells: st.sampled_from(["object", "string", "category"]).map(lambda dtype: (cells, dtype))
)


def _column(cells: list[object], dtype: str) -> pd.Series:
    if dtype == "object":
        return pd.Series(cells, dtype=object)
    text = [None if cell is None or (isinstance(cell, float) and np.isnan(cell)) else str(cell) for cell in cells]
    return pd.Series(text, dtype=dtype)


guard_frames = st.one_of(
    frames,
    st.lists(_TEXT_COLUMNS, min_size=1, max_size=4).map(
        lambda columns: pd.DataFrame({f"c{i}": _column(*column) for i, column in enumerate(columns)})
    ),
)


@given(guard_frames)
def test_guard_formulas_leaves_no_formula_and_only_adds_apostrophes(frame):
    guarded = guard_formulas(frame)

    assert list(guarded.columns) == list(frame.columns)
    assert guarded.shape == frame.shape
    for name in frame.columns:
        before, after = frame[name], guarded[name]
        if pd.api.types.is_numeric_dtype(before) or pd.api.types.is_datetime64_any_dtype(before):
            pd.testing.assert_series_equal(after, before)  # numbers and dates are never touched
            continue
        for old, new in zip(before.astype(object), after.astype(object), strict=True):
            assert not _is_formula_like(new), f"{new!r} in column {name!r} would run as a formula"
            if _is_formula_like(old):
                assert new == guard_text(old) and new.replace("'", "") == old.replace("'", "")  # apostrophes only
            else:
                assert new is old or new == old or (pd.isna(new) and pd.isna(old))


@given(guard_frames)
def test_guard_formulas_is_idempotent(frame):
    once = guard_formulas(frame)

    pd.testing.assert_frame_equal(guard_formulas(once), once)


def _read_or_refuse(raw: bytes, name: str, options: ReadOptions | None = None) -> None:
    """Reading either gives a table with unique, non-empty text names, or refuses with the project's error."""
    try:
        read = read_table(raw, name=name, options=options)
    except SynthStudioError as error:
        assert str(error).startswith(f"'{name}'"), "the message names the file"
        event("refused")
        return
    event("read")
    names = list(read.frame.columns)
    assert read.frame.index.equals(pd.RangeIndex(len(read.frame))), "no field may become the index"
    assert all(isinstance(column, str) and column.strip() for column in names)
    assert len(set(names)) == len(names)
    assert len(read.frame) > 0


# These two cost about a millisecond an example, so they try five times as many.
MANY = settings(max_examples=5 * settings.default.max_examples)


@MANY
@given(st.binary(max_size=600), st.sampled_from(EXTENSIONS))
@example(raw=b"\r!", extension="csv")  # regression: a lone carriage return raised the csv module's own error
def test_random_bytes_are_read_or_refused_with_a_clear_error(raw, extension):
    _read_or_refuse(raw, f"upload.{extension}" if extension else "upload")


_TEXT_FILES = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.lists(st.text(alphabet=st.sampled_from("ab1.,;|\t\"' -=[]{}:\r\n\\é"), max_size=6), min_size=1, max_size=5),
        min_size=1,
        max_size=8,
    ).map(lambda rows: "\n".join(",".join(row) for row in rows)),
)


@MANY
@given(
    _TEXT_FILES,
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]),
    st.sampled_from(EXTENSIONS),
    st.builds(
        ReadOptions,
        delimiter=st.sampled_from([None, ",", ";", "\t", "|"]),
        decimal=st.sampled_from([None, ".", ","]),
        bad_lines=st.sampled_from(["skip", "error"]),
    ),
)
# Regressions: every data line longer than the header gave a table indexed by the first field instead of a
# clear refusal; a first data line one field longer than the header shifted every column by one.
@example(text="a\n1,2\n3,4\n", encoding="utf-8", extension="csv", options=ReadOptions())
@example(text="a,b\n1,2,3\n5,6\n", encoding="utf-8", extension="csv", options=ReadOptions())
def test_random_text_is_read_or_refused_with_a_clear_error(text, encoding, extension, options):
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    _read_or_refuse(raw, f"upload.{extension}" if extension else "upload", options)


_WRITERS = {
    "csv": lambda frame: to_csv_bytes(frame),
    "parquet": to_parquet_bytes,
    "jsonl": to_json_lines_bytes,
    "xlsx": lambda frame: to_excel_bytes(frame),
}


@given(
    frames,
    st.sampled_from(sorted(_WRITERS)),
    st.sampled_from(EXTENSIONS),
    # Positions count from the start, or (negative) from the end, where Parquet and ZIP keep their metadata.
    st.lists(st.tuples(st.integers(-600, 10_000), st.integers(0, 255)), max_size=4),
    st.integers(0, 10_000),
)
def test_damaged_exports_are_read_or_refused_with_a_clear_error(frame, writer, extension, flips, cut):
    raw = bytearray(_WRITERS[writer](frame))
    for position, value in flips:
        raw[position % len(raw)] = value
    _read_or_refuse(bytes(raw[: max(cut, 1)] if cut < len(raw) else raw), f"upload.{extension}")


def test_a_lone_carriage_return_before_a_space_reads_without_filling_memory():
    # Regression: pandas 2's C parser loops on "\r " (pandas issue 51141) and allocated about 20 GB for these
    # 9 bytes until the machine killed the process. Read in a child process with capped memory, so a
    # regression fails this test instead of taking the machine down.
    code = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30)); "
        "from synth_core.io import read_table; "
        "print(read_table(sys.stdin.buffer.read(), name='mac.csv').frame.shape)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=b",\n[\n\r [", capture_output=True, timeout=120, check=False
    )

    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().strip() == "(2, 2)"


def test_a_field_over_the_csv_size_limit_is_refused_with_a_clear_error():
    raw = ("notes,n\n" + "x" * 200_000 + ",1\n").encode()

    with pytest.raises(SynthStudioError, match=r"'long\.csv' has a value starting on line 2 that is longer than"):
        read_table(raw, name="long.csv")


def test_a_parquet_file_with_broken_pandas_metadata_still_reads():
    # Regression: pyarrow reads the columns, then raised KeyError or a JSON error on the pandas metadata.
    table = pa.Table.from_pandas(pd.DataFrame({"age": [31, 47]})).replace_schema_metadata({b"pandas": b"{broken"})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)

    read = read_table(buffer.getvalue(), name="broken.parquet")

    assert read.frame["age"].tolist() == [31, 47]


def test_a_one_column_export_of_text_with_semicolons_reads_back_as_it_was():
    # Regression: ";" split every row but not the header, so pandas took the first half of each value as the
    # row index and the warning said the lines were skipped.
    frame = pd.DataFrame({"note": ["a;b", "c;d", "e;f"]})

    read = _read(to_csv_bytes(frame), "notes.csv")

    pd.testing.assert_frame_equal(read, frame)


def test_a_csv_header_in_brackets_is_not_taken_for_json():
    # Regression: "[ID],[Name]" (as SQL tools export) was refused as "named as CSV but looks like JSON".
    for name in ("ids.csv", "upload"):
        read = _read(b"[ID],[Name]\n1,a\n2,b\n", name)

        assert list(read.columns) == ["[ID]", "[Name]"] and read.shape == (2, 2)


def test_a_long_first_data_line_is_skipped_without_shifting_the_columns():
    # Regression: pandas took the extra field of a long first row for the index, so column a read [2, 6].
    read = read_table(b"a,b\n1,2,3\n5,6\n7,8\n", name="long.csv")

    assert read.frame.to_dict(orient="list") == {"a": [5, 7], "b": [6, 8]}
    assert read.warnings == (
        "Skipped 1 line(s) with more fields than the header's 2: line 2. Fix them in the file to keep them.",
    )


def test_a_delimiter_at_the_end_of_every_data_line_is_refused_with_what_to_do():
    with pytest.raises(SynthStudioError, match=r"every data line has more.*remove the delimiter at the end"):
        read_table(b"a,b\n1,2,\n3,4,\n", name="trailing.csv")
