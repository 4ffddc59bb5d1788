"""Conditions and rebalancing written on the command line or in JSON, typed like the data."""

from __future__ import annotations

import pandas as pd
import pytest

from synth_core.condition_args import (
    ConditionArgumentError,
    conditions_from_file_text,
    parse_condition,
    parse_rebalance,
    typed_value,
)
from synth_core.rebalance import RebalanceError


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "income": [">50K", "<=50K", ">50K", "<=50K"],
            "sex": ["Female", "Male", "Male", "Male"],
            "years": [13, 9, 13, 10],
            "note": ["a,b", "a=b", "x:y", "plain"],
            "flag": [True, False, True, False],
        }
    )


def test_a_condition_splits_pairs_at_the_first_equals_and_rows_at_the_last_colon(frame):
    spec = parse_condition("income=>50K,sex=Female:500", frame)

    assert spec.values == {"income": ">50K", "sex": "Female"}
    assert spec.rows == 500


def test_values_with_equals_colons_and_escaped_commas_survive(frame):
    assert parse_condition(r"note=a\,b:3", frame).values == {"note": "a,b"}
    assert parse_condition("note=a=b:3", frame).values == {"note": "a=b"}
    assert parse_condition("note=x:y:3", frame).values == {"note": "x:y"}


def test_values_take_the_data_types(frame):
    spec = parse_condition("years=13,flag=true:10", frame)

    assert spec.values == {"years": 13, "flag": True}
    assert type(spec.values["years"]) is int
    assert typed_value(frame, "years", "11") == 11  # a number the data lacks is still a number
    assert typed_value(frame, "nope", "x") == "x"  # the generator names unknown columns


def test_json_condition_and_conditions_file(frame):
    spec = parse_condition('{"values": {"sex": "Female"}, "rows": 20}', frame)
    specs = conditions_from_file_text(
        '[{"values": {"sex": "Male"}, "rows": 5}, {"values": {"years": 9}, "rows": 2}]', source="c.json"
    )

    assert (spec.values, spec.rows) == ({"sex": "Female"}, 20)
    assert [s.rows for s in specs] == [5, 2]
    with pytest.raises(ConditionArgumentError, match=r"entry 1 of 'c.json'.*\"values\""):
        conditions_from_file_text('[{"rows": 5}]', source="c.json")
    with pytest.raises(ConditionArgumentError, match="not valid JSON"):
        conditions_from_file_text("[{", source="c.json")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sex=Female", "'sex=Female' has no row count"),
        ("sex=Female:many", "row count of the condition 'sex=Female:many' is 'many'"),
        ("Female:10", "'Female' in the condition 'Female:10' is not COLUMN=VALUE"),
    ],
)
def test_bad_conditions_quote_the_text_and_show_the_syntax(frame, text, message):
    with pytest.raises(ConditionArgumentError, match=message):
        parse_condition(text, frame)


def test_rebalance_a_column_alone_is_uniform(frame):
    spec = parse_rebalance("sex", frame)

    assert spec.column == "sex"
    assert dict(spec.shares) == {"Male": 0.5, "Female": 0.5}
    assert spec.short() == "rebalanced sex 50/50"


@pytest.mark.parametrize("text", ["sex=Male:0.25,Female:0.75", "sex=Male:25%,Female:75%", "sex=Male:25,Female:75"])
def test_rebalance_shares_as_fractions_or_percentages(frame, text):
    assert dict(parse_rebalance(text, frame).shares) == {"Male": 0.25, "Female": 0.75}


def test_rebalance_json_and_errors_name_the_value(frame):
    spec = parse_rebalance('{"column": "years", "shares": {"13": 0.5, "9": 0.25, "10": 0.25}}', frame)
    assert dict(spec.shares) == {13: 0.5, 9: 0.25, 10: 0.25}

    with pytest.raises(RebalanceError, match="'Other' never appears in 'sex'"):
        parse_rebalance("sex=Male:0.5,Other:0.5", frame)
    with pytest.raises(RebalanceError, match="add up to 1"):
        parse_rebalance("sex=Male:0.5,Female:0.6", frame)
    with pytest.raises(ConditionArgumentError, match="'gender', which is not a column"):
        parse_rebalance("gender", frame)
    with pytest.raises(ConditionArgumentError, match=r"share of 'Male' .* is 'half'"):
        parse_rebalance("sex=Male:half,Female:0.5", frame)
