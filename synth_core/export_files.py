"""Writing tables to files for download: CSV, Excel, Parquet and JSON lines, guarded against formulas.

A spreadsheet runs a cell that begins with "=" (and a few other characters) as a formula, so a synthetic
value or column name copied from a hostile upload could run when the export is opened (CSV or formula
injection). A spreadsheet set to split fields on ";" (or that splits on "," or a tab without honouring
quotes) starts a new cell after each separator, so `x;=HYPERLINK(…)` holds a formula too. The CSV and
Excel writers neutralise both, in column names and in cells, unless asked not to.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet may start a new cell inside our text: the separators it might split on, and line breaks.
FIELD_SEPARATORS = (",", ";", "\t", "\r", "\n")
GUARD = "'"  # spreadsheets show a cell that begins with an apostrophe as text
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_SEPARATOR = re.compile("([" + re.escape("".join(FIELD_SEPARATORS)) + "])")


def guard_text(text: str) -> str:
    """`text` with an apostrophe before each part a spreadsheet could run as a formula.

    A part is the whole text, or what follows a field separator (`,`, `;`, a tab or a line break). A part
    that begins with =, +, -, @, a tab or a carriage return gets an apostrophe, unless it is just a number
    such as "-3". Guarding twice changes nothing more.

    Args:
        text: A cell or a column name.

    Returns:
        The text, neutralised; the same object when nothing needed it.
    """
    parts = _SEPARATOR.split(text)
    # split() with one group alternates text and separators: the text parts are the even ones.
    guarded = [
        GUARD + part if index % 2 == 0 and index and _starts_formula(part) else part for index, part in enumerate(parts)
    ]
    joined = "".join(guarded)
    joined = GUARD + joined if _starts_formula(joined) else joined
    return text if joined == text else joined


def _starts_formula(part: str) -> bool:
    return part.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(part)


def guard_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise text cells a spreadsheet would run as a formula (CSV/formula injection); see `guard_text`.

    Numeric and date columns are left alone. Column names are not changed here: `guard_table` does both.

    Args:
        frame: The table to export.

    Returns:
        A copy with risky text cells neutralised.
    """
    guarded = frame.copy()
    for name in guarded.columns:
        column = guarded[name]
        if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_datetime64_any_dtype(column):
            continue
        cells = column.astype(object)
        changed = pd.Series([guard_text(cell) if isinstance(cell, str) else cell for cell in cells], index=cells.index)
        risky = pd.Series([new is not old for new, old in zip(changed, cells, strict=True)], index=cells.index)
        if risky.any():  # guard_text returns the very same text when it leaves it alone
            guarded[name] = cells.where(~risky, changed)
    return guarded


def guard_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as the CSV and Excel writers export it when guarded: cells and column names neutralised."""
    guarded = guard_formulas(frame)
    names = [guard_text(name) if isinstance(name, str) else name for name in guarded.columns]
    if names != list(guarded.columns):
        guarded.columns = names
    return guarded


def to_csv_bytes(frame: pd.DataFrame, *, guard: bool = True) -> bytes:
    """The table as UTF-8 CSV, with formulas neutralised in names and cells unless `guard` is False."""
    return (guard_table(frame) if guard else frame).to_csv(index=False).encode("utf-8")


def record_formula_guard(manifest_json: str, *, formula_guard: bool) -> str:
    """A run manifest (run.json text) with the export's choice recorded: `"export": {"formula_guard": …}`.

    The guard changes the exported CSV's bytes, so whoever reads the manifest beside it can tell
    whether a leading apostrophe is data or the guard's.
    """
    manifest = json.loads(manifest_json)
    manifest["export"] = {**manifest.get("export", {}), "formula_guard": formula_guard}
    return json.dumps(manifest, indent=2, ensure_ascii=False)


def guard_csv_file(path: Path) -> None:
    """Neutralise formulas in a CSV file written by pandas (as `to_csv_bytes` does), reading it line by line.

    For files too large to hold in memory, such as rows streamed to disk in chunks. Every field of the
    header and the rows is guarded, numbers aside: this is `guard_table`'s rule read from the text.

    Args:
        path: The CSV file, rewritten in place.
    """
    guarded_path = path.with_name(path.name + ".guarding")
    with (
        path.open(encoding="utf-8", newline="") as source,
        guarded_path.open("w", encoding="utf-8", newline="") as target,
    ):
        writer = csv.writer(target, lineterminator="\n")
        for row in csv.reader(source):
            writer.writerow([guard_text(field) for field in row])
    guarded_path.replace(path)


def to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    """The table as Parquet."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def to_excel_bytes(frame: pd.DataFrame, *, guard: bool = True, sheet: str = "synthetic") -> bytes:
    """The table as an Excel workbook, with formulas neutralised in names and cells unless `guard` is False."""
    buffer = io.BytesIO()
    (guard_table(frame) if guard else frame).to_excel(buffer, index=False, sheet_name=sheet, engine="openpyxl")
    return buffer.getvalue()


def to_json_lines_bytes(frame: pd.DataFrame) -> bytes:
    """The table as JSON lines: one object per row, dates in ISO 8601."""
    return frame.to_json(orient="records", lines=True, date_format="iso", force_ascii=False).encode("utf-8")
