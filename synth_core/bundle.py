"""The audit bundle: everything about one Run in a ZIP, with a SHA-256 list to check it by.

It holds the synthetic data (CSV and Parquet), the schema as SDV metadata, the Run manifest, the
review report and `SHA256SUMS`. The real data is never in it; `synth-studio reproduce` redoes the
run from the manifest and the real file, checking the file's SHA-256 first.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

from synth_core.export_files import to_csv_bytes, to_parquet_bytes
from synth_core.metrics import metrics_json
from synth_core.runs import RunOutcome


def bundle_files(outcome: RunOutcome, *, report_html: str | None = None) -> dict[str, bytes]:
    """The bundle's files by name, SHA256SUMS last."""
    run = outcome.run
    metadata = run.schema.to_sdv_metadata(outcome.split.train).to_dict()
    files = {
        "synthetic.csv": to_csv_bytes(outcome.synthetic, guard=False),
        "synthetic.parquet": to_parquet_bytes(outcome.synthetic),
        "metadata.json": json.dumps(metadata, indent=2, ensure_ascii=False, default=str).encode("utf-8"),
        "run.json": run.to_json().encode("utf-8"),
        "metrics.json": metrics_json(run, train=outcome.split.train).encode("utf-8"),
    }
    if report_html is not None:
        files["report.html"] = report_html.encode("utf-8")
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items())
    files["SHA256SUMS"] = sums.encode("utf-8")
    return files


def build_bundle(outcome: RunOutcome, *, report_html: str | None = None) -> bytes:
    """The bundle as ZIP bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in bundle_files(outcome, report_html=report_html).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def build_multi_bundle(parts: list[tuple[RunOutcome, str | None]]) -> bytes:
    """Several runs in one ZIP: a folder per run, each with its own files, and one SHA256SUMS for all.

    Args:
        parts: (outcome, report HTML or None) per run.
    """
    if len(parts) == 1:
        return build_bundle(parts[0][0], report_html=parts[0][1])
    files: dict[str, bytes] = {}
    for outcome, report in parts:
        folder = f"{outcome.run.config.generator}_{outcome.run.run_id}"
        for name, data in bundle_files(outcome, report_html=report).items():
            if name != "SHA256SUMS":
                files[f"{folder}/{name}"] = data
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in files.items()).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def verify_bundle(raw: bytes) -> list[str]:
    """Check every file of a bundle against its SHA256SUMS; return the problems found (none if intact)."""
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = set(archive.namelist())
        if "SHA256SUMS" not in names:
            return ["The bundle has no SHA256SUMS file."]
        for line in archive.read("SHA256SUMS").decode("utf-8").splitlines():
            digest, _, name = line.partition("  ")
            if name not in names:
                problems.append(f"'{name}' is listed in SHA256SUMS but missing.")
            elif hashlib.sha256(archive.read(name)).hexdigest() != digest:
                problems.append(f"'{name}' does not match its SHA-256.")
    return problems
