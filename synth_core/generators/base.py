"""The generator contract: declared facts, validated parameters, `fit` then `sample`.

Each generator declares its facts as class attributes (name, label, family, explanation, params) that
the UI and the tests read. `fit` and `sample` validate, then hand off to the private hooks `_fit` and
`_sample`. Columns that are never learnt (personal data, identifiers, free text) are filled in after
sampling, whichever generator runs.

Streamlit runs every user session as a thread of one process, and SDV's deep models draw from the
process-wide numpy and torch random state. So every fit and every sample runs under one lock, with
every random source seeded first: the same seed gives the same bytes whatever else is running.
"""

from __future__ import annotations

import random
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

import numpy as np
import pandas as pd

from synth_core.errors import SchemaError, SynthStudioError
from synth_core.generators.fill import fill_unlearnt_columns, restore_dtypes
from synth_core.progress import ProgressCallback
from synth_core.schema import ColumnKind, ColumnSchema, TableSchema
from synth_core.split import MIN_TRAINING_ROWS

if TYPE_CHECKING:
    from synth_core.rules import Rule

# One condition: the fixed column values, and how many rows must carry them.
ConditionRows = tuple[Mapping[str, Any], int]
Family = Literal["statistical", "deep learning", "baseline", "rule-based", "differentially private"]
MAX_SAMPLE_ROWS = 10_000_000

_MODEL_LOCK = threading.RLock()


class GeneratorError(SynthStudioError):
    """A generator was misused or failed; the message says what to do."""


class FitCancelledError(SynthStudioError):
    """Raised from a progress callback to stop a fit; nothing is changed."""


@dataclass(frozen=True)
class ParamSpec:
    """One tunable parameter, declared so the UI can build its form and check values.

    Attributes:
        name: The keyword argument name.
        kind: "int", "float", "bool" or "choice".
        default: The default value.
        help: One sentence on what it changes.
        label: What the form shows; the name by default.
        min: Smallest allowed value for numbers.
        max: Largest allowed value for numbers.
        choices: Allowed values for "choice".
        step: Step for number inputs.
    """

    name: str
    kind: Literal["int", "float", "bool", "choice"]
    default: Any
    help: str
    label: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[str, ...] = ()
    step: float | None = None

    @property
    def title(self) -> str:
        """The label shown in forms."""
        return self.label or self.name.replace("_", " ").capitalize()

    def check(self, value: Any) -> tuple[Any, str | None]:
        """Coerce `value` to this parameter's type and check its bounds.

        Returns:
            The coerced value, and a problem description or None.
        """
        try:
            if self.kind == "bool":
                if isinstance(value, str):
                    value = value.strip().lower() in ("1", "true", "yes", "on")
                return bool(value), None
            if self.kind == "choice":
                if str(value) not in self.choices:
                    return value, f"'{self.name}' must be one of {', '.join(self.choices)}; got '{value}'."
                return str(value), None
            number = int(value) if self.kind == "int" else float(value)
            if self.kind == "int" and float(value) != number:
                return value, f"'{self.name}' must be a whole number; got {value}."
        except (TypeError, ValueError):
            expected = {"int": "a whole number", "float": "a number"}.get(self.kind, self.kind)
            return value, f"'{self.name}' must be {expected}; got '{value}'."
        if (self.min is not None and number < self.min) or (self.max is not None and number > self.max):
            return number, f"'{self.name}' must be {self._bounds()}; got {number:g}."
        return number, None

    def _bounds(self) -> str:
        if self.min is not None and self.max is not None:
            return f"between {self.min:g} and {self.max:g}"
        return f"at least {self.min:g}" if self.min is not None else f"at most {self.max:g}"


@dataclass(frozen=True)
class TableShape:
    """What a cost model knows of a table: its size, never its values.

    Attributes:
        rows: Training rows the fit sees.
        columns: Modelled columns.
        numbers: Modelled numerical and datetime columns.
        encoded_width: How many values one row becomes when each number takes its mixture modes and each
            category one value per level (one-hot), as the deep generators encode them.
        output_columns: Columns of a sampled table, modelled or filled by rules.
    """

    rows: int
    columns: int
    numbers: int
    encoded_width: int
    output_columns: int


