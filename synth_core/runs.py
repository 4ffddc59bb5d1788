"""Runs: one generator configuration applied to one dataset, with its provenance and results.

A Run serialises to JSON (the manifest), so the Compare page, the report and the command line all
read the same object. A Run's fingerprint names the data, schema and split it was made on: only
Runs that share a fingerprint are compared, and a schema edit makes earlier Runs stale.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import asdict, dataclass, field, replace
from importlib import metadata
from typing import Any, Literal

import pandas as pd

from synth_core import generators
from synth_core.evaluation.fidelity import FidelityResult
from synth_core.evaluation.fidelity_details import DetectionResult
from synth_core.evaluation.privacy_review import PrivacyReview
from synth_core.evaluation.utility import UtilityResult
from synth_core.generators.base import Generator
from synth_core.rare_values import DEFAULT_RARE_K, RareProtection
from synth_core.rebalance import ConditionSpec, RebalanceSpec, control_label
from synth_core.schema import TableSchema
from synth_core.split import DEFAULT_HOLDOUT_SHARE, Split

RUN_FORMAT_VERSION = 1
RunKind = Literal["generated", "external"]
_VERSIONED_PACKAGES = (
    "synth-studio", "sdv", "sdmetrics", "rdt", "ctgan", "copulas", "pandas", "numpy", "scikit-learn", "torch",
    "faker", "anonymeter",
)  # fmt: skip


@dataclass(frozen=True)
class RunConfig:
    """Everything a user chose for one run.

    Attributes:
        generator: Registered generator name.
        params: The generator's parameters, as given.
        seed: Seed for fitting and sampling.
        rows: Number of synthetic rows; None means as many as the training rows.
        split_seed: Seed for the train/holdout split.
        holdout_share: Share of real rows kept aside.
        fit_rows: Fit on a random subsample of this many training rows (seeded by `seed`), to keep a
            costly fit within time and memory; None fits on every training row.
        conditions: Fixed column values with their row counts; the rows are these, in order, instead of `rows`.
        rebalance: A column and the share of rows per value, drawn from the model; `rows` still sets the total.
        rules: Rules every synthetic row must obey, as `Rule.to_dict` dicts (see `synth_core.rules`).
        domain: The declared domain for differentially private generators, as `DeclaredDomain.to_dict`
            (see `synth_core.dp_domain`); None declares nothing. Other generators ignore it.
        rare_k: Before fitting, values of categorical and ordinal columns seen in fewer than this many
            training rows are replaced (see `synth_core.rare_values`); 0 turns it off. Generators whose
            `protects_rare_values` is False ignore it.
    """

    generator: str
    params: dict[str, Any] = field(default_factory=dict)
    seed: int = 0
    rows: int | None = None
    split_seed: int = 0
    holdout_share: float = DEFAULT_HOLDOUT_SHARE
    fit_rows: int | None = None
    conditions: tuple[ConditionSpec, ...] = ()
    rebalance: RebalanceSpec | None = None
    rules: tuple[dict[str, Any], ...] = ()
    domain: dict[str, Any] | None = None
    rare_k: int = DEFAULT_RARE_K


@dataclass(frozen=True)
class Run:
    """One generator configuration applied to one dataset: config, provenance and results.

    Attributes:
        run_id: A unique identifier.
        created_at: When the run finished, in UTC (ISO 8601).
        data_name: The file or sample name.
        data_sha256: SHA-256 of the data as read.
        config: What the user chose.
        generator_label: The generator's display name.
        schema: The schema used, with the user's overrides.
        real_rows: Rows in the real table.
        train_rows: Rows the generator learnt from.
        holdout_rows: Rows kept aside.
        synthetic_rows: Rows generated.
        timings: Seconds per step ("split", "fit", "sample", "fidelity").
        versions: Versions of Python and the libraries that matter for reproduction.
        fidelity: Fidelity results, if evaluated.
        privacy: The privacy review, once computed.
        fingerprint: Names the data, schema and split (see `run_fingerprint`).
        kind: "generated" here, or "external" for synthetic data made elsewhere and uploaded.
        utility: Machine-learning utility, once computed.
        detection: How well the default detector (logistic, comparable with SDMetrics' LogisticDetection)
            tells real rows from synthetic ones, once computed.
        notes: Anything about how the run was made that its numbers depend on.
        rare_protection: What rare-value protection replaced before fitting, per column; None for runs
            made before it existed and for external data.
        other_detections: Results of the other detectors that ran (the gradient-boosted one), one per
            detector; see `detections` and `strongest_detection`.
    """

    run_id: str
    created_at: str
    data_name: str
    data_sha256: str
    config: RunConfig
    generator_label: str
    schema: TableSchema
    real_rows: int
    train_rows: int
    holdout_rows: int
    synthetic_rows: int
    timings: dict[str, float]
    versions: dict[str, str]
    fidelity: FidelityResult | None = None
    privacy: PrivacyReview | None = None
    fingerprint: str = ""
    kind: RunKind = "generated"
    utility: UtilityResult | None = None
    detection: DetectionResult | None = None
    notes: tuple[str, ...] = ()
    rare_protection: RareProtection | None = None
    other_detections: tuple[DetectionResult, ...] = ()

    @property
    def detections(self) -> tuple[DetectionResult, ...]:
        """Every detector's result: the default one first."""
        return ((self.detection,) if self.detection else ()) + self.other_detections

    @property
    def strongest_detection(self) -> DetectionResult | None:
        """The detector that told real from synthetic best (highest AUC): the one a review should quote."""
        return max(self.detections, key=lambda result: result.auc, default=None)

    def with_detection(self, result: DetectionResult) -> Run:
        """This Run with `result` filed: a logistic result as `detection`, another replacing its detector's."""
        if result.detector == "logistic":
            return replace(self, detection=result)
        others = tuple(other for other in self.other_detections if other.detector != result.detector)
        return replace(self, other_detections=(*others, result))

    @property
    def label(self) -> str:
        """The generator name tagged with how its rows were controlled and how many rules they obey.

        For example "Gaussian copula (SDV) · rebalanced sex 50/50 · 2 rules".

        Plain runs keep the bare generator name, so a rebalanced and an unbalanced run read apart side by side.
        """
        tags = [control_label(self.config.conditions, self.config.rebalance)]
        if self.config.rules:
            count = len(self.config.rules)
            tags.append(f"{count} rule{'s' if count > 1 else ''}")
        return " · ".join([self.generator_label, *(tag for tag in tags if tag)])

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: the Run manifest."""
        return {
            "format_version": RUN_FORMAT_VERSION,
            "run_id": self.run_id,
            "kind": self.kind,
            "fingerprint": self.fingerprint,
            "created_at": self.created_at,
            "data": {
                "name": self.data_name,
                "sha256": self.data_sha256,
                "real_rows": self.real_rows,
                "train_rows": self.train_rows,
                "holdout_rows": self.holdout_rows,
            },
            "config": {
                "generator": self.config.generator,
                "generator_label": self.generator_label,
                "params": self.config.params,
                "seed": self.config.seed,
                "rows": self.config.rows,
                "split_seed": self.config.split_seed,
                "holdout_share": self.config.holdout_share,
                "fit_rows": self.config.fit_rows,
                "conditions": [condition.to_dict() for condition in self.config.conditions],
                "rebalance": self.config.rebalance.to_dict() if self.config.rebalance else None,
                "rules": list(self.config.rules),
                "domain": self.config.domain,
                "rare_k": self.config.rare_k,
            },
            "synthetic_rows": self.synthetic_rows,
            "notes": list(self.notes),
            "rare_protection": self.rare_protection.to_dict() if self.rare_protection else None,
            "timings_seconds": self.timings,
            "versions": self.versions,
            "schema": self.schema.to_dict(),
            "results": {
                "fidelity": self.fidelity.to_dict() if self.fidelity else None,
                "privacy": self.privacy.to_dict() if self.privacy else None,
                "utility": self.utility.to_dict() if self.utility else None,
                "detection": asdict(self.detection) if self.detection else None,
                "other_detections": [asdict(result) for result in self.other_detections],
            },
        }

    def to_json(self) -> str:
        """The manifest as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=_json_default)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Run:
        """Rebuild a Run from its manifest."""
        config = data["config"]
        results = data.get("results", {})
        fidelity = results.get("fidelity")
        privacy = data.get("results", {}).get("privacy")
        return cls(
            run_id=data["run_id"],
            created_at=data["created_at"],
            data_name=data["data"]["name"],
            data_sha256=data["data"]["sha256"],
            config=RunConfig(
                generator=config["generator"],
                params=dict(config.get("params", {})),
                seed=int(config["seed"]),
                rows=config.get("rows"),
                split_seed=int(config["split_seed"]),
                holdout_share=float(config["holdout_share"]),
                fit_rows=config.get("fit_rows"),
                conditions=tuple(ConditionSpec.from_dict(entry) for entry in config.get("conditions", ())),
                rebalance=RebalanceSpec.from_dict(config["rebalance"]) if config.get("rebalance") else None,
                rules=tuple(config.get("rules", ())),
                domain=config.get("domain"),
                # A manifest without the key was made before protection existed, so without it: 0 reproduces it.
                rare_k=int(config.get("rare_k", 0)),
            ),
            generator_label=config.get("generator_label", config["generator"]),
            schema=TableSchema.from_dict(data["schema"]),
            real_rows=int(data["data"]["real_rows"]),
            train_rows=int(data["data"]["train_rows"]),
            holdout_rows=int(data["data"]["holdout_rows"]),
            synthetic_rows=int(data["synthetic_rows"]),
            timings=dict(data.get("timings_seconds", {})),
            versions=dict(data.get("versions", {})),
            fidelity=FidelityResult.from_dict(fidelity) if fidelity else None,
            privacy=PrivacyReview.from_dict(privacy) if privacy else None,
            fingerprint=data.get("fingerprint", ""),
            kind=data.get("kind", "generated"),
            notes=tuple(data.get("notes", ())),
            rare_protection=RareProtection.from_dict(data["rare_protection"]) if data.get("rare_protection") else None,
            utility=UtilityResult.from_dict(results["utility"]) if results.get("utility") else None,
            detection=_detection_from_dict(results["detection"]) if results.get("detection") else None,
            other_detections=tuple(_detection_from_dict(entry) for entry in results.get("other_detections") or ()),
        )

    @classmethod
    def from_json(cls, text: str) -> Run:
        """Parse a manifest written by `to_json`."""
        return cls.from_dict(json.loads(text))


