"""Same seed, same bytes: also when two sessions generate at the same moment in threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from synth_core import generators
from synth_core.detection import infer_schema


@pytest.fixture(scope="module")
def adult_slice(adult):
    return adult.sample(1500, random_state=2).reset_index(drop=True)


def _csv(name: str, frame, schema, seed: int, **params) -> str:
    generator = generators.get(name)(**params).fit(frame, schema=schema, seed=seed)
    return generator.sample(300, seed=seed).to_csv(index=False)


@pytest.mark.parametrize(("name", "params"), [("gaussian_copula", {}), ("ctgan", {"epochs": 2})])
def test_parallel_threads_reproduce_the_serial_bytes(name, params, adult_slice):
    schema = infer_schema(adult_slice)
    serial = {seed: _csv(name, adult_slice, schema, seed, **params) for seed in (1, 2)}

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(_csv, name, adult_slice, schema, seed, **params) for seed in (1, 2, 1, 2)]
        parallel = [future.result() for future in futures]

    assert parallel == [serial[1], serial[2], serial[1], serial[2]]
    assert serial[1] != serial[2]


def test_parallel_dp_fits_with_seeded_noise_reproduce_the_serial_bytes(adult_slice):
    # MST draws its noise from numpy generators of its own, seeded from the run seed, not from global state.
    frame = adult_slice[["age", "sex", "race", "hours-per-week", "income"]].head(500)
    schema = infer_schema(frame)
    params = {"iterations": 100, "bins": 10, "epsilon": 10.0, "domain_share": 0.5, "secure_noise": False}
    serial = {seed: _csv("dp_mst", frame, schema, seed, **params) for seed in (1, 2)}

    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_csv, "dp_mst", frame, schema, seed, **params) for seed in (2, 1)]
        parallel = [future.result() for future in futures]

    assert parallel == [serial[2], serial[1]]
    assert serial[1] != serial[2]
