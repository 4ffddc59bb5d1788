"""Quasi-identifiers: columns that single people out in combination, and the risk of the marked set.

A quasi-identifier (birth date, age, sex, postcode, the date of an event) names no one alone, but a
combination of them often does: most people are the only one with their birth date and postcode. The
share of rows that are unique on the marked set, and the smallest group size (the k of k-anonymity),
show that risk in the real table before anything is generated.

Detection suggests the marks (`mark_quasi_identifiers`): a column is suggested when its header and its
content agree (an `age` header over whole numbers from 0 to 120), and dates of events always are. The
user can change any mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from synth_core.birth_dates import EARLIEST_BIRTH_YEAR, header_says_birth
from synth_core.headers import header_tokens
from synth_core.schema import ColumnKind, ColumnSchema, TableSchema


@dataclass(frozen=True)
class KAnonymity:
    """How well the real rows hide in groups that share their quasi-identifier values.

    Attributes:
        columns: The quasi-identifiers measured together.
        rows: Rows measured.
        groups: Distinct combinations of the quasi-identifiers.
        unique_rows: Rows whose combination no other row shares.
        unique_share: `unique_rows` over `rows`.
        smallest_group: The k of k-anonymity: the size of the smallest group (1 means someone is unique).
    """

    columns: tuple[str, ...]
    rows: int
    groups: int
    unique_rows: int
    unique_share: float
    smallest_group: int


def quasi_identifier_keys(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """One hashable key per row for its combination of quasi-identifier values (missing counts as a value).

    Args:
        frame: The rows.
        columns: The quasi-identifier columns, all in `frame`.

    Returns:
        A 64-bit hash per row, aligned with `frame`'s index.
    """
    # Text keeps "1" and 1 apart no more than a reader would; missing values become one marker.
    as_text = frame[list(columns)].astype("string").fillna("\x00<missing>")
    return pd.util.hash_pandas_object(as_text, index=False)


def k_anonymity(frame: pd.DataFrame, columns: Sequence[str]) -> KAnonymity | None:
    """Measure uniqueness on the quasi-identifiers in `frame`.

    Args:
        frame: The real rows (the training rows, for a run).
        columns: The marked quasi-identifiers; names not in `frame` are skipped.

    Returns:
        The measurement, or None when no marked column is in the frame or it has no rows.
    """
    present = tuple(name for name in columns if name in frame.columns)
    if not present or frame.empty:
        return None
    sizes = quasi_identifier_keys(frame, present).value_counts()
    unique_rows = int((sizes == 1).sum())
    return KAnonymity(
        columns=present,
        rows=len(frame),
        groups=len(sizes),
        unique_rows=unique_rows,
        unique_share=unique_rows / len(frame),
        smallest_group=int(sizes.min()),
    )


# --- Suggestions -------------------------------------------------------------------------------------

MAX_AGE = 120
SEX_MAX_LEVELS = 5
FEW_LEVELS = 30
MANY_LEVELS = 300
MIN_EVENT_DATES = 10

_AGE_WORDS = frozenset({"age", "ages", "alter", "edad", "idade", "eta", "leeftijd"})
_SEX_WORDS = frozenset({"sex", "gender", "geschlecht", "sexe", "sexo", "genre", "genero", "geslacht"})
_SEX_VALUES = frozenset(
    {"male", "female", "man", "woman", "men", "women", "mannlich", "weiblich", "homme", "femme", "hombre", "mujer"}
)
_RACE_WORDS = frozenset({"race", "races", "ethnicity", "ethnic", "ethnicities", "ethnie", "etnia", "raza"})
_POSTCODE_WORDS = frozenset({"zip", "zipcode", "postcode", "postal", "postalcode", "plz", "postleitzahl"})
_MARITAL_WORDS = frozenset({"marital", "familienstand", "married", "marriage"})
_NATIONALITY_WORDS = frozenset(
    {"nationality", "citizenship", "nationalitat", "nationalite", "nacionalidad", "birthplace", "birthcountry"}
)
_COUNTRY_WORDS = frozenset({"country", "land", "pais", "pays", "nation"})
_ORIGIN_WORDS = frozenset({"birth", "native", "origin", "born"})


def suggest_quasi_identifier(column: ColumnSchema, values: pd.Series) -> str | None:
    """Say why a column should be marked as a quasi-identifier, if it should.

    Both the header and the content must agree: an `age` column of whole numbers from 0 to 120, a `sex`
    column with two to five levels, `race`, a learnt `zip`, `marital_status`, a country of birth or
    nationality, a birth date that is learnt, and the dates of events (a date column with at least
    `MIN_EVENT_DATES` different days, whatever its header).

    Args:
        column: The column's detected entry; personal data, identifiers, free text and ignored columns
            are never quasi-identifiers (they are not learnt).
        values: The column's values.

    Returns:
        What the column is ("an age", "sex or gender", …), or None.
    """
    if not column.is_modelled:
        return None
    present = values.dropna()
    if present.empty:
        return None
    tokens = set(header_tokens(column.name))
    levels = int(present.nunique())
    numeric = pd.api.types.is_numeric_dtype(present) and not pd.api.types.is_bool_dtype(present)
    if column.kind is ColumnKind.DATETIME:
        if header_says_birth(column.name):
            return "a date of birth"
        return "the date of an event" if levels >= MIN_EVENT_DATES else None
    if header_says_birth(column.name) and numeric and _within(present, EARLIEST_BIRTH_YEAR, date.today().year):
        return "a year of birth"
    if tokens & _AGE_WORDS and levels >= 2:
        if numeric and _within(present, 0, MAX_AGE) and bool((present == present.round()).all()):
            return "an age"
        if not numeric and levels <= FEW_LEVELS:
            return "an age group"
    if 2 <= levels <= SEX_MAX_LEVELS and (tokens & _SEX_WORDS or _all_sex_words(present)):
        return "sex or gender"
    if tokens & _RACE_WORDS and 2 <= levels <= FEW_LEVELS:
        return "race or ethnicity"
    if tokens & _POSTCODE_WORDS and levels >= 2:
        return "a postcode"
    if (tokens & _MARITAL_WORDS or {"civil", "status"} <= tokens) and 2 <= levels <= FEW_LEVELS:
        return "marital status"
    by_country = tokens & _COUNTRY_WORDS and tokens & _ORIGIN_WORDS
    if (tokens & _NATIONALITY_WORDS or by_country) and 2 <= levels <= MANY_LEVELS:
        return "a nationality or country of birth"
    return None


def mark_quasi_identifiers(schema: TableSchema, frame: pd.DataFrame) -> TableSchema:
    """Mark the suggested quasi-identifiers in a detected schema, and say why in each one's reason.

    Args:
        schema: The detected schema (entries already marked keep their mark).
        frame: The real table.

    Returns:
        The schema with `quasi_identifier=True` and a sentence added to the reason of each suggestion.
    """
    columns = []
    for column in schema.columns:
        what = None if column.quasi_identifier else suggest_quasi_identifier(column, frame[column.name])
        if what:
            column = replace(
                column,
                quasi_identifier=True,
                reason=f"{column.reason} Marked as a quasi-identifier ({what}): with other such columns it can "
                "single a person out. Unmark it if that does not apply.",
            )
        columns.append(column)
    return TableSchema(columns=tuple(columns))


def _within(values: pd.Series, low: float, high: float) -> bool:
    return bool(values.min() >= low and values.max() <= high)


def _all_sex_words(values: pd.Series) -> bool:
    words = {header_tokens(str(value))[0] if header_tokens(str(value)) else "" for value in values.unique()[:10]}
    return words <= _SEX_VALUES
