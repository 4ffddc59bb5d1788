"""The review controls of issue 14: quasi-identifiers on the Data page, rare-value protection, stale runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.page_registry import DATA, EXPORT, FIDELITY, GENERATE, PRIVACY, UTILITY
from synth_core.runs import RunConfig

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT = 60
QUASI_IDENTIFIER = "Quasi-identifier"
RARE_K = "Protect rare values (k)"


@pytest.fixture(scope="module")
def people_csv() -> bytes:
    """200 seeded people: age, sex and postcode single most of them out together; sex alone singles out no one."""
    rng = np.random.default_rng(0)
    rows = 200
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 80, rows),
            "sex": rng.choice(["F", "M"], rows),
            "postcode": rng.choice(["1000", "2000", "3000", "4000", "5000"], rows),
            "income": rng.normal(40_000, 9_000, rows).round(0),
            "bought": rng.choice(["yes", "no"], rows),
        }
    )
    return frame.to_csv(index=False).encode()


def _app_with(people_csv: bytes) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.file_uploader[0].set_value(("people.csv", people_csv, "text/csv")).run()
    return at


def _mark(at: AppTest, *names: str) -> None:
    """Tick exactly `names` in the schema grid's Quasi-identifier column, as a user would, and rerun."""
    at.switch_page(DATA.path).run()
    columns = at.session_state["schema"].names
    edits = {row: {QUASI_IDENTIFIER: name in names} for row, name in enumerate(columns)}
    editor = f"schema_editor_{at.session_state['schema_version']}"
    at.session_state[editor] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()


def _metric(at: AppTest, label: str) -> str:
    return next(metric.value for metric in at.metric if metric.label == label)


def _stale_warnings(at: AppTest) -> list[str]:
    return [warning.value for warning in at.warning if "Stale run:" in warning.value]


def test_marking_quasi_identifiers_shows_how_many_real_rows_are_unique(people_csv):
    at = _app_with(people_csv)

    _mark(at)
    assert any("No column is marked as a quasi-identifier" in info.value for info in at.info)

    _mark(at, "sex")
    assert at.session_state["schema"].quasi_identifiers == ["sex"]
    assert _metric(at, "Rows unique on the quasi-identifiers") == "0.0%"
    assert int(_metric(at, "Smallest group (k)")) > 80

    _mark(at, "age", "sex", "postcode")
    assert _metric(at, "Rows unique on the quasi-identifiers") == "70.0%"
    assert _metric(at, "Smallest group (k)") == "1"
    assert any("140 of 200 real rows" in warning.value for warning in at.warning)
    assert at.session_state["schema"].column("postcode").reason.startswith("Set by you.")

    _mark(at, "sex")  # unticking brings the share back
    assert _metric(at, "Rows unique on the quasi-identifiers") == "0.0%"
    assert not at.exception


def test_rare_value_protection_reaches_the_run_and_a_schema_edit_makes_it_stale(people_csv):
    at = _app_with(people_csv)
    at.switch_page(GENERATE.path).run()
    rare_k = next(box for box in at.number_input if box.label == RARE_K)
    assert rare_k.value == RunConfig.rare_k

    at.selectbox(key="generator_name").set_value("independent_columns").run()
    next(box for box in at.number_input if box.label == RARE_K).set_value(3)  # sent with the form's button
    next(button for button in at.button if button.label == "Generate").click().run()

    assert not at.exception
    run = at.session_state["runs"][at.session_state["current_run"]].run
    assert run.config.rare_k == 3
    at.switch_page(FIDELITY.path).run()
    assert not _stale_warnings(at)

    marked = set(at.session_state["schema"].quasi_identifiers)  # whatever detection suggested
    _mark(at, *(marked ^ {"postcode"}))  # flip one mark
    for page in (FIDELITY, PRIVACY, UTILITY, EXPORT):
        at.switch_page(page.path).run()
        assert not at.exception
        (warning,) = _stale_warnings(at)
        assert run.run_id in warning
        assert "schema was edited (postcode)" in warning
        assert "Generate again" in warning

    at.switch_page(GENERATE.path).run()  # the choice of k outlives a visit to other pages
    assert next(box for box in at.number_input if box.label == RARE_K).value == 3
    assert _stale_warnings(at)  # the Generate page's "Current run" is labelled too
    assert not at.exception


def test_leaking_columns_are_named_and_ignoring_them_makes_utility_meaningful_again():
    leakage_csv = (Path(__file__).resolve().parents[1] / "data" / "sensitive" / "leakage.csv").read_bytes()
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.file_uploader[0].set_value(("leakage.csv", leakage_csv, "text/csv")).run()
    at.switch_page(GENERATE.path).run()
    at.selectbox(key="generator_name").set_value("independent_columns").run()
    next(button for button in at.button if button.label == "Generate").click().run()
    at.switch_page(UTILITY.path).run()
    next(button for button in at.button if button.label == "Compute utility").click().run()

    warning = next(error.value for error in at.error if "target leakage through" in error.value)
    for column in ("outcome_code", "status_text", "review_score"):
        assert f"'{column}'" in warning
    assert any("Utility: needs review." in box.value for box in at.warning)
    rerun = next(button for button in at.button if button.label.startswith("Ignore "))
    rerun.click().run()

    assert not at.exception
    run = at.session_state["runs"][at.session_state["current_run"]].run
    roles = {column.name: str(column.role) for column in run.schema.columns}
    assert all(roles[column] == "ignore" for column in ("outcome_code", "status_text", "review_score"))
    assert run.utility is not None and not run.utility.leakage.flagged
    assert not [error for error in at.error if "target leakage through" in error.value]
