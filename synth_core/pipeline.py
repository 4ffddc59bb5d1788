"""The one orchestrator: table → schema → seeded split → fit → sample → evaluate → Run.

The dashboard's pages and the command line both call these functions; neither wires the steps
itself, so what the app shows is what a script reproduces. Each step is its own function, and
`run_pipeline` chains them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from synth_core import generators
from synth_core.bundle import read_bundle
from synth_core.errors import SchemaError, SynthStudioError
from synth_core.evaluation.attacks import AttackSettings, calculate_attack_risks
from synth_core.evaluation.fidelity import calculate_fidelity
from synth_core.evaluation.fidelity_details import Detector, calculate_detection_auc
from synth_core.evaluation.personal_exposure import learnt_personal_columns
from synth_core.evaluation.privacy import PrivacyDistances, PrivacySettings, calculate_distance_privacy
from synth_core.evaluation.privacy_review import PrivacyReview
from synth_core.evaluation.utility import TaskKind, calculate_utility
from synth_core.evaluation.verdict import PrivacyThresholds
from synth_core.generators.base import Generator
from synth_core.limits import check_limit
from synth_core.progress import ProgressCallback, reporter, scaled
from synth_core.rare_values import RareProtection, not_protected, protect_rare_values
from synth_core.rebalance import rebalance
from synth_core.rules import rules_from_dicts
from synth_core.runs import (
    FailedRun,
    Run,
    RunConfig,
    RunOutcome,
    formal_guarantee,
    library_versions,
    read_manifest,
    run_fingerprint,
    sha256_of,
)
from synth_core.schema import ColumnRole, TableSchema
from synth_core.split import DEFAULT_HOLDOUT_SHARE, Split, train_holdout

# Above this many rows the command line samples in chunks of this size, streaming them to disk.
STREAM_CHUNK_ROWS = 100_000

__all__ = [
    "FailedRun",
    "Generated",
    "Run",
    "RunConfig",
    "RunOutcome",
    "assess_detection",
    "assess_utility",
    "check_run_limits",
    "complete_evaluation",
    "evaluate_external",
    "fit_and_sample",
    "fit_generator",
    "fit_with_protection",
    "open_saved_run",
    "read_saved_run",
    "recompute_results",
    "review_privacy",
    "run_attacks",
    "run_pipeline",
    "sample_as_configured",
    "sample_chunks",
    "sha256_of",
    "split_data",
    "stream_sample",
    "try_all_generators",
]


@contextmanager
def timed(timings: dict[str, float], step: str) -> Iterator[None]:
    """Record how many seconds the block took in `timings[step]`."""
    started = time.perf_counter()
    yield
    timings[step] = time.perf_counter() - started


def split_data(
    frame: pd.DataFrame, schema: TableSchema, *, holdout_share: float, split_seed: int, data_name: str | None = None
) -> Split:
    """Check the schema against the data, then split it reproducibly.

    Raises:
        SchemaError: Listing every problem of the schema.
        TooFewRowsError: The table is too small to learn from and keep rows aside (naming `data_name`).
        ValueError: The share is out of range.
    """
    schema.validate(frame)
    return train_holdout(frame, holdout_share=holdout_share, seed=split_seed, name=data_name)


def fit_generator(
    train: pd.DataFrame, schema: TableSchema, config: RunConfig, progress: ProgressCallback | None = None
) -> Generator:
    """Build the configured generator and fit it on the training rows, with the configured rules.

    Rare values are replaced first, as `config.rare_k` says (see `fit_with_protection`).
    """
    return fit_with_protection(train, schema, config, progress)[0]


def fit_with_protection(
    train: pd.DataFrame, schema: TableSchema, config: RunConfig, progress: ProgressCallback | None = None
) -> tuple[Generator, RareProtection]:
    """Replace rare values (for generators that protect them), then build and fit the configured generator.

    Every fit of a configured run goes through here, so a reproduced or reopened run replaces exactly
    what the original did (the draws follow `config.seed`).

    Returns:
        The fitted generator, and what protection replaced (for the Run and its notes).
    """
    generator_class = generators.get(config.generator)
    rules = rules_from_dicts(config.rules)
    if generator_class.protects_rare_values:
        train, protection = protect_rare_values(train, schema, k=config.rare_k, seed=config.seed, rules=rules)
    else:
        protection = not_protected(generator_class.rare_values_note)
    # Only the DP generators take a declared domain; the others ignore it (run_pipeline notes that).
    domain = {"domain": config.domain} if config.domain is not None and generator_class.uses_declared_domain else {}
    generator = generator_class(**config.params, **domain).fit(
        train, schema=schema, seed=config.seed, progress=progress, rules=rules
    )
    return generator, protection


@dataclass(frozen=True)
class Generated:
    """What splitting, fitting and sampling as a config says gives, before any evaluation.

    Attributes:
        split: The real rows, split.
        generator: The fitted generator, with the holdout people kept out of its fake personal values.
        protection: What rare-value protection replaced before the fit.
        synthetic: The synthetic rows; only the first chunk when they were streamed to a file.
        rows: How many synthetic rows were made in all.
        notes: What a reader of the Run should know about how the rows were made.
        timings: Seconds spent on each step ("split", "fit", "sample").
    """

    split: Split
    generator: Generator
    protection: RareProtection
    synthetic: pd.DataFrame
    rows: int
    notes: tuple[str, ...]
    timings: dict[str, float]


def fit_and_sample(
    frame: pd.DataFrame,
    schema: TableSchema,
    config: RunConfig,
    *,
    data_name: str | None = None,
    stream_to: Path | None = None,
    chunk_rows: int | None = None,
    fit_progress: ProgressCallback | None = None,
    sample_progress: ProgressCallback | None = None,
) -> Generated:
    """Split, fit and sample as a run's config says: the one way a run's synthetic rows are made.

    `run_pipeline`, `open_saved_run` (a manifest reopened on the Compare page) and the command line's
    `generate` and `reproduce` all come through here, so the same data and config give the same rows
    whichever makes them: the same split; the same `fit_rows` subsample of the training rows (drawn
    with `config.seed`); the same fit with rare values protected; the holdout people kept out; and the
    same sampling: with the config's conditions or rebalancing, or else in chunks of `chunk_rows` rows,
    chunk i seeded `config.seed + i`, with keys running on from chunk to chunk.

    Args:
        frame: The real table.
        schema: The schema, with the user's overrides.
        config: Generator, parameters, seeds, rows and holdout share.
        data_name: The file or sample name, for error messages.
        stream_to: A CSV path. When there is more than one chunk, the chunks are written there as they
            are sampled and only the first is kept in memory (the notes say so).
        chunk_rows: Rows per sampled chunk; `STREAM_CHUNK_ROWS` by default.
        fit_progress: Called with (fraction of the fit done, message).
        sample_progress: Called with (fraction of the sampling done, message).

    Returns:
        The split, the fitted generator, the synthetic rows, and the notes and timings for the Run.

    Raises:
        LimitExceededError: The config asks for more epochs or synthetic rows than the server's caps.
    """
    check_run_limits(config)  # before any work, however the run started
    timings: dict[str, float] = {}
    with timed(timings, "split"):
        split = split_data(
            frame, schema, holdout_share=config.holdout_share, split_seed=config.split_seed, data_name=data_name
        )

    notes: tuple[str, ...] = ()
    fit_on = split.train
    if config.fit_rows is not None and config.fit_rows < len(split.train):
        # Chosen up front to keep a costly fit within time and memory; every score still uses all training rows.
        fit_on = split.train.sample(config.fit_rows, random_state=config.seed).sort_index()
        notes += (
            f"Fitted on a random subsample of {config.fit_rows:,} of the {len(split.train):,} training rows; "
            "fidelity, privacy and utility compare with all of them.",
        )
    with timed(timings, "fit"):
        generator, protection = fit_with_protection(fit_on, schema, config, fit_progress)
        generator.keep_out(split.holdout)  # no fake name or birth date equals a holdout person's either
    notes += generator.run_notes()
    if config.domain is not None and not generator.uses_declared_domain:
        notes += (f"{generator.label} does not use the declared domain set for this run; it learns from the data.",)
    if config.rules and not generator.enforces_rules:
        notes += (
            f"{generator.label} does not enforce rules: it ignores the {len(config.rules)} rule(s) set for this run.",
        )

    rows = sum(condition.rows for condition in config.conditions) or config.rows or len(split.train)
    reporter(sample_progress)(0.0, f"Sampling {rows:,} rows")
    with timed(timings, "sample"):
        synthetic, sampled_notes = sample_as_configured(
            generator, config, rows, chunk_rows=chunk_rows, stream_to=stream_to, progress=sample_progress
        )
    notes += sampled_notes
    notes += (protection.note(),) if protection.note() else ()  # last: the earlier notes keep their positions
    return Generated(
        split=split,
        generator=generator,
        protection=protection,
        synthetic=synthetic,
        rows=rows,
        notes=notes,
        timings=timings,
    )


def run_pipeline(
    frame: pd.DataFrame,
    *,
    schema: TableSchema,
    config: RunConfig,
    data_name: str = "table",
    data_sha256: str | None = None,
    evaluate: bool = True,
    stream_to: Path | None = None,
    progress: ProgressCallback | None = None,
) -> RunOutcome:
    """Split, fit, sample and evaluate: one Run.

    The rows are made by `fit_and_sample`, as every way of making or remaking a run's rows does.

    Args:
        frame: The real table.
        schema: The schema, with the user's overrides.
        config: Generator, parameters, seeds, rows and holdout share.
        data_name: The file or sample name, for the record.
        data_sha256: Fingerprint of the file, for reproduction; by default that of the table as CSV.
        evaluate: Whether to compute fidelity.
        stream_to: A CSV path. When more than `STREAM_CHUNK_ROWS` rows are asked for, they are sampled
            in chunks straight to this file, the outcome keeps only the first chunk, and fidelity is
            measured on it (the Run's notes say so).
        progress: Called with (fraction of the whole run done, message).

    Returns:
        The Run with the synthetic data, the split and the fitted generator.
    """
    report = reporter(progress)
    generated = fit_and_sample(
        frame,
        schema,
        config,
        data_name=data_name,
        stream_to=stream_to,
        fit_progress=scaled(report, 0.0, 0.75),
        sample_progress=scaled(report, 0.78, 0.85),
    )
    split, synthetic, timings = generated.split, generated.synthetic, dict(generated.timings)

    fidelity = None
    if evaluate:
        with timed(timings, "fidelity"):
            fidelity = calculate_fidelity(split.train, synthetic, schema=schema, progress=scaled(report, 0.85, 1.0))
    report(1.0, "Done")

    data_sha256 = data_sha256 or sha256_of(frame.to_csv(index=False).encode("utf-8"))
    run = Run(
        run_id=uuid.uuid4().hex[:12],
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        data_name=data_name,
        data_sha256=data_sha256,
        config=config,
        generator_label=type(generated.generator).label,
        schema=schema,
        real_rows=len(frame),
        train_rows=len(split.train),
        holdout_rows=len(split.holdout),
        synthetic_rows=generated.rows,
        timings={step: round(seconds, 3) for step, seconds in timings.items()},
        notes=generated.notes,
        rare_protection=generated.protection,
        versions=library_versions(),
        fidelity=fidelity,
        fingerprint=run_fingerprint(
            data_sha256, schema, holdout_share=config.holdout_share, split_seed=config.split_seed
        ),
    )
    return RunOutcome(run=run, synthetic=synthetic, split=split, generator=generated.generator)


def sample_as_configured(
    generator: Generator,
    config: RunConfig,
    rows: int,
    *,
    chunk_rows: int | None = None,
    stream_to: Path | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Sample as the config says: with its conditions, rebalanced, or plainly in seeded chunks.

    Plain rows come in chunks of `chunk_rows` (`STREAM_CHUNK_ROWS` by default), chunk i seeded
    `config.seed + i` (see `sample_chunks`), whether they are kept in memory or streamed to `stream_to`,
    so both give the same rows.

    Args:
        generator: The fitted generator.
        config: The run's config (seed, conditions, rebalancing).
        rows: How many rows to make (conditions set their own).
        chunk_rows: Rows per chunk.
        stream_to: A CSV path to write the chunks to when there is more than one; then only the first
            chunk is returned.
        progress: Called with (fraction of the rows sampled, message) after each chunk.

    Returns:
        The rows, and notes for the Run saying how they were controlled or streamed.

    Raises:
        SynthStudioError: The config asks for both conditions and rebalancing.
    """
    if config.conditions and config.rebalance:
        raise SynthStudioError("Choose either conditions or rebalancing for one run, not both.")
    if config.conditions:
        conditions = [(condition.values, condition.rows) for condition in config.conditions]
        synthetic = generator.sample_conditions(conditions, seed=config.seed)
        described = "; ".join(condition.describe() for condition in config.conditions)
        return synthetic, (
            f"Conditioned: the model made {described}. Fidelity compares with every training row, so it "
            "differs from the real data by design.",
        )
    if config.rebalance:
        spec = config.rebalance
        synthetic = rebalance(generator, spec.column, dict(spec.shares), rows, seed=config.seed)
        return synthetic, (
            f"Rebalanced: {spec.describe()}, every row drawn from the model by conditional sampling "
            "(no real rows resampled). Fidelity compares with the training rows, whose shares differ by design.",
        )
    chunk_rows = chunk_rows or STREAM_CHUNK_ROWS  # read when called, so the module's setting holds
    if rows <= chunk_rows:
        return generator.sample(rows, seed=config.seed), ()  # the one chunk: seed + 0, keys from 1
    if stream_to is not None:
        first = stream_sample(
            generator, rows, seed=config.seed, path=stream_to, chunk_rows=chunk_rows, progress=progress
        )
        return first, (
            f"Sampled in chunks of {chunk_rows:,} rows straight to disk; fidelity is measured on the first "
            f"{len(first):,} rows.",
        )
    chunks = sample_chunks(generator, rows, seed=config.seed, chunk_rows=chunk_rows, progress=progress)
    return pd.concat(list(chunks), ignore_index=True), ()


def sample_chunks(
    generator: Generator, rows: int, *, seed: int, chunk_rows: int, progress: ProgressCallback | None = None
) -> Iterator[pd.DataFrame]:
    """Sample `rows` rows chunk by chunk: chunk i with seed `seed + i`, its keys running on from the last chunk's.

    The rows depend only on the seed and the chunk size, never on where the chunks go.

    Yields:
        Each chunk in turn; progress is reported once the consumer has taken it.
    """
    report = reporter(progress)
    for index, start in enumerate(range(0, rows, chunk_rows)):
        size = min(chunk_rows, rows - start)
        yield generator.sample(size, seed=seed + index, first_key=start + 1)
        report((start + size) / rows, f"Sampled {start + size:,} of {rows:,} rows")


def stream_sample(
    generator: Generator,
    rows: int,
    *,
    seed: int,
    path: Path,
    chunk_rows: int | None = None,
    progress: ProgressCallback | None = None,
) -> pd.DataFrame:
    """Sample many rows in chunks straight to a CSV file, so memory stays bounded by the chunk size.

    The chunks are `sample_chunks`' (`STREAM_CHUNK_ROWS` rows each by default), so the file is the
    same bytes every time for the same seed and chunk size.

    Returns:
        The first chunk, for evaluation and previews.
    """
    first: pd.DataFrame | None = None
    chunks = sample_chunks(generator, rows, seed=seed, chunk_rows=chunk_rows or STREAM_CHUNK_ROWS, progress=progress)
    with path.open("w", encoding="utf-8", newline="") as handle:
        for index, chunk in enumerate(chunks):
            chunk.to_csv(handle, index=False, header=index == 0)
            if first is None:
                first = chunk
    return first if first is not None else pd.DataFrame()


def check_run_limits(config: RunConfig, *, subject: str = "This run asks for") -> None:
    """Refuse a run that asks for more epochs or synthetic rows than the server's caps.

    Every run comes through here however it starts (the Generate page, the command line, a reopened
    manifest or bundle): `fit_and_sample` calls it before any work. Values that are not numbers are left
    to the generator's own checks.

    Args:
        config: The run's configuration.
        subject: Who asks, with the verb, to start the message ("The manifest 'run.json' asks for").

    Raises:
        LimitExceededError: Naming the cap, its value and the environment variable that raises it.
    """
    epochs = config.params.get("epochs")
    if isinstance(epochs, int | float | str) and not isinstance(epochs, bool):
        try:
            asked = float(epochs)
        except ValueError:
            asked = None
        if asked is not None:
            check_limit(subject, "epochs", asked)
    rows = sum(condition.rows for condition in config.conditions) or config.rows
    if rows is not None:
        check_limit(subject, "synthetic_rows", rows)


def read_saved_run(raw: bytes, *, name: str, data_sha256: str) -> Run:
    """The Run a saved manifest (JSON) describes, checked before anything starts: fields, data and caps.

    A bundle's Run is read with its rows by `open_saved_run` (its checks hash every member, so they run
    as a job); this is for the page to estimate and confirm a manifest's run before reproducing it.

    Raises:
        ManifestError: A field has the wrong type or is out of range (every one named).
        SynthStudioError: It was made from other data, or describes outside data.
        LimitExceededError: It asks for more than the server's caps.
    """
    run = read_manifest(raw, source=f"'{name}'")
    _check_saved_run(run, name=name, data_sha256=data_sha256, has_rows=False)
    return run


def open_saved_run(
    frame: pd.DataFrame, raw: bytes, *, name: str, data_sha256: str, config: RunConfig | None = None
) -> RunOutcome:
    """Carry on from a saved audit bundle (ZIP) or Run manifest (JSON), with the real data it was made from.

    Everything in the file is checked first (`bundle.read_bundle`, `runs.read_manifest`). A bundle brings
    its synthetic rows; a manifest alone is reproduced through `fit_and_sample`, as `synth-studio reproduce`
    does, so it gives the same rows (every one, in memory, even when the original streamed them to a file).
    The scores stored in the file are kept, as claims of that file (`RunOutcome.claimed_by`) until recomputed.

    Args:
        frame: The real table.
        raw: The file's bytes.
        name: Its file name; a name ending in .zip is a bundle.
        data_sha256: SHA-256 of the real table's file.
        config: A smaller run the user chose for a manifest instead of the one it asks for (a fit subsample
            or fewer rows). It is then a new run of this app, made and scored here, with a note.

    Raises:
        SynthStudioError: The file is not a bundle or manifest (every problem named), it was altered,
            or it was made from other data.
        LimitExceededError: It asks for more than the server's caps.
    """
    if name.lower().endswith(".zip"):
        run, synthetic = read_bundle(raw, name=name)
        _check_saved_run(run, name=name, data_sha256=data_sha256, has_rows=True)
        split = split_data(frame, run.schema, holdout_share=run.config.holdout_share, split_seed=run.config.split_seed)
        return RunOutcome(run=run, synthetic=synthetic, split=split, generator=None, claimed_by=_claimer(run, name))
    run = read_saved_run(raw, name=name, data_sha256=data_sha256)
    if config is not None and config != run.config:
        outcome = run_pipeline(
            frame, schema=run.schema, config=config, data_name=run.data_name, data_sha256=data_sha256
        )
        note = f"Made from the manifest '{name}' (run {run.run_id}) with a smaller run than it asked for."
        return replace(outcome, run=replace(outcome.run, notes=(note, *outcome.run.notes)))
    generated = fit_and_sample(frame, run.schema, run.config, data_name=run.data_name)
    return RunOutcome(
        run=run,
        synthetic=generated.synthetic,
        split=generated.split,
        generator=generated.generator,
        claimed_by=_claimer(run, name),
    )


def recompute_results(outcome: RunOutcome, *, progress: ProgressCallback | None = None) -> RunOutcome:
    """Compute here every score a reopened file claimed, from the run's rows; the file's numbers are dropped.

    Fidelity is always computed; detection, privacy distances (and attacks) and utility are computed when
    the file claimed them, with this app's default settings (a file's settings are not trusted either).

    Returns:
        The outcome with scores of its own, no longer labelled as claimed.
    """
    report = reporter(progress)
    claimed = outcome.run
    run = replace(claimed, fidelity=None, privacy=None, utility=None, detection=None, other_detections=())
    fresh = replace(outcome, run=run, claimed_by=None)
    report(0.0, "Fidelity")
    fidelity = calculate_fidelity(
        fresh.compared_real, fresh.synthetic, schema=run.schema, progress=scaled(report, 0.0, 0.3)
    )
    fresh = replace(fresh, run=replace(fresh.run, fidelity=fidelity))
    for detector in dict.fromkeys(result.detector for result in claimed.detections):
        report(0.3, f"Detection ({detector})")
        fresh = assess_detection(fresh, detector=detector)
    if claimed.privacy is not None:
        fresh, _ = review_privacy(fresh, progress=scaled(report, 0.5, 0.7))
        if claimed.privacy.attacks:
            fresh = run_attacks(fresh, progress=scaled(report, 0.7, 0.85))
    if claimed.utility is not None and run.schema.target:
        fresh = assess_utility(fresh, progress=scaled(report, 0.85, 1.0))
    report(1.0, "Done")
    return fresh


def _check_saved_run(run: Run, *, name: str, data_sha256: str, has_rows: bool) -> None:
    """Refuse a saved run made from other data, a manifest of outside data, or one past the server's caps."""
    if run.data_sha256 != data_sha256:
        raise SynthStudioError(
            f"'{name}' was made from other data (SHA-256 {run.data_sha256[:12]}…, the loaded data has "
            f"{data_sha256[:12]}…). Load the file it was made from on the Data page first."
        )
    if has_rows:
        return
    if run.kind == "external":
        raise SynthStudioError(f"'{name}' describes outside data: open its bundle (ZIP), which holds the rows.")
    check_run_limits(run.config, subject=f"The manifest '{name}' asks for")


def _claimer(run: Run, name: str) -> str | None:
    """The file's name when it stores any score (claims of the file), else None."""
    return name if run.fidelity or run.privacy or run.utility or run.detections else None


def evaluate_external(
    frame: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    schema: TableSchema,
    synthetic_name: str,
    data_name: str = "table",
    data_sha256: str | None = None,
    holdout_share: float = DEFAULT_HOLDOUT_SHARE,
    split_seed: int = 0,
    holdout: pd.DataFrame | None = None,
    progress: ProgressCallback | None = None,
) -> RunOutcome:
    """Turn synthetic data made elsewhere into a Run, evaluated like the others.

    Columns are matched by name. Fidelity compares against every real row; privacy and utility use
    the same train/holdout split as generated Runs, which is fair when the outside generator never
    saw the holdout rows (download the training split from the Data page to make sure). When the real
    rows kept aside are given as `holdout`, `frame` is taken as exactly the rows the generator saw.

    Raises:
        SchemaError: Real columns missing from the synthetic data, named; extra synthetic columns are
            named too, and left out.
    """
    expected = TableSchema(columns=tuple(c for c in schema.columns if c.role is not ColumnRole.IGNORE))
    missing = [name for name in expected.names if name not in synthetic.columns]
    extra = [name for name in synthetic.columns if name not in frame.columns]
    if missing:
        problems = [f"'{synthetic_name}' lacks the real column(s) {', '.join(repr(m) for m in missing)}."]
        if extra:
            problems.append(f"It has column(s) the real data lacks: {', '.join(repr(e) for e in extra)}.")
        problems.append("Check the column names (they are matched by name, exactly), or ignore those columns.")
        raise SchemaError(problems)
    if holdout is None:
        split = split_data(frame, schema, holdout_share=holdout_share, split_seed=split_seed)
    else:
        schema.validate(frame)
        missing_holdout = [name for name in frame.columns if name not in holdout.columns]
        if missing_holdout:
            raise SchemaError([f"The holdout lacks the real column(s) {', '.join(repr(m) for m in missing_holdout)}."])
        holdout_share = len(holdout) / (len(frame) + len(holdout))
        split = Split(
            train=frame.reset_index(drop=True),
            holdout=holdout[list(frame.columns)].reset_index(drop=True),
            seed=split_seed,
            holdout_share=holdout_share,
        )
        frame = split.train
    aligned = synthetic[[name for name in frame.columns if name in expected.names]].reset_index(drop=True)
    data_sha256 = data_sha256 or sha256_of(frame.to_csv(index=False).encode("utf-8"))
    started = time.perf_counter()
    fidelity = calculate_fidelity(frame, aligned, schema=schema, progress=progress)
    run = Run(
        run_id=uuid.uuid4().hex[:12],
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        data_name=data_name,
        data_sha256=data_sha256,
        config=RunConfig(
            generator="external",
            params={"file": synthetic_name},
            holdout_share=holdout_share,
            split_seed=split_seed,
            rare_k=0,  # nothing of ours was fitted
        ),
        generator_label=f"External: {synthetic_name}",
        schema=schema,
        real_rows=len(frame),
        train_rows=len(split.train),
        holdout_rows=len(split.holdout),
        synthetic_rows=len(aligned),
        timings={"fidelity": round(time.perf_counter() - started, 3)},
        versions=library_versions(),
        fidelity=fidelity,
        fingerprint=run_fingerprint(data_sha256, schema, holdout_share=holdout_share, split_seed=split_seed),
        kind="external",
    )
    params: dict[str, object] = {"file": synthetic_name}
    if extra:
        params["left_out"] = extra
    if holdout is not None:
        params["holdout_given"] = True
    run = replace(run, config=replace(run.config, params=params))
    return RunOutcome(run=run, synthetic=aligned, split=split, generator=None)


def try_all_generators(
    frame: pd.DataFrame,
    *,
    schema: TableSchema,
    data_name: str = "table",
    data_sha256: str | None = None,
    holdout_share: float = DEFAULT_HOLDOUT_SHARE,
    seed: int = 0,
    progress: ProgressCallback | None = None,
) -> tuple[list[RunOutcome], list[FailedRun]]:
    """Fit every registered generator with its "try all" settings (`run_try_all_params`); a failure becomes a FailedRun.

    Returns:
        The finished runs and the failures, in registry order.
    """
    report = reporter(progress)
    registry = generators.registry()
    data_sha256 = data_sha256 or sha256_of(frame.to_csv(index=False).encode("utf-8"))
    fingerprint = run_fingerprint(data_sha256, schema, holdout_share=holdout_share, split_seed=0)
    outcomes: list[RunOutcome] = []
    failures: list[FailedRun] = []
    for index, (name, generator_class) in enumerate(registry.items()):
        start, end = index / len(registry), (index + 1) / len(registry)
        params = generator_class.run_try_all_params()
        config = RunConfig(generator=name, params=params, seed=seed, holdout_share=holdout_share)
        try:
            outcomes.append(
                run_pipeline(
                    frame,
                    schema=schema,
                    config=config,
                    data_name=data_name,
                    data_sha256=data_sha256,
                    progress=lambda f, m, label=generator_class.label, a=start, b=end: report(
                        a + (b - a) * f, f"{label}: {m}"
                    ),
                )
            )
        except SchemaError:
            raise  # the same for every generator: the user must fix the schema first
        except Exception as error:  # one generator's failure must not stop the others
            failures.append(FailedRun(name, generator_class.label, f"{type(error).__name__}: {error}", fingerprint))
    report(1.0, "Done")
    return outcomes, failures


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
    review = PrivacyReview(
        distances=distances,
        settings=settings,
        thresholds=thresholds or PrivacyThresholds(),
        learnt_personal=learnt_personal_columns(outcome.run.schema, outcome.split.train),
        differentially_private=bool(formal_guarantee(outcome.run)),
    )
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
    risks = calculate_attack_risks(
        outcome.split.train,
        outcome.split.holdout,
        outcome.synthetic,
        schema=outcome.run.schema,
        settings=settings,
        progress=progress,
    )
    updated = replace(review, attacks=tuple(risks), attack_settings=settings)
    return replace(outcome, run=replace(outcome.run, privacy=updated))


def assess_utility(
    outcome: RunOutcome,
    *,
    target: str | None = None,
    task: TaskKind | None = None,
    progress: ProgressCallback | None = None,
) -> RunOutcome:
    """Train on real and on synthetic rows, test both on the holdout, and attach the result to the Run."""
    result = calculate_utility(
        outcome.split.train,
        outcome.split.holdout,
        outcome.synthetic,
        schema=outcome.run.schema,
        target=target,
        task=task,
        seed=outcome.run.config.seed,
        progress=progress,
    )
    return replace(outcome, run=replace(outcome.run, utility=result))


def assess_detection(
    outcome: RunOutcome,
    *,
    runs: int = 3,
    detector: Detector = "logistic",
    progress: ProgressCallback | None = None,
) -> RunOutcome:
    """Measure how well a classifier tells real rows from synthetic ones, and attach it to the Run.

    Args:
        outcome: The run with its data.
        runs: Seeded repetitions of the cross-validation to average.
        detector: "logistic" (the default, as SDMetrics' LogisticDetection) fills `Run.detection`;
            "boosting" (gradient-boosted trees, which also see combinations of columns) is kept beside it
            in `Run.other_detections`. `Run.strongest_detection` is the one with the higher AUC.
        progress: Called with (fraction done, message) after each repetition.
    """
    result = calculate_detection_auc(
        outcome.compared_real,
        outcome.synthetic,
        schema=outcome.run.schema,
        runs=runs,
        seed=outcome.run.config.seed,
        detector=detector,
        include_booleans=True,  # SDMetrics drops booleans silently; we compare every modelled column
        progress=progress,
    )
    return replace(outcome, run=outcome.run.with_detection(result))


def complete_evaluation(outcome: RunOutcome, *, progress: ProgressCallback | None = None) -> RunOutcome:
    """Fill in whatever a Run lacks of detection, privacy distances and utility (for the leaderboard)."""
    report = reporter(progress)
    if outcome.run.detection is None:
        report(0.0, "Detection")
        outcome = assess_detection(outcome)
    if outcome.run.privacy is None:
        outcome, _ = review_privacy(outcome, progress=scaled(report, 0.2, 0.5))
    if outcome.run.utility is None and outcome.run.schema.target:
        outcome = assess_utility(outcome, progress=scaled(report, 0.5, 1.0))
    report(1.0, "Done")
    return outcome
