"""Reading tables from files or uploaded bytes.

`read_table` accepts CSV, TSV, Excel, Parquet and JSON (records or JSON lines). It looks at the
content, not only the file name: a file whose content does not match its name gets a message saying
what the content looks like. Encoding, delimiter and decimal mark are sniffed and can be overridden.
Nothing is ever unpickled.

Before a file is parsed, what it declares about its size (a Parquet footer, a workbook's ZIP directory and
sheet, a CSV header, JSON nesting) is checked against the server's caps by `synth_core.file_limits`, so a
small file that would expand to gigabytes is refused with a message instead of read.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from synth_core import file_limits
from synth_core.errors import TableReadError

if TYPE_CHECKING:
    import pyarrow as pa

TableFormat = Literal["csv", "tsv", "excel", "parquet", "json"]
FORMATS: tuple[TableFormat, ...] = ("csv", "tsv", "excel", "parquet", "json")
FORMAT_LABELS: dict[str, str] = {
    "csv": "CSV",
    "tsv": "TSV",
    "excel": "Excel",
    "parquet": "Parquet",
    "json": "JSON",
}
ENCODINGS: tuple[str, ...] = ("utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252")
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")

_EXTENSION_FORMATS: dict[str, TableFormat] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
}
_SNIFF_BYTES = 64 * 1024
_MAX_LISTED_LINES = 10
_COMMA_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$")
_DOT_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")
_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_LONE_CARRIAGE_RETURN = re.compile(r"\r(?!\n)")
_JSON_FLATTENED_LEVELS = 3  # nested objects become columns `a.b.c.d` down to this depth; deeper ones, JSON text
# JSON starts with an object ({"key" or {}) or an array of values; a CSV header such as "[ID],[Name]" does not.
_JSON_START = re.compile(r'\s*(\{\s*["}]|\[\s*([-"{\[\]\d]|(true|false|null)\b))')


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file. `None` means "detect it".

    Attributes:
        format: One of `FORMATS`; by default taken from the file name, then from the content.
        delimiter: Field separator for CSV and TSV.
        encoding: Text encoding for CSV, TSV and JSON.
        decimal: Decimal mark for numbers in CSV and TSV, "." or ",".
        sheet: Excel sheet name; by default the first sheet.
        bad_lines: What to do with CSV lines that have more fields than the header: "skip" them
            with a warning that lists their numbers, or "error" to refuse the file.

    """

    format: TableFormat | None = None
    delimiter: str | None = None
    encoding: str | None = None
    decimal: str | None = None
    sheet: str | None = None
    bad_lines: Literal["skip", "error"] = "skip"


@dataclass(frozen=True)
class TableRead:
    """The outcome of reading one file.

    Attributes:
        frame: The table, with unique, non-empty column names.
        name: The file name the table came from.
        options: The options actually used, detected ones filled in.
        sheets: Sheet names for Excel workbooks; empty otherwise.
        warnings: Things the user should know about the read, in plain words.

    """

    frame: pd.DataFrame
    name: str
    options: ReadOptions
    sheets: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


