"""The one adapter between our generators and SDV 2.0's single-table synthesizers.

SDV 2.0 is dict-based even for one table: `fit({"table": frame})` and `sample(n)["table"]`. After a
fit, SDV samples from a fixed internal seed; `_sample` resets that and seeds the model with ours.
CTGAN and TVAE loop over epochs through `tqdm`; `epoch_progress` swaps it for an iterator that
reports each epoch, so the UI can show progress. That swap is safe because fits run one at a time
under the model lock.

Conditions go through `sample_from_conditions`. The Gaussian copula conditions its joint normal
directly; CTGAN, TVAE and CopulaGAN draw rows and keep the matching ones (rejection sampling), which
runs out for rare values. SDV then returns fewer rows with only a warning, so the count is checked here.
Rules become SDV constraints (`synthesizer.add_constraints`) before the fit.
"""

from __future__ import annotations

import importlib
import logging
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any, ClassVar

import pandas as pd

from synth_core.generators import _deep_params as deep
from synth_core.generators.base import Cost, Generator, GeneratorError, TableShape
from synth_core.progress import ProgressCallback
from synth_core.rules import rule_problems
from synth_core.schema import SDV_TABLE_NAME, TableSchema

# Modules whose training loop iterates `tqdm(range(epochs))`.
_EPOCH_LOOP_MODULES = ("ctgan.synthesizers.ctgan", "ctgan.synthesizers.tvae")
# SDV's own default: rejection-sampling rounds per batch before it gives up.
MAX_TRIES_PER_BATCH = 100


