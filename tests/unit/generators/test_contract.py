"""One contract test over every registered generator, on a small slice of Adult."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core import generators
from synth_core.detection import infer_schema
from synth_core.generators import GeneratorError
from synth_core.schema import ColumnKind

GENERATOR_NAMES = list(generators.registry())


@pytest.fixture(scope="module")
def small_adult(adult) -> pd.DataFrame:
    return adult.sample(400, random_state=1).reset_index(drop=True)


@pytest.fixture(scope="module")
def small_schema(small_adult):
    return infer_schema(small_adult)


def _quick(name: str):
    generator_class = generators.get(name)
    params = dict(generator_class.quick_params)
    if any(spec.name == "secure_noise" for spec in generator_class.params):
        params["secure_noise"] = False  # secure noise is never reproduced, by design; the seeded mode must be
    return generator_class(**params)


def test_every_family_is_registered():
    names = set(GENERATOR_NAMES)

    assert {"gaussian_copula", "ctgan", "tvae", "copulagan", "independent_columns", "copy_rows", "dp_mst"} <= names


@pytest.mark.parametrize("name", GENERATOR_NAMES)
def test_declared_facts(name):
    generator_class = generators.get(name)

    assert generator_class.name == name
    assert generator_class.label and len(generator_class.explanation) > 80
    assert generator_class.family in (
        "statistical", "deep learning", "baseline", "rule-based", "differentially private"
    )  # fmt: skip
    for spec in generator_class.params:
        assert spec.help
        assert spec.check(spec.default)[1] is None, f"{name}.{spec.name} default is out of its own bounds"


@pytest.fixture(scope="module")
def fitted_once(small_adult, small_schema):
    """Each generator fitted once with seed 7, with its progress reports; shared, as some fits take seconds."""
    fits = {}

    def fit(name: str):
        if name not in fits:
            generator, updates = _quick(name), []
            fitted = generator.fit(small_adult, schema=small_schema, seed=7, progress=lambda f, m: updates.append(f))
            fits[name] = (generator, fitted, updates)
        return fits[name]

    return fit


@pytest.mark.parametrize("name", GENERATOR_NAMES)
def test_fit_returns_self_and_sample_has_the_real_columns(name, small_adult, fitted_once):
    generator, fitted, updates = fitted_once(name)

    sample = fitted.sample(123, seed=4)

    assert fitted is generator
    assert list(sample.columns) == list(small_adult.columns)
    assert len(sample) == 123
    assert updates[0] == 0.0 and updates[-1] == 1.0
    assert all(0.0 <= value <= 1.0 for value in updates)
    # Categories only take values seen in the real data.
    assert set(sample["sex"].dropna()) <= set(small_adult["sex"])
    assert sample["age"].dtype.kind == "i"


@pytest.mark.parametrize("name", GENERATOR_NAMES)
def test_sampling_before_fit_is_a_clear_error(name):
    with pytest.raises(GeneratorError, match=r"has not been fitted yet\. Call fit"):
        _quick(name).sample(10, seed=0)


@pytest.mark.parametrize("name", GENERATOR_NAMES)
def test_same_seed_same_bytes_other_seed_other_rows(name, small_adult, small_schema, fitted_once):
    fitted = fitted_once(name)[1]
    first = fitted.sample(200, seed=11)
    other = fitted.sample(200, seed=12)
    again = _quick(name).fit(small_adult, schema=small_schema, seed=7).sample(200, seed=11)

    assert first.to_csv(index=False) == again.to_csv(index=False)
    assert first.to_csv(index=False) != other.to_csv(index=False)


def test_unknown_and_out_of_range_parameters_are_all_listed():
    with pytest.raises(GeneratorError) as caught:
        generators.get("ctgan")(epochs=0, colour="red")

    message = str(caught.value)
    assert "'colour' is not a parameter" in message
    assert "'epochs' must be between 1 and 5000" in message


def test_unknown_generator_lists_the_known_ones():
    with pytest.raises(GeneratorError, match="gaussian_copula"):
        generators.get("magic")


def test_personal_columns_are_never_learnt(small_adult, small_schema):
    real = small_adult.assign(contact=[f"person{i}@example.org" for i in range(len(small_adult))])
    schema = infer_schema(real)
    assert schema.column("contact").kind is ColumnKind.PERSONAL

    sample = generators.get("copy_rows")().fit(real, schema=schema, seed=0).sample(300, seed=0)

    assert not set(sample["contact"]) & set(real["contact"])
    assert sample["contact"].str.contains("@").all()
    # The copy baseline copies every learnt column, yet personal data is still replaced.
    assert set(map(tuple, sample[["age", "sex"]].to_numpy())) <= set(map(tuple, real[["age", "sex"]].to_numpy()))


def test_keys_are_regenerated_and_ignored_columns_left_out(student_placements):
    schema = infer_schema(student_placements).with_column("gender", role="ignore")

    sample = generators.get("gaussian_copula")().fit(student_placements, schema=schema, seed=0).sample(50, seed=0)

    assert "gender" not in sample.columns
    assert sample["student_id"].is_unique
    assert not set(sample["student_id"]) & set(student_placements["student_id"])


def test_too_few_rows_is_refused(small_adult, small_schema):
    with pytest.raises(GeneratorError, match="at least 10 training rows"):
        generators.get("gaussian_copula")().fit(small_adult.head(5), schema=small_schema, seed=0)


def test_a_progress_callback_can_stop_a_fit_and_nothing_changes(small_adult, small_schema):
    from synth_core.generators import FitCancelledError

    def stop_at_second_epoch(fraction: float, message: str) -> None:
        if "epoch 2" in message:
            raise FitCancelledError("Stopped by the user.")

    generator = generators.get("ctgan")(epochs=5, batch_size=200)
    with pytest.raises(FitCancelledError):
        generator.fit(small_adult, schema=small_schema, seed=0, progress=stop_at_second_epoch)

    assert not generator.is_fitted
    # The lock and the patched epoch loop were released: a new fit runs normally.
    messages = []
    generators.get("ctgan")(epochs=2, batch_size=200).fit(
        small_adult, schema=small_schema, seed=0, progress=lambda f, m: messages.append(m)
    )
    assert any("epoch 2 of 2" in message for message in messages)
