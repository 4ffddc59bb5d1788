"""Generate 1,000,000 Adult rows with the command line: rows per second and peak memory.

Run: python benchmarks/million_rows.py [--rows 1000000] [--generator gaussian_copula]
Target: peak memory under 3 GiB. The CPU count is printed first.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ADULT = Path(__file__).resolve().parent.parent / "sample_data" / "adult.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--generator", default="gaussian_copula")
    args = parser.parse_args()
    print(f"CPU count: {os.cpu_count()} (target: peak memory < 3 GiB)")
    out = Path(tempfile.mkdtemp()) / "run"
    command = [sys.executable, "-m", "synth_core.cli", "generate", str(ADULT), "--generator", args.generator]
    command += ["--rows", str(args.rows), "--seed", "0", "--out", str(out)]
    started = time.perf_counter()
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    written = sum(1 for _ in (out / "synthetic.csv").open(encoding="utf-8")) - 1
    print(f"{written:,} rows from {args.generator} in {seconds:.1f} s (fit, sample and fidelity on the first chunk)")
    print(f"{written / seconds:,.0f} rows per second overall; peak memory {peak_mib:,.0f} MiB (target < 3,072)")


if __name__ == "__main__":
    main()
