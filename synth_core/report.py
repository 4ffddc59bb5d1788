"""The review report: one self-contained HTML file per Run, to attach to a data-sharing decision.

It opens offline: plotly.js is embedded once and each figure's data sits in a JSON block. Every
figure is built from aggregates (shares per bin or category, association strengths, pre-binned
distances, ROC points), so no real row reaches the report unless the user opts in; only then do the
exact-copy table and the PCA projection appear. Everything that came from the user's data (column
names, category values, file names, notes) is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from synth_core.evaluation.associations import association_columns, calculate_associations
from synth_core.evaluation.column_distribution import calculate_column_distribution
from synth_core.evaluation.fidelity_details import calculate_pca_projection
from synth_core.evaluation.rule_checks import calculate_rule_checks
from synth_core.evaluation.utility import UtilityResult
from synth_core.explain import explain
from synth_core.plots.explore import plot_pca_projection
from synth_core.plots.fidelity import (
    plot_association_heatmaps,
    plot_column_distribution,
    plot_group_shares,
    plot_score_summary,
)
from synth_core.plots.privacy import (
    plot_attack_risks,
    plot_closer_to_train,
    plot_distance_histograms,
    plot_membership_roc,
)
from synth_core.plots.utility import plot_importance_ranks, plot_utility_scores
from synth_core.profile import profile_table
from synth_core.rebalance import controlled_columns, group_effect
from synth_core.review import detection_disagreement, detector_label, review_outcome
from synth_core.rules import RuleCompliance, rules_from_dicts
from synth_core.runs import Run, RunConfig, RunOutcome, formal_guarantee

SECTIONS = (
    "Summary",
    "Dataset",
    "Schema and personal data",
    "Generator and provenance",
    "Fidelity",
    "Rules",
    "Utility",
    "Privacy",
    "Reviewer notes",
)
MAX_DISTRIBUTIONS = 40
COPY_ROWS_SHOWN = 20


@dataclass(frozen=True)
class ReportOptions:
    """What the report may contain.

    Attributes:
        include_real_rows: Opt in to content that shows real rows: the exact-copy table and the PCA
            projection. Off by default.
        notes: The reviewer's notes, shown as plain text.
        title: The report's title.
    """

    include_real_rows: bool = False
    notes: str = ""
    title: str = "Synthetic data review"


def build_report(outcome: RunOutcome, options: ReportOptions | None = None) -> str:
    """Render one Run's review as a self-contained HTML document.

    Args:
        outcome: The Run with its data (for aggregates only, unless real rows are opted in).
        options: Opt-ins and notes.

    Returns:
        The HTML text.
    """
    options = options or ReportOptions()
    builder = _Builder()
    run = outcome.run
    body = [
        _summary(outcome),
        _dataset(outcome),
        _schema(outcome),
        _provenance(outcome),
        _guarantee(outcome),
        _fidelity(outcome, builder),
        _rules(outcome),
        _utility(outcome, builder),
        _privacy(outcome, builder, options),
        _section("Reviewer notes", f"<pre class='notes'>{_e(options.notes) or 'No notes.'}</pre>"),
    ]
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    return _PAGE.format(
        title=_e(options.title),
        subtitle=_e(f"{run.generator_label} on {run.data_name}, run {run.run_id}, generated {generated} UTC"),
        body="\n".join(body),
        plotly=get_plotlyjs(),
        figures=builder.scripts(),
        real_rows_note=(
            "This report includes real rows, by the author's choice."
            if options.include_real_rows
            else "This report shows no real rows: every figure is built from aggregates."
        ),
    )


class _Builder:
    """Collects figures; each becomes a div plus a JSON block, drawn by one script at the end."""

    def __init__(self) -> None:
        self._figures: list[str] = []

    def figure(self, figure: go.Figure) -> str:
        index = len(self._figures)
        # plotly's JSON escapes "<", ">" and "/", so user text cannot close the script block.
        self._figures.append(f'<script type="application/json" id="figure-{index}">{figure.to_json()}</script>')
        return f'<div class="figure" data-figure="figure-{index}"></div>'

    def scripts(self) -> str:
        return "\n".join(self._figures)


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _section(title: str, content: str) -> str:
    anchor = title.lower().replace(" ", "-")
    return f'<section id="{anchor}"><h2>{_e(title)}</h2>{content}</section>'


def _explainer(key: str) -> str:
    entry = explain(key)
    return (
        f'<details class="explainer"><summary>{_e(entry.title)}: what it means</summary>'
        f"<p><b>What it means.</b> {_e(entry.what)}</p><p><b>Good values.</b> {_e(entry.good)}</p>"
        f"<p><b>How it is computed.</b> {_e(entry.how)}</p></details>"
    )


def _table(headers: list[str], rows: list[list[object]]) -> str:
    head = "".join(f"<th>{_e(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(_fmt(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _summary(outcome: RunOutcome) -> str:
    """The four review lines, decided by `synth_core.review` as metrics.json's `review.summary` is."""
    run = outcome.run
    review = review_outcome(outcome)
    items = "".join(
        f'<li class="check {line.state.value}"><b>{_e(line.title)}: {_e(line.state.label)}.</b> {_e(line.reason)}</li>'
        for line in review.lines
    )
    verdict = ""
    if run.privacy:
        reasons = "".join(
            f"<li><b>{_e(part.part.capitalize())}: {_e(part.level.label)}.</b> {_e(part.reason)}</li>"
            for part in run.privacy.verdict.parts
        )
        verdict = f"<h3>Privacy verdict: {_e(run.privacy.verdict.level.label)}</h3><ul>{reasons}</ul>"
    return _section("Summary", f'<ul class="checklist">{items}</ul>{verdict}' + _explainer("review.states"))


