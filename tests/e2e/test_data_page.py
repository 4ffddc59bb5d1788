"""Upload a CSV through the browser's file chooser and see the schema table."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLE_DIR
from tests.e2e.conftest import upload

pytestmark = pytest.mark.browser


def test_upload_csv_shows_the_schema(page):
    page.get_by_text("Upload a file or load a sample to begin").wait_for()

    upload(page, SAMPLE_DIR / "german_credit.csv")

    page.get_by_text("german_credit.csv: 1,000 rows × 21 columns").wait_for()
    page.get_by_role("heading", name="Schema").wait_for()
    editor = page.get_by_test_id("stDataFrame").first
    editor.wait_for()
    # The grid keeps an accessible (visually hidden) table of the rows on screen.
    editor.locator("td", has_text="credit_history").first.wait_for(state="attached")
    cells = editor.locator('td[role="gridcell"]').all_inner_texts()
    assert {"credit_history", "duration_in_month", "numerical", "categorical", "ordinal", "feature"} <= set(cells)
    assert page.get_by_test_id("stException").count() == 0
