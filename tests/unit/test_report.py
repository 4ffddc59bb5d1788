"""The review report: self-contained, escaped, and free of real rows unless the author opts in."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from synth_core.detection import infer_schema
from synth_core.pipeline import RunConfig, complete_evaluation, run_pipeline
from synth_core.report import SECTIONS, ReportOptions, build_report

DANGEROUS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def credit_runs(german_credit):
    frame = german_credit.rename(columns={"job": DANGEROUS})
    schema = infer_schema(frame)
    outcomes = {}
    for name in ("gaussian_copula", "copy_rows"):
        outcome = run_pipeline(frame, schema=schema, config=RunConfig(name), data_name="credit <b>.csv")
        outcomes[name] = complete_evaluation(outcome)
    return frame, outcomes


def _records(frame: pd.DataFrame, count: int) -> list[list[str]]:
    rows = frame.sample(count, random_state=5)
    return [[str(value) for value in row] for row in rows.itertuples(index=False)]


def _contains_record(html: str, record: list[str]) -> bool:
    """A record is in the report if its values appear in order as a table row, a CSV line or a JSON array."""
    as_cells = "".join(f"<td>{value}</td>" for value in record)
    as_csv = ",".join(record)
    as_json = ", ".join(f'"{value}"' for value in record)
    return as_cells in html or as_csv in html or as_json in html


def test_report_has_every_section_one_plotly_and_no_outside_resources(credit_runs):
    _, outcomes = credit_runs

    report = build_report(outcomes["gaussian_copula"])

    for title in SECTIONS:
        assert f"<h2>{title}</h2>" in report
    assert report.count("* plotly.js v") == 1  # plotly.js embedded once, not once per figure
    # No external script, style or image; the browser test checks that no request is made at all.
    assert 'src="http' not in report and "<link" not in report and "@import" not in report


def test_user_text_is_escaped(credit_runs):
    _, outcomes = credit_runs

    report = build_report(outcomes["gaussian_copula"], ReportOptions(notes="<img src=x onerror=alert(2)>"))

    assert DANGEROUS not in report
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert "<img src=x" not in report and "credit <b>.csv" not in report


def test_no_real_record_without_the_opt_in(credit_runs):
    _, outcomes = credit_runs
    copies = outcomes["copy_rows"]  # every synthetic row IS a real row: the strictest case

    hidden = build_report(copies)
    shown = build_report(copies, ReportOptions(include_real_rows=True))

    records = _records(copies.split.train, 50)
    assert not any(_contains_record(hidden, record) for record in records)
    assert "Included by opt-in" in shown and "Included by opt-in" not in hidden
    copied = _records(copies.synthetic.iloc[list(copies.run.privacy.distances.copy_positions[:20])], 5)
    assert any(_contains_record(shown, record) for record in copied)  # the check can see records when present


def test_the_rules_section_lists_each_rule_with_synthetic_and_real_compliance():
    from synth_core.rules import InequalityRule

    rng = np.random.default_rng(0)
    start = rng.integers(0, 100, 300)
    frame = pd.DataFrame(
        {"start": start, "end": start + rng.integers(0, 50, 300), "group": rng.choice(list("ab"), 300)}
    )
    rule = InequalityRule("start", "end")
    config = RunConfig("independent_columns", rules=(rule.to_dict(),), rows=300)
    outcome = run_pipeline(frame, schema=infer_schema(frame), config=config, data_name="spans.csv")

    report = build_report(outcome)

    section = report[report.index("<h2>Rules</h2>") : report.index("<h2>Utility</h2>")]
    assert "&#x27;start&#x27; is never greater than &#x27;end&#x27;." in section
    obeying = int(rule.holds(outcome.synthetic).sum())
    assert f"<td>{obeying:,} of 300 ({obeying / 300:.1%})</td>" in section
    assert obeying < 300  # the baseline ignores the rule
    assert "(100.0%)</td>" in section  # every real row obeys


def test_a_run_without_rules_says_so(credit_runs):
    _, outcomes = credit_runs

    assert "No rules were set for this run." in build_report(outcomes["copy_rows"])


def test_a_rebalanced_run_states_it_and_shows_group_shares(adult):
    from synth_core.rebalance import RebalanceSpec

    frame = adult.head(1000)
    spec = RebalanceSpec.of("sex", {"Male": 0.5, "Female": 0.5})
    config = RunConfig(generator="gaussian_copula", rows=300, rebalance=spec)
    outcome = run_pipeline(frame, schema=infer_schema(frame), config=config)

    html = build_report(outcome)

    assert "Rebalanced: &#x27;sex&#x27; rebalanced to" in html
    assert "Group shares of sex, before and after" in html
    assert "Within-group column shapes" in html
    assert "50.0%" in html
