"""Shared pieces of UI: explainers, the "load data first" notice, and error boxes."""

from __future__ import annotations

import math

import streamlit as st

from dashboard import state
from dashboard.markdown_text import escape  # the one escape for file-borne text; pages call widgets.escape
from dashboard.page_registry import DATA, GENERATE
from synth_core.explain import explain
from synth_core.generators import ParamSpec
from synth_core.pipeline import RunOutcome
from synth_core.runs import Run
from synth_core.schema import TableSchema


def explainer(key: str, *, expanded: bool = False) -> None:
    """Show a concept's explanation from the registry in a collapsible box."""
    entry = explain(key)
    with st.expander(f"What is this? {entry.title}", expanded=expanded, icon=":material/help:"):
        st.markdown(f"**What it means.** {entry.what}")
        st.markdown(f"**Good values.** {entry.good}")
        st.markdown(f"**How it is computed.** {entry.how}")


def require_data() -> state.Dataset:
    """Return the loaded dataset, or say what to do and stop the page."""
    dataset = state.get_dataset()
    if dataset is None:
        st.info("No data yet. Upload a file or pick a bundled sample first.", icon=":material/info:")
        st.page_link(DATA.path, label=f"Go to the {DATA.title} page", icon=DATA.icon)
        st.stop()
    return dataset


def problems_box(title: str, problems: list[str]) -> None:
    """Show a list of problems in one warning box, or nothing when there are none."""
    if problems:
        items = "\n".join(f"- {escape(problem)}" for problem in problems)
        st.warning(f"**{title}**\n\n{items}", icon=":material/warning:")


def require_run() -> RunOutcome:
    """Return the current run, or say what to do and stop the page."""
    require_data()
    outcome = state.get_outcome()
    if outcome is None:
        st.info("No synthetic data yet. Generate some first.", icon=":material/info:")
        st.page_link(GENERATE.path, label=f"Go to the {GENERATE.title} page", icon=GENERATE.icon)
        st.stop()
    stale_run_warning(outcome)  # every results page labels a run the schema has moved on from
    return outcome


def stale_run_warning(outcome: RunOutcome, *, link: bool = True) -> None:
    """Warn that a run was made on an earlier schema or split than the current one, and say what to do.

    A run is stale when its fingerprint differs from the one a run made now would get, as on the Compare page.

    Args:
        outcome: The run shown on the page.
        link: Add a link to the Generate page (not wanted on the Generate page itself).
    """
    current, schema = state.current_fingerprint(), state.get_schema()
    run = outcome.run
    if current is None or schema is None or run.fingerprint == current:
        return
    made = run.created_at.replace("T", " ")[:16]
    st.warning(
        f"**Stale run:** {escape(run.label)}, run {escape(run.run_id)} of {escape(made)} UTC. Since it was made, "
        f"{escape(_what_changed(run, schema, state.get_holdout_share()))}, so the results below describe the data "
        "as it was set up then. Generate again to review the data as it is now.",
        icon=":material/history:",
    )
    if link:
        st.page_link(GENERATE.path, label="Generate again", icon=GENERATE.icon)


def _what_changed(run: Run, schema: TableSchema, holdout_share: float) -> str:
    """What differs between the run's setup and the current one, in words, naming the edited columns."""
    before = {column.name: column for column in run.schema.columns}
    now = {column.name: column for column in schema.columns}
    changed = [name for name in now if before.get(name) != now[name]]
    changed += [name for name in before if name not in now]
    parts = []
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        parts.append(f"the schema was edited ({shown})")
    if not math.isclose(run.config.holdout_share, holdout_share):
        parts.append(f"the holdout share changed ({run.config.holdout_share:.0%} then, {holdout_share:.0%} now)")
    return " and ".join(parts) or "the data or its setup changed"


_REVIEW_BOXES = {"pass": st.success, "needs_review": st.warning, "fail": st.error, "not_checked": st.info}
_REVIEW_ICONS = {
    "pass": ":material/check_circle:",
    "needs_review": ":material/rate_review:",
    "fail": ":material/cancel:",
    "not_checked": ":material/help:",
}


def review_lines(outcome: RunOutcome, topics: tuple[str, ...]) -> None:
    """The review's summary lines for `topics`, worded as the report words them, from the one shared decision."""
    from synth_core.review import review_outcome

    review = review_outcome(outcome)
    for topic in topics:
        line = review.line(topic)
        _REVIEW_BOXES[line.state.value](
            f"**{line.title}: {line.state.label}.** {escape(line.reason)}", icon=_REVIEW_ICONS[line.state.value]
        )


def run_notes(outcome: RunOutcome) -> None:
    """The run's own notes, such as a subsample used for the fit, so every page that shows results labels them.

    A run reopened from a file first says that its scores are the file's claims until they are recomputed.
    """
    if outcome.claimed_by:
        st.warning(
            f"These scores are claimed by the file '{escape(outcome.claimed_by)}', not computed here. "
            "Recompute them on the Compare page before relying on them.",
            icon=":material/gpp_maybe:",
        )
    for note in outcome.run.notes:
        st.info(escape(note), icon=":material/info:")


def param_form(specs: tuple[ParamSpec, ...], *, key_prefix: str) -> tuple[dict[str, object], list[str]]:
    """Build inputs for a generator's declared parameters; the chosen values, and what is wrong with them.

    Number fields have no min or max: the browser would silently refuse a value out of range. The bounds
    are checked here instead, and a value out of range is said in red under its field.
    """
    values: dict[str, object] = {}
    problems: list[str] = []
    columns = st.columns(2)
    for index, spec in enumerate(specs):
        column = columns[index % 2]
        key = f"{key_prefix}_{spec.name}"
        if spec.kind == "bool":
            values[spec.name] = column.checkbox(spec.title, value=bool(spec.default), help=spec.help, key=key)
        elif spec.kind == "choice":
            values[spec.name] = column.selectbox(
                spec.title, spec.choices, index=spec.choices.index(spec.default), help=spec.help, key=key
            )
        else:
            whole = spec.kind == "int"
            value = column.number_input(
                spec.title,
                value=int(spec.default) if whole else float(spec.default),
                step=int(spec.step or 1) if whole else None,
                format=None if whole else "%.6g",
                help=f"{spec.help} {_bounds_help(spec)}".strip(),
                key=key,
            )
            values[spec.name], problem = spec.check(value)
            if problem:
                column.error(problem, icon=":material/error:")
                problems.append(problem)
    return values, problems


def _bounds_help(spec: ParamSpec) -> str:
    def shown(bound: float) -> str:
        return f"{int(bound):,}" if float(bound).is_integer() else f"{bound:g}"

    if spec.min is not None and spec.max is not None:
        return f"From {shown(spec.min)} to {shown(spec.max)}."
    if spec.min is not None:
        return f"At least {shown(spec.min)}."
    return f"At most {shown(spec.max)}." if spec.max is not None else ""


def metric(container: object, key: str, text: str, *, detail: str = "") -> None:
    """A score labelled with its explainer's title, with what it means and good values on hover.

    Every score on the review pages goes through here, so each has an explanation and a glossary entry.
    """
    entry = explain(key)
    help_text = " ".join(part for part in (entry.what, entry.good, detail) if part)
    container.metric(entry.title, text, help=help_text)  # type: ignore[attr-defined]


def metric_with_explainer(container: object, key: str, value: float) -> None:
    """A 0-to-1 score shown as a percentage, labelled and explained from the registry.

    A score that could not be computed (NaN, such as pair trends of a one-column table) shows as "n/a".
    """
    metric(container, key, f"{value:.1%}" if math.isfinite(value) else "n/a")
