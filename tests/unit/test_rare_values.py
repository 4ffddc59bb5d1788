"""Rare values protected before fitting: no value seen in fewer than k training rows reaches a model."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from synth_core import generators
from synth_core.cli import build_parser
from synth_core.pipeline import RunConfig, open_saved_run, run_pipeline
from synth_core.rare_values import RARE_MARKER, ProtectedColumn, RareProtection, protect_rare_values
from synth_core.rules import FixedCombinationsRule, IfInSetRule
from synth_core.runs import Run
from synth_core.schema import ColumnKind, ColumnRole, ColumnSchema, TableSchema

FREQUENT_CITIES = ("springfield", "shelbyville", "ogdenville", "north haverbrook")


@pytest.fixture(scope="module")
def people() -> pd.DataFrame:
    """240 rows: 4 cities seen 50 times each, 40 cities seen once; a count with a tail; some missing."""
    rng = np.random.default_rng(7)
    cities = [city for city in FREQUENT_CITIES for _ in range(50)] + [f"hamlet {i:02d}" for i in range(40)]
    rng.shuffle(cities)
    priors = rng.integers(0, 4, 240)
    priors[:3] = [17, 12, 11]  # the tail: each seen once
    band = np.array(["low", "mid", "high"], dtype=object)[rng.integers(0, 3, 240)]
    band[rng.random(240) < 0.1] = None
    return pd.DataFrame(
        {
            "city": cities,
            "priors": priors,
            "band": band,
            "income": np.round(rng.normal(30_000, 5_000, 240), 2),
        }
    )


@pytest.fixture(scope="module")
def schema() -> TableSchema:
    return TableSchema(
        columns=(
            ColumnSchema("city", ColumnKind.CATEGORICAL),
            ColumnSchema("priors", ColumnKind.ORDINAL),
            ColumnSchema("band", ColumnKind.CATEGORICAL),
            ColumnSchema("income", ColumnKind.NUMERICAL, ColumnRole.TARGET),
        )
    )


def _rare(train: pd.DataFrame, column: str, k: int = 5) -> set[object]:
    counts = train[column].value_counts()
    return set(counts[counts < k].index)


# --- protect_rare_values ----------------------------------------------------------------------------


def test_rare_categories_are_replaced_by_frequent_ones(people, schema):
    protected, protection = protect_rare_values(people, schema, k=5, seed=0)

    assert set(protected["city"]) <= set(FREQUENT_CITIES)
    assert protection.columns[0] == ProtectedColumn("city", 40, 40, 4, "draw")
    assert protected.index.equals(people.index)
    assert protected.dtypes.equals(people.dtypes)
    assert protected["income"].equals(people["income"])


def test_ordinal_numbers_take_the_nearest_frequent_value(people, schema):
    protected, protection = protect_rare_values(people, schema, k=5, seed=0)

    assert protected["priors"].iloc[:3].tolist() == [3, 3, 3]
    assert protected["priors"].iloc[3:].equals(people["priors"].iloc[3:])
    assert protection.columns[1].replaced_by == "nearest"


def test_missing_values_are_not_rare_values(people, schema):
    protected, _ = protect_rare_values(people, schema, k=5, seed=0)

    assert protected["band"].isna().equals(people["band"].isna())


def test_a_column_without_frequent_values_becomes_one_marker(schema):
    frame = pd.DataFrame({"city": [f"c{i}" for i in range(12)], "priors": range(12), "band": ["a"] * 12})
    small = TableSchema(columns=schema.columns[:3])

    protected, protection = protect_rare_values(frame, small, k=5, seed=0)

    assert set(protected["city"]) == {RARE_MARKER}
    assert set(protected["priors"]) == {6}  # the median, not any one row's value
    assert [column.replaced_by for column in protection.columns] == ["marker", "marker"]
    assert "'city' had no value seen in 5 or more rows" in protection.note()


def test_same_seed_same_replacements_and_k_zero_changes_nothing(people, schema):
    first, _ = protect_rare_values(people, schema, k=5, seed=3)
    again, _ = protect_rare_values(people, schema, k=5, seed=3)
    other, _ = protect_rare_values(people, schema, k=5, seed=4)
    off, protection = protect_rare_values(people, schema, k=0, seed=3)

    assert first.equals(again)
    assert not first["city"].equals(other["city"])
    assert off is people
    assert protection.k == 0 and not protection.columns
    assert "protection was off" in protection.note()


def test_replacements_keep_rows_within_the_rules(people, schema):
    frame = people.assign(state=np.where(people["city"].isin(FREQUENT_CITIES[:2]), "north", "south"))
    frame.loc[frame["city"].str.startswith("hamlet"), "state"] = "east"
    frame.loc[frame.index[frame["city"] == "ogdenville"][:5], "state"] = "east"
    wide = TableSchema(columns=(*schema.columns, ColumnSchema("state", ColumnKind.CATEGORICAL)))
    rules = [
        FixedCombinationsRule.from_frame(["city", "state"], frame),
        IfInSetRule("state", ("north",), "city", FREQUENT_CITIES[:2]),
    ]

    protected, protection = protect_rare_values(frame, wide, k=5, seed=0, rules=rules)

    assert all(rule.holds(protected).all() for rule in rules)
    hamlets = frame["city"].str.startswith("hamlet")
    assert set(protected.loc[hamlets, "city"]) == {"ogdenville"}  # the only frequent city seen with "east"
    assert protection.rows_dropped == 0
    unrecorded = FixedCombinationsRule(("city", "state"))  # SDV learns its combinations from the protected rows
    assert protect_rare_values(frame, wide, k=5, seed=0, rules=[unrecorded])[1].rows_dropped == 0


def test_note_names_every_column_with_its_count():
    protection = RareProtection(
        k=5, columns=(ProtectedColumn("given", 1790, 2100, 300), ProtectedColumn("city", 22, 30, 12))
    )

    assert protection.note() == (
        "Rare values protected: 1,812 values seen in fewer than 5 training rows were replaced (given: 1,790 by "
        "draws from the frequent values; city: 22 by draws from the frequent values)."
    )
    assert RareProtection.from_dict(json.loads(json.dumps(protection.to_dict()))) == protection


# --- Through the pipeline ---------------------------------------------------------------------------


@pytest.mark.parametrize("generator", ["independent_columns", "gaussian_copula"])
def test_with_protection_no_rare_training_value_is_made(people, schema, generator):
    outcome = run_pipeline(people, schema=schema, config=RunConfig(generator, seed=1, rows=2_000), evaluate=False)

    train = outcome.split.train
    assert not _rare(train, "city") & set(outcome.synthetic["city"])
    assert not _rare(train, "priors") & set(outcome.synthetic["priors"])
    assert outcome.run.rare_protection.values_replaced == len(_rare(train, "city")) + len(_rare(train, "priors"))
    assert any(note.startswith("Rare values protected:") for note in outcome.run.notes)


@pytest.mark.parametrize("generator", ["independent_columns", "copy_rows"])
def test_without_protection_rare_values_are_replayed(people, schema, generator):
    outcome = run_pipeline(
        people, schema=schema, config=RunConfig(generator, seed=1, rows=2_000, rare_k=0), evaluate=False
    )

    assert len(_rare(outcome.split.train, "city") & set(outcome.synthetic["city"])) > 10


def test_the_copy_baseline_is_never_protected(people, schema):
    outcome = run_pipeline(people, schema=schema, config=RunConfig("copy_rows", seed=1, rows=2_000), evaluate=False)

    assert len(_rare(outcome.split.train, "city") & set(outcome.synthetic["city"])) > 10
    assert outcome.run.rare_protection == RareProtection(k=0, applies=False)
    assert not any("Rare value" in note for note in outcome.run.notes)


def test_every_generator_that_learns_from_rows_protects():
    declared = {name: cls.protects_rare_values for name, cls in generators.registry().items()}

    assert declared.pop("copy_rows") is False
    assert declared.pop("dp_mst") is False  # its noise covers rare values; a replacement would void its ε
    assert all(declared.values())
    assert generators.get("dp_mst").rare_values_note


def test_same_seed_same_bytes_and_reopening_the_manifest_refits_alike(people, schema):
    config = RunConfig("gaussian_copula", seed=5)
    first = run_pipeline(people, schema=schema, config=config, evaluate=False, data_sha256="0" * 64)
    second = run_pipeline(people, schema=schema, config=config, evaluate=False, data_sha256="0" * 64)

    reopened = open_saved_run(people, first.run.to_json().encode("utf-8"), name="run.json", data_sha256="0" * 64)

    assert first.synthetic.to_csv(index=False) == second.synthetic.to_csv(index=False)
    assert reopened.synthetic.to_csv(index=False) == first.synthetic.to_csv(index=False)
    assert reopened.run.config.rare_k == 5


# --- Manifest, command line and report ----------------------------------------------------------------


def test_manifest_round_trip_keeps_k_and_the_counts(people, schema):
    outcome = run_pipeline(people, schema=schema, config=RunConfig("independent_columns", rare_k=3), evaluate=False)

    restored = Run.from_json(outcome.run.to_json())

    assert restored.config.rare_k == 3
    assert restored.rare_protection == outcome.run.rare_protection
    assert restored.rare_protection.columns[0].column == "city"


def test_an_old_manifest_without_the_key_loads_with_protection_off(people, schema):
    outcome = run_pipeline(people, schema=schema, config=RunConfig("independent_columns"), evaluate=False)
    manifest = outcome.run.to_dict()
    del manifest["config"]["rare_k"]
    del manifest["rare_protection"]

    old = Run.from_dict(json.loads(json.dumps(manifest, default=str)))

    assert old.config.rare_k == 0  # made without protection, so reproducing it must not add any
    assert old.rare_protection is None
    assert RunConfig("independent_columns").rare_k == 5


def test_cli_flag_reaches_the_config(tmp_path, people, schema):
    from synth_core.cli import main

    parser = build_parser()
    data, schema_file = tmp_path / "people.csv", tmp_path / "schema.json"
    people.to_csv(data, index=False)
    schema_file.write_text(schema.to_json(), encoding="utf-8")  # skips detection, which is slow and not tested here

    flags = ["--generator", "independent_columns", "--schema", str(schema_file), "--rare-k", "2"]
    code = main(["generate", str(data), *flags, "--out", str(tmp_path)])

    assert code == 0
    assert json.loads((tmp_path / "run.json").read_text("utf-8"))["config"]["rare_k"] == 2
    assert parser.parse_args(["generate", "d.csv", "--out", "o"]).rare_k == 5
    with pytest.raises(SystemExit):
        parser.parse_args(["generate", "d.csv", "--out", "o", "--rare-k", "-1"])


def test_report_lists_the_protected_columns(people, schema):
    from synth_core.report import build_report

    outcome = run_pipeline(people, schema=schema, config=RunConfig("independent_columns"), evaluate=False)

    report = build_report(outcome)

    assert "Rare values replaced before fitting" in report
    assert "draws from 4 frequent values" in report
    assert "values seen in fewer than 5 training rows replaced" in report
