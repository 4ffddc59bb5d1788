"""Rules: serialisation, descriptions, suggestions from real data, and enforcement by the generators."""

from __future__ import annotations

import json
import time

import pandas as pd
import pytest

from synth_core import generators
from synth_core.detection import infer_schema
from synth_core.generators import GeneratorError
from synth_core.pipeline import fit_generator
from synth_core.rules import (
    FixedCombinationsRule,
    FixedIncrementsRule,
    IfInSetRule,
    InequalityRule,
    RangeRule,
    Rule,
    rule_compliance,
    suggest_rules,
)
from synth_core.runs import Run, RunConfig

HUSBANDS_ARE_MEN = IfInSetRule("relationship", ("Husband",), "sex", ("Male",))


@pytest.fixture(scope="module")
def spells(adult) -> pd.DataFrame:
    """2,000 Adult rows with a derived spell: `end = start + hours-per-week`, so start <= end always.

    The one Adult row with a female husband is left out, so the if-then rule holds in the real rows.
    """
    frame = adult.head(2_001).copy()
    frame["start"] = frame["age"]
    frame["end"] = frame["age"] + frame["hours-per-week"]
    frame = frame[["start", "end", "education", "education-num", "relationship", "sex", "income"]]
    return frame[HUSBANDS_ARE_MEN.holds(frame)].head(2_000).reset_index(drop=True)


@pytest.fixture(scope="module")
def spells_schema(spells):
    return infer_schema(spells)


def _every_kind(frame: pd.DataFrame) -> list[Rule]:
    return [
        InequalityRule("start", "end"),
        RangeRule("start", "end", "end", strict=False),
        FixedCombinationsRule.from_frame(["education", "education-num"], frame),
        FixedIncrementsRule("salary", 100),
        HUSBANDS_ARE_MEN,
    ]


def test_every_rule_kind_round_trips_through_json(spells):
    for rule in _every_kind(spells):
        data = json.loads(json.dumps(rule.to_dict()))
        assert data["kind"] == rule.kind
        assert Rule.from_dict(data) == rule


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown rule kind 'nope'"):
        Rule.from_dict({"kind": "nope"})


def test_descriptions_are_plain_sentences(spells):
    assert InequalityRule("start", "end").describe() == "'start' is never greater than 'end'."
    assert InequalityRule("start", "end", strict=True).describe() == "'start' is always less than 'end'."
    assert RangeRule("a", "b", "c").describe() == "'b' always lies between 'a' and 'c' (bounds included)."
    assert FixedCombinationsRule.from_frame(["education", "education-num"], spells).describe() == (
        "Only the 16 combinations of 'education' and 'education-num' seen in the real data occur."
    )
    assert FixedIncrementsRule("salary", 1000).describe() == "'salary' is always a multiple of 1,000."
    assert HUSBANDS_ARE_MEN.describe() == "When 'relationship' is 'Husband', 'sex' is 'Male'."
    assert IfInSetRule("a", (1, 2), "b", ("x",)).describe() == "When 'a' is one of '1', '2', 'b' is 'x'."


def test_missing_values_count_as_obeying():
    frame = pd.DataFrame({"low": [1.0, None, 5.0], "high": [2.0, 0.0, 4.0], "step": [10, None, 15]})
    assert InequalityRule("low", "high").holds(frame).tolist() == [True, True, False]
    assert FixedIncrementsRule("step", 5).holds(frame).all()
    assert FixedIncrementsRule("step", 10).holds(frame).tolist() == [True, True, False]


def test_rules_obeyed_by_the_real_rows_comply_fully(spells, student_placements):
    rules = [rule for rule in _every_kind(spells) if "salary" not in rule.columns]
    assert [result.share for result in rule_compliance(spells, rules)] == [1.0] * len(rules)
    dates = rule_compliance(student_placements, [InequalityRule("start_date", "end_date", strict=True)])[0]
    assert (dates.rows, dates.rows_obeying, dates.share) == (len(student_placements), len(student_placements), 1.0)


