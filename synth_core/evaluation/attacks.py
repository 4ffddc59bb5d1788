"""Privacy attacks on synthetic data, run with anonymeter: singling out, linkability and inference.

Each attack uses the synthetic rows to attack the training rows (the "main" attack) and, the same way,
the holdout rows the generator never saw (the "control" attack). anonymeter's risk is the main
attack's excess success over the control attack, `(main - control) / (1 - control)`, clipped to 0..1:
0 means the synthetic data tells an attacker no more about the training rows than about anyone else
from the same population.

- Singling out (one column / several columns): guesses like "the only person with age 90 and
  occupation X" built from the synthetic data; a guess succeeds when exactly one row matches.
- Linkability: the columns are split into two sets, as if an attacker held two separate tables;
  a row is linked when both of its halves have the same nearest synthetic row.
- Inference: the attacker knows every column but a secret one and guesses it from the nearest
  synthetic row.

What this module adds to anonymeter 1.1 (read from its source):
- every frame gets a fresh 0..n-1 index, as anonymeter's inference reindexes by label and fails on
  duplicated labels;
- column types are made the same in the three frames (anonymeter's nearest-neighbour search raises
  when they differ): numbers and dates become floats, everything else text, missing values kept;
- anonymeter's distance gives NaN whenever one side of a numeric value is missing, which makes every
  synthetic row "infinitely far"; for the nearest-neighbour attacks a missing number is therefore
  filled with the training median plus a 0/1 "was missing" column, so missingness counts like a
  category mismatch;
- the linkability and inference targets are drawn with our own seeded generator, and their baselines
  are recomputed with it: anonymeter draws them from unseeded generators, and its inference baseline
  compares guesses and secrets of different rows (it aligns them by index label);
- singling out is made reproducible (see `_reproducible_singling_out`): anonymeter's own `seed` is not
  enough, as polars lists values in a different order on every call;
- a numeric secret is guessed as a number (anonymeter's `regression`, which it never infers by
  default); dates are compared exactly;
- a failing attack becomes a result with an error instead of an exception.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from synth_core.progress import ProgressCallback, reporter
from synth_core.schema import TableSchema

if TYPE_CHECKING:  # anonymeter loads numba and polars: imported when an attack runs, not with the module
    import polars as pl
    from anonymeter.stats.confidence import EvaluationResults, PrivacyRisk


ATTACK_LABELS: dict[str, str] = {
    "singling_out_univariate": "Singling out (one column)",
    "singling_out_multivariate": "Singling out (several columns)",
    "linkability": "Linkability",
    "inference": "Inference",
}
SINGLING_OUT_COLUMNS = 3  # columns per multivariate singling-out guess (anonymeter's default)
# anonymeter tries up to 10 million random rows to find enough multi-column guesses that single out,
# 50-130 µs each (more for more rows): on data with few distinct rows that is 10-20 minutes. A copy of
# Adult's 26,000 training rows needs about 300 tries per guess, so this cap leaves room to spare while
# bounding the worst case to about a minute for 500 attacks.
MAX_QUERY_ATTEMPTS_PER_ATTACK = 1000
N_JOBS = -2  # threads for anonymeter's neighbour search: all cores but one, leaving one for the app
REGRESSION_TOLERANCE = 0.05  # anonymeter counts a numeric guess right within 5% (fixed in its code)
_LOGGER_NAME = "anonymeter"
_FEWER_QUERIES = re.compile(r"could generate only (\d+) singling out queries")
_OUT_OF_ATTEMPTS = "Reached maximum number of attempts"


@dataclass(frozen=True)
class AttackRisk:
    """The outcome of one anonymeter attack.

    Attributes:
        attack: "singling_out_univariate", "singling_out_multivariate", "linkability" or "inference".
        label: A human name, e.g. "Singling out (one column)".
        risk: anonymeter's risk, 0 to 1: the main attack's success in excess of the control attack's.
        ci_low: Lower bound of the risk's confidence interval.
        ci_high: Upper bound of the risk's confidence interval.
        attack_rate: Success rate of the main attack (on the training rows).
        baseline_rate: Success rate of a random-guess attack on the training rows.
        control_rate: Success rate of the same attack on the holdout rows.
        n_attacks: Number of attacks made (after any cap).
        detail: A plain-language sentence on what was attacked, with any caveat.
        error: Why the attack failed, if it did; then the numbers are NaN.
    """

    attack: str
    label: str
    risk: float
    ci_low: float
    ci_high: float
    attack_rate: float
    baseline_rate: float
    control_rate: float
    n_attacks: int
    detail: str
    error: str | None = None


@dataclass(frozen=True)
class AttackSettings:
    """Settings shared by the attacks.

    Attributes:
        n_attacks: Attacks per kind; linkability and inference are capped at the rows of the smaller
            of the training and holdout sets.
        linkability_columns: The two column sets the linkability attacker holds; None splits the
            columns in two halves (see `default_linkability_columns`).
        secret_column: The column the inference attacker guesses; None uses the schema's target given to
            `calculate_attack_risks`, or else the last attacked column.
        confidence_level: Confidence level of the risk's interval, between 0 and 1.
        seed: Seed for every random choice; the same seed gives the same risks.
    """

    n_attacks: int = 500
    linkability_columns: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    secret_column: str | None = None
    confidence_level: float = 0.95
    seed: int = 0


@dataclass(frozen=True)
class _Frames:
    """The three frames on the evaluated columns, with reset indexes and consistent types."""

    train: pd.DataFrame
    holdout: pd.DataFrame
    synthetic: pd.DataFrame
    numeric: frozenset[str] = field(default_factory=frozenset)
    dates: frozenset[str] = field(default_factory=frozenset)


class _AttackError(Exception):
    """A problem with the settings or data of one attack, with a message for the user."""


def default_linkability_columns(columns: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split the columns into the two sets a linkability attacker is assumed to hold.

    The first half of the columns (in the given order, rounded down) goes to one set and the rest to
    the other. Both halves are as large as possible, which gives the attacker the most to match on,
    and the split depends only on the column order, so it is easy to explain and to reproduce.

    Args:
        columns: The evaluated columns, at least two.

    Returns:
        Two disjoint, non-empty tuples of column names that together hold every column.

    Raises:
        ValueError: There are fewer than two columns.
    """
    if len(columns) < 2:
        raise ValueError(f"Linkability needs at least two columns to split; got {len(columns)}. Add columns.")
    middle = len(columns) // 2
    return tuple(columns[:middle]), tuple(columns[middle:])


