"""Personal data written inside free text: emails, phone numbers and person names.

Free-text columns are never learnt (placeholder sentences replace them), but what they hold tells the
analyst why: a notes column where a third of the values carry an email address is personal data too.
`find_personal_data_in_text` measures it and `describe_text_findings` says it in one sentence.
`personal_data_among_categories` catches notes hidden among canned phrases, which would otherwise be
learnt (and copied) as categories.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pandas as pd

from synth_core.person_names import is_common_word, is_first_name, is_last_name
from synth_core.pii import is_phone_number, sampled_counts

TEXT_SAMPLE_SIZE = 1000
# A many-levelled text column where at least this share of values holds personal data is notes, not categories.
CATEGORY_PERSONAL_SHARE = 0.05
CATEGORY_MIN_LEVELS = 50
_EMAIL_IN_TEXT = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_IN_TEXT = re.compile(r"(?<![\w@.])\+?\(?\d[\d\s().\-/]{5,22}\d(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w@])")
_WORD_IN_TEXT = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")


@dataclass(frozen=True)
class TextFinding:
    """One kind of personal data found inside free text.

    Attributes:
        pii_type: `email`, `phone_number` or `name`.
        description: What was found, in plain words.
        share: The share of sampled non-empty values that hold at least one.
    """

    pii_type: str
    description: str
    share: float


def find_personal_data_in_text(values: pd.Series) -> tuple[TextFinding, ...]:
    """Search free text for emails, phone numbers and person names written inside it.

    Names are pairs of words where the first is a first name and the second a last name, not both common
    words ("spoke to miguel hernandez"), or a title followed by a name ("Dr. Núñez"). Text in lower or
    upper case is read as it is; in text that uses capitals, both words of a name must be capitalised.

    Args:
        values: One column's values (a sample of `TEXT_SAMPLE_SIZE` is read).

    Returns:
        What was found, most frequent first; empty when nothing was.
    """
    counts = sampled_counts(values, TEXT_SAMPLE_SIZE)
    if counts.empty:
        return ()
    total = float(counts.sum())
    checks = (
        ("email", "email addresses", _has_email),
        ("phone_number", "phone numbers", _has_phone),
        ("name", "person names", _has_name),
    )
    findings = []
    for pii_type, description, check in checks:
        share = float(counts[[bool(check(str(text))) for text in counts.index]].sum()) / total
        if share > 0:
            findings.append(TextFinding(pii_type, description, share))
    return tuple(sorted(findings, key=lambda finding: -finding.share))


def describe_text_findings(findings: tuple[TextFinding, ...]) -> str:
    """One sentence for a column's reason: "34% of values contain email addresses, 12% phone numbers"."""
    if not findings:
        return ""
    parts = [f"{finding.share:.0%} {finding.description}" for finding in findings]
    parts[0] = f"{findings[0].share:.0%} of values contain {findings[0].description}"
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    return f"Personal data inside the text: {listed}."


def personal_data_among_categories(values: pd.Series) -> str:
    """Say why a text column that would be learnt as categories must not be: its values hold personal data.

    Canned phrases ("No show", "Paid in full") make a notes column less than half distinct, but the notes
    among them ("Spoke to Ann Lee on 555-0100") would be copied whole by a generator that learns categories.

    Args:
        values: A text column whose values read as prose (several words each).

    Returns:
        The reason when at least `CATEGORY_PERSONAL_SHARE` of the values hold emails, phone numbers or
        person names among at least `CATEGORY_MIN_LEVELS` distinct values; else an empty string.
    """
    distinct = int(values.nunique())
    if distinct < CATEGORY_MIN_LEVELS:
        return ""
    findings = tuple(
        finding for finding in find_personal_data_in_text(values) if finding.share >= CATEGORY_PERSONAL_SHARE
    )
    if not findings:
        return ""
    return (
        f"Text with {distinct:,} distinct values, some repeated phrases and some notes. "
        f"{describe_text_findings(findings)} Learnt as categories, those notes would be copied whole into the "
        "synthetic data, so the column is treated as free text: never learnt, placeholder sentences replace it. "
        "Choose categorical only once the personal data is removed."
    )


def _has_email(text: str) -> bool:
    return bool(_EMAIL_IN_TEXT.search(text))


def _has_phone(text: str) -> bool:
    return any(is_phone_number(match.group(0).strip()) for match in _PHONE_IN_TEXT.finditer(text))


def _has_name(text: str) -> bool:
    words = [word.rstrip(".") for word in _WORD_IN_TEXT.findall(text)]
    # A writer who uses capitals (mixed case) capitalises names too; all lower or upper case text says nothing.
    mixed_case = text != text.lower() and text != text.upper()
    for first, second in itertools.pairwise(words):
        if mixed_case and not (first[:1].isupper() and second[:1].isupper()):
            continue
        if first.lower() in _TEXT_TITLES and (is_first_name(second) or is_last_name(second)):
            return True
        # "will young" and "may grant" are words; "robin gonzalez" is a name.
        if is_first_name(first) and is_last_name(second) and not (is_common_word(first) and is_common_word(second)):
            return True
    return False


_TEXT_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "herr", "frau", "mme", "sr", "sra"})
