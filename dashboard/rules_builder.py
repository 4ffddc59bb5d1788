"""The Rules section of the Generate page: rules found in the data, a builder for any rule, and the list in force.

The rules are kept in the session (`state.get_rules`) until other data is loaded, and go into the next
run's `RunConfig.rules`. Every rule is checked against the real rows before it is added, so the list
only ever holds rules the generator can enforce.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import state, widgets
from synth_core.generators import Generator
from synth_core.rules import (
    RULE_KINDS,
    FixedCombinationsRule,
    FixedIncrementsRule,
    IfInSetRule,
    InequalityRule,
    RangeRule,
    Rule,
    rule_problems,
    suggest_rules,
)
from synth_core.schema import ColumnKind, TableSchema

_NUMBER_OR_DATE = tuple(kind for kind in ColumnKind if kind.is_numeric_like)
_CATEGORIES = tuple(kind for kind in ColumnKind if kind.is_category_like)
# Columns with more values than this are not offered for "if … then …": a picker of thousands helps no one.
MAX_SET_VALUES = 200
# Values of the "then" column listed as evidence under an "if … then …" rule.
MAX_SHOWN_VALUES = 8


def rules_section(dataset: state.Dataset, schema: TableSchema, generator: type[Generator]) -> list[Rule]:
    """Show the Rules section and return the rules set for the next run.

    Args:
        dataset: The real table.
        schema: Its schema, with the user's edits.
        generator: The chosen generator, to say whether it enforces rules.

    Returns:
        The rules in force, in the order they were set.
    """
    rules = _rules_for_schema(dataset.frame, schema)
    with st.expander(f"Rules ({len(rules)} set)", icon=":material/rule:", expanded=bool(rules)):
        st.caption(
            "Rules every synthetic row must obey, such as 'start is never after end'. The SDV generators enforce "
            "them; the Fidelity page counts how many synthetic rows obey each one."
        )
        if rules and not generator.enforces_rules:
            st.info(
                f"{widgets.escape(generator.label)} ignores rules: its rows are not made to obey them. Run it to see "
                "how often an unconstrained model breaks them, and compare with a generator that enforces them.",
                icon=":material/info:",
            )
        _suggestions(dataset, schema, rules)
        _builder(dataset.frame, schema, rules)
        _rule_list(rules)
    return rules


def _rules_for_schema(frame: pd.DataFrame, schema: TableSchema) -> list[Rule]:
    """The rules in force; after a schema edit, those that no longer fit it are dropped, with a message."""
    version, rules = state.get_rules()
    current = state.get_schema_version()
    if version == current:
        return rules
    kept, dropped = [], []
    for rule in rules:
        problems = rule_problems([rule], frame, schema)
        (dropped if problems else kept).extend(problems or [rule])
    if dropped:
        widgets.problems_box("The schema changed, so these rules were removed", dropped)
    state.set_rules(current, kept)
    return kept


def _suggestions(dataset: state.Dataset, schema: TableSchema, rules: list[Rule]) -> None:
    """Rules the data already obeys, each with a checkbox and its evidence; a change reruns the page."""
    st.markdown("**Found in the data**")
    suggested = _suggested_rules(dataset, schema)
    if not suggested:
        st.caption("No rule stands out in this table. Add one below.")
        return
    for rule, evidence in suggested:
        chosen = st.checkbox(
            widgets.escape(rule.describe()),
            value=rule in rules,
            help=f"Tick to enforce it in the next run, as SDV's {rule.sdv_constraint} constraint.",
        )
        st.caption(evidence)
        if chosen != (rule in rules):
            changed = [*rules, rule] if chosen else [kept for kept in rules if kept != rule]
            state.set_rules(state.get_schema_version(), changed)
            st.rerun()  # so the section's title counts the change


def _suggested_rules(dataset: state.Dataset, schema: TableSchema) -> list[tuple[Rule, str]]:
    """`suggest_rules` with each rule's evidence, computed once per data and schema, not on every rerun."""
    key = f"{dataset.sha256}|{state.get_schema_version()}"
    suggested = state.get_cached("rule_suggestions", key)
    if suggested is None:
        frame = dataset.frame
        suggested = [(rule, _evidence(rule, frame)) for rule in suggest_rules(frame, schema)]
        state.set_cached("rule_suggestions", key, suggested)
    return suggested  # type: ignore[return-value]


