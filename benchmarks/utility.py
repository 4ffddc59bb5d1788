"""Machine-learning utility on Adult for every generator: TSTR against TRTR, beside SDGym's numbers.

Run: python benchmarks/utility.py [--epochs 100]
SDGym 0.2.2 binary F1 on Adult (mean of four classifiers, trained on synthetic data): real data 0.663,
TVAE 0.619, CTGAN 0.608, CopulaGAN 0.607, uniform random 0.242. Our models differ (a linear model and
gradient boosting), so compare orderings, not the digits. The CPU count is printed first.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import pandas as pd

from synth_core.detection import infer_schema
from synth_core.evaluation.utility import calculate_utility
from synth_core.generators import get
from synth_core.split import train_holdout

ADULT = Path(__file__).resolve().parent.parent / "sample_data" / "adult.csv"
GENERATORS = ("independent_columns", "gaussian_copula", "ctgan", "tvae", "copulagan", "copy_rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=100, help="Epochs for the deep generators.")
    parser.add_argument("--generators", nargs="*", default=list(GENERATORS))
    args = parser.parse_args()
    print(f"CPU count: {os.cpu_count()}")
    adult = pd.read_csv(ADULT)
    schema = infer_schema(adult)
    split = train_holdout(adult, holdout_share=0.2, seed=0)
    print(f"{'generator':<22}{'fit s':>8}{'TSTR macro F1':>15}{'TRTR':>8}{'ratio':>8}{'TSTR binary F1':>16}")
    for name in args.generators:
        generator_class = get(name)
        params = {"epochs": args.epochs} if any(spec.name == "epochs" for spec in generator_class.params) else {}
        started = time.perf_counter()
        generator = generator_class(**params).fit(split.train, schema=schema, seed=0)
        fit_seconds = time.perf_counter() - started
        synthetic = generator.sample(len(split.train), seed=0)
        result = calculate_utility(split.train, split.holdout, synthetic, schema=schema, target="income", seed=0)
        binary = [s.metrics.get("f1_binary") for s in result.scores if s.train_on == "synthetic"]
        binary_mean = sum(b for b in binary if b is not None) / max(len([b for b in binary if b is not None]), 1)
        print(
            f"{name:<22}{fit_seconds:>8.1f}{result.tstr:>15.3f}{result.trtr:>8.3f}{result.ratio:>8.3f}{binary_mean:>16.3f}"
        )


if __name__ == "__main__":
    main()
