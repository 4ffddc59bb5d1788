"""The declared domain of a table: what values each column may take, stated by the user, not read from the data.

A differentially private generator must not learn which categories exist, or where numbers start and end,
from the rows it protects: one person's rare value would show in the output. So the user declares, per
column, its categories (categorical, boolean or ordinal columns) or its lower and upper bounds (numerical,
ordinal or date columns), and whether it may be missing. Columns left undeclared are learnt privately, paid
for out of ε (see `synth_core.generators.dp_mst`).

How real values that fall outside the declared domain are handled, row by row (so the guarantee holds):
numbers and dates are clipped to the bounds; a category that is not declared, or a missing value in a
column declared without missing values, becomes missing where the column allows it, and otherwise the row
is left out of training. `outside_domain` counts such values for the data holder's eyes only: the counts
depend on the real rows, so they never go into a Run, its notes or its report.

JSON form (`DeclaredDomain.to_dict`)::

    {"source": "UCI Adult documentation",
     "columns": {"age": {"lower": 17, "upper": 90},
                 "workclass": {"categories": ["Private", "State-gov"], "missing": true}}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from synth_core.errors import SynthStudioError
from synth_core.samples import SAMPLE_DIR
from synth_core.schema import ColumnKind, TableSchema

# Declared domains that ship with the bundled samples, by sample key.
SAMPLE_DOMAIN_FILES = {"adult": "adult_domain.json"}


class DomainError(SynthStudioError):
    """A declared domain cannot be used; the message lists every problem and what to do."""


@dataclass(frozen=True)
class ColumnDomain:
    """The declared values of one column: categories, or lower and upper bounds.

    Attributes:
        name: The column name, exactly as in the data.
        categories: The allowed values, for categorical, boolean or ordinal columns.
        lower: The smallest value, for numerical, ordinal or date columns (dates as ISO text).
        upper: The largest value.
        missing: Whether the column may be missing (empty).
    """

    name: str
    categories: tuple[Any, ...] = ()
    lower: float | str | None = None
    upper: float | str | None = None
    missing: bool = False

    @property
    def has_bounds(self) -> bool:
        """Whether the column is declared by bounds rather than categories."""
        return self.lower is not None or self.upper is not None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready entry, without the name (it is the key)."""
        entry: dict[str, Any] = {}
        if self.categories:
            entry["categories"] = list(self.categories)
        if self.has_bounds:
            entry["lower"], entry["upper"] = self.lower, self.upper
        entry["missing"] = self.missing
        return entry


