"""Rule checks: synthetic against real compliance, with unusable rules as rows, not crashes."""

from __future__ import annotations

import pandas as pd

from synth_core.evaluation.rule_checks import calculate_rule_checks
from synth_core.rules import FixedCombinationsRule, IfInSetRule, InequalityRule

REAL = pd.DataFrame({"start": [1, 2, 3, 4], "end": [2, 2, 5, 9], "a": ["x", "x", "y", "y"], "b": [1, 1, 2, 2]})


def test_counts_the_rows_obeying_each_rule_in_both_tables():
    synthetic = pd.DataFrame({"start": [1, 5, 3], "end": [2, 4, None], "a": ["x", "y", "x"], "b": [1, 2, 2]})
    rules = [InequalityRule("start", "end"), IfInSetRule("a", ("x",), "b", (1,))]

    checks = calculate_rule_checks(REAL, synthetic, rules)

    assert [(c.synthetic.rows_obeying, c.synthetic.rows) for c in checks] == [(2, 3), (2, 3)]  # a missing end obeys
    assert [c.real.share for c in checks] == [1.0, 1.0]
    assert all(c.error == "" for c in checks)


def test_fixed_combinations_without_recorded_combinations_learn_them_from_the_real_rows():
    synthetic = pd.DataFrame({"a": ["x", "y", "x"], "b": [1, 2, 2]})

    (check,) = calculate_rule_checks(REAL, synthetic, [FixedCombinationsRule(("a", "b"))])

    assert check.rule.combinations == (("x", 1), ("y", 2))
    assert check.synthetic.rows_obeying == 2
    assert check.real.share == 1.0


def test_a_rule_on_a_missing_column_becomes_a_row_with_an_error():
    synthetic = pd.DataFrame({"start": [1, 2]})

    (check,) = calculate_rule_checks(REAL, synthetic, [InequalityRule("start", "end")])

    assert check.synthetic is None and check.real is None
    assert "'end'" in check.error and "missing" in check.error
