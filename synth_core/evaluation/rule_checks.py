"""How many synthetic rows obey each rule, beside the real rows' count, for the Fidelity page and the report.

A rule that cannot be checked (its columns are missing from the synthetic table, say) becomes a row with
an `error`, not a crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from synth_core.rules import FixedCombinationsRule, Rule, RuleCompliance, rule_compliance


@dataclass(frozen=True)
class RuleCheck:
    """One rule checked on the synthetic and on the real rows.

    Attributes:
        rule: The rule as checked (fixed combinations recorded from the real rows when the rule had none).
        synthetic: Compliance of the synthetic rows; None when it could not be checked.
        real: Compliance of the real rows; None when it could not be checked.
        error: Why the rule could not be checked, or "".
    """

    rule: Rule
    synthetic: RuleCompliance | None
    real: RuleCompliance | None
    error: str = ""


def calculate_rule_checks(real: pd.DataFrame, synthetic: pd.DataFrame, rules: Iterable[Rule]) -> list[RuleCheck]:
    """Count the rows of each table that obey each rule.

    Args:
        real: The real rows the generator learnt from.
        synthetic: The synthetic rows.
        rules: The rules to check.

    Returns:
        One `RuleCheck` per rule, in order.
    """
    checks = []
    for rule in rules:
        if isinstance(rule, FixedCombinationsRule) and not rule.combinations and set(rule.columns) <= set(real):
            rule = FixedCombinationsRule.from_frame(rule.columns, real)  # SDV learns them from the real rows too
        missing = [name for name in rule.columns if name not in synthetic.columns or name not in real.columns]
        if missing:
            error = f"Column(s) {', '.join(repr(name) for name in missing)} are missing, so the rule cannot be checked."
            checks.append(RuleCheck(rule, None, None, error))
            continue
        try:
            checks.append(RuleCheck(rule, rule_compliance(synthetic, [rule])[0], rule_compliance(real, [rule])[0]))
        except (TypeError, ValueError) as problem:  # values of a type the rule cannot compare
            checks.append(RuleCheck(rule, None, None, f"The rule could not be checked: {problem}"))
    return checks


__all__ = ["RuleCheck", "calculate_rule_checks"]
