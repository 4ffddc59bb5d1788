"""Lesson 2: how generators work, from rules to deep learning, on a pair of Adult columns."""

from __future__ import annotations

import math

import streamlit as st

from dashboard import learn, widgets
from synth_core.plots_lessons import plot_pair
from synth_core.schema import ColumnKind

PAGE = "app_pages/learn_generators.py"
PAIRS = {
    ("age", "hours-per-week"): "age and hours per week (two numbers)",
    ("marital-status", "age"): "marital status and age",
    ("education", "education-num"): "education and its code (one determines the other)",
}
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


def page() -> None:
    """Render lesson 2."""
    learn.header(PAGE)
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
    if generator in learn.DEEP_GENERATORS:
        st.caption(
            "A deep model trains the first time anyone on this server picks it (several seconds on 2 cores); after "
            "that its result is kept for everyone."
        )
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
    learn.footer(PAGE)


page()
