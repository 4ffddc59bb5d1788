"""Time the whole flow in a real browser on Adult: upload → generate (Gaussian copula) → plot → download.

Run: python benchmarks/browser_flow.py  (needs Debian's chromium at /usr/bin/chromium)
Target: at most 60 s on 2 cores. The CPU count is printed first.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from _server import CHROMIUM, CHROMIUM_ARGS, dashboard  # benchmarks/ is on the path when run as a script
from playwright.sync_api import sync_playwright

ADULT = Path(__file__).resolve().parent.parent / "sample_data" / "adult.csv"


def main() -> None:
    print(f"CPU count: {os.cpu_count()} (target: whole flow ≤ 60 s on 2 cores)")
    with dashboard() as server, sync_playwright() as playwright:
        url = server.url
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        marks = {}
        started = time.monotonic()
        page.goto(url)
        page.get_by_text("Upload a file or load a sample to begin").wait_for()
        with page.expect_file_chooser() as chooser:
            page.get_by_test_id("stFileUploaderDropzone").get_by_test_id("stBaseButton-secondary").click()
        chooser.value.set_files(str(ADULT))
        page.get_by_text("adult.csv: 32,561 rows").wait_for()
        marks["upload and schema"] = time.monotonic() - started
        page.get_by_role("link", name="Generate").click()
        page.get_by_role("button", name="Generate").click()
        page.get_by_role("heading", name="Current run").wait_for()
        marks["generate + fidelity"] = time.monotonic() - started
        page.get_by_role("link", name="Fidelity").first.click()
        page.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first.wait_for()
        marks["fidelity page with plots"] = time.monotonic() - started
        page.get_by_role("link", name="Export").click()
        with page.expect_download():
            page.get_by_role("button", name="Download CSV").click()
        marks["download CSV"] = time.monotonic() - started
        browser.close()
    for step, seconds in marks.items():
        print(f"{step:<28} at {seconds:6.1f} s")
    print(f"Whole flow: {marks['download CSV']:.1f} s (target ≤ 60 s)")


if __name__ == "__main__":
    main()
