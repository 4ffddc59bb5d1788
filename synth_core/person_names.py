"""Person names read from one value, in any case and common layout.

A value is split into tokens ("Hernandez, Mr. Miguel A." gives the family name `hernandez`, the title
`mr`, the given name `miguel` and the initial `a`) and each token is looked up, lower-cased and without
accents, in Faker's lists of first and last names for every locale it ships. Capitals play no part:
`miguel hernandez`, `MIGUEL HERNANDEZ` and `Miguel Hernandez` read the same.

Many names are also ordinary words (Brown, White, Jackson, Virginia, Baker). Those tokens count as
*ambiguous*: a column of colours, US states or job titles holds nearly only such words, while a real
name column holds mostly names that are nothing else. The ordinary words come from Faker too (English
words, colour names, job titles, countries, states and cities), so no data is fetched at run time.

Names written in other scripts are read in Latin letters too: Faker's romanised Japanese and Chinese
lists, Cyrillic lists spelt the two common ways, and common Korean family names. Joined layouts
("DOE^JOHN^Q", "john.smith", "smith_john") are spread out first, and Chinese and Korean names without
a space are read by their family name. A value with a company or street suffix or an institution word
("Roberts Group", "Wilson Road", "Martin High School") is no name; one whose suffix is also a surname
("Smith Park") reads only as ambiguous.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that stand before or after a name and say nothing about who it is (Faker's titles are added).
_TITLES = _word_set(
    "mr mrs ms miss mx dr prof sir dame lady lord rev fr herr frau mme mlle sr sra srta sig sigra "
    "hr fru pan pani ing dipling univprof mag mgr"
)
_SUFFIXES = _word_set("jr sr ii iii iv phd md esq dds dvm rn cpa bsc beng msc meng mba llb llm")
_STOPWORDS = _word_set("a an the of and or in on at to for with by from is are was were be as it this that my our")
# Particles inside family names: "de la Cruz", "van der Berg", "bin Salman".
_PARTICLES = _word_set("van von der den de del della dela di da das dos du la le st ter ten bin ibn al el y")
# A name token: letters (any script), joined by apostrophes or hyphens, maybe ending in a full stop.
_NAME_TOKEN = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?$")
# Initials: "A", "A.", "J.R.R.", "J.-P.".
_INITIALS = re.compile(r"^(?:[^\W\d_]\.-?){1,4}$|^[^\W\d_]$")
MAX_NAME_TOKENS = 5
# Joined layouts: HL7 "DOE^JOHN^Q" (family name first), "john.smith", "smith_john". Emails are told apart
# before names are read, so "@" never reaches here as a separator.
_JOINED = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*(?:[._][^\W\d_]+(?:['’\-][^\W\d_]+)*){1,3}$")
# Common Korean family names in their usual romanisations; Faker's ko_KR lists are in Hangul only.
_KOREAN_ROMANISED = _word_set(
    "kim gim lee yi rhee park pak bak choi choe jung jeong chung kang gang cho jo yoon yun jang chang lim im "
    "han oh seo suh shin sin kwon gwon hwang ahn an song ryu yoo yu hong jeon jun ko go moon mun yang son "
    "bae baek paek heo huh nam noh roh ha kwak gwak sung seong cha joo ju woo wu min"
)
# Words that make a value a place, firm or institution, not a person: "Martin High School", "Brown Inc".
# Faker's company and street suffixes are added.
_INSTITUTION_WORDS = _word_set(
    "school schools elementary academy college university univ institute hospital clinic infirmary "
    "pharmacy bank church chapel cathedral mosque temple synagogue hotel motel inn restaurant cafe bistro "
    "bar pub diner center centre library museum gallery theatre theater stadium arena airport station "
    "mall market supermarket store shop salon studio studios foundation trust association society club "
    "council committee agency department ministry office offices partners associates holdings enterprises "
    "industries solutions services systems technologies consulting labs laboratory laboratories "
    "corporation incorporated limited company co corp inc llc llp ltd plc gmbh ag kg sa srl bv nv oy ab "
    "medical dental veterinary elementary"
)


class NameForm(StrEnum):
    """What a value reads as."""

    FULL = "name"
    FIRST = "first_name"
    LAST = "last_name"


@dataclass(frozen=True)
class NameReading:
    """How one value reads as a person name.

    Attributes:
        form: Full name, a first name alone, or a last name alone.
        clear: Whether at least one matching token is a name and nothing else (not also an ordinary word).
    """

    form: NameForm
    clear: bool


@dataclass(frozen=True)
class _Token:
    text: str  # lower-case, accents kept
    plain: str  # lower-case, accents removed, no trailing full stop


def read_name(value: str) -> tuple[NameReading, ...]:
    """Every way `value` reads as a person name (none when it does not).

    A full name needs two to five name-shaped tokens (titles, suffixes and particles aside), not starting
    with a common word that is no name ("new york"), and either its first given name among known first
    names or its family name among known names. A single token reads as a first name, a last name, or both.

    Args:
        value: One cell, as text.

    Returns:
        The readings, most specific first; empty when the value is not a name.
    """
    return _read_name(_normalise(value))


def _normalise(value: str) -> str:
    """Lower case, single spaces, and joined layouts spread out: "DOE^JOHN^Q" gives "doe, john q"."""
    text = " ".join(value.split()).lower()
    if "^" in text and "," not in text:
        parts = [part.strip() for part in text.split("^") if part.strip()]
        # HL7 XPN: family^given^middle^suffix^prefix.
        return f"{parts[0]}, {' '.join(parts[1:])}" if len(parts) > 1 else " ".join(parts)
    if " " not in text and _JOINED.match(text):
        return re.sub(r"[._]", " ", text)
    return text


@lru_cache(maxsize=65536)
def _read_name(text: str) -> tuple[NameReading, ...]:
    if not text or len(text) > 80:
        return ()
    if _UNSPACED.match(text):
        return _read_unspaced(text)
    given, family, inverted = _split_layout(text)
    if given is None or family is None:
        return ()
    tokens = given + family
    if not tokens or not 1 <= len(tokens) <= MAX_NAME_TOKENS:
        return ()
    lexicon = _lexicon()
    ordered = family + given if inverted else tokens
    # "Jackson Avenue", "Roberts Group", "Martin High School", "Smith and Sons": a place, firm or institution.
    things = [token for token in ordered[1:] if _is_thing_word(token, lexicon)]
    if any(not (_in(token, lexicon.first) or _in(token, lexicon.last)) for token in things):
        return ()
    if any(token.text in _JOINING_WORDS for token in ordered):
        return ()
    # A value that starts with an ordinary word is a phrase ("new york", "sales manager"); later words may
    # be surnames that are also words or places ("jay shore", "karl weimar").
    if _is_plain_word((family if inverted else tokens)[0], lexicon):
        return ()
    if len(tokens) == 1:
        return _single(tokens[0], lexicon)
    if all(_INITIALS.match(token.text) for token in tokens):
        return ()
    first = next((token for token in given if not _INITIALS.match(token.text)), None)
    last = family[-1] if family else given[-1]
    hits = []
    if first is not None and _in(first, lexicon.first):
        hits.append(first)
    # Many family names are also given names ("noah", "raphael"), so either list will do for the last one.
    if not _INITIALS.match(last.text) and (_in(last, lexicon.last) or _in(last, lexicon.first)):
        hits.append(last)
    if not hits:
        return ()
    clear = any(not _in(token, lexicon.words) for token in hits)
    # "Smith Park", "Jessica Dancer": a suffix that is also a surname, or a word that is no name, may
    # name a street or a horse, so such a value counts only as ambiguous.
    others = [token for token in tokens if token not in hits and not _INITIALS.match(token.text)]
    if things or any(_is_plain_word(token, lexicon) for token in others):
        clear = False
    return (NameReading(NameForm.FULL, clear),)


_STREET_LOCALES = ("en_US", "en_GB", "en_AU", "en_CA", "en_NZ", "en_IE", "de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT")
# Chinese and Korean full names are written without a space: a family name of one or two characters
# and a given name of one or two ("李畅", "欧阳娜娜", "김민준").
_UNSPACED = re.compile(r"^[\u4e00-\u9fff\uac00-\ud7a3]{2,4}$")


def _read_unspaced(text: str) -> tuple[NameReading, ...]:
    """A full name when it starts with a known family name and its given name uses given-name characters."""
    surnames, given_chars = _cjk_names()
    for size in (2, 1):
        given = text[size:]
        if text[:size] in surnames and 1 <= len(given) <= 2:
            known = sum(char in given_chars for char in given)
            if known:
                # Two characters are as often a word ("高中", "정보") as a name: ambiguous.
                return (NameReading(NameForm.FULL, clear=known == len(given) and len(text) > 2),)
    return ()


@lru_cache(maxsize=1)
def _cjk_names() -> tuple[frozenset[str], frozenset[str]]:
    """Family names and the characters of given names in Faker's Chinese and Korean lists."""
    surnames: set[str] = set()
    given_chars: set[str] = set()
    for provider in _providers("person"):
        if provider.__module__.endswith(("zh_CN", "zh_TW", "ko_KR")):
            surnames.update(_entries(provider, "last_names"))
            given_chars.update(char for name in _entries(provider, "first_names") for char in name)
    return frozenset(surnames), frozenset(given_chars)


