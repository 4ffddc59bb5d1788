"""Dates of birth, told apart from dates of events by what the dates look like.

People's birth dates fall between about 1900 and today, never in the future, spread over decades, with
no time of day. Dates of events (an order, an admission, a day in jail) cluster in a few recent years or
carry times. A header such as `dob`, `birth`, `Geburtsdatum` or `date_naissance` lowers how spread out
the dates must be; a header that names an event or just says `date` (`admission`, `jail_in`,
`order_date`) needs a birth word too, and so do dates in order (a time series).

Dates of birth come in forms pandas' format guess does not read: two-digit years (`07/07/65`,
`07-Jul-65`), read here in whichever century is not in the future, and whole numbers such as
`19650707`. Under a birth header a few odd values (`unknown`, `1800-01-01`, `9999-12-31`) do not
hide the column; the reason names them.
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
# Share of values that must parse as dates between EARLIEST_BIRTH_YEAR and today; under a birth header
# a few placeholders (`unknown`, `9999-12-31`) are allowed.
PLAUSIBLE_SHARE = 0.98
HINTED_PLAUSIBLE_SHARE = 0.9
# Dates with a two-digit year, tried in this order (day first before month first when both read).
TWO_DIGIT_YEAR_FORMATS = (
    "%d/%m/%y", "%m/%d/%y", "%d-%m-%y", "%m-%d-%y", "%d.%m.%y", "%d-%b-%y", "%d %b %y", "%d-%B-%y", "%d %B %y",
    "%b %d %y",
)  # fmt: skip
INTEGER_DATE_FORMAT = "%Y%m%d"
_TWO_DIGIT_YEAR_SHAPE = r"(?:\d{1,2}\W\w{1,9}|[^\W\d]{3,9}\W\d{1,2})\W\d{2}"
FORMAT_SAMPLE = 200
ODD_EXAMPLES = 3

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
    "doh", "seniority", "anniversary", "tenure", "service", "employment", "enrolled", "enrollment", "premiere",
    "release", "vintage", "onset", "diagnosis", "dx", "surgery", "treatment", "exam", "test", "appointment",
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
        datetime_format: The format the dates were read with, when known.
        odd_count: How many values are no plausible birth date (unreadable, before 1900 or in the future).
        odd_examples: A few of those values.
    """

    earliest_year: int
    latest_year: int
    median_age: int
    header_says_birth: bool
    share: float
    datetime_format: str | None = None
    odd_count: int = 0
    odd_examples: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """Why the column reads as dates of birth, in plain words."""
        header = " and the header says so" if self.header_says_birth else ""
        written = ""
        if self.datetime_format == INTEGER_DATE_FORMAT:
            written = " written as whole numbers (YYYYMMDD)"
        elif self.datetime_format and "%y" in self.datetime_format:
            written = f" written with two-digit years ({self.datetime_format}, read in the century not in the future)"
        odd = ""
        if self.odd_count:
            examples = ", ".join(f"'{value[:30]}'" for value in self.odd_examples)
            odd = (
                f" {self.odd_count:,} value(s) are no plausible date of birth (for example {examples}): they are "
                "replaced too; if they mean 'unknown', clear them so the share of missing values is kept."
            )
        return (
            f"Dates of birth: {self.share:.0%} of the values are dates{written} between {self.earliest_year} and "
            f"{self.latest_year}, spread as people's birth dates are (median age {self.median_age}){header}. "
            "A date of birth points to a person, so the values are replaced with fake dates of birth and "
            f"never learnt.{odd}"
        )


def header_says_birth(header: str) -> bool:
    """Whether a header names a date of birth (`dob`, `DateOfBirth`, `birth_date`, `Geburtsdatum`)."""
    return has_word(header, _BIRTH_WORDS) or has_stem(header, _BIRTH_STEMS)


