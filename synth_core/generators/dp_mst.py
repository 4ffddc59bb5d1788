"""MST (maximum spanning tree), a differentially private generator, with the user's declared domain.

MST (McKenna, Miklau and Sheldon, winner of the 2018 NIST DP synthetic data challenge) measures every
column's histogram and the 2-way marginals along a spanning tree it picks privately, all with Gaussian
noise, then fits a graphical model (Private-PGM) to the noisy counts and samples rows from it. We use the
implementation in smartnoise-synth (`snsynth.mst.MSTSynthesizer`) over Private-PGM (`mbi`); our code only
encodes the columns into the declared domain and decodes the sampled codes.

Privacy accounting (basic composition; neighbouring tables differ by adding or removing one row; the
number of rows is public):
- Undeclared columns (no entry in the `DeclaredDomain`) are learnt with a share of ε (`domain_share`, and
  the same share of δ), split evenly between them: a numerical column's bounds come from a Laplace-noised
  histogram over powers of two (ε_c-DP, the approx-bounds method smartnoise uses); a categorical column's
  values are those whose Laplace-noised count passes the stability threshold 1 + ln(1/(2·δ_c))/ε_c
  ((ε_c, δ_c)-DP). Boolean columns stored as booleans need nothing: their domain is {False, True}.
- MST spends the rest, (ε − ε_domain, δ − δ_domain), through zCDP: ρ/3 on the 1-way marginals, ρ/3 on
  choosing the tree, ρ/3 on the tree's 2-way marginals.
- The whole release is (ε, δ)-DP for the training rows. Sampling, decoding (a uniform draw inside each
  numerical bin) and the rule-based filling of unlearnt columns touch no real row, except that the filling
  of personal-data and text columns copies their real share of missing values (outside the guarantee; a
  run note says so when such columns exist).

Reproducibility: by default (`secure_noise=True`) the noise comes from OpenDP's cryptographic source, so
the guarantee holds whoever knows the run's seed, and a rerun gives other rows. With `secure_noise=False`
the noise comes from numpy generators seeded by the run's seed, so a run is reproduced byte for byte
(tests and benchmarks use this); the guarantee then assumes the seed stays secret, since anyone who knows
it can recompute the noise, and the report says so. Sampling from the fitted model is post-processing and
always follows the seed.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from synth_core.dp_domain import DeclaredDomain
from synth_core.generators._dp_encoding import Noise, column_codec
from synth_core.generators.base import Cost, Generator, GeneratorError, ParamSpec, TableShape
from synth_core.progress import ProgressCallback
from synth_core.schema import ColumnKind, ColumnRole, TableSchema


@dataclass(frozen=True)
class DPBudget:
    """How a run's (ε, δ) is spent, worked out from its configuration alone (no real row is read).

    Attributes:
        epsilon: The total ε.
        delta: The total δ.
        domain_epsilon: ε spent learning the domains of undeclared columns.
        domain_delta: δ spent on them.
        undeclared: The modelled columns whose domain was learnt privately.
        free: Columns whose domain is known without data (booleans).
    """

    epsilon: float
    delta: float
    domain_epsilon: float
    domain_delta: float
    undeclared: tuple[str, ...]
    free: tuple[str, ...] = ()

    @property
    def model_epsilon(self) -> float:
        """ε left for MST itself."""
        return self.epsilon - self.domain_epsilon

    @property
    def model_delta(self) -> float:
        """δ left for MST itself."""
        return self.delta - self.domain_delta

    def describe(self) -> str:
        """One sentence on the split, for run notes and the report."""
        if not self.undeclared:
            return (
                f"ε = {self.epsilon:g} in all, spent on MST (every modelled column's domain was declared); "
                f"δ = {self.delta:g}."
            )
        return (
            f"ε = {self.epsilon:g} in all: {self.domain_epsilon:g} to learn the domain of {len(self.undeclared)} "
            f"undeclared column(s) ({', '.join(self.undeclared)}), {self.model_epsilon:g} for MST; "
            f"δ = {self.delta:g} in all ({self.domain_delta:g} for the domains, {self.model_delta:g} for MST)."
        )


def plan_budget(
    schema: TableSchema, domain: DeclaredDomain | None, *, epsilon: float, delta: float, domain_share: float
) -> DPBudget:
    """Split (ε, δ) between learning undeclared domains and MST, by basic composition."""
    declared = domain or DeclaredDomain()
    undeclared, free = [], []
    for name in declared.undeclared(schema):
        (free if schema.column(name).kind is ColumnKind.BOOLEAN else undeclared).append(name)
    share = domain_share if undeclared else 0.0
    return DPBudget(
        epsilon=epsilon,
        delta=delta,
        domain_epsilon=epsilon * share,
        domain_delta=delta * share,
        undeclared=tuple(undeclared),
        free=tuple(free),
    )


def guarantee_text(params: dict[str, Any], domain: dict[str, Any] | None, schema: TableSchema) -> list[str]:
    """What the report says about a DP run: the guarantee, what it covers, the ε split and the parameters.

    Args:
        params: The run's generator parameters, as given.
        domain: The run's declared domain (`DeclaredDomain.to_dict`), or None.
        schema: The run's schema.

    Returns:
        Plain sentences, in order.
    """
    values = DPMSTGenerator(**params).param_values
    declared = DeclaredDomain.from_dict(domain) if domain else None
    budget = plan_budget(
        schema, declared, epsilon=values["epsilon"], delta=values["delta"], domain_share=values["domain_share"]
    )
    lines = [
        f"(ε, δ)-differential privacy for the training rows with ε = {budget.epsilon:g}, δ = {budget.delta:g} "
        "(neighbouring tables differ by one row, added or removed).",
        "Covered: everything the model learnt from the training rows, hence every synthetic row. The declared "
        "domain is public input"
        + (f" (source: {declared.source})" if declared and declared.source else "")
        + "; the number of training rows is treated as public; the holdout rows are not used by the generator.",
        budget.describe(),
        f"Parameters: {values['bins']} bins per numerical column, {values['iterations']} estimation iterations, "
        f"noise {'from OpenDP (secure, not reproducible)' if values['secure_noise'] else 'seeded from the run seed'}.",
    ]
    if not values["secure_noise"]:
        lines.append(
            "The noise is seeded so the run can be reproduced: the guarantee assumes the seed stays secret. "
            "Share the synthetic rows, not the run manifest or bundle, which record the seed."
        )
    unlearnt = [c.name for c in schema.columns if not c.is_modelled and c.role is not ColumnRole.IGNORE]
    if any(schema.column(name).kind.is_faked for name in unlearnt):
        lines.append(
            "Personal-data and text columns are made up by rules, but keep their real share of missing "
            "values: that share is outside the guarantee."
        )
    return lines


class DPMSTGenerator(Generator):
    """Differentially private MST (smartnoise-synth over Private-PGM) on a declared domain."""

    name = "dp_mst"
    label = "MST (differentially private)"
    family = "differentially private"
    uses_declared_domain = True
    # Replacing values by their counts would let one person change up to k rows and void the (ε, δ) accounting.
    protects_rare_values = False
    rare_values_note = (
        "Rare values were not replaced before fitting: MST's noise already bounds what any one row, rare value or "
        "not, can reveal, and a replacement decided by counts would let one person change several rows and void "
        "the (ε, δ) guarantee. The values it can make come from the declared domain (public) or passed a noisy "
        "threshold."
    )
    explanation = (
        "Gives a formal guarantee: (ε, δ)-differential privacy. It measures each column's histogram and the "
        "strongest pairs of columns, adds calibrated random noise to every count, and draws new rows from a "
        "model fitted to the noisy counts. Smaller ε means more noise: more privacy, less fidelity. The values "
        "each column may take must be declared (or are learnt with part of ε), since reading them from the data "
        "would leak rare values. Numbers are grouped into bins, so fine detail within a bin is lost."
    )
    privacy_warning = (
        "The guarantee covers the training rows given the declared domain and a public row count. If you turn "
        "secure noise off to make runs reproducible, it also rests on the seed staying secret: share the rows, "
        "not the manifest."
    )
    params: ClassVar[tuple[ParamSpec, ...]] = (
        ParamSpec(
            "epsilon",
            "float",
            1.0,
            "The privacy budget: smaller is more private and noisier. 1 is strong; 10 is weak but keeps more detail.",
            label="Privacy budget ε",
            min=0.05,
            max=100.0,
            step=0.5,
        ),
        ParamSpec(
            "delta",
            "float",
            1e-6,
            "The chance the ε bound may fail; keep it far below 1/rows (1e-6 suits tables up to about 100,000 rows).",
            label="δ",
            min=1e-12,
            max=1e-3,
        ),
        ParamSpec(
            "bins",
            "int",
            20,
            "Bins per numerical column; whole numbers with fewer distinct declared values get one bin each.",
            label="Bins for numbers",
            min=2,
            max=200,
        ),
        ParamSpec(
            "domain_share",
            "float",
            0.1,
            "Share of ε (and δ) spent learning the values of columns whose domain is not declared.",
            label="Share of ε for undeclared columns",
            min=0.01,
            max=0.5,
        ),
        ParamSpec(
            "iterations",
            "int",
            2000,
            "Iterations to fit the model to the noisy counts; more is slower and a little more faithful.",
            label="Estimation iterations",
            min=50,
            max=10000,
        ),
        ParamSpec(
            "secure_noise",
            "bool",
            True,
            "On: the noise comes from OpenDP's secure source, so the guarantee holds whoever knows the seed, and "
            "a rerun gives other rows. Off: the noise follows the seed, so the same seed gives the same rows, and "
            "the guarantee then rests on the seed staying secret.",
            label="Secure noise (recommended)",
        ),
    )
    # Quick runs (tests, "try all") have no declared domain and few rows: every column's domain is paid
    # for, which needs a large ε to keep any rare category; the report states the ε used.
    quick_params: ClassVar[dict[str, Any]] = {"iterations": 200, "bins": 10, "epsilon": 10.0, "domain_share": 0.5}
    key_params = ("epsilon", "iterations")
    # Cost (benchmarks/estimates.py, on an idle 2-core machine): choosing the tree measures every pair of
    # columns over the rows against the model so far, so each pair costs more as the table widens; the
    # estimation iterations add a little per column. Sampling walks the junction tree, which grows with the
    # square of the columns. jax and its compiled kernels take about two gigabytes before any column (benchmarks/dp.py).
    fit_fixed_seconds = 2.0
    fit_seconds_per_pair_column: ClassVar[float] = 1.8e-3
    fit_seconds_per_pair_row: ClassVar[float] = 1.6e-5
    fit_seconds_per_column_iteration: ClassVar[float] = 1.0e-4
    fit_base_bytes: ClassVar[int] = 2 * 2**30
    fit_bytes_per_column: ClassVar[int] = 2**30 // 100
    sample_fixed_seconds = 0.3
    sample_seconds_per_column_squared: ClassVar[float] = 4.1e-3
    sample_seconds_per_cell = 9.0e-6

    @classmethod
    def fit_cost(cls, shape: TableShape, params: Mapping[str, Any]) -> Cost:
        """A fixed start, every pair of columns over the rows and the columns, and a part per column and iteration."""
        iterations = int(params.get("iterations", 2000))
        pairs = shape.columns * (shape.columns - 1) / 2
        seconds = (
            cls.fit_fixed_seconds
            + pairs * (shape.columns * cls.fit_seconds_per_pair_column + shape.rows * cls.fit_seconds_per_pair_row)
            + shape.columns * iterations * cls.fit_seconds_per_column_iteration
        )
        return Cost(seconds, cls.fit_base_bytes + shape.columns * cls.fit_bytes_per_column)

    @classmethod
    def sample_cost(cls, shape: TableShape, params: Mapping[str, Any], rows: int) -> Cost:
        """A fixed start, the junction tree (the square of the columns), and a part per cell."""
        cost = super().sample_cost(shape, params, rows)
        return Cost(cost.seconds + shape.columns**2 * cls.sample_seconds_per_column_squared, cost.memory_bytes)

    @classmethod
    def guarantee(cls, params: dict[str, Any], domain: dict[str, Any] | None, schema: TableSchema) -> list[str]:
        """The (ε, δ) guarantee of a run with these parameters and domain (see `guarantee_text`)."""
        return guarantee_text(params, domain, schema)

    def __init__(self, *, domain: DeclaredDomain | dict[str, Any] | None = None, **params: Any) -> None:
        """Store the parameters and the declared domain.

        Args:
            domain: The declared domain (or its `to_dict` form); None declares nothing, so every column's
                domain is paid for out of ε.
            **params: See `params`.
        """
        super().__init__(**params)
        self.domain = DeclaredDomain.from_dict(domain) if isinstance(domain, dict) else domain
        self.budget: DPBudget | None = None
        self.empty_columns: tuple[str, ...] = ()

    def _fit(self, train: pd.DataFrame, schema: TableSchema, progress: ProgressCallback) -> None:
        from mbi import Dataset, Domain  # jax loads here, not when the registry is read
        from snsynth.mst.mst import MSTSynthesizer  # noqa: F401 - imported before reseeding, see below

        # A first import may draw from numpy's global state; reseed it so the same seed gives the same bytes.
        np.random.seed(self._seed % 2**32)
        values = self.param_values
        if self.domain is not None:
            self.domain.validate(schema)
        budget = plan_budget(
            schema, self.domain, epsilon=values["epsilon"], delta=values["delta"], domain_share=values["domain_share"]
        )
        noise = Noise(None if values["secure_noise"] else np.random.default_rng([self._seed, 1]))
        progress(0.05, "Setting the domain of each column")
        shares = max(1, len(budget.undeclared))
        per_column = (budget.domain_epsilon / shares, budget.domain_delta / shares)
        codecs = [
            column_codec(
                column.name, column.kind, train[column.name], self.domain, int(values["bins"]), per_column, noise
            )
            for column in schema.columns
        ]
        codes = np.column_stack([codec.encode(train[codec.name]) for codec in codecs])
        codes = codes[(codes >= 0).all(axis=1)]  # rows with a value the domain cannot hold are left out
        if len(codes) == 0:
            raise GeneratorError(
                "No training row fits the declared domain. Check its categories and whether columns may be missing."
            )
        progress(0.1, f"Measuring noisy marginals (ε = {budget.model_epsilon:g})")
        attrs = [f"c{index}" for index in range(len(codecs))]
        data = Dataset(codes, Domain(attrs, [codec.size for codec in codecs]))
        model = _MST(budget.model_epsilon, budget.model_delta, noise=noise, iterations=int(values["iterations"]))
        with warnings.catch_warnings():
            # smartnoise's domain compression hands mbi DataFrames, which mbi 1.1 deprecates; harmless here.
            warnings.filterwarnings("ignore", message="Pandas dataframe inputs are deprecated")
            model.fit_dataset(data, public_rows=len(train))
        self._model, self._codecs, self.budget = model, codecs, budget
        # Which undeclared columns learnt no value is post-processing of their noisy counts, so it may be said.
        self.empty_columns = tuple(codec.name for codec in codecs if codec.slots == 0)

    def fit(self, train: pd.DataFrame, *, schema: TableSchema, seed: int = 0, **kwargs: Any) -> DPMSTGenerator:
        """Learn from the training rows under (ε, δ)-differential privacy; see `Generator.fit`.

        Raises:
            DomainError: The declared domain does not fit the schema (every problem listed).
        """
        self._seed = seed
        return super().fit(train, schema=schema, seed=seed, **kwargs)

    def _sample(self, rows: int, seed: int) -> pd.DataFrame:
        codes = self._model.sample_codes(rows)
        rng = np.random.default_rng([seed, 2])
        return pd.DataFrame({codec.name: codec.decode(codes[:, i], rng) for i, codec in enumerate(self._codecs)})

    def run_notes(self) -> tuple[str, ...]:
        """What the Run records about this fit: the guarantee and how ε was spent."""
        if self.budget is None:
            return ()
        notes = (
            f"Differentially private: {self.budget.describe()} Real values outside the declared domain were "
            "clipped to its bounds or made missing, or their row was left out (row by row, so the guarantee holds).",
        )
        if self.param_values["secure_noise"]:
            notes += ("Secure noise: the noise does not follow the seed, so reproducing this run gives other rows.",)
        if self.empty_columns:
            notes += (
                f"No value of {', '.join(self.empty_columns)} stood out from the noise at this ε, so these columns "
                "are left empty. Declare their domain, or raise ε or the share of ε for undeclared columns.",
            )
        return notes


def _mechanism_class() -> type:
    """Build smartnoise's MST with our noise source once and bound to this module's name so a fitted model pickles.

    smartnoise is imported only when a DP run starts (it pulls in jax), hence the class is built here.
    """
    if not _MECHANISM_CLASS:
        from snsynth.mst.mst import MSTSynthesizer

        class Mechanism(MSTSynthesizer):  # type: ignore[misc, valid-type]
            noise: Noise

            def measure(inner, data, cliques, sigma, weights=None):  # noqa: N805 - smartnoise's signature
                from mbi import LinearMeasurement

                weights = np.ones(len(cliques)) if weights is None else np.asarray(weights)
                weights = weights / np.linalg.norm(weights)
                measured = []
                for clique, weight in zip(cliques, weights, strict=True):
                    counts = np.asarray(data.project(clique).datavector())
                    noisy = counts + inner.noise.gaussian(sigma / weight, counts.size)
                    measured.append(LinearMeasurement(noisy, clique, sigma / weight))
                return measured

            def exponential_mechanism(inner, q, eps, sensitivity, prng=None, monotonic=False):  # noqa: N805
                # Our own generator, not numpy's global state (which first imports may have moved).
                return super().exponential_mechanism(
                    q, eps, sensitivity, prng=inner.noise.selection, monotonic=monotonic
                )

            def transform_data(inner, data, supports):  # noqa: N805
                inner.supports = supports  # kept to undo the compression when sampling (smartnoise keeps a lambda)
                return super().transform_data(data, supports)

        Mechanism.__qualname__ = Mechanism.__name__ = "_Mechanism"
        _MECHANISM_CLASS.append(Mechanism)
    return _MECHANISM_CLASS[0]


_MECHANISM_CLASS: list[type] = []


def __getattr__(name: str) -> Any:
    """Let pickle find the lazily built mechanism class by its name."""
    if name == "_Mechanism":
        return _mechanism_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _MST:
    """smartnoise's MST mechanism with our noise source and iteration count; a single column needs no tree."""

    def __init__(self, epsilon: float, delta: float, *, noise: Noise, iterations: int) -> None:
        self.mechanism = _mechanism_class()(epsilon=epsilon, delta=delta)
        self.mechanism.noise = noise
        self.iterations = iterations

    def fit_dataset(self, data: Any, *, public_rows: int) -> None:
        """MST's three measurements and the Private-PGM fit (as `MSTSynthesizer.MST`, with our iterations).

        Args:
            data: The encoded rows that fit the domain.
            public_rows: The number of training rows, which is public. It is used as the model's total
                instead of the rows left after leaving out those outside the domain: that count is private.
        """
        from mbi import estimation, marginal_oracles
        from snsynth.utils import cdp_rho

        mechanism = self.mechanism
        rho = cdp_rho(mechanism.epsilon, mechanism.delta)
        sigma = math.sqrt(3 / (2 * rho))
        total = public_rows
        one_way = mechanism.measure(data, [(attr,) for attr in data.domain], sigma)
        data, one_way, _ = mechanism.compress_domain(data, one_way)
        two_way = []
        if len(data.domain) > 1:
            tree = mechanism.select(data, rho / 3.0, one_way, total)
            two_way = mechanism.measure(data, tree, sigma)
        mechanism.synthesizer = estimation.mirror_descent(
            data.domain,
            one_way + two_way,
            known_total=float(total),
            iters=self.iterations,
            marginal_oracle=marginal_oracles.message_passing_stable,
        )

    def sample_codes(self, rows: int) -> np.ndarray:
        """Draw rows of codes i.i.d. from the model (not by rounding, which adds false correlations)."""
        sampled = self.mechanism.synthesizer.synthetic_data(rows=rows, method="sample")
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Pandas dataframe inputs are deprecated")
            decompressed = self.mechanism.reverse_data(sampled, self.mechanism.supports)
        return decompressed.df.to_numpy(dtype=np.int64)


__all__ = ["DPBudget", "DPMSTGenerator", "guarantee_text", "plan_budget"]