def read_table(
    source: str | Path | bytes,
    *,
    name: str | None = None,
    options: ReadOptions | None = None,
) -> TableRead:
    """Read a table from a path or from uploaded bytes.

    Args:
        source: A path to the file, or the file's bytes.
        name: The file's name, used to guess its format and in messages. Required for bytes.
        options: Reader options; anything left as `None` is detected.

    Returns:
        The table with the options that were used and any warnings.

    Raises:
        TableReadError: The file is empty, has a header but no rows, is binary, is not the format
            its name says, or cannot be parsed. The message names the file and the next step.
        LimitExceededError: The file declares more rows, columns, cells, unpacked bytes or JSON nesting
            than the server's caps allow; the message names the cap and its environment variable.

    """
    options = options or ReadOptions()
    if isinstance(source, bytes | bytearray):
        raw = bytes(source)
        name = name or "uploaded file"
    else:
        path = Path(source)
        name = name or path.name
        try:
            file_limits.check_file_size(path.stat().st_size, name)  # before its bytes are loaded
            raw = path.read_bytes()
        except OSError as error:
            problem = f"could not be opened ({error.strerror})."
            raise TableReadError(name, problem, "Check the path.") from None
    file_limits.check_file_size(len(raw), name)

    if not raw.strip():
        raise TableReadError(name, "is empty.", "Choose a file that contains a table.")

    content = _sniff_content(raw)
    table_format = _resolve_format(name, options.format, content)
    options = replace(options, format=table_format)
    readers = {"excel": _read_excel, "parquet": _read_parquet, "json": _read_json}
    try:
        return readers.get(table_format, _read_delimited)(raw, name, options)
    except RecursionError:  # the checks above bound nesting; this is the last line of defence
        raise TableReadError(
            name, "is nested too deeply to read.", "Flatten its nested values, or export the table as CSV."
        ) from None
    except MemoryError:
        raise TableReadError(
            name,
            "needs more memory to read than this server has free.",
            "Upload a smaller table (fewer rows or columns), or try again later.",
        ) from None


def make_unique_names(names: list[object]) -> tuple[list[str], list[str]]:
    """Make column names unique and non-empty, keeping every other name as it was.

    Args:
        names: Column names as found in the file.

    Returns:
        The new names, and a list of "old → new" descriptions of what was renamed.

    """
    result: list[str] = []
    renamed: list[str] = []
    taken = {str(name) for name in names if not _is_blank_name(name)}
    seen: set[str] = set()
    for position, original in enumerate(names, start=1):
        text = "" if _is_blank_name(original) else str(original)
        new = text
        if not text.strip():
            new = _first_free(f"column_{position}", taken | seen)
        elif text in seen:
            new = _first_free(text, taken | seen)
        if new != text:
            renamed.append(f"'{text}' (column {position}) → '{new}'")
        seen.add(new)
        result.append(new)
    return result, renamed


def _is_blank_name(name: object) -> bool:
    return name is None or (isinstance(name, float) and pd.isna(name)) or str(name).strip() == ""


def _first_free(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    suffix = 2
    while f"{base}_{suffix}" in taken:
        suffix += 1
    return f"{base}_{suffix}"


def _rename_warning(renamed: list[str]) -> list[str]:
    if not renamed:
        return []
    return [f"Renamed {len(renamed)} column(s) so that every name is unique and non-empty: " + "; ".join(renamed) + "."]


# --- Content sniffing ---------------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PAR1", "parquet"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"\x1f\x8b", "gzip"),
    (b"SQLite format 3", "sqlite"),
)
_CONTENT_DESCRIPTIONS = {
    "parquet": "a Parquet file",
    "zip": "a ZIP archive or an Excel workbook",
    "xls": "an old Excel 97-2003 workbook (.xls)",
    "pdf": "a PDF document",
    "image": "an image",
    "gzip": "a gzip-compressed file",
    "sqlite": "an SQLite database",
    "binary": "binary data",
    "json": "JSON text",
    "text": "delimited text such as CSV",
}


def _sniff_content(raw: bytes) -> str:
    """Say what the bytes look like: a known binary format, JSON, plain text or other binary."""
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    if _utf16_bom(raw) or _looks_like_bomless_utf16(raw):
        head = _decode_text(raw[:_SNIFF_BYTES], None, "")[0]
        return "json" if _JSON_START.match(head) else "text"
    head_bytes = raw[:_SNIFF_BYTES]
    if b"\x00" in head_bytes:
        return "binary"
    controls = sum(1 for byte in head_bytes if byte < 32 and byte not in (9, 10, 13))
    if controls > len(head_bytes) * 0.05:
        return "binary"
    head = head_bytes.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf \r\n\t")
    return "json" if _JSON_START.match(head) else "text"


