"""Generate page: rows meeting conditions and rebalanced groups, on the Adult sample, shown before and after."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.page_registry import COMPARE, DATA, FIDELITY, GENERATE
from tests.app.test_pages import _app, _button, _current, _load_sample

ROWS = 2000


def _generate(at: AppTest, mode: str, rows: int = ROWS, generator: str = "gaussian_copula") -> None:
    """Choose what to generate (the choice's own inputs are set by the caller before) and press Generate."""
    at.selectbox(key="generator_name").set_value(generator).run()
    at.radio(key="shape_mode").set_value(mode).run()
    next(box for box in at.number_input if box.label == "Synthetic rows").set_value(rows)
    _button(at, "Generate").click().run()


def _group_table(at: AppTest):
    return next(frame.value for frame in at.dataframe if "Synthetic share" in frame.value.columns).set_index("Value")


def test_rebalancing_sex_to_half_shows_shares_and_keeps_groups_like_a_plain_run():
    # Setup: Adult, and a plain run to compare with
    at = _app()
    _load_sample(at, "adult")
    at.switch_page(GENERATE.path).run()
    _generate(at, "plain")
    plain = _current(at)

    # Run: rebalance sex to equal shares
    at.radio(key="shape_mode").set_value("rebalance").run()
    at.selectbox(key="shape_rebalance_column").set_value("sex").run()
    _generate(at, "rebalance")

    # Assert: synthetic shares within 2% of 50/50, shown before and after
    assert not at.exception
    balanced = _current(at)
    assert balanced.run.run_id != plain.run.run_id
    assert balanced.run.config.rebalance.column == "sex"
    table = _group_table(at)
    assert set(table.index) == {"Male", "Female"}
    assert (table["Synthetic share"] - 0.5).abs().max() <= 0.02
    assert table.loc["Female", "Real share"] < 0.4
    # Each group's column shapes stay within 0.05 of the plain run's.
    gap = (table["Within-group shapes (this run)"] - table["Within-group shapes (plain run)"]).abs()
    assert gap.max() <= 0.05, table
    assert any(metric.label == "Overall quality" and "vs plain" in str(metric.delta) for metric in at.metric)
    assert any("rebalanced sex 50/50" in block.value for block in at.markdown)

    # The Fidelity page shows the same, and the Compare page shows both runs side by side.
    at.switch_page(FIDELITY.path).run()
    assert not at.exception
    assert (_group_table(at)["Synthetic share"] - 0.5).abs().max() <= 0.02
    at.switch_page(COMPARE.path).run()
    assert not at.exception
    assert list(at.dataframe[0].value["Run"]) == [
        "Gaussian copula (SDV)",
        "Gaussian copula (SDV) · rebalanced sex 50/50",
    ]


def test_conditions_make_exactly_the_rows_asked_for():
    at = _app()
    _load_sample(at, "adult")
    at.switch_page(GENERATE.path).run()
    at.radio(key="shape_mode").set_value("conditions").run()

    at.multiselect(key="shape_condition_0_columns").set_value(["income", "sex"]).run()
    at.selectbox(key="shape_condition_0_value_income").set_value(">50K")
    at.selectbox(key="shape_condition_0_value_sex").set_value("Female")
    at.number_input(key="shape_condition_0_rows").set_value(500).run()
    assert any("500 rows in all" in block.value for block in at.markdown)
    _generate(at, "conditions")

    assert not at.exception
    synthetic = _current(at).synthetic
    assert len(synthetic) == 500
    assert ((synthetic["income"] == ">50K") & (synthetic["sex"] == "Female")).all()
    assert any(metric.label == "Overall quality" for metric in at.metric)
    assert any("No plain run of this data" in info.value for info in at.info)


def test_bad_shares_and_generators_that_cannot_condition_say_what_to_do_and_keep_the_state():
    at = _app()
    _load_sample(at)  # German credit, quick
    at.switch_page(GENERATE.path).run()
    at.radio(key="shape_mode").set_value("rebalance").run()
    column = at.selectbox(key="shape_rebalance_column").value
    at.radio(key="shape_rebalance_mode").set_value("custom").run()
    at.number_input(key=f"shape_share_{column}_0").set_value(90.0).run()

    assert any("not 100%" in error.value for error in at.error)
    _button(at, "Generate").click().run()
    assert not at.exception
    assert any("Nothing was generated" in error.value for error in at.error)
    assert "runs" not in at.session_state or not at.session_state["runs"]

    at.selectbox(key="generator_name").set_value("copy_rows").run()
    assert any("cannot fix column values" in warning.value for warning in at.warning)
    _button(at, "Generate").click().run()
    assert any("Nothing was generated" in error.value for error in at.error)
    assert at.radio(key="shape_mode").value == "rebalance"  # the choice survives

    # Loading another dataset forgets the choice.
    at.switch_page(DATA.path).run()
    _load_sample(at, "adult")
    for key in ("shape_mode", "shape_rebalance_column", "shape_rebalance_mode", f"shape_share_{column}_0"):
        assert key not in at.session_state
