"""Rare values protected before fitting: a category seen in fewer than k training rows never reaches a model.

A value that only one or two people in the table have (an unusual first name, a country with a single
respondent) points to those people. A generator that learns it can replay it, and a synthetic row that
carries it reveals that such a person is in the data. So, before fitting, every value of a categorical or
ordinal modelled column that appears in fewer than `k` training rows is replaced (`k` = 5 by default, as in
the privacy review's "rare values repeated" check; 0 turns protection off). Missing values are not values:
they are kept as they are.

Replacement: each rare cell gets a draw from the column's frequent values (those seen in `k` or more rows),
in proportion to their counts, from a generator seeded by the run seed and the column's position. Why a
draw rather than one marker value (such as "(other)"):
- no made-up value appears in the synthetic rows, so the rows stay valid input for whatever reads the real
  data, and rules or conditions about real values keep working;
- fidelity compares like with like: the column's frequent categories keep their shares (the rare mass is
  spread over them in proportion), instead of a new category that the real data never had;
- the column's cardinality falls to its frequent values, which is what makes deep generators fit faster on
  high-cardinality columns.
The cost is that the rare rows' links to other columns are blurred; those rows are few by definition.

Ordinal columns of numbers (a count of prior offences, a score from 1 to 10) are the exception: their rare
values sit in the tails, so each becomes the nearest frequent value (ties: the more frequent, then the
smaller), as top- and bottom-coding do. Order and links to other columns are kept as far as they can be: 14
prior offences become 9, not a draw that is most likely 0.

When a column has no frequent value at all (every value is rare), there is nothing to replace with, so every
value becomes one marker: the text "(rare)", or for numbers the median (rounded for whole numbers), an
aggregate rather than any one row's value. The run's note says which columns fell back.

Rules: a draw may break a rule the row obeyed (a fixed combination of city and state, an "if … then …").
Such cells are drawn again from the frequent values that keep the row within every rule; a row for which no
frequent value does is left out of the training rows, and counted.

Not applied by generators whose `protects_rare_values` is False: the copy baseline (it exists to show a
privacy failure) and differentially private generators, whose noise already bounds what any one row reveals
and whose accounting a count-based replacement would void (see `Generator.rare_values_note`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from synth_core.schema import ColumnKind, TableSchema

if TYPE_CHECKING:
    from synth_core.rules import Rule

DEFAULT_RARE_K = 5
MAX_RARE_K = 1000  # an upper bound for forms: beyond it nearly every category of a real table is rare
RARE_MARKER = "(rare)"
RareMethod = Literal["frequent_values"]
Replacement = Literal["draw", "nearest", "marker"]
# Salt for the draws' random stream, so they never share draws with sampling streams seeded alike.
_STREAM = 0x7A4E


@dataclass(frozen=True)
class ProtectedColumn:
    """What protection changed in one column.

    Attributes:
        column: The column name.
        values_replaced: Distinct values seen in fewer than k training rows.
        rows_replaced: Training rows whose value was replaced.
        frequent_values: Distinct values seen in k or more rows, the replacements.
        replaced_by: "draw" (frequent values drawn in proportion), "nearest" (the nearest frequent value, for
            ordinal numbers) or "marker" (no value was frequent).
        fallback: The marker, as text, when `replaced_by` is "marker"; None otherwise.
    """

    column: str
    values_replaced: int
    rows_replaced: int
    frequent_values: int = 0
    replaced_by: Replacement = "draw"
    fallback: str | None = None

    def describe(self) -> str:
        """How the column's rare values were replaced, e.g. "draws from 262 frequent values"."""
        if self.replaced_by == "marker":
            return f"the marker {self.fallback}"
        if self.replaced_by == "nearest":
            return f"the nearest of {self.frequent_values:,} frequent values"
        return f"draws from {self.frequent_values:,} frequent values"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "column": self.column,
            "values_replaced": self.values_replaced,
            "rows_replaced": self.rows_replaced,
            "frequent_values": self.frequent_values,
            "replaced_by": self.replaced_by,
            "fallback": self.fallback,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProtectedColumn:
        """Rebuild from `to_dict` output."""
        return cls(
            column=str(data["column"]),
            values_replaced=int(data["values_replaced"]),
            rows_replaced=int(data["rows_replaced"]),
            frequent_values=int(data.get("frequent_values", 0)),
            replaced_by=data.get("replaced_by", "draw"),
            fallback=data.get("fallback"),
        )


