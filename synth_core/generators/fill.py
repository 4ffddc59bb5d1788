"""Columns that are never learnt: personal data, identifiers and free text, made up afresh.

Personal-data columns get Faker values of their type, keys get new unique identifiers, and free
text gets placeholder sentences. The share of missing values is kept from the real column, and
every value comes from generators seeded with the sampling seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from faker import Faker

from synth_core.schema import ColumnKind, ColumnRole, TableSchema

FAKER_LOCALE = "en_US"


def fill_unlearnt_columns(
    learnt: pd.DataFrame, schema: TableSchema, train: pd.DataFrame, *, rows: int, seed: int, first_key: int = 1
) -> pd.DataFrame:
    """Add every output column the model did not learn.

    Args:
        learnt: The sampled modelled columns, `rows` long.
        schema: The full schema.
        train: The real training rows, for missing shares, identifier types and text lengths.
        rows: Number of rows.
        seed: The sampling seed.
        first_key: The first identifier, so rows sampled in chunks keep unique keys.

    Returns:
        A frame with every output column.
    """
    columns: dict[str, pd.Series] = {}
    for position, column in enumerate(schema.columns):
        if column.role is ColumnRole.IGNORE or column.name in learnt.columns:
            continue
        real = train[column.name]
        rng = np.random.default_rng([seed, position])
        if column.role is ColumnRole.KEY or column.kind is ColumnKind.ID:
            values = _identifiers(real, rows, first_key)
        elif column.kind is ColumnKind.PERSONAL:
            values = _fake_values(column.pii_type or "name", rows, seed, position)
        else:
            values = _placeholder_text(real, rows, seed, position)
        if column.role is not ColumnRole.KEY and column.kind is not ColumnKind.ID:
            values = _with_missing(values, real.isna().mean(), rng)
        columns[column.name] = values
    added = pd.DataFrame(columns, index=learnt.index)
    return pd.concat([learnt, added], axis=1)


def restore_dtypes(synthetic: pd.DataFrame, real: pd.DataFrame) -> pd.DataFrame:
    """Give whole-number columns back their integer type, so exports read like the real data."""
    result = synthetic.copy()
    for name in result.columns:
        if name not in real.columns:
            continue
        real_dtype = real[name].dtype
        values = result[name]
        if pd.api.types.is_integer_dtype(real_dtype) and pd.api.types.is_float_dtype(values.dtype):
            present = values.dropna()
            if (present == present.round()).all():
                result[name] = values.round().astype("int64" if len(present) == len(values) else "Int64")
        elif pd.api.types.is_bool_dtype(real_dtype) and values.dtype == object and _all_booleans(values):
            result[name] = values.astype(bool)
    return result


def _all_booleans(values: pd.Series) -> bool:
    """Whether every value is True or False: new identifiers for a boolean key are text, and stay text."""
    return bool(values.map(lambda value: isinstance(value, bool | np.bool_)).all())


def _identifiers(real: pd.Series, rows: int, first: int = 1) -> pd.Series:
    """New unique identifiers of the real column's type, unrelated to the real values."""
    numbers = np.arange(first, first + rows)
    if pd.api.types.is_integer_dtype(real.dtype) or pd.api.types.is_float_dtype(real.dtype):
        return pd.Series(numbers, dtype="int64")
    width = max(6, len(str(first + rows)))
    return pd.Series([f"ID-{number:0{width}d}" for number in numbers], dtype=object)


def _fake_values(pii_type: str, rows: int, seed: int, position: int) -> pd.Series:
    fake = Faker(FAKER_LOCALE)
    fake.seed_instance(seed * 1000 + position)
    make = getattr(fake, pii_type, None)
    if make is None:  # an unknown type still must not leak real values
        make = fake.pystr
    return pd.Series([str(make()) for _ in range(rows)], dtype=object)


def _placeholder_text(real: pd.Series, rows: int, seed: int, position: int) -> pd.Series:
    words = real.dropna().astype(str).str.split().str.len()
    typical = int(np.clip(words.median() if not words.empty else 8, 1, 60))
    fake = Faker(FAKER_LOCALE)
    fake.seed_instance(seed * 1000 + position)
    return pd.Series([fake.sentence(nb_words=typical) for _ in range(rows)], dtype=object)


def _with_missing(values: pd.Series, share: float, rng: np.random.Generator) -> pd.Series:
    if share <= 0:
        return values
    mask = rng.random(len(values)) < share
    return values.mask(mask)
