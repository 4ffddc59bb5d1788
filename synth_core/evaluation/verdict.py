"""The privacy verdict: low, medium or high risk, with the level and the reason for each part of the evidence.

The default thresholds (documented in the README and changeable by the user):
- copies: high if the exact-copy share is more than twice the holdout's own rate plus 1 point;
- membership: high if the membership-inference AUC is above 0.60;
- closeness: medium if the size-corrected closer-to-training share is above 0.60;
- rare values: medium if more than 10% of the rare training values (seen in fewer than k training rows)
  reappear in the synthetic rows, high above 50%; with no rare value to check, low, and the reason says so;
- quasi-identifiers: high if the share of synthetic rows that reproduce a training row's unique
  combination of quasi-identifiers is more than twice the holdout's own rate plus 1 point;
- personal data: high if a learnt column's values look like personal data, medium if only its header
  names personal data;
- attacks (once run): high if any anonymeter risk's lower confidence bound is above 0.10.
The overall level is the worst checked part. A part whose evidence does not exist (no quasi-identifier
is marked, a review saved before the personal-data check, attacks that all failed) is "not checked":
it is listed with that reason, kept out of the overall level, and named in `PrivacyVerdict.unchecked`,
so it never reads as a pass.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import IntEnum
from typing import Any

from synth_core.evaluation.personal_exposure import LearntPersonalColumn
from synth_core.evaluation.privacy import DistancePrivacy

# How many columns a reason names before it says "and N more".
NAMED_COLUMNS = 3


class RiskLevel(IntEnum):
    """Ordered risk levels, and "not checked" for a part with no evidence.

    NOT_CHECKED ranks below LOW only so that the worst-of rule skips it. It is not a low risk: test
    `checked` (or `PrivacyVerdict.unchecked`) before reading a part as a pass.
    """

    NOT_CHECKED = -1
    LOW = 0
    MEDIUM = 1
    HIGH = 2

    @property
    def label(self) -> str:
        """The level in words: "low", "medium", "high" or "not checked"."""
        return self.name.lower().replace("_", " ")

    @property
    def checked(self) -> bool:
        """Whether the level comes from evidence (False only for NOT_CHECKED)."""
        return self is not RiskLevel.NOT_CHECKED


@dataclass(frozen=True)
class PrivacyThresholds:
    """Where each part of the evidence turns into medium or high risk.

    Attributes:
        copy_factor: High if the exact-copy share exceeds this many times the holdout's own rate...
        copy_margin: ...plus this share (0.01 is one percentage point).
        membership_auc: High if the membership-inference AUC is above this.
        attack_lower_bound: High if any attack risk's lower confidence bound is above this.
        closer_to_train: Medium if the size-corrected closer-to-training share is above this.
        rare_values_medium: Medium if the share of rare training values repeated in the synthetic rows is above this.
        rare_values_high: High if that share is above this.
        quasi_identifier_factor: High if the share of synthetic rows reproducing a training row's unique
            quasi-identifier combination exceeds this many times the holdout's own rate...
        quasi_identifier_margin: ...plus this share.
    """

    copy_factor: float = 2.0
    copy_margin: float = 0.01
    membership_auc: float = 0.60
    attack_lower_bound: float = 0.10
    closer_to_train: float = 0.60
    rare_values_medium: float = 0.10
    rare_values_high: float = 0.50
    quasi_identifier_factor: float = 2.0
    quasi_identifier_margin: float = 0.01


@dataclass(frozen=True)
class VerdictPart:
    """One part of the evidence and what it says.

    Attributes:
        part: "copies", "membership", "closeness", "rare values", "quasi-identifiers", "personal data" or
            "attacks".
        level: The risk this part indicates, or NOT_CHECKED.
        reason: Why, in plain words with the numbers.
    """

    part: str
    level: RiskLevel
    reason: str


@dataclass(frozen=True)
class PrivacyVerdict:
    """The overall level (the worst checked part) and every part's reason.

    Attributes:
        level: The overall risk level.
        parts: Each part of the evidence.
        thresholds: The thresholds used.
    """

    level: RiskLevel
    parts: tuple[VerdictPart, ...]
    thresholds: PrivacyThresholds

    def part(self, name: str) -> VerdictPart | None:
        """The part called `name`, if it was judged."""
        return next((part for part in self.parts if part.part == name), None)

    @property
    def unchecked(self) -> tuple[str, ...]:
        """The parts that could not be checked, which the overall level does not cover."""
        return tuple(part.part for part in self.parts if not part.level.checked)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary; levels are "low", "medium", "high" or "not_checked"."""
        return {
            "level": _key(self.level),
            "parts": [{"part": p.part, "level": _key(p.level), "reason": p.reason} for p in self.parts],
            "not_checked": list(self.unchecked),
            "thresholds": asdict(self.thresholds),
        }


