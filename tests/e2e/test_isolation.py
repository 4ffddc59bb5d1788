"""Two browser sessions on one server never see each other's data, Runs or results."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.page_registry import COMPARE, GENERATE
from tests.e2e.conftest import CONTEXT_OPTIONS, pick_generator, upload

pytestmark = pytest.mark.browser

MARKER = "Quokka-7731"  # a value only session A's file holds


def _nav(page, name: str) -> None:
    page.get_by_test_id("stSidebarNavItems").get_by_role("link", name=name, exact=True).click()


def _generate(page, option: str | None, label: str) -> None:
    _nav(page, GENERATE.title)
    if option:
        pick_generator(page, option)
    page.get_by_role("button", name="Generate", exact=True).click()
    page.locator("strong", has_text=label).first.wait_for()


def _leaderboard(page) -> list[str]:
    _nav(page, COMPARE.title)
    page.get_by_role("heading", name="Leaderboard").wait_for()
    board = page.get_by_test_id("stDataFrame").first
    board.locator('td[role="gridcell"]').first.wait_for(state="attached")
    return board.locator('td[role="gridcell"]').all_inner_texts()


def test_two_sessions_keep_their_own_data_and_runs(browser, server, tmp_path):
    server_url = server.url
    private = tmp_path / "private_sales.csv"
    pd.DataFrame(
        {
            "store": [MARKER if i % 7 == 0 else f"Store {i % 5}" for i in range(300)],
            "units": [(i * 37) % 101 for i in range(300)],
            "price": [round(2.5 + (i * 13) % 17 * 0.75, 2) for i in range(300)],
        }
    ).to_csv(private, index=False)
    first_context, second_context = browser.new_context(**CONTEXT_OPTIONS), browser.new_context(**CONTEXT_OPTIONS)
    try:
        first, second = first_context.new_page(), second_context.new_page()
        for page in (first, second):
            page.set_default_timeout(60_000)
            page.goto(server_url)

        upload(first, private)
        first.get_by_text("private_sales.csv: 300 rows").wait_for()
        second.get_by_role("tab", name="Use a bundled sample").click()
        second.get_by_test_id("stSelectbox").filter(has_text="Sample").click()
        second.get_by_role("option", name="German credit (1,000 rows × 21 columns)").click()
        second.get_by_role("button", name="Load this sample").click()
        second.get_by_text("german_credit.csv: 1,000 rows").wait_for()

        _generate(first, "Independent columns (baseline) · baseline", "Independent columns (baseline)")
        _generate(second, None, "Gaussian copula (SDV)")

        first_board, second_board = _leaderboard(first), _leaderboard(second)
        assert "Independent columns (baseline)" in first_board and "Gaussian copula (SDV)" not in first_board
        assert "Gaussian copula (SDV)" in second_board and "Independent columns (baseline)" not in second_board

        # The second session's pages hold nothing of the first's file, and vice versa.
        for name in ("Data", "Generate", "Fidelity", "Export"):
            _nav(second, name)
            second.get_by_role("heading", name=name, exact=True).wait_for()
            text = second.get_by_test_id("stMain").inner_text()
            assert MARKER not in text and "private_sales" not in text
        _nav(first, "Data")
        first.get_by_text("private_sales.csv: 300 rows").wait_for()
        assert "german_credit" not in first.get_by_test_id("stMain").inner_text()
        for page in (first, second):
            assert page.get_by_test_id("stException").count() == 0
        # Nothing of the upload reached the disk or the server's log.
        for folder in (server.workdir, server.tmpdir):
            for path in folder.rglob("*"):
                assert not path.is_file() or MARKER.encode() not in path.read_bytes(), path
        assert MARKER not in server.log.read_text(errors="replace")
    finally:
        first_context.close()
        second_context.close()
