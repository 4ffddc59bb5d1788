"""Dates of birth, told apart from dates of events by what the dates look like.

People's birth dates fall between about 1900 and today, never in the future, spread over decades, with
no time of day. Dates of events (an order, an admission, a day in jail) cluster in a few recent years or
carry times. A header such as `dob`, `birth`, `Geburtsdatum` or `date_naissance` lowers how spread out
the dates must be; a header that names an event or just says `date` (`admission`, `jail_in`,
`order_date`) needs a birth word too, and so do dates in order (a time series).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date

import pandas as pd

from synth_core.headers import has_stem, has_word

EARLIEST_BIRTH_YEAR = 1900
# Without a header that says birth: the middle 90% of dates must span this many years, and the median
# person must be at least this old (a table of people is mostly of adults).
MIN_SPREAD_YEARS = 20
MIN_MEDIAN_AGE = 15
# With such a header, a narrower spread will do (a table of pupils).
HINTED_MIN_SPREAD_YEARS = 1
MIN_DISTINCT_DATES = 20
# Share of values that must parse as dates between EARLIEST_BIRTH_YEAR and today.
PLAUSIBLE_SHARE = 0.98

_BIRTH_WORDS = ("dob", "birth", "birthday", "birthdate", "born", "bday", "geb", "nacimiento", "naissance", "nascita")
_BIRTH_STEMS = ("birth", "geburt", "naissance", "nacimiento", "nascimento", "nascita", "fodsel", "geboorte")
_EVENT_WORDS = (
    "in", "out", "admission", "admitted", "discharge", "discharged", "arrest", "release", "released", "jail",
    "custody", "booking", "screening", "offense", "offence", "order", "ordered", "ship", "shipped", "created",
    "updated", "modified", "visit", "hire", "hired", "start", "end", "join", "joined", "death", "died", "issue",
    "issued", "expiry", "expires", "due", "paid", "payment", "signup", "registered", "registration", "open",
    "opened", "close", "closed", "event", "transaction", "purchase", "login", "last", "first", "compas",
    "date", "day", "time", "timestamp", "datetime", "when", "period", "week", "month", "published", "publication",
    "built", "founded", "established", "launched", "recorded", "reported", "filed", "posted", "sold", "bought",
    "delivered", "effective", "valid", "maturity", "renewal", "inspection", "installed", "sent", "received",
)  # fmt: skip


@dataclass(frozen=True)
class BirthDates:
    """Evidence that a date column holds dates of birth.

    Attributes:
        earliest_year: The earliest year among the values.
        latest_year: The latest year among the values.
        median_age: The median age today, in whole years.
        header_says_birth: Whether the header names a birth date.
        share: The share of values that parse as plausible birth dates.
    """

    earliest_year: int
    latest_year: int
    median_age: int
    header_says_birth: bool
    share: float

    @property
    def reason(self) -> str:
        """Why the column reads as dates of birth, in plain words."""
        header = " and the header says so" if self.header_says_birth else ""
        return (
            f"Dates of birth: {self.share:.0%} of the values are dates between {self.earliest_year} and "
            f"{self.latest_year}, spread as people's birth dates are (median age {self.median_age}){header}. "
            "A date of birth points to a person, so the values are replaced with fake dates of birth and "
            "never learnt."
        )


def header_says_birth(header: str) -> bool:
    """Whether a header names a date of birth (`dob`, `DateOfBirth`, `birth_date`, `Geburtsdatum`)."""
    return has_word(header, _BIRTH_WORDS) or has_stem(header, _BIRTH_STEMS)


def read_birth_dates(values: pd.Series, *, header: str, datetime_format: str | None = None) -> BirthDates | None:
    """Say whether a date column holds dates of birth.

    Args:
        values: The column: datetime values, or text dates.
        header: The column header.
        datetime_format: The strftime format of text dates, when known.

    Returns:
        The evidence when the values read as dates of birth, else None.
    """
    hinted = header_says_birth(header)
    if not hinted and has_word(header, _EVENT_WORDS):
        return None
    dates = _as_dates(values.dropna(), datetime_format)
    if dates is None or dates.empty or dates.nunique() < MIN_DISTINCT_DATES:
        return None
    if not hinted and (dates.is_monotonic_increasing or dates.is_monotonic_decreasing):
        return None  # a time series: people are not listed in order of birth
    today = pd.Timestamp(date.today())
    plausible = dates[(dates.dt.year >= EARLIEST_BIRTH_YEAR) & (dates <= today)]
    share = len(plausible) / len(dates)
    if share < PLAUSIBLE_SHARE:
        return None
    has_times = bool((plausible.dt.normalize() != plausible).any())
    years = plausible.dt.year
    spread = float(years.quantile(0.95) - years.quantile(0.05))
    median_age = int((today - plausible.median()).days // 365.25)
    if hinted:
        if spread < HINTED_MIN_SPREAD_YEARS:
            return None
    elif has_times or spread < MIN_SPREAD_YEARS or median_age < MIN_MEDIAN_AGE:
        return None
    return BirthDates(int(years.min()), int(years.max()), median_age, hinted, share)


def _as_dates(values: pd.Series, datetime_format: str | None) -> pd.Series | None:
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = pd.Series(values)
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_localize(None)
        return dates
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "could not infer format": the share below says so
        parsed = pd.to_datetime(values.astype(str), format=datetime_format, errors="coerce")
    if parsed.isna().mean() > 1 - PLAUSIBLE_SHARE:
        return None
    return parsed.dropna()
