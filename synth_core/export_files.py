"""Writing tables to files for download: CSV, Excel, Parquet and JSON lines, guarded against formulas.

A spreadsheet runs a cell that begins with "=" (and a few other characters) as a formula, so a synthetic
value or column name copied from a hostile upload could run when the export is opened (CSV or formula
injection). The CSV and Excel writers neutralise such text unless asked not to.
"""

from __future__ import annotations

import io
import re

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def guard_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise text cells a spreadsheet would run as a formula (CSV/formula injection).

    Text that begins with =, +, -, @, a tab or a carriage return gets a leading apostrophe, which
    spreadsheets show as text. Numeric columns, and text that is just a number such as "-3", are
    left alone.

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
        risky = column.map(_is_formula_like).astype(bool)
        if risky.any():
            guarded[name] = column.astype(object).where(~risky, "'" + column.astype(str))
    return guarded


def _is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.match(value)


def to_csv_bytes(frame: pd.DataFrame, *, guard: bool = True) -> bytes:
    """The table as UTF-8 CSV, with formulas neutralised unless `guard` is False."""
    return (guard_formulas(frame) if guard else frame).to_csv(index=False).encode("utf-8")


def to_parquet_bytes(frame: pd.DataFrame) -> bytes:
    """The table as Parquet."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def to_excel_bytes(frame: pd.DataFrame, *, guard: bool = True, sheet: str = "synthetic") -> bytes:
    """The table as an Excel workbook, with formulas neutralised unless `guard` is False."""
    buffer = io.BytesIO()
    (guard_formulas(frame) if guard else frame).to_excel(buffer, index=False, sheet_name=sheet, engine="openpyxl")
    return buffer.getvalue()


def to_json_lines_bytes(frame: pd.DataFrame) -> bytes:
    """The table as JSON lines: one object per row, dates in ISO 8601."""
    return frame.to_json(orient="records", lines=True, date_format="iso", force_ascii=False).encode("utf-8")
