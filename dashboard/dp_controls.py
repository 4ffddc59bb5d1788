"""Generate-page controls for generators with a differential-privacy guarantee: ε in one picture, and the domain.

A DP generator must be told which values each column may take (its declared domain); reading them from
the rows would leak them. The user picks the declared domain that ships with a bundled sample, uploads
one, or declares nothing and lets the generator learn each domain privately, paid for out of ε. Only
the schema is read here, never the rows.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import widgets
from synth_core.dp_domain import SAMPLE_DOMAIN_FILES, DeclaredDomain, DomainError, outside_domain, sample_domain
from synth_core.epsilon import calculate_epsilon_curves, epsilon_sentence
from synth_core.generators.base import Generator
from synth_core.generators.dp_mst import plan_budget
from synth_core.plots.dp import plot_epsilon
from synth_core.schema import ColumnKind, TableSchema

PICTURE_EPSILONS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
SOURCES = {
    "sample": "The declared domain that ships with this sample",
    "upload": "Upload a declared domain (JSON)",
    "none": "Declare nothing: learn each column's domain privately, paid for out of ε",
}


def uses_domain(generator: type[Generator]) -> bool:
    """Whether `generator` takes a declared domain (only differentially private ones do)."""
    return bool(getattr(generator, "uses_declared_domain", False))


def epsilon_picture() -> None:
    """ε in one picture: the two output curves of a noisy count, with and without one person's row."""
    with st.expander("What ε means, in one picture", icon=":material/privacy_tip:", expanded=True):
        epsilon = st.select_slider(
            "ε to look at", options=PICTURE_EPSILONS, value=1.0, key="dp_picture_epsilon", format_func="{:g}".format
        )
        st.plotly_chart(plot_epsilon(calculate_epsilon_curves(epsilon)), width="stretch", key="dp_picture")
        st.markdown(
            f"{epsilon_sentence(epsilon)} The generator releases many such noisy counts (one per column and per "
            "pair of columns it measures), splitting ε between them, and builds every synthetic row from them "
            "alone. The guarantee covers every row: no one's presence changes the output by more than e^ε, "
            "plus a failure chance δ. Smaller ε: more privacy, rougher data. Set the run's ε in the parameters."
        )


def matching_sample_domain(schema: TableSchema) -> tuple[str, DeclaredDomain] | None:
    """A shipped declared domain whose columns this table has, judged from the schema alone."""
    for key in SAMPLE_DOMAIN_FILES:
        domain = sample_domain(key)
        if domain is not None and set(domain.names) <= set(schema.names) and not domain.problems(schema):
            return key, domain
    return None


def domain_template(schema: TableSchema) -> str:
    """A JSON template naming every modelled column with empty categories or bounds, from the schema alone."""
    columns: dict[str, dict[str, Any]] = {}
    for column in schema.columns:
        if not column.is_modelled or column.kind is ColumnKind.BOOLEAN:
            continue
        if column.kind.is_numeric_like:
            columns[column.name] = {"lower": None, "upper": None, "missing": False}
        else:
            columns[column.name] = {"categories": [], "missing": False}
    note = "Fill in from public knowledge (a codebook, the form the data was collected on), never from the rows."
    return json.dumps({"source": note, "columns": columns}, indent=2, ensure_ascii=False)


def _uploaded_domain() -> DeclaredDomain | None:
    upload = st.file_uploader("Declared domain (JSON)", type=["json"], key="dp_domain_upload")
    if upload is None:
        return None
    try:
        return DeclaredDomain.from_json(upload.getvalue().decode("utf-8", errors="replace"))
    except DomainError as error:
        st.error(f"{widgets.escape(upload.name)}: {widgets.escape(error)}", icon=":material/error:")
        return None


def domain_section(frame: pd.DataFrame, schema: TableSchema) -> tuple[DeclaredDomain | None, list[str]]:
    """Let the user choose the declared domain.

    Args:
        frame: The real table, only to tell its holder which of its values fall outside the domain.
        schema: The current schema, which the domain is checked against.

    Returns:
        The declared domain (None declares nothing), and what stops a run, if anything.
    """
    st.markdown("**Declared domain**")
    st.caption(
        "Which values each column may take. A differentially private generator must not read them from your "
        "rows: a rare value would give its owner away. Declare them from public knowledge, or let the generator "
        "learn them privately, at a cost in ε."
    )
    shipped = matching_sample_domain(schema)
    sources = [key for key in SOURCES if key != "sample" or shipped is not None]
    source = st.radio("Domain", sources, format_func=SOURCES.get, key="dp_domain_source", label_visibility="collapsed")
    domain: DeclaredDomain | None = None
    blockers: list[str] = []
    if source == "sample" and shipped is not None:
        domain = shipped[1]
        st.caption(f"Source: {widgets.escape(domain.source)}")
    elif source == "upload":
        domain = _uploaded_domain()
        if domain is None:
            blockers.append("Upload a declared domain, or choose another option.")
        st.download_button(
            "Download a template for this table",
            domain_template(schema),
            file_name="domain_template.json",
            mime="application/json",
            icon=":material/download:",
            key="dp_domain_template",
        )
    if domain is not None:
        problems = domain.problems(schema)
        widgets.problems_box("Fix the declared domain before generating", problems)
        blockers += problems
        if not problems:
            _outside_caption(frame, domain, schema)
    return domain, blockers


def _outside_caption(frame: pd.DataFrame, domain: DeclaredDomain, schema: TableSchema) -> None:
    """Tell the data holder which of their values fall outside the domain: shown here, never stored in a run."""
    outside = {name: count for name, count in outside_domain(frame, domain, schema).items() if count}
    if outside:
        listed = ", ".join(f"{name} ({count:,})" for name, count in outside.items())
        st.caption(
            f"Values of your table outside this domain: {widgets.escape(listed)}. They will be clipped to the "
            "bounds or made missing, or their row left out. Widen the domain if they are real values. Only you "
            "see these counts; they are not stored in the run."
        )
    else:
        st.caption("Every value of your table lies within this domain.")


def budget_caption(schema: TableSchema, domain: DeclaredDomain | None, params: dict[str, Any]) -> None:
    """Say how ε and δ will be spent: on learning undeclared domains, and on the model."""
    budget = plan_budget(
        schema,
        domain,
        epsilon=float(params["epsilon"]),
        delta=float(params["delta"]),
        domain_share=float(params["domain_share"]),
    )
    st.caption(widgets.escape(budget.describe()))
