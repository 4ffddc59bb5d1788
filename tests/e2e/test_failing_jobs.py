"""On every page with a long step, a job that fails shows a message, never a traceback, and the page still works.

A server of its own is started with the job layer's test hook (`SYNTH_STUDIO_FAIL_JOBS`), which makes the
named jobs raise as soon as they start. Generating with the Gaussian copula is left working, so there is a
run for the other pages to fail on.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from synth_core.jobs import FAIL_JOBS_ENV
from tests.e2e.conftest import CONTEXT_OPTIONS, Server, pick_generator, running_server

pytestmark = pytest.mark.browser

FAILING = (
    "Generating with CTGAN (SDV)",
    "assess_detection",
    "review_privacy",
    "assess_utility",
    "try_all_generators",
    "build_reports_and_bundle",
    "pair_demo",
)


@pytest.fixture(scope="module")
def failing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("failing"), {FAIL_JOBS_ENV: ",".join(FAILING)}) as server:
        yield server


@pytest.fixture
def failing_page(browser, failing_server):
    context = browser.new_context(**CONTEXT_OPTIONS)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(failing_server.url)
    yield page
    context.close()


def _says_it_failed(page, step: str) -> None:
    alert = page.get_by_test_id("stAlert").filter(has_text=f"{step} failed")
    alert.wait_for(timeout=120_000)
    text = alert.inner_text()
    assert "made to fail on purpose" in text
    assert "Your earlier results are unchanged." in text
    assert page.get_by_test_id("stException").count() == 0
    assert "Traceback" not in page.content()


def test_a_failing_job_on_each_page_shows_a_message_and_the_page_still_works(failing_page):
    page = failing_page
    page.get_by_role("tab", name="Use a bundled sample").click()
    page.get_by_test_id("stSelectbox").filter(has_text="Sample").click()
    page.get_by_role("option", name="German credit (1,000 rows × 21 columns)").click()
    page.get_by_role("button", name="Load this sample").click()
    page.get_by_text("german_credit.csv: 1,000 rows").wait_for()
    page.get_by_role("link", name="Generate").click()

    # Generate: a working run first, then a failing one that leaves it in place.
    page.get_by_role("button", name="Generate").click()
    page.get_by_role("heading", name="Current run").wait_for(timeout=180_000)
    pick_generator(page, "CTGAN (SDV) · deep learning")
    epochs = page.get_by_role("spinbutton", name="Epochs")
    epochs.fill("1")
    epochs.press("Tab")
    page.get_by_role("button", name="Generate").click()
    _says_it_failed(page, "Generating with CTGAN (SDV)")
    page.get_by_text("Gaussian copula (SDV)", exact=True).wait_for()  # the earlier run is still shown

    page.get_by_role("link", name="Fidelity", exact=True).click()
    page.get_by_role("button", name="Measure detection").click()
    _says_it_failed(page, "Measuring detection")
    page.get_by_role("button", name="Measure detection").wait_for()  # the page still works

    page.get_by_role("link", name="Privacy", exact=True).click()
    _says_it_failed(page, "Measuring privacy distances")
    page.get_by_text("Settings and thresholds").wait_for()

    page.get_by_role("link", name="Utility", exact=True).click()
    page.get_by_role("button", name="Compute utility").click()
    _says_it_failed(page, "Computing utility")
    page.get_by_role("button", name="Compute utility").wait_for()

    page.get_by_role("link", name="Compare", exact=True).click()
    page.get_by_role("button", name="Try all generators").click()
    _says_it_failed(page, "Trying every generator")
    page.get_by_role("button", name="Try all generators").wait_for()

    page.get_by_role("link", name="Export", exact=True).click()
    page.get_by_role("button", name="Build the report and bundle").click()
    _says_it_failed(page, "Building the report and bundle")
    page.get_by_role("button", name="Build the report and bundle").wait_for()


def test_a_failing_live_training_in_a_lesson_keeps_the_stored_cloud(failing_page):
    page = failing_page
    page.get_by_role("link", name="2. How generators work").click()
    page.get_by_text("GAN (CTGAN) · deep learning").click()
    page.get_by_role("button", name="Train again now").click()
    _says_it_failed(page, "Training GAN (CTGAN) on two columns")
    page.get_by_text("Link in synthetic data").wait_for()  # the cloud trained in advance is shown