def _key(level: RiskLevel) -> str:
    return level.name.lower()


def decide_verdict(
    distances: DistancePrivacy,
    attack_risks: Sequence[Any] = (),
    thresholds: PrivacyThresholds | None = None,
    *,
    learnt_personal: Sequence[LearntPersonalColumn] | None = None,
    differentially_private: bool = False,
) -> PrivacyVerdict:
    """Judge each part of the evidence and take the worst checked one.

    Args:
        distances: The distance-based results, with rare values and quasi-identifier matches.
        attack_risks: anonymeter results (objects with `label`, `ci_low`, `risk` and `error`), if run.
        thresholds: Where parts turn medium or high; the documented defaults if None.
        learnt_personal: Learnt columns that look like personal data (`learnt_personal_columns`); an empty
            sequence when none does, None when they were not looked for (then that part is not checked).
        differentially_private: The generator gives a differential-privacy guarantee. Its categories come from a
            declared (public) domain and each count carries noise, so a rare value in its output is not a copy of
            the person who has it: the rare-values part reports the repeats but stays low.

    Returns:
        The verdict with a level and a reason for every part.
    """
    limits = thresholds or PrivacyThresholds()
    parts = [
        _copies(distances, limits),
        _membership(distances, limits),
        _closeness(distances, limits),
        _rare_values(distances, limits, differentially_private=differentially_private),
        _quasi_identifiers(distances, limits),
        _personal_data(learnt_personal),
    ]
    if attack_risks:
        parts.append(_attacks(attack_risks, limits))
    return PrivacyVerdict(level=max(part.level for part in parts), parts=tuple(parts), thresholds=limits)


def _copies(distances: DistancePrivacy, limits: PrivacyThresholds) -> VerdictPart:
    allowed = limits.copy_factor * distances.holdout_copy_share + limits.copy_margin
    share, natural = distances.exact_copy_share, distances.holdout_copy_share
    text = (
        f"{distances.exact_copies:,} synthetic rows ({share:.2%}) are exact copies of a training row; "
        f"unseen real rows match a training row {natural:.2%} of the time"
    )
    if share > allowed:
        return VerdictPart("copies", RiskLevel.HIGH, f"{text}, so the copies exceed the {allowed:.2%} allowed.")
    return VerdictPart("copies", RiskLevel.LOW, f"{text}: within the {allowed:.2%} allowed.")


def _membership(distances: DistancePrivacy, limits: PrivacyThresholds) -> VerdictPart:
    auc = distances.membership_auc
    text = (
        "An attacker who guesses 'was in the training data' for real rows close to the synthetic data "
        f"scores an AUC of {auc:.3f}"
    )
    if auc > limits.membership_auc:
        return VerdictPart(
            "membership", RiskLevel.HIGH, f"{text}, above {limits.membership_auc:.2f}: membership leaks."
        )
    return VerdictPart(
        "membership", RiskLevel.LOW, f"{text} (0.5 is a coin toss; the limit is {limits.membership_auc:.2f})."
    )


def _closeness(distances: DistancePrivacy, limits: PrivacyThresholds) -> VerdictPart:
    corrected, raw = distances.closer_to_train_corrected, distances.closer_to_train_share
    text = (
        f"With training rows subsampled to the holdout's size, {corrected:.1%} of synthetic rows are closer to "
        f"training than to holdout (50% is ideal; SDMetrics' uncorrected share is {raw:.1%})"
    )
    if corrected > limits.closer_to_train:
        return VerdictPart(
            "closeness",
            RiskLevel.MEDIUM,
            f"{text}, above {limits.closer_to_train:.0%}: the generator stays near its training rows.",
        )
    return VerdictPart("closeness", RiskLevel.LOW, f"{text}, within {limits.closer_to_train:.0%}.")


def _rare_values(
    distances: DistancePrivacy, limits: PrivacyThresholds, *, differentially_private: bool = False
) -> VerdictPart:
    share = distances.rare_values_repeated_share
    if share is None:
        return VerdictPart(
            "rare values",
            RiskLevel.LOW,
            "There are no rare values to check: no category of a learnt column is seen in so few training rows "
            "that it could point to one person.",
        )
    repeated, checked = len(distances.rare_values), distances.rare_values_checked
    text = f"{repeated:,} of {checked:,} rare training values ({share:.1%}) reappear in the synthetic rows"
    if repeated:
        by_column = Counter(value.column for value in distances.rare_values).most_common()
        named = ", ".join(f"'{column}' ({count:,})" for column, count in by_column[:NAMED_COLUMNS])
        more = f" and {len(by_column) - NAMED_COLUMNS} more column(s)" if len(by_column) > NAMED_COLUMNS else ""
        text += f", most in {named}{more}"
    advice = (
        ": a rare value can point to the one person who has it. Generate again with rare-value protection on "
        "(k of at least the rare limit, on the Generate page or with --rare-k), or mark such columns as personal "
        "data."
    )
    if repeated and differentially_private:
        return VerdictPart(
            "rare values",
            RiskLevel.LOW,
            f"{text}. This run is differentially private: its values come from the declared domain and every count "
            "carries noise, so a rare value's appearance does not reveal that its one person was in the training "
            "rows (the guarantee bounds that).",
        )
    if share > limits.rare_values_high:
        return VerdictPart("rare values", RiskLevel.HIGH, f"{text}, above {limits.rare_values_high:.0%}{advice}")
    if share > limits.rare_values_medium:
        return VerdictPart("rare values", RiskLevel.MEDIUM, f"{text}, above {limits.rare_values_medium:.0%}{advice}")
    return VerdictPart("rare values", RiskLevel.LOW, f"{text}: within {limits.rare_values_medium:.0%}.")