def _evidence(rule: Rule, frame: pd.DataFrame) -> str:
    """E.g. "Holds in all 32,561 rows."."""
    present = int(frame[list(rule.columns)].notna().all(axis=1).sum())
    if present == len(frame):
        return f"Holds in all {present:,} rows."
    return f"Holds in all {present:,} rows that have a value in each of its columns (of {len(frame):,})."


# --- The builder ----------------------------------------------------------------------------------


def _builder(frame: pd.DataFrame, schema: TableSchema, rules: list[Rule]) -> None:
    """Pick a kind of rule and its columns and values; the rule is added once it holds in the real data."""
    st.markdown("**Add a rule**")
    kind = st.selectbox(
        "Kind of rule",
        list(RULE_KINDS),
        format_func=lambda key: _KIND_TEXT[key],
        key="rule_kind",
        help="Each kind becomes an SDV 2.0 constraint the SDV generators enforce while sampling.",
    )
    draft = _DRAFTS[kind](frame, schema)
    if draft is None:
        return
    if not st.button("Add rule", icon=":material/add:", key="rule_add"):
        return
    try:
        rule = draft()
    except (TypeError, ValueError) as error:
        st.error(f"{widgets.escape(error)} Pick the missing values and add it again.", icon=":material/error:")
        return
    if rule in rules:
        st.info("This rule is already set.", icon=":material/info:")
        return
    problems = rule_problems([rule], frame, schema)
    if problems:
        widgets.problems_box("This rule cannot be added", problems)
        return
    state.set_rules(state.get_schema_version(), [*rules, rule])
    st.rerun()  # so the section's title and the suggestions' ticks show the new rule


_KIND_TEXT = {
    "inequality": "Inequality: one column is never greater than another",
    "range": "Range: one column lies between two others",
    "fixed_combinations": "Fixed combinations: only the real combinations of some categories",
    "fixed_increments": "Fixed increments: values are multiples of a whole number",
    "if_in_set": "If … then …: when a column takes some values, another takes only some",
}

Draft = Callable[[], Rule]


def _columns(schema: TableSchema, kinds: tuple[ColumnKind, ...]) -> list[str]:
    return [column.name for column in schema.columns if column.is_modelled and column.kind in kinds]


def _not_enough(what: str) -> None:
    st.info(f"This table has no {what} to build this rule from; the Data page sets each column's kind.")


def _inequality_draft(frame: pd.DataFrame, schema: TableSchema) -> Draft | None:
    candidates = _columns(schema, _NUMBER_OR_DATE)
    if len(candidates) < 2:
        _not_enough("two numerical or two date columns")
        return None
    left, right = st.columns(2)
    low = left.selectbox("Smaller column", candidates, key="rule_low")
    highs = _same_kind(schema, candidates, low, exclude=[low])
    if not highs:
        st.info(f"No other column has the kind of '{widgets.escape(low)}' to compare it with.")
        return None
    high = right.selectbox("Larger column", highs, key="rule_high")
    strict = st.checkbox("Never equal", key="rule_strict_inequality", help="The smaller column is always less.")
    return lambda: InequalityRule(low, high, strict)


def _range_draft(frame: pd.DataFrame, schema: TableSchema) -> Draft | None:
    candidates = _columns(schema, _NUMBER_OR_DATE)
    if len(candidates) < 3:
        _not_enough("three numerical or three date columns")
        return None
    first, second, third = st.columns(3)
    middle = second.selectbox("Middle column", candidates, key="rule_range_middle")
    others = _same_kind(schema, candidates, middle, exclude=[middle])
    if len(others) < 2:
        st.info(f"Fewer than two other columns have the kind of '{widgets.escape(middle)}'.")
        return None
    low = first.selectbox("Lower bound", others, key="rule_range_low")
    high = third.selectbox("Upper bound", [name for name in others if name != low], key="rule_range_high")
    strict = st.checkbox("Never equal to a bound", key="rule_strict_range")
    return lambda: RangeRule(low, middle, high, strict)