def calculate_attack_risks(
    train: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic: pd.DataFrame,
    *,
    schema: TableSchema,
    settings: AttackSettings = AttackSettings(),  # frozen, so sharing the default is safe
    progress: ProgressCallback | None = None,
) -> tuple[AttackRisk, ...]:
    """Run anonymeter's four attacks: singling out (one and several columns), linkability, inference.

    Args:
        train: The real rows the generator learnt from (the attacked rows).
        holdout: Real rows the generator never saw (the control rows).
        synthetic: The synthetic rows the attacker holds.
        schema: The schema: its modelled columns are attacked with (the others are ignored), and its
            target is the inference secret when `settings.secret_column` is None.
        settings: Number of attacks, column choices, confidence level and seed.
        progress: Called with (fraction done, message) before each attack and at the end.

    Returns:
        One result per attack, in the order singling out (one column), singling out (several
        columns), linkability, inference. An attack that fails has its `error` set and NaN numbers.
    """
    report = reporter(progress)
    columns, target = schema.modelled_columns, schema.target
    try:
        _check_settings(settings)
        frames = _prepare_frames(train, holdout, synthetic, columns)
    except _AttackError as problem:
        return tuple(_failed(attack, settings.n_attacks, str(problem)) for attack in ATTACK_LABELS)

    runs: list[tuple[str, Callable[[], AttackRisk]]] = [
        ("singling_out_univariate", lambda: _singling_out(frames, settings, mode="univariate")),
        ("singling_out_multivariate", lambda: _singling_out(frames, settings, mode="multivariate")),
        ("linkability", lambda: _linkability(frames, settings, columns)),
        ("inference", lambda: _inference(frames, settings, columns, target)),
    ]
    results = []
    for step, (attack, run) in enumerate(runs):
        # Outside the try: an exception from the callback (e.g. a Stop button) must reach the caller.
        report(step / len(runs), f"Running the {ATTACK_LABELS[attack].lower()} attack")
        try:
            results.append(run())
        except _AttackError as problem:
            results.append(_failed(attack, settings.n_attacks, str(problem)))
        except Exception as problem:  # anonymeter can fail in many ways on odd data; keep the other attacks
            message = f"The {ATTACK_LABELS[attack].lower()} attack failed: {type(problem).__name__}: {problem}"
            results.append(_failed(attack, settings.n_attacks, message))
    report(1.0, "Privacy attacks done")
    return tuple(results)


