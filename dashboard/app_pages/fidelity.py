"""Fidelity page: how closely the synthetic data follows the real data, column by column and pair by pair."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import shape_effect, state, tour, widgets
from dashboard.page_registry import FIDELITY
from dashboard.run_steps import run_job
from synth_core import generators
from synth_core.evaluation.associations import association_columns, calculate_real_and_synthetic_associations
from synth_core.evaluation.column_distribution import calculate_column_distribution
from synth_core.evaluation.column_pairs import calculate_column_pair
from synth_core.evaluation.fidelity_details import calculate_column_details, calculate_pca_projection
from synth_core.evaluation.rule_checks import calculate_rule_checks
from synth_core.pipeline import RunOutcome, assess_detection
from synth_core.plots.explore import plot_column_pair, plot_pca_projection
from synth_core.plots.fidelity import (
    plot_association_heatmaps,
    plot_column_distribution,
    plot_column_scores,
    plot_score_summary,
)
from synth_core.review import detection_disagreement, detector_label
from synth_core.rules import Rule, rules_from_dicts, suggest_rules


def scores(outcome: RunOutcome) -> None:
    """The headline scores, each with its explanation."""
    fidelity = outcome.run.fidelity
    overall, shapes, trends, diagnostic = st.columns(4)
    widgets.metric_with_explainer(overall, "fidelity.overall", fidelity.overall)
    widgets.metric_with_explainer(shapes, "fidelity.column_shapes", fidelity.column_shapes)
    widgets.metric_with_explainer(trends, "fidelity.column_pair_trends", fidelity.column_pair_trends)
    widgets.metric_with_explainer(diagnostic, "fidelity.diagnostic", fidelity.diagnostic)
    st.plotly_chart(plot_score_summary(fidelity), width="stretch", key="score_summary")
    for key in ("fidelity.overall", "fidelity.column_shapes", "fidelity.column_pair_trends", "fidelity.diagnostic"):
        widgets.explainer(key)


def rule_checks(outcome: RunOutcome) -> None:
    """How many synthetic rows obey each rule of the run, and any rule found in the real rows the user adds."""
    st.subheader("Rules")
    run = outcome.run
    try:
        run_rules = rules_from_dicts(run.config.rules)
    except ValueError as error:  # a hand-edited manifest
        st.error(f"The run's rules cannot be read: {widgets.escape(error)}", icon=":material/error:")
        run_rules = []
    found = state.get_cached("rule_suggestions_run", run.run_id)
    if found is None:
        found = suggest_rules(outcome.compared_real, run.schema)
        state.set_cached("rule_suggestions_run", run.run_id, found)
    others = [rule for rule in found if rule not in run_rules]  # type: ignore[union-attr]
    extra: list[Rule] = []
    if others:
        extra = st.multiselect(
            "Also check rules found in the real data",
            others,
            format_func=lambda rule: rule.describe(),
            key="rule_check_extra",
            help="Rules the real rows obey that this run did not set: did the generator keep them anyway?",
        )
    if not run_rules and not extra:
        st.info(
            "This run set no rules. Set them in the Rules section of the Generate page, or pick one above.",
            icon=":material/info:",
        )
        return
    try:
        enforced = bool(run_rules) and generators.get(run.config.generator).enforces_rules
    except generators.GeneratorError:  # outside data: no generator of ours made it
        enforced = False
    checks = calculate_rule_checks(outcome.compared_real, outcome.synthetic, [*run_rules, *extra])
    shares = [check.synthetic.share for check in checks if check.synthetic is not None]
    if shares:
        widgets.metric(
            st.columns(3)[0],
            "fidelity.rule_compliance",
            f"{min(shares):.1%}",
            detail=f"The lowest share over {len(shares)} rule(s).",
        )
    table = pd.DataFrame(
        {
            "Rule": [check.rule.describe() for check in checks],
            "Enforced": [enforced and index < len(run_rules) for index in range(len(checks))],
            "Synthetic rows obeying": [
                f"{check.synthetic.rows_obeying:,} of {check.synthetic.rows:,}" if check.synthetic else ""
                for check in checks
            ],
            "Synthetic": [check.synthetic.share if check.synthetic else None for check in checks],
            "Real": [check.real.share if check.real else None for check in checks],
            "Problem": [check.error for check in checks],
        }
    )
    if not table["Problem"].any():
        table = table.drop(columns="Problem")
    share = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="percent", width=140)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        key="rule_checks",
        column_config={
            "Rule": st.column_config.TextColumn(width=330),
            "Enforced": st.column_config.CheckboxColumn(width="small", help="Set for the run and enforced by it."),
            "Synthetic rows obeying": st.column_config.TextColumn(width=130),
            "Synthetic": share,
            "Real": share,
        },
    )
    widgets.explainer("fidelity.rule_compliance")


def distributions(outcome: RunOutcome) -> None:
    """Real against synthetic for one column at a time."""
    st.subheader("Distributions")
    schema = outcome.run.schema
    columns = [c.name for c in schema.columns if c.is_modelled]
    if not columns:
        st.info("No column is modelled, so there are no distributions to compare.")
        return
    weakest = outcome.run.fidelity.weakest_columns(1)
    default = columns.index(weakest[0].column) if weakest and weakest[0].column in columns else 0
    name = st.selectbox("Column", columns, index=default, help="The weakest column is shown first.")
    kind = schema.column(name).kind
    distribution = calculate_column_distribution(outcome.compared_real[name], outcome.synthetic[name], kind=kind)
    figure = plot_column_distribution(distribution)
    st.plotly_chart(figure, width="stretch", key="distribution_plot")
    explainer = "fidelity.ks_complement" if kind.is_numeric_like else "fidelity.tv_complement"
    widgets.explainer(explainer)


def heatmaps(outcome: RunOutcome) -> None:
    """Association strength in real data, synthetic data, and their difference."""
    st.subheader("Relationships between columns")
    schema = outcome.run.schema
    if len(association_columns(schema)) < 2:
        st.info("At least two modelled columns are needed to compare relationships.")
        return
    matrices = state.get_cached("associations", outcome.run.run_id)
    if matrices is None:
        matrices = run_job(
            "Measuring associations",
            calculate_real_and_synthetic_associations,
            outcome.compared_real,
            outcome.synthetic,
            schema=schema,
            heavy=False,
            automatic=True,
        )
        if matrices is None:
            return
        state.set_cached("associations", outcome.run.run_id, matrices)
    st.plotly_chart(plot_association_heatmaps(*matrices), width="stretch", key="association_heatmaps")
    widgets.explainer("fidelity.association")


def weakest_columns(outcome: RunOutcome) -> None:
    """The columns whose shapes differ most."""
    st.subheader("Weakest columns")
    fidelity = outcome.run.fidelity
    rows = fidelity.weakest_columns(5)
    table = pd.DataFrame(
        {
            "Column": [row.column for row in rows],
            "Metric": [row.metric for row in rows],
            "Score": [row.score for row in rows],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Score": st.column_config.ProgressColumn("Score", min_value=0.0, max_value=1.0, format="%.3f")},
    )
    failed = [shape for shape in fidelity.shapes if shape.error]
    if failed:
        widgets.problems_box(
            "Some columns could not be scored", [f"'{shape.column}': {shape.error}" for shape in failed]
        )
    with st.expander("Every column's score", icon=":material/bar_chart:"):
        st.plotly_chart(plot_column_scores(fidelity), width="stretch", key="column_scores")


def column_details(outcome: RunOutcome) -> None:
    """Per-column shape, coverage, boundary and missing-value scores."""
    st.subheader("Column by column")
    details = calculate_column_details(outcome.compared_real, outcome.synthetic, schema=outcome.run.schema)
    table = pd.DataFrame(
        {
            "Column": [d.column for d in details],
            "Kind": [d.kind for d in details],
            "Shape": [d.shape_score for d in details],
            "Shape metric": [d.shape_metric for d in details],
            "Coverage": [d.coverage for d in details],
            "Boundary adherence": [d.boundary_adherence for d in details],
            "Missing-value similarity": [d.missing_similarity for d in details],
            "Problem": [d.error for d in details],
        }
    )
    score = st.column_config.ProgressColumn(min_value=0.0, max_value=1.0, format="%.3f")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "Shape": score,
            "Coverage": score,
            "Boundary adherence": score,
            "Missing-value similarity": score,
        },
    )
    for key in ("fidelity.coverage", "fidelity.boundary_adherence", "fidelity.missing_similarity"):
        widgets.explainer(key)


def detection(outcome: RunOutcome) -> None:
    """Can a classifier tell real rows from synthetic ones? The headline is the strongest detector that ran."""
    st.subheader("Detection")
    if outcome.run.detection is None:
        if not st.button("Measure detection", icon=":material/search:", help="Takes a few seconds on large tables."):
            widgets.explainer("fidelity.detection")
            return
        measured = run_job("Measuring detection", assess_detection, outcome)
        if measured is None:
            return
        state.set_outcome(measured)
        st.rerun()  # the review line at the top reads the detection too
    run = outcome.run
    boosting = next((result for result in run.detections if result.detector == "boosting"), None)
    left, right = st.columns(2)
    strongest = run.strongest_detection
    label = widgets.escape(detector_label(strongest.detector))  # a bundle's detector name is the file's text
    many = len(run.detections) > 1
    widgets.metric(
        left,
        "fidelity.detection",
        f"{strongest.auc:.3f}",
        detail=f"{'Strongest of the detectors that ran: ' if many else ''}{label}, ± {strongest.auc_std:.3f} over "
        f"{strongest.runs} run(s).",
    )
    if boosting is None and right.button(
        "Try a stronger detector", icon=":material/bolt:", help="Gradient-boosted trees also see interactions."
    ):
        measured = run_job(
            "Training gradient-boosted detectors", assess_detection, outcome, detector="boosting", runs=1
        )
        if measured is not None:
            state.set_outcome(measured)
            st.rerun()  # the review line at the top reads the strongest detector
    if boosting is not None:
        widgets.metric(right, "fidelity.detection_boosting", f"{boosting.auc:.3f}")
        if run.detection is not None:
            right.caption(f"The default detector ({detector_label('logistic')}) scored {run.detection.auc:.3f}.")
    disagreement = detection_disagreement(run)
    if disagreement:
        st.warning(widgets.escape(disagreement), icon=":material/compare_arrows:")
    widgets.explainer("fidelity.detection")


def explorer(outcome: RunOutcome) -> None:
    """Any two columns together, and a PCA of whole rows, real beside synthetic."""
    st.subheader("Two columns together")
    schema = outcome.run.schema
    columns = [c.name for c in schema.columns if c.is_modelled]
    if len(columns) >= 2:
        left, right = st.columns(2)
        first = left.selectbox("First column", columns, index=0, key="pair_first")
        second = right.selectbox("Second column", [c for c in columns if c != first], index=0, key="pair_second")
        pair = calculate_column_pair(outcome.compared_real, outcome.synthetic, first, second, schema=schema)
        figure = plot_column_pair(pair)
        st.plotly_chart(figure, width="stretch", key="column_pair")
    st.subheader("Whole rows: PCA projection")
    projection = calculate_pca_projection(
        outcome.compared_real, outcome.synthetic, schema=schema, seed=outcome.run.config.seed
    )
    st.plotly_chart(plot_pca_projection(projection), width="stretch", key="pca")
    widgets.explainer("fidelity.pca")


def page() -> None:
    """Render the Fidelity page."""
    st.title(FIDELITY.title)
    tour.banner(FIDELITY)
    outcome = widgets.require_run()
    run = outcome.run
    st.caption(
        f"{widgets.escape(run.label)}, seed {run.config.seed}: {run.synthetic_rows:,} synthetic rows "
        "compared with "
        f"{len(outcome.compared_real):,} real rows"
        + (
            " (every real row: the data was made elsewhere)."
            if run.kind == "external"
            else ", the rows it learnt from."
        )
    )
    widgets.run_notes(outcome)
    if run.fidelity is None:
        st.info("This run was made without a fidelity evaluation.")
        return
    widgets.review_lines(outcome, ("fidelity",))
    scores(outcome)
    rule_checks(outcome)
    shape_effect.show_effect(outcome, key_prefix="fidelity")
    distributions(outcome)
    heatmaps(outcome)
    weakest_columns(outcome)
    column_details(outcome)
    detection(outcome)
    explorer(outcome)


page()