def _quasi_identifiers(distances: DistancePrivacy, limits: PrivacyThresholds) -> VerdictPart:
    if not distances.quasi_identifiers:
        return VerdictPart(
            "quasi-identifiers",
            RiskLevel.NOT_CHECKED,
            "Not checked: no quasi-identifiers are marked. Mark the columns that single people out in combination "
            "(birth date, age, sex, postcode, dates of events) on the Data page, then compute the evidence again.",
        )
    columns = ", ".join(f"'{name}'" for name in distances.quasi_identifiers)
    share, natural = distances.unique_quasi_identifier_match_share, distances.holdout_unique_quasi_identifier_share
    allowed = limits.quasi_identifier_factor * natural + limits.quasi_identifier_margin
    text = (
        f"{distances.unique_quasi_identifier_matches:,} synthetic rows ({share:.2%}) repeat the combination of "
        f"{columns} of a training row that no other training row shares ({distances.unique_quasi_identifier_rows:,} "
        f"training rows are unique on it); unseen real rows do so {natural:.2%} of the time"
    )
    if share > allowed:
        return VerdictPart(
            "quasi-identifiers",
            RiskLevel.HIGH,
            f"{text}, so the matches exceed the {allowed:.2%} allowed: anyone who knows those facts about a person "
            "can find a synthetic row that points to them.",
        )
    return VerdictPart("quasi-identifiers", RiskLevel.LOW, f"{text}: within the {allowed:.2%} allowed.")


def _personal_data(learnt: Sequence[LearntPersonalColumn] | None) -> VerdictPart:
    if learnt is None:
        return VerdictPart(
            "personal data",
            RiskLevel.NOT_CHECKED,
            "Not checked: this review does not say whether any learnt column looks like personal data (it was "
            "saved before that check). Compute the privacy evidence again.",
        )
    if not learnt:
        return VerdictPart(
            "personal data",
            RiskLevel.LOW,
            "No learnt column looks like personal data, by its values or by its header; personal-data columns "
            "are replaced with fake values and never learnt.",
        )
    by_content = [entry for entry in learnt if entry.by_content]
    by_header = [entry for entry in learnt if not entry.by_content]
    sentences = []
    if by_content:
        sentences.append(f"Learnt although its values look like personal data: {_listed(by_content)}.")
    if by_header:
        sentences.append(f"Learnt although its header names personal data: {_listed(by_header)}.")
    sentences.append(
        "Synthetic rows can then repeat real people's values. Mark such a column as personal data (it is then "
        "replaced with fake values), or set its role to ignore."
    )
    level = RiskLevel.HIGH if by_content else RiskLevel.MEDIUM
    return VerdictPart("personal data", level, " ".join(sentences))


def _listed(entries: Sequence[LearntPersonalColumn]) -> str:
    return "; ".join(f"'{entry.column}' ({entry.evidence})" for entry in entries)


def _attacks(attack_risks: Sequence[Any], limits: PrivacyThresholds) -> VerdictPart:
    ran = [risk for risk in attack_risks if not getattr(risk, "error", None)]
    if not ran:
        return VerdictPart(
            "attacks", RiskLevel.NOT_CHECKED, "Not checked: no attack could be run, so attacks add no evidence."
        )
    worst = max(ran, key=lambda risk: risk.ci_low)
    text = (
        f"The highest attack risk is {worst.label.lower()}: {worst.risk:.3f}, "
        f"at least {worst.ci_low:.3f} at 95% confidence"
    )
    if worst.ci_low > limits.attack_lower_bound:
        return VerdictPart("attacks", RiskLevel.HIGH, f"{text}, above {limits.attack_lower_bound:.2f}.")
    return VerdictPart(
        "attacks", RiskLevel.LOW, f"{text}; every lower bound is within {limits.attack_lower_bound:.2f}."
    )