def _resolve_format(name: str, requested: TableFormat | None, content: str) -> TableFormat:
    """Choose the reader, or explain why none fits."""
    declared = requested or _EXTENSION_FORMATS.get(Path(name).suffix.lower())
    looks_like = _CONTENT_DESCRIPTIONS[content]
    if content == "xls":
        raise TableReadError(
            name,
            "is an old Excel 97-2003 workbook (.xls), which this tool does not read.",
            "Open it in a spreadsheet program and save it as .xlsx or CSV, then upload that.",
        )
    if content in ("pdf", "image", "gzip", "sqlite", "binary"):
        raise TableReadError(
            name,
            f"does not contain a table: its content looks like {looks_like}.",
            "Upload a CSV, TSV, Excel (.xlsx), Parquet or JSON file.",
        )
    content_format = {"parquet": "parquet", "zip": "excel", "json": "json", "text": "csv"}[content]
    if declared is None:
        return content_format  # type: ignore[return-value]
    compatible = {
        "csv": {"csv"},
        "tsv": {"csv"},
        "excel": {"excel"},
        "parquet": {"parquet"},
        "json": {"json", "csv"},  # a JSON file that fails to parse gets a JSON-specific message
    }[declared]
    if content_format not in compatible:
        label = FORMAT_LABELS[declared]
        how = "is named" if requested is None else "was set to be read"
        raise TableReadError(
            name,
            f"{how} as {label} but is not {_article(label)} {label} file: its content looks like {looks_like}.",
            f"Rename the file to match its content, or choose the format "
            f"'{FORMAT_LABELS[content_format]}' in the reader options.",
        )
    return declared


def _article(word: str) -> str:
    return "an" if word[:1].upper() in "AEIOU" else "a"


# --- Text decoding --------------------------------------------------------------------------------


def _utf16_bom(raw: bytes) -> bool:
    return raw.startswith((b"\xff\xfe", b"\xfe\xff"))


def _looks_like_bomless_utf16(raw: bytes) -> bool:
    head = raw[:4096]
    if len(head) < 4:
        return False
    even_zeros = head[0::2].count(0)
    odd_zeros = head[1::2].count(0)
    half = len(head) / 2
    return max(even_zeros, odd_zeros) > 0.3 * half and min(even_zeros, odd_zeros) < 0.05 * half


