"""Rules the synthetic rows must obey: a small, serialisable model over SDV 2.0's constraints (`sdv.cag`).

A rule states something every row of the real data obeys ("start is never after end", "only the real
combinations of education and education-num occur"). Each rule serialises to a JSON-safe dict (the Run
manifest keeps them), describes itself in one sentence, checks rows (`holds`), and converts to the SDV
constraint that enforces it (`to_sdv`). The SDV generators enforce rules; the baselines ignore them.

Missing values always count as obeying a rule, as they do in SDV: a row with no end date breaks no
rule about end dates.

`suggest_rules` finds rules the real data already obeys, for the user to review before they are enforced.
"""

from __future__ import annotations

import itertools
import re
import warnings
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, Self

import numpy as np
import pandas as pd

from synth_core.if_in_set import describe_if_in_set, if_in_set_holds
from synth_core.schema import ColumnKind, TableSchema

if TYPE_CHECKING:
    from sdv.cag.base import BaseConstraint
    from sdv.cag.programmable_constraint import ProgrammableConstraint

# Caps that keep the suggestions short enough to review.
MAX_SUGGESTIONS = 12
MAX_INEQUALITY_SUGGESTIONS = 6
# Categorical columns with more levels than this are not paired: their unseen combinations are mostly chance.
MAX_COMBINATION_LEVELS = 60
# Names that hint at the low and the high end of a pair (created_at <= updated_at, start <= end).
_LOW_HINT = re.compile(r"start|begin|from|first|min|open|birth|created|earliest|lower|low|entry|in(?:_|$)", re.I)
_HIGH_HINT = re.compile(r"end|finish|to(?:_|$)|last|max|close|death|updated|latest|upper|high|exit|out(?:_|$)", re.I)


class Rule(ABC):
    """One rule every synthetic row must obey.

    Subclasses are frozen dataclasses that declare their `kind` (the tag in their dict) and `label`.
    """

    kind: ClassVar[str]
    label: ClassVar[str]
    sdv_constraint: ClassVar[str]

    @property
    @abstractmethod
    def columns(self) -> tuple[str, ...]:
        """The columns the rule is about."""

    @abstractmethod
    def describe(self) -> str:
        """The rule as one plain sentence."""

    @abstractmethod
    def holds(self, frame: pd.DataFrame) -> pd.Series:
        """Whether each row obeys the rule; rows with a missing value in the rule's columns count as obeying.

        Args:
            frame: Rows holding the rule's columns.

        Returns:
            A boolean Series aligned with `frame`'s index.
        """

    @abstractmethod
    def to_sdv(self) -> BaseConstraint | ProgrammableConstraint:
        """The SDV 2.0 constraint (`sdv.cag`) that enforces this rule, for `synthesizer.add_constraints`."""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict: the rule's `kind` and its fields."""
        values = {field.name: _plain(getattr(self, field.name)) for field in fields(self)}  # type: ignore[arg-type]
        return {"kind": self.kind, **values}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rule:
        """Rebuild any rule from `to_dict` output.

        Raises:
            ValueError: The kind is unknown or a field is missing or unknown.
        """
        data = dict(data)
        kind = data.pop("kind", None)
        rule_class = RULE_KINDS.get(str(kind))
        if rule_class is None:
            raise ValueError(f"Unknown rule kind '{kind}'; known: {', '.join(RULE_KINDS)}.")
        try:
            return rule_class._from_fields(data)
        except TypeError as error:
            raise ValueError(f"The {rule_class.label} rule {data} is not valid ({error}).") from None

    @classmethod
    def _from_fields(cls, fields: dict[str, Any]) -> Self:
        return cls(**fields)


