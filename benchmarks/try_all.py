"""Time "try all generators" on German credit (1,000 rows), as the Compare page runs it.

Run: python benchmarks/try_all.py
Target: under 3 minutes on 2 cores, with reduced epochs for the deep generators. The CPU count is printed first.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pandas as pd

from synth_core.detection import infer_schema
from synth_core.generators import registry
from synth_core.pipeline import try_all_generators

GERMAN = Path(__file__).resolve().parent.parent / "sample_data" / "german_credit.csv"


def main() -> None:
    print(f"CPU count: {os.cpu_count()} (target: under 180 s on 2 cores)")
    frame = pd.read_csv(GERMAN)
    started = time.perf_counter()
    outcomes, failures = try_all_generators(frame, schema=infer_schema(frame))
    total = time.perf_counter() - started
    epochs = {g.run_try_all_params().get("epochs") for g in registry().values() if g.is_deep}
    print(f"German credit: {len(frame):,} rows × {frame.shape[1]} columns; deep generators at {epochs} epochs")
    print(f"{'generator':<40}{'fit s':>8}{'sample s':>10}{'fidelity':>10}")
    for outcome in outcomes:
        run = outcome.run
        print(
            f"{run.generator_label:<40}{run.timings['fit']:>8.1f}{run.timings['sample']:>10.2f}{run.fidelity.overall:>10.3f}"
        )
    for failure in failures:
        print(f"{failure.label:<40} FAILED: {failure.error}")
    print(f"Total: {total:.1f} s (target < 180 s)")


if __name__ == "__main__":
    main()