def _decode_text(raw: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    """Decode bytes, sniffing the encoding unless one is given.

    Returns:
        The text without a byte-order mark, and the encoding used.

    """
    if encoding:
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise TableReadError(
                name,
                f"could not be decoded as {encoding} ({error.__class__.__name__}).",
                "Choose another encoding in the reader options, or leave it on automatic.",
            ) from None
        return text.lstrip("\ufeff"), encoding
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if _utf16_bom(raw):
        return raw.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"
    if _looks_like_bomless_utf16(raw):
        codec = "utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be"
        return raw.decode(codec, errors="replace"), codec
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Latin-1 maps every byte, so it is the last resort for 8-bit Western text.
        return raw.decode("latin-1"), "latin-1"


# --- CSV and TSV ----------------------------------------------------------------------------------


def _sniff_delimiter(text: str, preferred: str) -> str:
    """Pick the delimiter that splits the first lines into the most consistent number of fields."""
    sample_lines = text[:_SNIFF_BYTES].splitlines()[:200]
    if len(sample_lines) > 1 and len(text) > _SNIFF_BYTES:
        sample_lines = sample_lines[:-1]  # the last line may be cut in the middle
    sample = "\n".join(sample_lines)
    best, best_score = preferred, (0.0, 0)
    for delimiter in (preferred, *[d for d in DELIMITERS if d != preferred]):
        counts = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
        if not counts:
            continue
        modal, frequency = Counter(counts).most_common(1)[0]
        if modal < 2 or counts[0] < 2:
            continue  # one field, or none in the header: a ";" inside one column's text is no delimiter
        if len(counts) > 1 and counts[0] not in counts[1:]:
            continue  # no row splits like the header: the character belongs to a name or a value
        score = (frequency / len(counts), modal)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _sniff_decimal(records: list[list[str]], delimiter: str) -> tuple[str, str | None]:
    """Return the decimal mark and thousands separator that the sample values use.

    A value such as "52,300" could be a decimal comma or a comma between thousands. In a
    comma-delimited file it can only be the second (it must have been quoted), and so it is when
    no value uses a comma as a decimal mark for sure ("1,5", "1.234,56").
    """
    comma = ambiguous = dot = dot_thousands = comma_thousands = 0
    for record in records:
        for value in record:
            value = value.strip()
            grouped = bool(_THOUSANDS_COMMA.match(value))
            if _COMMA_DECIMAL.match(value):
                if grouped:
                    ambiguous += 1
                else:
                    comma += 1
            elif _DOT_DECIMAL.match(value):
                dot += 1
            elif grouped:
                comma_thousands += 1  # "1,204,500" or "1,204.50"
            if _THOUSANDS_DOT.match(value):
                dot_thousands += 1
    decimal_commas = comma + (ambiguous if delimiter != "," else 0)
    if decimal_commas > dot + comma_thousands:
        return ",", ("." if dot_thousands else None)
    if comma == 0 and comma_thousands + ambiguous > 0:
        return ".", ","
    return ".", None


def _read_delimited(raw: bytes, name: str, options: ReadOptions) -> TableRead:
    text, encoding = _decode_text(raw, options.encoding, name)
    if not text.strip():
        raise TableReadError(name, "is empty.", "Choose a file that contains a table.")
    preferred = "\t" if options.format == "tsv" else ","
    delimiter = options.delimiter or _sniff_delimiter(text, preferred)

    # newline="" lets the csv module see every line ending, including the bare carriage returns of old
    # Mac files, and line breaks inside quoted values.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    long_lines: list[int] = []
    long_spans: list[range] = []
    short_lines: list[int] = []
    data_records = 0
    sample_records: list[list[str]] = []
    rows_allowed = 0
    last_start = lines_read = 0  # where the last record began: a quote never closed swallows the rest into it
    try:
        for record in reader:
            last_start, lines_read = lines_read + 1, reader.line_num  # a quoted field may span several lines
            if not record or (len(record) == 1 and record[0] and not record[0].strip() and header is not None):
                continue  # blank lines are skipped by the parser too; a quoted "" is a row with one missing value
            if header is None:
                header = record
                file_limits.check_table_shape(f"'{name}' has", columns=len(header))  # before any row is read
                rows_allowed = file_limits.rows_allowed(len(header))
                continue
            data_records += 1
            if data_records > rows_allowed:  # stop counting: the rest cannot be read anyway
                file_limits.check_table_shape(f"'{name}' has at least", rows=data_records, columns=len(header))
            if len(sample_records) < 500:
                sample_records.append(record)
            if len(record) > len(header):
                long_lines.append(reader.line_num)
                long_spans.append(range(last_start, lines_read + 1))
            elif len(record) < len(header):
                short_lines.append(reader.line_num)
    except csv.Error as error:
        line = lines_read + 1  # where the record that failed began
        if "field larger than field limit" in str(error):  # almost always a quote opened and never closed
            raise TableReadError(
                name,
                f"has a value starting on line {line} that is longer than {csv.field_size_limit():,} characters; "
                'usually a quote (") there is never closed.',
                "Close or remove that quote, or shorten the value, then upload the file again.",
            ) from None
        raise TableReadError(
            name,
            f"could not be parsed as delimited text at line {line} ({error}).",
            "Check that line, or choose another delimiter or encoding in the reader options.",
        ) from None
    if header is None:
        raise TableReadError(name, "is empty.", "Choose a file that contains a table.")
    if data_records == 0:
        raise TableReadError(
            name,
            "has a header row but no data rows.",
            "Add at least one row of data under the header, or choose another file.",
        )
    if long_lines and options.bad_lines == "error":
        first = long_lines[0]
        raise TableReadError(
            name,
            f"has {len(long_lines)} line(s) with more fields than the header's {len(header)}; "
            f"the first is line {first}.",
            "Fix that line, choose another delimiter, or let the reader skip such lines.",
        )

    if long_spans:
        # Skip them before pandas sees them: given a long first row, it takes the extra field for the index
        # and shifts every column by one, silently.
        text = _without_lines(text, long_spans)

    decimal, thousands = (options.decimal, None) if options.decimal else _sniff_decimal(sample_records, delimiter)
    if decimal == "," and delimiter == ",":
        decimal = "."  # a comma cannot be both; unquoted values would have split
    names, renamed = make_unique_names(list(header))
    try:
        frame = pd.read_csv(
            io.StringIO(text, newline=""),  # every line ending counts, as for the csv module above
            sep=delimiter,
            header=0,
            names=names,
            decimal=decimal,
            thousands=thousands,
            on_bad_lines="skip",
            skip_blank_lines=True,
            # pandas 2's C parser loops without end, filling memory, on a lone carriage return followed by a
            # space (pandas issue 51141). Such files (old Mac line ends) are rare: the Python parser reads them,
            # and keeps carriage returns inside quoted values, which rewriting the line ends would not.
            **({"engine": "python"} if _LONE_CARRIAGE_RETURN.search(text) else {"engine": "c", "low_memory": False}),
        )
    except (pd.errors.ParserError, ValueError) as error:
        if "EOF inside string" in str(error):
            raise TableReadError(
                name,
                f'has a quote (") on line {last_start} that is never closed, so the rest of the file would be '
                "read as one value.",
                "Close or remove that quote, then upload the file again.",
            ) from None
        raise TableReadError(
            name,
            f"could not be parsed as delimited text ({error}).",
            "Check the delimiter and encoding in the reader options.",
        ) from None

    if frame.empty and long_lines:  # the parser skipped every data line, as each had more fields than the header
        raise TableReadError(
            name,
            f"has no data row with the header's {len(header)} field(s): every data line has more.",
            "Choose another delimiter in the reader options, or fix the header line (or remove the delimiter "
            "at the end of each data line).",
        )
    if frame.empty:
        raise TableReadError(name, "has a header row but no data rows.", "Add rows under the header.")

    warnings = _rename_warning(renamed)
    if long_lines:
        warnings.append(
            f"Skipped {len(long_lines)} line(s) with more fields than the header's {len(header)}: "
            f"line {_list_lines(long_lines)}. Fix them in the file to keep them."
        )
    if short_lines:
        warnings.append(
            f"{len(short_lines)} line(s) had fewer fields than the header's {len(header)}; their "
            f"missing cells were left empty: line {_list_lines(short_lines)}."
        )
    used = replace(options, delimiter=delimiter, encoding=encoding, decimal=decimal)
    return TableRead(frame=frame, name=name, options=used, warnings=tuple(warnings))


def _without_lines(text: str, spans: list[range]) -> str:
    """The text without the given lines, numbered from 1 as the csv module counts them."""
    dropped = {number for span in spans for number in span}
    lines = io.StringIO(text, newline="")  # every line ending counts, as for the csv module
    return "".join(line for number, line in enumerate(lines, start=1) if number not in dropped)


def _list_lines(lines: list[int]) -> str:
    shown = ", ".join(str(line) for line in lines[:_MAX_LISTED_LINES])
    more = len(lines) - _MAX_LISTED_LINES
    return shown + (f" and {more} more" if more > 0 else "")


# --- Excel --------------------------------------------------------------------------------------


def _read_excel(raw: bytes, name: str, options: ReadOptions) -> TableRead:
    file_limits.check_workbook_archive(raw, name)  # before anything is unpacked
    file_limits.check_workbook_sheets(raw, name)  # before openpyxl, which reads a sheet whole to size it
    try:
        workbook = pd.ExcelFile(io.BytesIO(raw), engine="openpyxl")
    except Exception:  # openpyxl raises many types for a ZIP that is not a workbook
        raise TableReadError(
            name,
            "is a ZIP archive but not an Excel workbook.",
            "Upload the table itself as .xlsx, CSV, Parquet or JSON.",
        ) from None
    sheets = tuple(str(sheet) for sheet in workbook.sheet_names)
    if not sheets:
        raise TableReadError(name, "has no sheets.", "Choose a workbook with at least one sheet.")
    sheet = options.sheet if options.sheet is not None else sheets[0]
    if sheet not in sheets:
        raise TableReadError(
            name,
            f"has no sheet named '{sheet}' (it has {', '.join(sheets)}).",
            "Choose one of those sheets in the reader options.",
        )
    # Only empty cells are missing: text such as "NA" (Namibia), "None" or a header "nan" is what it says.
    try:
        cells = workbook.parse(sheet, header=None, keep_default_na=False, na_values=[""])
    except (MemoryError, RecursionError):
        raise
    except Exception as error:  # openpyxl raises many types for a damaged sheet
        raise TableReadError(
            name,
            f"has a sheet '{sheet}' that could not be read ({error.__class__.__name__}: {error}).",
            "Open it in a spreadsheet program, save it again as .xlsx, and upload that; or export the sheet as CSV.",
        ) from None
    cells = cells.dropna(how="all").dropna(axis=1, how="all")
    if cells.empty:
        raise TableReadError(name, f"has an empty sheet '{sheet}'.", "Choose another sheet.")
    names, renamed = make_unique_names(list(cells.iloc[0]))
    frame = cells.iloc[1:].reset_index(drop=True)
    frame.columns = names
    if frame.empty:
        raise TableReadError(
            name,
            f"has a header row but no data rows in sheet '{sheet}'.",
            "Add data under the header, or choose another sheet.",
        )
    frame = frame.infer_objects()
    warnings = _rename_warning(renamed)
    if len(sheets) > 1:
        warnings.insert(
            0,
            f"The workbook has {len(sheets)} sheets ({', '.join(sheets)}); read '{sheet}'. "
            "Choose another sheet in the reader options.",
        )
    return TableRead(
        frame=frame, name=name, options=replace(options, sheet=sheet), sheets=sheets, warnings=tuple(warnings)
    )


# --- Parquet ------------------------------------------------------------------------------------


def _read_parquet(raw: bytes, name: str, options: ReadOptions) -> TableRead:
    import pyarrow as pa
    import pyarrow.parquet as pq

    declared = file_limits.check_parquet(raw, name)
    # Text is read as dictionaries first: one long value referred to from every row is counted as it will be
    # once decoded, before it is. (Arrow finds them by name, so a name used twice is read as it is.)
    name_counts = Counter(declared.names)
    text_columns = [field.name for field in declared if _is_plain_text(field.type) and name_counts[field.name] == 1]
    try:
        arrow_table = pq.ParquetFile(io.BytesIO(raw), read_dictionary=text_columns or None).read()
        file_limits.check_arrow_size(arrow_table, name)
        arrow_table = _decode_dictionaries(arrow_table, declared)
    except (pa.ArrowException, OSError) as error:
        raise TableReadError(
            name, f"looks like Parquet but could not be read ({error}).", "Export it again, or use CSV."
        ) from None
    nested = [f.name for f in arrow_table.schema if pa.types.is_nested(f.type)]
    try:
        frame = arrow_table.to_pandas()
    except (KeyError, TypeError, ValueError):  # the pandas metadata stored in the file is broken: read without it
        frame = arrow_table.replace_schema_metadata(None).to_pandas()
    warnings = _nested_to_text(frame, nested)
    names, renamed = make_unique_names(list(frame.columns))
    frame.columns = names
    warnings = _rename_warning(renamed) + warnings
    if frame.shape[1] == 0:
        raise TableReadError(name, "has no columns.", "Choose a file that contains a table.")
    if frame.empty:
        raise TableReadError(name, "has columns but no data rows.", "Choose a file with data in it.")
    return TableRead(frame=frame, name=name, options=options, warnings=tuple(warnings))


def _is_plain_text(data_type: pa.DataType) -> bool:
    import pyarrow as pa

    kinds = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary, pa.types.is_large_binary)
    return any(is_kind(data_type) for is_kind in kinds)