@dataclass(frozen=True)
class InequalityRule(Rule):
    """`low <= high` in every row (`low < high` when strict), for two numerical or two datetime columns.

    Attributes:
        low: The column that holds the smaller value.
        high: The column that holds the larger value.
        strict: Whether the two may not be equal.
    """

    low: str
    high: str
    strict: bool = False

    kind: ClassVar[str] = "inequality"
    label: ClassVar[str] = "Inequality"
    sdv_constraint: ClassVar[str] = "Inequality"

    @property
    def columns(self) -> tuple[str, ...]:
        """The low and the high column."""
        return (self.low, self.high)

    def describe(self) -> str:
        """E.g. "'start_date' is never greater than 'end_date'."."""
        relation = "is always less than" if self.strict else "is never greater than"
        return f"'{self.low}' {relation} '{self.high}'."

    def holds(self, frame: pd.DataFrame) -> pd.Series:
        """Whether `low <= high` (or `<` when strict) in each row; a missing value counts as obeying."""
        low, high = _comparable(frame[self.low], frame[self.high])
        obeys = low < high if self.strict else low <= high
        return pd.Series(obeys.to_numpy() | low.isna().to_numpy() | high.isna().to_numpy(), index=frame.index)

    def to_sdv(self) -> BaseConstraint:
        """SDV's `Inequality(low_column_name, high_column_name, strict_boundaries)`."""
        from sdv.cag import Inequality

        return Inequality(low_column_name=self.low, high_column_name=self.high, strict_boundaries=self.strict)


@dataclass(frozen=True)
class RangeRule(Rule):
    """`low <= middle <= high` in every row (`<` when strict), for three numerical or three datetime columns.

    Attributes:
        low: The column that holds the lower bound.
        middle: The column that must lie between the bounds.
        high: The column that holds the upper bound.
        strict: Whether the middle may not equal a bound.
    """

    low: str
    middle: str
    high: str
    strict: bool = False

    kind: ClassVar[str] = "range"
    label: ClassVar[str] = "Range"
    sdv_constraint: ClassVar[str] = "Range"

    @property
    def columns(self) -> tuple[str, ...]:
        """The low, middle and high column."""
        return (self.low, self.middle, self.high)

    def describe(self) -> str:
        """E.g. "'age' always lies between 'min_age' and 'max_age' (bounds included)."."""
        bounds = "bounds excluded" if self.strict else "bounds included"
        return f"'{self.middle}' always lies between '{self.low}' and '{self.high}' ({bounds})."

    def holds(self, frame: pd.DataFrame) -> pd.Series:
        """Whether `low <= middle <= high` in each row; a missing value counts as obeying."""
        first = InequalityRule(self.low, self.middle, self.strict).holds(frame)
        return first & InequalityRule(self.middle, self.high, self.strict).holds(frame)

    def to_sdv(self) -> BaseConstraint:
        """SDV's `Range(low_column_name, middle_column_name, high_column_name, strict_boundaries)`."""
        from sdv.cag import Range

        return Range(
            low_column_name=self.low,
            middle_column_name=self.middle,
            high_column_name=self.high,
            strict_boundaries=self.strict,
        )


