"""Labels, controlled columns and the before/after group table of conditioned and rebalanced runs."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from synth_core.detection import infer_schema
from synth_core.plots.fidelity import plot_group_shares
from synth_core.rebalance import ConditionSpec, RebalanceSpec, control_label, controlled_columns, group_effect
from synth_core.runs import RunConfig


def test_labels_say_how_rows_were_controlled():
    assert control_label((), None) == ""
    assert control_label((), RebalanceSpec.of("sex", {"Male": 0.5, "Female": 0.5})) == "rebalanced sex 50/50"
    thirds = RebalanceSpec.of("race", {value: 1 / 3 for value in "abc"})
    assert thirds.short() == "rebalanced race 33.3/33.3/33.3"
    many = RebalanceSpec.of("job", {value: 0.1 for value in "abcdefghij"})
    assert many.short() == "rebalanced job uniform (10 values)"
    one = (ConditionSpec({"income": ">50K", "sex": "Female"}, 500),)
    assert control_label(one, None) == "conditioned income='>50K', sex='Female'"
    assert control_label((*one, ConditionSpec({"sex": "Male"}, 5)), None) == "conditioned (2 conditions)"


def test_run_label_tags_controlled_runs_only(adult):
    from synth_core.pipeline import run_pipeline

    frame = adult.head(600)
    schema = infer_schema(frame)
    spec = RebalanceSpec.of("sex", {"Male": 0.5, "Female": 0.5})
    config = RunConfig(generator="independent_columns", rows=200, rebalance=spec)

    outcome = run_pipeline(frame, schema=schema, config=config, evaluate=False)

    assert outcome.run.label == "Independent columns (baseline) · rebalanced sex 50/50"
    assert outcome.run.generator_label == "Independent columns (baseline)"


def test_controlled_columns_keep_only_columns_with_groups(adult):
    schema = infer_schema(adult.head(500))
    conditions = (ConditionSpec({"sex": "Female", "age": 40}, 5), ConditionSpec({"sex": "Male", "race": "Black"}, 5))

    assert controlled_columns(conditions, None, schema) == ["sex", "race"]
    assert controlled_columns((), RebalanceSpec.of("sex", {"Male": 1.0}), schema) == ["sex"]
    assert controlled_columns((), None, schema) == []


def test_group_effect_adds_within_group_shapes_for_this_and_the_plain_run(adult):
    real = adult.head(800).reset_index(drop=True)
    schema = infer_schema(real)
    synthetic = pd.concat([real[real["sex"] == "Female"].head(200), real[real["sex"] == "Male"].head(200)])

    table = group_effect(real, synthetic, schema, "sex", plain=real.sample(400, random_state=0))
    without_plain = group_effect(real, synthetic, schema, "sex")

    assert list(table["group"]) == ["Male", "Female"]
    assert table["synthetic_share"].tolist() == [0.5, 0.5]
    assert table["within_group_shapes"].between(0.8, 1.0).all()  # real rows of each group against themselves
    assert table["plain_within_group_shapes"].between(0.8, 1.0).all()
    assert all(math.isnan(value) for value in without_plain["plain_within_group_shapes"])


def test_group_share_plot_has_real_and_synthetic_bars():
    table = pd.DataFrame({"group": ["Male", "Female"], "real_share": [0.67, 0.33], "synthetic_share": [0.5, 0.5]})

    figure = plot_group_shares(table, "sex")

    assert [trace.name for trace in figure.data] == ["Real (before)", "Synthetic (after)"]
    assert list(figure.data[1].y) == pytest.approx([0.5, 0.5])
    assert "sex" in figure.layout.title.text


def test_run_label_counts_the_rules_a_run_was_made_with(adult):
    from dataclasses import replace

    from synth_core.pipeline import run_pipeline
    from synth_core.rules import FixedCombinationsRule

    frame = adult.head(600)
    rule = FixedCombinationsRule(("education", "education-num")).to_dict()
    config = RunConfig(generator="independent_columns", rows=100, rules=(rule,))

    outcome = run_pipeline(frame, schema=infer_schema(frame), config=config, evaluate=False)
    plain = replace(outcome.run, config=replace(config, rules=()))

    assert outcome.run.label == "Independent columns (baseline) · 1 rule"
    assert plain.label == "Independent columns (baseline)"
