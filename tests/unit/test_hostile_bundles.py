"""Hostile bundles and manifests are refused with a message, or their scores are shown as claims of the file.

The files come from `tests/data/hostile/make_bundles.py`: real bundles made by the app on a tiny table,
then tampered with.
"""

from __future__ import annotations

import hashlib
import io
import json
import pickle
import re
import struct
import subprocess
import sys
import textwrap
import zipfile

import pandas as pd
import pytest

from synth_core.bundle import MAX_MEMBERS, BundleError, build_multi_bundle, verify_bundle
from synth_core.limits import LimitExceededError
from synth_core.pipeline import (
    RunConfig,
    check_run_limits,
    open_saved_run,
    read_saved_run,
    recompute_results,
    run_pipeline,
)
from synth_core.runs import ManifestError, read_manifest
from tests.conftest import DATA_DIR, ROOT, SAMPLE_DIR
from tests.data.hostile import make_bundles

HOSTILE = DATA_DIR / "hostile"
ONE_GIB = 2**30


@pytest.fixture(scope="module")
def table() -> tuple[pd.DataFrame, str]:
    raw = (HOSTILE / make_bundles.TABLE).read_bytes()
    return pd.read_csv(io.BytesIO(raw)), hashlib.sha256(raw).hexdigest()


def _open(name: str, table: tuple[pd.DataFrame, str]):
    frame, sha = table
    return open_saved_run(frame, (HOSTILE / name).read_bytes(), name=name, data_sha256=sha)


def test_the_intact_bundle_opens_with_its_scores_marked_as_claimed(table):
    outcome = _open("intact.zip", table)

    assert outcome.run.run_id == make_bundles._run_id(1)
    assert len(outcome.synthetic) == 30
    assert outcome.claimed_by == "intact.zip"  # stored scores are the file's claims until recomputed


@pytest.mark.parametrize(
    ("name", "error", "expected"),
    [
        ("empty_sums.zip", BundleError, "SHA256SUMS lists no file, so it proves nothing."),
        ("sums_omit_run_json.zip", BundleError, "'run.json' is in the bundle but not listed in SHA256SUMS."),
        ("missing_run_json.zip", BundleError, "'run.json' is missing: every bundle holds it."),
        ("path_run_id.zip", ManifestError, "run_id must be 12 lowercase hexadecimal characters"),
        ("zip_bomb.zip", LimitExceededError, "member 'synthetic.csv' declares 1,028.8 times its size unpacked"),
    ],
)
def test_a_tampered_bundle_is_refused_naming_the_bundle_the_member_and_what_to_do(table, name, error, expected):
    with pytest.raises(error) as raised:
        _open(name, table)

    message = str(raised.value)
    assert f"'{name}'" in message
    assert expected in message
    assert any(advice in message for advice in ("Export the bundle again", "Use the run.json", "ask whoever runs"))


def test_forged_scores_are_shown_as_claims_of_the_file_until_recomputed(table):
    forged = _open("forged_scores.zip", table)

    assert forged.run.fidelity.overall == make_bundles.FORGED_FIDELITY
    assert forged.claimed_by == "forged_scores.zip"

    recomputed = recompute_results(forged)

    assert recomputed.claimed_by is None
    assert recomputed.run.fidelity.overall == pytest.approx(_open("intact.zip", table).run.fidelity.overall)
    assert recomputed.run.fidelity.overall != make_bundles.FORGED_FIDELITY


def test_a_member_the_bundle_never_holds_is_refused_even_with_matching_checksums(table):
    files = {name: data for name, data in _members("intact.zip").items() if name != "SHA256SUMS"}
    files["../outside.txt"] = b"payload"
    raw = make_bundles._zip(make_bundles._with_sums(files))

    problems = verify_bundle(raw, name="extra.zip")

    assert problems == [
        "'../outside.txt' is not a file a bundle holds (it holds synthetic.csv, synthetic.parquet, metadata.json, "
        "run.json, metrics.json, report.html and SHA256SUMS)."
    ]


def test_too_many_members_are_refused_before_the_directory_is_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index in range(MAX_MEMBERS + 1):
            archive.writestr(f"{index}.txt", b"")

    with pytest.raises(BundleError, match=f"'many.zip' declares {MAX_MEMBERS + 1:,} files"):
        verify_bundle(buffer.getvalue(), name="many.zip")


