"""Build the hostile bundles and manifests: saved runs that lie, each one way a file can attack a shared server.

Run it from anywhere with `python tests/data/hostile/make_bundles.py`; it rewrites the files next to itself.
Every bundle starts as a real one, made by the app's own code (`run_pipeline`, `bundle_files`) on a tiny
seeded table (`bundle_table.csv`, written here too), and is then tampered with. The run ids, times and
versions are fixed and the ZIP entries carry a fixed date, so the files come out the same every time.

- `intact.zip`: the real bundle, untouched (the control).
- `empty_sums.zip`: SHA256SUMS is empty.
- `sums_omit_run_json.zip`: SHA256SUMS leaves run.json out, and run.json was changed.
- `missing_run_json.zip`: run.json is gone, from the archive and from SHA256SUMS.
- `path_run_id.zip`: the run id is `x/../../../../outside/pwned`, checksums recomputed to match.
- `forged_scores.zip`: `fidelity.overall` is 0.999, checksums recomputed to match.
- `zip_bomb.zip`: synthetic.csv is 100 MB of zeros in about 100 kB (listed, with its true SHA-256).
- `costly_manifest.json`: a run manifest for the German credit sample asking for CTGAN with 5,000 epochs and
  10,000,000 synthetic rows.
- `deep_manifest.json`: a manifest nested 900 levels deep (6 kB).
- `bad_fields_manifest.json`: a manifest with a bad holdout share, seed, schema, SHA-256 and generator.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEED = 16
TABLE = "bundle_table.csv"
GERMAN_CREDIT = ROOT / "sample_data" / "german_credit.csv"
PATH_RUN_ID = "x/../../../../outside/pwned"
FORGED_FIDELITY = 0.999
BOMB_BYTES = 100 * 2**20
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
FIXED_TIME = "2024-01-01T00:00:00+00:00"
FIXED_VERSIONS = {"python": "3.11", "synth-studio": "hostile corpus"}
COSTLY_EPOCHS = 5_000
COSTLY_ROWS = 10_000_000
DEEP_LEVELS = 900


def table_bytes() -> bytes:
    """The tiny real table the bundles were made from: 40 people with an age, a band and hours worked."""
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 80, 40),
            "band": rng.choice(["low", "middle", "high"], 40, p=[0.5, 0.3, 0.2]),
            "hours": rng.normal(40, 6, 40).round(1),
        }
    )
    return frame.to_csv(index=False).encode("utf-8")


def _run_id(index: int) -> str:
    """A run id of the app's format (`uuid4().hex[:12]`), drawn from the seed."""
    return f"{random.Random(SEED * 100 + index).getrandbits(48):012x}"


@cache
def _intact_files() -> dict[str, bytes]:
    """A real bundle's files, made by the app's own code, with the run's id, time and versions fixed."""
    from synth_core.bundle import bundle_files
    from synth_core.detection import infer_schema
    from synth_core.pipeline import RunConfig, run_pipeline, sha256_of

    raw = table_bytes()
    frame = pd.read_csv(io.BytesIO(raw))
    outcome = run_pipeline(
        frame,
        schema=infer_schema(frame),
        config=RunConfig("independent_columns", rows=30, seed=SEED),
        data_name=TABLE,
        data_sha256=sha256_of(raw),
    )
    run = replace(
        outcome.run,
        run_id=_run_id(1),
        created_at=FIXED_TIME,
        versions=FIXED_VERSIONS,
        timings=dict.fromkeys(outcome.run.timings, 0.1),
    )
    return bundle_files(replace(outcome, run=run))


def _zip(files: dict[str, bytes]) -> bytes:
    """The files as a ZIP with fixed dates, in the given order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def _with_sums(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files with SHA256SUMS recomputed over every other one, as a forger would."""
    kept = {name: data for name, data in files.items() if name != "SHA256SUMS"}
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in kept.items())
    return {**kept, "SHA256SUMS": sums.encode("utf-8")}