def _dataset(outcome: RunOutcome) -> str:
    run = outcome.run
    real = outcome.compared_real
    profile = profile_table(real)
    rows = [
        [row.column, row.dtype, int(row.missing), f"{row.missing_share:.1%}", int(row.distinct)]
        for row in profile.per_column.itertuples()
    ]
    facts = (
        f"<p>{_e(run.data_name)}: {run.real_rows:,} real rows ({run.train_rows:,} for training, "
        f"{run.holdout_rows:,} kept aside), {profile.columns} columns, {profile.missing_share:.1%} of compared cells "
        f"missing. SHA-256 {_e(run.data_sha256)}.</p><p>Per column, over the {len(real):,} real rows the "
        "synthetic data is compared with:</p>"
    )
    return _section("Dataset", facts + _table(["Column", "Stored as", "Missing", "Missing share", "Distinct"], rows))


def _schema(outcome: RunOutcome) -> str:
    rows = [[c.name, str(c.kind), c.pii_type or "", str(c.role), c.reason] for c in outcome.run.schema.columns]
    return _section(
        "Schema and personal data",
        "<p>Each column's kind and role, and why. Personal-data columns are filled with Faker values of their "
        "type, whichever generator runs; keys are regenerated; ignored columns are left out.</p>"
        + _table(["Column", "Kind", "Personal data type", "Role", "Reason"], rows)
        + _explainer("kind.personal"),
    )


def _provenance(outcome: RunOutcome) -> str:
    run = outcome.run
    config = run.config
    params = ", ".join(f"{key}={value}" for key, value in config.params.items()) or "defaults"
    facts = [
        ["Generator", run.generator_label],
        ["Parameters", params],
        ["Seed", config.seed],
        ["Split seed and holdout share", f"{config.split_seed}, {config.holdout_share:.0%}"],
        ["Synthetic rows", f"{run.synthetic_rows:,}"],
        ["What was generated", _controlled(config)],
        [
            "Fitted on",
            f"{config.fit_rows:,} of {run.train_rows:,} training rows (a random subsample)"
            if config.fit_rows is not None and config.fit_rows < run.train_rows
            else f"all {run.train_rows:,} training rows",
        ],
        ["Rare values", _rare_summary(run)],
        ["Created", run.created_at],
        ["Run id and fingerprint", f"{run.run_id}, {run.fingerprint}"],
        ["Times", ", ".join(f"{step} {seconds:.1f} s" for step, seconds in run.timings.items())],
        ["Library versions", ", ".join(f"{name} {version}" for name, version in run.versions.items())],
    ]
    notes = "".join(f"<p class='note'>{_e(note)}</p>" for note in run.notes)
    return _section("Generator and provenance", _table(["", ""], facts) + notes + _rare_table(run))


def _rare_summary(run: Run) -> str:
    """One line on rare-value protection for the provenance table."""
    protection = run.rare_protection
    if run.kind != "generated":
        return "not applicable (made elsewhere)"
    if protection is None:
        return "not recorded (the run was made before rare-value protection existed)"
    if not protection.applies:
        return "never replaced by this generator"
    if protection.k <= 0:
        return "protection off (k = 0)"
    return (
        f"values seen in fewer than {protection.k} training rows replaced: {protection.values_replaced:,} values "
        f"in {protection.rows_replaced:,} rows"
    )


