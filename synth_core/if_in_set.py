"""The "if … then …" condition on its own: which rows obey it, and the sentence that states it.

Both `rules.IfInSetRule` and the SDV constraint that enforces it (`generators._sdv_constraints`) need
this, so it sits below both: the constraint is rebuilt by SDV from its plain arguments and never holds
the rule itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd


def if_in_set_holds(
    frame: pd.DataFrame,
    *,
    if_column: str,
    if_values: Sequence[Any],
    then_column: str,
    then_values: Sequence[Any],
) -> pd.Series:
    """Whether each row obeys; rows that do not trigger the condition, or miss the restricted value, obey.

    Args:
        frame: The rows to check.
        if_column: The column the condition is about.
        if_values: The values that trigger it.
        then_column: The column it then restricts.
        then_values: The values `then_column` may take when it is triggered.
    """
    triggered = frame[if_column].isin(list(if_values))
    then = frame[then_column]
    return ~triggered | then.isin(list(then_values)) | then.isna()


def describe_if_in_set(
    *, if_column: str, if_values: Sequence[Any], then_column: str, then_values: Sequence[Any]
) -> str:
    """E.g. "When 'relationship' is 'Husband', 'sex' is 'Male'."."""
    return f"When '{if_column}' {_is_one_of(if_values)}, '{then_column}' {_is_one_of(then_values)}."


def _is_one_of(values: Sequence[Any]) -> str:
    shown = [f"'{value}'" for value in values]
    return f"is {shown[0]}" if len(shown) == 1 else f"is one of {', '.join(shown)}"
