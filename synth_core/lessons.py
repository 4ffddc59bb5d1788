"""Live demos for the Learn pages: small, fast computations on real data that move with their controls.

Each demo is pure (data and a setting in, a typed result out) so the pages only draw, and the tests
can check that a demo moves the right way when its control moves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from faker import Faker

from synth_core.evaluation.associations import calculate_associations
from synth_core.evaluation.distances import distance_columns, nearest_distances
from synth_core.evaluation.fidelity import calculate_fidelity
from synth_core.evaluation.sdmetrics_adapter import sdmetrics_metadata
from synth_core.evaluation.utility import calculate_utility
from synth_core.generators import get
from synth_core.generators.sdv_gaussian_copula import GaussianCopulaGenerator
from synth_core.runs import Run
from synth_core.schema import ColumnKind, TableSchema

RULE_BASED = "rule_based"  # the lessons' Faker generator; not in the registry, since it learns nothing


@dataclass(frozen=True)
class LaplaceDemo:
    """A histogram released with the Laplace mechanism.

    Attributes:
        categories: The bins (category values), most common first.
        true_counts: The real counts.
        noisy_counts: The counts with Laplace noise of scale 1/ε, clipped at 0.
        epsilon: The privacy budget ε.
        mean_absolute_error: The mean absolute difference between the two, in rows.
    """

    categories: tuple[str, ...]
    true_counts: tuple[int, ...]
    noisy_counts: tuple[float, ...]
    epsilon: float
    mean_absolute_error: float


def laplace_histogram(values: pd.Series, *, epsilon: float, seed: int = 0, repeats: int = 200) -> LaplaceDemo:
    """Release a column's histogram with ε-differential privacy.

    Adding or removing one person changes one count by 1 (sensitivity 1), so Laplace noise of scale
    1/ε on every count gives ε-differential privacy. The error is averaged over `repeats` releases,
    so the curve is smooth; one release is shown.
    """
    if epsilon <= 0:
        raise ValueError("ε must be positive.")
    counts = values.astype("string").fillna("(missing)").value_counts()
    rng = np.random.default_rng(seed)
    noise = rng.laplace(0.0, 1.0 / epsilon, size=(repeats, len(counts)))
    released = np.clip(counts.to_numpy(float) + noise, 0, None)
    error = float(np.mean(np.abs(released - counts.to_numpy(float))))
    return LaplaceDemo(
        categories=tuple(str(category) for category in counts.index),
        true_counts=tuple(int(count) for count in counts),
        noisy_counts=tuple(float(count) for count in released[0]),
        epsilon=epsilon,
        mean_absolute_error=error,
    )


@dataclass(frozen=True)
class NoisyCopyPoint:
    """Fidelity and privacy of a copy of the real rows with noise added.

    Attributes:
        noise: Noise as a share of each numeric column's range.
        median_dcr: Median distance from the noisy rows to the closest real row.
        column_shapes: SDMetrics' column shapes score of the noisy rows.
    """

    noise: float
    median_dcr: float
    column_shapes: float


def noisy_copy_point(real: pd.DataFrame, schema: TableSchema, *, noise: float, seed: int = 0) -> NoisyCopyPoint:
    """Copy the real rows, add Gaussian noise to the numbers, and measure both sides of the trade-off.

    Categories are swapped for a random other real value with probability `noise`, so they move too.
    """
    rng = np.random.default_rng(seed)
    noisy = real.copy()
    for column in schema.columns:
        if not column.is_modelled:
            continue
        values = real[column.name]
        if column.kind is ColumnKind.NUMERICAL and pd.api.types.is_numeric_dtype(values):
            spread = float(values.max() - values.min()) or 1.0
            noisy[column.name] = values + rng.normal(0.0, noise * spread, len(values))
        elif column.kind.is_category_like:
            swap = rng.random(len(values)) < noise
            replacement = values.sample(len(values), replace=True, random_state=rng).to_numpy()
            noisy[column.name] = values.where(~swap, replacement)
    metadata = sdmetrics_metadata(schema, real, modelled_only=True)
    columns = distance_columns(metadata, available=set(real.columns))
    median_dcr = float(np.median(nearest_distances(noisy, real, columns)[:, 0]))
    shapes = calculate_fidelity(real, noisy, schema=schema).column_shapes
    return NoisyCopyPoint(noise=noise, median_dcr=median_dcr, column_shapes=shapes)


TRADEOFF_LEVELS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5)


def tradeoff_curve(
    real: pd.DataFrame, schema: TableSchema, *, levels: tuple[float, ...] = TRADEOFF_LEVELS, seed: int = 0
) -> tuple[NoisyCopyPoint, ...]:
    """The noisy copy's fidelity and privacy at several noise levels: the trade-off as a curve."""
    return tuple(noisy_copy_point(real, schema, noise=level, seed=seed) for level in levels)


