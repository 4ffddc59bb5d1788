"""The Generate page's "What to generate" choice: plain rows, rows meeting conditions, or rebalanced groups.

Everything here sits outside the Generate form, because the inputs depend on each other (the values
offered follow the column chosen) and a form only reruns when it is submitted. `what_to_generate`
returns a `ShapeChoice`; the page applies it to its RunConfig with `ShapeChoice.configure`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import state, widgets
from synth_core.generators import Generator
from synth_core.generators.base import MAX_SAMPLE_ROWS
from synth_core.rebalance import ConditionSpec, RebalanceSpec
from synth_core.runs import RunConfig
from synth_core.schema import ColumnKind, TableSchema

MODES = {
    "plain": "Plain rows",
    "conditions": "Rows meeting conditions",
    "rebalance": "Rebalanced groups",
}
MAX_VALUE_CHOICES = 500  # the most frequent values offered for a condition; rarer ones rarely sample anyway
MAX_REBALANCE_VALUES = 30  # more groups than this is a column to bin first, not to rebalance
DEFAULT_CONDITION_ROWS = 500
PERCENT_TOLERANCE = 0.05  # custom shares within this of 100% are scaled to exactly 100%
PREFIX = state.SHAPE_PREFIX


@dataclass(frozen=True)
class ShapeChoice:
    """What the user chose to generate.

    Attributes:
        conditions: Fixed values with row counts, or empty.
        rebalance: The rebalanced column and its shares, or None.
        problem: Why the choice cannot run yet (shown when Generate is pressed), or None.
    """

    conditions: tuple[ConditionSpec, ...] = ()
    rebalance: RebalanceSpec | None = None
    problem: str | None = None

    def configure(self, config: RunConfig) -> RunConfig | None:
        """The config with this choice, or None after saying why it cannot run (the page keeps its state)."""
        if self.problem:
            st.error(f"{widgets.escape(self.problem)} Nothing was generated.", icon=":material/error:")
            return None
        return replace(config, conditions=self.conditions, rebalance=self.rebalance)


def what_to_generate(frame: pd.DataFrame, schema: TableSchema, generator: type[Generator]) -> ShapeChoice:
    """Render the choice of plain, conditioned or rebalanced rows, and return it."""
    mode = st.radio(
        "What to generate",
        list(MODES),
        format_func=MODES.get,
        horizontal=True,
        key=f"{PREFIX}mode",
    )  # no help icon: its button would be named "What to generate" and shadow the Generate button for browsers
    if mode == "plain":
        st.caption(
            "Plain rows follow the real data. Conditions fix some column values for a number of rows; rebalancing "
            "gives one column's values new shares. Every row comes from the fitted model."
        )
        return ShapeChoice()
    if not generator.supports_conditions:
        message = f"{generator.label} cannot fix column values. {generator.conditions_note}"
        st.warning(f"{widgets.escape(message)} Or choose 'Plain rows'.", icon=":material/block:")
        return ShapeChoice(problem=f"{message} Or choose 'Plain rows'.")
    st.caption(f"How {widgets.escape(generator.label)} does it: {widgets.escape(generator.conditions_note)}")
    if mode == "conditions":
        return _conditions(frame, schema)
    return _rebalance(frame, schema)


def fixable_columns(schema: TableSchema, frame: pd.DataFrame) -> list[str]:
    """Learnt columns a condition can fix: those with groups of values, and numbers."""
    return [
        c.name
        for c in schema.columns
        if c.is_modelled and (c.kind.is_category_like or c.kind is ColumnKind.NUMERICAL) and frame[c.name].notna().any()
    ]


def rebalanceable_columns(schema: TableSchema, frame: pd.DataFrame) -> list[str]:
    """Learnt columns with 2 to `MAX_REBALANCE_VALUES` values, whose shares can be set."""
    return [
        c.name
        for c in schema.columns
        if c.is_modelled and c.kind.is_category_like and 2 <= frame[c.name].nunique() <= MAX_REBALANCE_VALUES
    ]


def _values(series: pd.Series, limit: int = MAX_VALUE_CHOICES) -> list[Any]:
    """A column's values, most frequent first, as plain Python scalars (they go into a JSON manifest)."""
    return [value.item() if hasattr(value, "item") else value for value in series.value_counts().index[:limit]]


def _conditions(frame: pd.DataFrame, schema: TableSchema) -> ShapeChoice:
    columns = fixable_columns(schema, frame)
    if not columns:
        st.info("No learnt column can be fixed: conditions need a categorical, boolean, ordinal or number column.")
        return ShapeChoice(problem="No learnt column can be fixed. Change a column's role on the Data page.")
    conditions: list[ConditionSpec] = []
    problems: list[str] = []
    for index in range(state.get_condition_count()):
        with st.container(border=True):
            spec = _condition(frame, schema, columns, index)
        if not spec.values:
            problems.append(f"Condition {index + 1} fixes no column: choose at least one column and its value.")
        conditions.append(spec)
    add, remove, total = st.columns([1, 1, 2])
    if add.button("Add a condition", icon=":material/add:", key=f"{PREFIX}add"):
        state.set_condition_count(state.get_condition_count() + 1)
        st.rerun()
    if state.get_condition_count() > 1 and remove.button(
        "Remove the last condition", icon=":material/remove:", key=f"{PREFIX}remove"
    ):
        state.set_condition_count(state.get_condition_count() - 1)
        st.rerun()
    rows = sum(spec.rows for spec in conditions)
    total.markdown(f"**{rows:,} rows in all.** The conditions set the number of rows; 'Synthetic rows' is not used.")
    if rows > MAX_SAMPLE_ROWS:
        problems.append(f"The conditions ask for {rows:,} rows; ask for at most {MAX_SAMPLE_ROWS:,} in all.")
    return ShapeChoice(conditions=tuple(conditions), problem=" ".join(problems) or None)


