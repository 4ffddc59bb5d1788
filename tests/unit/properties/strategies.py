"""Hypothesis strategies for small tables: a `TableSchema` with chosen kinds and frames that match it.

A table is drawn in two steps. First its columns (`ColumnSpec`): a name, a kind of values, the schema entry,
a small pool of distinct values (so constant and low-cardinality columns are common), and how values go
missing (never, sometimes, always). Then any number of frames with those columns: the real rows, the holdout
and the synthetic rows share one schema, as they do in the app. Frames may repeat whole rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from hypothesis import note
from hypothesis import strategies as st

from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema

# Kinds of values, as a user's file would hold them.
FLOAT = "float"  # numbers with decimals
INTEGER = "integer"  # whole numbers: numerical, ordinal or categorical in the schema
CATEGORY = "category"  # short text labels
BOOLEAN = "boolean"
DATE = "date"  # datetime64 values
DATE_TEXT = "date_text"  # dates written as text, with a format in the schema
TEXT = "text"  # free text: never learnt
ID = "id"  # unique identifiers: a key
EMAIL = "email"  # personal data: never learnt
VALUE_KINDS = (FLOAT, INTEGER, CATEGORY, BOOLEAN, DATE, DATE_TEXT, TEXT, ID, EMAIL)
# Kinds a model learns from (everything but identifiers, free text and personal data).
MODELLED_KINDS = (FLOAT, INTEGER, CATEGORY, BOOLEAN, DATE, DATE_TEXT)
DATE_FORMAT = "%Y-%m-%d"

MISSING_NONE, MISSING_SOME, MISSING_ALL = "none", "some", "all"

_WORDS = ("alpha", "beta", "gamma", "delta", "red", "blue", "=SUM(A1)", "+1", "-x", "@home", "Zoë", "naïve", "")
_NAMES = ("age", "income", "label", "id", "city", "x", "y", "score", "date", "Customer ID", "1", "a b")


@dataclass(frozen=True)
class ColumnSpec:
    """How one column's values are drawn, and its schema entry.

    Attributes:
        name: The column name.
        value_kind: One of `VALUE_KINDS`.
        schema: The column's schema entry.
        pool: Distinct values the column draws from (not used for identifiers, text and emails).
        missing: "none", "some" or "all".
        nullable: Use pandas' extension dtypes (as Parquet may give them, and as pandas 3 does for text):
            "Int64" and "boolean" for whole numbers and booleans with missing values, "string" for text.
        numeric_ids: Identifiers are whole numbers rather than text.
    """

    name: str
    value_kind: str
    schema: ColumnSchema
    pool: tuple[object, ...]
    missing: str
    nullable: bool
    numeric_ids: bool = False


@dataclass(frozen=True)
class TableSpec:
    """The columns of a table; frames are drawn from it with `frames_for`."""

    columns: tuple[ColumnSpec, ...]

    @property
    def schema(self) -> TableSchema:
        """The table's schema."""
        return TableSchema(columns=tuple(column.schema for column in self.columns))


# --- Values --------------------------------------------------------------------------------------------------

_FLOATS = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 0.5, 1e-300, 1e15, -2.25]),
)
_INTEGERS = st.one_of(st.integers(min_value=-5, max_value=30), st.integers(min_value=-(2**40), max_value=2**40))
# Printable text: control characters make a small file look binary to the reader, on purpose.
_PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
_LABELS = st.one_of(st.sampled_from(_WORDS), st.text(alphabet=_PRINTABLE, min_size=1, max_size=6))
# Readers strip the space around a header, and a leading byte-order mark (pandas drops it from a sheet's
# first cell too), so names are drawn as they read back.
_TEXT_NAMES = st.text(_PRINTABLE, min_size=1, max_size=5).filter(
    lambda name: name.strip() == name and not name.startswith("\ufeff")
)
_DATES = st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)).map(
    lambda value: value.replace(microsecond=0)
)
_DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(
    lambda value: value.strftime(DATE_FORMAT)
)
_POOL_ELEMENTS = {
    FLOAT: _FLOATS,
    INTEGER: _INTEGERS,
    CATEGORY: _LABELS,
    BOOLEAN: st.booleans(),
    DATE: _DATES,
    DATE_TEXT: _DAYS,
}


def _schema_kinds(value_kind: str) -> list[ColumnKind]:
    """The kinds a user may reasonably give a column of these values (the first is the natural one)."""
    return {
        FLOAT: [ColumnKind.NUMERICAL],
        INTEGER: [ColumnKind.NUMERICAL, ColumnKind.ORDINAL, ColumnKind.CATEGORICAL],
        CATEGORY: [ColumnKind.CATEGORICAL, ColumnKind.ORDINAL],
        BOOLEAN: [ColumnKind.BOOLEAN, ColumnKind.CATEGORICAL],
        DATE: [ColumnKind.DATETIME],
        DATE_TEXT: [ColumnKind.DATETIME],
        TEXT: [ColumnKind.TEXT],
        ID: [ColumnKind.ID],
        EMAIL: [ColumnKind.PERSONAL],
    }[value_kind]


