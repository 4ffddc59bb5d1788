"""Words in a column header, however it is written: snake_case, camelCase, kebab-case or spaced.

Detection reads headers only to raise or lower its confidence (a header never decides alone), so it
needs the words, not the spelling: `SalePrice`, `sale_price` and `Sale Price` all give `sale`, `price`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def header_tokens(name: str) -> tuple[str, ...]:
    """The lower-case words of a column header, accents removed.

    Args:
        name: The column header.

    Returns:
        Its words in order: `"dateOfBirth"` gives `("date", "of", "birth")`, `"HTTPCode"` gives
        `("http", "code")`, `"priors_count.1"` gives `("priors", "count", "1")`.
    """
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(name))
    spaced = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", " ", spaced)
    decomposed = unicodedata.normalize("NFKD", spaced.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(token for token in re.split(r"[\W_]+", plain) if token)


def has_word(name: str, words: Iterable[str]) -> bool:
    """Whether a header contains one of `words` as a whole word."""
    wanted = set(words)
    return any(token in wanted for token in header_tokens(name))


def has_stem(name: str, stems: Iterable[str]) -> bool:
    """Whether a word of the header starts with one of `stems` (`geburt` finds `Geburtsdatum`)."""
    stems = tuple(stems)
    return any(token.startswith(stems) for token in header_tokens(name))