def _rare_table(run: Run) -> str:
    """Per column, what rare-value protection replaced; nothing when it replaced nothing."""
    protection = run.rare_protection
    if protection is None or not protection.columns:
        return ""
    rows = [
        [
            column.column,
            f"{column.values_replaced:,}",
            f"{column.rows_replaced:,}",
            column.describe(),
        ]
        for column in protection.columns
    ]
    return "<h3>Rare values replaced before fitting</h3>" + _table(
        ["Column", "Rare values", "Rows changed", "Replaced by"], rows
    )


def _guarantee(outcome: RunOutcome) -> str:
    """The generator's formal privacy guarantee (the DP generators), or nothing."""
    lines = formal_guarantee(outcome.run)
    if not lines:
        return ""
    items = "".join(f"<li>{_e(line)}</li>" for line in lines)
    return _section("Privacy guarantee", f"<ul class='guarantee'>{items}</ul>")


def _fidelity(outcome: RunOutcome, builder: _Builder) -> str:
    fidelity = outcome.run.fidelity
    if fidelity is None:
        return _section("Fidelity", "<p>Not evaluated.</p>")
    schema = outcome.run.schema
    parts = [builder.figure(plot_score_summary(fidelity))]
    for key in ("fidelity.overall", "fidelity.column_shapes", "fidelity.column_pair_trends", "fidelity.diagnostic"):
        parts.append(_explainer(key))
    parts.append(_detection(outcome))
    shapes = sorted(fidelity.shapes, key=lambda shape: shape.score if shape.score is not None else -1)
    parts.append("<h3>Column shapes, weakest first</h3>")
    parts.append(
        _table(["Column", "Metric", "Score", "Problem"], [[s.column, s.metric, s.score, s.error] for s in shapes])
    )
    parts.append(_group_shares(outcome, builder))
    parts.append("<h3>Distributions</h3>")
    real, synthetic = outcome.compared_real, outcome.synthetic
    for column in [c for c in schema.columns if c.is_modelled][:MAX_DISTRIBUTIONS]:
        distribution = calculate_column_distribution(real[column.name], synthetic[column.name], kind=column.kind)
        parts.append(builder.figure(plot_column_distribution(distribution)))
    if len(association_columns(schema)) >= 2:
        parts.append("<h3>Relationships between columns</h3>")
        matrices = calculate_associations(real, schema=schema), calculate_associations(synthetic, schema=schema)
        parts.append(builder.figure(plot_association_heatmaps(*matrices)))
        parts.append(_explainer("fidelity.association"))
    return _section("Fidelity", "".join(parts))


def _detection(outcome: RunOutcome) -> str:
    """The strongest detector's AUC as the headline, every detector that ran, and why they disagree."""
    run = outcome.run
    strongest = run.strongest_detection
    if strongest is None:
        return "<p>Detection: no detector was run.</p>" + _explainer("fidelity.detection")
    parts = [
        f"<p><b>Detection AUC {strongest.auc:.3f}</b> ± {strongest.auc_std:.3f}, from the strongest detector that "
        f"ran: {_e(detector_label(strongest.detector))} ({strongest.runs} run(s)). 0.5 means synthetic rows cannot be "
        "told from real ones.</p>"
    ]
    if len(run.detections) > 1:
        rows = [[detector_label(d.detector), f"{d.auc:.3f}", f"{d.auc_std:.3f}", d.runs] for d in run.detections]
        parts.append(_table(["Detector", "AUC", "Spread across runs", "Runs"], rows))
    disagreement = detection_disagreement(run)
    if disagreement:
        parts.append(f"<p class='warning'>{_e(disagreement)}</p>")
    parts.append(_explainer("fidelity.detection"))
    if any(d.detector == "boosting" for d in run.detections):
        parts.append(_explainer("fidelity.detection_boosting"))
    return "".join(parts)


def _rules(outcome: RunOutcome) -> str:
    if not outcome.run.config.rules:
        return _section("Rules", "<p>No rules were set for this run.</p>")
    checks = calculate_rule_checks(outcome.compared_real, outcome.synthetic, rules_from_dicts(outcome.run.config.rules))
    rows = [[check.rule.describe(), _obeying(check.synthetic), _obeying(check.real), check.error] for check in checks]
    table = _table(["Rule", "Synthetic rows obeying", "Real rows obeying", "Problem"], rows)
    return _section("Rules", table + _explainer("fidelity.rule_compliance"))


