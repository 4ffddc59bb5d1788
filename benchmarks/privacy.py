"""Privacy distances: ours against SDMetrics on the same inputs, then our exact full-size run on Adult.

Run: python benchmarks/privacy.py [--skip-sdmetrics]
Part 1 runs both implementations side by side in this process, with no subsampling, checks that they
agree to 1e-6 and prints the ratio of run times. Part 2 times the exact distance family on Adult at
full size (about 26,000 training, 6,500 holdout and 32,561 synthetic rows) and prints the peak memory.
Targets, on 2 cores: three DCR passes ≤ 5 s, the whole distance family ≤ 15 s, peak memory < 2 GiB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sdmetrics.single_table import DCROverfittingProtection
from sdmetrics.single_table.privacy.dcr_utils import calculate_dcr

from synth_core.detection import infer_schema
from synth_core.evaluation.distances import distance_columns, nearest_distances
from synth_core.evaluation.privacy import calculate_distance_privacy
from synth_core.evaluation.sdmetrics_adapter import sdmetrics_metadata
from synth_core.generators import get
from synth_core.split import train_holdout

ROOT = Path(__file__).resolve().parent.parent
ADULT = ROOT / "sample_data" / "adult.csv"
STUDENT = ROOT / "tests" / "data"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def without_ordinals(metadata: dict) -> dict:
    columns = {
        name: ({"sdtype": "categorical"} if entry["sdtype"] == "ordinal" else entry)
        for name, entry in metadata["columns"].items()
    }
    return {**metadata, "columns": columns}


def side_by_side(
    label: str, train: pd.DataFrame, holdout: pd.DataFrame, synthetic: pd.DataFrame, metadata: dict
) -> None:
    columns = distance_columns(metadata, available=set(train.columns))
    nearest_distances(synthetic.head(5), train.head(5), columns)  # compile outside the timing
    started = time.perf_counter()
    ours_train = nearest_distances(synthetic, train, columns)[:, 0]
    ours_holdout = nearest_distances(synthetic, holdout, columns)[:, 0]
    ours_seconds = time.perf_counter() - started
    theirs_train = calculate_dcr(synthetic, train, metadata).to_numpy()
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = DCROverfittingProtection.compute_breakdown(train, synthetic, holdout, metadata, None)
    theirs_seconds = time.perf_counter() - started
    closer = float(np.mean(ours_train < ours_holdout))
    gaps = {
        "median DCR": abs(np.median(ours_train) - np.median(theirs_train)),
        "max per-row DCR": float(np.max(np.abs(ours_train - theirs_train))),
        "closer-to-training share": abs(closer - theirs["synthetic_data_percentages"]["closer_to_training"]),
        "DCROverfittingProtection": abs(min((1 - closer) * 2, 1) - theirs["score"]),
    }
    agree = all(gap < 1e-6 for gap in gaps.values())
    print(f"\n{label}: {len(synthetic):,} synthetic, {len(train):,} training, {len(holdout):,} holdout rows")
    print(f"  median DCR ours {np.median(ours_train):.6f}  SDMetrics {np.median(theirs_train):.6f}")
    print(f"  DCROverfittingProtection ours {min((1 - closer) * 2, 1):.6f}  SDMetrics {theirs['score']:.6f}")
    print(f"  largest disagreement {max(gaps.values()):.2e} -> {'AGREE' if agree else 'DISAGREE'} (tolerance 1e-6)")
    print(
        f"  time: ours {ours_seconds:.3f} s, SDMetrics {theirs_seconds:.1f} s (the same two DCR passes): "
        f"SDMetrics / ours = {theirs_seconds / ours_seconds:,.0f}x"
    )
    if not agree:
        raise SystemExit("Our distances disagree with SDMetrics.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-sdmetrics", action="store_true", help="Only run the full-size timing.")
    args = parser.parse_args()
    print(f"CPU count: {os.cpu_count()} (targets are for 2 cores)")
    adult = pd.read_csv(ADULT)
    schema = infer_schema(adult)

    if not args.skip_sdmetrics:
        real = pd.read_csv(STUDENT / "student_placements_real.csv")
        synthetic = pd.read_csv(STUDENT / "student_placements_synthetic.csv")
        metadata = json.loads((STUDENT / "student_placements_metadata.json").read_text())["tables"][
            "student_placements"
        ]
        side_by_side("student_placements", real.iloc[:150], real.iloc[150:], synthetic, metadata)
        sample = adult.sample(3000, random_state=4).reset_index(drop=True)
        train, holdout = sample.iloc[:2000].reset_index(drop=True), sample.iloc[2000:].reset_index(drop=True)
        generated = get("gaussian_copula")().fit(train, schema=schema, seed=0).sample(2000, seed=0)
        adult_metadata = without_ordinals(sdmetrics_metadata(schema, train, modelled_only=True))
        side_by_side("Adult sample", train, holdout, generated, adult_metadata)

    split = train_holdout(adult, holdout_share=0.2, seed=0)
    synthetic = get("gaussian_copula")().fit(split.train, schema=schema, seed=0).sample(len(adult), seed=0)
    modelled = sdmetrics_metadata(schema, split.train, modelled_only=True)
    columns = distance_columns(modelled, available=set(adult.columns))
    nearest_distances(synthetic.head(5), split.train.head(5), columns)
    before = peak_rss_mib()
    started = time.perf_counter()
    result, _ = calculate_distance_privacy(split.train, split.holdout, synthetic, schema=schema)
    total = time.perf_counter() - started
    print(
        f"\nAdult at full size, exact: {len(synthetic):,} synthetic, {len(split.train):,} training, "
        f"{len(split.holdout):,} holdout rows, {len(columns.names)} columns"
    )
    for step, seconds in result.seconds.items():
        print(f"  {step:<24} {seconds:6.2f} s")
    print(f"  {'whole distance family':<24} {total:6.2f} s   (target ≤ 15 s; three DCR passes target ≤ 5 s)")
    print(
        f"  peak memory of the process {peak_rss_mib():,.0f} MiB "
        f"(before the privacy step {before:,.0f} MiB); target < 2,048"
    )
    print(
        f"  median DCR {result.synthetic_to_train.median:.4f}, closer to training {result.closer_to_train_share:.3f} "
        f"(size-corrected {result.closer_to_train_corrected:.3f}), membership AUC {result.membership_auc:.3f}"
    )


if __name__ == "__main__":
    main()
