"""The privacy verdict: low, medium or high risk, with the reason for each part of the evidence.

The default thresholds (documented in the README and changeable by the user):
- high if the exact-copy share is more than twice the holdout's own rate plus 1 point;
- high if the membership-inference AUC is above 0.60;
- high if any anonymeter risk's lower confidence bound is above 0.10;
- medium if the size-corrected closer-to-training share is above 0.60;
- otherwise low.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import IntEnum
from typing import Any

from synth_core.evaluation.privacy import DistancePrivacy


class RiskLevel(IntEnum):
    """Ordered risk levels."""

    LOW = 0
    MEDIUM = 1
    HIGH = 2

    @property
    def label(self) -> str:
        """The level as a word."""
        return self.name.lower()


@dataclass(frozen=True)
class PrivacyThresholds:
    """Where each part of the evidence turns into medium or high risk.

    Attributes:
        copy_factor: High if the exact-copy share exceeds this many times the holdout's own rate...
        copy_margin: ...plus this share (0.01 is one percentage point).
        membership_auc: High if the membership-inference AUC is above this.
        attack_lower_bound: High if any attack risk's lower confidence bound is above this.
        closer_to_train: Medium if the size-corrected closer-to-training share is above this.
    """

    copy_factor: float = 2.0
    copy_margin: float = 0.01
    membership_auc: float = 0.60
    attack_lower_bound: float = 0.10
    closer_to_train: float = 0.60


@dataclass(frozen=True)
class VerdictPart:
    """One part of the evidence and what it says.

    Attributes:
        part: "copies", "membership", "closeness" or "attacks".
        level: The risk this part indicates.
        reason: Why, in plain words with the numbers.
    """

    part: str
    level: RiskLevel
    reason: str


@dataclass(frozen=True)
class PrivacyVerdict:
    """The overall level (the worst part) and every part's reason.

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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "level": self.level.label,
            "parts": [{"part": p.part, "level": p.level.label, "reason": p.reason} for p in self.parts],
            "thresholds": asdict(self.thresholds),
        }


def decide_verdict(
    distances: DistancePrivacy,
    attack_risks: Sequence[Any] = (),
    thresholds: PrivacyThresholds | None = None,
) -> PrivacyVerdict:
    """Judge each part of the evidence and take the worst.

    Args:
        distances: The distance-based results.
        attack_risks: anonymeter results (objects with `label`, `ci_low`, `risk` and `error`), if run.
        thresholds: Where parts turn medium or high; the documented defaults if None.

    Returns:
        The verdict with a reason for every part.
    """
    limits = thresholds or PrivacyThresholds()
    parts = [
        _copies(distances, limits),
        _membership(distances, limits),
        _closeness(distances, limits),
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


def _attacks(attack_risks: Sequence[Any], limits: PrivacyThresholds) -> VerdictPart:
    ran = [risk for risk in attack_risks if not getattr(risk, "error", None)]
    if not ran:
        return VerdictPart("attacks", RiskLevel.LOW, "No attack could be run, so attacks add no evidence.")
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
