"""Several people at once: N browser sessions drive one server through upload → Gaussian copula → Fidelity → Privacy.

Each session uploads German credit, generates with the default Gaussian copula (seed 0), opens the
Fidelity page and waits for its plots, then opens the Privacy page and waits for the verdict. The
benchmark prints each session's completion time, the server's peak resident memory, every error,
and whether every session saw exactly the same scores as a session alone (same data, same seeds).

Run: python benchmarks/load.py [--sessions 1 3 6]   (needs Debian's chromium at /usr/bin/chromium)
Our targets are for 2 cores; the CPU count is printed first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from _server import CHROMIUM, CHROMIUM_ARGS, dashboard  # benchmarks/ is on the path when run as a script
from playwright.async_api import Browser, Page, async_playwright

GERMAN_CREDIT = Path(__file__).resolve().parent.parent / "sample_data" / "german_credit.csv"
TIMEOUT_MS = 600_000
LAST_GENERATE_METRIC = "Column pair trends"
LAST_PRIVACY_METRIC = "Nearest-neighbour distance ratio"


@dataclass
class SessionResult:
    """What one simulated user saw."""

    seconds: float = 0.0
    scores: tuple[str, ...] = ()
    errors: list[str] = field(default_factory=list)


async def metric_values(page: Page) -> tuple[str, ...]:
    """The labels and values of every score on the page, in order."""
    labels = await page.get_by_test_id("stMetricLabel").all_inner_texts()
    values = await page.get_by_test_id("stMetricValue").all_inner_texts()
    return tuple(f"{label.strip()}={value.strip()}" for label, value in zip(labels, values, strict=False))


async def shown_errors(page: Page) -> list[str]:
    """Tracebacks and error boxes on the page."""
    errors = await page.get_by_test_id("stException").all_inner_texts()
    errors += await page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    return errors


async def one_session(browser: Browser, url: str) -> SessionResult:
    result = SessionResult()
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    started = time.monotonic()
    try:
        await page.goto(url)
        async with page.expect_file_chooser() as chooser:
            await page.get_by_test_id("stFileUploaderDropzone").get_by_test_id("stBaseButton-secondary").click()
        await (await chooser.value).set_files(str(GERMAN_CREDIT))
        await page.get_by_text("german_credit.csv: 1,000 rows").wait_for()
        nav = page.get_by_test_id("stSidebarNavItems")
        await nav.get_by_role("link", name="Generate", exact=True).click()
        await page.get_by_role("button", name="Generate", exact=True).click()
        await page.get_by_role("heading", name="Current run").wait_for()
        await page.get_by_test_id("stMetricLabel").filter(has_text=LAST_GENERATE_METRIC).wait_for()
        generated = await metric_values(page)
        await nav.get_by_role("link", name="Fidelity", exact=True).click()
        await page.get_by_test_id("stPlotlyChart").first.locator(".main-svg").first.wait_for()
        result.errors += await shown_errors(page)
        await nav.get_by_role("link", name="Privacy", exact=True).click()
        await page.get_by_role("heading", name="Privacy risk:").wait_for()
        await page.get_by_test_id("stMetricLabel").filter(has_text=LAST_PRIVACY_METRIC).wait_for()
        await page.wait_for_timeout(1_000)  # let the last metrics of the same run settle
        verdict = await page.get_by_role("heading", name="Privacy risk:").inner_text()
        result.scores = (*generated, verdict, *await metric_values(page))
        result.errors += await shown_errors(page)
    except Exception as error:  # a benchmark reports failures, it does not stop at the first
        result.errors.append(f"{type(error).__name__}: {error}")
    result.seconds = time.monotonic() - started
    await context.close()
    return result


async def drive(url: str, sessions: int) -> list[SessionResult]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = await asyncio.gather(*(one_session(browser, url) for _ in range(sessions)))
        await browser.close()
    return list(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 3, 6])
    args = parser.parse_args()
    print(f"CPU count: {os.cpu_count()} (targets are for 2 cores)")
    reference: tuple[str, ...] | None = None
    for sessions in args.sessions:
        with dashboard() as server:  # a fresh server per level, so peak memory is that level's
            started = time.monotonic()
            results = asyncio.run(drive(server.url, sessions))
            wall = time.monotonic() - started
            peak = server.peak_rss_bytes
        reference = reference or results[0].scores
        errors = [error for result in results for error in result.errors]
        identical = all(result.scores == reference for result in results)
        times = ", ".join(f"{result.seconds:.0f}" for result in sorted(results, key=lambda r: r.seconds))
        print(
            f"{sessions} session(s): completion {times} s (all done in {wall:.0f} s); server peak "
            f"{peak / 2**30:.2f} GiB; errors {len(errors)}; scores identical to one session alone: {identical}"
        )
        for error in errors:
            print(f"    error: {error[:300]}")
        if not identical:
            for result in results:
                if result.scores != reference:
                    print(f"    differs: {result.scores}")
    print(f"Scores compared: {len(reference or ())} values, e.g. {', '.join((reference or ())[:3])}")


if __name__ == "__main__":
    main()