@st.composite
def column_specs(
    draw: st.DrawFn,
    name: str,
    *,
    kinds: tuple[str, ...] = VALUE_KINDS,
    missing: tuple[str, ...] = (MISSING_NONE, MISSING_SOME, MISSING_ALL),
) -> ColumnSpec:
    """One column: its kind of values, schema entry, value pool and missing values."""
    value_kind = draw(st.sampled_from(kinds))
    kind = draw(st.sampled_from(_schema_kinds(value_kind)))
    role = ColumnRole.KEY if value_kind == ID else ColumnRole.FEATURE
    schema = ColumnSchema(
        name=name,
        kind=kind,
        role=role,
        reason="Drawn by a property test.",
        pii_type="email" if value_kind == EMAIL else None,
        datetime_format=DATE_FORMAT if value_kind == DATE_TEXT else None,
    )
    pool: tuple[object, ...] = ()
    if value_kind in _POOL_ELEMENTS:
        # One to six distinct values: constant and low-cardinality columns are common.
        pool = tuple(draw(st.lists(_POOL_ELEMENTS[value_kind], min_size=1, max_size=6, unique=True)))
    column_missing = MISSING_NONE if value_kind == ID else draw(st.sampled_from(missing))
    return ColumnSpec(
        name, value_kind, schema, pool, column_missing, nullable=draw(st.booleans()), numeric_ids=draw(st.booleans())
    )


@st.composite
def table_specs(
    draw: st.DrawFn,
    *,
    min_columns: int = 1,
    max_columns: int = 5,
    kinds: tuple[str, ...] = VALUE_KINDS,
    missing: tuple[str, ...] = (MISSING_NONE, MISSING_SOME, MISSING_ALL),
    with_roles: bool = True,
    min_modelled: int = 0,
) -> TableSpec:
    """The columns of a table, with at most one target and maybe some ignored columns.

    Args:
        draw: Hypothesis' draw function.
        min_columns: Fewest columns.
        max_columns: Most columns.
        kinds: The kinds of values to draw from.
        missing: The missing-value modes to draw from.
        with_roles: Also draw a target and ignored columns.
        min_modelled: At least this many columns are modelled features of a kind a model learns.
    """
    names = draw(
        st.lists(
            st.one_of(st.sampled_from(_NAMES), _TEXT_NAMES),
            min_size=max(min_columns, min_modelled),
            max_size=max(max_columns, min_modelled),
            unique=True,
        )
    )
    columns = []
    for position, name in enumerate(names):
        column_kinds = kinds if position >= min_modelled else tuple(k for k in kinds if k in MODELLED_KINDS)
        columns.append(draw(column_specs(name, kinds=column_kinds, missing=missing)))
    if with_roles:
        learnable = [i for i, c in enumerate(columns) if c.schema.is_modelled]
        if learnable and draw(st.booleans()):
            index = draw(st.sampled_from(learnable))
            columns[index] = replace(columns[index], schema=replace(columns[index].schema, role=ColumnRole.TARGET))
        for index in range(min_modelled, len(columns)):
            # Now and then a user ignores a column, or makes one a key whatever its kind.
            override = draw(st.sampled_from([None] * 6 + [ColumnRole.IGNORE, ColumnRole.KEY]))
            if override is not None and columns[index].schema.role is ColumnRole.FEATURE:
                columns[index] = replace(columns[index], schema=replace(columns[index].schema, role=override))
        if all(c.schema.role is ColumnRole.IGNORE for c in columns):
            columns[0] = replace(columns[0], schema=replace(columns[0].schema, role=ColumnRole.FEATURE))
    return TableSpec(columns=tuple(columns))


def _column_values(draw: st.DrawFn, spec: ColumnSpec, rows: int, fresh: bool, offset: int) -> pd.Series:
    """`rows` values of one column, from its pool (and, when `fresh`, values the pool lacks)."""
    kind = spec.value_kind
    if kind == ID:
        numbers = np.arange(offset + 1, offset + rows + 1)
        values: list[object] = list(numbers) if spec.numeric_ids else [f"ID-{n:05d}" for n in numbers]
    elif kind == EMAIL:
        values = [f"person{offset + i}@example.org" for i in range(rows)]
    elif kind == TEXT:
        words = draw(st.lists(st.sampled_from(_WORDS[:6]), min_size=rows * 3, max_size=rows * 3))
        values = [" ".join(words[3 * i : 3 * i + 3]) + f" {offset + i}" for i in range(rows)]
    else:
        pool = list(spec.pool)
        if fresh:
            pool += draw(st.lists(_POOL_ELEMENTS[kind], max_size=2))
        values = [pool[i] for i in draw(st.lists(st.integers(0, len(pool) - 1), min_size=rows, max_size=rows))]

    if spec.missing == MISSING_ALL:
        mask = [True] * rows
    elif spec.missing == MISSING_SOME:
        mask = draw(st.lists(st.booleans(), min_size=rows, max_size=rows))
    else:
        mask = [False] * rows
    return _as_series(spec, values, mask)