@dataclass(frozen=True)
class DeclaredDomain:
    """The declared domain of every column the user knows it for.

    Attributes:
        columns: One entry per declared column.
        source: Where the domain comes from (public documentation, a codebook); shown in the report.
    """

    columns: tuple[ColumnDomain, ...] = ()
    source: str = ""

    @property
    def names(self) -> list[str]:
        """The declared column names."""
        return [column.name for column in self.columns]

    def column(self, name: str) -> ColumnDomain | None:
        """The declared domain of `name`, or None if it is not declared."""
        return next((column for column in self.columns if column.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form (see the module docstring)."""
        return {"source": self.source, "columns": {column.name: column.to_dict() for column in self.columns}}

    def to_json(self) -> str:
        """The JSON text of `to_dict`."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeclaredDomain:
        """Read the JSON-ready form, collecting every problem of shape.

        Raises:
            DomainError: Listing every entry that cannot be read, each naming its column.
        """
        if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
            raise DomainError('A declared domain is a JSON object: {"columns": {"<column>": {...}}}.')
        problems: list[str] = []
        columns: list[ColumnDomain] = []
        for name, entry in data.get("columns", {}).items():
            if not isinstance(entry, dict):
                problems.append(f"'{name}': give an object with 'categories' or 'lower' and 'upper'; got {entry!r}.")
                continue
            unknown = set(entry) - {"categories", "lower", "upper", "missing"}
            if unknown:
                problems.append(
                    f"'{name}': unknown field(s) {', '.join(sorted(unknown))}; use categories, lower, upper, missing."
                )
            categories = entry.get("categories") or ()
            if not isinstance(categories, list | tuple):
                problems.append(f"'{name}': 'categories' must be a list of values; got {categories!r}.")
                categories = ()
            columns.append(
                ColumnDomain(
                    name=str(name),
                    categories=tuple(categories),
                    lower=entry.get("lower"),
                    upper=entry.get("upper"),
                    missing=bool(entry.get("missing", False)),
                )
            )
        if problems:
            raise DomainError("The declared domain cannot be read:\n- " + "\n- ".join(problems))
        return cls(columns=tuple(columns), source=str(data.get("source", "")))

    @classmethod
    def from_json(cls, text: str) -> DeclaredDomain:
        """Parse JSON text written by `to_json` or by hand.

        Raises:
            DomainError: The text is not JSON or not a domain.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise DomainError(f"The declared domain is not valid JSON ({error}).") from None
        return cls.from_dict(data)

    def problems(self, schema: TableSchema) -> list[str]:
        """What is wrong with this domain for `schema`, looking at the schema only (never at the data).

        Returns:
            One message per problem, naming the column and saying what to do; empty when usable.
        """
        problems: list[str] = []
        seen: set[str] = set()
        for column in self.columns:
            problems += _column_problems(column, schema, duplicate=column.name in seen)
            seen.add(column.name)
        return problems

    def validate(self, schema: TableSchema) -> None:
        """Check this domain against the schema.

        Raises:
            DomainError: Listing every problem.
        """
        problems = self.problems(schema)
        if problems:
            raise DomainError("The declared domain cannot be used:\n- " + "\n- ".join(problems))

    def undeclared(self, schema: TableSchema) -> list[str]:
        """The modelled columns of `schema` this domain does not declare (their domain must be paid for)."""
        return [name for name in schema.modelled_columns if self.column(name) is None]


def _column_problems(column: ColumnDomain, schema: TableSchema, *, duplicate: bool) -> list[str]:
    name = column.name
    if duplicate:
        return [f"'{name}' is declared twice; keep one entry."]
    if name not in schema.names:
        return [f"'{name}' is not a column of the data; remove it or fix its name."]
    kind = schema.column(name).kind
    if not schema.column(name).is_modelled:
        return [f"'{name}' is not learnt by the model (kind {kind.value}), so it needs no domain; remove it."]
    if column.categories and column.has_bounds:
        return [f"'{name}': declare either categories or lower and upper bounds, not both."]
    if column.categories:
        if not kind.is_category_like:
            return [f"'{name}' is {kind.value}: declare its lower and upper bounds instead of categories."]
        if len(set(map(repr, column.categories))) != len(column.categories):
            return [f"'{name}' lists a category more than once; list each once."]
        if any(value is None for value in column.categories):
            return [f"'{name}': write missing values as \"missing\": true, not as a category."]
        return []
    if not column.has_bounds:
        return [f"'{name}': declare its categories, or its lower and upper bounds."]
    if not kind.has_order:
        return [f"'{name}' is {kind.value}: declare its categories instead of bounds."]
    if column.lower is None or column.upper is None:
        return [f"'{name}': declare both a lower and an upper bound."]
    try:
        lower, upper = bound_numbers(column, kind)
    except (TypeError, ValueError):
        expected = "dates such as 2020-01-31" if kind is ColumnKind.DATETIME else "numbers"
        return [f"'{name}': bounds must be {expected}; got {column.lower!r} and {column.upper!r}."]
    if not lower < upper:
        return [f"'{name}': the lower bound ({column.lower}) must be below the upper bound ({column.upper})."]
    return []


def bound_numbers(column: ColumnDomain, kind: ColumnKind) -> tuple[float, float]:
    """The declared bounds as numbers (dates as nanoseconds since 1970).

    Raises:
        ValueError: A bound is not a number (or not a date for a date column).
    """
    if kind is ColumnKind.DATETIME:
        return float(pd.Timestamp(column.lower).value), float(pd.Timestamp(column.upper).value)
    if isinstance(column.lower, bool) or isinstance(column.upper, bool):
        raise ValueError("booleans are not bounds")
    return float(column.lower), float(column.upper)  # type: ignore[arg-type]


def outside_domain(frame: pd.DataFrame, domain: DeclaredDomain, schema: TableSchema) -> dict[str, int]:
    """How many real values fall outside the declared domain, per column: for the data holder only.

    The counts depend on the real rows: show them to the person who holds the data (so they can widen
    the domain), and never put them into a Run, its notes or a report.

    Returns:
        Column name to the number of values that would be clipped, made missing or whose row left out.
    """
    counts: dict[str, int] = {}
    for column in domain.columns:
        if column.name not in frame.columns or column.name not in schema.names:
            continue
        values = frame[column.name]
        missing = values.isna()
        outside = missing if not column.missing else pd.Series(False, index=values.index)
        if column.categories:
            allowed = set(column.categories)
            outside = outside | (~missing & ~values.map(lambda value, allowed=allowed: _hashable_in(value, allowed)))
        elif column.has_bounds:
            kind = schema.column(column.name).kind
            lower, upper = bound_numbers(column, kind)
            numbers = _as_numbers(values, kind)
            outside = outside | (~missing & ((numbers < lower) | (numbers > upper)))
        if int(outside.sum()):
            counts[column.name] = int(outside.sum())
    return counts


def _hashable_in(value: Any, allowed: set[Any]) -> bool:
    try:
        return value in allowed
    except TypeError:
        return False


def _as_numbers(values: pd.Series, kind: ColumnKind) -> pd.Series:
    if kind is ColumnKind.DATETIME:
        return pd.to_datetime(values, errors="coerce").astype("int64").astype(float)
    return pd.to_numeric(values, errors="coerce").astype(float)


@cache  # read once: the Generate page asks on every rerun
def sample_domain(sample_key: str) -> DeclaredDomain | None:
    """The declared domain shipped with a bundled sample (see `synth_core.samples`), or None."""
    file_name = SAMPLE_DOMAIN_FILES.get(sample_key)
    if file_name is None:
        return None
    return DeclaredDomain.from_json((SAMPLE_DIR / file_name).read_text(encoding="utf-8"))


def load_domain(path: Path) -> DeclaredDomain:
    """Read a declared domain from a JSON file.

    Raises:
        DomainError: The file is not a declared domain.
    """
    return DeclaredDomain.from_json(path.read_text(encoding="utf-8"))


__all__ = [
    "SAMPLE_DOMAIN_FILES",
    "ColumnDomain",
    "DeclaredDomain",
    "DomainError",
    "bound_numbers",
    "load_domain",
    "outside_domain",
    "sample_domain",
]