class SDVGenerator(Generator):
    """Base for generators backed by an SDV single-table synthesizer."""

    synthesizer_path: ClassVar[str]  # "module:ClassName"
    # Deep generators only (`is_deep`; see `_deep_params`): seconds per training row and epoch at an encoded
    # width of 100, and for sampling, per encoded value, per modelled column and per number.
    fit_seconds_per_row_epoch: ClassVar[float] = 0.0
    mixture_seconds_per_value: ClassVar[float] = 0.0
    mixture_seconds_per_number: ClassVar[float] = 0.0
    sample_seconds_per_value: ClassVar[float] = 0.0
    sample_seconds_per_column: ClassVar[float] = 0.0
    sample_seconds_per_number: ClassVar[float] = 0.0
    supports_conditions = True
    conditions_note = (
        "The model draws rows and keeps those with the fixed values (rejection sampling), so rare values "
        "may run out of tries."
    )
    enforces_rules: ClassVar[bool] = True

    @classmethod
    def fit_cost(cls, shape: TableShape, params: Mapping[str, Any]) -> Cost:
        """The deep generators' cost (`deep.fit_cost`) when `is_deep`, else one pass per cell."""
        return deep.fit_cost(cls, shape, params) if cls.is_deep else super().fit_cost(shape, params)

    @classmethod
    def sample_cost(cls, shape: TableShape, params: Mapping[str, Any], rows: int) -> Cost:
        """The deep generators' cost (`deep.sample_cost`) when `is_deep`, else a part per cell."""
        return deep.sample_cost(cls, shape, rows) if cls.is_deep else super().sample_cost(shape, params, rows)

    def _synthesizer_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for the SDV synthesizer besides the metadata."""
        return dict(self.param_values)

    def _fit(self, train: pd.DataFrame, schema: TableSchema, progress: ProgressCallback) -> None:
        module_name, class_name = self.synthesizer_path.split(":")
        synthesizer_class = getattr(importlib.import_module(module_name), class_name)
        kwargs = self._synthesizer_kwargs()
        if kwargs.get("enable_gpu"):
            import torch

            if not torch.cuda.is_available():
                raise GeneratorError(f"{self.label}: no GPU is available here. Turn 'enable_gpu' off.")
        logging.getLogger("sdv").setLevel(logging.WARNING)
        synthesizer = synthesizer_class(schema.to_sdv_metadata(train), **kwargs)
        if self.rules:
            problems = rule_problems(self.rules, train, schema)  # all at once, before SDV stops at the first
            if problems:
                raise GeneratorError(f"{self.label} cannot enforce these rules:\n- " + "\n- ".join(problems))
            synthesizer.add_constraints([rule.to_sdv() for rule in self.rules])
        epochs = int(kwargs.get("epochs", 0))
        progress(0.05, f"Fitting {self.label}")
        with warnings.catch_warnings(), epoch_progress(progress, epochs, self.label):
            warnings.simplefilter("ignore")  # SDV's range and format notices are about data we already checked
            synthesizer.fit({SDV_TABLE_NAME: train})
        self._synthesizer = synthesizer

    def _sample(self, rows: int, seed: int) -> pd.DataFrame:
        self._synthesizer.reset_sampling()
        self._synthesizer._set_random_state(seed)  # SDV otherwise samples from a fixed seed after fit
        with warnings.catch_warnings(), quiet_sampling():
            warnings.simplefilter("ignore")
            sampled = self._synthesizer.sample(rows)[SDV_TABLE_NAME]
        if len(sampled) < rows:  # SDV gives up after 100 tries when rules reject most rows
            raise GeneratorError(
                f"{self.label} made only {len(sampled):,} of {rows:,} rows that obey the rules. "
                "Remove the rule the model rarely meets, or ask for fewer rows."
            )
        return sampled

    def _sample_conditions(self, conditions: list[tuple[dict[str, Any], int]], seed: int) -> pd.DataFrame:
        from sdv.sampling import Condition

        self._synthesizer.reset_sampling()
        self._synthesizer._set_random_state(seed)
        parts = []
        # One call per condition: SDV groups conditions by their columns, which would reorder the rows,
        # and a shortfall must name its condition.
        for values, count in conditions:
            try:
                with warnings.catch_warnings(), quiet_sampling():
                    warnings.simplefilter("ignore")  # a shortfall is only a warning in SDV; we check the count
                    sampled = self._synthesizer.sample_from_conditions(
                        [Condition(column_values=values, num_rows=count)], max_tries_per_batch=MAX_TRIES_PER_BATCH
                    )[SDV_TABLE_NAME]
            except ValueError as error:  # SDV raises when not a single row matched
                cause = error.__cause__ or error  # SDV re-raises with a generic message; the cause says more
                if "Unable to sample any rows" not in str(cause):
                    raise
                sampled = pd.DataFrame()
            if len(sampled) < count:
                raise GeneratorError(self._shortfall(values, count, len(sampled)))
            parts.append(sampled.head(count))
        return pd.concat(parts, ignore_index=True)

    def _shortfall(self, values: dict[str, Any], count: int, made: int) -> str:
        """Why a condition got too few rows, and what to do."""
        fixed = ", ".join(f"{name} = {value!r}" for name, value in values.items())
        return (
            f"{self.label} made only {made:,} of the {count:,} rows asked for with {fixed}. {self.conditions_note} "
            "This combination is too rare for this model. Ask for fewer rows, fix fewer columns, or use the "
            "Gaussian copula, which conditions directly."
        )


class _EpochIterator:
    """Stands in for `tqdm(range(epochs))`: yields epochs and reports each one."""

    def __init__(self, iterable: Any, progress: ProgressCallback, label: str) -> None:
        self._items = list(iterable)
        self._progress = progress
        self._label = label

    def __iter__(self) -> Iterator[Any]:
        total = max(len(self._items), 1)
        for done, item in enumerate(self._items):
            self._progress(0.05 + 0.9 * done / total, f"{self._label}: epoch {done + 1} of {total}")
            yield item

    def set_description(self, *args: Any, **kwargs: Any) -> None:
        """Ignore tqdm's loss read-out."""


@contextmanager
def quiet_sampling() -> Iterator[None]:
    """Silence the progress bar SDV prints when it samples with constraints or conditions (the core never prints)."""
    module = importlib.import_module("sdv.single_table.base")
    original = module.tqdm

    def silent_bar(*args: Any, **kwargs: Any) -> Any:
        return original.tqdm(*args, **{**kwargs, "disable": True})

    module.tqdm = SimpleNamespace(tqdm=silent_bar)  # safe: sampling runs one at a time under the model lock
    try:
        yield
    finally:
        module.tqdm = original


@contextmanager
def epoch_progress(progress: ProgressCallback, epochs: int, label: str) -> Iterator[None]:
    """Report each training epoch of CTGAN-family models through `progress`."""
    if epochs <= 0:
        yield
        return
    modules = [importlib.import_module(name) for name in _EPOCH_LOOP_MODULES]
    originals = [module.tqdm for module in modules]

    def make_iterator(iterable: Any, *args: Any, **kwargs: Any) -> _EpochIterator:
        return _EpochIterator(iterable, progress, label)

    for module in modules:
        module.tqdm = make_iterator
    try:
        yield
    finally:
        for module, original in zip(modules, originals, strict=True):
            module.tqdm = original