def _condition(frame: pd.DataFrame, schema: TableSchema, columns: list[str], index: int) -> ConditionSpec:
    """One condition: the columns it fixes, a value for each, and its number of rows."""
    key = f"{PREFIX}condition_{index}"
    state.keep_valid_choice(f"{key}_columns", columns)
    left, right = st.columns([3, 1])
    chosen = left.multiselect(
        f"Condition {index + 1}: columns to fix",
        columns,
        key=f"{key}_columns",
        placeholder="Choose one or more columns",
        help="Each row of this condition gets the values chosen below; the other columns come from the model.",
    )
    rows = right.number_input(
        "Rows", min_value=1, max_value=MAX_SAMPLE_ROWS, value=DEFAULT_CONDITION_ROWS, key=f"{key}_rows"
    )
    values: dict[str, Any] = {}
    boxes = st.columns(max(1, min(len(chosen), 3)))
    for position, name in enumerate(chosen):
        box = boxes[position % len(boxes)]
        widget_key = f"{key}_value_{name}"
        series = frame[name].dropna()
        if schema.column(name).kind is ColumnKind.NUMERICAL:
            whole = pd.api.types.is_integer_dtype(series)
            low, high, middle = (series.min(), series.max(), series.median())
            cast = int if whole else float
            values[name] = box.number_input(
                f"{widgets.escape(name)} =",
                min_value=cast(low),
                max_value=cast(high),
                value=cast(round(middle) if whole else middle),
                key=widget_key,
                help=f"Between {low} and {high}, the range of the real column.",
            )
        else:
            options = _values(series)
            state.keep_valid_choice(widget_key, options)
            values[name] = box.selectbox(f"{widgets.escape(name)} =", options, key=widget_key, format_func=str)
    return ConditionSpec(values=values, rows=int(rows))


def _rebalance(frame: pd.DataFrame, schema: TableSchema) -> ShapeChoice:
    columns = rebalanceable_columns(schema, frame)
    if not columns:
        st.info(
            f"No learnt column can be rebalanced: it needs a categorical, boolean or ordinal column with 2 to "
            f"{MAX_REBALANCE_VALUES} values."
        )
        return ShapeChoice(
            problem="No learnt column can be rebalanced. Change a column's kind or role on the Data page."
        )
    state.keep_valid_choice(f"{PREFIX}rebalance_column", columns)
    left, right = st.columns(2)
    column = left.selectbox(
        "Column to rebalance",
        columns,
        key=f"{PREFIX}rebalance_column",
        help="Its values get the shares you set; the other columns come from the model, given each value.",
    )
    mode = right.radio(
        "Shares",
        ["uniform", "custom"],
        format_func={"uniform": "Equal for every value", "custom": "Custom"}.get,
        horizontal=True,
        key=f"{PREFIX}rebalance_mode",
    )
    real = frame[column].dropna().value_counts(normalize=True)
    values = _values(frame[column].dropna())
    shares = ", ".join(f"{value} {share:.1%}" for value, share in real.items())
    st.caption(f"Real shares: {widgets.escape(shares)}. The 'Synthetic rows' box below sets the total.")
    if mode == "uniform":
        return ShapeChoice(rebalance=RebalanceSpec.of(column, {value: 1 / len(values) for value in values}))
    return _custom_shares(column, values)


def _custom_shares(column: str, values: list[Any]) -> ShapeChoice:
    """A percentage per value; they must add up to 100%."""
    boxes = st.columns(min(len(values), 4))
    percents: dict[Any, float] = {}
    for index, value in enumerate(values):
        percents[value] = boxes[index % len(boxes)].number_input(
            f"{widgets.escape(value)} (%)",
            min_value=0.0,
            max_value=100.0,
            value=round(100 / len(values), 2),
            step=1.0,
            format="%.2f",
            key=f"{PREFIX}share_{column}_{index}",
        )
    total = sum(percents.values())
    if not math.isclose(total, 100.0, abs_tol=PERCENT_TOLERANCE):
        message = (
            f"The shares for '{column}' add up to {total:.2f}%, not 100%. "
            f"Change them by {100 - total:+.2f} percentage points in all."
        )
        st.error(widgets.escape(message), icon=":material/percent:")
        return ShapeChoice(problem=message)
    # Within the tolerance, scale to exactly 100%: 33.33 three times is meant as thirds.
    return ShapeChoice(rebalance=RebalanceSpec.of(column, {value: share / total for value, share in percents.items()}))
