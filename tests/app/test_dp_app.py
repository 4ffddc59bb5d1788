"""Generate page with the differentially private generator: ε in one picture, the declared domain, and a run."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from dashboard.page_registry import GENERATE, PRIVACY
from synth_core.dp_domain import sample_domain
from synth_core.samples import SAMPLES
from tests.app.test_pages import _app, _button, _current, _upload

MST_FIT_TIMEOUT = 300  # MST compiles its kernels in a fresh worker each run; slow on a busy 2-core machine
ROWS = 2500  # a slice of Adult keeps MST's fit to seconds; its columns still match the shipped domain


def _adult_slice(at: AppTest) -> None:
    content = SAMPLES["adult"].path.read_bytes()
    lines = content.decode("utf-8").splitlines()[: ROWS + 1]
    _upload(at, "adult_slice.csv", ("\n".join(lines) + "\n").encode("utf-8"))
    at.switch_page(GENERATE.path).run()
    at.selectbox(key="generator_name").set_value("dp_mst").run()


def _set(at: AppTest, label: str, value: float) -> None:
    next(box for box in at.number_input if box.label == label).set_value(value)


def test_a_dp_run_on_adult_uses_the_shipped_domain_and_states_its_budget():
    at = _app()
    _adult_slice(at)
    assert not at.exception
    assert at.radio(key="dp_domain_source").value == "sample"  # offered, since the columns match
    assert "dp_picture" in [chart.key for chart in at.get("plotly_chart")]
    assert any("at most 2.7× as likely" in block.value for block in at.markdown)

    _set(at, "Privacy budget ε", 10.0)
    _set(at, "Estimation iterations", 200)
    _set(at, "Synthetic rows", 500)
    # MST's fit on 2,500 Adult rows takes 40-50 s on 2 busy cores, too close to the page-wide 60 s limit.
    _button(at, "Generate").click().run(timeout=MST_FIT_TIMEOUT)

    assert not at.exception
    run = _current(at).run
    assert run.config.generator == "dp_mst"
    assert run.config.domain == sample_domain("adult").to_dict()
    assert run.synthetic_rows == 500
    assert any("ε = 10 in all, spent on MST" in note for note in run.notes)
    assert any("every modelled column's domain was declared" in caption.value for caption in at.caption)
    synthetic = _current(at).synthetic
    assert synthetic["age"].between(17, 90).all()
    declared = set(sample_domain("adult").column("workclass").categories)
    assert set(synthetic["workclass"].dropna()) <= declared

    # The Privacy page states the formal guarantee beside its measurements.
    at.switch_page(PRIVACY.path).run()
    assert not at.exception
    box = next(box.value for box in at.success if "formal privacy guarantee" in box.value)
    assert "ε = 10, δ = 1e-06" in box and "source: UCI Adult documentation" in box


def test_a_bad_domain_file_is_named_and_nothing_is_generated():
    at = _app()
    _adult_slice(at)
    at.radio(key="dp_domain_source").set_value("upload").run()
    bad = {"columns": {"age": {"lower": 17, "upper": 90}, "salary": {"lower": 0, "upper": 9}}}
    at.file_uploader(key="dp_domain_upload").set_value(
        ("my domain.json", json.dumps(bad).encode("utf-8"), "application/json")
    ).run()

    assert not at.exception
    assert any("'salary' is not a column of the data" in box.value for box in at.warning)
    _button(at, "Generate").click().run()
    assert not at.exception
    assert "current_run" not in at.session_state or at.session_state["current_run"] is None
    assert any("Nothing was generated" in box.value for box in at.warning)

    at.file_uploader(key="dp_domain_upload").set_value(("broken.json", b"{", "application/json")).run()
    assert any("broken.json" in error.value and "not valid JSON" in error.value for error in at.error)
