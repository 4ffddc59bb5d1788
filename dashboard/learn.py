"""What the Learn pages share: the lesson data, cached demo results, and the lesson header and footer.

The lessons run on a fixed, seeded sample of the bundled Adult table, never on a user's upload, so
their results are cached for the whole server: a second learner, or the same learner coming back,
gets them at once.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import lesson_clouds
from dashboard.page_registry import LESSONS, Page
from synth_core.detection import infer_schema
from synth_core.generators import get
from synth_core.io import read_table
from synth_core.lessons import PairDemo, pair_demo, score_pair
from synth_core.samples import SAMPLES
from synth_core.schema import TableSchema
from synth_core.split import Split, train_holdout

LESSON_ROWS = 2_000  # a sample of Adult keeps every demo near a second
LESSON_HOLDOUT_SHARE = 0.25
PAIR_ROWS = 1_000  # the two-column demos fit deep models too; fewer rows keep them short
DEEP_EPOCHS = 30  # enough for the cloud to take shape, short enough to wait for once
# Tried on the lesson's rows: TVAE needs small batches (more steps) to learn anything in 30 epochs;
# CTGAN learnt the shapes better with its default batches, and small ones made it five times slower.
DEEP_PARAMS: dict[str, dict[str, Any]] = {
    "ctgan": {"epochs": DEEP_EPOCHS},
    "tvae": {"epochs": DEEP_EPOCHS, "batch_size": 100},
}
# The column pairs of lesson 2; the deep models' clouds for each are trained in advance (`lesson_clouds`).
LESSON_PAIRS: dict[tuple[str, str], str] = {
    ("age", "hours-per-week"): "age and hours per week (two numbers)",
    ("marital-status", "age"): "marital status and age",
    ("education", "education-num"): "education and its code (one determines the other)",
}

GENERATOR_LABELS = {
    "rule_based": "Rule-based (Faker)",
    "independent_columns": "Independent columns",
    "gaussian_copula": "Gaussian copula",
    "ctgan": "GAN (CTGAN)",
    "tvae": "VAE (TVAE)",
    "copy_rows": "Copy of the real rows",
}
DEEP_GENERATORS = tuple(DEEP_PARAMS)


@st.cache_data(show_spinner=False)
def lesson_data() -> tuple[pd.DataFrame, TableSchema]:
    """A seeded sample of the Adult table and its detected schema."""
    frame = read_table(SAMPLES["adult"].path).frame.sample(LESSON_ROWS, random_state=0).reset_index(drop=True)
    return frame, infer_schema(frame)


@st.cache_data(show_spinner=False)
def lesson_split() -> Split:
    """The lesson rows split into training rows and a holdout the generators never see."""
    frame, _ = lesson_data()
    return train_holdout(frame, holdout_share=LESSON_HOLDOUT_SHARE, seed=0)


@st.cache_data(show_spinner="Generating synthetic rows…")
def lesson_synthetic(generator: str) -> pd.DataFrame:
    """As many synthetic rows as training rows, from `generator` fitted on the lesson's training rows."""
    _, schema = lesson_data()
    train = lesson_split().train
    return get(generator)().fit(train, schema=schema, seed=0).sample(len(train), seed=0)


def train_pair(columns: tuple[str, str], generator: str) -> PairDemo:
    """Fit `generator` on two columns of the lesson rows now; deep models train briefly (`DEEP_PARAMS`)."""
    frame, schema = lesson_data()
    params = DEEP_PARAMS.get(generator, {})
    return pair_demo(frame.head(PAIR_ROWS), schema, columns, generator=generator, params=params)


def train_pair_cloud(columns: tuple[str, str], generator: str) -> pd.DataFrame:
    """Only the synthetic cloud of `train_pair`: what `lesson_clouds` stores."""
    return train_pair(columns, generator).synthetic


@st.cache_data(show_spinner="Fitting the generator on two columns…")
def lesson_pair(columns: tuple[str, str], generator: str, *, live: bool = False) -> PairDemo:
    """The pair demo for `generator`: from the cloud trained in advance if there is one, else fitted now.

    Args:
        columns: The two columns.
        generator: A registry name or `lessons.RULE_BASED`.
        live: Fit now even if a cloud trained in advance exists.
    """
    frame, schema = lesson_data()
    real = frame.head(PAIR_ROWS)[list(columns)].reset_index(drop=True)
    stored = None if live else lesson_clouds.load_cloud(columns, generator, real)
    if stored is None:
        return train_pair(columns, generator)
    return score_pair(real, schema, stored, generator=generator)


def header(page: Page, *, uses_data: bool = True) -> None:
    """The lesson's title, its number, and where its rows come from."""
    st.title(page.title)
    source = f" · live demos on {LESSON_ROWS:,} rows of the Adult census sample (UCI, CC BY 4.0)" if uses_data else ""
    st.caption(f"Lesson {page.lesson} of {len(LESSONS)}{source}.")


def footer(page: Page) -> None:
    """Links to the previous and the next lesson."""
    position = LESSONS.index(page)
    st.divider()
    left, right = st.columns(2)
    if position > 0:
        before = LESSONS[position - 1]
        left.page_link(before.path, label=f"Back: {before.title}", icon=":material/arrow_back:")
    if position + 1 < len(LESSONS):
        after = LESSONS[position + 1]
        right.page_link(after.path, label=f"Next: {after.title}", icon=":material/arrow_forward:")
