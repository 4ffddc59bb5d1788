"""A run's privacy review: distances, attack risks, learnt columns that look personal, and the verdict, together."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from synth_core.evaluation.attacks import AttackRisk, AttackSettings
from synth_core.evaluation.personal_exposure import LearntPersonalColumn
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
        learnt_personal: Learnt columns that look like personal data (`learnt_personal_columns`): empty when
            none does, None when they were not looked for (a review saved before the check, or one built
            without it), which the verdict reports as "not checked".
        differentially_private: Whether the run's generator gives a differential-privacy guarantee, so rare
            values it repeats are noisy draws from the declared domain rather than copies (see `decide_verdict`).
    """

    distances: DistancePrivacy
    settings: PrivacySettings
    thresholds: PrivacyThresholds
    attacks: tuple[AttackRisk, ...] = ()
    attack_settings: AttackSettings | None = None
    learnt_personal: tuple[LearntPersonalColumn, ...] | None = None
    differentially_private: bool = False

    @property
    def verdict(self) -> PrivacyVerdict:
        """The verdict under the current thresholds (cheap, so never stale)."""
        return decide_verdict(
            self.distances,
            self.attacks,
            self.thresholds,
            learnt_personal=self.learnt_personal,
            differentially_private=self.differentially_private,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary, with the verdict spelled out."""
        return {
            "verdict": self.verdict.to_dict(),
            "distances": self.distances.to_dict(),
            "settings": asdict(self.settings),
            "attacks": [asdict(risk) for risk in self.attacks],
            "attack_settings": asdict(self.attack_settings) if self.attack_settings else None,
            "learnt_personal": (
                None if self.learnt_personal is None else [asdict(entry) for entry in self.learnt_personal]
            ),
            "differentially_private": self.differentially_private,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PrivacyReview:
        """Rebuild from `to_dict` output; keys added since (new thresholds, `learnt_personal`) may be absent."""
        attack_settings = data.get("attack_settings")
        if attack_settings and attack_settings.get("linkability_columns"):
            groups = attack_settings["linkability_columns"]
            attack_settings = {**attack_settings, "linkability_columns": (tuple(groups[0]), tuple(groups[1]))}
        learnt = data.get("learnt_personal")
        return cls(
            distances=DistancePrivacy.from_dict(data["distances"]),
            settings=PrivacySettings(**data["settings"]),
            thresholds=PrivacyThresholds(**data["verdict"]["thresholds"]),
            attacks=tuple(AttackRisk(**risk) for risk in data.get("attacks", [])),
            attack_settings=AttackSettings(**attack_settings) if attack_settings else None,
            learnt_personal=None if learnt is None else tuple(LearntPersonalColumn(**entry) for entry in learnt),
            differentially_private=bool(data.get("differentially_private", False)),
        )
