"""Reading tables: every encoding, layout and failure the Data page promises to handle."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook

from synth_core.errors import TableReadError
from synth_core.io import ReadOptions, make_unique_names, read_table
from tests.conftest import SAMPLE_DIR


def test_adult_sample_reads_with_its_shape_and_types():
    read = read_table(SAMPLE_DIR / "adult.csv")

    assert read.frame.shape == (32561, 15)
    assert read.options.delimiter == ","
    assert read.options.encoding == "utf-8"
    assert read.frame["age"].dtype.kind == "i"
    assert read.frame.loc[0, "workclass"] == "State-gov"
    assert read.frame["workclass"].isna().sum() > 0  # missing values are empty cells
    assert read.warnings == ()


def test_utf16_with_semicolon_and_decimal_comma():
    raw = "name;amount\nJosé;1,5\nZoë;2,25\n".encode("utf-16")

    read = read_table(raw, name="utf16.csv")

    assert read.options.encoding == "utf-16"
    assert read.options.delimiter == ";"
    assert read.options.decimal == ","
    assert read.frame["name"].tolist() == ["José", "Zoë"]
    assert read.frame["amount"].tolist() == [1.5, 2.25]


def test_utf16_without_bom_is_recognised():
    raw = "a,b\nKöln,1\nMünchen,2\n".encode("utf-16-le")

    read = read_table(raw, name="le.csv")

    assert read.frame["a"].tolist() == ["Köln", "München"]


def test_latin1_text_is_decoded():
    raw = "name,city\nJosé,Köln\nAnaïs,Besançon\n".encode("latin-1")

    read = read_table(raw, name="latin.csv")

    assert read.options.encoding == "latin-1"
    assert read.frame["city"].tolist() == ["Köln", "Besançon"]


def test_utf8_bom_is_stripped_from_the_first_name():
    read = read_table(b"\xef\xbb\xbfid,value\n1,2\n", name="bom.csv")

    assert list(read.frame.columns) == ["id", "value"]
    assert read.options.encoding == "utf-8-sig"


def test_semicolon_with_decimal_comma_and_thousands_dot():
    raw = b"region;revenue;units\nNord;1.234,50;3\nSud;987,25;4\n"

    read = read_table(raw, name="eu.csv")

    assert read.frame["revenue"].tolist() == [1234.5, 987.25]
    assert read.frame["units"].tolist() == [3, 4]


def test_duplicate_and_empty_names_are_made_unique_with_a_warning():
    read = read_table(b"a,a,,b\n1,2,3,4\n", name="dup.csv")

    assert list(read.frame.columns) == ["a", "a_2", "column_3", "b"]
    assert read.frame.iloc[0].tolist() == [1, 2, 3, 4]
    assert len(read.warnings) == 1
    assert "'a' (column 2) → 'a_2'" in read.warnings[0]
    assert "'' (column 3) → 'column_3'" in read.warnings[0]


def test_make_unique_names_avoids_clashing_with_existing_names():
    names, renamed = make_unique_names(["x", "x", "x_2"])

    assert names == ["x", "x_3", "x_2"]
    assert len(renamed) == 1


def test_one_column_file():
    read = read_table(b"score\n3\n5\n8\n", name="one.csv")

    assert read.frame.shape == (3, 1)
    assert read.frame["score"].tolist() == [3, 5, 8]


def test_all_null_column_is_kept():
    read = read_table(b"a,b,c\n1,,x\n2,,y\n", name="nulls.csv")

    assert read.frame["b"].isna().all()
    assert read.frame.shape == (2, 3)


def test_tsv_is_read_by_name_and_by_content():
    raw = b"a\tb\n1\t2\n3\t4\n"

    assert read_table(raw, name="t.tsv").frame.shape == (2, 2)
    assert read_table(raw, name="t.csv").options.delimiter == "\t"


def test_quoted_fields_with_delimiters_and_newlines():
    raw = b'id,note\n1,"hello, world"\n2,"two\nlines"\n'

    read = read_table(raw, name="quoted.csv")

    assert read.frame["note"].tolist() == ["hello, world", "two\nlines"]


def test_ragged_lines_are_skipped_with_their_numbers():
    raw = b"a,b\n1,2\n3,4,5\n6,7\n8,9,10\n"

    read = read_table(raw, name="ragged.csv")

    assert read.frame["a"].tolist() == [1, 6]
    assert any("line 3, 5" in warning for warning in read.warnings)


def test_ragged_lines_can_be_refused_naming_the_first():
    raw = b"a,b\n1,2\n3,4,5\n"

    with pytest.raises(TableReadError, match="the first is line 3"):
        read_table(raw, name="ragged.csv", options=ReadOptions(bad_lines="error"))


def test_short_lines_are_read_with_empty_cells_and_a_warning():
    read = read_table(b"a,b,c\n1,2,3\n4\n", name="short.csv")

    assert read.frame["c"].isna().tolist() == [False, True]
    assert any("fewer fields" in warning and "line 3" in warning for warning in read.warnings)


def _workbook_bytes() -> bytes:
    workbook = Workbook()
    first = workbook.active
    first.title = "People"
    first.append(["name", "age"])
    first.append(["Ann", 31])
    first.append(["Bob", 45])
    second = workbook.create_sheet("Scores")
    second.append(["team", "score", "score"])
    second.append(["red", 1.5, 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_excel_with_two_sheets_reads_the_first_and_lists_both():
    read = read_table(_workbook_bytes(), name="book.xlsx")

    assert read.sheets == ("People", "Scores")
    assert read.options.sheet == "People"
    assert read.frame.to_dict("list") == {"name": ["Ann", "Bob"], "age": [31, 45]}
    assert read.frame["age"].dtype.kind == "i"
    assert "2 sheets" in read.warnings[0]


def test_excel_second_sheet_by_choice_with_duplicate_names():
    read = read_table(_workbook_bytes(), name="book.xlsx", options=ReadOptions(sheet="Scores"))

    assert list(read.frame.columns) == ["team", "score", "score_2"]
    assert read.frame.iloc[0].tolist() == ["red", 1.5, 2]


def test_excel_unknown_sheet_names_the_sheets():
    with pytest.raises(TableReadError, match="People, Scores"):
        read_table(_workbook_bytes(), name="book.xlsx", options=ReadOptions(sheet="Nope"))


def test_parquet_round_trip():
    frame = pd.DataFrame({"x": [1, 2, 3], "y": ["a", "b", None], "when": pd.to_datetime(["2024-01-01"] * 3)})
    buffer = io.BytesIO()
    frame.to_parquet(buffer)

    read = read_table(buffer.getvalue(), name="data.parquet")

    pd.testing.assert_frame_equal(read.frame, frame)


def test_json_records_and_json_lines():
    records = [{"a": 1, "b": {"c": "x"}}, {"a": 2, "b": {"c": "y"}}]
    lines = "\n".join(json.dumps(record) for record in records).encode()

    from_records = read_table(json.dumps(records).encode(), name="r.json").frame
    from_lines = read_table(lines, name="r.jsonl").frame

    assert from_records.to_dict("list") == {"a": [1, 2], "b.c": ["x", "y"]}
    pd.testing.assert_frame_equal(from_records, from_lines)


def test_broken_json_names_the_line():
    with pytest.raises(TableReadError, match="line 2"):
        read_table(b'{"a": 1}\n{"a": \n', name="broken.jsonl")


@pytest.mark.parametrize(
    ("raw", "name", "message"),
    [
        (b"", "empty.csv", "'empty.csv' is empty"),
        (b"  \n\n", "blank.csv", "'blank.csv' is empty"),
        (b"a,b,c\n", "header.csv", "'header.csv' has a header row but no data rows"),
        (bytes(range(256)) * 8, "noise.csv", "'noise.csv' does not contain a table: its content looks like binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "picture.csv", "looks like an image"),
        (b"a,b\n1,2\n", "mislabelled.parquet", "'mislabelled.parquet' is named as Parquet but is not a Parquet file"),
        (b"PAR1" + b"\x00" * 32, "wrong.csv", "is named as CSV but is not a CSV file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.xls", "save it as .xlsx or CSV"),
        (b"a,b\n1,2\n", "text.xlsx", "is named as Excel but is not an Excel file"),
    ],
)
def test_unreadable_files_get_one_specific_message(raw, name, message):
    with pytest.raises(TableReadError) as caught:
        read_table(raw, name=name)

    assert message in str(caught.value)
    assert caught.value.file_name == name
    assert caught.value.next_step  # every message says what to do next


def test_mislabelled_parquet_suggests_the_right_format():
    with pytest.raises(TableReadError, match="choose the format 'CSV'"):
        read_table(b"a,b\n1,2\n", name="data.parquet")


def test_forcing_the_format_reads_a_misnamed_file():
    read = read_table(b"a,b\n1,2\n", name="data.dat", options=ReadOptions(format="csv"))

    assert read.frame.to_dict("list") == {"a": [1], "b": [2]}


def test_wrong_encoding_override_is_explained():
    with pytest.raises(TableReadError, match="could not be decoded as utf-8"):
        read_table("é,b\n1,2\n".encode("latin-1"), name="x.csv", options=ReadOptions(encoding="utf-8"))


def test_reading_from_a_path_and_from_bytes_agree(tmp_path):
    path = tmp_path / "numbers.csv"
    frame = pd.DataFrame({"x": np.arange(5), "y": list("abcde")})
    frame.to_csv(path, index=False)

    assert read_table(path).frame.equals(read_table(path.read_bytes(), name="numbers.csv").frame)


def test_commas_between_thousands_in_a_comma_delimited_file():
    read = read_table(b'town,people,area\nAshford,"74,204",10.5\nBath,"101,557",29.0\n', name="towns.csv")

    assert read.frame["people"].tolist() == [74204, 101557]
    assert read.frame["area"].tolist() == [10.5, 29.0]


def test_three_digits_after_a_comma_stay_decimals_in_a_semicolon_file():
    read = read_table(b"part;weight\nbolt;1,250\nnut;0,125\n", name="parts.csv")

    assert read.frame["weight"].tolist() == [1.25, 0.125]


def test_a_runaway_quote_in_a_large_file_is_refused_naming_its_line():
    raw = b'a,b\n1,2\n3,"' + b"x" * 200_000 + b"\n4,5\n"

    with pytest.raises(TableReadError, match="has a value starting on line 3 that is longer than") as caught:
        read_table(raw, name="big.csv")

    assert "Close or remove that quote" in str(caught.value)