@dataclass(frozen=True)
class PairDemo:
    """Real and synthetic values of two columns, and how alike their association is.

    Attributes:
        generator: The generator used.
        real: The two real columns.
        synthetic: The same two columns from the generator.
        real_association: Association strength in the real data (0 to 1).
        synthetic_association: The same in the synthetic data.
        agreement: 1 minus the absolute difference between the two.
        column_shapes: How alike each column is on its own (SDMetrics column shapes, 0 to 1).
        latent_correlation: For the Gaussian copula, the correlation it learnt between the two columns
            on its normal scale; None for other generators.
    """

    generator: str
    real: pd.DataFrame
    synthetic: pd.DataFrame
    real_association: float
    synthetic_association: float
    agreement: float
    column_shapes: float
    latent_correlation: float | None = None


def pair_demo(
    real: pd.DataFrame,
    schema: TableSchema,
    columns: tuple[str, str],
    *,
    generator: str,
    seed: int = 0,
    params: Mapping[str, Any] | None = None,
) -> PairDemo:
    """Fit a generator on two columns and compare their association in real and synthetic rows.

    Args:
        real: The real rows.
        schema: Their schema.
        columns: The two columns.
        generator: A registry name, or `RULE_BASED` for values drawn from hand-written rules.
        seed: Seed for fitting and sampling.
        params: The generator's parameters, for example a few epochs for a deep model.

    Returns:
        Both clouds, the association in each, and the copula's latent correlation where there is one.
    """
    pair = TableSchema(columns=tuple(schema.column(name) for name in columns))
    frame = real[list(columns)].reset_index(drop=True)
    latent = None
    if generator == RULE_BASED:
        synthetic = rule_based_sample(frame, pair, rows=len(frame), seed=seed)
    else:
        model = get(generator)(**dict(params or {})).fit(frame, schema=pair, seed=seed)
        synthetic = model.sample(len(frame), seed=seed)
        if isinstance(model, GaussianCopulaGenerator):
            latent = float(model.latent_correlation().loc[columns[0], columns[1]])
    return score_pair(frame, schema, synthetic, generator=generator, latent_correlation=latent)


def score_pair(
    real: pd.DataFrame,
    schema: TableSchema,
    synthetic: pd.DataFrame,
    *,
    generator: str,
    latent_correlation: float | None = None,
) -> PairDemo:
    """Compare two real columns with the same two synthetic columns, however the synthetic ones were made.

    Args:
        real: The two real columns.
        schema: A schema that describes both columns.
        synthetic: The two synthetic columns, with the same names.
        generator: The generator that made them.
        latent_correlation: The copula's latent correlation, if a copula made them.

    Returns:
        Both clouds, the association in each, and their agreement.
    """
    pair = TableSchema(columns=tuple(schema.column(name) for name in real.columns))
    real_value = float(calculate_associations(real, schema=pair).iloc[0, 1])
    synthetic_value = float(calculate_associations(synthetic, schema=pair).iloc[0, 1])
    return PairDemo(
        generator=generator,
        real=real,
        synthetic=synthetic,
        real_association=real_value,
        synthetic_association=synthetic_value,
        agreement=1.0 - abs(real_value - synthetic_value),
        column_shapes=calculate_fidelity(real, synthetic, schema=pair).column_shapes,
        latent_correlation=latent_correlation,
    )