@dataclass(frozen=True)
class Cost:
    """Time and peak memory of one step.

    Attributes:
        seconds: Wall-clock seconds on 2 cores.
        memory_bytes: Peak memory the step adds.
    """

    seconds: float
    memory_bytes: int


@contextmanager
def seeded_model_lock(seed: int) -> Iterator[None]:
    """Hold the process-wide model lock with every random source seeded."""
    with _MODEL_LOCK:
        random.seed(seed)
        np.random.seed(seed % 2**32)
        try:
            import torch

            torch.manual_seed(seed)
        except ImportError:  # torch is only needed by the deep generators
            pass
        yield


class Generator(ABC):
    """Base class of every generator. Subclasses declare facts and implement `_fit` and `_sample`."""

    name: ClassVar[str]
    label: ClassVar[str]
    family: ClassVar[Family]
    explanation: ClassVar[str]
    params: ClassVar[tuple[ParamSpec, ...]] = ()
    # Settings for quick runs (tests, "try all generators"): fewer epochs for deep models.
    quick_params: ClassVar[dict[str, Any]] = {}
    privacy_warning: ClassVar[str] = ""
    # Whether `sample_conditions` works, and how the generator meets the conditions (or why it refuses).
    supports_conditions: ClassVar[bool] = False
    conditions_note: ClassVar[str] = "This generator cannot fix column values. Pick another generator."
    # Whether `fit(..., rules=...)` makes every sampled row obey the rules; the baselines ignore them.
    enforces_rules: ClassVar[bool] = False
    # Whether the constructor takes `domain=` (a `synth_core.dp_domain.DeclaredDomain`): the DP generators.
    uses_declared_domain: ClassVar[bool] = False
    # Whether the pipeline replaces rare categories before fitting (`synth_core.rare_values`); when it does
    # not, `rare_values_note` says why in the run's notes ("" for no note).
    protects_rare_values: ClassVar[bool] = True
    rare_values_note: ClassVar[str] = ""
    # A neural network trained for epochs: slow on a CPU, and wide categories make it wider still.
    is_deep: ClassVar[bool] = False
    # The parameters that say most about a run, shown beside it when runs are compared.
    key_params: ClassVar[tuple[str, ...]] = ()
    # Settings for "try all generators": a few minutes for all of them on a CPU. None means `quick_params`.
    try_all_params: ClassVar[dict[str, Any] | None] = None

    # Cost model (`fit_cost`, `sample_cost`), read by `synth_core.estimate` and measured on 2 cores by
    # `benchmarks/estimates.py`. The default suits a generator that passes once over every cell.
    fit_fixed_seconds: ClassVar[float] = 0.3
    fit_seconds_per_column: ClassVar[float] = 0.0
    fit_seconds_per_cell: ClassVar[float] = 1.0e-6
    fit_bytes_per_cell: ClassVar[float] = 64.0
    sample_fixed_seconds: ClassVar[float] = 0.0
    sample_seconds_per_cell: ClassVar[float] = 1.0e-6
    sample_bytes_per_cell: ClassVar[float] = 64.0

    def __init__(self, **params: Any) -> None:
        """Store the parameters, after checking every one.

        Raises:
            GeneratorError: Listing every unknown or out-of-range parameter.
        """
        specs = {spec.name: spec for spec in self.params}
        problems = [
            f"'{name}' is not a parameter of {self.label}; known: {', '.join(specs) or 'none'}."
            for name in params
            if name not in specs
        ]
        values: dict[str, Any] = {}
        for name, spec in specs.items():
            value, problem = spec.check(params.get(name, spec.default))
            values[name] = value
            if problem:
                problems.append(problem)
        problems += self._check_params(values) if not problems else []
        if problems:
            raise GeneratorError(f"{self.label} cannot use these parameters:\n- " + "\n- ".join(problems))
        self.param_values: dict[str, Any] = values
        self._schema: TableSchema | None = None
        self._train: pd.DataFrame | None = None
        self._kept_out: pd.DataFrame | None = None
        self.rules: tuple[Rule, ...] = ()

    @classmethod
    def fit_cost(cls, shape: TableShape, params: Mapping[str, Any]) -> Cost:
        """Roughly what fitting costs: by default a fixed part, a part per modelled column and one per cell.

        Args:
            shape: The table's size.
            params: Every parameter's value, defaults included.
        """
        cells = shape.rows * shape.columns
        seconds = cls.fit_fixed_seconds + shape.columns * cls.fit_seconds_per_column + cells * cls.fit_seconds_per_cell
        return Cost(seconds, int(cells * cls.fit_bytes_per_cell))

    @classmethod
    def sample_cost(cls, shape: TableShape, params: Mapping[str, Any], rows: int) -> Cost:
        """Roughly what sampling `rows` rows of the modelled columns costs: by default a fixed part and one per cell."""
        cells = rows * shape.columns
        seconds = cls.sample_fixed_seconds + cells * cls.sample_seconds_per_cell
        return Cost(seconds, int(cells * cls.sample_bytes_per_cell))

    @classmethod
    def run_try_all_params(cls) -> dict[str, Any]:
        """The parameters "try all generators" uses for this generator."""
        return dict(cls.quick_params if cls.try_all_params is None else cls.try_all_params)

    @classmethod
    def guarantee(cls, params: dict[str, Any], domain: dict[str, Any] | None, schema: TableSchema) -> list[str]:
        """A formal privacy guarantee for a run's configuration, in plain sentences; none by default."""
        return []

    def run_notes(self) -> tuple[str, ...]:
        """What the Run should record about this fit (e.g. a privacy budget); none by default."""
        return ()

    def _check_params(self, values: dict[str, Any]) -> list[str]:
        """Check combinations of parameters; subclasses override."""
        return []

    def keep_out(self, real: pd.DataFrame) -> Self:
        """Keep these real rows' personal-data values out of the fake ones too, besides the training rows'.

        The pipeline passes the holdout: people the model never saw, whose name or birth date should not turn
        up in the synthetic rows by chance either. Nothing is learnt from them.
        """
        self._kept_out = real
        return self

    @property
    def is_fitted(self) -> bool:
        """Whether `fit` has completed."""
        return self._schema is not None

    def fit(
        self,
        train: pd.DataFrame,
        *,
        schema: TableSchema,
        seed: int = 0,
        progress: ProgressCallback | None = None,
        rules: Sequence[Rule] = (),
    ) -> Self:
        """Learn from the training rows.

        Args:
            train: The real training rows.
            schema: Each column's kind and role; personal, key, text and ignored columns are not learnt.
            seed: Seed for every random source used while fitting.
            progress: Called with (fraction done, message).
            rules: Rules every sampled row must obey (see `synth_core.rules`); generators whose
                `enforces_rules` is False (the baselines) ignore them.

        Returns:
            This generator, fitted.

        Raises:
            SchemaError: The schema does not fit the data.
            GeneratorError: Too few rows to learn from.
            FitCancelledError: The progress callback asked to stop.
        """
        schema.validate(train)
        if len(train) < MIN_TRAINING_ROWS:
            raise GeneratorError(
                f"{self.label} needs at least {MIN_TRAINING_ROWS} training rows; got {len(train)}. Add rows."
            )
        report = progress or _no_progress
        modelled = _modelled_schema(schema)
        report(0.0, f"Preparing {len(train):,} rows for {self.label}")
        self.rules = tuple(rules)
        with seeded_model_lock(seed):
            if modelled.columns:
                self._fit(train[modelled.names].reset_index(drop=True), modelled, report)
        self._schema = schema
        self._train = train
        report(1.0, "Fitted")
        return self

    def sample(self, rows: int, *, seed: int = 0, first_key: int = 1) -> pd.DataFrame:
        """Make synthetic rows.

        Args:
            rows: How many rows to make.
            seed: Seed for sampling; the same seed gives the same rows.
            first_key: The first regenerated identifier (for sampling in chunks).

        Returns:
            A table with the real table's columns (ignored ones left out), in the real order.

        Raises:
            GeneratorError: Called before `fit`, or with a number of rows out of range.
        """
        if self._schema is None or self._train is None:
            raise GeneratorError(f"{self.label} has not been fitted yet. Call fit(...) before sample(...).")
        if not 1 <= rows <= MAX_SAMPLE_ROWS:
            raise GeneratorError(f"Choose between 1 and {MAX_SAMPLE_ROWS:,} rows; got {rows:,}.")
        modelled = _modelled_schema(self._schema)
        with seeded_model_lock(seed):
            learnt = self._sample(rows, seed) if modelled.columns else pd.DataFrame(index=range(rows))
        return self._complete(learnt, rows=rows, seed=seed, first_key=first_key)

    def sample_conditions(self, conditions: Sequence[ConditionRows], *, seed: int = 0) -> pd.DataFrame:
        """Make synthetic rows with some column values fixed: each condition gets exactly its rows.

        The rows come from the fitted model, never from the real rows, in the order of the conditions.
        Unlearnt columns (personal data, keys, text) are filled as `sample` fills them.

        Args:
            conditions: Pairs of (column values, number of rows), e.g. `[({"sex": "Female"}, 500)]`.
            seed: Seed for sampling; the same seed gives the same rows.

        Returns:
            A table with the real table's columns (ignored ones left out), in the real order.

        Raises:
            GeneratorError: Called before `fit`; the generator cannot fix values; a condition names an
                unknown or unlearnt column, a value never seen in training or a count below 1 (every
                problem listed); or the model could not make enough rows for a condition.
        """
        if self._schema is None or self._train is None:
            raise GeneratorError(f"{self.label} has not been fitted yet. Call fit(...) before sample_conditions(...).")
        if not self.supports_conditions:
            raise GeneratorError(f"{self.label} cannot sample with conditions. {self.conditions_note}")
        checked = check_conditions(conditions, self._schema, self._train)
        rows = sum(count for _, count in checked)
        with seeded_model_lock(seed):
            learnt = self._sample_conditions(checked, seed).reset_index(drop=True)
        if len(learnt) != rows or not _meets_conditions(learnt, checked):
            # A guard on our own hooks: the contract is exact counts with exact values.
            raise GeneratorError(f"{self.label} returned rows that do not meet the conditions. Report this as a bug.")
        return self._complete(learnt, rows=rows, seed=seed, first_key=1)

    def _complete(self, learnt: pd.DataFrame, *, rows: int, seed: int, first_key: int) -> pd.DataFrame:
        """Add the unlearnt columns and the real column order and types to sampled modelled columns."""
        learnt = learnt.reset_index(drop=True)
        full = fill_unlearnt_columns(
            learnt, self._schema, self._train, rows=rows, seed=seed, first_key=first_key, kept_out=self._kept_out
        )
        return restore_dtypes(full[self._schema.output_columns], self._train)

    def _sample_conditions(self, conditions: list[tuple[dict[str, Any], int]], seed: int) -> pd.DataFrame:
        """Make the modelled columns for checked conditions, in order; generators that set `supports_conditions`."""
        raise GeneratorError(f"{self.label} cannot sample with conditions. {self.conditions_note}")

    @abstractmethod
    def _fit(self, train: pd.DataFrame, schema: TableSchema, progress: ProgressCallback) -> None:
        """Learn from the modelled columns only."""

    @abstractmethod
    def _sample(self, rows: int, seed: int) -> pd.DataFrame:
        """Make `rows` rows of the modelled columns."""


