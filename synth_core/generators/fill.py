"""Columns that are never learnt: personal data, identifiers and free text, made up afresh.

Personal-data columns get Faker values of their type, keys get new unique identifiers, and free
text gets placeholder sentences. The share of missing values is kept from the real column, and
every value comes from generators seeded with the sampling seed. A fake value that happens to equal
a real one (a common full name, a date of birth) is drawn again, so no real person's value appears by
chance; dates of birth are written in the real column's format.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd
from faker import Faker

from synth_core.birth_dates import parse_birth_dates
from synth_core.schema import ColumnKind, ColumnRole, TableSchema

T = TypeVar("T")
FAKER_LOCALE = "en_US"
# Draws of a fake value that equals a real one before it is kept anyway (a first name alone may have
# no unused fake left; such a value names no one).
MAX_REDRAWS = 20
TWO_DIGIT_MAX_AGE = 99


def fill_unlearnt_columns(
    learnt: pd.DataFrame,
    schema: TableSchema,
    train: pd.DataFrame,
    *,
    rows: int,
    seed: int,
    first_key: int = 1,
    kept_out: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add every output column the model did not learn.

    Args:
        learnt: The sampled modelled columns, `rows` long.
        schema: The full schema.
        train: The real training rows, for missing shares, identifier types and text lengths.
        rows: Number of rows.
        seed: The sampling seed.
        first_key: The first identifier, so rows sampled in chunks keep unique keys.
        kept_out: More real rows (the holdout) whose personal-data values no fake value may equal.

    Returns:
        A frame with every output column.
    """
    columns: dict[str, pd.Series] = {}
    for position, column in enumerate(schema.columns):
        if column.role is ColumnRole.IGNORE or column.name in learnt.columns:
            continue
        real = train[column.name]
        avoided = real if kept_out is None or column.name not in kept_out else pd.concat([real, kept_out[column.name]])
        rng = np.random.default_rng([seed, position])
        if column.role is ColumnRole.KEY or column.kind is ColumnKind.ID:
            values = _identifiers(real, rows, first_key)
        elif column.kind is ColumnKind.PERSONAL and column.pii_type == "date_of_birth":
            values = _fake_birth_dates(avoided, column.datetime_format, rows, seed, position)
        elif column.kind is ColumnKind.PERSONAL:
            values = _fake_values(column.pii_type or "name", rows, seed, position, avoided)
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


def _fake_values(pii_type: str, rows: int, seed: int, position: int, real: pd.Series) -> pd.Series:
    fake = Faker(FAKER_LOCALE)
    fake.seed_instance(seed * 1000 + position)
    make = getattr(fake, pii_type, None)
    if make is None:  # an unknown type still must not leak real values
        make = fake.pystr
    taken = {_comparable(value) for value in real.dropna().astype(str)}
    return pd.Series([_unused(lambda: str(make()), taken, _comparable) for _ in range(rows)], dtype=object)


def _fake_birth_dates(real: pd.Series, datetime_format: str | None, rows: int, seed: int, position: int) -> pd.Series:
    """Faker dates of birth, none equal to a real one, typed or written like the real column."""
    fake = Faker(FAKER_LOCALE)
    fake.seed_instance(seed * 1000 + position)
    is_datetime = pd.api.types.is_datetime64_any_dtype(real)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a format pandas must guess; unparsed values are skipped
        # Two-digit years and whole numbers (19650707) are read as the detection read them.
        parsed = parse_birth_dates(real.dropna(), datetime_format)
    taken = set(pd.Series(parsed).dropna().dt.date) if parsed is not None else set()
    # A two-digit year is read back in the century not in the future: keep fake ages under 100 to match.
    two_digit = bool(datetime_format and "%y" in datetime_format)
    make = (lambda: fake.date_of_birth(maximum_age=TWO_DIGIT_MAX_AGE)) if two_digit else fake.date_of_birth
    days = [_unused(make, taken, lambda day: day) for _ in range(rows)]
    if is_datetime:
        return pd.Series(pd.to_datetime(days))
    if pd.api.types.is_numeric_dtype(real) and not pd.api.types.is_bool_dtype(real):
        return pd.Series([int(day.strftime(datetime_format or "%Y%m%d")) for day in days], dtype="int64")
    return pd.Series([day.strftime(datetime_format or "%Y-%m-%d") for day in days], dtype=object)


def _unused(make: Callable[[], T], taken: set[object], key: Callable[[T], object]) -> T:
    value = make()
    for _ in range(MAX_REDRAWS):
        if key(value) not in taken:
            break
        value = make()
    return value


def _comparable(value: str) -> str:
    return " ".join(value.split()).casefold()


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
