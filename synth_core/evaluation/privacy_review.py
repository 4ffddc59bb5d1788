"""A run's privacy review: the distance evidence, the attack risks and the verdict, stored together."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from synth_core.evaluation.attacks import AttackRisk, AttackSettings
from synth_core.evaluation.privacy import DistancePrivacy, PrivacySettings
from synth_core.evaluation.verdict import PrivacyThresholds, PrivacyVerdict, decide_verdict


@dataclass(frozen=True)
class PrivacyReview:
    """Everything the Privacy page shows, in a form that serialises with the Run.

    Attributes:
        distances: Distance-based evidence.
        settings: The settings it was computed with.
        thresholds: The verdict's thresholds.
        attacks: anonymeter risks, once the attacks have run.
        attack_settings: The settings the attacks ran with.
    """

    distances: DistancePrivacy
    settings: PrivacySettings
    thresholds: PrivacyThresholds
    attacks: tuple[AttackRisk, ...] = ()
    attack_settings: AttackSettings | None = None

    @property
    def verdict(self) -> PrivacyVerdict:
        """The verdict under the current thresholds (cheap, so never stale)."""
        return decide_verdict(self.distances, self.attacks, self.thresholds)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary, with the verdict spelled out."""
        return {
            "verdict": self.verdict.to_dict(),
            "distances": self.distances.to_dict(),
            "settings": asdict(self.settings),
            "attacks": [asdict(risk) for risk in self.attacks],
            "attack_settings": asdict(self.attack_settings) if self.attack_settings else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PrivacyReview:
        """Rebuild from `to_dict` output."""
        attack_settings = data.get("attack_settings")
        if attack_settings and attack_settings.get("linkability_columns"):
            groups = attack_settings["linkability_columns"]
            attack_settings = {**attack_settings, "linkability_columns": (tuple(groups[0]), tuple(groups[1]))}
        return cls(
            distances=DistancePrivacy.from_dict(data["distances"]),
            settings=PrivacySettings(**data["settings"]),
            thresholds=PrivacyThresholds(**data["verdict"]["thresholds"]),
            attacks=tuple(AttackRisk(**risk) for risk in data.get("attacks", [])),
            attack_settings=AttackSettings(**attack_settings) if attack_settings else None,
        )
