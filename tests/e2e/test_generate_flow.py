"""The whole flow in a real browser on Adult: upload, generate, see a distribution, download."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from dashboard.page_registry import EXPORT, FIDELITY, GENERATE
from tests.conftest import SAMPLE_DIR
from tests.e2e.conftest import upload

pytestmark = pytest.mark.browser


def test_upload_generate_plot_and_download(page, record_property):
    started = time.monotonic()
    page.get_by_text("Upload a file or load a sample to begin").wait_for()
    upload(page, SAMPLE_DIR / "adult.csv")
    page.get_by_text("adult.csv: 32,561 rows × 15 columns").wait_for()

    page.get_by_role("link", name=GENERATE.title).click()
    page.get_by_role("button", name="Generate").click()  # Gaussian copula is the default
    page.get_by_role("heading", name="Current run").wait_for()

    page.get_by_role("link", name=FIDELITY.title).first.click()
    page.get_by_role("heading", name="Distributions").wait_for()
    page.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first.wait_for()

    page.get_by_role("link", name=EXPORT.title).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    downloaded = pd.read_csv(download.value.path())
    elapsed = time.monotonic() - started
    record_property("adult_browser_flow_seconds", round(elapsed, 1))

    real_columns = list(pd.read_csv(SAMPLE_DIR / "adult.csv", nrows=1).columns)
    assert list(downloaded.columns) == real_columns
    assert len(downloaded) == 26049
    assert download.value.suggested_filename.endswith(".csv")
    assert page.get_by_test_id("stException").count() == 0
