"""Recognise personal data by what a column contains, whatever its header says.

Each check returns the share of sampled values that look like one kind of personal data. Names are
read by `synth_core.person_names` (any case, any common layout) against Faker's own lists of first and
last names, so no data is fetched at run time. A header that names a person (`name`, `surname`,
`patient`) lowers the share that names need, but never decides alone.

Near-unique codes such as `13011352CM10A` are told apart as record numbers (`record_number_share`), as are
codes that repeat over many rows, such as a patient's MRN on each visit (`repeated_record_numbers`), and
first-name and last-name columns beside a full-name column are recognised as its parts
(`name_part_match`). Free text is searched in `synth_core.text_scan`. Phone numbers written as bare
digits (`5551234567`) are read only under a header that names a phone (`names_a_phone`).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from synth_core.headers import header_tokens
from synth_core.person_names import (
    NameForm,
    name_parts,
    plain_name,
    read_name,
)

# A column is personal data of a type when at least this share of its values match.
MATCH_SHARE = 0.8
NAME_MATCH_SHARE = 0.6
# ...and, for names, when at least this share are names and nothing else (not also a colour or a place).
NAME_CLEAR_SHARE = 0.4
# In a column where at least this share of sampled values are different, as in real name columns and
# unlike categories, names need `DIVERSE_NAME_MATCH_SHARE` (no list holds every rare surname).
DIVERSE_SHARE = 0.3
DIVERSE_NAME_MATCH_SHARE = 0.5
# Under a header that names a person, the shares names need.
HINTED_NAME_MATCH_SHARE = 0.4
HINTED_NAME_CLEAR_SHARE = 0.25
# Full names are people even when they repeat (150 customers over 2,000 orders, a dozen sales reps), once
# there are more than a handful of them; five repeated names may be the levels of a category.
FULL_NAME_MIN_DISTINCT = 6
# Fewer different values than this are never names (unless nearly every row differs, as in a tiny table).
FEW_NAMES = 5
# Single words (first or last names alone) need many different values, since colours, towns and pets'
# names are surnames or first names too: this many levels and this share of the rows, or
# `SINGLE_NAME_MANY_LEVELS` levels whatever the rows.
NAME_MIN_DISTINCT = 20
NAME_MIN_DISTINCT_SHARE = 0.1
SINGLE_NAME_MANY_LEVELS = 100
SAMPLE_SIZE = 2000
# A text column holds record numbers when at least this share of its values are codes with digits.
RECORD_NUMBER_SHARE = 0.9
# Record numbers that repeat (the same MRN on every visit) need many levels, mostly one shape (`AAA99999999`)
# and at least `RECORD_MIN_DIGITS` digits: diagnosis codes (`E11.9`) and product SKUs have few levels or
# mixed shapes and stay categories.
REPEATED_RECORD_MIN_LEVELS = 50
REPEATED_RECORD_MIN_LEVEL_SHARE = 0.05
RECORD_SHAPE_SHARE = 0.8
RECORD_MIN_DIGITS = 4
# Phone numbers written as bare digits (`5551234567`) are read only under a phone header, and only in a
# column with at least this many different values, this share of its rows.
PHONE_MIN_DISTINCT = 20
PHONE_MIN_DISTINCT_SHARE = 0.05

_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(\.[\w-]+)+$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/x]{7,25}$")
_PHONE_SEPARATORS = re.compile(r"[\s().\-/+]")
_BARE_PHONE = re.compile(r"^\+?\d{7,15}$")
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")
_POSTCODES = (
    re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE),  # United Kingdom
    re.compile(r"^\d{5}(-\d{4})?$"),  # United States ZIP (kept as text, so leading zeros survive)
    re.compile(r"^[A-Z]\d[A-Z]\s?\d[A-Z]\d$", re.IGNORECASE),  # Canada
    re.compile(r"^\d{4}\s?[A-Z]{2}$", re.IGNORECASE),  # Netherlands
)
_STREET_WORDS = (
    r"street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|place|pl|square|sq|"
    r"terrace|trail|parkway|pkwy|circle|cir|highway|hwy|crescent|close|strasse|straße|weg|rue|via|calle|"
    r"suite|apt|unit|box"
)
_ADDRESS = re.compile(rf"(^\d+[a-z]?\s+\S+.*\b({_STREET_WORDS})\b)|(\b({_STREET_WORDS})\.?\s+\d+)", re.IGNORECASE)
_US_CITY_LINE = re.compile(r",\s[A-Z]{2}\s\d{5}(-\d{4})?$")
_POSTCODE_CITY_LINE = re.compile(r"^\d{4,5}\s+[^\d\s]")  # continental Europe: "69975 Rothenburg"
_HOUSE_NUMBER = re.compile(r"^\d{1,6}[a-zA-Z]?$")
_SSN = re.compile(r"^\d{3}-\d{2}-\d{4}$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}\s?([A-Z0-9]{4}\s?){2,7}[A-Z0-9]{1,4}$")
_CARD = re.compile(r"^\d{4}([ -]?\d{4}){2}[ -]?\d{1,7}$")
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_RECORD_CODE = re.compile(r"^[^\W_]+(?:[-_/.#:][^\W_]+)*$")
_DECIMAL = re.compile(r"^[-+]?\d*[.,]\d+$")
# Header words that name a person, and the words that make "name" the name of something else.
_PERSON_WORDS = frozenset(
    {
        "surname", "surnames", "forename", "forenames", "firstname", "lastname", "fullname", "givenname",
        "familyname", "maidenname", "middlename", "patient", "client", "customer", "defendant", "person",
        "employee", "applicant", "student", "victim", "suspect", "offender", "inmate", "tenant", "passenger",
        "member", "contact", "beneficiary", "insured", "claimant", "nombre", "apellido", "apellidos", "vorname",
        "nachname", "prenom", "nom", "naam", "achternaam", "voornaam", "cognome", "sobrenome",
    }
)  # fmt: skip
_NAME_WORDS = frozenset({"name", "names", "first", "last", "given", "middle", "family", "full", "maiden"})
_NOT_PERSON_WORDS = frozenset(
    {
        "product", "company", "city", "street", "file", "team", "brand", "item", "host", "domain", "store",
        "business", "project", "place", "country", "state", "region", "org", "organization", "organisation",
        "department", "dept", "category", "field", "column", "table", "user", "username", "screen", "login",
        "account", "app", "model", "device", "server", "bank", "school", "hospital", "drug", "course", "class",
        "event", "time", "date", "visit", "seen", "order", "purchase", "page", "day", "week", "month",
        "year", "quarter", "update", "updated", "modified", "payment", "step", "round",
    }
)  # fmt: skip


@dataclass(frozen=True)
class PersonalDataMatch:
    """A personal-data type found in a column's content.

    Attributes:
        pii_type: The Faker method name for replacement values.
        share: The share of sampled non-missing values that matched.
        description: What the values look like, in plain words.

    """

    pii_type: str
    share: float
    description: str


def detect_personal_data(values: pd.Series, *, header: str | None = None) -> PersonalDataMatch | None:
    """Find the personal-data type that most values of a text column match.

    Args:
        values: One column's values; non-text values are converted to text.
        header: The column's header. One that names a person lowers the share of values that must read
            as names; it never makes a column personal data on its own.

    Returns:
        The best match at or above its threshold, or None.

    """
    counts = sampled_counts(values, SAMPLE_SIZE)
    if counts.empty:
        return None
    total = float(counts.sum())
    best: PersonalDataMatch | None = None
    for pii_type, description, check, threshold in _CHECKS:
        share = float(counts[[bool(check(text)) for text in counts.index]].sum()) / total
        if share >= threshold and (best is None or share > best.share):
            best = PersonalDataMatch(pii_type=pii_type, share=share, description=description)
    if best is None and header is not None and names_a_phone(header):
        best = _bare_phone_numbers(counts)
    if best is None:
        best = _detect_names(counts, hinted=header is not None and names_a_person(header), header=header or "")
    return best


def names_a_person(header: str) -> bool:
    """Whether a column header names a person (`name`, `first`, `Surname`, `patient_name`, `client`).

    Args:
        header: The column header.

    Returns:
        True for a header that speaks of a person or a person's name; False for `product_name`,
        `city_name`, `last_login` and the like.
    """
    tokens = set(header_tokens(header))
    if not tokens or tokens & _NOT_PERSON_WORDS:
        return False
    if tokens & _PERSON_WORDS:
        return True
    return bool(tokens & {"name", "names"}) or tokens <= _NAME_WORDS | {"of", "the"}


def names_a_phone(header: str) -> bool:
    """Whether a column header names a phone number (`phone`, `Tel.`, `fax_no`, `mobile_number`, `cell`).

    Args:
        header: The column header.

    Returns:
        True for a phone word; `mobile` and `cell` count only beside words such as `number` or `home`,
        so `mobile_minutes` and `cell_count` are no phone columns.
    """
    tokens = set(header_tokens(header))
    if tokens & _PHONE_WORDS:
        return True
    return bool(tokens & _MAYBE_PHONE_WORDS) and tokens <= _MAYBE_PHONE_WORDS | _PHONE_COMPANIONS


_PHONE_WORDS = frozenset(
    {
        "phone", "phones", "telephone", "tel", "tele", "fax", "phonenumber", "telephonenumber", "cellphone",
        "mobilephone", "msisdn", "telefon", "telefono", "telefone", "telefoon", "telefonnummer", "handynummer",
    }
)  # fmt: skip
_MAYBE_PHONE_WORDS = frozenset({"mobile", "cell", "mob", "handy", "movil", "portable", "cellular"})
_PHONE_COMPANIONS = frozenset(
    {
        "number", "no", "nr", "num", "home", "work", "office", "contact", "primary", "secondary", "alt",
        "alternate", "personal", "private", "business", "main", "other", "customer", "client", "patient",
        "1", "2", "3",
    }
)  # fmt: skip


def _bare_phone_numbers(counts: pd.Series) -> PersonalDataMatch | None:
    """Phone numbers with or without separators, in a column whose header already names a phone."""
    distinct, total = len(counts), float(counts.sum())
    if distinct < PHONE_MIN_DISTINCT or distinct < PHONE_MIN_DISTINCT_SHARE * total:
        return None
    matched = [bool(_BARE_PHONE.match(text) or is_phone_number(text)) for text in counts.index]
    share = float(counts[matched].sum()) / total
    if share < MATCH_SHARE:
        return None
    return PersonalDataMatch("phone_number", share, "phone numbers (7 to 15 digits under a phone header)")


def sampled_counts(values: pd.Series, size: int) -> pd.Series:
    """Distinct non-empty texts of a sample of the values, with how often each occurs."""
    present = values.dropna()
    if len(present) > size:
        present = present.sample(size, random_state=0)
    texts = present.astype(str).str.strip()
    return texts[texts != ""].value_counts(sort=False)


def _detect_names(counts: pd.Series, *, hinted: bool, header: str) -> PersonalDataMatch | None:
    """Full names, first names or last names, when enough values read so and the column is diverse enough."""
    if len(counts) < FEW_NAMES:
        return None
    total = float(counts.sum())
    shares = dict.fromkeys(NameForm, 0.0)
    clear = dict.fromkeys(NameForm, 0.0)
    for text, count in counts.items():
        for reading in read_name(str(text)):
            shares[reading.form] += count
            clear[reading.form] += count if reading.clear else 0
    diverse = len(counts) >= DIVERSE_SHARE * total
    need = HINTED_NAME_MATCH_SHARE if hinted else DIVERSE_NAME_MATCH_SHARE if diverse else NAME_MATCH_SHARE
    need_clear = HINTED_NAME_CLEAR_SHARE if hinted else NAME_CLEAR_SHARE
    tokens = set(header_tokens(header))
    passing = [
        form
        for form in NameForm
        if shares[form] / total >= need and clear[form] / total >= need_clear and _diverse_enough(counts, form, tokens)
    ]
    if not passing:
        return None
    preferred = [form for form in passing if tokens & _FORM_WORDS[form]]
    form = max(preferred or passing, key=lambda candidate: shares[candidate])
    return PersonalDataMatch(pii_type=str(form), share=shares[form] / total, description=_FORM_DESCRIPTIONS[form])


_FORM_DESCRIPTIONS = {NameForm.FULL: "person names", NameForm.FIRST: "first names", NameForm.LAST: "last names"}
_FORM_WORDS = {
    NameForm.FULL: frozenset({"full", "fullname"}),
    NameForm.FIRST: frozenset({"first", "firstname", "given", "givenname", "forename", "vorname", "prenom"}),
    NameForm.LAST: frozenset({"last", "lastname", "surname", "family", "familyname", "nachname", "apellido"}),
}


def _diverse_enough(counts: pd.Series, form: NameForm, tokens: set[str]) -> bool:
    """Whether a column has enough different names of `form` to be people rather than the levels of a category."""
    distinct, total = len(counts), int(counts.sum())
    many = distinct >= NAME_MIN_DISTINCT and distinct >= NAME_MIN_DISTINCT_SHARE * total
    if many or distinct >= SINGLE_NAME_MANY_LEVELS or distinct >= 0.5 * total:
        return True
    # Repeated full names are still people, unless the header names a thing (`brand`: "Calvin Klein").
    return form is NameForm.FULL and distinct >= FULL_NAME_MIN_DISTINCT and not tokens & _NOT_PERSON_WORDS


def _is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def is_phone_number(text: str) -> bool:
    """Whether a whole value is a phone number: 7 to 15 digits with separators or a leading plus."""
    if not _PHONE_CHARS.match(text) or _DATE_LIKE.match(text) or _is_ipv4(text):
        return False
    digits = sum(ch.isdigit() for ch in text.split("x")[0])
    # A separator or a leading plus tells a phone number from a plain long number.
    return 7 <= digits <= 15 and bool(_PHONE_SEPARATORS.search(text))


def _is_ipv4(text: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False


def _is_ipv6(text: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv6Address)
    except ValueError:
        return False


def _is_postcode(text: str) -> bool:
    return any(pattern.match(text) for pattern in _POSTCODES)


def _is_address(text: str) -> bool:
    flat = text.replace("\n", " ")
    if _ADDRESS.search(flat) or _US_CITY_LINE.search(text):
        return True
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) >= 2 and (_is_postcode(lines[-1]) or _POSTCODE_CITY_LINE.match(lines[-1])):
        return True
    # "<house number> <name> <street suffix>", with suffixes from Faker's address providers.
    first_line = re.split(r"[\n,]", text, maxsplit=1)[0].split()
    if len(first_line) < 3 or not _HOUSE_NUMBER.match(first_line[0]):
        return False
    return any(word.lower().rstrip(".") in _street_suffixes() for word in first_line[2:])


@lru_cache(maxsize=1)
def _street_suffixes() -> frozenset[str]:
    import importlib

    suffixes: set[str] = set()
    for locale in ("en_US", "en_GB", "en_AU", "en_CA"):
        try:
            provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        except ImportError:
            continue
        suffixes.update(suffix.lower() for suffix in getattr(provider, "street_suffixes", ()))
    return frozenset(suffixes)


def _is_ssn(text: str) -> bool:
    return bool(_SSN.match(text))


def _is_iban(text: str) -> bool:
    return bool(_IBAN.match(text.upper()))


def _is_card(text: str) -> bool:
    if not _CARD.match(text):
        return False
    digits = [int(ch) for ch in text if ch.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    # Luhn checksum: every card number passes it, few random numbers do.
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


def _is_url(text: str) -> bool:
    return bool(_URL.match(text))


_CHECKS: tuple[tuple[str, str, Callable[[str], bool], float], ...] = (
    ("email", "email addresses", _is_email, MATCH_SHARE),
    ("phone_number", "phone numbers", is_phone_number, MATCH_SHARE),
    ("ipv4", "IPv4 addresses", _is_ipv4, MATCH_SHARE),
    ("ipv6", "IPv6 addresses", _is_ipv6, MATCH_SHARE),
    ("ssn", "US social security numbers", _is_ssn, MATCH_SHARE),
    ("credit_card_number", "card numbers (they pass the Luhn check)", _is_card, MATCH_SHARE),
    ("iban", "IBANs", _is_iban, MATCH_SHARE),
    ("postcode", "postcodes", _is_postcode, MATCH_SHARE),
    ("url", "web addresses", _is_url, MATCH_SHARE),
    ("address", "street addresses", _is_address, NAME_MATCH_SHARE),
)


def record_number_share(values: pd.Series) -> float:
    """The share of values that are record codes: letters and digits, maybe with separators, no spaces.

    `13011352CM10A`, `A-000123`, `CASE-2019-00042` and zero-padded `000123` are codes; dates, decimal
    numbers, words and sentences are not.

    Args:
        values: One column's values (a sample of `SAMPLE_SIZE` is read).

    Returns:
        The share of sampled non-empty values that are codes (0 when there are none).
    """
    counts = sampled_counts(values, SAMPLE_SIZE)
    if counts.empty:
        return 0.0
    matched = [bool(_is_record_code(str(text))) for text in counts.index]
    return float(counts[matched].sum()) / float(counts.sum())


def repeated_record_numbers(values: pd.Series, *, header: str = "") -> bool:
    """Whether a text column holds record numbers that repeat, as the same MRN on each visit of a patient.

    Most values must be codes of one shape (letters as `A`, digits as `9`: `MRN00123456` is `AAA99999999`)
    with at least `RECORD_MIN_DIGITS` digits, and not plain numbers; and there must be at least
    `REPEATED_RECORD_MIN_LEVELS` different values, `REPEATED_RECORD_MIN_LEVEL_SHARE` of the rows. Diagnosis
    codes and product SKUs fail on levels, shape or digits.

    Args:
        values: One column's values.
        header: The column's header; one that names a postcode (`zip`, `cep`: `01310-100`) rules it out.

    Returns:
        True for repeated record numbers.
    """
    if set(header_tokens(header)) & _POSTCODE_WORDS:
        return False
    present = values.dropna().astype(str).str.strip()
    distinct = int(present.nunique())
    if distinct < REPEATED_RECORD_MIN_LEVELS or distinct < REPEATED_RECORD_MIN_LEVEL_SHARE * len(present):
        return False
    counts = sampled_counts(present, SAMPLE_SIZE)
    total = float(counts.sum())
    codes = [_is_long_code(str(text)) for text in counts.index]
    if float(counts[codes].sum()) / total < RECORD_SHAPE_SHARE:
        return False
    shapes = counts.groupby([_shape(str(text)) for text in counts.index]).sum()
    return float(shapes.max()) / total >= RECORD_SHAPE_SHARE


_POSTCODE_WORDS = frozenset({"zip", "zipcode", "postcode", "postal", "postalcode", "plz", "postleitzahl", "cep"})


def _is_long_code(text: str) -> bool:
    # A plain number ("52000") is a quantity that failed to parse, not a code; "000123" is a code.
    plain_number = text.isdigit() and not text.startswith("0")
    return not plain_number and _is_record_code(text) and sum(ch.isdigit() for ch in text) >= RECORD_MIN_DIGITS


def _shape(text: str) -> str:
    return "".join("9" if ch.isdigit() else "A" if ch.isalpha() else ch for ch in text.upper())


def _is_record_code(text: str) -> bool:
    if not 3 <= len(text) <= 40 or not _RECORD_CODE.match(text) or _DECIMAL.match(text) or _DATE_LIKE.match(text):
        return False
    digits = sum(ch.isdigit() for ch in text)
    return digits >= 3 or (digits >= 1 and any(ch.isalpha() for ch in text) and len(text) >= 5)


def full_name_parts(full_names: pd.Series) -> pd.DataFrame:
    """The first given name and family name of a sample of full names, for `name_part_match`.

    Args:
        full_names: A full-name column.

    Returns:
        Columns `first` and `last` (lower case, no accents), indexed like the sampled rows.
    """
    present = full_names.dropna()
    if len(present) > SAMPLE_SIZE:
        present = present.sample(SAMPLE_SIZE, random_state=0)
    parts = [name_parts(str(value)) or (None, None) for value in present]
    return pd.DataFrame(parts, index=present.index, columns=["first", "last"])


def name_part_match(values: pd.Series, parts: pd.DataFrame, *, source: str) -> PersonalDataMatch | None:
    """Recognise a first-name or last-name column as the parts of a full-name column beside it.

    Real tables often hold `name`, `first` and `last` together. Unusual surnames are missing from any
    list, but a column whose value is, row by row, the family name of the full name is a last-name column.

    Args:
        values: The column to check.
        parts: `full_name_parts` of the full-name column of the same rows.
        source: The full-name column's header, for the description.

    Returns:
        A `first_name` or `last_name` match when at least `MATCH_SHARE` of the rows agree, else None.
    """
    mine = values.reindex(parts.index).dropna()
    if mine.empty:
        return None
    mine = pd.Series([plain_name(str(value)) for value in mine], index=mine.index)
    for pii_type, word in (("first_name", "first"), ("last_name", "last")):
        share = float((parts.loc[mine.index, word] == mine).mean())
        if share >= MATCH_SHARE:
            return PersonalDataMatch(pii_type, share, f"the {word} names of the full names in '{source}'")
    return None
