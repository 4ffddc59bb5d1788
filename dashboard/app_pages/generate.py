"""Generate page: pick a generator, tune it, and make synthetic rows."""

from __future__ import annotations

import streamlit as st

from dashboard import costly_run, dp_controls, rules_builder, shape_controls, shape_effect, state, tour, widgets
from dashboard.page_registry import DATA, FIDELITY, GENERATE
from dashboard.run_steps import run_with_progress
from synth_core import generators
from synth_core.estimate import RunEstimate, describe_run, estimate_run
from synth_core.generators.base import MAX_SAMPLE_ROWS
from synth_core.pipeline import RunConfig, RunOutcome

PREVIEW_ROWS = 50
RARE_K_LABEL = "Protect rare values (k)"
ROWS_LABEL = "Synthetic rows"
MAX_RARE_K = 1000
MAX_SEED = 2**31 - 1


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


def run_estimate(dataset: state.Dataset, config: RunConfig, train_rows: int) -> RunEstimate:
    """The whole run's estimate (fit, sampling, fidelity), computed once per data, schema and settings.

    It counts each column's distinct values, which takes a noticeable moment on large tables, so it is
    not redone on every rerun.
    """
    key = f"{dataset.sha256}|{state.get_schema_version()}|{config!r}|{train_rows}"
    estimate = state.get_cached("run_estimate", key)
    if estimate is None:
        estimate = estimate_run(dataset.frame, state.get_schema(), config, train_rows=train_rows)
        state.set_cached("run_estimate", key, estimate)
    return estimate


def _out_of_range(label: str, value: float, low: int, high: int) -> str | None:
    """The message to show beside a field whose value is not a whole number from low to high, else None."""
    if value != int(value) or not low <= value <= high:
        return f"{label} must be a whole number from {low:,} to {high:,}; you entered {value:,}."
    return None


def show_outcome(outcome: RunOutcome) -> None:
    """Summary, timings and a preview of the current run's synthetic rows."""
    run = outcome.run
    st.subheader("Current run")
    widgets.stale_run_warning(outcome, link=False)  # the form to generate again is on this page
    timings = " · ".join(f"{widgets.escape(step)} {seconds:.1f} s" for step, seconds in run.timings.items())
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
    st.page_link(FIDELITY.path, label=f"Compare real and synthetic on the {FIDELITY.title} page", icon=FIDELITY.icon)


def page() -> None:
    """Render the Generate page."""
    st.title(GENERATE.title)
    tour.banner(GENERATE)
    dataset = widgets.require_data()
    schema = state.get_schema()
    problems = schema.problems(dataset.frame)
    if problems:
        widgets.problems_box("Fix the schema on the Data page before generating", problems)
        st.page_link(DATA.path, label=f"Go to the {DATA.title} page", icon=DATA.icon)
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
        params, param_problems = widgets.param_form(chosen.params, key_prefix=chosen.name)
        left, middle, right = st.columns(3)
        # No min or max on the fields: the browser would silently refuse a value out of range; the page
        # says beside the field what is wrong instead.
        rows = left.number_input(
            ROWS_LABEL,
            value=train_rows,
            step=1,
            help=f"How many rows to make, from 1 to {MAX_SAMPLE_ROWS:,}. By default as many as the training rows, "
            "which makes scores comparable.",
        )
        rows_message = left.empty()
        seed = middle.number_input(
            "Seed", value=0, step=1, help=f"From 0 to {MAX_SEED:,}. The same seed gives the same rows, byte for byte."
        )
        seed_message = middle.empty()
        rare_k = right.number_input(
            RARE_K_LABEL,
            value=state.get_rare_k(),
            step=1,
            help=f"From 0 to {MAX_RARE_K:,}. Categories seen in fewer than k training rows are replaced before "
            "fitting, so no rare real value (a first name, a rare diagnosis) can be replayed in the synthetic rows. "
            "0 turns this off. The copy baseline ignores it: it exists to show what a privacy failure looks like.",
        )
        rare_message = right.empty()
        submitted = st.form_submit_button("Generate", type="primary", icon=":material/auto_awesome:")

    out_of_range = {
        message: text
        for message, text in (
            (rows_message, _out_of_range(ROWS_LABEL, rows, 1, MAX_SAMPLE_ROWS)),
            (seed_message, _out_of_range("Seed", seed, 0, MAX_SEED)),
            (rare_message, _out_of_range(RARE_K_LABEL, rare_k, 0, MAX_RARE_K)),
        )
        if text
    }
    for message, text in out_of_range.items():
        message.error(text, icon=":material/error:")  # beside the field, on every rerun until fixed
    if not out_of_range:
        state.set_rare_k(int(rare_k))  # a form returns the last submitted value, so this keeps the user's choice
    if dp_controls.uses_domain(chosen) and not param_problems:
        dp_controls.budget_caption(schema, domain, params)
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
    estimate = None if out_of_range or param_problems else run_estimate(dataset, config, train_rows)
    if estimate is not None:
        st.caption(f"{describe_run(estimate)} Rough figures for this machine, from the table's size and kinds.")
    to_run = state.pop_confirmed_run()
    if submitted and (out_of_range or param_problems):
        st.error("Nothing was generated: fix the value marked above.", icon=":material/error:")
    elif submitted and domain_blockers:
        widgets.problems_box("Nothing was generated", domain_blockers)
    elif submitted:
        state.set_pending_run(None)
        configured = shape.configure(config)  # conditions or rebalancing; None (with a message) if they cannot run
        if configured is not None:
            estimate = run_estimate(dataset, configured, train_rows)
            # Nothing starts before the user chooses, when the estimate warns.
            to_run = costly_run.hold_if_costly(configured, estimate, slot=costly_run.GENERATE_SLOT)
    costly_run.prompt(train_rows, slot=costly_run.GENERATE_SLOT)
    if to_run is not None:
        expected = run_estimate(dataset, to_run, train_rows).seconds
        outcome = run_with_progress(dataset, to_run, expected_seconds=expected)
        if outcome is not None:
            state.set_outcome(outcome)
            st.success("Done.", icon=":material/check:")

    outcome = state.get_outcome()
    if outcome is not None:
        show_outcome(outcome)


page()
