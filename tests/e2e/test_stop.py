"""A long fit shows its progress and elapsed time, and Stop ends it without losing earlier results."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import pick_generator

pytestmark = pytest.mark.browser


def test_stop_a_ctgan_fit_and_keep_the_earlier_run(page):
    page.get_by_role("tab", name="Use a bundled sample").click()
    page.get_by_role("button", name="Load this sample").click()  # Adult
    page.get_by_text("adult.csv: 32,561 rows").wait_for()
    page.get_by_role("link", name="Generate").click()

    # A quick earlier run, which the stopped one must not replace.
    page.get_by_role("button", name="Generate").click()
    page.get_by_role("heading", name="Current run").wait_for()
    page.get_by_text("Gaussian copula (SDV)", exact=True).wait_for()

    pick_generator(page, "CTGAN (SDV) · deep learning")
    # Ten epochs: long enough to stop, and under the estimate that would first ask whether to subsample.
    epochs = page.get_by_role("spinbutton", name="Epochs")
    epochs.fill("10")
    epochs.press("Tab")
    page.get_by_role("button", name="Generate").click()
    progress = page.get_by_test_id("stProgress")
    progress.get_by_text("epoch").wait_for(timeout=120_000)
    assert " s" in progress.inner_text()  # elapsed time is shown

    page.get_by_role("button", name="Stop").click()

    page.get_by_text("Stopped. Your earlier results are unchanged.").wait_for()
    assert page.get_by_text("Gaussian copula (SDV)", exact=True).count() == 1
    assert page.get_by_test_id("stException").count() == 0

    # The stopped fit released the model lock: the next run goes through.
    pick_generator(page, "Independent columns (baseline) · baseline")
    page.get_by_role("button", name="Generate").click()
    page.get_by_text("Independent columns (baseline)", exact=True).wait_for()