def _as_series(spec: ColumnSpec, values: list[object], mask: list[bool]) -> pd.Series:
    """Values with missing ones masked, in the dtype a reader would give them."""
    kind, nullable, has_missing = spec.value_kind, spec.nullable, any(mask)
    if kind == FLOAT:
        series = pd.Series(values, dtype="float64")
    elif kind == INTEGER or (kind == ID and spec.numeric_ids):
        series = pd.Series(values, dtype="int64")
        if has_missing:
            series = series.astype("Int64" if nullable else "float64")
    elif kind == BOOLEAN:
        series = pd.Series(values, dtype="bool")
        if has_missing:
            series = series.astype("boolean" if nullable else object)
    elif kind == DATE:
        series = pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    else:
        series = pd.Series(values, dtype="string" if nullable else object)
    if has_missing:
        series = series.mask(pd.Series(mask, index=series.index))
    return series


@st.composite
def frames_for(
    draw: st.DrawFn,
    table: TableSpec,
    *,
    min_rows: int = 1,
    max_rows: int = 30,
    fresh: bool = False,
    offset: int = 0,
    duplicates: bool = True,
) -> pd.DataFrame:
    """A frame with the table's columns, maybe with repeated rows.

    Args:
        draw: Hypothesis' draw function.
        table: The columns.
        min_rows: Fewest rows.
        max_rows: Most rows.
        fresh: Also draw values that are not in the columns' pools (as synthetic data may).
        offset: Where identifiers and emails start, so different frames hold different ones.
        duplicates: Allow whole rows to be repeated.
    """
    rows = draw(st.integers(min_value=min_rows, max_value=max_rows))
    frame = pd.DataFrame(
        {spec.name: _column_values(draw, spec, rows, fresh, offset) for spec in table.columns},
        index=range(rows),
    )
    if duplicates and rows > 1 and draw(st.booleans()):
        # Each row is kept, or replaced by a copy of a row drawn at random.
        positions = [position if draw(st.booleans()) else draw(st.integers(0, rows - 1)) for position in range(rows)]
        frame = frame.iloc[positions].reset_index(drop=True)
    # Hypothesis prints a frame as <...>: note its values and dtypes, so a failure shows the data.
    note(_Shown(frame))
    return frame


class _Shown:
    """A frame's dtypes and values, written out only when hypothesis reports a failure."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def __repr__(self) -> str:
        return f"frame {self.frame.dtypes.astype(str).to_dict()}: {self.frame.to_dict(orient='list')}"


@st.composite
def tables(draw: st.DrawFn, *, min_rows: int = 1, max_rows: int = 30, **table_options: object) -> tuple:
    """A (frame, schema) pair: a frame whose columns match the schema's kinds."""
    table = draw(table_specs(**table_options))
    return draw(frames_for(table, min_rows=min_rows, max_rows=max_rows)), table.schema


@st.composite
def evaluation_sets(
    draw: st.DrawFn,
    *,
    min_rows: int = 1,
    max_rows: int = 20,
    min_synthetic_rows: int | None = None,
    **table_options: object,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, TableSchema]:
    """Training, holdout and synthetic frames that share one schema.

    The synthetic frame is either drawn afresh (values may fall outside the real ones) or made of training rows,
    whole or partly, as a copying generator would make it.
    """
    table = draw(table_specs(**table_options))
    train = draw(frames_for(table, min_rows=min_rows, max_rows=max_rows))
    holdout = draw(frames_for(table, min_rows=min_rows, max_rows=max_rows, offset=1000))
    low = min_rows if min_synthetic_rows is None else min_synthetic_rows
    how = draw(st.sampled_from(["fresh", "copies"]))
    if how == "fresh":
        synthetic = draw(frames_for(table, min_rows=low, max_rows=max_rows, fresh=True, offset=2000))
    else:
        positions = draw(st.lists(st.integers(0, len(train) - 1), min_size=low, max_size=max_rows))
        synthetic = train.iloc[positions].reset_index(drop=True)
    return train, holdout, synthetic, table.schema