@dataclass(frozen=True)
class FixedCombinationsRule(Rule):
    """Only the combinations of these categorical columns that occur in the real data may occur.

    Build it with `from_frame`, which records the allowed combinations so that `holds` can check any
    table. SDV learns the same combinations from the training rows when it fits.

    Attributes:
        column_names: Two or more categorical, ordinal or boolean columns.
        combinations: The allowed combinations, each a tuple of values in `column_names` order.
    """

    column_names: tuple[str, ...]
    combinations: tuple[tuple[Any, ...], ...] = ()

    kind: ClassVar[str] = "fixed_combinations"
    label: ClassVar[str] = "Fixed combinations"
    sdv_constraint: ClassVar[str] = "FixedCombinations"

    def __post_init__(self) -> None:
        if len(self.column_names) < 2:
            raise ValueError(f"Fixed combinations need at least two columns; got {list(self.column_names)}.")

    @classmethod
    def from_frame(cls, column_names: Sequence[str], frame: pd.DataFrame) -> FixedCombinationsRule:
        """The rule with the combinations that occur in `frame` (rows with a missing value left out)."""
        observed = frame[list(column_names)].dropna().drop_duplicates()
        rows = (tuple(_plain(value) for value in row) for row in observed.itertuples(index=False))
        return cls(tuple(column_names), tuple(sorted(rows, key=str)))

    @classmethod
    def _from_fields(cls, fields: dict[str, Any]) -> Self:
        return cls(
            column_names=tuple(fields["column_names"]),
            combinations=tuple(tuple(combination) for combination in fields.get("combinations", ())),
        )

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns whose combinations are fixed."""
        return self.column_names

    def describe(self) -> str:
        """E.g. "Only the 16 combinations of 'education' and 'education-num' seen in the real data occur."."""
        names = _join_names(self.column_names)
        count = f"{len(self.combinations):,} " if self.combinations else ""
        return f"Only the {count}combinations of {names} seen in the real data occur."

    def holds(self, frame: pd.DataFrame) -> pd.Series:
        """Whether each row's combination is an allowed one; a missing value counts as obeying.

        Raises:
            ValueError: The rule has no recorded combinations (build it with `from_frame`).
        """
        if not self.combinations:
            raise ValueError(
                f"The fixed combinations of {_join_names(self.column_names)} are not recorded; "
                "build the rule with FixedCombinationsRule.from_frame(columns, real_rows)."
            )
        allowed = pd.MultiIndex.from_tuples(self.combinations, names=list(self.column_names))
        values = frame[list(self.column_names)]
        present = pd.MultiIndex.from_frame(values)
        obeys = present.isin(allowed) | values.isna().any(axis=1).to_numpy()
        return pd.Series(obeys, index=frame.index)

    def to_sdv(self) -> BaseConstraint:
        """SDV's `FixedCombinations(column_names)`."""
        from sdv.cag import FixedCombinations

        return FixedCombinations(column_names=list(self.column_names))


