"""Runs: one generator configuration applied to one dataset, with its provenance and results.

A Run serialises to JSON (the manifest), so the Compare page, the report and the command line all
read the same object. A Run's fingerprint names the data, schema and split it was made on: only
Runs that share a fingerprint are compared, and a schema edit makes earlier Runs stale.
"""

from __future__ import annotations

import hashlib
import json
import math
import platform
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from importlib import metadata
from typing import Any, Literal

import pandas as pd

from synth_core import generators
from synth_core.errors import SchemaError, SynthStudioError
from synth_core.evaluation.fidelity import FidelityResult
from synth_core.evaluation.fidelity_details import DetectionResult
from synth_core.evaluation.privacy_review import PrivacyReview
from synth_core.evaluation.utility import UtilityResult
from synth_core.generators.base import Generator
from synth_core.limits import check_limit
from synth_core.rare_values import DEFAULT_RARE_K, RareProtection
from synth_core.rebalance import ConditionSpec, RebalanceSpec, control_label
from synth_core.rules import rules_from_dicts
from synth_core.schema import TableSchema
from synth_core.split import DEFAULT_HOLDOUT_SHARE, MAX_HOLDOUT_SHARE, MIN_HOLDOUT_SHARE, Split

RUN_FORMAT_VERSION = 1
RunKind = Literal["generated", "external"]
RUN_KINDS = ("generated", "external")
# Run ids are `uuid4().hex[:12]`: nothing else may pass, as an id names folders in bundles and files.
RUN_ID = re.compile(r"[0-9a-f]{12}")
SHA256 = re.compile(r"[0-9a-f]{64}")
FINGERPRINT = re.compile(r"[0-9a-f]{16}")
MAX_SEED = 2**32 - 1  # numpy's seeds
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
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
        claimed_by: The file (bundle or manifest) whose stored scores the Run shows: claims of that file,
            not computed here, until they are recomputed (`pipeline.recompute_results`). None when every
            score was computed by this app. Never read from a file, so a file cannot vouch for itself.
    """

    run: Run
    synthetic: pd.DataFrame
    split: Split
    generator: Generator | None = None
    claimed_by: str | None = None

    @property
    def compared_real(self) -> pd.DataFrame:
        """The real rows fidelity compares against: the training rows, or every real row for external data.

        Data made elsewhere was not made from our training split, so its fidelity is measured against
        the whole real table, as SDMetrics would, unless the rows it was kept from were given separately.
        """
        if self.run.kind == "external" and not self.run.config.params.get("holdout_given"):
            return pd.concat([self.split.train, self.split.holdout], ignore_index=True)
        return self.split.train


class ManifestError(SynthStudioError, ValueError):
    """A run manifest (run.json, alone or in a bundle) cannot be used; the message lists every problem.

    Attributes:
        source: The file, as the message names it ("'run.json'").
        problems: Each problem, naming the field and what it must be.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(
            f"{source} is not a run manifest this app can use:\n{lines}\n"
            "Use the run.json the app exported, unchanged, or fix the fields named above."
        )

    def __reduce__(self) -> tuple[type, tuple[str, list[str]]]:
        """Rebuild from the parts, so the error survives a trip from a job's worker intact."""
        return type(self), (self.source, self.problems)


def read_manifest(raw: bytes | str, *, source: str) -> Run:
    """Read a run manifest from a file, checking every field before anything uses it.

    A manifest may come from anyone, so its size and nesting are checked before it is parsed, and each
    field's type and range after: the run id has the app's format, the generator is registered and takes
    the parameters, seeds, rows and the holdout share are in range, the data's SHA-256 is one. The
    server's caps on epochs and rows are checked where the run starts (`pipeline.check_run_limits`).

    Args:
        raw: The file's bytes or text.
        source: The file as messages name it, quoted ("'run.json'").

    Raises:
        ManifestError: Listing every problem found.
        LimitExceededError: The file is larger, or nested deeper, than the server's caps.
    """
    size = len(raw) if isinstance(raw, bytes) else len(raw.encode("utf-8", "replace"))
    check_limit(f"{source} has", "manifest_mb", size / 2**20)
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise ManifestError(source, ["It is not UTF-8 text."]) from None
    check_limit(f"{source} has", "json_depth", json_nesting_depth(text))
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ManifestError(source, [f"It is not valid JSON ({error})."]) from None
    problems = manifest_problems(data)
    if problems:
        raise ManifestError(source, problems)
    try:
        return Run.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError, SynthStudioError) as error:
        raise ManifestError(source, [f"A field cannot be read ({type(error).__name__}: {error})."]) from None


