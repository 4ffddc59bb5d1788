"""Which date formats a text column is written in.

Detection reads it to tell a date column from text, and the schema reads it to refuse a date column
written in several formats; it sits below both.
"""

from __future__ import annotations

import warnings

import pandas as pd
from pandas.tseries.api import guess_datetime_format

# A text column is dates when at least this share of its sampled distinct values are full dates.
DATE_MATCH_SHARE = 0.95
DATE_SAMPLE = 200


def date_formats(values: pd.Series) -> dict[str, str]:
    """The date formats a text column is written in, each with its first example.

    Args:
        values: One column's values.

    Returns:
        One format when a single format reads every sampled value (a day-first column whose early days
        look month-first counts as one format); several when they differ; nothing when fewer than
        `DATE_MATCH_SHARE` of the sampled distinct values are full dates (day, month and year).
    """
    distinct = pd.Series(values.dropna().astype(str).str.strip().unique()[:DATE_SAMPLE], dtype=object)
    allowed_misses = int((1 - DATE_MATCH_SHARE) * len(distinct))
    examples: dict[str, str] = {}
    misses = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pandas warns when a guess is day-first
        for value in distinct:
            guessed = guess_datetime_format(value) if any(ch.isdigit() for ch in value) else None
            if guessed and _is_full_date(guessed):
                examples.setdefault(guessed, value)
                continue
            misses += 1
            if misses > allowed_misses:
                return {}
        if not examples:
            return {}
        for date_format, example in examples.items():
            # The few values that are no date at all (`unknown`) were already allowed for above.
            if pd.to_datetime(distinct, format=date_format, errors="coerce").isna().sum() <= misses:
                return {date_format: example}
    return examples


def _is_full_date(date_format: str) -> bool:
    has_year = "%Y" in date_format or "%y" in date_format
    has_month = any(code in date_format for code in ("%m", "%b", "%B"))
    return has_year and has_month and "%d" in date_format
