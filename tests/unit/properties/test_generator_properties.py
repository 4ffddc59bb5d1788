"""The generator contract on random small tables: fit, sample, seeds, keys, personal data, clear refusals."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from synth_core import generators
from synth_core.errors import SchemaError
from synth_core.generators import GeneratorError
from synth_core.generators.base import MIN_TRAINING_ROWS
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema
from tests.unit.properties.strategies import tables

# The cheap baselines and SDV's Gaussian copula (about 0.1 s a fit on these tiny tables) run the whole
# contract; the deep generators (CTGAN, TVAE, CopulaGAN) take seconds per fit even for two epochs, so here
# they only show that they refuse bad input clearly (tests/unit/generators/test_contract.py fits them).
CHEAP = ("independent_columns", "copy_rows")


def _fit_or_refuse(name: str, frame: pd.DataFrame, schema: TableSchema, seed: int):
    """Fit, or check that the refusal is one of the generator's documented errors and says why."""
    generator_class = generators.get(name)
    updates: list[float] = []
    problems = schema.problems(frame)
    if problems:
        event("refused: the schema does not fit")
        with pytest.raises(SchemaError) as caught:
            generator_class().fit(frame, schema=schema, seed=seed)
        assert caught.value.problems == problems
        return None, updates
    if len(frame) < MIN_TRAINING_ROWS:
        event("refused: too few rows")
        with pytest.raises(GeneratorError, match=f"at least {MIN_TRAINING_ROWS} training rows"):
            generator_class().fit(frame, schema=schema, seed=seed)
        return None, updates
    generator = generator_class()
    fitted = generator.fit(frame, schema=schema, seed=seed, progress=lambda fraction, _: updates.append(fraction))
    assert fitted is generator and generator.is_fitted
    event("fitted")
    return generator, updates


def _check_sample(generator, frame: pd.DataFrame, schema: TableSchema, rows: int, seed: int) -> pd.DataFrame:
    sample = generator.sample(rows, seed=seed)

    assert list(sample.columns) == schema.output_columns
    assert len(sample) == rows
    assert sample.to_csv(index=False) == generator.sample(rows, seed=seed).to_csv(index=False), "same seed, same rows"
    for column in schema.columns:
        if column.role is ColumnRole.IGNORE:
            continue
        values, real = sample[column.name], frame[column.name]
        if column.role is ColumnRole.KEY or column.kind is ColumnKind.ID:
            assert values.is_unique and values.notna().all(), f"key {column.name!r} must be unique and present"
        elif column.kind is ColumnKind.PERSONAL:
            assert not set(values.dropna()) & set(real.dropna()), "personal data is never copied"
        if real.isna().all() and column.role is not ColumnRole.KEY and column.kind is not ColumnKind.ID:
            assert values.isna().all(), f"{column.name!r} has no real values, so none may be made up"
    return sample


def _check_learnt_values(sample: pd.DataFrame, frame: pd.DataFrame, schema: TableSchema) -> None:
    """Categories come from the real ones, numbers stay in the real range, whole numbers stay whole."""
    for column in schema.columns:
        if not column.is_modelled:
            continue
        values, real = sample[column.name], frame[column.name]
        if column.kind.is_category_like:
            assert set(values.dropna().astype(str)) <= set(real.dropna().astype(str)), f"{column.name!r}"
        elif pd.api.types.is_numeric_dtype(real) and real.notna().any():
            assert values.dropna().between(real.min(), real.max()).all(), f"{column.name!r} leaves the real range"
        if pd.api.types.is_integer_dtype(real):
            assert pd.api.types.is_integer_dtype(values), f"whole numbers in {column.name!r} stay whole"


# Regressions: new identifiers for a boolean key were turned back into True, so keys repeated; and a constant
# column of numbers came out spread over ±0.5 around its value.
BOOLEAN_KEY = (
    pd.DataFrame({"flag": [False] * 10, "x": [0.0] * 10}),
    TableSchema((ColumnSchema("flag", ColumnKind.BOOLEAN, ColumnRole.KEY), ColumnSchema("x", ColumnKind.NUMERICAL))),
)
CONSTANT = (pd.DataFrame({"rate": [1.5] * 10}), TableSchema((ColumnSchema("rate", ColumnKind.NUMERICAL),)))


@pytest.mark.parametrize("name", CHEAP)
@given(tables(min_rows=MIN_TRAINING_ROWS, max_rows=30), st.integers(1, 40), st.integers(0, 2**31 - 1))
@example(table=BOOLEAN_KEY, rows=2, seed=0)
@example(table=CONSTANT, rows=5, seed=0)
def test_cheap_generators_keep_the_contract(name, table, rows, seed):
    frame, schema = table

    generator, updates = _fit_or_refuse(name, frame, schema, seed)
    if generator is None:
        return
    sample = _check_sample(generator, frame, schema, rows, seed)

    assert updates[0] == 0.0 and updates[-1] == 1.0 and all(0.0 <= u <= 1.0 for u in updates)
    _check_learnt_values(sample, frame, schema)
    if name == "copy_rows":
        learnt = [c.name for c in schema.columns if c.is_modelled]
        real_rows = set(frame[learnt].astype(str).itertuples(index=False))
        assert set(sample[learnt].astype(str).itertuples(index=False)) <= real_rows, "every row is a real row"


@given(
    tables(min_rows=MIN_TRAINING_ROWS, max_rows=30),
    st.integers(1, 40),
    st.integers(0, 2**31 - 1),
)
def test_gaussian_copula_keeps_the_contract(table, rows, seed):
    frame, schema = table

    generator, _ = _fit_or_refuse("gaussian_copula", frame, schema, seed)
    if generator is None:
        return
    sample = _check_sample(generator, frame, schema, rows, seed)

    _check_learnt_values(sample, frame, schema)  # it keeps numbers in the real range by default


@pytest.mark.parametrize("name", list(generators.registry()))
@given(
    tables(min_rows=1, max_rows=2 * MIN_TRAINING_ROWS),
    st.data(),
    st.sampled_from(list(ColumnKind)),
    st.sampled_from(list(ColumnRole)),
)
def test_every_generator_refuses_too_few_rows_and_misfit_schemas_clearly(name, table, data, kind, role):
    frame, schema = table
    # A user override that may not fit the data, e.g. text made numerical.
    schema = schema.with_column(data.draw(st.sampled_from(schema.names)), kind=kind, role=role)
    if not schema.problems(frame) and len(frame) >= MIN_TRAINING_ROWS:
        return  # this one would fit; fitting is what the tests above check

    generator, _ = _fit_or_refuse(name, frame, schema, seed=0)

    assert generator is None
