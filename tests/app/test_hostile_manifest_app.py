"""Hostile saved runs on the Compare page: a costly manifest waits for a choice, forged scores are labelled as
claimed by the file until recomputed, and a tampered bundle gets a message."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.page_registry import COMPARE
from tests.conftest import DATA_DIR
from tests.data.hostile import make_bundles

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
HOSTILE = DATA_DIR / "hostile"
TIMEOUT = 60
COSTLY = "This run looks costly, so it has not started."


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    return at


def _button(at: AppTest, label: str):
    return next(button for button in at.button if button.label == label)


def _nothing_ran(at: AppTest) -> bool:
    return not at.session_state["runs"] if "runs" in at.session_state else True


def _open_saved(at: AppTest, name: str) -> None:
    mime = "application/zip" if name.endswith(".zip") else "application/json"
    at.file_uploader(key="saved_upload").set_value((name, (HOSTILE / name).read_bytes(), mime)).run()


def _load_german_credit(at: AppTest) -> None:
    next(box for box in at.selectbox if box.label == "Sample").set_value("german_credit").run()
    _button(at, "Load this sample").click().run()


def _load_bundle_table(at: AppTest) -> None:
    table = HOSTILE / make_bundles.TABLE
    at.file_uploader[0].set_value((table.name, table.read_bytes(), "text/csv")).run()


def test_the_costly_manifest_waits_for_a_choice_and_nothing_runs_until_then():
    at = _app()
    _load_german_credit(at)
    at.switch_page(COMPARE.path).run()

    _open_saved(at, "costly_manifest.json")

    assert not at.exception
    prompt = next(warning.value for warning in at.warning if COSTLY in warning.value)
    assert "may take about" in prompt
    labels = [button.label for button in at.button]
    assert "Run it anyway" in labels and "Cancel" in labels
    assert _nothing_ran(at)
    assert not at.get("progress")  # no job started

    at.run()  # another rerun, as any click elsewhere makes: still waiting, still nothing
    assert any(COSTLY in warning.value for warning in at.warning)
    assert _nothing_ran(at)

    _button(at, "Cancel").click().run()
    assert not any(COSTLY in warning.value for warning in at.warning)
    at.run()
    assert not any(COSTLY in warning.value for warning in at.warning)
    assert _nothing_ran(at)
    assert not at.get("progress")


def test_forged_scores_are_claimed_by_the_file_until_recomputed():
    at = _app()
    _load_bundle_table(at)
    at.switch_page(COMPARE.path).run()

    _open_saved(at, "forged_scores.zip")

    assert not at.exception
    board = at.dataframe[0].value
    assert board["Scores"].tolist() == ["claimed by the file"]
    assert board["Fidelity"].tolist() == [make_bundles.FORGED_FIDELITY]
    claimed = [warning.value for warning in at.warning if "claimed by the file" in warning.value]
    assert len(claimed) == 1 and "forged_scores" in claimed[0]  # names the file (escaped as the page shows it)

    _button(at, "Recompute").click().run()

    assert not at.exception
    board = at.dataframe[0].value
    assert board["Scores"].tolist() == ["computed here"]
    assert board["Fidelity"].iloc[0] != make_bundles.FORGED_FIDELITY
    assert not any("claimed by the file" in warning.value for warning in at.warning)
    assert not any(button.label == "Recompute" for button in at.button)


def test_a_bundle_with_a_path_for_a_run_id_is_refused_with_a_message():
    at = _app()
    _load_bundle_table(at)
    at.switch_page(COMPARE.path).run()

    _open_saved(at, "path_run_id.zip")

    assert not at.exception
    message = at.error[0].value
    assert "path_run_id" in message and "is not a run manifest this app can use" in message
    assert "run_id must be 12 lowercase hexadecimal characters" in message
    assert _nothing_ran(at)