def test_the_sum_of_declared_sizes_is_capped(monkeypatch):
    monkeypatch.setenv("SYNTH_STUDIO_MAX_COMPRESSION_RATIO", "100000")
    monkeypatch.setenv("SYNTH_STUDIO_MAX_UNPACKED_MB", "50")

    with pytest.raises(LimitExceededError, match="SYNTH_STUDIO_MAX_UNPACKED_MB") as raised:
        verify_bundle((HOSTILE / "zip_bomb.zip").read_bytes(), name="zip_bomb.zip")
    assert "'zip_bomb.zip' declares 100.0 MB unpacked" in str(raised.value)


# The child's peak resident memory is its VmHWM: unlike ru_maxrss, which Linux carries over from the parent
# through fork and exec, it starts afresh in the new program, so a big test session does not show in it.
_MEASURE = """
import sys
from pathlib import Path
from synth_core.bundle import verify_bundle
from synth_core.limits import LimitExceededError

def peak_kib():
    return int(next(line for line in open("/proc/self/status") if line.startswith("VmHWM:")).split()[1])

raw = Path(sys.argv[1]).read_bytes()
before = peak_kib()
try:
    outcome = str(verify_bundle(raw, name="zip_bomb.zip"))
except LimitExceededError as error:
    outcome = "refused: " + str(error)
after = peak_kib()
print(before * 1024, after * 1024, outcome)
"""


@pytest.mark.parametrize("ratio_cap", [None, "100000"], ids=["default caps", "ratio cap raised"])
def test_the_bomb_is_refused_or_hashed_in_chunks_with_little_memory(ratio_cap):
    environment = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    if ratio_cap:
        environment["SYNTH_STUDIO_MAX_COMPRESSION_RATIO"] = ratio_cap
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_MEASURE), str(HOSTILE / "zip_bomb.zip")],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=True,
    )
    before, after, outcome = result.stdout.split(" ", 2)
    print(f"peak memory {int(after) / 2**20:.0f} MB ({(int(after) - int(before)) / 2**20:.1f} MB while verifying)")

    assert int(after) < ONE_GIB
    assert int(after) - int(before) < 32 * 2**20  # the 100 MB member is never held whole
    if ratio_cap:
        assert outcome.strip() == "[]"  # its SHA-256 is right: only the caps stand against it
    else:
        assert outcome.startswith("refused: 'zip_bomb.zip' member 'synthetic.csv' declares")


def test_a_member_that_holds_more_than_it_declares_is_read_only_as_far_as_declared():
    raw = _declaring((HOSTILE / "zip_bomb.zip").read_bytes(), "synthetic.csv", 1_000)  # 100 MB inside, 1 kB declared

    assert verify_bundle(raw, name="liar.zip") == ["'synthetic.csv' does not match its SHA-256."]


def test_a_deeply_nested_manifest_gets_a_message_not_a_recursion_error(table):
    frame, sha = table
    raw = (HOSTILE / "deep_manifest.json").read_bytes()

    with pytest.raises(LimitExceededError) as raised:
        open_saved_run(frame, raw, name="deep_manifest.json", data_sha256=sha)
    assert "'deep_manifest.json' has 901 levels of nesting" in str(raised.value)
    assert "SYNTH_STUDIO_MAX_JSON_DEPTH" in str(raised.value)


def test_a_manifest_with_bad_fields_lists_every_one():
    with pytest.raises(ManifestError) as raised:
        read_manifest((HOSTILE / "bad_fields_manifest.json").read_bytes(), source="'bad_fields_manifest.json'")

    message = str(raised.value)
    assert message.startswith("'bad_fields_manifest.json' is not a run manifest this app can use:")
    for expected in (
        "data.sha256 must be a SHA-256",
        "config.seed must be a whole number from 0",
        "config.generator must be one of this app's generators",
        "config.holdout_share must be a number from 0.05 to 0.5; got 'most'",
        "'spaceship' is not a valid ColumnKind",
    ):
        assert expected in message
    assert pickle.loads(pickle.dumps(raised.value)).args == raised.value.args  # survives a job's worker


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            {"config": {"generator": "ctgan", "params": {"epochs": "many"}}},
            "'epochs' must be a whole number; got 'many'",
        ),
        ({"config": {"rows": 0}}, "config.rows must be a whole number from 1 up; got 0"),
        ({"config": {"split_seed": True}}, "config.split_seed must be a whole number"),
        ({"data": {"real_rows": "40"}}, "data.real_rows must be a whole number from 0 up"),
        ({"created_at": "yesterday"}, "created_at must be a date and time"),
        ({"kind": "imported"}, "kind must be one of generated, external"),
    ],
)
def test_each_bad_field_is_named(edit, expected):
    manifest = json.loads(_members("intact.zip")["run.json"])
    for key, value in edit.items():
        manifest[key] = {**manifest[key], **value} if isinstance(value, dict) else value

    with pytest.raises(ManifestError, match=re.escape(expected)):
        read_manifest(json.dumps(manifest), source="'run.json'")


