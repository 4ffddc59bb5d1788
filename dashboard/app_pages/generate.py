"""Generate page: pick a generator, tune it, and make synthetic rows."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from dashboard import dp_controls, rules_builder, shape_controls, shape_effect, state, tour, widgets
from dashboard.run_steps import run_with_progress
from synth_core import generators
from synth_core.estimate import FitEstimate, describe, estimate_fit
from synth_core.generators.base import MAX_SAMPLE_ROWS
from synth_core.pipeline import RunConfig, RunOutcome

PREVIEW_ROWS = 50
RARE_K_LABEL = "Protect rare values (k)"
MAX_RARE_K = 1000


def generator_picker() -> type[generators.Generator]:
    """Choose a generator; its explanation and any privacy warning appear below."""
    registry = generators.registry()
    name = st.selectbox(
        "Generator",
        list(registry),
        format_func=lambda key: f"{registry[key].label} · {registry[key].family}",
        key="generator_name",
    )
    chosen = registry[name]
    st.caption(chosen.explanation)
    if chosen.privacy_warning:
        st.warning(chosen.privacy_warning, icon=":material/gpp_bad:")
    return chosen


def fit_estimate(dataset: state.Dataset, generator: str, params: dict[str, object], train_rows: int) -> FitEstimate:
    """The fit estimate, computed once per data, schema, generator and parameters, not on every rerun.

    It counts each column's distinct values, which takes a noticeable moment on large tables.
    """
    key = f"{dataset.sha256}|{state.get_schema_version()}|{generator}|{sorted(params.items())}|{train_rows}"
    estimate = state.get_cached("fit_estimate", key)
    if estimate is None:
        estimate = estimate_fit(dataset.frame, state.get_schema(), generator, params, rows=train_rows)
        state.set_cached("fit_estimate", key, estimate)
    return estimate


def costly_fit_choice(train_rows: int) -> RunConfig | None:
    """Say why a fit looks costly and let the user choose: a labelled subsample, the whole table, or nothing."""
    config, estimate = state.get_pending_run()
    subsample = estimate.suggested_rows
    st.warning(
        "**This fit looks costly.**\n\n" + "\n".join(f"- {widgets.escape(warning)}" for warning in estimate.warnings),
        icon=":material/hourglass_top:",
    )
    left, middle, right = st.columns(3)
    chosen = None
    if subsample and left.button(
        f"Fit on {subsample:,} of {train_rows:,} rows",
        type="primary",
        icon=":material/filter_alt:",
        help="A random subsample of the training rows, seeded, and labelled as such on every page and in the report.",
    ):
        chosen = replace(config, fit_rows=subsample)
    if middle.button("Fit on every row anyway", icon=":material/play_arrow:"):
        chosen = config
    if right.button("Cancel", icon=":material/close:"):
        state.set_pending_run(None)
        st.rerun()
    if chosen is not None:
        state.set_pending_run(None)
    return chosen


def show_outcome(outcome: RunOutcome) -> None:
    """Summary, timings and a preview of the current run's synthetic rows."""
    run = outcome.run
    st.subheader("Current run")
    widgets.stale_run_warning(outcome, link=False)  # the form to generate again is on this page
    timings = " · ".join(f"{step} {seconds:.1f} s" for step, seconds in run.timings.items())
    st.markdown(
        f"**{widgets.escape(run.label)}**, seed {run.config.seed}: {run.synthetic_rows:,} synthetic rows "
        f"from {run.train_rows:,} training rows ({run.holdout_rows:,} kept aside). {timings}."
    )
    if run.fidelity is not None:
        left, middle, right = st.columns(3)
        widgets.metric_with_explainer(left, "fidelity.overall", run.fidelity.overall)
        widgets.metric_with_explainer(middle, "fidelity.column_shapes", run.fidelity.column_shapes)
        widgets.metric_with_explainer(right, "fidelity.column_pair_trends", run.fidelity.column_pair_trends)
    widgets.run_notes(outcome)
    shape_effect.show_effect(outcome, key_prefix="generate")
    st.caption(f"The first {PREVIEW_ROWS} synthetic rows.")
    st.dataframe(outcome.synthetic.head(PREVIEW_ROWS), width="stretch")
    st.page_link(
        widgets.FIDELITY_PAGE, label="Compare real and synthetic on the Fidelity page", icon=":material/compare:"
    )


