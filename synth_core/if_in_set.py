"""The "if … then …" condition on its own: which rows obey it, and the sentence that states it.

Both `rules.IfInSetRule` and the SDV constraint that enforces it (`generators._sdv_constraints`) need
this, so it sits below both: the constraint is rebuilt by SDV from its plain arguments and never holds
the rule itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import pandas as pd


class IfInSet(Protocol):
    """What states the condition: the rule and its SDV constraint both hold these four fields."""

    if_column: str  # the column the condition is about
    if_values: Sequence[Any]  # the values that trigger it
    then_column: str  # the column it then restricts
    then_values: Sequence[Any]  # the values `then_column` may take when it is triggered


def if_in_set_holds(frame: pd.DataFrame, condition: IfInSet) -> pd.Series:
    """Whether each row obeys; rows that do not trigger the condition, or miss the restricted value, obey.

    Args:
        frame: The rows to check.
        condition: The condition to check them against.
    """
    triggered = frame[condition.if_column].isin(list(condition.if_values))
    then = frame[condition.then_column]
    return ~triggered | then.isin(list(condition.then_values)) | then.isna()


def describe_if_in_set(condition: IfInSet) -> str:
    """E.g. "When 'relationship' is 'Husband', 'sex' is 'Male'."."""
    return (
        f"When '{condition.if_column}' {_is_one_of(condition.if_values)}, "
        f"'{condition.then_column}' {_is_one_of(condition.then_values)}."
    )


def _is_one_of(values: Sequence[Any]) -> str:
    shown = [f"'{value}'" for value in values]
    return f"is {shown[0]}" if len(shown) == 1 else f"is one of {', '.join(shown)}"