def test_suggestions_find_education_and_its_number_on_adult_in_under_a_second(adult):
    schema = infer_schema(adult.head(3_000))
    started = time.perf_counter()
    suggested = suggest_rules(adult, schema)
    assert time.perf_counter() - started < 1.0
    pairs = [set(rule.column_names) for rule in suggested if isinstance(rule, FixedCombinationsRule)]
    assert {"education", "education-num"} in pairs
    assert all(share == 1.0 for share in (result.share for result in rule_compliance(adult, suggested)))


def test_suggestions_find_start_before_end_on_student_placements(student_placements):
    suggested = suggest_rules(student_placements, infer_schema(student_placements))
    assert suggested[0] == InequalityRule("start_date", "end_date")
    assert FixedIncrementsRule("salary", 100) in suggested
    assert len(suggested) <= 12


def test_suggested_rules_on_dates_and_salaries_are_enforced(student_placements):
    schema = infer_schema(student_placements)
    suggested = suggest_rules(student_placements, schema)
    fitted = generators.get("gaussian_copula")().fit(student_placements, schema=schema, seed=2, rules=suggested)
    synthetic = fitted.sample(500, seed=2)
    assert [result.share for result in rule_compliance(synthetic, suggested)] == [1.0] * len(suggested)


def test_gaussian_copula_obeys_enforced_rules_where_independent_columns_does_not(spells, spells_schema):
    rules = [InequalityRule("start", "end"), FixedCombinationsRule.from_frame(["education", "education-num"], spells)]
    config = RunConfig(generator="gaussian_copula", rules=tuple(rule.to_dict() for rule in rules), seed=3)

    enforced = fit_generator(spells, spells_schema, config).sample(2_000, seed=3)
    baseline = generators.get("independent_columns")().fit(spells, schema=spells_schema, seed=3, rules=rules)
    ignored = baseline.sample(2_000, seed=3)

    assert [result.share for result in rule_compliance(enforced, rules)] == [1.0, 1.0]
    assert all(result.share < 1.0 for result in rule_compliance(ignored, rules))
    assert not baseline.enforces_rules


def test_gaussian_copula_enforces_the_if_then_rule(spells, spells_schema):
    unruled = generators.get("gaussian_copula")().fit(spells, schema=spells_schema, seed=5).sample(2_000, seed=5)
    ruled = generators.get("gaussian_copula")().fit(spells, schema=spells_schema, seed=5, rules=[HUSBANDS_ARE_MEN])
    synthetic = ruled.sample(2_000, seed=5)

    assert len(synthetic) == 2_000
    assert rule_compliance(synthetic, [HUSBANDS_ARE_MEN])[0].share == 1.0
    assert rule_compliance(unruled, [HUSBANDS_ARE_MEN])[0].share < 1.0


def test_rules_that_cannot_be_enforced_are_all_listed(spells, spells_schema):
    rules = [
        InequalityRule("end", "start"),  # broken by every real row
        FixedIncrementsRule("education", 2),  # a categorical column
        InequalityRule("start", "salary"),  # no such column
    ]
    with pytest.raises(GeneratorError) as error:
        generators.get("gaussian_copula")().fit(spells, schema=spells_schema, rules=rules)
    message = str(error.value)
    assert "2,000 real row(s) break it" in message
    assert "needs a numerical" in message
    assert "'salary' is not modelled" in message


def test_rules_travel_in_the_run_manifest(spells, spells_schema):
    rules = tuple(rule.to_dict() for rule in _every_kind(spells))
    config = RunConfig(generator="gaussian_copula", rules=rules)
    run = Run(
        run_id="r",
        created_at="2024-01-01T00:00:00+00:00",
        data_name="spells",
        data_sha256="0" * 64,
        config=config,
        generator_label="Gaussian copula (SDV)",
        schema=spells_schema,
        real_rows=1,
        train_rows=1,
        holdout_rows=0,
        synthetic_rows=1,
        timings={},
        versions={},
    )
    restored = Run.from_json(run.to_json())
    assert restored.config.rules == rules
    assert [Rule.from_dict(entry) for entry in restored.config.rules] == list(_every_kind(spells))