def _combinations_draft(frame: pd.DataFrame, schema: TableSchema) -> Draft | None:
    candidates = _columns(schema, _CATEGORIES)
    if len(candidates) < 2:
        _not_enough("two categorical, ordinal or boolean columns")
        return None
    names = st.multiselect(
        "Columns",
        candidates,
        key="rule_combination_columns",
        help="Two or more; only the combinations of their values seen in the real data will occur.",
    )
    if len(names) >= 2:
        seen = len(frame[names].dropna().drop_duplicates())
        st.caption(f"{seen:,} combinations occur in the real data.")
    return lambda: FixedCombinationsRule.from_frame(names, frame)


def _increments_draft(frame: pd.DataFrame, schema: TableSchema) -> Draft | None:
    candidates = _columns(schema, (ColumnKind.NUMERICAL,))
    if not candidates:
        _not_enough("numerical column")
        return None
    left, right = st.columns(2)
    column = left.selectbox("Column", candidates, key="rule_increment_column")
    step = right.number_input("Multiple of", min_value=1, value=1, step=1, key="rule_increment")
    return lambda: FixedIncrementsRule(column, int(step))


def _if_in_set_draft(frame: pd.DataFrame, schema: TableSchema) -> Draft | None:
    candidates = [name for name in _columns(schema, _CATEGORIES) if frame[name].nunique() <= MAX_SET_VALUES]
    if len(candidates) < 2:
        _not_enough(f"two categorical columns with at most {MAX_SET_VALUES} values")
        return None
    left, right = st.columns(2)
    if_column = left.selectbox("If column", candidates, key="rule_if_column")
    if_values = left.multiselect("is one of", _values(frame, if_column), key="rule_if_values")
    then_column = right.selectbox(
        "then column", [name for name in candidates if name != if_column], key="rule_then_column"
    )
    then_values = right.multiselect("is one of", _values(frame, then_column), key="rule_then_values")
    if if_values:
        seen = frame.loc[frame[if_column].isin(if_values), then_column].value_counts()
        shown = ", ".join(f"'{value}' ({count:,} rows)" for value, count in seen.head(MAX_SHOWN_VALUES).items())
        more = f" and {len(seen) - MAX_SHOWN_VALUES:,} more" if len(seen) > MAX_SHOWN_VALUES else ""
        st.caption(widgets.escape(f"In the real data, '{then_column}' then takes: {shown}{more}."))
    return lambda: IfInSetRule(if_column, tuple(if_values), then_column, tuple(then_values))


def _same_kind(schema: TableSchema, names: list[str], like: str, *, exclude: list[str]) -> list[str]:
    kind = schema.column(like).kind
    return [name for name in names if schema.column(name).kind is kind and name not in exclude]


def _values(frame: pd.DataFrame, column: str) -> list[Any]:
    """The column's distinct values, as plain Python values, most frequent first."""
    return frame[column].dropna().value_counts().index.tolist()


_DRAFTS: dict[str, Callable[[pd.DataFrame, TableSchema], Draft | None]] = {
    "inequality": _inequality_draft,
    "range": _range_draft,
    "fixed_combinations": _combinations_draft,
    "fixed_increments": _increments_draft,
    "if_in_set": _if_in_set_draft,
}


# --- The rules in force ---------------------------------------------------------------------------


def _rule_list(rules: list[Rule]) -> None:
    """The rules set for the next run, each with a button that removes it."""
    st.markdown("**Rules for the next run**")
    if not rules:
        st.caption("None yet: tick a rule found in the data or add one.")
        return
    for index, rule in enumerate(rules):
        text, button = st.columns([6, 1], vertical_alignment="center")
        text.markdown(f"{index + 1}. {widgets.escape(rule.describe())}")
        button.button(
            "Remove",
            key=f"rule_remove_{index}",
            icon=":material/delete:",
            on_click=_remove,
            args=(rule,),
            help="Remove this rule from the next run.",
        )


def _remove(rule: Rule) -> None:
    """Button callback: it runs before the page, so the checkboxes above already show the removal."""
    _, rules = state.get_rules()
    state.set_rules(state.get_schema_version(), [kept for kept in rules if kept != rule])
