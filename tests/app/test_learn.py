"""The Learn pages' demos move the right way when their controls move, and the guided tour runs through."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.page_registry import (
    DATA,
    EXPORT,
    FIDELITY,
    GENERATE,
    LEARN_BIAS,
    LEARN_DP,
    LEARN_FIDELITY,
    LEARN_GENERATORS,
    LEARN_PRACTICE,
    LEARN_PRIVACY,
    LEARN_UTILITY,
    LEARN_WHY,
    PRIVACY,
    UTILITY,
    Page,
)

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TIMEOUT = 120  # the first lesson fits its generators; later ones reuse the cache


def _lesson(lesson: Page) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page(lesson.path).run()
    assert not at.exception
    return at


def _metric(at: AppTest, label: str) -> str:
    return next(metric.value for metric in at.metric if metric.label == label)


def _number(at: AppTest, label: str) -> float:
    text = _metric(at, label).split()[0].rstrip("%").replace(",", "")
    return float(text)


def _button(at: AppTest, label: str):
    return next(button for button in at.button if button.label == label)


def test_a_copy_copies_every_row_and_the_copula_none():
    at = _lesson(LEARN_WHY)
    copula = _metric(at, "Synthetic rows that copy a real row exactly")
    first_rows = at.dataframe[1].value.copy()
    _button(at, "Show other rows").click().run()
    at.radio(key="lesson_why_generator").set_value("copy_rows").run()

    assert not at.exception
    assert copula == "0 of 1,500"
    assert _metric(at, "Synthetic rows that copy a real row exactly") == "1,500 of 1,500"
    assert not at.dataframe[0].value.equals(first_rows)


def test_generators_change_the_cloud_and_the_copula_shows_its_latent_correlation():
    at = _lesson(LEARN_GENERATORS)
    assert "Copula's latent correlation" not in [metric.label for metric in at.metric]
    at.selectbox(key="lesson_generators_pair").set_value(("marital-status", "age")).run()
    rules = _number(at, "Link in synthetic data")
    at.radio(key="lesson_generators_generator").set_value("gaussian_copula").run()

    assert not at.exception
    assert _number(at, "Link in real data") > 0.5  # married people are older than never-married ones
    assert rules < 0.15  # rules know nothing of the link
    assert _number(at, "Link in synthetic data") > rules + 0.1
    assert abs(_number(at, "Copula's latent correlation")) > 0.1

    at.radio(key="lesson_generators_generator").set_value("tvae").run()
    assert not at.exception
    assert 0 < _number(at, "Column shapes") <= 1
    assert "Copula's latent correlation" not in [metric.label for metric in at.metric]


def test_a_deep_model_shows_its_cloud_trained_in_advance_and_a_live_fit_agrees():
    at = _lesson(LEARN_GENERATORS)
    at.selectbox(key="lesson_generators_pair").set_value(("marital-status", "age")).run()
    at.radio(key="lesson_generators_generator").set_value("ctgan").run()
    assert not at.exception
    assert any("Trained in advance" in caption.value for caption in at.caption)
    stored_link, stored_shapes = _number(at, "Link in synthetic data"), _number(at, "Column shapes")

    _button(at, "Train again now").click().run()
    assert not at.exception
    assert any("Trained just now" in caption.value for caption in at.caption)
    # The stored cloud is what this code makes: a live fit with the same settings and seed agrees with it.
    assert abs(_number(at, "Link in synthetic data") - stored_link) < 0.05
    assert abs(_number(at, "Column shapes") - stored_shapes) < 0.05
    assert 0.5 < stored_shapes <= 1


def test_switching_from_independent_columns_to_the_copula_raises_agreement():
    at = _lesson(LEARN_FIDELITY)
    independent = _number(at, "Agreement")
    shapes = _number(at, "Column shapes")
    at.radio(key="lesson_pair_generator").set_value("gaussian_copula").run()

    assert not at.exception
    assert _number(at, "Agreement") > independent + 0.1
    assert shapes > 0.9  # the marginals were right all along


def test_utility_ranks_the_baselines():
    at = _lesson(LEARN_UTILITY)
    independent = _number(at, "TSTR/TRTR, Independent columns")
    copula = _number(at, "TSTR/TRTR, Gaussian copula")

    assert _number(at, "TSTR/TRTR, Copy of the real rows") == 100
    assert independent < copula < 100
    at.selectbox(key="lesson_utility_target").set_value("sex").run()
    assert not at.exception
    assert _number(at, "TSTR/TRTR, Copy of the real rows") == 100


def test_more_noise_raises_the_distance_and_lowers_fidelity():
    at = _lesson(LEARN_PRIVACY)
    distance = _number(at, "Median distance to the closest real row")
    fidelity = _number(at, "Fidelity (column shapes)")
    at.slider(key="lesson_noise").set_value(0.2).run()

    assert not at.exception
    assert (distance, fidelity) == (0.0, 1.0)
    assert _number(at, "Median distance to the closest real row") > distance
    assert _number(at, "Fidelity (column shapes)") < fidelity


def test_a_larger_epsilon_lowers_the_histogram_error():
    at = _lesson(LEARN_DP)
    error_at_1 = _number(at, "Mean error per count")
    at.select_slider(key="lesson_epsilon").set_value(10.0).run()

    assert not at.exception
    assert _number(at, "Mean error per count") < error_at_1 / 5


def test_independent_columns_erase_the_income_gap_that_the_copy_keeps():
    at = _lesson(LEARN_BIAS)
    real_gap = _number(at, "Outcome gap between groups, real")
    independent_gap = _number(at, "Outcome gap between groups, synthetic")
    at.radio(key="lesson_bias_generator").set_value("copy_rows").run()

    assert not at.exception
    assert real_gap > 15  # men earn over $50K far more often than women in Adult
    assert independent_gap < real_gap / 3
    assert _number(at, "Outcome gap between groups, synthetic") == real_gap


def test_the_practice_checklist_follows_the_session():
    at = _lesson(LEARN_PRACTICE)
    assert "0 of 5 checks" in at.get("progress")[0].proto.text

    at.switch_page(DATA.path).run()
    _button(at, "Start the guided tour").click().run()
    at.switch_page(GENERATE.path).run()
    at.selectbox(key="generator_name").set_value("independent_columns").run()
    _button(at, "Generate").click().run()
    at.switch_page(LEARN_PRACTICE.path).run()

    assert not at.exception
    assert "2 of 5 checks" in at.get("progress")[0].proto.text  # generated, and fidelity measured on the way


def test_the_tour_loads_adult_and_walks_to_export():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    _button(at, "Start the guided tour").click().run()

    assert at.session_state["dataset"].name == "adult.csv"
    assert f"step 1 of 6: {DATA.title}" in at.markdown[0].value
    _button(at, f"Next: {GENERATE.title}").click().run()
    assert f"step 2 of 6: {GENERATE.title}" in at.markdown[0].value
    _button(at, f"Next: {FIDELITY.title}").click().run()
    assert any("Generate synthetic data first" in warning.value for warning in at.warning)

    at.selectbox(key="generator_name").set_value("independent_columns").run()
    next(button for button in at.button if button.label == "Generate").click().run()
    for page in (FIDELITY, PRIVACY, UTILITY, EXPORT):
        _button(at, f"Next: {page.title}").click().run()
        assert not at.exception
        assert f": {page.title}." in at.markdown[0].value
    _button(at, "Finish the tour").click().run()

    assert at.session_state["tour_step"] is None
    assert not any("Guided tour" in markdown.value for markdown in at.markdown)
