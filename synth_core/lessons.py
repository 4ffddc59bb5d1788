"""Live demos for the Learn pages: small, fast computations on real data that move with their controls.

Each demo is pure (data and a setting in, a typed result out) so the pages only draw, and the tests
can check that a demo moves the right way when its control moves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from synth_core.evaluation.associations import calculate_associations
from synth_core.evaluation.distances import distance_columns, nearest_distances
from synth_core.evaluation.fidelity import calculate_fidelity
from synth_core.evaluation.privacy import privacy_metadata
from synth_core.generators import get
from synth_core.schema import ColumnKind, TableSchema


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
        elif column.kind in (ColumnKind.CATEGORICAL, ColumnKind.ORDINAL, ColumnKind.BOOLEAN):
            swap = rng.random(len(values)) < noise
            replacement = values.sample(len(values), replace=True, random_state=rng).to_numpy()
            noisy[column.name] = values.where(~swap, replacement)
    metadata = privacy_metadata(schema, real)
    columns = distance_columns(metadata, available=set(real.columns))
    median_dcr = float(np.median(nearest_distances(noisy, real, columns)[:, 0]))
    shapes = calculate_fidelity(real, noisy, schema=schema).column_shapes
    return NoisyCopyPoint(noise=noise, median_dcr=median_dcr, column_shapes=shapes)


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
    """

    generator: str
    real: pd.DataFrame
    synthetic: pd.DataFrame
    real_association: float
    synthetic_association: float
    agreement: float


def pair_demo(
    real: pd.DataFrame, schema: TableSchema, columns: tuple[str, str], *, generator: str, seed: int = 0
) -> PairDemo:
    """Fit a generator on two columns and compare their association in real and synthetic rows."""
    pair = TableSchema(columns=tuple(schema.column(name) for name in columns))
    frame = real[list(columns)].reset_index(drop=True)
    synthetic = get(generator)().fit(frame, schema=pair, seed=seed).sample(len(frame), seed=seed)
    real_value = float(calculate_associations(frame, pair).iloc[0, 1])
    synthetic_value = float(calculate_associations(synthetic, pair).iloc[0, 1])
    return PairDemo(
        generator=generator,
        real=frame,
        synthetic=synthetic,
        real_association=real_value,
        synthetic_association=synthetic_value,
        agreement=1.0 - abs(real_value - synthetic_value),
    )