def _decode_dictionaries(table: pa.Table, declared: pa.Schema) -> pa.Table:
    """Turn text read as dictionaries back into the plain text the file declares; declared dictionaries stay."""
    import pyarrow as pa

    for position, declared_field in enumerate(declared):
        column = table.column(position)
        if _is_plain_text(declared_field.type) and pa.types.is_dictionary(column.type):
            plain = pa.chunked_array([chunk.dictionary_decode() for chunk in column.chunks], type=declared_field.type)
            table = table.set_column(position, table.schema.field(position).with_type(declared_field.type), plain)
    return table


def _nested_to_text(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """Turn lists and records inside cells into JSON text, in place, and say so."""
    for column in columns:
        frame[column] = frame[column].map(_to_json_text)
    if not columns:
        return []
    return [
        f"Nested values in {', '.join(repr(c) for c in columns)} were turned into JSON text, "
        "which is treated as a category or free text."
    ]


def _to_json_text(value: object) -> object:
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()  # numpy arrays from Parquet list columns
    if not isinstance(value, list | dict):
        return value
    return json.dumps(value, default=str, ensure_ascii=False)


# --- JSON ---------------------------------------------------------------------------------------


def _read_json(raw: bytes, name: str, options: ReadOptions) -> TableRead:
    text, encoding = _decode_text(raw, options.encoding, name)
    stripped = text.strip()
    file_limits.check_json_text(stripped, name)  # nesting and records, before a parser recurses into them
    try:
        document = json.loads(stripped)
    except json.JSONDecodeError as error:
        records = _json_lines(stripped, name, error)
    else:
        records = _records_from_document(document, name)
    if not records:
        raise TableReadError(name, "holds no records.", "Upload a JSON file with at least one record.")
    file_limits.check_json_records(records, name, max_level=_JSON_FLATTENED_LEVELS)
    frame = pd.json_normalize(records, max_level=_JSON_FLATTENED_LEVELS)
    nested = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, list | dict)).any()]
    warnings = _nested_to_text(frame, nested)
    names, renamed = make_unique_names(list(frame.columns))
    frame.columns = names
    frame = frame.infer_objects()
    return TableRead(
        frame=frame,
        name=name,
        options=replace(options, encoding=encoding),
        warnings=tuple(_rename_warning(renamed) + warnings),
    )


