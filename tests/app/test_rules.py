"""The Rules section of the Generate page and the rule counter of the Fidelity page, driven with the Adult sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.page_registry import DATA, FIDELITY, GENERATE
from synth_core.rules import FixedCombinationsRule, IfInSetRule
from tests.app.test_pages import _app, _button, _current, _load_sample, _upload

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
    at.switch_page(GENERATE.path).run()
    at.selectbox(key="generator_name").set_value(generator).run()
    next(box for box in at.number_input if box.label == "Synthetic rows").set_value(SYNTHETIC_ROWS)
    _button(at, "Generate").click().run()


def _rule_table(at: AppTest):
    at.switch_page(FIDELITY.path).run()
    return next(frame.value for frame in at.dataframe if "Rule" in frame.value.columns)


def _compliance(at: AppTest) -> str:
    return next(metric.value for metric in at.metric if metric.label == "Rule compliance")


def test_rules_set_on_the_generate_page_are_enforced_and_counted_and_the_baseline_breaks_them():
    at = _app()
    _load_sample(at, "adult")
    at.switch_page(GENERATE.path).run()

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
    at.switch_page(GENERATE.path).run()

    _add_if_in_set(at, "relationship", ["Husband"], "sex", ["Male"])  # one husband in Adult is recorded female

    assert not at.exception
    refused = next(box.value for box in at.warning if "This rule cannot be added" in box.value)
    assert "'relationship'" in refused and "1 real row(s) break it" in refused
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
    at.switch_page(GENERATE.path).run()
    _suggestion(at, "Only the 16 combinations").check().run()
    assert len(_rules(at)) == 1

    at.switch_page(DATA.path).run()
    _load_sample(at, "german_credit")
    at.switch_page(GENERATE.path).run()

    assert not at.exception
    assert "rules" not in at.session_state or _rules(at) == []
    assert any(expander.label == "Rules (0 set)" for expander in at.expander)


def test_the_builder_makes_every_kind_of_rule_from_the_schemas_columns():
    rng = np.random.default_rng(0)
    low = rng.normal(50, 10, 80).round(2)
    frame = pd.DataFrame(
        {
            "low": low,
            "mid": low + rng.uniform(0, 5, 80).round(2),
            "high": low + rng.uniform(5, 9, 80).round(2),
            "price": 5 * rng.integers(1, 200, 80),
            "a": rng.choice(list("xy"), 80),
        }
    ).assign(b=lambda f: f["a"].map({"x": "u", "y": "v"}))
    content = frame.to_csv(index=False).encode()
    at = _app()
    _upload(at, "spans.csv", content)
    at.switch_page(GENERATE.path).run()

    at.selectbox(key="rule_kind").set_value("range").run()
    at.selectbox(key="rule_range_middle").set_value("mid").run()
    at.selectbox(key="rule_range_low").set_value("low").run()
    at.selectbox(key="rule_range_high").set_value("high").run()
    at.button(key="rule_add").click().run()
    at.selectbox(key="rule_kind").set_value("fixed_increments").run()
    at.selectbox(key="rule_increment_column").set_value("price").run()
    at.number_input(key="rule_increment").set_value(5).run()
    at.button(key="rule_add").click().run()
    at.selectbox(key="rule_kind").set_value("fixed_combinations").run()
    at.multiselect(key="rule_combination_columns").set_value(["a", "b"]).run()
    at.button(key="rule_add").click().run()
    at.selectbox(key="rule_kind").set_value("inequality").run()
    at.selectbox(key="rule_low").set_value("high").run()
    at.selectbox(key="rule_high").set_value("low").run()
    at.button(key="rule_add").click().run()  # the data breaks it: refused

    assert not at.exception
    assert [rule.describe() for rule in _rules(at)] == [
        "'mid' always lies between 'low' and 'high' (bounds included).",
        "'price' is always a multiple of 5.",
        "Only the 2 combinations of 'a' and 'b' seen in the real data occur.",
    ]
    refused = next(box.value for box in at.warning if "This rule cannot be added" in box.value)
    assert "'high' is never greater than 'low'" in refused and "80 real row(s) break it" in refused


def test_the_fidelity_page_checks_rules_found_in_the_data_that_the_run_did_not_set():
    at = _app()
    _load_sample(at, "adult")
    _generate(at, "independent_columns")
    at.switch_page(FIDELITY.path).run()
    assert any("This run set no rules" in box.value for box in at.info)

    extra = at.multiselect(key="rule_check_extra")
    extra.set_value(extra.options[:1]).run()

    assert not at.exception
    table = next(frame.value for frame in at.dataframe if "Rule" in frame.value.columns)
    assert table["Rule"].str.startswith("Only the 16 combinations").all()
    assert not table["Enforced"].any()
    assert table["Synthetic"].iloc[0] < 0.5 and table["Real"].iloc[0] == 1.0
