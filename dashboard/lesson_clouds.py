"""Lesson 2's deep-model clouds, trained in advance so the lesson answers at once.

CTGAN and TVAE take seconds to train even for a few epochs on two columns, longer on a busy
server. The lesson shows their clouds from these files straight away, and its "Train again now"
button trains the same model live. The files are plain CSV (data, never a pickled model), made by
`python -m dashboard.make_lesson_clouds` from the bundled Adult sample with the lesson's rows, settings
and seed; a test checks that a live fit agrees with them. This module only stores and reads them, so
the lessons can read it without it knowing the lessons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

FOLDER = Path(__file__).resolve().parent / "assets" / "lesson_clouds"


def cloud_path(columns: tuple[str, str], generator: str, folder: Path = FOLDER) -> Path:
    """Where the cloud for `generator` on `columns` is kept."""
    return folder / f"{generator}__{columns[0]}__{columns[1]}.csv"


def load_cloud(
    columns: tuple[str, str], generator: str, real: pd.DataFrame, folder: Path = FOLDER
) -> pd.DataFrame | None:
    """The stored synthetic cloud, with the real columns' types; None if there is none.

    Args:
        columns: The two columns.
        generator: The generator that made the cloud.
        real: The real rows, whose column types the cloud takes.
        folder: Where the clouds are kept.
    """
    path = cloud_path(columns, generator, folder)
    if not path.exists():
        return None
    # Read as text first so a category such as "NA" stays a category.
    cloud = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    for name in columns:
        if pd.api.types.is_numeric_dtype(real[name]):
            cloud[name] = pd.to_numeric(cloud[name]).astype(real[name].dtype)
    return cloud[list(columns)]


def write_clouds(
    pairs: Iterable[tuple[str, str]],
    generators: Iterable[str],
    train: Callable[[tuple[str, str], str], pd.DataFrame],
    folder: Path = FOLDER,
) -> list[Path]:
    """Train every generator on every pair and store the clouds.

    Args:
        pairs: The column pairs.
        generators: The generators to train.
        train: Makes the synthetic cloud for a pair and a generator.
        folder: Where to store them.

    Returns:
        The files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    generators = tuple(generators)
    for columns in pairs:
        for generator in generators:
            path = cloud_path(columns, generator, folder)
            train(columns, generator).to_csv(path, index=False)
            written.append(path)
    return written