@dataclass(frozen=True)
class FixedIncrementsRule(Rule):
    """A numerical column whose values are all multiples of a whole number (prices in steps of 5, say).

    Attributes:
        column: The numerical column.
        increment: The whole number every value is a multiple of, greater than 0.
    """

    column: str
    increment: int

    kind: ClassVar[str] = "fixed_increments"
    label: ClassVar[str] = "Fixed increments"
    sdv_constraint: ClassVar[str] = "FixedIncrements"

    def __post_init__(self) -> None:
        if int(self.increment) != self.increment or self.increment < 1:
            raise ValueError(f"The increment of '{self.column}' must be a whole number above 0; got {self.increment}.")

    @property
    def columns(self) -> tuple[str, ...]:
        """The one column."""
        return (self.column,)

    def describe(self) -> str:
        """E.g. "'salary' is always a multiple of 1,000."."""
        return f"'{self.column}' is always a multiple of {int(self.increment):,}."

    def holds(self, frame: pd.DataFrame) -> pd.Series:
        """Whether each value is a multiple of the increment; a missing value counts as obeying."""
        values = pd.to_numeric(frame[self.column], errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            remainder = np.mod(values, self.increment)
        obeys = np.isclose(remainder, 0) | np.isclose(remainder, self.increment) | np.isnan(values)
        return pd.Series(obeys, index=frame.index)

    def to_sdv(self) -> BaseConstraint:
        """SDV's `FixedIncrements(column_name, increment_value)`."""
        from sdv.cag import FixedIncrements

        return FixedIncrements(column_name=self.column, increment_value=int(self.increment))


@dataclass(frozen=True)
class IfInSetRule(Rule):
    """If `if_column` is one of `if_values`, then `then_column` is one of `then_values`.

    SDV has no such constraint; `to_sdv` returns a programmable constraint whose rows SDV keeps only
    when they obey (reject sampling).

    Attributes:
        if_column: The column the condition is about.
        if_values: The values that trigger the rule.
        then_column: The column the rule then restricts.
        then_values: The values `then_column` may take when the rule is triggered.
    """

    if_column: str
    if_values: tuple[Any, ...]
    then_column: str
    then_values: tuple[Any, ...]

    kind: ClassVar[str] = "if_in_set"
    label: ClassVar[str] = "If … then …"
    sdv_constraint: ClassVar[str] = "ProgrammableConstraint (IfInSetConstraint)"

    def __post_init__(self) -> None:
        if not self.if_values or not self.then_values:
            raise ValueError(f"The rule on '{self.if_column}' and '{self.then_column}' needs values on both sides.")

    @classmethod
    def _from_fields(cls, fields: dict[str, Any]) -> Self:
        return cls(
            if_column=fields["if_column"],
            if_values=tuple(fields["if_values"]),
            then_column=fields["then_column"],
            then_values=tuple(fields["then_values"]),
        )

    @property
    def columns(self) -> tuple[str, ...]:
        """The condition's column and the restricted column."""
        return (self.if_column, self.then_column)

    def describe(self) -> str:
        """E.g. "When 'relationship' is 'Husband', 'sex' is 'Male'."."""
        return describe_if_in_set(self)

    def holds(self, frame: pd.DataFrame) -> pd.Series:
        """Whether each row obeys; rows that do not trigger the rule, or miss the restricted value, obey."""
        return if_in_set_holds(frame, self)

    def to_sdv(self) -> ProgrammableConstraint:
        """Our `IfInSetConstraint`, a `SingleTableProgrammableConstraint`."""
        from synth_core.generators._sdv_constraints import IfInSetConstraint

        return IfInSetConstraint(
            if_column=self.if_column,
            if_values=list(self.if_values),
            then_column=self.then_column,
            then_values=list(self.then_values),
        )


RULE_KINDS: dict[str, type[Rule]] = {
    rule.kind: rule for rule in (InequalityRule, RangeRule, FixedCombinationsRule, FixedIncrementsRule, IfInSetRule)
}


@dataclass(frozen=True)
class RuleCompliance:
    """How many rows of a table obey one rule.

    Attributes:
        rule: The rule.
        rows: Rows checked.
        rows_obeying: Rows that obey it.
        share: `rows_obeying / rows`, or 1.0 for no rows.
    """

    rule: Rule
    rows: int
    rows_obeying: int
    share: float


def rule_compliance(frame: pd.DataFrame, rules: Iterable[Rule]) -> list[RuleCompliance]:
    """Check every rule on every row of `frame`.

    Returns:
        One `RuleCompliance` per rule, in order.
    """
    results = []
    for rule in rules:
        obeying = int(rule.holds(frame).sum())
        rows = len(frame)
        results.append(RuleCompliance(rule, rows, obeying, obeying / rows if rows else 1.0))
    return results


def rules_from_dicts(data: Iterable[dict[str, Any]]) -> list[Rule]:
    """Rebuild rules from their dicts (as a `RunConfig` holds them)."""
    return [Rule.from_dict(entry) for entry in data]


def rule_problems(rules: Iterable[Rule], frame: pd.DataFrame, schema: TableSchema) -> list[str]:
    """List every reason the rules cannot be enforced on these training rows, each naming the rule and the fix.

    A rule's columns must be modelled, of kinds its SDV constraint accepts, and every training row must
    obey it (SDV refuses to fit otherwise).
    """
    problems: list[str] = []
    modelled = {column.name: column.kind for column in schema.columns if column.is_modelled}
    for rule in rules:
        unknown = [name for name in rule.columns if name not in modelled]
        if unknown:
            problems.append(
                f'Rule "{rule.describe()}": {_join_names(unknown)} {"is" if len(unknown) == 1 else "are"} not '
                "modelled (missing, ignored, a key, personal data or free text). Remove the rule or change the column."
            )
            continue
        kinds = {modelled[name] for name in rule.columns}
        allowed = _ALLOWED_KINDS.get(rule.kind)
        if allowed is not None and (not kinds <= allowed or (len(kinds) > 1 and rule.kind in _SAME_KIND)):
            problems.append(
                f'Rule "{rule.describe()}": it needs {_ALLOWED_TEXT[rule.kind]} columns, and '
                f"{_join_names(rule.columns)} are {', '.join(sorted(str(kind) for kind in kinds))}. "
                "Change the columns' kinds or remove the rule."
            )
            continue
        if isinstance(rule, FixedCombinationsRule) and not rule.combinations:
            continue  # nothing recorded to check: SDV learns the combinations from these very rows
        broken = ~rule.holds(frame)
        if broken.any():
            example = frame.loc[broken, list(rule.columns)].iloc[0].to_dict()
            problems.append(
                f'Rule "{rule.describe()}": {int(broken.sum()):,} real row(s) break it (for example {example}). '
                "A rule must hold in the real data; remove it or clean those rows."
            )
    return problems


_NUMBER_OR_DATE = {kind for kind in ColumnKind if kind.is_numeric_like}
_CATEGORIES = {kind for kind in ColumnKind if kind.is_category_like}
_ALLOWED_KINDS = {
    "inequality": _NUMBER_OR_DATE,
    "range": _NUMBER_OR_DATE,
    "fixed_combinations": _CATEGORIES,
    "fixed_increments": {ColumnKind.NUMERICAL},
}
_SAME_KIND = {"inequality", "range"}
_ALLOWED_TEXT = {
    "inequality": "two numerical or two datetime",
    "range": "three numerical or three datetime",
    "fixed_combinations": "categorical, ordinal or boolean",
    "fixed_increments": "a numerical",
}


# --- Suggestions --------------------------------------------------------------------------------


def suggest_rules(frame: pd.DataFrame, schema: TableSchema, *, limit: int = MAX_SUGGESTIONS) -> list[Rule]:
    """Find rules the real data already obeys, for the user to review.

    - Inequalities: pairs of numerical (or of datetime) columns where `a <= b` in every row that has
      both. Pairs whose ranges do not even overlap are left out (any generator that keeps each column
      within its real range obeys them anyway), as are constant columns, equal columns and pairs implied
      by two others (a <= b and b <= c imply a <= c). Names that read as start and end come first.
    - Fixed increments: whole-number columns whose values share a common divisor above 1.
    - Fixed combinations: pairs of categorical columns where most of the combinations that independence
      would make common never occur (Adult's `education` and `education-num` determine each other).

    Args:
        frame: The real rows.
        schema: Their schema; only modelled columns are considered.
        limit: The most rules to return.

    Returns:
        The rules, strongest first within each kind: inequalities, then fixed increments, then fixed
        combinations.
    """
    modelled = [column for column in schema.columns if column.is_modelled and column.name in frame.columns]
    numbers = {c.name: _as_float(frame[c.name]) for c in modelled if c.kind is ColumnKind.NUMERICAL}
    numbers = {name: values for name, values in numbers.items() if values is not None}
    dates = {
        c.name: _as_float(_to_datetime(frame[c.name], c.datetime_format))
        for c in modelled
        if c.kind is ColumnKind.DATETIME
    }
    dates = {name: values for name, values in dates.items() if values is not None}
    categories = [c.name for c in modelled if c.kind.is_category_like]

    suggested: list[Rule] = []
    suggested += _suggest_inequalities(numbers) + _suggest_inequalities(dates)
    suggested.sort(key=lambda rule: not _name_hint(rule))  # stable: start/end pairs first
    suggested = suggested[:MAX_INEQUALITY_SUGGESTIONS]
    suggested += _suggest_increments(numbers)
    suggested += _suggest_combinations(frame, categories)
    return suggested[:limit]


def _suggest_inequalities(columns: dict[str, np.ndarray]) -> list[Rule]:
    names = [name for name, values in columns.items() if np.unique(values[~np.isnan(values)]).size > 1]
    holds: set[tuple[str, str]] = set()
    for low, high in itertools.permutations(names, 2):
        a, b = columns[low], columns[high]
        both = ~(np.isnan(a) | np.isnan(b))
        if both.sum() < 2:
            continue
        a, b = a[both], b[both]
        if np.nanmax(a) <= np.nanmin(b) or np.array_equal(a, b):
            continue  # ranges apart (trivial) or the same column twice
        if (a <= b).all():
            holds.add((low, high))
    # Leave out what two others imply: a <= b and b <= c give a <= c.
    implied = {(a, c) for (a, b) in holds for (b2, c) in holds if b == b2 and (a, c) in holds}
    return [InequalityRule(low, high) for low, high in sorted(holds - implied, key=lambda pair: names.index(pair[0]))]


def _suggest_increments(columns: dict[str, np.ndarray]) -> list[Rule]:
    rules: list[Rule] = []
    for name, values in columns.items():
        present = np.unique(values[~np.isnan(values)])
        if present.size < 2 or not np.all(present == np.round(present)) or np.abs(present).max() > 2**53:
            continue
        divisor = int(np.gcd.reduce(np.abs(present).astype(np.int64)))
        if divisor > 1:
            rules.append(FixedIncrementsRule(name, divisor))
    return rules


def _suggest_combinations(frame: pd.DataFrame, names: list[str]) -> list[Rule]:
    """Pairs whose observed combinations are far fewer than independence would show."""
    codes: dict[str, tuple[np.ndarray, int]] = {}
    for name in names:
        column_codes, levels = pd.factorize(frame[name])
        if 2 <= len(levels) <= MAX_COMBINATION_LEVELS:
            codes[name] = (column_codes, len(levels))
    rows = len(frame)
    found: list[tuple[float, tuple[str, str]]] = []
    for first, second in itertools.combinations(codes, 2):
        (a, p), (b, q) = codes[first], codes[second]
        present = (a >= 0) & (b >= 0)
        counts = np.bincount(a[present] * q + b[present], minlength=p * q).reshape(p, q)
        # Combinations independence would make common (5 or more expected rows): most must be absent.
        expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / max(int(present.sum()), 1)
        common = expected >= 5
        missing_share = float((common & (counts == 0)).sum()) / max(int(common.sum()), 1)
        if rows and common.any() and missing_share >= 0.5 and (counts > 0).sum() <= 0.5 * p * q:
            found.append((missing_share, (first, second)))
    found.sort(key=lambda item: -item[0])
    used: set[str] = set()
    rules: list[Rule] = []
    for _, pair in found:
        if used.isdisjoint(pair):  # SDV chains one FixedCombinations per column; overlaps fall back to rejection
            rules.append(FixedCombinationsRule.from_frame(pair, frame))
            used.update(pair)
    return rules


# --- Helpers ------------------------------------------------------------------------------------


def _comparable(first: pd.Series, second: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Two columns as numbers, or as datetimes when either is not numeric (dates stored as text)."""
    if pd.api.types.is_numeric_dtype(first) and pd.api.types.is_numeric_dtype(second):
        return first.astype(float), second.astype(float)
    return _to_datetime(first), _to_datetime(second)


def _to_datetime(values: pd.Series, datetime_format: str | None = None) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "could not infer format": unparsable values become NaT
        return pd.to_datetime(values, format=datetime_format, errors="coerce")


def _as_float(values: pd.Series) -> np.ndarray | None:
    """Numbers (datetimes as nanoseconds) with NaN for missing; None when the column is not numeric."""
    if pd.api.types.is_datetime64_any_dtype(values):
        numbers = values.astype("int64").astype(float).to_numpy()
        numbers[values.isna().to_numpy()] = np.nan
        return numbers
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return None
    return values.to_numpy(dtype=float, na_value=np.nan)


def _name_hint(rule: Rule) -> bool:
    return isinstance(rule, InequalityRule) and bool(_LOW_HINT.search(rule.low) and _HIGH_HINT.search(rule.high))


def _plain(value: Any) -> Any:
    """JSON-safe: tuples become lists, numpy scalars Python ones."""
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _join_names(names: Sequence[str]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


__all__ = [
    "RULE_KINDS",
    "FixedCombinationsRule",
    "FixedIncrementsRule",
    "IfInSetRule",
    "InequalityRule",
    "RangeRule",
    "Rule",
    "RuleCompliance",
    "rule_compliance",
    "rule_problems",
    "rules_from_dicts",
    "suggest_rules",
]
