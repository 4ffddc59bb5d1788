"""The one orchestrator: table → schema → seeded split → fit → sample → evaluate → Run.

The dashboard's pages and the command line both call these functions; neither wires the steps
itself, so what the app shows is what a script reproduces. Each step is its own function, and
`run_pipeline` chains them.
"""

from __future__ import annotations

import hashlib
import json
import platform
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

import pandas as pd

from synth_core import generators
from synth_core.evaluation.attacks import AttackSettings, calculate_attack_risks
from synth_core.evaluation.fidelity import FidelityResult, calculate_fidelity
from synth_core.evaluation.privacy import PrivacyDistances, PrivacySettings, calculate_distance_privacy
from synth_core.evaluation.privacy_review import PrivacyReview
from synth_core.evaluation.verdict import PrivacyThresholds
from synth_core.generators.base import Generator, ProgressCallback
from synth_core.schema import TableSchema
from synth_core.split import DEFAULT_HOLDOUT_SHARE, Split, train_holdout

RUN_FORMAT_VERSION = 1
_VERSIONED_PACKAGES = (
    "synth-studio", "sdv", "sdmetrics", "rdt", "ctgan", "copulas", "pandas", "numpy", "scikit-learn", "torch",
    "faker",
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
    """

    generator: str
    params: dict[str, Any] = field(default_factory=dict)
    seed: int = 0
    rows: int | None = None
    split_seed: int = 0
    holdout_share: float = DEFAULT_HOLDOUT_SHARE


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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: the Run manifest."""
        return {
            "format_version": RUN_FORMAT_VERSION,
            "run_id": self.run_id,
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
            },
            "synthetic_rows": self.synthetic_rows,
            "timings_seconds": self.timings,
            "versions": self.versions,
            "schema": self.schema.to_dict(),
            "results": {
                "fidelity": self.fidelity.to_dict() if self.fidelity else None,
                "privacy": self.privacy.to_dict() if self.privacy else None,
            },
        }

    def to_json(self) -> str:
        """The manifest as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=_json_default)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Run:
        """Rebuild a Run from its manifest."""
        config = data["config"]
        fidelity = data.get("results", {}).get("fidelity")
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
        generator: The fitted generator, to sample more rows from.
    """

    run: Run
    synthetic: pd.DataFrame
    split: Split
    generator: Generator


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


def split_data(frame: pd.DataFrame, schema: TableSchema, *, holdout_share: float, split_seed: int) -> Split:
    """Check the schema against the data, then split it reproducibly.

    Raises:
        SchemaError: Listing every problem of the schema.
        ValueError: The share or the table size does not allow a split.
    """
    schema.validate(frame)
    return train_holdout(frame, holdout_share=holdout_share, seed=split_seed)


def fit_generator(
    train: pd.DataFrame, schema: TableSchema, config: RunConfig, progress: ProgressCallback | None = None
) -> Generator:
    """Build the configured generator and fit it on the training rows."""
    generator_class = generators.get(config.generator)
    return generator_class(**config.params).fit(train, schema=schema, seed=config.seed, progress=progress)


def run_pipeline(
    frame: pd.DataFrame,
    *,
    schema: TableSchema,
    config: RunConfig,
    data_name: str = "table",
    data_sha256: str | None = None,
    evaluate: bool = True,
    progress: ProgressCallback | None = None,
) -> RunOutcome:
    """Split, fit, sample and evaluate: one Run.

    Args:
        frame: The real table.
        schema: The schema, with the user's overrides.
        config: Generator, parameters, seeds, rows and holdout share.
        data_name: The file or sample name, for the record.
        data_sha256: Fingerprint of the file, for reproduction; by default that of the table as CSV.
        evaluate: Whether to compute fidelity.
        progress: Called with (fraction of the whole run done, message).

    Returns:
        The Run with the synthetic data, the split and the fitted generator.
    """
    report = progress or (lambda fraction, message: None)
    timings: dict[str, float] = {}

    started = time.perf_counter()
    split = split_data(frame, schema, holdout_share=config.holdout_share, split_seed=config.split_seed)
    timings["split"] = time.perf_counter() - started

    started = time.perf_counter()
    generator = fit_generator(split.train, schema, config, _scaled(report, 0.0, 0.75))
    timings["fit"] = time.perf_counter() - started

    rows = config.rows or len(split.train)
    report(0.78, f"Sampling {rows:,} rows")
    started = time.perf_counter()
    synthetic = generator.sample(rows, seed=config.seed)
    timings["sample"] = time.perf_counter() - started

    fidelity = None
    if evaluate:
        started = time.perf_counter()
        fidelity = calculate_fidelity(split.train, synthetic, schema=schema, progress=_scaled(report, 0.85, 1.0))
        timings["fidelity"] = time.perf_counter() - started
    report(1.0, "Done")

    run = Run(
        run_id=uuid.uuid4().hex[:12],
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        data_name=data_name,
        data_sha256=data_sha256 or sha256_of(frame.to_csv(index=False).encode("utf-8")),
        config=config,
        generator_label=type(generator).label,
        schema=schema,
        real_rows=len(frame),
        train_rows=len(split.train),
        holdout_rows=len(split.holdout),
        synthetic_rows=len(synthetic),
        timings={step: round(seconds, 3) for step, seconds in timings.items()},
        versions=library_versions(),
        fidelity=fidelity,
    )
    return RunOutcome(run=run, synthetic=synthetic, split=split, generator=generator)


def review_privacy(
    outcome: RunOutcome,
    *,
    settings: PrivacySettings | None = None,
    thresholds: PrivacyThresholds | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[RunOutcome, PrivacyDistances]:
    """Compute the distance-based privacy evidence for a run and attach it to the Run.

    Returns:
        The outcome with its Run's privacy review set (attacks from an earlier review are dropped,
        since they belong to other settings), and the raw distances for plots.
    """
    settings = settings or PrivacySettings()
    distances, raw = calculate_distance_privacy(
        outcome.split.train,
        outcome.split.holdout,
        outcome.synthetic,
        schema=outcome.run.schema,
        settings=settings,
        progress=progress,
    )
    review = PrivacyReview(distances=distances, settings=settings, thresholds=thresholds or PrivacyThresholds())
    return replace(outcome, run=replace(outcome.run, privacy=review)), raw


def run_attacks(
    outcome: RunOutcome, *, settings: AttackSettings | None = None, progress: ProgressCallback | None = None
) -> RunOutcome:
    """Run the anonymeter attacks for a run whose distance evidence exists, and attach their risks.

    Raises:
        ValueError: The run has no privacy review yet.
    """
    review = outcome.run.privacy
    if review is None:
        raise ValueError("Compute the distance-based privacy evidence first (review_privacy).")
    settings = settings or AttackSettings(seed=review.settings.seed)
    schema = outcome.run.schema
    risks = calculate_attack_risks(
        outcome.split.train,
        outcome.split.holdout,
        outcome.synthetic,
        columns=schema.modelled_columns,
        settings=settings,
        target=schema.target,
        progress=progress,
    )
    updated = replace(review, attacks=tuple(risks), attack_settings=settings)
    return replace(outcome, run=replace(outcome.run, privacy=updated))


def _scaled(progress: ProgressCallback, start: float, end: float) -> ProgressCallback:
    """Map a step's own 0-to-1 progress onto its part of the whole run."""

    def report(fraction: float, message: str) -> None:
        progress(start + (end - start) * min(max(fraction, 0.0), 1.0), message)

    return report


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)