def _no_progress(fraction: float, message: str) -> None:
    return None


def check_conditions(
    conditions: Sequence[ConditionRows], schema: TableSchema, train: pd.DataFrame
) -> list[tuple[dict[str, Any], int]]:
    """Check conditions against the schema and the training rows, collecting every problem.

    Returns:
        The conditions as (dict of values, count) pairs.

    Raises:
        GeneratorError: Listing every problem, each naming the column or value and what to do.
    """
    problems: list[str] = []
    checked: list[tuple[dict[str, Any], int]] = []
    if not conditions:
        problems.append("Give at least one condition: (column values, number of rows).")
    for position, item in enumerate(conditions, start=1):
        try:
            values, count = item
            values = dict(values)
        except (TypeError, ValueError):
            problems.append(f"Condition {position} must be a pair (column values, number of rows); got {item!r}.")
            continue
        if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 1:
            problems.append(
                f"Condition {position} ({values}) must ask for 1 or more rows (a whole number); got {count!r}."
            )
        if not values:
            problems.append(f"Condition {position} fixes no column; name at least one column and its value.")
        problems += [_value_problem(name, value, schema, train) for name, value in values.items()]
        checked.append((values, int(count) if isinstance(count, int | np.integer) else 0))
    problems = [problem for problem in problems if problem]
    total = sum(count for _, count in checked)
    if not problems and total > MAX_SAMPLE_ROWS:
        problems.append(f"Choose between 1 and {MAX_SAMPLE_ROWS:,} rows in all; got {total:,}.")
    if problems:
        raise GeneratorError("These conditions cannot be used:\n- " + "\n- ".join(problems))
    return checked