# Words that join two names into a firm or a couple ("Smith and Sons", "Jones & Brown"), never a person.
_JOINING_WORDS = _word_set("and und et of the for with")


def _is_thing_word(token: _Token, lexicon: _Lexicon) -> bool:
    return token.plain in lexicon.things or _affix_key(token.text) in lexicon.things


def name_parts(value: str) -> tuple[str, str] | None:
    """The first given name and the family name of a full name, lower-case without accents.

    Args:
        value: A full name in any layout ("miguel hernandez", "Hernandez, Mr. Miguel A.").

    Returns:
        `("miguel", "hernandez")`, or None when the value has fewer than two name tokens.
    """
    given, family, _ = _split_layout(_normalise(value))
    if not given or not family:
        return None
    first = next((token for token in given if not _INITIALS.match(token.text)), given[0])
    return first.plain, family[-1].plain


def plain_name(value: str) -> str:
    """A name lower-case, without accents, surrounding space or a final full stop, for comparisons."""
    return _plain(value.strip().rstrip("."))


def _single(token: _Token, lexicon: _Lexicon) -> tuple[NameReading, ...]:
    if _INITIALS.match(token.text):
        return ()
    clear = not _in(token, lexicon.words)
    readings = []
    if _in(token, lexicon.first):
        readings.append(NameReading(NameForm.FIRST, clear))
    if _in(token, lexicon.last):
        readings.append(NameReading(NameForm.LAST, clear))
    return tuple(readings)


