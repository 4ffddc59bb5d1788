"""Every page launches with and without data; a bad upload keeps the data loaded before."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import widgets
from dashboard.page_registry import COMPARE, EXPORT, FIDELITY, GENERATE, GLOSSARY, PAGES, PRIVACY, UTILITY
from synth_core.schema import ColumnKind
from tests.conftest import SAMPLE_DIR

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT = 60


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    return at


def _button(at: AppTest, label: str):
    return next(button for button in at.button if button.label == label)


def _load_sample(at: AppTest, key: str = "german_credit") -> None:
    sample_box = next(box for box in at.selectbox if box.label == "Sample")
    sample_box.set_value(key).run()
    _button(at, "Load this sample").click().run()


def _upload(at: AppTest, name: str, content: bytes) -> None:
    at.file_uploader[0].set_value((name, content, "application/octet-stream")).run()


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_page_launches_without_data(page):
    at = _app()
    at.switch_page(page.path).run()

    assert not at.exception
    assert at.title


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_page_launches_with_data(page):
    at = _app()
    _load_sample(at)
    at.switch_page(page.path).run()

    assert not at.exception
    assert at.session_state["dataset"].name == "german_credit.csv"


def test_loading_the_adult_sample_shows_its_schema():
    at = _app()

    _load_sample(at, "adult")

    assert not at.exception
    assert "adult.csv" in at.success[0].value
    assert [metric.value for metric in at.metric][:2] == ["32,561", "15"]
    schema = at.session_state["schema"]
    assert schema.column("education-num").kind is ColumnKind.ORDINAL
    assert schema.target == "income"


def test_upload_reads_the_file_and_shows_reader_warnings():
    at = _app()

    _upload(at, "people.csv", b"a,a,b\n1,2,x\n3,4,y\n")

    assert not at.exception
    assert "people.csv" in at.success[0].value
    assert any("Renamed 1 column" in warning.value for warning in at.warning)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "is empty"),
        ("header.csv", b"a,b\n", "has a header row but no data rows"),
        ("binary.csv", bytes(range(256)) * 8, "looks like binary data"),
        ("fake.parquet", b"a,b\n1,2\n", "is not a Parquet file"),
    ],
)
def test_a_bad_upload_keeps_the_earlier_data(name, content, message):
    at = _app()
    _load_sample(at)
    schema_before = at.session_state["schema"]

    _upload(at, name, content)

    assert not at.exception
    assert message in at.error[0].value
    assert "still in place" in at.error[0].value
    assert at.session_state["dataset"].name == "german_credit.csv"
    assert at.session_state["schema"] == schema_before
    assert "german_credit.csv" in at.success[0].value  # the page still shows the earlier data


def test_holdout_share_is_kept_in_the_session():
    at = _app()
    _load_sample(at)

    next(slider for slider in at.slider if slider.label == "Share of rows kept aside").set_value(30).run()

    assert at.session_state["holdout_share"] == pytest.approx(0.3)
    assert any("700 rows to train on, 300 kept aside" in caption.value for caption in at.caption)


def test_reset_forgets_the_data():
    at = _app()
    _load_sample(at)

    _button(at, "Reset").click().run()

    assert not at.exception
    assert "dataset" not in at.session_state
    assert any("Upload a file or load a sample" in info.value for info in at.info)


def _current(at: AppTest):
    return at.session_state["runs"][at.session_state["current_run"]]


def _generate(at: AppTest, generator: str = "gaussian_copula") -> None:
    at.switch_page(GENERATE.path).run()
    at.selectbox(key="generator_name").set_value(generator).run()
    next(button for button in at.button if button.label == "Generate").click().run()


def test_generate_fidelity_and_export_flow_on_german_credit():
    at = _app()
    _load_sample(at)

    _generate(at)

    assert not at.exception
    outcome = _current(at)
    assert outcome.run.config.generator == "gaussian_copula"
    assert outcome.synthetic.shape == (800, 21)
    assert 0.7 < outcome.run.fidelity.overall <= 1.0
    assert any(metric.label == "Overall quality" for metric in at.metric)

    at.switch_page(FIDELITY.path).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) >= 2  # a distribution and the heatmaps

    at.switch_page(EXPORT.path).run()
    assert not at.exception
    labels = {button.label for button in at.get("download_button")}
    assert {"Download CSV", "Download SDV metadata (JSON)", "Download run manifest (JSON)"} <= labels
    next(radio for radio in at.radio if radio.label == "Format").set_value("Excel").run()
    assert "Download Excel" in {button.label for button in at.get("download_button")}

    at.text_area(key="reviewer_notes").set_value("Checked by the team.")
    next(button for button in at.button if button.label == "Build the report and bundle").click().run()
    assert not at.exception
    labels = {button.label for button in at.get("download_button")}
    assert {"Download the report (HTML)", "Download the audit bundle (ZIP)"} <= labels


def test_failed_generation_keeps_the_earlier_run():
    at = _app()
    _load_sample(at)
    _generate(at, "independent_columns")
    first = _current(at)

    at.selectbox(key="generator_name").set_value("ctgan").run()
    # Values in a form are sent with its submit button, in the same run.
    at.number_input(key="ctgan_pac").set_value(7)  # the batch size, 500, is not a multiple of 7
    next(button for button in at.button if button.label == "Generate").click().run()

    assert not at.exception
    assert "multiple of the pac size" in at.error[0].value
    assert _current(at) is first


def test_privacy_page_shows_the_verdict_and_runs_the_attacks():
    at = _app()
    _load_sample(at)
    _generate(at, "copy_rows")

    at.switch_page(PRIVACY.path).run()

    assert not at.exception
    review = _current(at).run.privacy
    assert review.verdict.level.label == "high"
    assert any("Privacy risk: high" in box.value for box in at.error)
    assert len(at.get("plotly_chart")) >= 3  # distances, closeness, membership ROC

    attacks = next(box for box in at.number_input if box.label == "Attacks per risk")
    attacks.set_value(60)
    next(button for button in at.button if button.label == "Run the attacks").click().run()

    assert not at.exception
    risks = _current(at).run.privacy.attacks
    assert {risk.attack for risk in risks} == {
        "singling_out_univariate",
        "singling_out_multivariate",
        "linkability",
        "inference",
    }
    assert _current(at).run.privacy.verdict.part("attacks") is not None


def test_fidelity_page_measures_detection_and_explores_pairs():
    at = _app()
    _load_sample(at)
    _generate(at)
    at.switch_page(FIDELITY.path).run()

    next(button for button in at.button if button.label == "Measure detection").click().run()

    assert not at.exception
    detection = _current(at).run.detection
    assert 0.4 <= detection.auc <= 1.0
    assert any(metric.label == "Detection AUC" for metric in at.metric)
    assert len(at.get("plotly_chart")) >= 5  # summary, distribution, heatmaps, pair explorer, PCA


def test_utility_page_trains_on_real_and_synthetic():
    at = _app()
    _load_sample(at)
    _generate(at)
    at.switch_page(UTILITY.path).run()

    next(button for button in at.button if button.label == "Compute utility").click().run()

    assert not at.exception
    utility = _current(at).run.utility
    assert utility.target == "credit_risk"
    assert utility.task == "classification"
    assert 0.0 < utility.ratio < 1.5
    assert any(metric.label == "TSTR / TRTR" for metric in at.metric)


def test_compare_page_lists_runs_and_marks_stale_ones():
    at = _app()
    _load_sample(at)
    _generate(at, "independent_columns")
    _generate(at, "gaussian_copula")

    at.switch_page(COMPARE.path).run()

    assert not at.exception
    leaderboard = at.dataframe[0].value
    assert list(leaderboard["Run"]) == ["Independent columns (baseline)", "Gaussian copula (SDV)"]
    assert leaderboard["Current"].tolist() == [False, True]

    # Editing the schema makes both runs stale: they are no longer compared.
    at.session_state["schema"] = at.session_state["schema"].with_column("job", role="ignore")
    at.run()
    assert any("stale" in expander.label for expander in at.expander)
    assert any("No runs on this data and schema yet" in info.value for info in at.info)


def test_compare_page_adds_outside_synthetic_data_and_names_missing_columns():
    at = _app()
    _load_sample(at)
    at.switch_page(COMPARE.path).run()
    real = pd.read_csv(SAMPLE_DIR / "german_credit.csv")

    outside = real.sample(300, random_state=0)[list(reversed(real.columns))]  # reordered: matched by name
    at.file_uploader(key="external_upload").set_value(("outside.csv", outside.to_csv(index=False).encode(), "text/csv"))
    at.run()

    assert not at.exception
    assert _current(at).run.kind == "external"
    assert _current(at).run.generator_label == "External: outside.csv"

    broken = outside.drop(columns=["purpose"])
    at.file_uploader(key="external_upload").set_value(("broken.csv", broken.to_csv(index=False).encode(), "text/csv"))
    at.run()

    assert "lacks the real column(s) 'purpose'" in at.error[0].value
    assert _current(at).run.generator_label == "External: outside.csv"


def test_compare_page_evaluates_every_run_and_draws_the_tradeoff():
    at = _app()
    _load_sample(at)
    _generate(at, "copy_rows")
    _generate(at, "gaussian_copula")
    at.switch_page(COMPARE.path).run()

    next(button for button in at.button if button.label.startswith("Evaluate 2 run(s) fully")).click().run()

    assert not at.exception
    board = at.dataframe[0].value.set_index("Run")
    assert board.loc["Copy of the real rows (privacy failure)", "Privacy verdict"] == "high"
    assert board.loc["Copy of the real rows (privacy failure)", "Fidelity"] == pytest.approx(1.0)
    assert board["TSTR/TRTR"].notna().all()
    assert board["Detection AUC"].between(0.3, 1.0).all()
    assert len(at.get("plotly_chart")) == 1  # the fidelity-against-privacy plot
    assert _current(at).run.config.generator == "gaussian_copula"  # evaluating others keeps the current run


def test_a_new_session_carries_on_from_a_saved_bundle_or_manifest():
    from synth_core.bundle import build_bundle

    at = _app()
    _load_sample(at)
    _generate(at)
    saved = _current(at)
    bundle = build_bundle(saved, report_html="<html></html>")

    later = _app()  # a reload: a new session with nothing in it
    _load_sample(later)
    later.switch_page(COMPARE.path).run()
    later.file_uploader(key="saved_upload").set_value(("run_bundle.zip", bundle, "application/zip"))
    later.run()

    assert not later.exception
    reopened = _current(later)
    assert reopened.run == saved.run
    pd.testing.assert_frame_equal(reopened.synthetic, saved.synthetic)

    manifest_only = _app()
    _load_sample(manifest_only)
    manifest_only.switch_page(COMPARE.path).run()
    manifest_only.file_uploader(key="saved_upload").set_value(("run.json", saved.run.to_json().encode(), "text/json"))
    manifest_only.run()
    assert _current(manifest_only).synthetic.equals(saved.synthetic)  # reproduced, byte for byte

    other = _app()
    _load_sample(other, "adult")
    other.switch_page(COMPARE.path).run()
    other.file_uploader(key="saved_upload").set_value(("run_bundle.zip", bundle, "application/zip"))
    other.run()
    assert "was made from other data" in other.error[0].value


def test_every_score_on_the_review_pages_has_an_explainer_and_a_glossary_entry():
    from synth_core.explain import EXPLAINERS

    titles = {entry.title: entry for entry in EXPLAINERS.values()}
    at = _app()
    _load_sample(at)
    _generate(at, "copy_rows")
    seen = []

    at.switch_page(FIDELITY.path).run()
    next(button for button in at.button if button.label == "Measure detection").click().run()
    next(button for button in at.button if button.label == "Try a stronger detector").click().run()
    seen += list(at.metric)
    at.switch_page(PRIVACY.path).run()
    seen += list(at.metric)
    at.switch_page(UTILITY.path).run()
    next(button for button in at.button if button.label == "Compute utility").click().run()
    seen += list(at.metric)
    at.switch_page(GLOSSARY.path).run()
    glossary = {expander.label for expander in at.expander}

    assert not at.exception
    assert len(seen) >= 15
    for metric in seen:
        assert metric.label in titles, f"'{metric.label}' has no explainer"
        assert metric.label in glossary, f"'{metric.label}' is missing from the glossary"
        assert titles[metric.label].what in metric.help


def test_a_costly_fit_waits_for_the_users_choice():
    at = _app()
    _load_sample(at, key="adult")  # 5,000 CTGAN epochs on German credit take under 5 minutes
    at.switch_page(GENERATE.path).run()
    assert any(caption.value.startswith("Estimated run: about") for caption in at.caption)

    at.selectbox(key="generator_name").set_value("ctgan").run()
    at.number_input(key="ctgan_epochs").set_value(5000)
    _button(at, "Generate").click().run()

    assert not at.exception
    assert "This run looks costly" in at.warning[0].value
    assert "may take about" in at.warning[0].value
    assert any(button.label.startswith("Fit on ") and "of 26,049 rows" in button.label for button in at.button)
    _button(at, "Cancel").click().run()

    assert not any("This run looks costly" in warning.value for warning in at.warning)
    assert "runs" not in at.session_state or not at.session_state["runs"]  # nothing was fitted


def test_many_synthetic_rows_wait_for_a_choice():
    at = _app()
    _load_sample(at)
    at.switch_page(GENERATE.path).run()
    at.selectbox(key="generator_name").set_value("independent_columns").run()
    next(box for box in at.number_input if box.label == "Synthetic rows").set_value(10_000_000)
    _button(at, "Generate").click().run()

    assert not at.exception
    assert "This run looks costly" in at.warning[0].value
    assert "Sampling 10,000,000 rows" in at.warning[0].value
    assert "runs" not in at.session_state or not at.session_state["runs"]  # nothing started
    fewer = next(button for button in at.button if button.label.startswith("Make "))
    assert int(fewer.label.split()[1].replace(",", "")) < 10_000_000
    _button(at, "Cancel").click().run()

    assert not any("This run looks costly" in warning.value for warning in at.warning)
    assert "runs" not in at.session_state or not at.session_state["runs"]


def test_rows_out_of_range_say_so_beside_the_field_and_nothing_starts():
    at = _app()
    _load_sample(at)
    at.switch_page(GENERATE.path).run()
    next(box for box in at.number_input if box.label == "Synthetic rows").set_value(0)
    _button(at, "Generate").click().run()

    assert not at.exception
    messages = [error.value for error in at.error]
    assert any("Synthetic rows must be a whole number from 1 to 10,000,000; you entered 0" in m for m in messages)
    assert any("Nothing was generated" in m for m in messages)
    assert "runs" not in at.session_state or not at.session_state["runs"]


def test_a_parameter_out_of_range_says_so_under_its_field_and_nothing_starts():
    at = _app()
    _load_sample(at)
    at.switch_page(GENERATE.path).run()
    at.selectbox(key="generator_name").set_value("ctgan").run()
    at.number_input(key="ctgan_epochs").set_value(0)
    _button(at, "Generate").click().run()

    assert not at.exception
    messages = [error.value for error in at.error]
    assert "'epochs' must be between 1 and 5000; got 0." in messages
    assert any("Nothing was generated" in m for m in messages)
    assert "runs" not in at.session_state or not at.session_state["runs"]


def test_names_from_the_users_file_are_shown_as_typed_not_as_markdown():
    at = _app()
    header = "![p](http://example.invalid/p.png),![p](http://example.invalid/p.png),:red[x]"
    rows = "\n".join(f"{i},{i * 2},{'ab'[i % 2]}" for i in range(30))
    _upload(at, "$x$.csv", f"{header}\n{rows}\n".encode())

    assert not at.exception
    assert r"Loaded **\$x\$.csv**" in at.success[0].value
    rename = next(warning.value for warning in at.warning if "Renamed" in warning.value)
    assert widgets.escape("![p](http://example.invalid/p.png)") in rename
    assert "](http://" not in rename
    assert "![p](" not in rename
