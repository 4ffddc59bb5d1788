"""Schema detection: SDV's guess, checked and refined against each column's content.

SDV 2.0 guesses personal data from column names (so `telephone` holding `A191` becomes a phone
number) and keeps low-cardinality integers such as Adult's `education-num` numerical. Here every
guess is checked against the values, and each column's reason says what decided its kind.

A long or wide table is described from a seeded sample of its rows (see `DETECTION_MAX_CELLS` and
`DETECTION_MAX_CELLS_WIDE`), so that detection takes seconds whatever the table's size; each reason then
says so.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from synth_core.birth_dates import (
    find_integer_birth_dates,
    find_two_digit_year_birth_dates,
    read_birth_dates,
    unparsed_dates,
)
from synth_core.date_formats import date_formats
from synth_core.headers import header_tokens
from synth_core.limits import check_limit
from synth_core.pii import (
    RECORD_NUMBER_SHARE,
    detect_personal_data,
    full_name_parts,
    name_part_match,
    names_a_phone,
    record_number_share,
    repeated_record_numbers,
)
from synth_core.quasi_identifiers import mark_quasi_identifiers
from synth_core.schema import (
    MAX_MODELLED_COLUMNS,
    PERSONAL_DATA_TYPES,
    SDV_TABLE_NAME,
    ColumnKind,
    ColumnRole,
    ColumnSchema,
    TableSchema,
)
from synth_core.text_scan import describe_text_findings, find_personal_data_in_text, personal_data_among_categories

# Whole numbers with at most this many distinct values are ordered levels, not a continuum.
ORDINAL_MAX_LEVELS = 20
# A text column where at least this share of values is distinct is an identifier or free text.
NEAR_UNIQUE_SHARE = 0.95
# Free text: on average at least this many words, or this many characters.
TEXT_MIN_WORDS = 3
TEXT_MIN_CHARACTERS = 30
# A name-based personal-data guess with at most this many distinct values is kept as a category.
CATEGORY_MAX_LEVELS = 50
MIN_ROWS_FOR_UNIQUENESS = 20
# Text with at least this many distinct values, most of them seen once, cannot be learnt as categories:
# a generator would only copy real values.
HIGH_CARDINALITY_LEVELS = 1000
MOSTLY_UNIQUE_SHARE = 0.5

# Usual names of what a table predicts. A header that is one of them is the target; failing that, a header
# with one of `_TARGET_TOKENS` among its words (`SalePrice`, `two_year_recid`, `is_fraud`).
_TARGET_WORDS = {
    "target", "label", "class", "outcome", "y", "income", "churn", "churned", "default", "risk",
    "diagnosis", "survived", "fraud", "response", "placed", "credit_risk", "approved", "result",
    "saleprice", "price", "recid", "recidivism", "attrition", "readmitted", "defaulted", "converted",
}  # fmt: skip
_TARGET_TOKENS = {
    "target", "label", "outcome", "income", "churn", "churned", "default", "defaulted", "survived", "fraud",
    "price", "saleprice", "diagnosis", "recid", "recidivism", "approved", "attrition", "readmitted",
}  # fmt: skip
_ID_WORDS = {"id", "uuid", "guid", "key", "identifier", "number", "no", "nr"}
# Whole numbers that repeat are still record numbers under these headers, with many levels (this share of
# the rows, or this many levels of at least `RECORD_MIN_DIGITS` + 1 digits): `mrn`, `patient_id`, `Member`.
_RECORD_ID_WORDS = _ID_WORDS | {"mrn", "urn"}
_RECORD_OWNER_WORDS = {"patient", "member", "account", "customer", "client", "subscriber", "policy", "claim"}
RECORD_MIN_LEVEL_SHARE = 0.5
RECORD_MIN_LEVELS = 100
RECORD_MIN_DIGITS = 4
_SDV_PII_TO_OURS = {"ipv4_address": "ipv4", "ipv6_address": "ipv6"}
# Detection reads at most this many cells (rows × columns); a larger table is described from a seeded sample of
# its rows, but never fewer than `DETECTION_MIN_ROWS`. Adult (32,561 × 15) is read whole. A table wider than can
# be modelled at once gets a smaller budget: its cost is mostly per column, and its columns are to be narrowed.
DETECTION_MAX_CELLS = 1_000_000
DETECTION_MAX_CELLS_WIDE = 200_000
DETECTION_MIN_ROWS = 200
DETECTION_SEED = 0


@dataclass(frozen=True)
class _SdvGuess:
    sdtype: str
    datetime_format: str | None
    is_primary_key: bool


def infer_schema(frame: pd.DataFrame) -> TableSchema:
    """Detect kind, role and reason for every column of `frame`.

    Args:
        frame: The real table.

    Returns:
        A schema with one entry per column, in the frame's order.

    Raises:
        LimitExceededError: The table has more columns than the server's cap.

    """
    check_limit("The table has", "columns", frame.shape[1])
    sample = detection_sample(frame)
    guesses = _sdv_guesses(sample)
    table = frame if len(sample) < len(frame) else None  # to confirm what a sample cannot show, such as uniqueness
    columns = [
        _infer_column(
            str(name),
            sample.iloc[:, position],
            guesses.get(str(name)),
            None if table is None else table.iloc[:, position],
        )
        for position, name in enumerate(sample.columns)
    ]
    columns = _parts_of_full_names(columns, sample)
    schema = TableSchema(columns=tuple(_assign_roles(columns, sample)))
    schema = mark_quasi_identifiers(schema, sample)
    if len(sample) < len(frame):
        note = f" Detected from {len(sample):,} of the table's {len(frame):,} rows, drawn at random."
        schema = TableSchema(columns=tuple(replace(column, reason=column.reason + note) for column in schema.columns))
    return schema


def detection_sample(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows detection reads: all of them, or a seeded sample in table order when they pass the cells budget.

    Args:
        frame: The real table.

    Returns:
        `frame` itself, or a sample of its rows.
    """
    columns = max(frame.shape[1], 1)
    budget = DETECTION_MAX_CELLS_WIDE if columns > MAX_MODELLED_COLUMNS else DETECTION_MAX_CELLS
    keep = max(DETECTION_MIN_ROWS, budget // columns)
    if len(frame) <= keep:
        return frame
    positions = np.sort(np.random.default_rng(DETECTION_SEED).choice(len(frame), size=keep, replace=False))
    return frame.iloc[positions]


def _parts_of_full_names(columns: list[ColumnSchema], frame: pd.DataFrame) -> list[ColumnSchema]:
    """Make first-name and last-name columns personal when they repeat the parts of a full-name column."""
    full = [position for position, column in enumerate(columns) if column.pii_type == "name"]
    if not full:
        return columns
    result = list(columns)
    parts = {source: full_name_parts(frame.iloc[:, source]) for source in full}
    for position, column in enumerate(columns):
        if column.kind not in (ColumnKind.CATEGORICAL, ColumnKind.ID, ColumnKind.TEXT):
            continue
        for source in full:
            match = name_part_match(frame.iloc[:, position], parts[source], source=columns[source].name)
            if match:
                result[position] = ColumnSchema(
                    column.name,
                    ColumnKind.PERSONAL,
                    reason=f"{match.share:.0%} of the values are {match.description}, so they are replaced with "
                    "fake values and never learnt.",
                    pii_type=match.pii_type,
                )
                break
    return result


def _sdv_guesses(frame: pd.DataFrame) -> dict[str, _SdvGuess]:
    """Run SDV's detection; a failure only means we go on without its guesses."""
    from sdv.metadata import Metadata

    logging.getLogger("sdv").setLevel(logging.WARNING)  # its INFO lines carry data values
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            metadata = Metadata.detect_from_dataframes({SDV_TABLE_NAME: frame.copy()})
    except Exception:  # SDV raises many types for unusual columns; our own checks still run
        return {}
    table = metadata.to_dict()["tables"][SDV_TABLE_NAME]
    primary_key = table.get("primary_key")
    return {
        name: _SdvGuess(
            sdtype=entry.get("sdtype", "categorical"),
            datetime_format=entry.get("datetime_format"),
            is_primary_key=name == primary_key,
        )
        for name, entry in table["columns"].items()
    }


def _infer_column(
    name: str, values: pd.Series, guess: _SdvGuess | None, full_column: pd.Series | None = None
) -> ColumnSchema:
    present = values.dropna()
    if present.empty:
        return ColumnSchema(
            name, ColumnKind.CATEGORICAL, ColumnRole.IGNORE, "Every value is missing, so there is nothing to learn."
        )
    if pd.api.types.is_bool_dtype(present.infer_objects()):
        return ColumnSchema(name, ColumnKind.BOOLEAN, reason="Holds only true/false values.")
    if pd.api.types.is_datetime64_any_dtype(values):
        births = read_birth_dates(present, header=name)
        if births:
            return ColumnSchema(name, ColumnKind.PERSONAL, reason=births.reason, pii_type="date_of_birth")
        return ColumnSchema(name, ColumnKind.DATETIME, reason="Stored as dates and times.")
    if pd.api.types.is_numeric_dtype(values):
        births = find_integer_birth_dates(present, header=name)  # 19650707
        if births:
            return _birth_dates(name, births.reason, births.datetime_format)
        return _infer_numeric(name, present, len(values), guess, full_column)
    return _infer_text(name, present, guess)


def _sdv_pii_type(guess: _SdvGuess | None) -> str | None:
    if guess is None:
        return None
    pii = _SDV_PII_TO_OURS.get(guess.sdtype, guess.sdtype)
    known_sdtypes = {"numerical", "categorical", "boolean", "datetime", "id", "ordinal", "unknown"}
    return None if guess.sdtype in known_sdtypes else pii


def _infer_numeric(
    name: str, present: pd.Series, rows: int, guess: _SdvGuess | None, full_column: pd.Series | None = None
) -> ColumnSchema:
    distinct = int(present.nunique())
    whole = bool((present == present.round()).all())
    # A sample of distinct values may come from a column with repeats: the whole column decides.
    unique = distinct == len(present) == rows
    if unique and full_column is not None:  # distinct in a sample, perhaps not in the whole column
        unique = bool(full_column.is_unique and full_column.notna().all())
    # Phone numbers stored as integers lose their separators; the header says what the digits are.
    name_pii = "phone_number" if whole and names_a_phone(name) else _sdv_pii_type(guess)
    if name_pii:
        match = detect_personal_data(present.astype("int64").astype(str) if whole else present.astype(str), header=name)
        if match and match.pii_type == name_pii:
            return ColumnSchema(
                name,
                ColumnKind.PERSONAL,
                reason=f"The name suggests {_pii_label(name_pii)} and {match.share:.0%} of the values "
                f"look like {match.description}, so they are replaced with fake values and never learnt.",
                pii_type=match.pii_type,
            )
    if (
        unique
        and whole
        and rows >= MIN_ROWS_FOR_UNIQUENESS
        and ((guess and (guess.sdtype == "id" or guess.is_primary_key)) or _has_id_word(name))
    ):
        return ColumnSchema(
            name, ColumnKind.ID, reason="Every value is a different whole number, like a row identifier."
        )
    if whole and _names_an_identifier(name) and _many_record_numbers(present, distinct):
        return ColumnSchema(
            name,
            ColumnKind.ID,
            reason=f"Record numbers: {distinct:,} different whole numbers among {len(present):,} rows under a "
            "header that names an identifier. They are direct identifiers (several rows per person or account "
            "share one), so they are made up afresh and never learnt. Choose numerical if it is a quantity.",
        )
    low, high = _format_number(present.min()), _format_number(present.max())
    if whole and distinct <= 2:
        return ColumnSchema(
            name,
            ColumnKind.CATEGORICAL,
            reason=f"Whole numbers with only {distinct} distinct value(s) ({low}, {high}): treated as categories.",
        )
    if whole and distinct <= ORDINAL_MAX_LEVELS:
        note = " SDV's detection alone would keep it numerical." if guess and guess.sdtype == "numerical" else ""
        return ColumnSchema(
            name,
            ColumnKind.ORDINAL,
            reason=f"Whole numbers with only {distinct} distinct values ({low} to {high}): treated as ordered "
            f"levels, which models them more faithfully than a continuous number.{note}",
        )
    detail = "whole numbers" if whole else "numbers"
    return ColumnSchema(
        name, ColumnKind.NUMERICAL, reason=f"{detail.capitalize()} with {distinct:,} distinct values, {low} to {high}."
    )


def _infer_text(name: str, present: pd.Series, guess: _SdvGuess | None) -> ColumnSchema:
    texts = present.astype(str)
    distinct = int(texts.nunique())
    match = detect_personal_data(texts, header=name)
    if match:
        return ColumnSchema(
            name,
            ColumnKind.PERSONAL,
            reason=f"{match.share:.0%} of the values look like {match.description}, so they are replaced with "
            "fake values and never learnt.",
            pii_type=match.pii_type,
        )
    if guess and guess.sdtype == "datetime":
        births = read_birth_dates(texts, header=name, datetime_format=guess.datetime_format)
        if births:
            return _birth_dates(name, births.reason, guess.datetime_format)
        unparsed = unparsed_dates(texts, guess.datetime_format)
        return ColumnSchema(
            name,
            ColumnKind.DATETIME,
            reason=("Text values that parse as dates" if unparsed else "Text values that all parse as dates")
            + (f" in the format {guess.datetime_format}" if guess.datetime_format else "")
            + (f", except that {unparsed}; they become missing dates. Fix them to keep them." if unparsed else "."),
            datetime_format=guess.datetime_format,
        )
    formats = date_formats(texts)
    if len(formats) == 1:
        date_format = next(iter(formats))
        births = read_birth_dates(texts, header=name, datetime_format=date_format)
        if births:
            return _birth_dates(name, births.reason, date_format)
        unparsed = unparsed_dates(texts, date_format)
        return ColumnSchema(
            name,
            ColumnKind.DATETIME,
            reason=f"Text values that parse as dates in the format {date_format}, except that {unparsed}; they "
            "become missing dates. Fix them to keep them."
            if unparsed
            else f"Text values that all parse as dates in the format {date_format}.",
            datetime_format=date_format,
        )
    if formats:
        return ColumnSchema(
            name,
            ColumnKind.DATETIME,
            reason=f"Dates, but written in several formats (for example {_quoted(list(formats.values()))}); "
            "they must share one format before they can be modelled as dates.",
        )
    births = find_two_digit_year_birth_dates(texts, header=name)  # 07/07/65: pandas' guess reads no 2-digit years
    if births:
        return _birth_dates(name, births.reason, births.datetime_format)
    name_pii = _sdv_pii_type(guess)
    if name_pii and distinct > CATEGORY_MAX_LEVELS:
        return ColumnSchema(
            name,
            ColumnKind.PERSONAL,
            reason=f"The name suggests {_pii_label(name_pii)}, and its {distinct:,} distinct values could "
            "identify people, so they are replaced with fake values.",
            pii_type=name_pii if name_pii in PERSONAL_DATA_TYPES else "name",
        )
    mismatch = (
        f" SDV guessed {_pii_label(name_pii)} from the name alone, but the values do not look like that."
        if name_pii
        else ""
    )
    numbers_note = _mixed_numbers_note(texts)
    # Under a phone header, "choose numerical" would invite learning the phone numbers.
    mismatch += _phone_note(name) if numbers_note and names_a_phone(name) else numbers_note
    words = texts.str.split().str.len().mean()
    characters = texts.str.len().mean()
    looks_like_prose = words >= TEXT_MIN_WORDS or (characters >= TEXT_MIN_CHARACTERS and words >= 2)
    many_levels = distinct >= HIGH_CARDINALITY_LEVELS and distinct >= MOSTLY_UNIQUE_SHARE * len(texts)
    repeated = not looks_like_prose and distinct < NEAR_UNIQUE_SHARE * len(texts)
    if repeated and repeated_record_numbers(texts, header=name):  # the same MRN on every visit
        return _record_numbers(name, texts, distinct, mismatch, repeated=True)
    if len(texts) >= MIN_ROWS_FOR_UNIQUENESS and (distinct >= NEAR_UNIQUE_SHARE * len(texts) or many_levels):
        if looks_like_prose:
            return ColumnSchema(
                name,
                ColumnKind.TEXT,
                reason=f"Nearly every value is different free text (about {words:.0f} words each), which "
                f"cannot be learnt as categories.{_inside_text(texts)}{mismatch}",
            )
        near_unique = distinct >= NEAR_UNIQUE_SHARE * len(texts)
        if near_unique and record_number_share(texts) >= RECORD_NUMBER_SHARE:
            return _record_numbers(name, texts, distinct, mismatch)
        if distinct < NEAR_UNIQUE_SHARE * len(texts):
            return ColumnSchema(
                name,
                ColumnKind.ID,
                reason=f"{distinct:,} different short values among {len(texts):,} rows, most of them seen once: "
                "too many to learn as categories (a generator could only copy real values), so it is treated as "
                f"an identifier and made up afresh. Choose categorical to keep the real values.{mismatch}",
            )
        return ColumnSchema(
            name, ColumnKind.ID, reason=f"Nearly every value is different and short, like an identifier.{mismatch}"
        )
    if looks_like_prose and distinct > 0.5 * len(texts):
        return ColumnSchema(
            name,
            ColumnKind.TEXT,
            reason=f"Mostly different free text (about {words:.0f} words each).{_inside_text(texts)}{mismatch}",
        )
    hidden = personal_data_among_categories(texts) if looks_like_prose else ""  # notes among canned phrases
    if hidden:
        return ColumnSchema(name, ColumnKind.TEXT, reason=f"{hidden}{mismatch}")
    return ColumnSchema(name, ColumnKind.CATEGORICAL, reason=f"Text with {distinct:,} distinct value(s).{mismatch}")


def _birth_dates(name: str, reason: str, datetime_format: str | None) -> ColumnSchema:
    # The format is kept so fake dates of birth are written like the real ones.
    return ColumnSchema(
        name, ColumnKind.PERSONAL, reason=reason, pii_type="date_of_birth", datetime_format=datetime_format
    )


def _record_numbers(
    name: str, texts: pd.Series, distinct: int, mismatch: str, *, repeated: bool = False
) -> ColumnSchema:
    examples = _quoted(list(dict.fromkeys(texts.head(20).tolist()))[:2])
    several = " (several rows per person or account share one)" if repeated else ""
    return ColumnSchema(
        name,
        ColumnKind.ID,
        reason=f"Record numbers such as {examples}: {distinct:,} different codes among {len(texts):,} rows, so "
        f"each one points to a record that could be looked up. They are direct identifiers{several}, so they are "
        "made up afresh and never learnt. If they are codes of places or products rather than of people or records, "
        f"choose categorical to keep the real values.{mismatch}",
    )


def _inside_text(texts: pd.Series) -> str:
    found = describe_text_findings(find_personal_data_in_text(texts))
    return f" {found} The text is never learnt: placeholder sentences replace it." if found else ""


def _mixed_numbers_note(texts: pd.Series) -> str:
    """Say so when most values are numbers but some are not, since the user may want numbers."""
    numbers = pd.to_numeric(texts, errors="coerce")
    words = texts[numbers.isna()]
    if words.empty or len(words) > len(texts) / 2:
        return ""
    examples = _quoted(list(dict.fromkeys(words.tolist()))[:3])
    return (
        f" {1 - len(words) / len(texts):.0%} of the values are numbers, but {len(words):,} are not "
        f"(for example {examples}); to model it as numbers, clear or fix those values and choose numerical."
    )


def _quoted(values: list[str]) -> str:
    shown = [f"'{value[:40]}'" for value in values[:3]]
    return ", ".join(shown[:-1]) + f" and {shown[-1]}" if len(shown) > 1 else shown[0]


def _assign_roles(columns: list[ColumnSchema], frame: pd.DataFrame) -> list[ColumnSchema]:
    """Make identifiers keys, and one likely label the target."""
    result = [replace(column, role=ColumnRole.KEY) if column.kind is ColumnKind.ID else column for column in columns]
    candidates = [
        index
        for index, column in enumerate(result)
        if column.role is ColumnRole.FEATURE and column.kind in _TARGET_KINDS
    ]
    candidates = [index for index in candidates if frame.iloc[:, index].nunique() >= 2]
    by_name = [index for index in candidates if _normalise(result[index].name) in _TARGET_WORDS]
    by_word = {
        index: word
        for index in candidates
        for word in header_tokens(result[index].name)
        if word in _TARGET_TOKENS and index not in by_name
    }
    if by_name:
        index = by_name[-1]  # the last such column: tables usually end with what they predict
        why = " Its name is a usual name for a prediction target, so it is the target for the utility tests."
    elif by_word:
        index = max(by_word)  # the last such column: tables usually end with what they predict
        why = (
            f" Its name holds the word '{by_word[index]}', usual for what a table predicts, so it is the target "
            "for the utility tests."
        )
    else:
        last = len(result) - 1
        levels = frame.iloc[:, last].nunique() if last >= 0 else 0
        if last in candidates and result[last].kind is not ColumnKind.NUMERICAL and 2 <= levels <= 10:
            index = last
            why = f" As the last column with {levels} levels, it is taken as the label for the utility tests."
        else:
            return result
    result[index] = replace(result[index], role=ColumnRole.TARGET, reason=result[index].reason + why)
    return result


_TARGET_KINDS = (ColumnKind.CATEGORICAL, ColumnKind.BOOLEAN, ColumnKind.ORDINAL, ColumnKind.NUMERICAL)


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _has_id_word(name: str) -> bool:
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower()
    return any(token in _ID_WORDS for token in re.split(r"[^a-z0-9]+", spaced) if token)


def _names_an_identifier(name: str) -> bool:
    """Whether a header names a record number (`mrn`, `patient_id`, `member no`, `Account`), not a count."""
    tokens = header_tokens(name)
    for position, token in enumerate(tokens):
        counted = position + 1 < len(tokens) and tokens[position + 1] == "of"  # `number_of_visits` is a count
        if token in _RECORD_ID_WORDS and not counted:
            return True
    return bool(tokens) and set(tokens) <= _RECORD_OWNER_WORDS


def _many_record_numbers(present: pd.Series, distinct: int) -> bool:
    """Whether whole numbers have the many levels of record numbers: half of the rows, or 100 long numbers."""
    if distinct < MIN_ROWS_FOR_UNIQUENESS or present.min() < 0:
        return False
    long_numbers = distinct >= RECORD_MIN_LEVELS and present.min() >= 10**RECORD_MIN_DIGITS
    return distinct >= RECORD_MIN_LEVEL_SHARE * len(present) or long_numbers


def _phone_note(name: str) -> str:
    return (
        f" The header '{name}' names a phone and most values are numbers, but too few read as phone numbers. If "
        "they are phone numbers, choose personal data (phone number) so they are never learnt; do not model them "
        "as numbers."
    )


def _pii_label(pii_type: str) -> str:
    return PERSONAL_DATA_TYPES.get(pii_type, pii_type.replace("_", " ")).lower()


def _format_number(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return f"{int(number):,}" if number.is_integer() else f"{number:,.4g}"