def _edited_run(edit: Callable[[dict], None], *, indent: int | None = 2) -> bytes:
    manifest = json.loads(_intact_files()["run.json"])
    edit(manifest)
    return json.dumps(manifest, indent=indent).encode("utf-8")


def intact() -> bytes:
    return _zip(_intact_files())


def empty_sums() -> bytes:
    return _zip({**_intact_files(), "SHA256SUMS": b""})


def sums_omit_run_json() -> bytes:
    files = dict(_intact_files())
    lines = files["SHA256SUMS"].decode("utf-8").splitlines(keepends=True)
    files["SHA256SUMS"] = "".join(line for line in lines if not line.rstrip().endswith("  run.json")).encode("utf-8")
    files["run.json"] = _edited_run(lambda manifest: manifest["config"].update(seed=7))
    return _zip(files)


def missing_run_json() -> bytes:
    files = {name: data for name, data in _intact_files().items() if name != "run.json"}
    return _zip(_with_sums(files))


def path_run_id() -> bytes:
    return _zip(_with_sums({**_intact_files(), "run.json": _edited_run(lambda m: m.update(run_id=PATH_RUN_ID))}))


def forged_scores() -> bytes:
    def forge(manifest: dict) -> None:
        manifest["results"]["fidelity"]["overall"] = FORGED_FIDELITY

    return _zip(_with_sums({**_intact_files(), "run.json": _edited_run(forge)}))


def zip_bomb() -> bytes:
    """synthetic.csv is zeros that deflate about a thousand times: small on disk, large once read."""
    return _zip(_with_sums({**_intact_files(), "synthetic.csv": bytes(BOMB_BYTES)}))


def costly_manifest() -> bytes:
    """A manifest for the German credit sample that asks for CTGAN, 5,000 epochs and 10,000,000 rows."""
    from synth_core.detection import infer_schema
    from synth_core.pipeline import RunConfig, run_pipeline, sha256_of

    raw = GERMAN_CREDIT.read_bytes()
    frame = pd.read_csv(io.BytesIO(raw))
    outcome = run_pipeline(
        frame,
        schema=infer_schema(frame),
        config=RunConfig("independent_columns", rows=10, seed=SEED),
        data_name=GERMAN_CREDIT.name,
        data_sha256=sha256_of(raw),
        evaluate=False,
    )
    config = replace(outcome.run.config, generator="ctgan", params={"epochs": COSTLY_EPOCHS}, rows=COSTLY_ROWS)
    run = replace(
        outcome.run,
        run_id=_run_id(2),
        created_at=FIXED_TIME,
        versions=FIXED_VERSIONS,
        timings={},
        config=config,
        generator_label="CTGAN (SDV)",
        synthetic_rows=COSTLY_ROWS,
        notes=(),
        rare_protection=None,
    )
    return run.to_json().encode("utf-8")


def deep_manifest() -> bytes:
    nested = json.loads("[" * DEEP_LEVELS + "]" * DEEP_LEVELS)
    return _edited_run(lambda manifest: manifest.update(notes=nested), indent=None)  # compact: 900 levels in 2 kB


def bad_fields_manifest() -> bytes:
    def spoil(manifest: dict) -> None:
        manifest["config"].update(holdout_share="most", seed=-1, generator="made_up")
        manifest["data"]["sha256"] = "not-a-sha"
        manifest["schema"] = {"columns": [{"name": "age", "kind": "spaceship"}]}

    return _edited_run(spoil)


CASES: dict[str, Callable[[], bytes]] = {
    TABLE: table_bytes,
    "intact.zip": intact,
    "empty_sums.zip": empty_sums,
    "sums_omit_run_json.zip": sums_omit_run_json,
    "missing_run_json.zip": missing_run_json,
    "path_run_id.zip": path_run_id,
    "forged_scores.zip": forged_scores,
    "zip_bomb.zip": zip_bomb,
    "costly_manifest.json": costly_manifest,
    "deep_manifest.json": deep_manifest,
    "bad_fields_manifest.json": bad_fields_manifest,
}


def main() -> None:
    """Write every case next to this script."""
    for name, make in CASES.items():
        data = make()
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