def _records_from_document(document: object, name: str) -> list[dict]:
    if isinstance(document, list):
        return _as_records(document, name)
    if isinstance(document, dict):
        return _records_from_object(document, name)
    raise TableReadError(name, "holds a single JSON value, not a table.", "Upload a list of records or JSON lines.")


def _as_records(items: list, name: str) -> list[dict]:
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise TableReadError(
                name,
                f"is a JSON list whose item {position} is not an object ({type(item).__name__}).",
                "Each item must be an object of column: value pairs.",
            )
    return items


def _records_from_object(document: dict, name: str) -> list[dict]:
    values = list(document.values())
    if values and all(isinstance(v, list) for v in values):
        lengths = {len(v) for v in values}
        if len(values) == 1:
            return (
                _as_records(values[0], name)
                if values[0] and isinstance(values[0][0], dict)
                else [{next(iter(document)): v} for v in values[0]]
            )
        if len(lengths) == 1:
            return pd.DataFrame(document).to_dict(orient="records")
    return [document]


def _json_lines(text: str, name: str, whole_error: json.JSONDecodeError) -> list[dict]:
    records: list[dict] = []
    rows_allowed = file_limits.rows_allowed(1)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(records) >= rows_allowed:
            file_limits.check_table_shape(f"'{name}' has at least", rows=len(records) + 1)
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            where = f"line {number}" if records else f"line {whole_error.lineno}"
            message = error.msg if records else whole_error.msg
            raise TableReadError(
                name,
                f"is not valid JSON or JSON lines: {message} at {where}.",
                "Fix that line, or export the table again as JSON records or CSV.",
            ) from None
        if not isinstance(value, dict):
            problem = f"has a JSON line that is not an object, at line {number}."
            raise TableReadError(name, problem, "Each line must be an object.")
        records.append(value)
    return records
