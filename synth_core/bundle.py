"""The audit bundle: everything about one Run in a ZIP, with a SHA-256 list to check it by.

It holds the synthetic data (CSV and Parquet), the schema as SDV metadata, the Run manifest, the
review report and `SHA256SUMS`. The real data is never in it; `synth-studio reproduce` redoes the
run from the manifest and the real file, checking the file's SHA-256 first.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zipfile
from collections.abc import Iterator

import pandas as pd
import pyarrow.parquet as pq

from synth_core.errors import SynthStudioError
from synth_core.export_files import record_formula_guard, to_csv_bytes, to_parquet_bytes
from synth_core.limits import check_limit
from synth_core.metrics import metrics_json
from synth_core.runs import Run, RunOutcome, read_manifest

SUMS = "SHA256SUMS"
# The files one run's bundle holds; `report.html` is optional.
RUN_FILES = ("synthetic.csv", "synthetic.parquet", "metadata.json", "run.json", "metrics.json", "report.html")
REQUIRED_RUN_FILES = ("synthetic.csv", "synthetic.parquet", "metadata.json", "run.json", "metrics.json")
# A folder of a bundle of several runs: generator name, then the run id (see `build_multi_bundle`).
RUN_FOLDER = re.compile(r"[a-z0-9_]{1,64}_[0-9a-f]{12}")
HASH_CHUNK_BYTES = 1 << 20  # members are hashed a chunk at a time, never read whole
MAX_MEMBERS = 1_000  # a bundle of one run holds 7; the central directory is parsed into memory
MAX_SUMS_BYTES = 1 << 20  # SHA256SUMS lists a few lines per run
RATIO_FLOOR_BYTES = 1 << 20  # small members may compress well; only large ones can be bombs
_SUMS_LINE = re.compile(r"([0-9a-f]{64})  (\S.*)")
_REDO = "Export the bundle again from the app and open that file unchanged."


class BundleError(SynthStudioError, ValueError):
    """A bundle cannot be opened: it is not intact, or not a bundle of this app. The message names it."""


def bundle_files(outcome: RunOutcome, *, report_html: str | None = None) -> dict[str, bytes]:
    """The bundle's files by name, SHA256SUMS last."""
    run = outcome.run
    metadata = run.schema.to_sdv_metadata(outcome.split.train).to_dict()
    files = {
        "synthetic.csv": to_csv_bytes(outcome.synthetic),  # guarded against formulas; the rows are in the Parquet
        "synthetic.parquet": to_parquet_bytes(outcome.synthetic),
        "metadata.json": json.dumps(metadata, indent=2, ensure_ascii=False, default=str).encode("utf-8"),
        "run.json": record_formula_guard(run.to_json(), formula_guard=True).encode("utf-8"),
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
        if RUN_FOLDER.fullmatch(folder) is None:  # a run id from a file must never become a path
            raise BundleError(f"Run '{outcome.run.run_id}' has an id this app never makes; it cannot be exported.")
        for name, data in bundle_files(outcome, report_html=report).items():
            if name != "SHA256SUMS":
                files[f"{folder}/{name}"] = data
    files["SHA256SUMS"] = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in files.items()).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def verify_bundle(raw: bytes, *, name: str = "the bundle") -> list[str]:
    """Check a bundle's members against its SHA256SUMS; return the problems found (none if intact).

    Nothing is read before the declared sizes pass the server's caps, and each member is hashed a chunk
    at a time. Only the files a bundle holds are accepted; each must be listed in SHA256SUMS, and each
    listed file must be there. An empty or short SHA256SUMS is a problem: it proves nothing.

    Args:
        raw: The ZIP's bytes.
        name: The bundle's file name, for messages.

    Raises:
        BundleError: The ZIP declares more members than any bundle holds.
        LimitExceededError: The ZIP declares more bytes unpacked, or a higher compression ratio, than the
            server's caps allow.
    """
    _check_member_count(raw, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        return [f"It is not a ZIP archive that can be read ({error})."]
    with archive:
        infos = archive.infolist()
        check_declared_sizes(infos, name)
        problems = _member_problems(infos)
        members = {info.filename: info for info in infos}
        if SUMS not in members:
            return [*problems, "It has no SHA256SUMS file, so nothing in it can be checked."]
        listed, sums_problems = _read_sums(archive, members[SUMS])
        problems += sums_problems + _missing_files(set(members), listed)
        for member in members:
            if member != SUMS and member not in listed:
                problems.append(f"'{member}' is in the bundle but not listed in SHA256SUMS.")
        for member, digest in listed.items():
            if member not in members:
                problems.append(f"'{member}' is listed in SHA256SUMS but missing.")
            elif _member_digest(archive, members[member]) != digest:
                problems.append(f"'{member}' does not match its SHA-256.")
    return problems


def check_declared_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a ZIP whose members declare more bytes unpacked, or a higher compression ratio, than the caps.

    The declared sizes bound what reading gives: Python's zipfile stops at a member's declared size and
    fails its CRC check if there was more.

    Raises:
        LimitExceededError: Naming the bundle, the member and the cap.
    """
    total = sum(info.file_size for info in infos)
    check_limit(f"'{name}' declares", "unpacked_mb", total / 2**20)
    for info in infos:
        if info.file_size > RATIO_FLOOR_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            check_limit(f"'{name}' member '{info.filename}' declares", "compression_ratio", ratio)


def read_bundle(raw: bytes, *, name: str) -> tuple[Run, pd.DataFrame]:
    """The Run and synthetic rows of an intact bundle of one run, checked before anything is read.

    Args:
        raw: The ZIP's bytes.
        name: Its file name, for messages.

    Raises:
        BundleError: It is not intact (every problem listed), or holds several runs.
        ManifestError: Its run.json is not a valid manifest.
        LimitExceededError: It, or its synthetic rows, declare more than the server's caps.
    """
    problems = verify_bundle(raw, name=name)
    if problems:
        listed = "\n".join(f"- {problem}" for problem in problems)
        raise BundleError(f"'{name}' is not an intact bundle:\n{listed}\n{_REDO}")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        names = set(archive.namelist())
        if "run.json" not in names:
            raise BundleError(
                f"'{name}' holds several runs, one folder each. Open one run's files at a time: export that run "
                "alone from the app."
            )
        source = f"'{name}' (run.json)"
        check_limit(f"{source} has", "manifest_mb", archive.getinfo("run.json").file_size / 2**20)  # before reading
        run = read_manifest(archive.read("run.json"), source=source)
        parquet = archive.read("synthetic.parquet")
    _check_synthetic_size(parquet, name)
    try:
        synthetic = pd.read_parquet(io.BytesIO(parquet))
    except (OSError, ValueError) as error:
        raise BundleError(f"'{name}' member 'synthetic.parquet' cannot be read ({error}). {_REDO}") from None
    return run, synthetic


def _check_member_count(raw: bytes, name: str) -> None:
    """Refuse a ZIP that declares more members than a bundle holds, before its directory is parsed."""
    count = _declared_member_count(raw)
    if count is not None and count > MAX_MEMBERS:
        raise BundleError(f"'{name}' declares {count:,} files; a bundle holds at most {MAX_MEMBERS:,}. {_REDO}")


def _declared_member_count(raw: bytes) -> int | None:
    """The member count in the ZIP's end-of-central-directory record (ZIP64 too); None if there is none."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 65_557))
    if end < 0 or end + 22 > len(raw):
        return None
    count = struct.unpack_from("<H", raw, end + 10)[0]
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and raw[locator : locator + 4] == b"PK\x06\x07":
        record = struct.unpack_from("<Q", raw, locator + 8)[0]
        if record + 40 <= len(raw) and raw[record : record + 4] == b"PK\x06\x06":
            count = struct.unpack_from("<Q", raw, record + 32)[0]
    return count


def _member_problems(infos: list[zipfile.ZipInfo]) -> list[str]:
    """Members a bundle never holds: unexpected names, folders, repeats, encryption, unusual compression."""
    problems: list[str] = []
    seen: set[str] = set()
    for info in infos:
        member = info.filename
        if member in seen:
            problems.append(f"'{member}' appears more than once.")
        seen.add(member)
        if not _expected_member(member):
            problems.append(f"'{member}' is not a file a bundle holds (it holds {', '.join(RUN_FILES)} and {SUMS}).")
        elif info.flag_bits & 0x1:
            problems.append(f"'{member}' is encrypted; a bundle never is.")
        elif info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(f"'{member}' uses a compression this app does not write.")
    return problems


def _missing_files(members: set[str], listed: dict[str, str]) -> list[str]:
    """Files every run's bundle holds that are neither in this one nor listed (those are reported as listed)."""
    folders = sorted(
        {member.partition("/")[0] + "/" for member in members if "/" in member and _expected_member(member)}
    )
    folders = folders or [""]
    return [
        f"'{folder}{file}' is missing: every bundle holds it."
        for folder in folders
        for file in REQUIRED_RUN_FILES
        if f"{folder}{file}" not in members and f"{folder}{file}" not in listed
    ]


def _expected_member(member: str) -> bool:
    """Whether a bundle of one run (`run.json`) or of several (`<generator>_<run id>/run.json`) holds this name."""
    if member == SUMS or member in RUN_FILES:
        return True
    folder, slash, file = member.partition("/")
    return bool(slash) and file in RUN_FILES and RUN_FOLDER.fullmatch(folder) is not None


def _read_sums(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[dict[str, str], list[str]]:
    """SHA256SUMS as {member: digest}, and what is wrong with it."""
    if info.file_size > MAX_SUMS_BYTES:
        return {}, [f"SHA256SUMS declares {info.file_size:,} bytes; a bundle's list is far shorter."]
    try:
        text = archive.read(info).decode("utf-8")
    except (zipfile.BadZipFile, UnicodeDecodeError, OSError, EOFError) as error:
        return {}, [f"SHA256SUMS cannot be read ({error})."]
    listed: dict[str, str] = {}
    problems: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SUMS_LINE.fullmatch(line)
        if match is None:
            problems.append(f"Line {number} of SHA256SUMS is not '<SHA-256>  <file name>'.")
        elif match.group(2) in listed:
            problems.append(f"'{match.group(2)}' is listed twice in SHA256SUMS.")
        else:
            listed[match.group(2)] = match.group(1)
    if not listed:
        problems.append("SHA256SUMS lists no file, so it proves nothing.")
    return listed, problems


def _member_digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    """A member's SHA-256, hashed a chunk at a time; None if it cannot be read (damaged, or longer than declared)."""
    digest = hashlib.sha256()
    try:
        for chunk in _chunks(archive, info):
            digest.update(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
        return None  # RuntimeError: encrypted
    return digest.hexdigest()


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(info) as member:
        while chunk := member.read(HASH_CHUNK_BYTES):
            yield chunk


def _check_synthetic_size(parquet: bytes, name: str) -> None:
    """Refuse synthetic rows whose Parquet footer declares more rows, cells or bytes than the caps."""
    try:
        metadata = pq.ParquetFile(io.BytesIO(parquet)).metadata
    except (OSError, ValueError) as error:
        raise BundleError(f"'{name}' member 'synthetic.parquet' is not a Parquet file ({error}). {_REDO}") from None
    subject = f"'{name}' member 'synthetic.parquet' declares"
    check_limit(subject, "synthetic_rows", metadata.num_rows)
    check_limit(subject, "columns", metadata.num_columns)
    check_limit(subject, "cells", metadata.num_rows * metadata.num_columns)
    unpacked = sum(metadata.row_group(index).total_byte_size for index in range(metadata.num_row_groups))
    check_limit(subject, "unpacked_mb", unpacked / 2**20)