def _value_problem(name: str, value: Any, schema: TableSchema, train: pd.DataFrame) -> str:
    """What is wrong with fixing column `name` to `value`, or an empty string."""
    if name not in schema.names:
        return f"'{name}' is not a column of the data. Known columns: {', '.join(schema.modelled_columns)}."
    column = schema.column(name)
    if not column.is_modelled:
        return (
            f"'{name}' is not learnt by the model (its kind is {column.kind.value}, its role {column.role.value}), "
            "so it cannot be fixed. Condition on a learnt column."
        )
    real = train[name]
    if pd.isna(value):
        return "" if real.isna().any() else f"'{name}' has no missing values in the training rows; give a value."
    if column.kind is ColumnKind.DATETIME:
        return ""  # SDV parses dates in its own formats; it reports a value it cannot read
    if column.kind is ColumnKind.NUMERICAL:
        present = real.dropna()
        try:
            inside = bool(present.min() <= value <= present.max())
        except TypeError:
            return f"'{name}' holds numbers; got {value!r}. Give a number."
        if not inside:
            return (
                f"{value!r} is outside the training range of '{name}' ({present.min()} to {present.max()}), "
                "which the models keep to. Choose a value inside it."
            )
        return ""
    known = real.dropna().value_counts()
    if value not in set(known.index):
        examples = ", ".join(repr(item) for item in known.index[:5])
        return (
            f"{value!r} never appears in '{name}' in the training rows, so no model can make it. "
            f"Known values include {examples}."
        )
    return ""


def _meets_conditions(sampled: pd.DataFrame, conditions: list[tuple[dict[str, Any], int]]) -> bool:
    """Whether each condition's block of rows, in order, carries its fixed values (missing matches missing)."""
    start = 0
    for values, count in conditions:
        block = sampled.iloc[start : start + count]
        for name, value in values.items():
            matches = block[name].isna() if pd.isna(value) else block[name] == value
            if not matches.all():
                return False
        start += count
    return True


def _modelled_schema(schema: TableSchema) -> TableSchema:
    """The part of the schema a model learns from."""
    columns: list[ColumnSchema] = [column for column in schema.columns if column.is_modelled]
    return TableSchema(columns=tuple(columns))


__all__ = [
    "MIN_TRAINING_ROWS",
    "ConditionRows",
    "Cost",
    "FitCancelledError",
    "Generator",
    "GeneratorError",
    "ParamSpec",
    "ProgressCallback",
    "SchemaError",
    "TableShape",
    "check_conditions",
    "seeded_model_lock",
]