def _obeying(compliance: RuleCompliance | None) -> str | None:
    if compliance is None:
        return None
    return f"{compliance.rows_obeying:,} of {compliance.rows:,} ({compliance.share:.1%})"


def _controlled(config: RunConfig) -> str:
    """Plain rows, or the conditions or rebalancing the rows were made with."""
    if config.rebalance is not None:
        return f"Rebalanced: {config.rebalance.describe()}, every row drawn from the model"
    if config.conditions:
        return "Rows meeting conditions: " + "; ".join(condition.describe() for condition in config.conditions)
    return "Plain rows"


def _group_shares(outcome: RunOutcome, builder: _Builder) -> str:
    """Group shares before (training rows) and after (synthetic), with within-group shapes, for a controlled run."""
    run = outcome.run
    if run.kind != "generated":
        return ""
    parts = []
    for column in controlled_columns(run.config.conditions, run.config.rebalance, run.schema):
        table = group_effect(outcome.split.train, outcome.synthetic, run.schema, column)
        parts.append(f"<h3>Group shares of {_e(column)}, before and after</h3>")
        parts.append(builder.figure(plot_group_shares(table, column)))
        rows = [
            [row.group, row.real_rows, f"{row.real_share:.1%}", row.synthetic_rows, f"{row.synthetic_share:.1%}",
             f"{row.change * 100:+.1f}", row.within_group_shapes]
            for row in table.itertuples()
        ]  # fmt: skip
        headers = ["Value", "Real rows", "Real share", "Synthetic rows", "Synthetic share", "Change (points)"]
        parts.append(_table([*headers, "Within-group column shapes"], rows))
    if parts:
        parts += [_explainer("fidelity.group_shares"), _explainer("fidelity.within_group_shapes")]
    return "".join(parts)


def _utility(outcome: RunOutcome, builder: _Builder) -> str:
    utility = outcome.run.utility
    if utility is None:
        return _section("Utility", "<p>Not evaluated.</p>")
    parts = [_leakage(utility)]
    parts += [
        f"<p>Target '{_e(utility.target)}' ({_e(utility.task)}). {_e(utility.primary_metric)}: trained on real "
        f"{utility.trtr:.3f}, trained on synthetic {utility.tstr:.3f}, ratio {utility.ratio:.3f}, on "
        f"{utility.holdout_rows:,} holdout rows.</p>",
        builder.figure(plot_utility_scores(utility)),
    ]
    if utility.importances:
        parts.append(builder.figure(plot_importance_ranks(utility)))
    parts.extend(f"<p class='note'>{_e(note)}</p>" for note in utility.notes)
    parts.extend(_explainer(key) for key in ("utility.tstr", "utility.ratio", "utility.importance", "utility.leakage"))
    return _section("Utility", "".join(parts))


def _leakage(utility: UtilityResult) -> str:
    """The target-leakage check, first: when it is flagged, the numbers below are not meaningful."""
    leakage = utility.leakage
    if leakage is None:
        return "<p class='warning'>Target leakage was not checked (the run was evaluated before the check existed).</p>"
    if leakage.flagged:
        message = leakage.message[:1].upper() + leakage.message[1:]
        return f"<p class='warning'><b>{_e(message)}</b></p>"
    best = leakage.best_single
    strongest = f" The strongest, '{_e(best.name)}', scores {best.score:.3f}." if best else ""
    return (
        f"<p>Target leakage checked: no feature alone predicts the holdout's target with {_e(leakage.metric)} of "
        f"{leakage.threshold:.2f} or more.{strongest}</p>"
    )


