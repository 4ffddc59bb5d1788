"""The guided tour: the Adult sample, walked through from loading to export, one sentence per page."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import state
from dashboard.loading import load_sample
from dashboard.page_registry import DATA, EXPORT, FIDELITY, GENERATE, PRIVACY, UTILITY, Page

TOUR_SAMPLE = "adult"


@dataclass(frozen=True)
class TourStep:
    """One stop of the tour.

    Attributes:
        page: The page it stops at.
        sentence: What to look at there.
        needs_run: Whether "Next" waits until synthetic data exists.
    """

    page: Page
    sentence: str
    needs_run: bool = False

    @property
    def title(self) -> str:
        """The page's name."""
        return self.page.title


STEPS: tuple[TourStep, ...] = (
    TourStep(
        DATA,
        "This is the Adult census sample. Look at the Kind and Role of each column: the tool found `income` as "
        "the target, `education-num` as ordinal, and no personal data.",
    ),
    TourStep(
        GENERATE,
        "Keep the Gaussian copula and click Generate. In a few seconds you get as many synthetic rows as there "
        "are training rows, and three fidelity scores.",
        needs_run=True,
    ),
    TourStep(
        FIDELITY,
        "Compare real and synthetic bars column by column, then the difference heatmap: the darker a cell, the "
        "worse that pair of columns kept its relationship.",
    ),
    TourStep(
        PRIVACY,
        "Read the verdict first, then the distance histogram: synthetic rows should be no closer to the training "
        "rows than real rows the generator never saw (the holdout) are.",
    ),
    TourStep(
        UTILITY,
        "Click Compute utility: models trained on the synthetic rows are tested on real holdout rows, and the "
        "ratio says how much predictive value survived.",
    ),
    TourStep(
        EXPORT,
        "Download the synthetic rows, and build the review report to attach to a data-sharing decision. That is "
        "the whole loop; the Learn pages explain each idea in depth.",
    ),
)


def start_button(*, key: str) -> None:
    """A button that loads the Adult sample and opens the tour's first page."""
    if st.button("Start the guided tour", icon=":material/tour:", key=key, help="Loads the Adult sample."):
        with st.spinner("Loading the Adult sample…"):
            loaded = load_sample(TOUR_SAMPLE)
        if loaded:
            state.set_tour_step(0)
            st.switch_page(STEPS[0].page.path)


def banner(page: Page) -> None:
    """On a page of the tour, while the tour runs: where we are, what to look at, and the way on."""
    if state.get_tour_step() is None:
        return
    positions = [step.page for step in STEPS]
    if page not in positions:
        return
    position = positions.index(page)
    state.set_tour_step(position)  # the tour follows the learner, even through the sidebar
    step = STEPS[position]
    with st.container(border=True, key="tour_banner"):
        st.markdown(f"**Guided tour · step {position + 1} of {len(STEPS)}: {step.title}.** {step.sentence}")
        left, right = st.columns([3, 1])
        if position + 1 < len(STEPS):
            following = STEPS[position + 1]
            if left.button(
                f"Next: {following.title}", icon=":material/arrow_forward:", type="primary", key="tour_next"
            ):
                # Checked on click, not by disabling: the run may finish further down this same page.
                if step.needs_run and state.get_outcome() is None:
                    st.warning("Generate synthetic data first: the next pages review it.", icon=":material/info:")
                else:
                    state.set_tour_step(position + 1)
                    st.switch_page(following.page.path)
        elif left.button("Finish the tour", icon=":material/check:", type="primary", key="tour_finish"):
            state.set_tour_step(None)
            st.rerun()
        if right.button("End the tour", icon=":material/close:", key="tour_end"):
            state.set_tour_step(None)
            st.rerun()
