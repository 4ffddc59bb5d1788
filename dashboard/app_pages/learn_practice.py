"""Lesson 8: good practice and ethics, with this session's own checks ticked off."""

from __future__ import annotations

import streamlit as st

from dashboard import learn, state, tour
from dashboard.page_registry import EXPORT, FIDELITY, GENERATE, GLOSSARY, LEARN_PRACTICE, PRIVACY, UTILITY
from synth_core.lessons import practice_checklist

CHECK_PAGES = {"generate": GENERATE, "fidelity": FIDELITY, "privacy": PRIVACY, "utility": UTILITY, "report": EXPORT}
RULES = (
    "**Never treat synthetic data as automatically anonymous.** A generator can memorise and repeat real rows, "
    "and rare combinations can point to one person. Review privacy every time.",
    "**Validate before use.** Check that columns and relationships match (fidelity) and that models trained on "
    "it work on real data (utility), for the questions you will ask of it.",
    "**Disclose.** Say that the data is synthetic, which generator and settings made it, what was checked, and "
    "what it is not fit for. The review report does this.",
    "**Mind the groups.** Small groups are learnt worst and leak most. Rebalancing is a choice to disclose.",
    "**Keep the real data safe.** Synthetic data does not replace access control for the table it came from.",
)


def page() -> None:
    """Render lesson 8."""
    learn.header(LEARN_PRACTICE, uses_data=False)
    for rule in RULES:
        st.markdown(f"- {rule}")
    st.subheader("Your checks in this session")
    outcome = state.get_outcome()
    checks = practice_checklist(outcome.run if outcome is not None else None)
    done = sum(check.done for check in checks)
    st.progress(done / len(checks), text=f"{done} of {len(checks)} checks done for the current run")
    for check in checks:
        text, link = st.columns([3, 1])
        mark = ":material/check_circle:" if check.done else ":material/radio_button_unchecked:"
        text.markdown(f"{mark} **{check.label}**  \n{check.detail}")
        target = CHECK_PAGES[check.key]
        link.page_link(target.path, label=f"Open {target.title}", icon=target.icon)
    if outcome is None:
        tour.start_button(key="tour_start_practice")
    st.page_link(GLOSSARY.path, label=f"Every term, defined once: the {GLOSSARY.title}", icon=GLOSSARY.icon)
    learn.footer(LEARN_PRACTICE)


page()
