"""Learnt columns that look like personal data: real people's values a generator can replay.

Personal-data columns are replaced with fake values and never learnt. A column detected as something
else (a first name taken for a category, a date of birth taken for an ordinary date), or set back to
a learnt kind by the user, is learnt from the real values, and every synthetic value is then a real
person's. This check looks again at every learnt column, by its values and by its header:
- by content, with the recognisers schema detection uses (`synth_core.pii`, `synth_core.birth_dates`);
- by header alone (`first_name`, `surname`, `email`, `phone`, `dob`, `address`, …), which is weaker
  evidence, so it counts only when the column has enough distinct values to tell people apart (a
  `telephone` column holding "yes"/"no" names no one).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from synth_core.birth_dates import header_says_birth, read_birth_dates
from synth_core.headers import header_tokens
from synth_core.pii import detect_personal_data, names_a_person
from synth_core.schema import ColumnKind, ColumnSchema, TableSchema

# The checks read at most this many values per column, so a large table is scanned in moments.
SAMPLE_ROWS = 2000
# A header alone flags a column only when the sampled values hold at least this many distinct values.
MIN_DISTINCT_FOR_HEADER = 20

_NAME = "a person's name"
_BIRTH = "a date of birth"
# Header words for personal data other than names and birth dates (those have their own readers).
_EMAIL_WORDS = frozenset({"email", "emails", "mail", "emailaddress", "mailaddress"})
_PHONE_WORDS = frozenset({"phone", "telephone", "phonenumber", "telephonenumber", "cellphone", "mobilephone", "fax"})
_PHONE_QUALIFIED = frozenset({"tel", "mobile", "cell"})  # only alone or with "number"/"no"/"phone"
_NUMBER_WORDS = frozenset({"number", "no", "nr", "num", "phone"})
_DOCUMENT_WORDS = frozenset({"ssn", "passport", "iban", "nino", "socialsecurity", "creditcard", "cardnumber"})
_ADDRESS_WORDS = frozenset({"address", "addresses", "addr", "street", "streetaddress", "homeaddress"})
# A birth year, or a place of birth, singles people out only in combination: a quasi-identifier, not a date of birth.
_NOT_BIRTH_DATE_WORDS = frozenset({"year", "yr", "place", "birthplace", "country", "city", "town"})
# Headers that can only name the data type of text columns (a number is never a name or an address).
_TEXT_ONLY = frozenset({_NAME, "an email address", "a postal address"})


@dataclass(frozen=True)
class LearntPersonalColumn:
    """A learnt column that looks like personal data.

    Attributes:
        column: The column's name.
        evidence: What makes it look personal, in plain words.
        by_content: True when its values look like personal data; False when only its header says so.
    """

    column: str
    evidence: str
    by_content: bool


def learnt_personal_columns(schema: TableSchema, frame: pd.DataFrame) -> tuple[LearntPersonalColumn, ...]:
    """Find the learnt columns whose values or header look like personal data.

    Args:
        schema: The schema; only the columns a generator learns from (`is_modelled`) are checked.
        frame: The real rows the generator learnt from.

    Returns:
        One entry per flagged column, in schema order; empty when none is.
    """
    found: list[LearntPersonalColumn] = []
    for column in schema.columns:
        if not column.is_modelled or column.kind is ColumnKind.BOOLEAN or column.name not in frame.columns:
            continue
        values = frame[column.name].dropna()
        if values.empty:
            continue
        if len(values) > SAMPLE_ROWS:
            values = values.sample(SAMPLE_ROWS, random_state=0)
        flagged = _flag(column, values)
        if flagged:
            found.append(flagged)
    return tuple(found)


def _flag(column: ColumnSchema, values: pd.Series) -> LearntPersonalColumn | None:
    name = column.name
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    header = header_suggests_personal_data(name)
    if numeric and header in _TEXT_ONLY:
        header = None
    if column.kind is ColumnKind.DATETIME or header == _BIRTH:
        births = read_birth_dates(values, header=name, datetime_format=column.datetime_format)
        if births:
            return LearntPersonalColumn(
                name,
                f"{births.share:.0%} of its sampled values are dates between {births.earliest_year} and "
                f"{births.latest_year}, spread as people's dates of birth are, median age {births.median_age}",
                by_content=True,
            )
    # Numbers are read as personal data only under a header that says so: five-digit counts would pass for ZIP codes.
    if column.kind is not ColumnKind.DATETIME and (header or not numeric):
        match = detect_personal_data(_as_text(values), header=name)
        if match:
            evidence = f"{match.share:.0%} of its sampled values look like {match.description}"
            return LearntPersonalColumn(name, evidence, by_content=True)
    distinct = int(values.nunique())
    if header and distinct >= MIN_DISTINCT_FOR_HEADER:
        return LearntPersonalColumn(
            name,
            f"its header suggests {header}, and its {distinct:,} distinct sampled values could tell people apart, "
            "though they were not recognised as such",
            by_content=False,
        )
    return None


def _as_text(values: pd.Series) -> pd.Series:
    """Whole numbers as "35", not "35.0", so number-shaped personal data (phone numbers) reads as written."""
    if pd.api.types.is_float_dtype(values) and bool((values == values.round()).all()):
        return values.astype("int64").astype(str)
    return values.astype(str)


def header_suggests_personal_data(name: str) -> str | None:
    """What personal data a column header names, if any.

    Args:
        name: The column header.

    Returns:
        "a person's name", "an email address", "a phone number", "a date of birth", "an identity document
        number", "an IP address" or "a postal address"; None when the header names none of these.
    """
    tokens = header_tokens(name)
    words = set(tokens)
    if not words:
        return None
    # A person's name: "name", "first", "Surname", "customer_name"; not "patient_age" (about a person, not a name).
    if names_a_person(name) and (len(words) == 1 or words & {"name", "names"}):
        return _NAME
    if header_says_birth(name) and not words & _NOT_BIRTH_DATE_WORDS:
        return _BIRTH
    if words & _EMAIL_WORDS or {"e", "mail"} <= words:
        return "an email address"
    if words & _PHONE_WORDS or (words & _PHONE_QUALIFIED and (len(words) == 1 or words & _NUMBER_WORDS)):
        return "a phone number"
    if words & _DOCUMENT_WORDS or {"social", "security"} <= words or {"credit", "card"} <= words:
        return "an identity document number"
    if words & _ADDRESS_WORDS:
        return "an IP address" if "ip" in words else "a postal address"
    return None
