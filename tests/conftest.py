"""Shared fixtures: paths to the bundled real data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"
DATA_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def adult() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / "adult.csv")


@pytest.fixture(scope="session")
def german_credit() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / "german_credit.csv")


@pytest.fixture(scope="session")
def student_placements() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "student_placements_real.csv")