def page() -> None:
    """Render the Generate page."""
    st.title("Generate")
    tour.banner("app_pages/generate.py")
    dataset = widgets.require_data()
    schema = state.get_schema()
    problems = schema.problems(dataset.frame)
    if problems:
        widgets.problems_box("Fix the schema on the Data page before generating", problems)
        st.page_link(widgets.DATA_PAGE, label="Go to the Data page", icon=":material/upload_file:")
        return
    if schema.personal_columns:
        st.info(
            f"Personal-data columns ({widgets.escape(', '.join(schema.personal_columns))}) are filled with fake "
            "values of their type and never learnt from the real values.",
            icon=":material/shield_person:",
        )

    chosen = generator_picker()
    rules = rules_builder.rules_section(dataset, schema, chosen)
    shape = shape_controls.what_to_generate(dataset.frame, schema, chosen)
    domain, domain_blockers = None, []
    if dp_controls.uses_domain(chosen):
        dp_controls.epsilon_picture()
        domain, domain_blockers = dp_controls.domain_section(dataset.frame, schema)
    train_rows = len(dataset.frame) - round(len(dataset.frame) * state.get_holdout_share())
    with st.form("generate_form", border=True):
        st.markdown("**Parameters**")
        params = widgets.param_form(chosen.params, key_prefix=chosen.name)
        left, middle, right = st.columns(3)
        rows = left.number_input(
            "Synthetic rows",
            min_value=1,
            max_value=MAX_SAMPLE_ROWS,
            value=train_rows,
            help="How many rows to make. By default as many as the training rows, which makes scores comparable.",
        )
        seed = middle.number_input(
            "Seed", min_value=0, max_value=2**31 - 1, value=0, help="The same seed gives the same rows, byte for byte."
        )
        rare_k = right.number_input(
            RARE_K_LABEL,
            min_value=0,
            max_value=MAX_RARE_K,
            value=state.get_rare_k(),
            step=1,
            help="Categories seen in fewer than k training rows are replaced before fitting, so no rare real value "
            "(a first name, a rare diagnosis) can be replayed in the synthetic rows. 0 turns this off. The copy "
            "baseline ignores it: it exists to show what a privacy failure looks like.",
        )
        state.set_rare_k(int(rare_k))  # a form returns the last submitted value, so this keeps the user's choice
        submitted = st.form_submit_button("Generate", type="primary", icon=":material/auto_awesome:")

    stop_requested = st.button(
        "Stop", icon=":material/stop_circle:", help="Stop a running fit. Your earlier results stay in place."
    )
    if stop_requested:
        st.info("Stopped. Your earlier results are unchanged.", icon=":material/stop_circle:")
    if dp_controls.uses_domain(chosen):
        dp_controls.budget_caption(schema, domain, params)
    estimate = fit_estimate(dataset, chosen.name, params, train_rows)
    st.caption(f"{describe(estimate)} Rough figures for this machine, from the table's size and kinds.")
    config = None
    if submitted and domain_blockers:
        widgets.problems_box("Nothing was generated", domain_blockers)
    elif submitted:
        config = RunConfig(
            generator=chosen.name,
            params=params,
            seed=int(seed),
            rows=int(rows),
            rare_k=int(rare_k),
            split_seed=0,
            holdout_share=state.get_holdout_share(),
            rules=tuple(rule.to_dict() for rule in rules),
            domain=domain.to_dict() if domain is not None else None,
        )
        config = shape.configure(config)  # conditions or rebalancing; None (with a message) if they cannot run
        if config is not None and estimate.warnings:
            state.set_pending_run((config, estimate))
            config = None
    if state.get_pending_run() is not None:
        config = costly_fit_choice(train_rows)
    if config is not None:
        outcome = run_with_progress(dataset, config)
        if outcome is not None:
            state.set_outcome(outcome)
            st.success("Done.", icon=":material/check:")

    outcome = state.get_outcome()
    if outcome is not None:
        show_outcome(outcome)


page()
