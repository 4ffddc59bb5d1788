"""The bad-input corpus (tests/data/bad): every case is read right and runs through the whole flow,
or is refused with one clear message that names the file, column or value and says what to do next.

The flow is the one the app and the command line share: `read_table` → `detection.infer_schema` → split → fit →
sample → fidelity, through `synth_core.pipeline`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest

from synth_core.detection import infer_schema
from synth_core.errors import SchemaError, SynthStudioError, TableReadError, TooFewRowsError
from synth_core.export_files import to_csv_bytes
from synth_core.io import ReadOptions, read_table
from synth_core.pipeline import RunConfig, run_pipeline
from synth_core.schema import MAX_MODELLED_COLUMNS, ColumnKind, ColumnRole
from synth_core.split import rows_needed
from tests.conftest import DATA_DIR
from tests.data.bad import make_corpus as corpus

BAD_DIR = DATA_DIR / "bad"
CORPUS_LIMIT_BYTES = 1_500_000
K = ColumnKind


@dataclass(frozen=True)
class Readable:
    """A case that is read as the table it was made from and then runs through the whole flow.

    Attributes:
        expected: Builds the table the file was written from; None when a dedicated test checks the values.
        kinds: Detected kinds of some columns.
        warnings: Parts of the reader's warnings.
        generator: The generator to fit (the independent-columns baseline where a table is large).
    """

    expected: Callable[[], pd.DataFrame] | None
    kinds: dict[str, ColumnKind] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    generator: str = "gaussian_copula"


@dataclass(frozen=True)
class Refused:
    """A case refused with one message: what failed, naming the file, column or value, and what to do."""

    error: type[SynthStudioError]
    says: tuple[str, ...]


def _ragged() -> pd.DataFrame:
    frame = corpus.census_frame(40, seed=3)
    frame.loc[19, ["native_country", "income"]] = np.nan  # line 21 was cut short
    return frame.drop(index=[4, 11]).reset_index(drop=True)  # lines 6 and 13 had a field too many


def _quoted_newlines() -> pd.DataFrame:
    notes = pd.Series(np.nan, index=range(40), dtype=object)
    notes[[2, 7, 15, 30]] = [
        "Moved house in March.\nNew address not given.",
        'Said "ask my wife",\nthen answered anyway',
        "Two jobs:\r\nday shift, night shift",
        "Line one\nLine two\nLine three",
    ]
    return corpus.census_frame(40, seed=4).assign(interviewer_note=notes)


def _renamed(seed: int, columns: list[str], names: list[str]) -> Callable[[], pd.DataFrame]:
    def build() -> pd.DataFrame:
        frame = corpus.census_frame(40, seed=seed)[columns]
        frame.columns = names
        return frame

    return build


READABLE: dict[str, Readable] = {
    "ragged.csv": Readable(
        _ragged,
        {"age": K.NUMERICAL, "education_num": K.ORDINAL, "income": K.CATEGORICAL},
        (
            "Skipped 2 line(s) with more fields than the header's 10: line 6, 13",
            "missing cells were left empty: line 21",
        ),
    ),
    "cr_line_endings.csv": Readable(lambda: corpus.census_frame(30, seed=30), {"workclass": K.CATEGORICAL}),
    "quoted_newlines.csv": Readable(_quoted_newlines, {"interviewer_note": K.TEXT}),
    "utf8_bom.csv": Readable(lambda: corpus.census_frame(40, seed=5), {"age": K.NUMERICAL}),
    "latin1.csv": Readable(lambda: corpus.european_frame(40, seed=6), {"region": K.CATEGORICAL}),
    "utf16.csv": Readable(lambda: corpus.european_frame(40, seed=7), {"region": K.CATEGORICAL}),
    "semicolon_decimal_comma.csv": Readable(
        lambda: corpus.wage_frame(40, seed=8), {"hourly_wage": K.NUMERICAL, "annual_income": K.NUMERICAL}
    ),
    "thousands_separators.csv": Readable(
        lambda: corpus.income_frame(40, seed=9), {"annual_income": K.NUMERICAL, "hourly_wage": K.NUMERICAL}
    ),
    "mixed_types.csv": Readable(None, {"hours_per_week": K.CATEGORICAL, "age": K.NUMERICAL}),
    "mixed_types.jsonl": Readable(None, {"hours_per_week": K.CATEGORICAL}),
    "all_null_column.csv": Readable(
        lambda: corpus.census_frame(40, seed=11).assign(second_job=np.nan), {"second_job": K.CATEGORICAL}
    ),
    "constant_column.csv": Readable(
        lambda: corpus.census_frame(40, seed=12).assign(survey_year=2024, native_country="United-States"),
        {"survey_year": K.CATEGORICAL, "native_country": K.CATEGORICAL},
    ),
    "single_column.csv": Readable(lambda: corpus.census_frame(60, seed=13)[["age"]], {"age": K.NUMERICAL}),
    "duplicate_column_names.csv": Readable(
        None,
        {"age": K.NUMERICAL, "age_2": K.NUMERICAL, "hours_2": K.ORDINAL},
        ("Renamed 2 column(s)", "'age' (column 6) → 'age_2'", "'hours' (column 7) → 'hours_2'"),
    ),
    "empty_column_names.csv": Readable(
        None,
        {"column_2": K.CATEGORICAL, "column_5": K.ORDINAL, "column_6": K.CATEGORICAL},
        ("Renamed 3 column(s)", "'' (column 2) → 'column_2'", "'' (column 6) → 'column_6'"),
    ),
    "unicode_column_names.csv": Readable(
        _renamed(
            16,
            ["age", "sex", "hours_per_week", "marital_status", "income"],
            ["âge", "性别", "ساعات العمل", "Familienstand", "income 💶"],
        ),
        {"âge": K.NUMERICAL, "性别": K.CATEGORICAL, "ساعات العمل": K.NUMERICAL},
    ),
    "long_cell.csv": Readable(None, {"note": K.CATEGORICAL}),
    "formula_cells.csv": Readable(None, {"comment": K.CATEGORICAL}),
    "several_sheets.xlsx": Readable(
        lambda: corpus.census_frame(30, seed=21),
        {"education_num": K.ORDINAL},
        ("The workbook has 3 sheets (Wave 2022, Wave 2023, Notes); read 'Wave 2022'.",),
    ),
    "nested.parquet": Readable(
        None,
        {"languages": K.CATEGORICAL, "household": K.CATEGORICAL},
        ("Nested values in 'languages', 'household' were turned into JSON text",),
    ),
    "high_cardinality.csv": Readable(
        None, {"block_group": K.ID, "age": K.NUMERICAL, "sex": K.CATEGORICAL}, generator="independent_columns"
    ),
}

UNREADABLE: dict[str, Refused] = {
    "empty.csv": Refused(TableReadError, ("'empty.csv' is empty.", "Choose a file that contains a table.")),
    "header_only.csv": Refused(
        TableReadError,
        ("'header_only.csv' has a header row but no data rows.", "Add at least one row of data under the header"),
    ),
    "binary.csv": Refused(
        TableReadError,
        (
            "'binary.csv' does not contain a table: its content looks like binary data.",
            "Upload a CSV, TSV, Excel (.xlsx), Parquet or JSON file.",
        ),
    ),
    "unclosed_quote.csv": Refused(
        TableReadError,
        ("'unclosed_quote.csv' has a quote (\") on line 18 that is never closed", "Close or remove that quote"),
    ),
}

NOT_LEARNABLE: dict[str, Refused] = {
    "three_rows.csv": Refused(
        TooFewRowsError,
        (
            "'three_rows.csv' has 3 row(s), too few to learn from",
            "leaves 2 to train on and 1 held out",
            "Add rows (at least 12 with a 20% holdout).",
        ),
    ),
    "id_and_emails.csv": Refused(
        SchemaError,
        (
            "No column can be learnt: 'respondent_id' is a key, 'email' is personal data",
            "Give at least one column a kind a generator learns",
        ),
    ),
    "free_text_only.csv": Refused(SchemaError, ("No column can be learnt: 'answer' is free text",)),
    "mixed_dates.csv": Refused(
        SchemaError,
        (
            "Column 'interview_date' holds dates written in several formats (for example '2023-04-30', "
            "'09/11/2023', 'April 02, 2023')",
            "Rewrite them in one format, such as 2023-04-30",
        ),
    ),
    "wide_500_columns.csv": Refused(
        SchemaError,
        (
            f"499 columns are modelled, more than the {MAX_MODELLED_COLUMNS}",
            "(124,251 pairs here)",
            "Set the role of the columns you do not need to ignore",
        ),
    ),
}


def _read(name: str, options: ReadOptions | None = None):
    return read_table(corpus.case_bytes(name), name=name, options=options)


def _run(frame: pd.DataFrame, schema, name: str, generator: str = "gaussian_copula"):
    return run_pipeline(frame, schema=schema, config=RunConfig(generator, seed=0), data_name=name)


# --- The corpus itself ----------------------------------------------------------------------------


def test_every_case_has_an_expected_outcome():
    cases = set(corpus.CORPUS) | set(corpus.BUILT_AT_TEST_TIME)

    covered = [*READABLE, *UNREADABLE, *NOT_LEARNABLE]

    assert sorted(covered) == sorted(cases)


def test_committed_files_are_what_the_script_makes_and_stay_small():
    built = corpus.build_corpus()

    on_disk = {
        path.name: path.read_bytes()
        for path in BAD_DIR.iterdir()
        if path.is_file() and path.suffix != ".py" and not path.name.startswith(".")
    }

    assert on_disk.keys() == built.keys()
    assert [name for name in built if on_disk[name] != built[name]] == []
    assert sum(len(raw) for raw in on_disk.values()) < CORPUS_LIMIT_BYTES


# --- Files that are not tables --------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_a_file_that_is_not_a_table_is_refused_naming_it(name):
    refusal = UNREADABLE[name]

    with pytest.raises(refusal.error) as caught:
        _read(name)

    for part in refusal.says:
        assert part in str(caught.value)


# --- Files read right, then through the whole flow -----------------------------------------------


@pytest.mark.parametrize("name", sorted(READABLE))
def test_a_readable_case_reads_right_and_runs_through_the_flow(name):
    case = READABLE[name]

    read = _read(name)
    schema = infer_schema(read.frame)
    outcome = _run(read.frame, schema, name, case.generator)

    if case.expected is not None:
        pd.testing.assert_frame_equal(read.frame, case.expected())
    for part in case.warnings:
        assert any(part in warning for warning in read.warnings), (part, read.warnings)
    assert {column: schema.column(column).kind for column in case.kinds} == case.kinds
    assert list(outcome.synthetic.columns) == schema.output_columns
    assert len(outcome.synthetic) == outcome.run.train_rows == len(read.frame) - round(len(read.frame) * 0.2)
    fidelity = outcome.run.fidelity
    assert 0.5 <= fidelity.column_shapes <= 1.0
    assert 0.0 <= fidelity.overall <= 1.0
    assert fidelity.overall == pytest.approx(np.nanmean([fidelity.column_shapes, fidelity.column_pair_trends]))


def test_mixed_types_are_kept_as_written_and_the_reason_names_the_words():
    read = _read("mixed_types.csv")

    column = infer_schema(read.frame).column("hours_per_week")

    hours = read.frame["hours_per_week"]
    words = hours[pd.to_numeric(hours, errors="coerce").isna()]
    assert words.value_counts().to_dict() == {"varies": 3, "40+": 2, "seasonal": 1, "?": 1}
    expected = corpus.census_frame(60, seed=10)
    numbers = pd.to_numeric(hours, errors="coerce").notna()
    assert (hours[numbers].astype(int) == expected["hours_per_week"][numbers]).all()
    assert "88% of the values are numbers, but 7 are not (for example 'varies', '40+' and 'seasonal')" in column.reason
    assert "choose numerical" in column.reason


def test_mixed_json_types_stay_numbers_words_and_booleans():
    read = _read("mixed_types.jsonl")

    column = infer_schema(read.frame).column("hours_per_week")

    values = read.frame["hours_per_week"]
    assert {type(value).__name__ for value in values} == {"int", "str", "bool"}
    assert (values == "varies").sum() == 6
    assert "(for example 'varies' and 'True')" in column.reason


def test_an_all_null_column_is_ignored_and_left_out_of_the_synthetic_data():
    read = _read("all_null_column.csv")

    schema = infer_schema(read.frame)
    outcome = _run(read.frame, schema, "all_null_column.csv")

    assert schema.column("second_job").role is ColumnRole.IGNORE
    assert "Every value is missing" in schema.column("second_job").reason
    assert "second_job" not in outcome.synthetic.columns


def test_constant_columns_stay_constant():
    read = _read("constant_column.csv")

    outcome = _run(read.frame, infer_schema(read.frame), "constant_column.csv")

    assert set(outcome.synthetic["survey_year"]) == {2024}
    assert set(outcome.synthetic["native_country"]) == {"United-States"}


def test_a_single_column_has_shapes_but_no_pair_trends():
    read = _read("single_column.csv")

    fidelity = _run(read.frame, infer_schema(read.frame), "single_column.csv").run.fidelity

    assert fidelity.pairs == ()
    assert math.isnan(fidelity.column_pair_trends)
    assert fidelity.overall == pytest.approx(fidelity.column_shapes)


def test_duplicate_and_empty_names_keep_every_column_under_a_new_name():
    duplicates = _read("duplicate_column_names.csv").frame
    empties = _read("empty_column_names.csv").frame

    source = corpus.census_frame(40, seed=14)
    assert list(duplicates.columns) == ["age", "education", "hours", "sex", "income", "age_2", "hours_2"]
    assert duplicates["age"].tolist() == source["age"].tolist()
    assert duplicates["hours"].tolist() == source["hours_per_week"].tolist()
    assert list(empties.columns) == ["age", "column_2", "hours_per_week", "income", "column_5", "column_6"]
    assert empties["column_2"].tolist() == corpus.census_frame(40, seed=15)["education"].tolist()
    assert set(empties["column_6"]) == {"yes", "no"}


def test_a_10000_character_cell_is_read_whole():
    frame = _read("long_cell.csv").frame

    assert len(frame.loc[9, "note"]) == 10_000
    assert frame.loc[9, "note"].startswith("The respondent described each job held since leaving school")
    assert frame["note"].drop(index=[9, 25]).eq("none").all()


def test_formula_like_cells_are_read_as_written_and_neutralised_on_export():
    frame = _read("formula_cells.csv").frame

    exported = to_csv_bytes(frame).decode()

    risky = frame.loc[frame["comment"] != "ok", "comment"].tolist()
    assert risky == [
        '=HYPERLINK("http://example.invalid","click")',
        "=1+1",
        "+ overtime paid",
        "-- no answer --",
        "@home most days",
        "\tindented answer",
        "\rstarts with a carriage return",
        "=SUM(A1:A9)",
    ]
    for value in ("'=1+1", "'+ overtime paid", "'-- no answer --", "'@home most days", "'\tindented answer"):
        assert value in exported
    assert "\n=1+1" not in exported and ",=1+1" not in exported


def test_every_sheet_of_a_workbook_can_be_chosen():
    second = _read("several_sheets.xlsx", ReadOptions(sheet="Wave 2023"))
    notes = _read("several_sheets.xlsx", ReadOptions(sheet="Notes"))

    pd.testing.assert_frame_equal(second.frame, corpus.census_frame(30, seed=22))
    assert second.sheets == ("Wave 2022", "Wave 2023", "Notes")
    assert list(notes.frame.columns) == ["Survey of working hours"]
    with pytest.raises(SchemaError, match="No column can be learnt: 'Survey of working hours' is free text"):
        _run(notes.frame, infer_schema(notes.frame), "several_sheets.xlsx")


def test_nested_parquet_values_become_json_text():
    frame = _read("nested.parquet").frame

    assert frame["languages"].value_counts().to_dict() == {
        '["English"]': 31,
        '["English", "Spanish"]': 8,
        '["English", "Spanish", "Tagalog"]': 1,
    }
    assert frame.loc[0, "household"] == '{"size": 5, "tenure": "owner"}'
    pd.testing.assert_frame_equal(frame.drop(columns=["languages", "household"]), corpus.census_frame(40, seed=24))


def test_a_50000_value_code_is_made_up_afresh_unless_the_user_keeps_it():
    read = _read("high_cardinality.csv")

    schema = infer_schema(read.frame)
    outcome = _run(read.frame, schema, "high_cardinality.csv", "independent_columns")

    column = schema.column("block_group")
    assert read.frame.shape == (60_000, 5)
    assert read.frame["block_group"].nunique() == 50_000
    assert column.role is ColumnRole.KEY
    assert "50,000 different codes among 60,000 rows" in column.reason
    assert "choose categorical to keep the real values" in column.reason
    assert not set(outcome.synthetic["block_group"]) & set(read.frame["block_group"])
    assert schema.with_column("block_group", kind="categorical", role="feature").problems(read.frame) == []


# --- Tables read right that nothing can be learnt from --------------------------------------------


@pytest.mark.parametrize("name", sorted(NOT_LEARNABLE))
def test_a_table_that_cannot_be_learnt_is_refused_before_fitting(name):
    refusal = NOT_LEARNABLE[name]
    read = _read(name)
    schema = infer_schema(read.frame)

    with pytest.raises(refusal.error) as caught:
        _run(read.frame, schema, name)

    for part in refusal.says:
        assert part in str(caught.value)


def test_three_rows_are_read_and_detected_before_being_refused():
    read = _read("three_rows.csv")

    schema = infer_schema(read.frame)

    pd.testing.assert_frame_equal(read.frame, corpus.census_frame(3, seed=25))
    assert schema.problems(read.frame) == []  # the table is fine; only its size is not


def test_the_row_minimum_is_the_one_the_message_gives():
    frame = corpus.census_frame(40, seed=31)

    needed = rows_needed(0.2)
    outcome = _run(frame.head(needed), infer_schema(frame.head(needed)), "people.csv", "independent_columns")

    assert needed == 12
    assert (outcome.run.train_rows, outcome.run.holdout_rows) == (10, 2)
    with pytest.raises(TooFewRowsError, match=r"'people\.csv' has 11 row"):
        _run(frame.head(needed - 1), infer_schema(frame.head(needed - 1)), "people.csv", "independent_columns")


def test_ids_and_emails_are_detected_as_such():
    schema = infer_schema(_read("id_and_emails.csv").frame)

    assert schema.column("respondent_id").kind is ColumnKind.ID
    assert schema.column("email").kind is ColumnKind.PERSONAL
    assert schema.column("email").pii_type == "email"
    assert schema.modelled_columns == []


def test_mixed_date_formats_run_once_the_column_is_no_longer_a_date():
    read = _read("mixed_dates.csv")
    schema = infer_schema(read.frame)

    outcome = _run(read.frame, schema.with_column("interview_date", role="ignore"), "mixed_dates.csv")

    assert schema.column("interview_date").kind is ColumnKind.DATETIME
    assert "written in several formats" in schema.column("interview_date").reason
    assert "interview_date" not in outcome.synthetic.columns


def test_a_wide_table_runs_once_the_columns_not_needed_are_ignored():
    read = _read("wide_500_columns.csv")
    schema = infer_schema(read.frame)
    for name in read.frame.columns[20:]:
        schema = schema.with_column(name, role="ignore")

    outcome = _run(read.frame, schema, "wide_500_columns.csv", "independent_columns")

    assert read.frame.shape == (40, 500)
    assert schema.column("respondent_id").kind is ColumnKind.ID
    assert len(schema.modelled_columns) == 19
    assert outcome.synthetic.shape == (32, 20)