def json_nesting_depth(text: str) -> int:
    """How deeply the JSON text nests arrays and objects, counted without parsing it (brackets in strings skipped)."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub('""', text))
    depth = deepest = 0
    for bracket in brackets:
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def manifest_problems(data: Any) -> list[str]:
    """Every field of a manifest that has the wrong type or is out of range, each naming the field."""
    if not isinstance(data, dict):
        return ["It holds no JSON object; a manifest is one."]
    problems = _whole_problems("format_version", data.get("format_version", RUN_FORMAT_VERSION), 1, RUN_FORMAT_VERSION)
    run_id = data.get("run_id")
    if not isinstance(run_id, str) or RUN_ID.fullmatch(run_id) is None:
        problems.append(
            f"run_id must be 12 lowercase hexadecimal characters, as the app makes them; got {_shown(run_id)}."
        )
    kind = data.get("kind", "generated")
    if kind not in RUN_KINDS:
        problems.append(f"kind must be one of {', '.join(RUN_KINDS)}; got {_shown(kind)}.")
    fingerprint = data.get("fingerprint", "")
    if not isinstance(fingerprint, str) or (fingerprint and FINGERPRINT.fullmatch(fingerprint) is None):
        problems.append(f"fingerprint must be 16 lowercase hexadecimal characters; got {_shown(fingerprint)}.")
    created = data.get("created_at")
    if not isinstance(created, str) or not _is_timestamp(created):
        problems.append(f"created_at must be a date and time (ISO 8601); got {_shown(created)}.")
    problems += _data_problems(data.get("data"))
    problems += _config_problems(data.get("config"), kind)
    problems += _whole_problems("synthetic_rows", data.get("synthetic_rows"), 0, None)
    problems += _schema_problems(data.get("schema"))
    return problems + _shape_problems(data)


def _whole_problems(field_name: str, value: Any, low: int, high: int | None, *, optional: bool = False) -> list[str]:
    """A problem if `value` is not a whole number from `low` to `high` (None: no upper bound)."""
    if optional and value is None:
        return []
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
        bounds = f"from {low:,} to {high:,}" if high is not None else f"from {low:,} up"
        return [f"{field_name} must be a whole number {bounds}; got {_shown(value)}."]
    return []


def _shape_problems(data: dict[str, Any]) -> list[str]:
    """Problems of the fields that only record: notes, timings and versions."""
    problems: list[str] = []
    notes = data.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        problems.append("notes must be a list of texts.")
    timings = data.get("timings_seconds", {})
    if not isinstance(timings, dict) or not all(_is_number(seconds) for seconds in timings.values()):
        problems.append("timings_seconds must be an object of seconds by step.")
    versions = data.get("versions", {})
    if not isinstance(versions, dict) or not all(isinstance(version, str) for version in versions.values()):
        problems.append("versions must be an object of version texts by package.")
    results = data.get("results", {})
    if results is not None and not isinstance(results, dict):
        problems.append("results must be an object.")
    return problems


def _data_problems(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return ["data must be an object with name, sha256 and row counts."]
    problems: list[str] = []
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        problems.append("data.name must be the data file's name.")
    sha = data.get("sha256")
    if not isinstance(sha, str) or SHA256.fullmatch(sha) is None:
        problems.append(f"data.sha256 must be a SHA-256 (64 lowercase hexadecimal characters); got {_shown(sha)}.")
    for name in ("real_rows", "train_rows", "holdout_rows"):
        problems += _whole_problems(f"data.{name}", data.get(name), 0, None)
    return problems


def _config_problems(config: Any, kind: Any) -> list[str]:
    if not isinstance(config, dict):
        return ["config must be an object with the generator and its settings."]
    problems: list[str] = []
    generator = config.get("generator")
    params = config.get("params", {})
    if not isinstance(params, dict):
        problems.append("config.params must be an object of parameter values by name.")
        params = {}
    if kind == "external":
        if generator != "external":
            problems.append(f"config.generator must be 'external' for outside data; got {_shown(generator)}.")
    else:
        problems += _generator_problems(generator, params, config.get("domain"))
    problems += _whole_problems("config.seed", config.get("seed"), 0, MAX_SEED)
    problems += _whole_problems("config.split_seed", config.get("split_seed"), 0, MAX_SEED)
    problems += _whole_problems("config.rows", config.get("rows"), 1, None, optional=True)
    problems += _whole_problems("config.fit_rows", config.get("fit_rows"), 1, None, optional=True)
    problems += _whole_problems("config.rare_k", config.get("rare_k", 0), 0, None)
    share = config.get("holdout_share")
    if not _is_number(share) or not MIN_HOLDOUT_SHARE <= share <= MAX_HOLDOUT_SHARE:
        problems.append(
            f"config.holdout_share must be a number from {MIN_HOLDOUT_SHARE} to {MAX_HOLDOUT_SHARE}; "
            f"got {_shown(share)}."
        )
    problems += _controls_problems(config)
    return problems


def _generator_problems(generator: Any, params: dict[str, Any], domain: Any) -> list[str]:
    registry = generators.registry()
    if not isinstance(generator, str) or generator not in registry:
        known = ", ".join(registry)
        return [f"config.generator must be one of this app's generators ({known}); got {_shown(generator)}."]
    generator_class = registry[generator]
    extra = {"domain": domain} if domain is not None and generator_class.uses_declared_domain else {}
    try:
        generator_class(**params, **extra)  # stores and checks the parameters only
    except (SynthStudioError, TypeError, ValueError) as error:
        return [f"config.params: {error}"]
    return []


def _controls_problems(config: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    try:
        conditions = [ConditionSpec.from_dict(entry) for entry in config.get("conditions") or ()]
        if any(condition.rows < 1 for condition in conditions):
            problems.append("config.conditions: every condition must ask for at least 1 row.")
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        problems.append(f"config.conditions must be a list of {{values, rows}} objects ({error}).")
    try:
        if config.get("rebalance"):
            RebalanceSpec.from_dict(config["rebalance"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        problems.append(f"config.rebalance must be {{column, shares}} ({error}).")
    try:
        rules_from_dicts(config.get("rules") or ())
    except (KeyError, TypeError, ValueError, AttributeError, SynthStudioError) as error:
        problems.append(f"config.rules must be a list of rules as the app writes them ({error}).")
    if config.get("domain") is not None and not isinstance(config["domain"], dict):
        problems.append("config.domain must be an object or null.")
    return problems


def _schema_problems(schema: Any) -> list[str]:
    if not isinstance(schema, dict) or not isinstance(schema.get("columns"), list):
        return ["schema must be an object with a list of columns."]
    if not all(isinstance(entry, dict) and isinstance(entry.get("name"), str) for entry in schema["columns"]):
        return ["schema.columns must be objects, each with a name."]
    names = [entry["name"] for entry in schema["columns"]]
    if len(set(names)) != len(names):
        return ["schema.columns names a column more than once."]
    try:
        TableSchema.from_dict(schema)
    except SchemaError as error:
        return [f"schema: {problem}" for problem in error.problems]
    except (SynthStudioError, TypeError, ValueError) as error:
        return [f"schema: {error}"]
    return []


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_timestamp(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _shown(value: Any) -> str:
    """A value from the file, quoted and cut short, for a message."""
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else f"{text[:57]}…"


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
