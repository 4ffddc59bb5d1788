"""Two generators in the browser, both on the Compare page's leaderboard."""

from __future__ import annotations

import pytest

from dashboard.page_registry import COMPARE, GENERATE
from tests.e2e.conftest import pick_generator

pytestmark = pytest.mark.browser


def _generate_with(page, option: str | None, label: str) -> None:
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=GENERATE.title).click()
    if option:
        pick_generator(page, option)
    page.get_by_role("button", name="Generate").click()
    # The current run's summary names its generator in bold once the run has finished.
    page.locator("strong", has_text=label).first.wait_for()


def test_two_generators_appear_in_the_leaderboard(page):
    page.get_by_role("tab", name="Use a bundled sample").click()
    page.get_by_test_id("stSelectbox").filter(has_text="Sample").click()
    page.get_by_role("option", name="German credit (1,000 rows × 21 columns)").click()
    page.get_by_role("button", name="Load this sample").click()
    page.get_by_text("german_credit.csv: 1,000 rows").wait_for()

    _generate_with(page, None, "Gaussian copula (SDV)")  # the default generator
    _generate_with(page, "Independent columns (baseline) · baseline", "Independent columns (baseline)")

    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=COMPARE.title).click()
    page.get_by_role("heading", name="Leaderboard").wait_for()
    board = page.get_by_test_id("stDataFrame").first
    board.locator("td", has_text="Gaussian copula (SDV)").first.wait_for(state="attached")
    cells = board.locator('td[role="gridcell"]').all_inner_texts()
    assert "Gaussian copula (SDV)" in cells
    assert "Independent columns (baseline)" in cells
    assert page.get_by_test_id("stException").count() == 0
