"""Our own SDV 2.0 programmable constraints, for rules SDV has no predefined constraint for.

Kept apart from `synth_core.rules` because importing `sdv.cag` takes seconds; `IfInSetRule.to_sdv`
imports this module only when a generator is about to enforce the rule. The condition itself comes from
`synth_core.if_in_set`, which both modules read, so neither imports the other back.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sdv.cag import SingleTableProgrammableConstraint
from sdv.cag._errors import ConstraintNotMetError

from synth_core.if_in_set import describe_if_in_set, if_in_set_holds


class IfInSetConstraint(SingleTableProgrammableConstraint):
    """If `if_column` is one of `if_values`, then `then_column` is one of `then_values`.

    SDV 2.0 chains a programmable constraint's `transform` before modelling and its `reverse_transform`
    after sampling, then keeps only the rows `is_valid` accepts, sampling again until it has enough.
    No reversible transform encodes "if … then …" without bending the other columns, so both transforms
    leave the data as it is and the rule is enforced by that filtering (reject sampling). The init
    arguments are stored under their own names, as SDV's `get_constraint_dict` requires.
    """

    def __init__(self, if_column: str, if_values: list[Any], then_column: str, then_values: list[Any]) -> None:
        self.if_column = if_column
        self.if_values = list(if_values)
        self.then_column = then_column
        self.then_values = list(then_values)

    def validate(self, metadata: Any) -> None:
        """Check that both columns are in the (single) table.

        Raises:
            ConstraintNotMetError: A column is missing, named.
        """
        table = next(iter(metadata.tables.values()))
        missing = [name for name in (self.if_column, self.then_column) if name not in table.columns]
        if missing:
            raise ConstraintNotMetError(f"The if-then rule names column(s) {missing} that the table lacks.")

    def validate_input_data(self, data: pd.DataFrame) -> None:
        """Refuse training rows that break the rule (SDV validates data before fitting).

        Raises:
            ConstraintNotMetError: Some rows break the rule.
        """
        broken = int((~if_in_set_holds(data, self)).sum())
        if broken:
            raise ConstraintNotMetError(f"{broken} row(s) break the rule: {describe_if_in_set(self)}")

    def fit(self, data: pd.DataFrame, metadata: Any) -> None:
        """Nothing to learn: the rule is fully stated by its values."""

    def transform(self, data: pd.DataFrame) -> pd.DataFrame:
        """Leave the data as it is (see the class docstring)."""
        return data

    def get_updated_metadata(self, metadata: Any) -> Any:
        """The metadata is unchanged, since the data is."""
        return metadata

    def reverse_transform(self, transformed_data: pd.DataFrame) -> pd.DataFrame:
        """Leave the data as it is; `is_valid` then filters the rows."""
        return transformed_data

    def is_valid(self, synthetic_data: pd.DataFrame) -> pd.Series:
        """Whether each row obeys the rule (a missing value counts as obeying)."""
        return if_in_set_holds(synthetic_data, self)
