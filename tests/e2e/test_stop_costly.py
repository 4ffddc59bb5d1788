"""Stop also ends a fit that was started from the costly-fit prompt, and the page stays usable."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import pick_generator

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("choice", ["every row", "subsample"])
def test_stop_a_fit_started_from_the_costly_fit_prompt(page, choice):
    page.get_by_role("tab", name="Use a bundled sample").click()
    page.get_by_role("button", name="Load this sample").click()  # Adult
    page.get_by_text("adult.csv: 32,561 rows").wait_for()
    page.get_by_role("link", name="Generate").click()

    pick_generator(page, "CTGAN (SDV) · deep learning")
    page.get_by_role("button", name="Generate").click()  # 300 epochs on Adult: the prompt asks first
    if choice == "every row":
        page.get_by_role("button", name="Fit on every row anyway").click()
    else:
        page.get_by_role("button", name="rows").filter(has_text="of 26,049").click()
    progress = page.get_by_test_id("stProgress")
    progress.get_by_text("epoch").wait_for(timeout=180_000)

    page.get_by_role("button", name="Stop").click()

    page.get_by_text("Stopped. Your earlier results are unchanged.").wait_for()
    assert page.get_by_role("button", name="Fit on every row anyway").count() == 0  # the prompt is gone
    assert page.get_by_test_id("stException").count() == 0
    pick_generator(page, "Independent columns (baseline) · baseline")
    page.get_by_role("button", name="Generate").click()
    page.get_by_text("Independent columns (baseline)", exact=True).wait_for()
