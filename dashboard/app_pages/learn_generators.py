"""Lesson 2: how generators work, from rules to deep learning, on a pair of Adult columns."""

from __future__ import annotations

import math

import streamlit as st

from dashboard import learn, state, widgets
from dashboard.page_registry import LEARN_GENERATORS
from dashboard.run_steps import run_job
from synth_core.lessons import PairDemo, pair_demo
from synth_core.plots.lessons import plot_pair
from synth_core.schema import ColumnKind

PAIRS = learn.LESSON_PAIRS
FAMILIES = {
    "rule_based": ("Rule-based", "learn.rule_based"),
    "independent_columns": ("Statistical", "learn.synthetic_data"),
    "gaussian_copula": ("Statistical", "learn.copula"),
    "ctgan": ("Deep learning", "learn.gan"),
    "tvae": ("Deep learning", "learn.vae"),
}
ABOUT = {
    "rule_based": "Each value comes from a rule a person wrote: any whole number in the real range, any listed "
    "category, all equally likely. Shapes and relationships vanish.",
    "independent_columns": "Each column's distribution is learnt on its own, so every column looks right but the "
    "columns no longer go together.",
    "gaussian_copula": "Each column's distribution is learnt, then one correlation matrix joins them on a normal "
    "scale. Straight-line relationships survive; curved or one-to-one ones blur.",
    "ctgan": f"Two networks train against each other for {learn.DEEP_EPOCHS} epochs here. Given many more epochs, "
    "a GAN can learn complex shapes; with few, it is rough.",
    "tvae": f"A network learns to compress rows and rebuild them, for {learn.DEEP_EPOCHS} epochs here. New rows "
    "are decoded from random codes.",
}


def _two_places(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}"


def _trains_live(columns: tuple[str, str], generator: str) -> bool:
    """For a deep model: say its cloud was trained in advance, and offer to train it again now."""
    if generator not in learn.DEEP_GENERATORS:
        return False
    key = f"lesson_generators_live_{generator}_{'_'.join(columns)}"
    if st.session_state.get(key):
        st.caption(
            f"Trained just now: {learn.DEEP_EPOCHS} epochs on {learn.PAIR_ROWS:,} rows, seed 0. The same settings "
            "give the same cloud as the one trained in advance."
        )
        return True
    left, right = st.columns([3, 1], vertical_alignment="center")
    left.caption(
        f"Trained in advance ({learn.DEEP_EPOCHS} epochs on {learn.PAIR_ROWS:,} rows, seed 0) so the cloud shows at "
        "once. Training takes several seconds on 2 cores."
    )
    # A callback, so the rerun the click starts already knows to train, and says so.
    right.button(
        "Train again now",
        icon=":material/model_training:",
        key=f"{key}_button",
        on_click=st.session_state.__setitem__,
        args=(key, True),
    )
    return False


def _live_demo(columns: tuple[str, str], generator: str) -> PairDemo | None:
    """Train the deep model on the two columns now, as a job that Stop ends; kept for this session."""
    key = f"{generator}|{'|'.join(columns)}"
    demo = state.get_cached("lesson_live_pair", key)
    if demo is None:
        frame, schema = learn.lesson_data()
        demo = run_job(
            f"Training {learn.GENERATOR_LABELS[generator]} on two columns",
            pair_demo,
            frame.head(learn.PAIR_ROWS),
            schema,
            columns,
            generator=generator,
            params=learn.DEEP_PARAMS.get(generator, {}),
            advice="The cloud trained in advance is shown instead.",
            automatic=True,
        )
        if demo is not None:
            state.set_cached("lesson_live_pair", key, demo)
    return demo


def page() -> None:
    """Render lesson 2."""
    learn.header(LEARN_GENERATORS)
    st.markdown(
        "Generators come in three families. **Rule-based** ones (Faker) follow rules a person writes. "
        "**Statistical** ones (independent columns, the Gaussian copula) fit distributions. **Deep-learning** ones "
        "(GANs such as CTGAN, VAEs such as TVAE) train neural networks. Switch the generator and watch the "
        "synthetic cloud change."
    )
    columns = st.selectbox("Columns", list(PAIRS), format_func=PAIRS.get, key="lesson_generators_pair")
    generator = st.radio(
        "Generator",
        list(FAMILIES),
        format_func=lambda name: f"{learn.GENERATOR_LABELS[name]} · {FAMILIES[name][0].lower()}",
        horizontal=True,
        key="lesson_generators_generator",
    )
    demo = _live_demo(columns, generator) if _trains_live(columns, generator) else None
    if demo is None:
        demo = learn.lesson_pair(columns, generator)
    st.markdown(ABOUT[generator])
    left, middle, right = st.columns(3)
    left.metric("Link in real data", _two_places(demo.real_association), help="Association strength, 0 to 1.")
    middle.metric(
        "Link in synthetic data",
        _two_places(demo.synthetic_association),
        help="n/a when a synthetic column came out with a single value, as an undertrained model can do.",
    )
    if demo.latent_correlation is not None:
        right.metric(
            "Copula's latent correlation",
            f"{demo.latent_correlation:+.2f}",
            help="The correlation the copula learnt between the two columns on its normal scale.",
        )
    else:
        right.metric("Column shapes", f"{demo.column_shapes:.2f}", help="How alike each column is on its own.")
    _, schema = learn.lesson_data()
    numeric = tuple(schema.column(name).kind is ColumnKind.NUMERICAL for name in columns)
    st.plotly_chart(plot_pair(demo, numeric=numeric), width="stretch", key="lesson_generators_plot")
    widgets.explainer(FAMILIES[generator][1])
    if generator in learn.DEEP_GENERATORS:
        widgets.explainer("learn.epoch")
    learn.footer(LEARN_GENERATORS)


page()
