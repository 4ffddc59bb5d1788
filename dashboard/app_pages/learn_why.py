"""Lesson 1: what synthetic data is, why people make it, and what it looks like next to real rows."""

from __future__ import annotations

import streamlit as st

from dashboard import learn, state, tour, widgets
from dashboard.page_registry import LEARN_WHY
from synth_core.lessons import side_by_side

REASONS = {
    "Privacy": "Share data that behaves like the real table without handing over anyone's record.",
    "Scarcity": "Make more rows than were collected, for testing, teaching or a first model.",
    "Rare events": "Make more examples of rare cases, such as fraud or a small group, to study them.",
    "Cost": "Skip a slow approval or an expensive collection to try an idea first.",
}


def page() -> None:
    """Render lesson 1."""
    learn.header(LEARN_WHY)
    st.markdown(
        "**Synthetic data** is made by a model of a real table rather than collected from people. A generator "
        "learns the real rows' patterns, then draws new rows from what it learnt."
    )
    for column, (reason, text) in zip(st.columns(len(REASONS)), REASONS.items(), strict=True):
        column.markdown(f"**{reason}**  \n{text}")
    widgets.explainer("learn.synthetic_data")

    st.subheader("Real rows next to synthetic rows")
    generator = st.radio(
        "Made by",
        ["gaussian_copula", "copy_rows"],
        format_func=learn.GENERATOR_LABELS.get,
        horizontal=True,
        key="lesson_why_generator",
        help="A copy is the cheat that looks perfect: every row is a real person's.",
    )
    if st.button("Show other rows", icon=":material/shuffle:", key="lesson_why_shuffle"):
        state.next_draw("why")
    split = learn.lesson_split()
    demo = side_by_side(split.train, learn.lesson_synthetic(generator), seed=state.get_draw("why"))
    left, right = st.columns(2)
    left.markdown("**Real rows**")
    left.dataframe(demo.real, hide_index=True, width="stretch")
    right.markdown("**Synthetic rows**")
    right.dataframe(demo.synthetic, hide_index=True, width="stretch")
    st.metric(
        "Synthetic rows that copy a real row exactly",
        f"{demo.copies:,} of {demo.synthetic_rows:,}",
        help="A synthetic row identical to a training row, on every column, discloses that person.",
    )
    st.markdown(
        "The synthetic rows look plausible, and none of them is a real person's record. Whether they are *good* "
        "is a separate question with three parts, each a lesson here: fidelity, utility and privacy."
    )
    st.info("Want to see the whole tool at work first? The guided tour takes five minutes.", icon=":material/tour:")
    tour.start_button(key="tour_start_lesson")
    learn.footer(LEARN_WHY)


page()
