"""The Rules section of the Generate page and the rule counter of the Fidelity page, driven with the Adult sample."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from synth_core.rules import FixedCombinationsRule, IfInSetRule
from tests.app.test_pages import _app, _button, _current, _load_sample

MARRIED = ("Married-civ-spouse", "Married-AF-spouse")
SYNTHETIC_ROWS = 400


def _suggestion(at: AppTest, starts: str):
    return next(box for box in at.checkbox if box.label.startswith(starts))


def _add_if_in_set(at: AppTest, if_column: str, if_values: list, then_column: str, then_values: list) -> None:
    at.selectbox(key="rule_kind").set_value("if_in_set").run()
    at.selectbox(key="rule_if_column").set_value(if_column).run()
    at.multiselect(key="rule_if_values").set_value(if_values).run()
    at.selectbox(key="rule_then_column").set_value(then_column).run()
    at.multiselect(key="rule_then_values").set_value(then_values).run()
    at.button(key="rule_add").click().run()


def _rules(at: AppTest) -> list:
    return at.session_state["rules"][1]


def _generate(at: AppTest, generator: str) -> None:
    at.switch_page("app_pages/generate.py").run()
    at.selectbox(key="generator_name").set_value(generator).run()
    next(box for box in at.number_input if box.label == "Synthetic rows").set_value(SYNTHETIC_ROWS)
    _button(at, "Generate").click().run()


def _rule_table(at: AppTest):
    at.switch_page("app_pages/fidelity.py").run()
    return next(frame.value for frame in at.dataframe if "Rule" in frame.value.columns)


def _compliance(at: AppTest) -> str:
    return next(metric.value for metric in at.metric if metric.label == "Rule compliance")


def test_rules_set_on_the_generate_page_are_enforced_and_counted_and_the_baseline_breaks_them():
    at = _app()
    _load_sample(at, "adult")
    at.switch_page("app_pages/generate.py").run()

    suggestion = _suggestion(at, "Only the 16 combinations of 'education' and 'education-num'")
    assert "Holds in all 32,561 rows." in [caption.value for caption in at.caption]
    suggestion.check().run()
    _add_if_in_set(at, "relationship", ["Husband", "Wife"], "marital-status", list(MARRIED))

    assert not at.exception
    assert [type(rule) for rule in _rules(at)] == [FixedCombinationsRule, IfInSetRule]
    assert any(expander.label == "Rules (2 set)" for expander in at.expander)

    _generate(at, "gaussian_copula")
    assert not at.exception
    assert len(_current(at).run.config.rules) == 2
    table = _rule_table(at)
    assert not at.exception
    assert table["Synthetic"].tolist() == [1.0, 1.0]
    assert table["Real"].tolist() == [1.0, 1.0]
    assert table["Synthetic rows obeying"].tolist() == [f"{SYNTHETIC_ROWS} of {SYNTHETIC_ROWS}"] * 2
    assert table["Enforced"].all()
    assert _compliance(at) == "100.0%"

    _generate(at, "independent_columns")
    assert any("ignores rules" in box.value for box in at.info)  # said beside the rules, before the run
    table = _rule_table(at)
    assert not at.exception
    assert table["Synthetic"].min() < 1.0
    assert not table["Enforced"].any()
    assert float(_compliance(at).rstrip("%")) < 100
    assert any("ignores the 2 rule(s)" in box.value for box in at.info)


def test_a_rule_the_data_breaks_is_refused_with_the_column_and_the_rule_can_be_removed():
    at = _app()
    _load_sample(at, "adult")
    at.switch_page("app_pages/generate.py").run()

    _add_if_in_set(at, "relationship", ["Husband"], "sex", ["Male"])  # one husband in Adult is recorded female

    assert not at.exception
    refused = next(box.value for box in at.warning if "This rule cannot be added" in box.value)
    assert "'relationship'" in refused and "1 training row(s) break it" in refused
    assert _rules(at) == []

    _suggestion(at, "Only the 16 combinations").check().run()
    assert len(_rules(at)) == 1
    at.button(key="rule_remove_0").click().run()

    assert not at.exception
    assert _rules(at) == []
    assert not _suggestion(at, "Only the 16 combinations").value  # the tick follows the removal


def test_rules_are_cleared_when_other_data_is_loaded():
    at = _app()
    _load_sample(at, "adult")
    at.switch_page("app_pages/generate.py").run()
    _suggestion(at, "Only the 16 combinations").check().run()
    assert len(_rules(at)) == 1

    at.switch_page("app_pages/data.py").run()
    _load_sample(at, "german_credit")
    at.switch_page("app_pages/generate.py").run()

    assert not at.exception
    assert "rules" not in at.session_state or _rules(at) == []
    assert any(expander.label == "Rules (0 set)" for expander in at.expander)
