"""Shared fixtures: paths to the bundled real data; hypothesis profiles for the property tests."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"
DATA_DIR = Path(__file__).resolve().parent / "data"

# Property tests (tests/unit/properties): 200 examples each. Under CI the examples are derandomized, so a
# failure shows up again on the next run and on any machine; locally they are random, so every run explores
# new inputs. No deadline: the first example pays for imports and compilation, and a busy 2-core machine
# makes single examples slow without anything being wrong. HYPOTHESIS_PROFILE=thorough hunts harder.
# Each profile starts from hypothesis' defaults, not from its own "ci" profile, which hides every too-slow
# data generation warning; here a test suppresses a health check only where its comment says why.
_DEFAULTS = settings.get_profile("default")
settings.register_profile(
    "ci", _DEFAULTS, max_examples=200, deadline=None, derandomize=True, database=None, print_blob=True
)
settings.register_profile("dev", _DEFAULTS, max_examples=200, deadline=None, print_blob=True)
settings.register_profile("thorough", _DEFAULTS, max_examples=2000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def adult() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / "adult.csv")


@pytest.fixture(scope="session")
def german_credit() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / "german_credit.csv")


@pytest.fixture(scope="session")
def student_placements() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "student_placements_real.csv")