def _check_settings(settings: AttackSettings) -> None:
    if settings.n_attacks < 1:
        raise _AttackError(f"The number of attacks must be at least 1; got {settings.n_attacks}.")
    if not 0 < settings.confidence_level < 1:
        raise _AttackError(
            f"The confidence level must be between 0 and 1 (e.g. 0.95); got {settings.confidence_level}."
        )


def _prepare_frames(train: pd.DataFrame, holdout: pd.DataFrame, synthetic: pd.DataFrame, columns: list[str]) -> _Frames:
    if not columns:
        raise _AttackError("No columns were chosen for the privacy attacks. Choose at least one column.")
    not_text = [repr(name) for name in columns if not isinstance(name, str)]
    if not_text:
        # anonymeter's singling out builds polars expressions, which need text column names.
        raise _AttackError(f"Column names must be text; these are not: {', '.join(not_text)}. Rename them.")
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        raise _AttackError(f"Columns are listed more than once: {', '.join(repeated)}. List each once.")
    frames = {"training": train, "holdout": holdout, "synthetic": synthetic}
    for name, frame in frames.items():
        missing = [column for column in columns if column not in frame.columns]
        if missing:
            raise _AttackError(
                f"The {name} data has no column(s) {', '.join(map(repr, missing))}. Choose other columns."
            )
        if len(frame) == 0:
            raise _AttackError(f"The {name} data has no rows. Privacy attacks need rows in all three tables.")

    # anonymeter's inference reindexes by label and fails on duplicated labels; 0..n-1 is always safe.
    selected = {name: frame[columns].reset_index(drop=True) for name, frame in frames.items()}
    dates = frozenset(column for column in columns if any(_is_date(frame[column]) for frame in selected.values()))
    for name, frame in selected.items():
        selected[name] = frame.apply(_dates_as_numbers)
    # A column counts as numeric only when it is in all three frames, so the types always agree.
    numeric = frozenset(column for column in columns if all(_is_number(frame[column]) for frame in selected.values()))
    for name, frame in selected.items():
        selected[name] = pd.DataFrame(
            {
                column: frame[column].astype("float64") if column in numeric else _as_text(frame[column])
                for column in columns
            }
        )
    return _Frames(
        train=selected["training"],
        holdout=selected["holdout"],
        synthetic=selected["synthetic"],
        numeric=numeric,
        dates=dates & numeric,
    )


