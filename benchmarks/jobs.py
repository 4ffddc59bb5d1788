"""What running a step as a job costs, and how fast Stop gives the machine back.

Run: python benchmarks/jobs.py
Prints the CPU count first. On Adult, it times the Gaussian copula's whole run (split, fit, sample, fidelity) in
this process and as a job in a worker process, checks that both give the same synthetic rows, and prints the
job's overhead. Then it starts a CTGAN fit at 5,000 epochs as a job, stops it, and prints how long the worker
took to go and the memory of this process and its workers before, during and after.
Targets: overhead under 2 s; the worker gone within 2 s of Stop; memory back within 200 MB.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pandas as pd
import psutil

from synth_core import jobs
from synth_core.detection import infer_schema
from synth_core.pipeline import RunConfig, run_pipeline
from synth_core.progress import ProgressUpdate

ADULT = Path(__file__).resolve().parent.parent / "sample_data" / "adult.csv"


class _StopError(Exception):
    """Raised from the progress callback, as a page's Stop does."""


def _resident_bytes() -> int:
    me = psutil.Process()
    total = 0
    for process in [me, *me.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total


def main() -> None:
    print(f"CPU count: {os.cpu_count()} (targets for 2 cores)")
    frame = pd.read_csv(ADULT)
    schema = infer_schema(frame)
    config = RunConfig(generator="gaussian_copula")
    jobs.warm_up()
    jobs.run_job(run_pipeline, frame.head(500), step="warm-up", schema=schema, config=config, evaluate=False)

    started = time.perf_counter()
    here = run_pipeline(frame, schema=schema, config=config)
    in_process = time.perf_counter() - started
    started = time.perf_counter()
    worker = jobs.run_job(run_pipeline, frame, step="Gaussian copula", schema=schema, config=config)
    as_job = time.perf_counter() - started
    same = here.synthetic.equals(worker.synthetic)
    print(
        f"Gaussian copula on Adult ({len(frame):,} × {frame.shape[1]}): {in_process:.1f} s in this process, "
        f"{as_job:.1f} s as a job; overhead {as_job - in_process:+.1f} s; same rows: {same}"
    )

    before = _resident_bytes()
    peak = [before]
    raised = [0.0]

    def stop_when_busy(update: ProgressUpdate) -> None:
        peak[0] = max(peak[0], _resident_bytes())
        if update.elapsed > 20:
            raised[0] = time.perf_counter()
            raise _StopError

    ctgan = RunConfig(generator="ctgan", params={"epochs": 5000})
    with contextlib.suppress(_StopError):
        jobs.run_job(run_pipeline, frame, step="CTGAN", schema=schema, config=ctgan, progress=stop_when_busy)
    gone = time.perf_counter() - raised[0]  # the worker is killed and reaped before run_job lets the error out
    after = _resident_bytes()
    print(
        f"CTGAN at 5,000 epochs stopped after 20 s: returned in {gone:.2f} s; memory {before / 2**20:.0f} MB before, "
        f"{peak[0] / 2**20:.0f} MB during, {after / 2**20:.0f} MB after"
    )
    ok = same and as_job - in_process < 2.0 and gone < 2.0 and after - before < 200 * 2**20
    print("All targets met." if ok else "A target was missed.")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
