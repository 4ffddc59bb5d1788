"""The guided tour in a real browser: it loads Adult and walks from Data to Export, one sentence per page."""

from __future__ import annotations

import pytest

from dashboard.tour import STEPS

pytestmark = pytest.mark.browser


def test_the_guided_tour_runs_from_start_to_end(page, server_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.get_by_role("button", name="Start the guided tour").click()
    page.get_by_text("adult.csv: 32,561 rows × 15 columns").wait_for()

    for number, step in enumerate(STEPS, start=1):
        banner = page.locator(".st-key-tour_banner")
        banner.get_by_text(f"Guided tour · step {number} of {len(STEPS)}: {step.title}.").wait_for()
        assert step.sentence.split(":")[0].split(".")[0].replace("`", "") in banner.inner_text()
        page.get_by_role("heading", name=step.title, exact=True).wait_for()
        if step.title == "Generate":
            page.get_by_role("button", name="Generate", exact=True).click()  # the Gaussian copula is the default
            page.get_by_role("heading", name="Current run").wait_for()
        if step.title == "Privacy":
            page.get_by_role("heading", name="Privacy risk:").wait_for()
        if number < len(STEPS):
            banner.get_by_role("button", name=f"Next: {STEPS[number].title}").click()

    page.locator(".st-key-tour_banner").get_by_role("button", name="Finish the tour").click()
    page.locator(".st-key-tour_banner").wait_for(state="detached")
    assert page.get_by_test_id("stException").count() == 0
    # Every page the tour visits loads from our own server only: no fonts, scripts or beacons from elsewhere.
    outside = {url for url in requested if not url.startswith((server_url, "data:", "blob:"))}
    assert not outside, outside
