"""A table about people, with lower-case names, from upload to the Privacy page's review lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.page_registry import GENERATE, PRIVACY
from tests.e2e.conftest import upload

pytestmark = pytest.mark.browser

PEOPLE = Path(__file__).resolve().parents[1] / "data" / "sensitive" / "people_lowercase.csv"
# The review line each verdict level allows: a verdict that found any risk never reads "pass".
STATE_FOR_LEVEL = {"low": "pass", "medium": "needs review", "high": "fail"}


def _row_cells(editor, column: str) -> list[str]:
    """The visible cells of the schema grid's row for `column` (the grid keeps an accessible table)."""
    name_cell = editor.page.locator('td[aria-colindex="1"]', has_text=re.compile(f"^{column}$"))
    row = editor.locator("tr").filter(has=name_cell)
    return row.first.locator('td[role="gridcell"]').all_inner_texts()


def test_lower_case_names_are_personal_data_and_the_review_lines_match_the_evidence(page):
    page.get_by_text("Upload a file or load a sample to begin").wait_for()
    upload(page, PEOPLE)
    page.get_by_text(re.compile(r"people_lowercase\.csv: [\d,]+ rows × 16 columns")).wait_for()

    # Data page: the lower-case full name, first and last names and the birth date are personal data.
    personal = page.get_by_test_id("stMetric").filter(has_text="Personal-data columns")
    assert personal.get_by_test_id("stMetricValue").inner_text() == "4"
    editor = page.get_by_test_id("stDataFrame").first
    editor.locator("td", has_text="first").first.wait_for(state="attached")
    for column in ("name", "first", "last"):
        assert "personal" in _row_cells(editor, column), f"'{column}' is not shown as personal data"
    page.get_by_text("Rows unique on the quasi-identifiers").wait_for()

    page.get_by_role("link", name=GENERATE.title).click()
    page.get_by_role("button", name="Generate").click()  # Gaussian copula is the default
    page.get_by_role("heading", name="Current run").wait_for()

    page.get_by_role("link", name=PRIVACY.title).first.click()
    headline = page.get_by_role("heading", name=re.compile("^Privacy risk: "))
    headline.wait_for(timeout=180_000)
    level = re.match(r"Privacy risk: (low|medium|high)", headline.inner_text()).group(1)
    not_checked = "not checked" in headline.inner_text()

    alerts = page.get_by_test_id("stAlert")
    privacy_line = alerts.filter(has_text=re.compile(r"Privacy: (pass|needs review|fail|not checked)\.")).first
    personal_line = alerts.filter(has_text=re.compile(r"Personal data: (pass|needs review|fail|not checked)\.")).first
    privacy_state = re.search(r"Privacy: ([a-z ]+)\.", privacy_line.inner_text()).group(1)
    personal_state = re.search(r"Personal data: ([a-z ]+)\.", personal_line.inner_text()).group(1)

    # The line agrees with the verdict on the same page; a verdict with gaps is never a plain pass.
    if level == "low" and not_checked:
        assert privacy_state in ("pass", "needs review")
    else:
        assert privacy_state == STATE_FOR_LEVEL[level]
    # Every personal column was replaced, and the page's own table of learnt personal columns is empty.
    assert personal_state == "pass"
    assert "4 column(s) replaced with fake values and never learnt: name, first, last, dob." in (
        personal_line.inner_text()
    )
    page.get_by_role("heading", name="Personal data that is learnt").wait_for()
    page.get_by_text(re.compile(r"^Low\. No learnt column")).first.wait_for()
    assert page.get_by_test_id("stException").count() == 0
