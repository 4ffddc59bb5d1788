"""Recognise personal data by what a column contains, whatever its header says.

Each check returns the share of sampled values that look like one kind of personal data. Names are
recognised against Faker's own lists of first and last names in several locales, so no data is
fetched at run time.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

# A column is personal data of a type when at least this share of its values match.
MATCH_SHARE = 0.8
NAME_MATCH_SHARE = 0.6
SAMPLE_SIZE = 2000

_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(\.[\w-]+)+$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s().\-/x]{7,25}$")
_PHONE_SEPARATORS = re.compile(r"[\s().\-/+]")
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
_NAME_TOKEN = re.compile(r"^[A-ZÀ-Þ][a-zà-ÿ'’\-]+\.?$")
_NAME_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pt_BR", "pl_PL", "en_IN")


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


def detect_personal_data(values: pd.Series) -> PersonalDataMatch | None:
    """Find the personal-data type that most values of a text column match.

    Args:
        values: One column's values; non-text values are converted to text.

    Returns:
        The best match at or above its threshold, or None.

    """
    present = values.dropna()
    if present.empty:
        return None
    if len(present) > SAMPLE_SIZE:
        present = present.sample(SAMPLE_SIZE, random_state=0)
    texts = present.astype(str).str.strip()
    texts = texts[texts != ""]
    if texts.empty:
        return None
    best: PersonalDataMatch | None = None
    for pii_type, description, check, threshold in _CHECKS:
        share = float(texts.map(check).mean())
        if share >= threshold and (best is None or share > best.share):
            best = PersonalDataMatch(pii_type=pii_type, share=share, description=description)
    if best and best.pii_type in ("name", "first_name", "last_name") and not _diverse_enough(texts):
        return None  # a handful of repeated words is a category, even if they are names
    return best


def _diverse_enough(texts: pd.Series) -> bool:
    distinct = texts.nunique()
    return distinct >= 20 or distinct >= 0.5 * len(texts)


def _is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def _is_phone(text: str) -> bool:
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


def _name_tokens(text: str) -> list[str] | None:
    tokens = text.replace(",", " ").split()
    if not 1 <= len(tokens) <= 4 or not all(_NAME_TOKEN.match(token) for token in tokens):
        return None
    return tokens


def _is_full_name(text: str) -> bool:
    tokens = _name_tokens(text)
    if not tokens or len(tokens) < 2:
        return False
    first_names, last_names = _known_names()
    lowered = [token.lower().rstrip(".") for token in tokens]
    return any(token in first_names for token in lowered) or lowered[-1] in last_names


def _is_first_name(text: str) -> bool:
    tokens = _name_tokens(text)
    return bool(tokens) and len(tokens) == 1 and tokens[0].lower() in _known_names()[0]


def _is_last_name(text: str) -> bool:
    tokens = _name_tokens(text)
    return bool(tokens) and len(tokens) == 1 and tokens[0].lower() in _known_names()[1]


@lru_cache(maxsize=1)
def _known_names() -> tuple[frozenset[str], frozenset[str]]:
    """First and last names from Faker's person providers, lower-cased."""
    import importlib

    first: set[str] = set()
    last: set[str] = set()
    for locale in _NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        first.update(name.lower() for name in _names_of(provider, "first_names"))
        last.update(name.lower() for name in _names_of(provider, "last_names"))
    return frozenset(first), frozenset(last)


def _names_of(provider: type, attribute: str) -> list[str]:
    names = getattr(provider, attribute, ())
    return list(names.keys()) if isinstance(names, dict) else list(names)


_CHECKS: tuple[tuple[str, str, Callable[[str], bool], float], ...] = (
    ("email", "email addresses", _is_email, MATCH_SHARE),
    ("phone_number", "phone numbers", _is_phone, MATCH_SHARE),
    ("ipv4", "IPv4 addresses", _is_ipv4, MATCH_SHARE),
    ("ipv6", "IPv6 addresses", _is_ipv6, MATCH_SHARE),
    ("ssn", "US social security numbers", _is_ssn, MATCH_SHARE),
    ("credit_card_number", "card numbers (they pass the Luhn check)", _is_card, MATCH_SHARE),
    ("iban", "IBANs", _is_iban, MATCH_SHARE),
    ("postcode", "postcodes", _is_postcode, MATCH_SHARE),
    ("url", "web addresses", _is_url, MATCH_SHARE),
    ("address", "street addresses", _is_address, NAME_MATCH_SHARE),
    ("name", "person names", _is_full_name, NAME_MATCH_SHARE),
    ("first_name", "first names", _is_first_name, NAME_MATCH_SHARE),
    ("last_name", "last names", _is_last_name, NAME_MATCH_SHARE),
)