@dataclass(frozen=True)
class RareProtection:
    """How a run's training rows were protected against replaying rare values.

    Attributes:
        k: A value seen in fewer than this many training rows was replaced; 0 means protection was off.
        method: The replacement policy, so a manifest read later says how ("frequent_values": each rare
            value became a frequent value of its column, or a marker when none was frequent).
        columns: Every column in which a value was replaced, in schema order.
        rows_dropped: Training rows left out because no frequent value kept them within the rules.
        applies: Whether the generator protects at all (False for the copy baseline and DP generators).
        reason: Why it does not, when `applies` is False ("" for nothing to say).
    """

    k: int
    method: RareMethod = "frequent_values"
    columns: tuple[ProtectedColumn, ...] = ()
    rows_dropped: int = 0
    applies: bool = True
    reason: str = ""

    @property
    def values_replaced(self) -> int:
        """Distinct rare values replaced, over every column."""
        return sum(column.values_replaced for column in self.columns)

    @property
    def rows_replaced(self) -> int:
        """Cells replaced, over every column."""
        return sum(column.rows_replaced for column in self.columns)

    def note(self) -> str:
        """One or two sentences for the run's notes; "" when there is nothing to say."""
        if not self.applies:
            return self.reason
        if self.k <= 0:
            return (
                "Rare-value protection was off (k = 0): categories seen in only a few training rows may be "
                "replayed in the synthetic rows."
            )
        if not self.columns:
            return (
                f"Rare values protected: no categorical or ordinal value was seen in fewer than {self.k} training "
                "rows, so none was replaced."
            )
        how = {
            "draw": "by draws from the frequent values",
            "nearest": "by the nearest frequent value",
            "marker": "by a marker",
        }
        per_column = "; ".join(
            f"{column.column}: {column.values_replaced:,} {how[column.replaced_by]}" for column in self.columns
        )
        total = self.values_replaced
        sentences = [
            f"Rare values protected: {total:,} value{'s' if total != 1 else ''} seen in fewer than {self.k} "
            f"training rows {'were' if total != 1 else 'was'} replaced ({per_column})."
        ]
        sentences += [
            f"'{column.column}' had no value seen in {self.k} or more rows, so all its values became the marker "
            f"{column.fallback} and it carries no information; set it to 'ignore', or lower k, if that is not "
            "what you want."
            for column in self.columns
            if column.replaced_by == "marker"
        ]
        if self.rows_dropped:
            sentences.append(
                f"{self.rows_dropped:,} training row(s) were left out because no frequent value kept them "
                "within the rules."
            )
        return " ".join(sentences)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, for the Run manifest."""
        return {
            "k": self.k,
            "method": self.method,
            "columns": [column.to_dict() for column in self.columns],
            "rows_dropped": self.rows_dropped,
            "applies": self.applies,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RareProtection:
        """Rebuild from `to_dict` output."""
        return cls(
            k=int(data["k"]),
            method=data.get("method", "frequent_values"),
            columns=tuple(ProtectedColumn.from_dict(entry) for entry in data.get("columns", ())),
            rows_dropped=int(data.get("rows_dropped", 0)),
            applies=bool(data.get("applies", True)),
            reason=str(data.get("reason", "")),
        )


def not_protected(reason: str = "") -> RareProtection:
    """The record for a generator that never protects rare values (`reason` says why, or nothing)."""
    return RareProtection(k=0, applies=False, reason=reason)


def protect_rare_values(
    train: pd.DataFrame, schema: TableSchema, *, k: int, seed: int, rules: Sequence[Rule] = ()
) -> tuple[pd.DataFrame, RareProtection]:
    """Replace the values of categorical and ordinal modelled columns seen in fewer than `k` training rows.

    Args:
        train: The rows a generator is about to learn from.
        schema: Each column's kind and role; only modelled categorical and ordinal columns are touched.
        k: A value seen in fewer than this many rows is rare; 0 (or less) changes nothing.
        seed: The run seed: the same seed and rows give the same replacements.
        rules: Rules the rows obey; a replacement keeps every row that obeyed them within them.

    Returns:
        The protected rows (same columns and index, less any row left out for the rules), and the record.
    """
    if k <= 0:
        return train, RareProtection(k=max(k, 0))
    protected = train.copy()
    replaced: dict[str, pd.Series] = {}
    frequent_of: dict[str, pd.Series] = {}
    columns: list[ProtectedColumn] = []
    for position, column in enumerate(schema.columns):
        if not column.is_modelled or not column.kind.can_hold_rare_values or column.name not in train.columns:
            continue
        values = train[column.name]
        counts = _ordered_counts(values)
        rare, frequent = counts[counts < k], counts[counts >= k]
        if rare.empty:
            continue
        mask = values.isin(list(rare.index)) & values.notna()
        replaced_by: Replacement = "draw"
        fallback: str | None = None
        if frequent.empty:
            marker = _marker(values)
            new = np.full(int(mask.sum()), marker, dtype=object)
            replaced_by, fallback = "marker", str(marker)
        elif column.kind is ColumnKind.ORDINAL and _is_number(values):
            nearest = _nearest(rare.index, frequent)
            new = values[mask].map(nearest).to_numpy(dtype=object)
            replaced_by = "nearest"
        else:
            new = _draw(frequent, int(mask.sum()), _stream(seed, position))
        protected[column.name] = _assign(values, mask, new)
        replaced[column.name] = mask
        frequent_of[column.name] = frequent
        columns.append(ProtectedColumn(column.name, len(rare), int(mask.sum()), len(frequent), replaced_by, fallback))
    dropped = 0
    if rules and replaced:
        protected, dropped = _keep_rules(train, protected, replaced, frequent_of, schema, rules, seed)
    return protected, RareProtection(k=k, columns=tuple(columns), rows_dropped=dropped)


def _ordered_counts(values: pd.Series) -> pd.Series:
    """Counts of each present value, largest first and ties by text, so the order never depends on pandas."""
    counts = values.value_counts(dropna=True)
    counts = counts[counts > 0]  # a categorical dtype lists unused categories with count 0
    sizes, labels = counts.to_numpy(), [str(value) for value in counts.index]
    return counts.iloc[sorted(range(len(counts)), key=lambda i: (-sizes[i], labels[i]))]


def _stream(seed: int, position: int) -> np.random.Generator:
    return np.random.default_rng([seed % 2**32, _STREAM, position])


def _draw(frequent: pd.Series, size: int, rng: np.random.Generator) -> np.ndarray:
    """`size` values drawn from the frequent values in proportion to their counts."""
    weights = frequent.to_numpy(dtype=float)
    picks = rng.choice(len(frequent), size=size, p=weights / weights.sum())
    return frequent.index.to_numpy(dtype=object)[picks]


def _is_number(values: pd.Series) -> bool:
    """Whether a column holds numbers with an order (not booleans, not a categorical dtype)."""
    dtype = values.dtype
    return (
        pd.api.types.is_numeric_dtype(dtype)
        and not pd.api.types.is_bool_dtype(dtype)
        and not isinstance(dtype, pd.CategoricalDtype)
    )


def _nearest(rare: pd.Index, frequent: pd.Series) -> dict[Any, Any]:
    """Each rare number's nearest frequent value; ties go to the more frequent, then the smaller."""
    options = [(value, int(count)) for value, count in frequent.items()]
    return {
        value: min(options, key=lambda option: (abs(float(option[0]) - float(value)), -option[1], option[0]))[0]
        for value in rare
    }


