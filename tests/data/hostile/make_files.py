"""Build the hostile table files: each one small on disk, each one declaring far more than it holds.

Run it from anywhere with `python tests/data/hostile/make_files.py`; it rewrites its files next to itself,
byte for byte the same every time (the one random text is seeded, the ZIP timestamps are fixed, and nothing
else varies). Reading any of them whole would take gigabytes or crash the parser; the readers must refuse
each one from what it declares, naming the file and the cap.

- `parquet_bomb.parquet` (7 kB): 50,000,000 rows of one constant value, dictionary- and run-length-encoded.
- `parquet_long_text.parquet` (16 kB): 100,000 rows that all refer to one 16 kB text, 1.6 GB once decoded.
- `parquet_nested.parquet` (1 kB): one row whose list holds 30,000,000 values.
- `xlsx_bomb.xlsx` (about 170 kB): a workbook whose sheet unpacks to about 65 MB: 2,500,000 rows of one reading.
- `xlsx_far_row.xlsx` (2 kB): a workbook of four rows, the last numbered 1,048,576 (Excel's last row), so every
  row before it exists as an empty row once read.
- `xlsx_zip_bomb.xlsx` (about 100 kB): a workbook with a 100 MB part of zeros listed 21 times under different
  names (the entries overlap, as in non-recursive ZIP bombs): 2.1 GB declared.
- `deep.json` (6 kB): one record nested 900 levels deep, past Python's recursion limit once parsed.
- `deep_lines.jsonl` (6 kB): JSON lines whose second line is nested 900 levels deep.
- A CSV of 100,000 columns (about 0.8 MB) is built at test time by `wide_csv_bytes()`, not committed.

`FILES` maps each committed file name to the function that makes its bytes.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parent
ZIP_DATE = (2024, 1, 1, 0, 0, 0)
SHEET_NAME = "Readings"
DEEP_LEVELS = 900
WIDE_COLUMNS = 100_000
_MEGABYTE = 1024 * 1024

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    f'<sheets><sheet name="{SHEET_NAME}" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
_WORKBOOK_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


# --- Parquet ------------------------------------------------------------------------------------


def parquet_bomb_bytes(rows: int = 50_000_000) -> bytes:
    """A sensor-status column that is 0 in every row, written in row groups of up to 1,000,000 rows.

    Args:
        rows: Rows declared; small values make an ordinary file of the same shape.
    """
    group_rows = min(rows, 1_000_000)
    group = pa.table({"status": pa.array(np.zeros(group_rows, dtype=np.int8))})
    buffer = io.BytesIO()
    with pq.ParquetWriter(buffer, group.schema, write_statistics=False) as writer:
        for start in range(0, rows, group_rows):
            writer.write_table(group.slice(0, min(group_rows, rows - start)), row_group_size=group_rows)
    return buffer.getvalue()


def parquet_long_text_bytes(rows: int = 100_000, text_bytes: int = 16 * 1024) -> bytes:
    """A 'note' column whose every row refers to one long text through the column's dictionary.

    The file declares a plain text column (no Arrow schema is stored), as most writers do.

    Args:
        rows: Rows that refer to the text.
        text_bytes: Length of the text; seeded random letters, so compression does not shrink the file much.
    """
    rng = np.random.default_rng(16)
    text = "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz "), size=text_bytes))
    notes = pa.DictionaryArray.from_arrays(pa.array(np.zeros(rows, dtype=np.int32)), pa.array([text]))
    buffer = io.BytesIO()
    pq.write_table(pa.table({"note": notes}), buffer, store_schema=False, write_statistics=False)
    return buffer.getvalue()


def parquet_nested_bytes(values: int = 30_000_000) -> bytes:
    """One row with an id and a list of `values` zero readings."""
    readings = pa.ListArray.from_arrays(
        pa.array([0, values], type=pa.int32()), pa.array(np.zeros(values, dtype=np.int8))
    )
    buffer = io.BytesIO()
    pq.write_table(pa.table({"id": [1], "readings": readings}), buffer, write_statistics=False)
    return buffer.getvalue()


# --- Workbooks ----------------------------------------------------------------------------------


def workbook_bytes(sheet_rows: Callable[[], Iterator[str]], extra_parts: int = 0) -> bytes:
    """A minimal .xlsx workbook with one sheet whose `<row>` elements `sheet_rows` yields.

    Args:
        sheet_rows: Yields the sheet's rows as XML text, streamed into the ZIP so the sheet is never held whole.
        extra_parts: Number of names under which one 100 MB part of zeros is listed (0 for none).

    Returns:
        The workbook's bytes.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _PACKAGE_RELATIONSHIPS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELATIONSHIPS),
        ):
            archive.writestr(_member(part), text)
        with archive.open(_member("xl/worksheets/sheet1.xml"), "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.encode())
            pending: list[str] = []
            for row in sheet_rows():
                pending.append(row)
                if len(pending) == 10_000:
                    sheet.write("".join(pending).encode())
                    pending.clear()
            sheet.write(("".join(pending) + _SHEET_END).encode())
        if extra_parts:
            _add_overlapping_blob(archive, extra_parts)
    return buffer.getvalue()


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _add_overlapping_blob(archive: zipfile.ZipFile, names: int) -> None:
    """Write 100 MB of zeros once, then list the same bytes under `names - 1` more names."""
    blob = _member("xl/media/blob01.bin")
    zeros = bytes(_MEGABYTE)
    with archive.open(blob, "w") as stream:
        for _ in range(100):
            stream.write(zeros)
    written = archive.getinfo(blob.filename)
    for number in range(2, names + 1):
        alias = copy.copy(written)
        alias.filename = alias.orig_filename = f"xl/media/blob{number:02d}.bin"
        archive.filelist.append(alias)  # the central directory points every alias at the first part's bytes


def bomb_sheet_rows(rows: int = 2_500_000) -> Callable[[], Iterator[str]]:
    """A header, then `rows` rows of one zero reading."""

    def generate() -> Iterator[str]:
        yield '<row><c t="inlineStr"><is><t>sensor</t></is></c></row>'
        row = "<row><c><v>0</v></c></row>"
        for _ in range(rows):
            yield row

    return generate


def far_row_sheet_rows(last_row: int = 1_048_576) -> Callable[[], Iterator[str]]:
    """A header and two rows of readings, then one more reading on row `last_row`."""

    def generate() -> Iterator[str]:
        yield '<row r="1"><c r="A1" t="inlineStr"><is><t>sensor_1</t></is></c></row>'
        yield '<row r="2"><c r="A2"><v>4</v></c></row>'
        yield '<row r="3"><c r="A3"><v>7</v></c></row>'
        yield f'<row r="{last_row}"><c r="A{last_row}"><v>9</v></c></row>'

    return generate


def xlsx_bomb_bytes() -> bytes:
    """About 65 MB of sheet in about 170 kB."""
    return workbook_bytes(bomb_sheet_rows())


def xlsx_far_row_bytes() -> bytes:
    """Four rows, the last numbered 1,048,576."""
    return workbook_bytes(far_row_sheet_rows())


def xlsx_zip_bomb_bytes() -> bytes:
    """A small valid sheet, and one 100 MB part listed under 21 names."""
    return workbook_bytes(bomb_sheet_rows(3), extra_parts=21)


# --- JSON and CSV -------------------------------------------------------------------------------


def deep_json_bytes(levels: int = DEEP_LEVELS) -> bytes:
    """A list of one record whose field `a` holds an object holding `a`, and so on: `levels` levels in all."""
    return ("[" + '{"a": ' * (levels - 1) + "1" + "}" * (levels - 1) + "]").encode()


def deep_json_lines_bytes(levels: int = DEEP_LEVELS) -> bytes:
    """JSON lines: a flat record, then one nested `levels` levels deep (itself, then its field `a`, and so on)."""
    deep = '{"id": 2, "a": ' + '{"a": ' * (levels - 1) + "1" + "}" * (levels - 1) + "}"
    return ('{"id": 1, "a": 1}\n' + deep + "\n").encode()


def wide_csv_bytes(columns: int = WIDE_COLUMNS) -> bytes:
    """A header of `columns` names `c1`, `c2`, … and one row of zeros (built at test time)."""
    header = ",".join(f"c{number}" for number in range(1, columns + 1))
    return (header + "\n" + ",".join(["0"] * columns) + "\n").encode()


FILES: dict[str, Callable[[], bytes]] = {
    "parquet_bomb.parquet": parquet_bomb_bytes,
    "parquet_long_text.parquet": parquet_long_text_bytes,
    "parquet_nested.parquet": parquet_nested_bytes,
    "xlsx_bomb.xlsx": xlsx_bomb_bytes,
    "xlsx_far_row.xlsx": xlsx_far_row_bytes,
    "xlsx_zip_bomb.xlsx": xlsx_zip_bomb_bytes,
    "deep.json": deep_json_bytes,
    "deep_lines.jsonl": deep_json_lines_bytes,
}


def main() -> None:
    """Write every file next to this script and print its size."""
    for name, build in FILES.items():
        raw = build()
        (HERE / name).write_bytes(raw)
        print(f"{name}: {len(raw):,} bytes")


if __name__ == "__main__":
    main()
