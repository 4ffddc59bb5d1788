"""Rare-value protection and CTGAN: fit time before (k = 0) and after (k = 5) on a 2,800-level first-name column.

How the table is built (seeded, with Faker, so anyone can rebuild it): 7,000 people, like the
criminal-justice table of issue 14.
- `first`: a first name drawn from 4,000 names (first names of 25 Faker locales, shuffled) with Zipf-like
  weights (rank^-0.6), which gives about 2,800 distinct names, most of them seen 1–4 times.
- `sex`, `race`, `charge_degree` (categorical), `age`, `priors_count`, `days_in_jail` (numerical) and
  `decile_score` (ordinal, 1–10), with priors, jail days and score depending on age and each other.
`first` is learnt as a category here (kind "categorical", role "feature"), as it was in the issue before name
detection: that is the case protection is for, and where CTGAN's one-hot width explodes.

Both fits go through `pipeline.fit_with_protection`, as every run does; the times include the replacement.
Wall-clock seconds and the process's CPU seconds are both printed: on a shared machine the wall clock
depends on what else runs, the CPU time much less. Then as many rows as the training rows are sampled, and
the rare training values they repeat are counted.

Run: python benchmarks/rare_values.py [--epochs 10] [--rows 7000]
The CPU count is printed first.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np
import pandas as pd
from faker import Faker

LOCALES = (
    "en_US", "en_GB", "es_ES", "es_MX", "fr_FR", "de_DE", "it_IT", "pt_BR", "nl_NL", "pl_PL", "sv_SE", "tr_TR",
    "cs_CZ", "hu_HU", "fi_FI", "ro_RO", "da_DK", "no_NO", "hr_HR", "sk_SK", "lt_LT", "lv_LV", "sl_SI", "et_EE",
    "ga_IE",
)  # fmt: skip
NAME_POOL = 4000
ZIPF_EXPONENT = 0.6


def make_table(rows: int, seed: int = 0) -> pd.DataFrame:
    """The benchmark table: a high-cardinality first name and seven ordinary columns."""
    rng = np.random.default_rng(seed)
    pool: dict[str, None] = {}
    for locale in LOCALES:
        provider = Faker(locale).provider("faker.providers.person")
        pool.update(dict.fromkeys(str(name) for name in provider.first_names))
    names = np.array(sorted(pool))
    rng.shuffle(names)
    names = names[:NAME_POOL]
    weights = 1.0 / np.arange(1, NAME_POOL + 1) ** ZIPF_EXPONENT
    age = rng.integers(18, 80, rows)
    priors = rng.poisson(np.clip((60 - age) / 8, 0.2, None))
    degree = np.where(rng.random(rows) < 0.35 + 0.03 * np.minimum(priors, 10), "F", "M")
    days = np.round(rng.exponential(3 + 4 * priors + 10 * (degree == "F")), 1)
    score = np.clip(np.round(1 + priors * 0.6 + (70 - age) / 12 + rng.normal(0, 1.5, rows)), 1, 10).astype(int)
    return pd.DataFrame(
        {
            "first": names[rng.choice(NAME_POOL, rows, p=weights / weights.sum())],
            "sex": rng.choice(["Male", "Female"], rows, p=[0.8, 0.2]),
            "age": age,
            "race": rng.choice(
                ["African-American", "Caucasian", "Hispanic", "Other", "Asian", "Native American"],
                rows,
                p=[0.5, 0.34, 0.09, 0.05, 0.01, 0.01],
            ),
            "charge_degree": degree,
            "priors_count": priors,
            "days_in_jail": days,
            "decile_score": score,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=10, help="CTGAN epochs.")
    parser.add_argument("--rows", type=int, default=7000, help="Rows in the table.")
    args = parser.parse_args()
    print(f"CPU count: {os.cpu_count()}")
    warnings.simplefilter("ignore")
    import sdv.single_table  # noqa: F401 - imported before timing, so neither fit pays for it

    from synth_core.detection import infer_schema
    from synth_core.pipeline import RunConfig, fit_with_protection
    from synth_core.schema import ColumnKind
    from synth_core.split import train_holdout

    table = make_table(args.rows)
    schema = infer_schema(table).with_column("first", kind=ColumnKind.CATEGORICAL, role="feature")
    split = train_holdout(table, holdout_share=0.2, seed=0)
    counts = split.train["first"].value_counts()
    rare = set(counts[counts < 5].index)
    print(
        f"Table: {len(table):,} rows × {table.shape[1]} columns; training rows {len(split.train):,}; "
        f"'first' has {counts.size:,} levels in training, {len(rare):,} of them seen in fewer than 5 rows."
    )
    print(f"CTGAN, {args.epochs} epochs, batch size 500, seed 0.")
    print(f"{'k':>3}{'fit s':>9}{'CPU s':>9}{'levels fitted':>15}{'values replaced':>17}{'rare repeated':>15}")
    for k in (0, 5):
        config = RunConfig(generator="ctgan", params={"epochs": args.epochs}, seed=0, rare_k=k)
        started, cpu_started = time.perf_counter(), time.process_time()
        generator, protection = fit_with_protection(split.train, schema, config)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        synthetic = generator.sample(len(split.train), seed=0)
        fitted_levels = counts.size - sum(c.values_replaced for c in protection.columns if c.column == "first")
        repeated = len(rare & set(synthetic["first"].dropna()))
        print(
            f"{k:>3}{seconds:>9.1f}{cpu_seconds:>9.1f}{fitted_levels:>15,}{protection.values_replaced:>17,}"
            f"{repeated:>15,}"
        )
        if protection.note():
            print(f"    note: {protection.note()}")


if __name__ == "__main__":
    main()