def _marker(values: pd.Series) -> Any:
    """The single value written when a column has no frequent value: the median for numbers, else "(rare)"."""
    present = values.dropna()
    if pd.api.types.is_bool_dtype(values.dtype):
        return bool(present.mode().iloc[0])
    if _is_number(values):
        median = float(present.median())
        whole = bool((present == present.round()).all())
        return round(median) if whole else median
    return RARE_MARKER


def _assign(values: pd.Series, mask: pd.Series | np.ndarray, new: np.ndarray) -> pd.Series:
    """`values` with the masked cells set to `new`, keeping the column's type where the new values allow."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        result = values.astype(object)
        result.loc[mask] = new
        present = set(result.dropna())
        kept = [category for category in values.dtype.categories if category in present]
        extra = [value for value in pd.unique(new) if value not in set(kept)]  # the marker, if any
        return pd.Series(
            pd.Categorical(result, categories=kept + extra, ordered=values.dtype.ordered),
            index=values.index,
            name=values.name,
        )
    result = values.copy()
    try:
        result.loc[mask] = pd.Series(new, index=values.index[np.asarray(mask)]).astype(values.dtype)
    except (TypeError, ValueError):  # a marker of another type: the column becomes text
        result = values.astype(object)
        result.loc[mask] = new
    return result


def _keep_rules(
    original: pd.DataFrame,
    protected: pd.DataFrame,
    replaced: dict[str, pd.Series],
    frequent_of: dict[str, pd.Series],
    schema: TableSchema,
    rules: Sequence[Rule],
    seed: int,
) -> tuple[pd.DataFrame, int]:
    """Redraw replaced cells that broke a rule the row obeyed, from the frequent values that keep it.

    Rows for which no frequent value keeps every rule are left out.

    Returns:
        The rows, and how many were left out.
    """
    checks: dict[int, pd.Series] = {}
    for position, rule in enumerate(rules):
        if set(rule.columns) & set(replaced) and set(rule.columns) <= set(original):
            try:
                checks[position] = rule.holds(original)
            except ValueError:  # fixed combinations not recorded: the model learns them from these very rows
                continue
    relevant = [rules[position] for position in checks]
    if not relevant:
        return protected, 0
    obeyed = pd.concat(list(checks.values()), axis=1).all(axis=1)
    for name, mask in replaced.items():
        own = [rule for rule in relevant if name in rule.columns]
        frequent = frequent_of[name]
        if not own or frequent.empty:
            continue
        rows = protected.index[mask.to_numpy() & obeyed.to_numpy()]
        broken = rows[~_holds_all(own, protected.loc[rows]).to_numpy()] if len(rows) else rows
        if not len(broken):
            continue
        rng = _stream(seed, len(schema.columns) + schema.names.index(name))
        others = sorted({other for rule in own for other in rule.columns} - {name}, key=schema.names.index)
        groups = (
            protected.loc[broken].groupby(others, dropna=False, sort=True) if others else [((), protected.loc[broken])]
        )
        for _, group in groups:
            probe = pd.DataFrame({other: [group.iloc[0][other]] * len(frequent) for other in others})
            probe[name] = frequent.index.to_numpy(dtype=object)
            allowed = frequent[_holds_all(own, probe).to_numpy()]
            if not allowed.empty:
                protected[name] = _assign(
                    protected[name], protected.index.isin(group.index), _draw(allowed, len(group), rng)
                )
    still = ~_holds_all(relevant, protected) & obeyed
    if still.any():
        protected = protected.loc[~still]
    return protected, int(still.sum())


def _holds_all(rules: Sequence[Rule], frame: pd.DataFrame) -> pd.Series:
    """Whether each row obeys every rule."""
    result = pd.Series(True, index=frame.index)
    for rule in rules:
        result &= rule.holds(frame).to_numpy()
    return result


__all__ = [
    "DEFAULT_RARE_K",
    "MAX_RARE_K",
    "RARE_MARKER",
    "ProtectedColumn",
    "RareProtection",
    "not_protected",
    "protect_rare_values",
]
