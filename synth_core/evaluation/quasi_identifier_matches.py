"""Synthetic rows that reproduce a real row's unique combination of quasi-identifiers.

A training row that is the only one with its birth date, sex and postcode can be picked out by anyone
who knows those three facts. A synthetic row with the same combination points to that person, even
when every other column differs. Unseen real rows (the holdout) hit such combinations too, by chance,
so the holdout's rate is the natural reference.

Values are compared as a reader would read them, not by their storage type: a generator may return
35.0 where the real column holds 35, or a date as text where the real column holds a timestamp.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from synth_core.quasi_identifiers import quasi_identifier_keys
from synth_core.schema import ColumnKind, TableSchema

_TRUE_WORDS = frozenset({"true", "t", "yes", "y", "1", "1.0"})
_FALSE_WORDS = frozenset({"false", "f", "no", "n", "0", "0.0"})


@dataclass(frozen=True)
class QuasiIdentifierMatches:
    """How often rows land on a combination of quasi-identifiers that only one training row has.

    Attributes:
        columns: The quasi-identifiers compared together.
        unique_training_rows: Training rows whose combination no other training row shares.
        synthetic_matches: Synthetic rows whose combination equals that of such a training row.
        synthetic_share: `synthetic_matches` over the synthetic rows.
        holdout_share: The share of holdout rows whose combination equals that of such a training row:
            the rate at which unseen real people hit one by chance.
    """

    columns: tuple[str, ...]
    unique_training_rows: int
    synthetic_matches: int
    synthetic_share: float
    holdout_share: float


def calculate_quasi_identifier_matches(
    train: pd.DataFrame, holdout: pd.DataFrame, synthetic: pd.DataFrame, *, schema: TableSchema
) -> QuasiIdentifierMatches | None:
    """Count synthetic and holdout rows that reproduce a training row's unique quasi-identifier combination.

    Args:
        train: Real rows the generator learnt from.
        holdout: Real rows it never saw.
        synthetic: The synthetic rows.
        schema: The schema; its marked quasi-identifiers present in all three frames are compared.

    Returns:
        The counts, or None when no marked quasi-identifier is in all three frames or a frame has no rows.
    """
    columns = tuple(
        name
        for name in schema.quasi_identifiers
        if name in train.columns and name in holdout.columns and name in synthetic.columns
    )
    if not columns or train.empty or holdout.empty or synthetic.empty:
        return None
    kinds = {column.name: column for column in schema.columns}
    texts: list[dict[str, pd.Series]] = [{}, {}, {}]
    for name in columns:
        entry = kinds[name]
        comparable = comparable_text(
            [train[name], holdout[name], synthetic[name]], kind=entry.kind, datetime_format=entry.datetime_format
        )
        for target, values in zip(texts, comparable, strict=True):
            target[name] = values
    train_keys, holdout_keys, synthetic_keys = (
        quasi_identifier_keys(pd.DataFrame(values), columns) for values in texts
    )
    sizes = train_keys.value_counts()
    unique_keys = sizes.index[sizes == 1]
    matches = int(synthetic_keys.isin(unique_keys).sum())
    return QuasiIdentifierMatches(
        columns=columns,
        unique_training_rows=len(unique_keys),
        synthetic_matches=matches,
        synthetic_share=matches / len(synthetic_keys),
        holdout_share=float(holdout_keys.isin(unique_keys).mean()),
    )


def comparable_text(
    columns: Sequence[pd.Series], *, kind: ColumnKind | None = None, datetime_format: str | None = None
) -> list[pd.Series]:
    """Write the same column from several frames as text that compares the way a reader would.

    One reading is chosen for all frames together, so a real column of whole numbers and a synthetic
    column of floats (or of text) are written alike: numbers lose a trailing ".0" (35.0 reads "35"),
    dates read "2020-01-31" (with the time only when there is one), true/false words read "true" or
    "false", and other text loses surrounding spaces. Missing values stay missing. A value that does not
    fit the chosen reading keeps its own text.

    Args:
        columns: The column's values in each frame.
        kind: The column's kind in the schema, which decides the reading along with the storage types.
        datetime_format: For dates stored as text, the format they follow.

    Returns:
        One string-typed series per input, aligned with it.
    """
    if kind is ColumnKind.BOOLEAN or any(pd.api.types.is_bool_dtype(values) for values in columns):
        return [_boolean_text(values) for values in columns]
    if kind is ColumnKind.DATETIME or any(pd.api.types.is_datetime64_any_dtype(values) for values in columns):
        return [_date_text(values, datetime_format) for values in columns]
    if kind in (ColumnKind.NUMERICAL, ColumnKind.ORDINAL) or any(_is_number_dtype(values) for values in columns):
        return [_number_text(values) for values in columns]
    return [_plain_text(values) for values in columns]


def _is_number_dtype(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _plain_text(values: pd.Series) -> pd.Series:
    # The object step keeps every value's own text (a float 35.0 stays "35.0", as a reader sees it).
    text = values.astype(object).where(values.notna())
    return text.map(lambda value: str(value).strip(), na_action="ignore").astype("string")


def _number_text(values: pd.Series) -> pd.Series:
    text = _plain_text(values)
    numbers = pd.to_numeric(values.astype(object).where(values.notna()), errors="coerce")
    parsed = numbers.notna()
    text.loc[parsed] = numbers.loc[parsed].map(_format_number)
    return text


def _format_number(value: float) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _date_text(values: pd.Series, datetime_format: str | None) -> pd.Series:
    text = _plain_text(values)
    stamps = _as_timestamps(values, datetime_format)
    parsed = stamps.notna() & values.notna()
    if not parsed.any():
        return text
    chosen = stamps.loc[parsed]
    midnight = chosen == chosen.dt.normalize()
    written = chosen.dt.strftime("%Y-%m-%dT%H:%M:%S.%f").where(~midnight, chosen.dt.strftime("%Y-%m-%d"))
    text.loc[parsed] = written
    return text


def _as_timestamps(values: pd.Series, datetime_format: str | None) -> pd.Series:
    """Timestamps without a time zone (converted to UTC when they had one); NaT where a value is not a date."""
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = values
    elif _is_number_dtype(values):
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")  # numbers are not read as epochs
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas warns when it has to guess a format element by element
            stamps = _parse_dates(values.astype(object).where(values.notna()), datetime_format)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return stamps


def _parse_dates(values: pd.Series, datetime_format: str | None) -> pd.Series:
    try:
        stamps = pd.to_datetime(values, format=datetime_format or "mixed", errors="coerce")
    except (TypeError, ValueError):  # time zones mixed with naive values, and other unreadable mixtures
        stamps = pd.to_datetime(values, format=datetime_format or "mixed", errors="coerce", utc=True)
    if not pd.api.types.is_datetime64_any_dtype(stamps):
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    rest = stamps.isna() & values.notna()
    if datetime_format and rest.any():
        # Synthetic text may not follow the real format exactly; read the rest as best we can.
        try:
            stamps = stamps.copy()
            stamps.loc[rest] = pd.to_datetime(values.loc[rest], format="mixed", errors="coerce")
        except (TypeError, ValueError):
            pass  # those values keep their own text
    return stamps


def _boolean_text(values: pd.Series) -> pd.Series:
    text = _plain_text(values)
    lowered = text.str.lower()
    text = text.where(~lowered.isin(_TRUE_WORDS), "true")
    return text.where(~lowered.isin(_FALSE_WORDS), "false")