def test_the_costly_manifest_is_within_the_caps_but_a_lower_cap_refuses_it(monkeypatch):
    raw = (HOSTILE / "costly_manifest.json").read_bytes()
    sha = hashlib.sha256((SAMPLE_DIR / "german_credit.csv").read_bytes()).hexdigest()

    run = read_saved_run(raw, name="costly_manifest.json", data_sha256=sha)
    assert (run.config.generator, run.config.params["epochs"], run.config.rows) == ("ctgan", 5_000, 10_000_000)

    monkeypatch.setenv("SYNTH_STUDIO_MAX_EPOCHS", "1000")
    with pytest.raises(LimitExceededError) as raised:
        read_saved_run(raw, name="costly_manifest.json", data_sha256=sha)
    assert str(raised.value).startswith(
        "The manifest 'costly_manifest.json' asks for 5,000 epochs; this server takes at most 1,000 epochs per run."
    )


def test_the_caps_apply_to_every_run_however_it_starts(table, monkeypatch):
    frame, _ = table
    monkeypatch.setenv("SYNTH_STUDIO_MAX_SYNTHETIC_ROWS", "100")
    from synth_core.detection import infer_schema

    with pytest.raises(LimitExceededError, match="This run asks for 1,000 synthetic rows"):
        run_pipeline(frame, schema=infer_schema(frame), config=RunConfig("independent_columns", rows=1_000))
    check_run_limits(RunConfig("ctgan", params={"epochs": 300}, rows=100))  # within the caps: no error
    monkeypatch.setenv("SYNTH_STUDIO_MAX_SYNTHETIC_ROWS", "200000000")
    check_run_limits(RunConfig("independent_columns", rows=20_000_000))  # the server raised the cap


def test_a_run_with_an_id_from_a_file_never_becomes_a_path_in_an_export(table):
    from dataclasses import replace

    outcome = _open("intact.zip", table)
    hostile = replace(outcome, run=replace(outcome.run, run_id=make_bundles.PATH_RUN_ID))

    with pytest.raises(BundleError, match="has an id this app never makes"):
        build_multi_bundle([(outcome, None), (hostile, None)])


def test_the_corpus_is_what_the_script_makes():
    for name in ("bundle_table.csv", "empty_sums.zip", "path_run_id.zip", "bad_fields_manifest.json"):
        assert (HOSTILE / name).read_bytes() == make_bundles.CASES[name](), f"{name}: run make_bundles.py again"


def _members(name: str) -> dict[str, bytes]:
    with zipfile.ZipFile(HOSTILE / name) as archive:
        return {member: archive.read(member) for member in archive.namelist()}


def _declaring(raw: bytes, member: str, size: int) -> bytes:
    """The ZIP with `member`'s uncompressed size rewritten to `size` in both of its headers, as a liar would."""
    patched = bytearray(raw)
    info = zipfile.ZipFile(io.BytesIO(raw)).getinfo(member)
    struct.pack_into("<I", patched, info.header_offset + 22, size)  # the local header
    entry = patched.find(b"PK\x01\x02")
    while entry >= 0:
        name_length = struct.unpack_from("<H", patched, entry + 28)[0]
        if patched[entry + 46 : entry + 46 + name_length] == member.encode():
            struct.pack_into("<I", patched, entry + 24, size)  # the central directory
            break
        entry = patched.find(b"PK\x01\x02", entry + 4)
    return bytes(patched)