def _privacy(outcome: RunOutcome, builder: _Builder, options: ReportOptions) -> str:
    review = outcome.run.privacy
    if review is None:
        return _section("Privacy", "<p>Not evaluated.</p>")
    distances = review.distances
    parts = []
    if distances.subsampled:
        parts.append(
            f"<p class='note'>Computed on a subsample (rows per set: {_e(distances.rows)}); "
            "subsamples can hide memorised rows.</p>"
        )
    curves = {
        "Synthetic → training": distances.synthetic_to_train,
        "Holdout → training": distances.holdout_to_train,
        "Random → training": distances.random_to_train,
    }
    parts.append(builder.figure(plot_distance_histograms(curves)))
    rows = [
        ["DCR baseline protection", distances.baseline_protection],
        ["DCR overfitting protection", distances.overfitting_protection],
        ["Closer to training (SDMetrics)", distances.closer_to_train_share],
        ["Closer to training (size-corrected)", distances.closer_to_train_corrected],
        ["Exact copies (share)", distances.exact_copy_share],
        ["Holdout's own copy rate", distances.holdout_copy_share],
        ["Median NNDR", distances.nndr_median],
        ["Membership inference AUC", distances.membership_auc],
        ["Rare values repeated", f"{len(distances.rare_values)} of {distances.rare_values_checked}"],
    ]
    parts.append(_table(["Measure", "Value"], rows))
    parts.append(
        builder.figure(
            plot_closer_to_train(
                distances.closer_to_train_share,
                distances.closer_to_train_corrected,
                limit=review.thresholds.closer_to_train,
            )
        )
    )
    parts.append(builder.figure(plot_membership_roc(*distances.membership_roc, distances.membership_auc)))
    ran = [risk for risk in review.attacks if not risk.error]
    if ran:
        parts.append(
            builder.figure(
                plot_attack_risks(
                    [r.label for r in ran], [r.risk for r in ran], [r.ci_low for r in ran], [r.ci_high for r in ran],
                    limit=review.thresholds.attack_lower_bound,
                )
            )
        )  # fmt: skip
        parts.append(
            _table(
                ["Attack", "Risk", "95% interval", "Detail"],
                [[r.label, r.risk, f"{r.ci_low:.3f}–{r.ci_high:.3f}", r.detail] for r in ran],
            )
        )
    for key in (
        "privacy.verdict",
        "privacy.dcr",
        "privacy.closer_to_train",
        "privacy.exact_copies",
        "privacy.membership",
        "privacy.attacks",
    ):
        parts.append(_explainer(key))
    if options.include_real_rows:
        parts.append(_real_row_content(outcome, builder))
    return _section("Privacy", "".join(parts))


def _real_row_content(outcome: RunOutcome, builder: _Builder) -> str:
    """Content that shows real rows: only with the author's opt-in."""
    parts = ["<h3>Included by opt-in: content with real rows</h3>"]
    distances = outcome.run.privacy.distances
    copies = outcome.synthetic.iloc[list(distances.copy_positions[:COPY_ROWS_SHOWN])]
    if not copies.empty:
        parts.append(_table(list(copies.columns), copies.astype(object).to_numpy().tolist()))
    projection = calculate_pca_projection(outcome.compared_real, outcome.synthetic, schema=outcome.run.schema)
    parts.append(builder.figure(plot_pca_projection(projection)))
    return "".join(parts)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; color: #1F2A30; max-width: 1100px; margin: 2em auto; padding: 0 1em; }}
h1 {{ margin-bottom: 0; }} .subtitle {{ color: #5b6770; margin-top: .3em; }}
section {{ margin-top: 2em; border-top: 1px solid #dde3e6; padding-top: .5em; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9em; margin: .5em 0; }}
th, td {{ border: 1px solid #dde3e6; padding: .3em .5em; text-align: left; vertical-align: top; }}
th {{ background: #EEF2F3; }}
.checklist {{ list-style: none; padding: 0; }} .check {{ padding: .3em .6em; margin: .2em 0; border-left: 5px solid; }}
.check.pass {{ border-color: #009E73; background: #EAF6F1; }}
.check.needs_review {{ border-color: #E69F00; background: #FDF4E3; }}
.check.fail {{ border-color: #D55E00; background: #FBEAE1; }}
.check.not_checked {{ border-color: #999999; background: #F2F2F2; border-left-style: dashed; }}
.warning {{ border-left: 5px solid #E69F00; background: #FDF4E3; padding: .3em .6em; }}
.figure {{ width: 100%; min-height: 320px; page-break-inside: avoid; break-inside: avoid; }}
details.explainer {{ margin: .4em 0; color: #3b474f; }} .note {{ color: #5b6770; }}
pre.notes {{ white-space: pre-wrap; font-family: inherit; }}
@media print {{ details.explainer {{ display: block; }} details.explainer > * {{ display: block; }}
  section {{ page-break-before: auto; }} h2 {{ page-break-after: avoid; }} }}
</style>
<script>{plotly}</script>
</head>
<body>
<h1>{title}</h1>
<p class="subtitle">{subtitle}</p>
<p class="note">{real_rows_note}</p>
{body}
{figures}
<script>
document.querySelectorAll("div.figure").forEach(function (div) {{
  var spec = JSON.parse(document.getElementById(div.dataset.figure).textContent);
  Plotly.newPlot(div, spec.data, spec.layout, {{displaylogo: false, responsive: true}});
}});
window.addEventListener("beforeprint", function () {{
  document.querySelectorAll("details").forEach(function (d) {{ d.open = true; }});
}});
</script>
</body>
</html>
"""