@dataclass(frozen=True)
class RunOutcome:
    """What a pipeline run produces besides its Run: the data and the fitted model.

    Attributes:
        run: The Run record.
        synthetic: The synthetic rows.
        split: The real rows, split.
        generator: The fitted generator, to sample more rows from; None for external data.
    """

    run: Run
    synthetic: pd.DataFrame
    split: Split
    generator: Generator | None = None

    @property
    def compared_real(self) -> pd.DataFrame:
        """The real rows fidelity compares against: the training rows, or every real row for external data.

        Data made elsewhere was not made from our training split, so its fidelity is measured against
        the whole real table, as SDMetrics would, unless the rows it was kept from were given separately.
        """
        if self.run.kind == "external" and not self.run.config.params.get("holdout_given"):
            return pd.concat([self.split.train, self.split.holdout], ignore_index=True)
        return self.split.train


@dataclass(frozen=True)
class FailedRun:
    """A generator that failed, kept so the leaderboard can show its error.

    Attributes:
        generator: Registered generator name.
        label: Its display name.
        error: What went wrong, in plain words.
        fingerprint: The data, schema and split it was tried on.
    """

    generator: str
    label: str
    error: str
    fingerprint: str


def sha256_of(raw: bytes) -> str:
    """The SHA-256 fingerprint of a file's bytes."""
    return hashlib.sha256(raw).hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries that decide what a run produces."""
    versions = {"python": platform.python_version()}
    for package in _VERSIONED_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return versions


def _detection_from_dict(data: dict[str, Any]) -> DetectionResult:
    return DetectionResult(**{**data, "columns": tuple(data["columns"]), "left_out": tuple(data.get("left_out", ()))})


def run_fingerprint(data_sha256: str, schema: TableSchema, *, holdout_share: float, split_seed: int) -> str:
    """A short name for the data, schema and split a Run was made on."""
    payload = json.dumps(
        {"data": data_sha256, "schema": schema.to_dict(), "holdout_share": holdout_share, "split_seed": split_seed},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def formal_guarantee(run: Run) -> list[str]:
    """The formal privacy guarantee of the generator that made `run`, in plain sentences.

    Empty for generators without one, and for synthetic data made elsewhere (no generator of ours made it).
    """
    if run.kind != "generated":
        return []
    registered = generators.registry().get(run.config.generator)
    return registered.guarantee(run.config.params, run.config.domain, run.schema) if registered else []