def read_birth_dates(values: pd.Series, *, header: str, datetime_format: str | None = None) -> BirthDates | None:
    """Say whether a date column holds dates of birth.

    Args:
        values: The column: datetime values, text dates, or whole numbers with `datetime_format` `%Y%m%d`.
        header: The column header.
        datetime_format: The strftime format of text dates, when known. Two-digit years (`%y`) are read in
            whichever century is not in the future.

    Returns:
        The evidence when the values read as dates of birth, else None.
    """
    hinted = header_says_birth(header)
    if not hinted and has_word(header, _EVENT_WORDS):
        return None
    present = values.dropna()
    parsed = parse_birth_dates(present, datetime_format)
    if parsed is None or parsed.empty:
        return None
    today = pd.Timestamp(date.today())
    is_plausible = parsed.notna() & (parsed.dt.year >= EARLIEST_BIRTH_YEAR) & (parsed <= today)
    share = float(is_plausible.mean())
    if share < (HINTED_PLAUSIBLE_SHARE if hinted else PLAUSIBLE_SHARE):
        return None
    plausible = parsed[is_plausible]
    if plausible.nunique() < MIN_DISTINCT_DATES:
        return None
    if not hinted and (plausible.is_monotonic_increasing or plausible.is_monotonic_decreasing):
        return None  # a time series: people are not listed in order of birth
    has_times = bool((plausible.dt.normalize() != plausible).any())
    years = plausible.dt.year
    spread = float(years.quantile(0.95) - years.quantile(0.05))
    median_age = int((today - plausible.median()).days // 365.25)
    if hinted:
        if spread < HINTED_MIN_SPREAD_YEARS:
            return None
    elif has_times or spread < MIN_SPREAD_YEARS or median_age < MIN_MEDIAN_AGE:
        return None
    odd = present[~is_plausible.to_numpy()].astype(str)
    return BirthDates(
        int(years.min()),
        int(years.max()),
        median_age,
        hinted,
        share,
        datetime_format=datetime_format,
        odd_count=len(odd),
        odd_examples=tuple(odd.drop_duplicates().head(ODD_EXAMPLES)),
    )


def find_two_digit_year_birth_dates(values: pd.Series, *, header: str) -> BirthDates | None:
    """Dates of birth written with two-digit years (`07/07/65`, `07-Jul-65`), which pandas' guess does not read.

    Args:
        values: A text column.
        header: The column header.

    Returns:
        The evidence, with the format in `datetime_format`, when the values read as dates of birth; else None.
    """
    texts = values.dropna().astype(str).str.strip()
    sample = pd.Series(texts.unique()[:FORMAT_SAMPLE], dtype=object)
    if sample.empty or sample.str.fullmatch(_TWO_DIGIT_YEAR_SHAPE).mean() < HINTED_PLAUSIBLE_SHARE:
        return None  # a cheap look first: most text columns are no dates
    shares = {date_format: _parsed_share(sample, date_format) for date_format in TWO_DIGIT_YEAR_FORMATS}
    best = max(shares, key=lambda date_format: shares[date_format])  # the first of equals: day first
    if shares[best] < HINTED_PLAUSIBLE_SHARE:
        return None
    return read_birth_dates(texts, header=header, datetime_format=best)


def find_integer_birth_dates(values: pd.Series, *, header: str) -> BirthDates | None:
    """Dates of birth stored as whole numbers YYYYMMDD (`19650707`).

    Args:
        values: A numeric column.
        header: The column header.

    Returns:
        The evidence, with `datetime_format` `%Y%m%d`, when the values read as dates of birth; else None.
    """
    present = values.dropna()
    if present.empty or not pd.api.types.is_numeric_dtype(present) or pd.api.types.is_bool_dtype(present):
        return None
    low, high = EARLIEST_BIRTH_YEAR * 10_000 + 101, date.today().year * 10_000 + 1231
    if not (present == present.round()).all() or present.between(low, high).mean() < HINTED_PLAUSIBLE_SHARE:
        return None
    return read_birth_dates(present.astype("int64"), header=header, datetime_format=INTEGER_DATE_FORMAT)


def parse_birth_dates(values: pd.Series, datetime_format: str | None) -> pd.Series | None:
    """Read a column as dates, unreadable values as NaT, in the same order.

    Args:
        values: Datetime values, text dates, or whole numbers when `datetime_format` is `%Y%m%d`.
        datetime_format: The strftime format of the values, when known.

    Returns:
        The dates (two-digit years in whichever century is not in the future); None for numbers that are
        not in the `%Y%m%d` format.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        dates = pd.Series(values)
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_localize(None)
        return dates
    if pd.api.types.is_bool_dtype(values):
        return None
    index = values.index
    values = values.reset_index(drop=True)  # labels may repeat (train and holdout rows together)
    if pd.api.types.is_numeric_dtype(values):
        if datetime_format != INTEGER_DATE_FORMAT:
            return None
        values = values.round().astype("Int64").astype(str)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "could not infer format": the share says so
        parsed = pd.Series(pd.to_datetime(values.astype(str), format=datetime_format, errors="coerce"))
    if datetime_format and "%y" in datetime_format:
        # strptime reads 00-68 as 20xx; a birth date is never in the future, so those are 19xx.
        future = parsed > pd.Timestamp(date.today())
        if future.any():
            parsed = parsed.mask(future, parsed[future] - pd.DateOffset(years=100))
    return pd.Series(parsed.to_numpy(), index=index)


def unparsed_dates(values: pd.Series, datetime_format: str | None) -> str:
    """Say how many text dates do not parse in `datetime_format`, with examples; empty when all do.

    Args:
        values: A text column.
        datetime_format: The strftime format of the dates, when known.
    """
    texts = values.dropna().astype(str)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        failed = texts[pd.to_datetime(texts, format=datetime_format, errors="coerce").isna().to_numpy()]
    if failed.empty:
        return ""
    examples = ", ".join(f"'{value[:30]}'" for value in failed.drop_duplicates().head(ODD_EXAMPLES))
    return f"{len(failed):,} of {len(texts):,} values do not parse as dates (for example {examples})"


def _parsed_share(sample: pd.Series, datetime_format: str) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return float(pd.to_datetime(sample, format=datetime_format, errors="coerce").notna().mean())
