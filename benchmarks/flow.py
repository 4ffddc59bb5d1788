"""Time each step of the flow on Adult: read, detect, split, fit, sample, fidelity, associations.

Run: python benchmarks/flow.py [--generator gaussian_copula] [--repeat 3]
Our targets are for 2 cores; the CPU count is printed first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from synth_core.detection import infer_schema
from synth_core.evaluation.associations import calculate_associations
from synth_core.evaluation.fidelity import calculate_fidelity
from synth_core.generators import get
from synth_core.io import read_table
from synth_core.split import train_holdout

ADULT = Path(__file__).resolve().parent.parent / "sample_data" / "adult.csv"


def timed(step: str, timings: dict[str, list[float]], function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    timings.setdefault(step, []).append(time.perf_counter() - started)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--generator", default="gaussian_copula")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"CPU count: {os.cpu_count()} (targets are for 2 cores)")
    timings: dict[str, list[float]] = {}
    quality = []
    for _ in range(args.repeat):
        frame = timed("read", timings, read_table, ADULT).frame
        schema = timed("detect schema", timings, infer_schema, frame)
        split = timed("split", timings, train_holdout, frame, holdout_share=0.2, seed=0)
        generator = get(args.generator)()
        timed("fit", timings, generator.fit, split.train, schema=schema, seed=0)
        synthetic = timed("sample", timings, generator.sample, len(split.train), seed=0)
        fidelity = timed("fidelity", timings, calculate_fidelity, split.train, synthetic, schema=schema)
        timed(
            "associations (real + synthetic)",
            timings,
            lambda frames, schema: [calculate_associations(f, schema=schema) for f in frames],
            (split.train, synthetic),
            schema,
        )
        quality.append(fidelity.overall)
    print(f"Adult: {len(frame):,} rows × {frame.shape[1]} columns, generator {args.generator}, {args.repeat} repeats")
    print(f"{'step':<34}{'median s':>10}{'min s':>10}")
    for step, values in timings.items():
        print(f"{step:<34}{statistics.median(values):>10.2f}{min(values):>10.2f}")
    total = sum(statistics.median(values) for values in timings.values())
    print(f"{'total':<34}{total:>10.2f}")
    print(f"Quality score: {statistics.median(quality):.4f} (SDGym reference for GaussianCopula on Adult: 0.846)")


if __name__ == "__main__":
    main()