def rule_based_sample(real: pd.DataFrame, schema: TableSchema, *, rows: int, seed: int = 0) -> pd.DataFrame:
    """Rows made by rules a person could write down, with Faker: nothing is learnt but each column's limits.

    Numbers are whole numbers drawn evenly between the real minimum and maximum; categories are drawn
    evenly from the real list of values. This is how test data is often made, and it shows what a
    model adds: realistic shapes and relationships.
    """
    fake = Faker()
    fake.seed_instance(seed)
    columns: dict[str, list[Any]] = {}
    for column in schema.columns:
        values = real[column.name].dropna()
        if column.kind is ColumnKind.NUMERICAL and pd.api.types.is_numeric_dtype(values):
            low, high = int(np.floor(values.min())), int(np.ceil(values.max()))
            columns[column.name] = [fake.random_int(low, high) for _ in range(rows)]
        else:
            choices = sorted(values.astype(str).unique())
            columns[column.name] = [fake.random_element(choices) for _ in range(rows)]
    return pd.DataFrame(columns)


@dataclass(frozen=True)
class SideBySide:
    """A few real rows next to a few synthetic rows.

    Attributes:
        real: Real rows, drawn at random.
        synthetic: Synthetic rows, drawn at random.
        copies: How many of all the synthetic rows are exact copies of a real row.
        synthetic_rows: How many synthetic rows there are in all.
    """

    real: pd.DataFrame
    synthetic: pd.DataFrame
    copies: int
    synthetic_rows: int


def side_by_side(real: pd.DataFrame, synthetic: pd.DataFrame, *, rows: int = 5, seed: int = 0) -> SideBySide:
    """Draw `rows` real and `rows` synthetic rows, and count synthetic rows that copy a real one."""
    shared = [name for name in real.columns if name in synthetic.columns]
    real_keys = set(real[shared].astype(str).itertuples(index=False, name=None))
    synthetic_keys = synthetic[shared].astype(str).itertuples(index=False, name=None)
    copies = sum(key in real_keys for key in synthetic_keys)
    return SideBySide(
        real=real.sample(min(rows, len(real)), random_state=seed).reset_index(drop=True),
        synthetic=synthetic.sample(min(rows, len(synthetic)), random_state=seed).reset_index(drop=True),
        copies=copies,
        synthetic_rows=len(synthetic),
    )


@dataclass(frozen=True)
class UtilityDemo:
    """Train on synthetic, test on real, for several generators at once.

    Attributes:
        target: The predicted column.
        metric: The score's name (macro F1 or R²).
        real_score: Models trained on the real training rows (TRTR).
        synthetic_scores: Models trained on each generator's rows (TSTR), by generator name.
    """

    target: str
    metric: str
    real_score: float
    synthetic_scores: dict[str, float]


def utility_demo(
    train: pd.DataFrame,
    holdout: pd.DataFrame,
    synthetic_by_generator: Mapping[str, pd.DataFrame],
    schema: TableSchema,
    *,
    target: str,
) -> UtilityDemo:
    """Score models trained on each generator's rows against the same real holdout."""
    real_score, scores, metric = float("nan"), {}, ""
    for name, synthetic in synthetic_by_generator.items():
        result = calculate_utility(train, holdout, synthetic, schema=schema, target=target, importance=False)
        real_score, scores[name], metric = result.trtr, result.tstr, result.primary_metric
    return UtilityDemo(target=target, metric=metric, real_score=real_score, synthetic_scores=scores)


@dataclass(frozen=True)
class BalanceDemo:
    """Group shares, and the outcome rate within each group, in real and synthetic rows.

    Attributes:
        group: The column that defines the groups.
        outcome: The outcome column and the value counted as a positive outcome.
        table: One row per group: real share, synthetic share, real rate, synthetic rate.
        largest_share_gap: The largest absolute difference in a group's share.
        rate_spread_real: Highest minus lowest outcome rate across groups, in the real rows.
        rate_spread_synthetic: The same in the synthetic rows.
    """

    group: str
    outcome: tuple[str, str]
    table: pd.DataFrame
    largest_share_gap: float
    rate_spread_real: float
    rate_spread_synthetic: float


