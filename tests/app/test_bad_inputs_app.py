"""The bad-input corpus through the real pages: Data, then Generate, then Fidelity.

Every case either loads (its values on the Data page), generates, and renders the Fidelity page, or
shows its one clear message. No case shows a traceback, and a file that is refused leaves the data
loaded before, and its schema, in place.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.page_registry import FIDELITY, GENERATE
from synth_core.detection import infer_schema
from synth_core.io import read_table
from tests.data.bad import make_corpus as corpus
from tests.unit.test_bad_inputs import NOT_LEARNABLE, READABLE, UNREADABLE

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT = 60
GOOD_NAME = "good_people.csv"
GOOD_BYTES = corpus.census_frame(60, seed=99).to_csv(index=False).encode()
SCHEMA_PROBLEMS = ("id_and_emails.csv", "free_text_only.csv", "mixed_dates.csv", "wide_500_columns.csv")


def _app_with_good_data() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    _upload(at, GOOD_NAME, GOOD_BYTES)
    assert at.session_state["dataset"].name == GOOD_NAME
    return at


def _upload(at: AppTest, name: str, raw: bytes) -> None:
    at.file_uploader[0].set_value((name, raw, "application/octet-stream")).run()


def _generate(at: AppTest, generator: str) -> None:
    at.switch_page(GENERATE.path).run()
    at.selectbox(key="generator_name").set_value(generator).run()
    next(button for button in at.button if button.label == "Generate").click().run()


def _texts(elements) -> list[str]:
    return [element.value for element in elements]


def _assert_loaded(at: AppTest, name: str) -> pd.DataFrame:
    """The page shows the new table, and the session holds it with the schema detected from it."""
    expected = read_table(corpus.case_bytes(name), name=name).frame
    rows, columns = expected.shape
    assert f"Loaded **{name}**: {rows:,} rows × {columns:,} columns." in _texts(at.success)
    assert [metric.value for metric in at.metric][:2] == [f"{rows:,}", f"{columns:,}"]
    dataset = at.session_state["dataset"]
    assert dataset.name == name
    pd.testing.assert_frame_equal(dataset.frame, expected)
    assert at.session_state["schema"] == infer_schema(expected)
    preview = at.dataframe[1].value  # the schema editor, then the preview of the first rows
    assert list(preview.columns) == list(expected.columns)
    return expected


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_a_file_that_is_not_a_table_shows_its_message_and_keeps_the_good_data(name):
    at = _app_with_good_data()
    schema_before = at.session_state["schema"]

    _upload(at, name, corpus.case_bytes(name))

    assert not at.exception
    message = at.error[0].value
    for part in UNREADABLE[name].says:
        assert part in message
    assert "The data you loaded before is still in place." in message
    assert at.session_state["dataset"].name == GOOD_NAME
    assert at.session_state["schema"] == schema_before
    assert f"Loaded **{GOOD_NAME}**: 60 rows × 10 columns." in _texts(at.success)


@pytest.mark.parametrize("name", sorted(READABLE))
def test_a_readable_case_loads_generates_and_renders_fidelity(name):
    at = _app_with_good_data()

    _upload(at, name, corpus.case_bytes(name))
    assert not at.exception
    _assert_loaded(at, name)
    for part in READABLE[name].warnings:
        assert any(part in warning for warning in _texts(at.warning)), part
    _generate(at, "independent_columns")  # the fastest fit; the unit tests fit the Gaussian copula
    assert not at.exception
    assert "Done." in _texts(at.success)
    at.switch_page(FIDELITY.path).run()

    assert not at.exception
    assert not at.error
    outcome = at.session_state["runs"][at.session_state["current_run"]]
    assert outcome.run.data_name == name
    assert any(metric.label == "Overall quality" and metric.value.endswith("%") for metric in at.metric)
    assert len(at.get("plotly_chart")) >= 2  # at least the score summary and the PCA projection


def test_three_rows_load_and_generating_says_how_many_rows_are_needed():
    at = _app_with_good_data()
    _upload(at, "three_rows.csv", corpus.case_bytes("three_rows.csv"))
    _assert_loaded(at, "three_rows.csv")

    _generate(at, "gaussian_copula")

    assert not at.exception
    message = at.error[0].value
    for part in NOT_LEARNABLE["three_rows.csv"].says:
        assert part in message
    assert "Your earlier results are unchanged." in message
    assert "runs" not in at.session_state or not at.session_state["runs"]


def test_three_rows_training_download_says_why_it_cannot_be_made():
    at = _app_with_good_data()
    _upload(at, "three_rows.csv", corpus.case_bytes("three_rows.csv"))
    next(slider for slider in at.slider if slider.label == "Share of rows kept aside").set_value(5).run()

    next(button for button in at.button if button.label == "Prepare the training rows (CSV)").click().run()

    assert not at.exception
    assert any("'three_rows.csv' has 3 row(s), too few to learn from" in text for text in _texts(at.error))


@pytest.mark.parametrize("name", SCHEMA_PROBLEMS)
def test_a_table_nothing_can_be_learnt_from_loads_and_says_what_to_change(name):
    at = _app_with_good_data()

    _upload(at, name, corpus.case_bytes(name))
    _assert_loaded(at, name)
    data_page_warnings = _texts(at.warning)
    at.switch_page(GENERATE.path).run()

    assert not at.exception
    for part in NOT_LEARNABLE[name].says:
        assert any(part in text for text in data_page_warnings), part
        assert any(part in text for text in _texts(at.warning)), part
    assert any("Fix the schema on the Data page before generating" in text for text in _texts(at.warning))
    assert not any(button.label == "Generate" for button in at.button)


def test_another_sheet_of_a_workbook_can_be_chosen_on_the_page():
    at = _app_with_good_data()
    _upload(at, "several_sheets.xlsx", corpus.case_bytes("several_sheets.xlsx"))
    sheet_box = next(box for box in at.selectbox if box.label == "Excel sheet")
    assert sheet_box.options == ["Automatic", "Wave 2022", "Wave 2023", "Notes"]

    sheet_box.set_value("Wave 2023").run()

    assert not at.exception
    pd.testing.assert_frame_equal(at.session_state["dataset"].frame, corpus.census_frame(30, seed=22))
    assert any("read 'Wave 2023'" in warning for warning in _texts(at.warning))


def test_a_single_column_shows_pair_trends_as_not_available():
    at = _app_with_good_data()
    _upload(at, "single_column.csv", corpus.case_bytes("single_column.csv"))
    _generate(at, "gaussian_copula")

    at.switch_page(FIDELITY.path).run()

    assert not at.exception
    values = {metric.label: metric.value for metric in at.metric}
    assert values["Column pair trends"] == "n/a"
    assert values["Overall quality"] == values["Column shapes"]