def _is_date(values: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_timedelta64_dtype(values)


def _dates_as_numbers(values: pd.Series) -> pd.Series:
    # Dates become seconds, so attacks compare them by distance and order like other numbers.
    if pd.api.types.is_datetime64_any_dtype(values):
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_convert("UTC").dt.tz_localize(None)
        seconds = values.astype("datetime64[ns]").astype("int64") / 1e9
        return seconds.where(values.notna())
    if pd.api.types.is_timedelta64_dtype(values):
        return values.dt.total_seconds()
    return values


def _is_number(values: pd.Series) -> bool:
    # Booleans count as categories: they have two values and no meaningful distance.
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _as_text(values: pd.Series) -> pd.Series:
    # Text in every frame: mixed types break anonymeter's label encoder and polars; None marks missing.
    return pd.Series(
        [None if pd.isna(value) else str(value) for value in values.astype(object)],
        index=values.index,
        dtype=object,
    )


def _failed(attack: str, n_attacks: int, error: str) -> AttackRisk:
    return AttackRisk(
        attack=attack,
        label=ATTACK_LABELS[attack],
        risk=math.nan,
        ci_low=math.nan,
        ci_high=math.nan,
        attack_rate=math.nan,
        baseline_rate=math.nan,
        control_rate=math.nan,
        n_attacks=n_attacks,
        detail="",
        error=error,
    )


def _result(
    attack: str,
    *,
    risk: PrivacyRisk,
    results: EvaluationResults,
    baseline_rate: float,
    n_attacks: int,
    detail: list[str],
) -> AttackRisk:
    """Read anonymeter's PrivacyRisk (value, ci) and EvaluationResults (rates) into an AttackRisk."""
    value = float(risk.value)
    ci_low, ci_high = (float(bound) for bound in risk.ci)
    attack_rate = float(results.attack_rate.value)
    control = results.control_rate
    control_rate = math.nan if control is None else float(control.value)
    if not all(math.isfinite(number) for number in (value, ci_low, ci_high, attack_rate, control_rate)):
        raise _AttackError(
            f"The {ATTACK_LABELS[attack].lower()} attack ran but anonymeter could not turn its successes into a "
            f"risk (main rate {attack_rate:.3g}, control rate {control_rate:.3g}). Try more attacks or more rows."
        )
    if control is not None and results.n_control >= results.n_attacks_control:
        # anonymeter's rates are Wilson estimates, which never reach 1, so compare the counts.
        detail.append("Every control attack succeeded, so the risk cannot be measured; treat it as unknown.")
    elif attack_rate <= baseline_rate:
        detail.append("The attack did no better than random guessing, so this result says little.")
    return AttackRisk(
        attack=attack,
        label=ATTACK_LABELS[attack],
        risk=value,
        ci_low=ci_low,
        ci_high=ci_high,
        attack_rate=attack_rate,
        baseline_rate=float(baseline_rate),
        control_rate=control_rate,
        n_attacks=n_attacks,
        detail=" ".join(detail),
    )


class _ThreadLogCapture(logging.Handler):
    """Keeps the warnings anonymeter logs from this thread (the dashboard runs sessions in threads)."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Store the message if it comes from the capturing thread."""
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def _anonymeter_quietly() -> Iterator[list[str]]:
    """Silence anonymeter's warnings and collect its logged warnings, which we turn into `detail`."""
    handler = _ThreadLogCapture()
    logger = logging.getLogger(_LOGGER_NAME)
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings():
            # "Attack is as good or worse as baseline" and similar; `_result` says so in plain words.
            warnings.simplefilter("ignore")
            yield handler.messages
    finally:
        logger.removeHandler(handler)


_SINGLING_OUT_LOCK = threading.Lock()


@contextmanager
def _reproducible_singling_out(seed: int) -> Iterator[None]:
    """Make anonymeter's singling out give the same result for the same seed.

    Its `seed` drives the query generator, but (1) the query lists it shuffles come from polars'
    `group_by` and `unique`, whose order changes from call to call, and (2) its correction for the
    holdout's size samples rows with polars' global generator. So we set polars' global seed and, for
    the length of the run, swap in two query builders that start from a fixed order. The lock keeps
    two of our runs from swapping at once; anyone else calling anonymeter meanwhile gets the same
    queries as ever, only in a fixed order.
    """
    import polars as pl
    from anonymeter.evaluators import singling_out_evaluator as module

    with _SINGLING_OUT_LOCK:
        univariate, random_queries = module.univariate_singling_out_queries, module._random_queries
        module.univariate_singling_out_queries = partial(_ordered_univariate_queries, univariate)
        module._random_queries = _ordered_random_queries
        pl.set_random_seed(seed)
        try:
            yield
        finally:
            module.univariate_singling_out_queries, module._random_queries = univariate, random_queries


class _KeepOrder:
    """A stand-in random generator whose shuffle leaves the list as it is."""

    def shuffle(self, values: list[Any]) -> None:
        """Do nothing: the caller shuffles afterwards, from a fixed order."""


def _ordered_univariate_queries(
    original: Callable[..., list[pl.Expr]], df: pl.DataFrame, n_queries: int, rng: np.random.Generator
) -> list[pl.Expr]:
    """One-column singling-out queries as anonymeter makes them, chosen at random from a sorted order."""
    # Unshuffled and uncapped, anonymeter returns every distinct query that singles out; shuffling
    # those from a sorted order and keeping `n_queries` picks the same kind of random subset it does.
    queries = sorted(original(df=df, n_queries=None, rng=_KeepOrder()), key=str)
    return [queries[index] for index in rng.permutation(len(queries))[:n_queries]]


def _ordered_random_queries(df: pl.DataFrame, n_queries: int, n_cols: int, rng: np.random.Generator) -> list[pl.Expr]:
    """The baseline guesses of anonymeter's `_random_queries`, with each column's values in a fixed order."""
    from anonymeter.evaluators.singling_out_evaluator import _convert_polars_dtype, _random_query

    unique_values = {column: df[column].unique(maintain_order=True).to_list() for column in df.columns}
    column_types = {column: _convert_polars_dtype(df[column].dtype) for column in df.columns}
    queries = []
    for _ in range(n_queries):
        columns = rng.choice(df.columns, size=n_cols, replace=False).tolist()
        queries.append(_random_query(unique_values=unique_values, cols=columns, column_types=column_types, rng=rng))
    return queries


def _singling_out(frames: _Frames, settings: AttackSettings, *, mode: str) -> AttackRisk:
    from anonymeter.evaluators import SinglingOutEvaluator

    attack = f"singling_out_{mode}"
    if mode == "multivariate" and frames.train.shape[1] < 2:
        raise _AttackError("Singling out on several columns needs at least two columns. Add columns.")
    n_columns = 1 if mode == "univariate" else min(SINGLING_OUT_COLUMNS, frames.train.shape[1])
    n_attacks = settings.n_attacks
    max_attempts = MAX_QUERY_ATTEMPTS_PER_ATTACK * n_attacks
    with _reproducible_singling_out(settings.seed), _anonymeter_quietly() as logged:
        evaluator = SinglingOutEvaluator(
            ori=frames.train,
            syn=frames.synthetic,
            control=frames.holdout,
            n_attacks=n_attacks,
            n_cols=n_columns,
            max_attempts=max_attempts,
            seed=settings.seed,
        )
        evaluator.evaluate(mode=mode)
        results = evaluator.results(confidence_level=settings.confidence_level)
        risk = evaluator.risk(confidence_level=settings.confidence_level)

    if mode == "univariate":
        detail = [
            f"Tried {n_attacks} guesses of the form 'the only person with this value', each from one column of "
            "the synthetic data (rare values, smallest and largest numbers)."
        ]
    else:
        detail = [
            f"Tried {n_attacks} guesses of the form 'the only person with these values', each combining "
            f"{n_columns} columns of a synthetic row."
        ]
    made = [int(found.group(1)) for message in logged if (found := _FEWER_QUERIES.search(message))]
    if made:
        # anonymeter still divides by the requested number, so the rates and risk come out low.
        guesses = f"{made[-1]} such guess" + ("" if made[-1] == 1 else "es")
        if any(_OUT_OF_ATTEMPTS in message for message in logged):
            source = f"{'was' if made[-1] == 1 else 'were'} found in {max_attempts:,} tries"
        else:
            source = "could be made from the synthetic data (identical rows count once)"
        detail.append(f"Only {guesses} {source}, so the risk may be underestimated.")
    return _result(
        attack,
        risk=risk,
        results=results,
        baseline_rate=float(results.baseline_rate.value),
        n_attacks=n_attacks,
        detail=detail,
    )


def _linkability(frames: _Frames, settings: AttackSettings, columns: list[str]) -> AttackRisk:
    from anonymeter.evaluators import LinkabilityEvaluator
    from anonymeter.evaluators.linkability_evaluator import LinkabilityIndexes
    from anonymeter.stats.confidence import success_rate

    if settings.linkability_columns is None:
        if len(columns) < 2:
            raise _AttackError(f"Linkability needs at least two columns to split; got {len(columns)}. Add columns.")
        first, second = default_linkability_columns(columns)
    else:
        first, second = (tuple(side) for side in settings.linkability_columns)
        if not first or not second:
            raise _AttackError("Both linkability column sets need at least one column. Choose columns for each.")
        unknown = [column for column in (*first, *second) if column not in columns]
        if unknown:
            raise _AttackError(
                f"Linkability column(s) {', '.join(map(repr, unknown))} are not among the evaluated columns. "
                "Choose linkability columns from the evaluated ones."
            )

    n_attacks, detail = _capped(settings.n_attacks, frames)
    rng = np.random.default_rng(settings.seed)
    # anonymeter samples its targets with numpy's global generator; handing it exactly n_attacks rows
    # drawn with our generator makes its draw a mere reordering, which does not change the counts.
    targets = frames.train.sample(n_attacks, random_state=rng)
    controls = frames.holdout.sample(n_attacks, random_state=rng)
    (targets, controls, synthetic), expanded = _for_neighbours((targets, controls, frames.synthetic), frames)
    aux_columns = (
        [c for column in first for c in expanded[column]],
        [c for column in second for c in expanded[column]],
    )
    with _anonymeter_quietly():
        evaluator = LinkabilityEvaluator(
            ori=targets, syn=synthetic, aux_cols=aux_columns, n_attacks=n_attacks, n_neighbors=1, control=controls
        )
        evaluator.evaluate(n_jobs=N_JOBS)
        results = evaluator.results(confidence_level=settings.confidence_level)
        risk = evaluator.risk(confidence_level=settings.confidence_level)

    # anonymeter's baseline (random nearest neighbours) uses an unseeded generator; redo it seeded.
    random_links = LinkabilityIndexes(
        idx_0=rng.integers(len(synthetic), size=(n_attacks, 1)), idx_1=rng.integers(len(synthetic), size=(n_attacks, 1))
    )
    baseline = success_rate(
        n_total=n_attacks,
        n_success=random_links.count_links(n_neighbors=1),
        confidence_level=settings.confidence_level,
    )
    detail.insert(
        0,
        f"Tried to link {n_attacks} rows split into two column sets, ({', '.join(first)}) and "
        f"({', '.join(second)}), through their nearest synthetic rows.",
    )
    return _result(
        "linkability", risk=risk, results=results, baseline_rate=baseline.value, n_attacks=n_attacks, detail=detail
    )


def _inference(frames: _Frames, settings: AttackSettings, columns: list[str], target: str | None) -> AttackRisk:
    from anonymeter.evaluators import InferenceEvaluator
    from anonymeter.evaluators.inference_evaluator import evaluate_inference_guesses
    from anonymeter.stats.confidence import success_rate

    secret = settings.secret_column or target or columns[-1]
    if secret not in columns:
        source = "secret column" if settings.secret_column else "target column"
        raise _AttackError(
            f"The {source} '{secret}' is not among the evaluated columns ({', '.join(columns)}). "
            "Choose a secret column from the evaluated ones."
        )
    aux = [column for column in columns if column != secret]
    if not aux:
        raise _AttackError(f"Inference needs at least one column besides the secret '{secret}'. Add columns.")
    # anonymeter's InferenceEvaluator defaults to `regression=False` (exact match), even for numbers.
    # Dates stay exact: within 5% of seconds since 1970 would be within about two years.
    regression = secret in frames.numeric and secret not in frames.dates

    n_attacks, detail = _capped(settings.n_attacks, frames)
    rng = np.random.default_rng(settings.seed)
    # As for linkability: pre-drawn targets make anonymeter's own unseeded draw a mere reordering.
    targets = frames.train.sample(n_attacks, random_state=rng)
    controls = frames.holdout.sample(n_attacks, random_state=rng)
    (targets, controls, synthetic), expanded = _for_neighbours(
        (targets, controls, frames.synthetic), frames, keep=secret
    )
    aux_columns = [c for column in aux for c in expanded[column]]
    with _anonymeter_quietly():
        evaluator = InferenceEvaluator(
            ori=targets,
            syn=synthetic,
            aux_cols=aux_columns,
            secret=secret,
            regression=regression,
            n_attacks=n_attacks,
            control=controls,
        )
        evaluator.evaluate(n_jobs=N_JOBS)
        results = evaluator.results(confidence_level=settings.confidence_level)
        risk = evaluator.risk(confidence_level=settings.confidence_level)

    # anonymeter's baseline aligns synthetic guesses and target secrets by index label, so it mostly
    # compares a guess with nothing; redo it as meant: each target gets a random synthetic row's secret.
    n_baseline = min(n_attacks, len(synthetic))
    guesses = synthetic[secret].sample(n_baseline, random_state=rng)
    secrets = targets[secret].iloc[:n_baseline]
    guesses.index = secrets.index
    correct = evaluate_inference_guesses(guesses=guesses, secrets=secrets, regression=regression)
    baseline = success_rate(
        n_total=n_baseline, n_success=int(correct.sum()), confidence_level=settings.confidence_level
    )

    if regression:
        kind = f"a number, counted right within {REGRESSION_TOLERANCE:.0%}"
    elif secret in frames.dates:
        kind = "a date, counted right when exact"
    else:
        kind = "a category, counted right when exact"
    detail.insert(
        0,
        f"Guessed the secret column '{secret}' ({kind}) of {n_attacks} rows from the other {len(aux)} column(s), "
        "using the nearest synthetic row.",
    )
    if regression and (frames.synthetic[secret] < 0).any():
        # anonymeter divides by the guess, so a negative guess always counts as right.
        detail.append(f"'{secret}' has negative values, which anonymeter counts as right guesses; rates run high.")
    return _result(
        "inference", risk=risk, results=results, baseline_rate=baseline.value, n_attacks=n_attacks, detail=detail
    )


def _capped(requested: int, frames: _Frames) -> tuple[int, list[str]]:
    """Cap the attacks at the rows anonymeter can sample without replacement from both real sets."""
    limit = min(len(frames.train), len(frames.holdout))
    if requested <= limit:
        return requested, []
    smaller = "holdout" if len(frames.holdout) <= len(frames.train) else "training"
    return limit, [f"The number of attacks was capped from {requested} to {limit}, the rows in the {smaller} data."]


def _for_neighbours(
    parts: tuple[pd.DataFrame, ...], frames: _Frames, *, keep: str | None = None
) -> tuple[tuple[pd.DataFrame, ...], dict[str, list[str]]]:
    """Prepare frames for anonymeter's nearest-neighbour search, whose distance is NaN for a missing number.

    Each numeric column with a missing value in any frame is filled with the training median and
    joined by a 0/1 "was missing" column, so a missing value costs like a category mismatch.

    Returns:
        The transformed frames and, per original column, the columns that now stand for it.
    """
    taken = set(frames.train.columns)
    expanded = {column: [column] for column in frames.train.columns}
    fills: dict[str, tuple[str, float]] = {}
    for column in sorted(frames.numeric):
        if column == keep or not any(
            frame[column].isna().any() for frame in (frames.train, frames.holdout, frames.synthetic)
        ):
            continue
        indicator = f"{column} (missing)"
        while indicator in taken:
            indicator += "_"
        taken.add(indicator)
        observed = frames.train[column].dropna()
        if observed.empty:  # all missing in training: any other value will do
            observed = pd.concat([frames.holdout[column], frames.synthetic[column]]).dropna()
        fills[column] = (indicator, float(observed.median()) if len(observed) else 0.0)
        expanded[column] = [column, indicator]
    if not fills:
        return parts, expanded
    transformed = []
    for part in parts:
        part = part.copy()
        for column, (indicator, median) in fills.items():
            part[indicator] = part[column].isna().astype("float64")
            part[column] = part[column].fillna(median)
        transformed.append(part)
    return tuple(transformed), expanded