def _split_layout(text: str) -> tuple[list[_Token] | None, list[_Token] | None, bool]:
    """Given names, family names, and whether the family name came first ("Last, First")."""
    head, comma, tail = text.partition(",")
    head_tokens = _tokens(head)
    tail_tokens = _tokens(tail) if comma else []
    if head_tokens is None or tail_tokens is None or "," in tail:
        return None, None, False
    head_tokens = _without_affixes(head_tokens)
    tail_tokens = _without_affixes(tail_tokens)
    if not head_tokens:
        return None, None, False
    if tail_tokens and all(_affix_key(token.text) in _SUFFIXES for token in tail_tokens):
        tail_tokens = []  # "Hernandez, Jr.": the part after the comma is only a suffix
    if not tail_tokens:
        core = [token for token in head_tokens if token.plain not in _PARTICLES] or head_tokens[-1:]
        return (core[:-1], core[-1:], False) if len(core) > 1 else ([], core, False)
    family = [token for token in head_tokens if token.plain not in _PARTICLES] or head_tokens[-1:]
    given = [token for token in tail_tokens if token.plain not in _PARTICLES]
    return given, family, True


def _tokens(text: str) -> list[_Token] | None:
    """The name-shaped tokens of `text`; None when a token cannot be part of a name."""
    tokens: list[_Token] = []
    for raw in text.split():
        if not (_NAME_TOKEN.match(raw) or _INITIALS.match(raw) or _affix_key(raw) in _lexicon().affixes):
            return None
        tokens.append(_Token(raw, _plain(raw.rstrip("."))))
    return tokens


def _without_affixes(tokens: list[_Token]) -> list[_Token]:
    """Drop leading titles ("Mr.", "Dipl.-Ing.") and trailing suffixes ("Jr.", "B.Sc."), keeping one token."""
    titles = _lexicon().titles
    start, end = 0, len(tokens)
    while end - start > 1 and _affix_key(tokens[start].text) in titles:
        start += 1
    while end - start > 1 and _affix_key(tokens[end - 1].text) in _SUFFIXES:
        end -= 1
    return tokens[start:end]


def _affix_key(text: str) -> str:
    return re.sub(r"[.\-()]", "", _plain(text))