def balance_demo(
    real: pd.DataFrame, synthetic: pd.DataFrame, *, group: str, outcome: str, positive: str, min_share: float = 0.01
) -> BalanceDemo:
    """Compare how big each group is, and how often it has the positive outcome, in real and synthetic rows.

    Groups smaller than `min_share` of the real rows are left out of the rate spread, since a handful
    of rows makes their rate noise; they stay in the table.
    """
    table = pd.DataFrame(
        {
            "real_share": real[group].astype(str).value_counts(normalize=True),
            "synthetic_share": synthetic[group].astype(str).value_counts(normalize=True),
            "real_rate": (real[outcome].astype(str) == positive).groupby(real[group].astype(str)).mean(),
            "synthetic_rate": (synthetic[outcome].astype(str) == positive).groupby(synthetic[group].astype(str)).mean(),
        }
    )
    table[["real_share", "synthetic_share"]] = table[["real_share", "synthetic_share"]].fillna(0.0)
    table = table.sort_values("real_share", ascending=False).rename_axis(group).reset_index()
    sizable = table[table["real_share"] >= min_share]

    def spread(column: str) -> float:
        rates = sizable[column].dropna()
        return float(rates.max() - rates.min()) if len(rates) > 1 else 0.0

    return BalanceDemo(
        group=group,
        outcome=(outcome, positive),
        table=table,
        largest_share_gap=float((table["real_share"] - table["synthetic_share"]).abs().max()),
        rate_spread_real=spread("real_rate"),
        rate_spread_synthetic=spread("synthetic_rate"),
    )


@dataclass(frozen=True)
class Check:
    """One step of good practice before sharing synthetic data, and whether this session has done it.

    Attributes:
        key: A stable identifier; the dashboard links it to the page where the check lives.
        label: The step, for people.
        done: Whether the current run has it.
        detail: What was found, or what to do.
    """

    key: str
    label: str
    done: bool
    detail: str


def practice_checklist(run: Run | None) -> tuple[Check, ...]:
    """The checks a careful analyst makes before sharing, read off the current run."""
    if run is None:
        missing = "No synthetic data yet: generate some first."
        return tuple(Check(key, label, False, missing) for key, label in _CHECK_LABELS.items())
    fidelity = run.fidelity
    privacy = run.privacy
    utility = run.utility
    return (
        Check(
            "generate",
            _CHECK_LABELS["generate"],
            True,
            f"{run.generator_label}, seed {run.config.seed}, {run.holdout_rows:,} real rows kept aside.",
        ),
        Check(
            "fidelity",
            _CHECK_LABELS["fidelity"],
            fidelity is not None,
            f"Overall quality {fidelity.overall:.2f}." if fidelity is not None else "Open the Fidelity page.",
        ),
        Check(
            "privacy",
            _CHECK_LABELS["privacy"],
            privacy is not None,
            f"Verdict: {privacy.verdict.level.label} risk." if privacy is not None else "Open the Privacy page.",
        ),
        Check(
            "utility",
            _CHECK_LABELS["utility"],
            utility is not None,
            f"TSTR/TRTR {utility.ratio:.0%} for '{utility.target}'." if utility is not None else "Compute utility.",
        ),
        Check(
            "report",
            _CHECK_LABELS["report"],
            fidelity is not None and privacy is not None and utility is not None,
            "Build the report on the Export page and share it with the data."
            if fidelity is not None and privacy is not None and utility is not None
            else "The report is complete once fidelity, privacy and utility are measured.",
        ),
    )


_CHECK_LABELS = {
    "generate": "Keep real rows aside, and record the generator and seed",
    "fidelity": "Validate fidelity: do the columns and their relationships match?",
    "privacy": "Review privacy: is any synthetic row too close to a real person?",
    "utility": "Check utility: does a model trained on synthetic rows work on real ones?",
    "report": "Disclose: share the review report together with the data",
}
