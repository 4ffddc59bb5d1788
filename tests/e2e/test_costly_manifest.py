"""A manifest asking for CTGAN with 5,000 epochs and 10,000,000 rows, opened on the Compare page, goes through the
Generate button's gate: nothing runs until a choice is made, and once the user insists, Stop ends the work.

The server's processes are read from the operating system (psutil), as in `test_jobs.py`.
"""

from __future__ import annotations

import time

import pytest

from dashboard.page_registry import COMPARE
from tests.conftest import DATA_DIR
from tests.e2e.test_jobs import (
    BUSY_CPU_PERCENT,
    STOP_WITHIN_S,
    _cpu_percent,
    _descendants,
    _resident_bytes,
    _wait_until_gone,
    _wait_until_working,
)

pytestmark = pytest.mark.browser

MANIFEST = DATA_DIR / "hostile" / "costly_manifest.json"
COSTLY = "This run looks costly, so it has not started."
SETTLE_MS = 2_000  # long enough for a job that was going to start to show its progress bar


def _load_german_credit_and_open_compare(page) -> None:
    page.get_by_role("tab", name="Use a bundled sample").click()
    page.get_by_test_id("stSelectbox").filter(has_text="Sample").click()
    page.get_by_role("option", name="German credit (1,000 rows × 21 columns)").click()
    page.get_by_role("button", name="Load this sample").click()
    page.get_by_text("german_credit.csv: 1,000 rows").wait_for()
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=COMPARE.title).click()
    page.get_by_role("heading", name="Leaderboard").wait_for()


def _open_saved_run(page) -> None:
    """Open the "Carry on from a saved run" box and choose the manifest, as a person would."""
    box = page.get_by_test_id("stExpander").filter(has_text="Carry on from a saved run")
    box.get_by_text("Carry on from a saved run").click()
    with page.expect_file_chooser() as chooser:
        box.get_by_test_id("stFileUploaderDropzone").get_by_test_id("stBaseButton-secondary").click()
    chooser.value.set_files(str(MANIFEST))


def test_the_costly_manifest_waits_for_a_choice_and_stop_ends_it(page, server):
    _load_german_credit_and_open_compare(page)
    page.wait_for_timeout(1_000)
    idle_processes = _descendants(server.pid)

    _open_saved_run(page)
    page.get_by_text(COSTLY).wait_for()
    page.wait_for_timeout(SETTLE_MS)
    prompt = page.get_by_test_id("stAlert").filter(has_text=COSTLY).inner_text()

    assert "may take about" in prompt
    assert page.get_by_test_id("stProgress").count() == 0
    assert _descendants(server.pid) == idle_processes  # no job worker was started

    before = _resident_bytes(server.pid)
    page.get_by_role("button", name="Run it anyway").click()
    page.get_by_test_id("stProgress").wait_for()
    assert page.get_by_role("button", name="Run it anyway").count() == 0  # the prompt went once chosen
    _wait_until_working(server.pid, before)
    busy = _cpu_percent(server.pid)
    workers = _descendants(server.pid) - idle_processes

    page.get_by_role("button", name="Stop").click()
    seconds = _wait_until_gone(workers, STOP_WITHIN_S)
    page.get_by_text("Stopped: Opening costly_manifest.json.").wait_for()
    print(f"CPU {busy:.0f}% while the manifest's run worked; its worker ended {seconds:.2f} s after Stop")

    assert workers  # the run worked in a worker of its own
    assert busy > BUSY_CPU_PERCENT
    assert seconds < STOP_WITHIN_S
    assert page.get_by_test_id("stException").count() == 0
    time.sleep(0.5)
    assert page.get_by_text("No runs on this data and schema yet").count() == 1  # nothing was kept