@lru_cache(maxsize=65536)
def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def _in(token: _Token, names: frozenset[str]) -> bool:
    if token.plain in names:
        return True
    parts = [part for part in re.split(r"[-']", token.plain) if part]
    # "garcia-lopez" is a last name when each part is; "o'brien" when "brien" or "obrien" is;
    # "al-rashid" when "rashid" is.
    if len(parts) > 1 and parts[0] in _PARTICLES:
        parts = parts[1:]
    if len(parts) == 1:
        return parts[0] in names
    return len(parts) > 1 and (all(part in names for part in parts) or "".join(parts) in names)


def _is_plain_word(token: _Token, lexicon: _Lexicon) -> bool:
    """A common word that is no name ("new" in "new york", "sales" in "sales manager"); places are not."""
    if _INITIALS.match(token.text):
        return False
    if token.plain in _STOPWORDS:  # "the" is also a Vietnamese name once its accent is gone
        return True
    return _in(token, lexicon.common) and not (_in(token, lexicon.first) or _in(token, lexicon.last))


@dataclass(frozen=True)
class _Lexicon:
    first: frozenset[str]
    last: frozenset[str]
    words: frozenset[str]  # common words and place names: a name that is one of them is ambiguous
    common: frozenset[str]  # English words, colours and job-title words, without place names
    titles: frozenset[str]  # keys without full stops and hyphens: "dipling" for "Dipl.-Ing."
    affixes: frozenset[str]  # titles and suffixes
    things: frozenset[str]  # company and street suffixes, institution words: "inc", "avenue", "school"


def is_first_name(token: str) -> bool:
    """Whether one word is a known first name (any case, accents optional)."""
    return _plain(token.strip().rstrip(".")) in _lexicon().first


def is_last_name(token: str) -> bool:
    """Whether one word is a known last name (any case, accents optional)."""
    return _plain(token.strip().rstrip(".")) in _lexicon().last


def is_common_word(token: str) -> bool:
    """Whether one word is a common English word, colour or job-title word (it may be a name as well)."""
    return _plain(token.strip().rstrip(".")) in _lexicon().common


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """First names, last names, titles and ordinary words from Faker's providers, lower-cased, without accents."""
    first: set[str] = set()
    last: set[str] = set()
    prefixes: set[str] = set()
    for provider in _providers("person"):
        for attribute in _list_attributes(provider):
            if "format" in attribute:
                continue
            # "first_name", "middle_names", "first_romanized_names", "last_kana_names" (ja_JP, zh_CN, zh_TW).
            if ("first" in attribute or "middle" in attribute) and "name" in attribute:
                first.update(_name_keys(_entries(provider, attribute)))
            elif "last" in attribute and "name" in attribute:
                last.update(_name_keys(_entries(provider, attribute)))
            elif "prefix" in attribute:
                prefixes.update(_affix_key(entry) for entry in _entries(provider, attribute) if " " not in entry)
    first |= _romanised(first)
    last |= _romanised(last) | _KOREAN_ROMANISED
    first -= _PARTICLES
    last -= _PARTICLES
    titles = _TITLES | (prefixes - first - last - _common_words() - _place_names() - {""})
    common, places = _common_words(), _place_names()
    return _Lexicon(
        first=frozenset(first),
        last=frozenset(last),
        words=common | places,
        common=common,
        titles=frozenset(titles),
        affixes=titles | _SUFFIXES,
        things=_thing_words(),
    )


# Cyrillic to Latin as passports and most data write it, in its two common forms: "yu"/"ya"/"y" and
# ICAO's "iu"/"ia"/"i" ("Zinovyeva", "Zinoveva"; "Yuliya", "Iuliia").
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ", [
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
    "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "yi", "ye", "g",
], strict=True))  # fmt: skip
_ICAO = {"й": "i", "ю": "iu", "я": "ia", "ъ": "ie", "ї": "i", "є": "ie"}


def _romanised(names: set[str]) -> set[str]:
    """Latin spellings of the names written in Cyrillic."""
    keys: set[str] = set()
    for name in names:
        if any(char in _CYRILLIC for char in name):
            keys.add("".join(_CYRILLIC.get(char, char) for char in name))
            keys.add("".join(_ICAO.get(char, _CYRILLIC.get(char, char)) for char in name))
    return keys


@lru_cache(maxsize=1)
def _thing_words() -> frozenset[str]:
    """Company suffixes and street suffixes of every Faker locale, and institution words."""
    words: set[str] = set(_INSTITUTION_WORDS)
    for kind, attribute in (("company", "company_suffixes"), ("address", "street_suffixes")):
        for provider in _providers(kind):
            # Some locales' street "suffixes" are whole names (en_MS has "Abdullah", "Ismail").
            if kind == "address" and not provider.__module__.endswith(_STREET_LOCALES):
                continue
            for entry in _entries(provider, attribute):
                words.update(_affix_key(word) for word in entry.split() if len(word.strip(".")) > 1)
    return frozenset(words - _JOINING_WORDS - _PARTICLES - {""})


def _name_keys(names: list[str]) -> set[str]:
    """Each name, and each part of a name written with particles ("van der Ploeg" gives "ploeg")."""
    keys: set[str] = set()
    for name in names:
        plain = _plain(name)
        keys.add(plain)
        parts = plain.split()
        if len(parts) > 1:
            keys.update(part for part in parts if part not in _PARTICLES and len(part) > 1)
    keys.discard("")
    return keys


def _list_attributes(provider: type) -> list[str]:
    names: set[str] = set()
    for klass in provider.__mro__:
        names.update(key for key, value in vars(klass).items() if isinstance(value, list | tuple | dict))
    return sorted(names)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """English words, colour names and job-title words: words a category column holds."""
    words: set[str] = set(_EXTRA_WORDS)
    for provider in _providers("lorem"):
        if provider.__module__.endswith(("en_US", "la")):
            words.update(_plain(word) for word in _entries(provider, "word_list"))
    for provider in _providers("color"):
        if provider.__module__.endswith(("en_US", "color")):
            words.update(_plain(word) for name in _entries(provider, "all_colors") for word in _camel_words(name))
    for provider in _providers("job"):
        if provider.__module__.endswith("en_US"):
            words.update(_plain(word) for job in _entries(provider, "jobs") for word in re.split(r"[\s,()/-]+", job))
    for provider in _providers("address"):
        if provider.__module__.endswith(("en_US", "en_GB", "en_AU", "en_CA")):
            words.update(_plain(suffix) for suffix in _entries(provider, "street_suffixes"))
    words.discard("")
    return frozenset(words)


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Words of country, state, province and city names in every Faker locale."""
    words: set[str] = set()
    for provider in _providers("address"):
        for attribute in ("countries", "states", "cities", "city_names", "provinces", "regions"):
            for place in _entries(provider, attribute):
                words.update(_plain(word) for word in re.split(r"[\s,()/-]+", place) if len(word) > 1)
    words.discard("")
    return frozenset(words)


# Words a category column often holds that Faker's English word list lacks.
_EXTRA_WORDS = _word_set(
    "male female man woman men women boy girl yes no none other unknown missing single married divorced "
    "widowed separated husband wife child own not in family relative unmarried never spouse private self "
    "employed gov local state federal without pay north south east west central upper lower new old "
    "city town village county park lake river hill hills valley beach heights springs falls creek bay port "
    "fort mount saint san santa los las el inc llc ltd plc gmbh co corp company group sons bank store shop "
    "high low medium good bad poor fair excellent gold silver bronze platinum basic premium standard "
    "manager engineer teacher nurse doctor driver cook baker mason carpenter porter butler clerk sales "
    "service support admin technician analyst director officer assistant"
)


def _camel_words(name: str) -> list[str]:
    return [name, *re.findall(r"[A-Z][a-z]+", name)]


def _providers(kind: str) -> list[type]:
    package = importlib.import_module(f"faker.providers.{kind}")
    found = [package.Provider] if hasattr(package, "Provider") else []
    for module in pkgutil.iter_modules(package.__path__):
        try:
            found.append(importlib.import_module(f"faker.providers.{kind}.{module.name}").Provider)
        except (ImportError, AttributeError):
            continue
    return found


def _entries(provider: type, attribute: str) -> list[str]:
    """A provider's list (or weighted dict) of words; class properties and methods give nothing."""
    entries = provider.__dict__.get(attribute)
    if entries is None:
        for base in provider.__mro__[1:]:
            if attribute in base.__dict__:
                entries = base.__dict__[attribute]
                break
    if isinstance(entries, dict):
        return [str(key) for key in entries]
    if isinstance(entries, list | tuple | set | frozenset):
        return [str(entry) for entry in entries]
    return []
