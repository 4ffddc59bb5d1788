"""What a file declares about its size, checked against the server's caps before the file is read.

A few kilobytes can declare a table that takes gigabytes: a Parquet footer can claim 50 million rows of one
repeated value, a workbook's sheet can unpack to hundreds of megabytes, a ZIP member can be a thousand times its
packed size, and JSON can nest deeper than the parser's stack. Each check here looks only at what the file
declares (a footer, a ZIP directory, a sheet's row and cell numbers, the brackets of JSON) and refuses the file
with a `LimitExceededError` that names the file, the cap and the environment variable that raises it, or with a
`TableReadError` where no cap applies (a sheet that skips a million row numbers). The caps themselves live in
`synth_core.limits`.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree
from xml.parsers import expat

import numpy as np

from synth_core.errors import TableReadError
from synth_core.limits import LimitExceededError, check_limit, limit_value

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "JsonShape",
    "check_arrow_size",
    "check_file_size",
    "check_json_records",
    "check_json_text",
    "check_parquet",
    "check_table_shape",
    "check_workbook_archive",
    "check_workbook_sheets",
    "json_shape",
    "rows_allowed",
]

MEGABYTE = 1024 * 1024
# Below this many unpacked bytes a high compression ratio costs nothing, so it is not checked: a small workbook
# of repeated values legitimately packs 300 to 1.
RATIO_CHECKED_FROM_BYTES = MEGABYTE
# An Excel workbook has a few dozen parts; a ZIP directory of millions of entries costs memory just to list.
MAX_WORKBOOK_PARTS = 10_000
# A sheet may skip row numbers, and every skipped row is read as an empty one: a few kilobytes can number their
# last row 1,048,576. A real table has a few empty rows; more than this many is refused.
MAX_SKIPPED_SHEET_ROWS = 100_000
_SCAN_CHUNK_BYTES = MEGABYTE
_END_OF_DIRECTORY = b"PK\x05\x06"
_END_OF_DIRECTORY_SIZE = 22
_ZIP_COMMENT_MAX = 65_535
_CELL_REFERENCE = re.compile(r"\$?([A-Za-z]+)")
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_STRUCTURE = re.compile(r"[^\[\]{},]+")
_OPENING_BRACKETS = (ord("["), ord("{"))
_CLOSING_BRACKETS = (ord("]"), ord("}"))
_COMMA = ord(",")
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


# --- Any table ----------------------------------------------------------------------------------


def check_table_shape(subject: str, *, rows: int | None = None, columns: int | None = None) -> None:
    """Refuse a table past the caps on columns, rows and cells (rows × columns).

    Args:
        subject: The file and the verb, to start the message ("'orders.parquet' declares").
        rows: Data rows, when known.
        columns: Columns, when known.

    Raises:
        LimitExceededError: One of the caps is exceeded; the columns cap is checked first, as it is the
            cheapest to know.
    """
    if columns is not None:
        check_limit(subject, "columns", columns)
    if rows is not None:
        check_limit(subject, "rows", rows)
    if rows is not None and columns is not None:
        check_limit(subject, "cells", rows * columns)


def rows_allowed(columns: int) -> int:
    """The most data rows a table of `columns` columns may have: the rows cap, or fewer under the cells cap."""
    return min(limit_value("rows"), limit_value("cells") // max(columns, 1))


def check_file_size(size: int, name: str) -> None:
    """Refuse a file larger than the unpacked-size cap: unpacked, it is at least as large.

    Args:
        size: Its size in bytes.
        name: The file name, for the message.
    """
    check_limit(f"'{name}' is", "unpacked_mb", _megabytes(size))


# --- Parquet ------------------------------------------------------------------------------------


def check_parquet(raw: bytes, name: str) -> pa.Schema:
    """Check a Parquet file's footer: rows, columns, cells, nested values and unpacked bytes.

    Only the footer is read. Values inside lists and records count as cells, as each becomes text in one.

    Args:
        raw: The file's bytes.
        name: The file name, for messages.

    Returns:
        The Arrow schema the file declares.

    Raises:
        TableReadError: The footer cannot be read.
        LimitExceededError: The declared table is past a cap.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        metadata = pq.ParquetFile(io.BytesIO(raw)).metadata
        schema = metadata.schema.to_arrow_schema()
    except (pa.ArrowException, OSError, ValueError) as error:
        raise TableReadError(
            name, f"looks like Parquet but could not be read ({error}).", "Export it again, or use CSV."
        ) from None
    subject = f"'{name}' declares"
    groups = [metadata.row_group(index) for index in range(metadata.num_row_groups)]
    rows = max(metadata.num_rows, sum(group.num_rows for group in groups))  # the reader trusts each group's count
    check_table_shape(subject, rows=rows, columns=len(schema))
    # A leaf's value count includes every item of every list, so nested columns cannot hide their size.
    values = sum(group.column(leaf).num_values for group in groups for leaf in range(group.num_columns))
    check_limit(f"{subject}, counting each value inside its lists and records,", "cells", values)
    # No compression ratio here: Parquet pages of one repeated number legitimately pack a thousand to one, and what
    # they unpack to is bounded by the caps above.
    check_limit(subject, "unpacked_mb", _megabytes(sum(group.total_byte_size for group in groups)))
    return schema


def check_arrow_size(table: pa.Table, name: str) -> None:
    """Refuse an Arrow table whose values, with dictionaries decoded, pass the unpacked-size cap.

    A Parquet column can store one long text once and refer to it from every row; decoded, it is repeated in
    every row. Read such columns as dictionaries and check here before decoding them.

    Args:
        table: The table as read, its text columns as dictionaries.
        name: The file name, for the message.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    size = 0
    for column in table.columns:
        if not pa.types.is_dictionary(column.type):
            size += column.nbytes
            continue
        for chunk in column.chunks:
            size += chunk.indices.nbytes
            if pa.types.is_string(chunk.dictionary.type) or pa.types.is_binary(chunk.dictionary.type):
                lengths = pc.binary_length(chunk.dictionary)
                size += int(pc.sum(pc.take(lengths, chunk.indices)).as_py() or 0)
            else:
                size += chunk.dictionary.nbytes
    check_limit(f"'{name}' holds, once read,", "unpacked_mb", _megabytes(size))


# --- Excel workbooks (ZIP archives) ---------------------------------------------------------------


def check_workbook_archive(raw: bytes, name: str) -> None:
    """Check a ZIP archive's directory: its number of parts, their unpacked sizes and compression ratios.

    Python's `zipfile`, which the Excel reader uses, never unpacks more than a member's declared size, so the
    declared sizes bound what reading can cost.

    Args:
        raw: The file's bytes.
        name: The file name, for messages.

    Raises:
        TableReadError: The archive lists more parts than a workbook has, or is not a ZIP archive.
        LimitExceededError: The parts unpack past the caps.
    """
    entries = _declared_entries(raw)
    if entries is not None and entries > MAX_WORKBOOK_PARTS:
        raise TableReadError(
            name,
            f"is a ZIP archive of {entries:,} parts; an Excel workbook has at most a few hundred.",
            "Upload the workbook itself (.xlsx), or the table as CSV, Parquet or JSON.",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableReadError(
            name, "is a ZIP archive but not an Excel workbook.", "Upload the table itself as .xlsx, CSV or Parquet."
        ) from None
    unpacked = sum(member.file_size for member in members)
    check_limit(f"'{name}' declares", "unpacked_mb", _megabytes(unpacked))
    for member in members:
        _check_ratio(f"'{name}' has a part '{member.filename}' that is", member.file_size, member.compress_size)
    _check_ratio(f"'{name}' is", unpacked, len(raw))


def check_workbook_sheets(raw: bytes, name: str) -> None:
    """Count every sheet's rows and cells as its XML streams by, refusing the workbook once one passes a cap.

    Every sheet, because opening a workbook already reads each sheet whose `<dimension>` is missing. The count
    follows the reader: a row numbered 1,000,000 makes the rows before it exist as empty rows, and a cell in
    column XFD widens every row to 16,384 cells. Only counts are kept, so the scan takes little memory whatever
    a sheet holds. A sheet's own `<dimension>` is not trusted: it can be missing or wrong.

    Args:
        raw: The workbook's bytes, already checked by `check_workbook_archive`.
        name: The file name, for messages.

    Raises:
        LimitExceededError: A sheet holds more rows, columns or cells than the caps allow.
        TableReadError: A sheet skips more than `MAX_SKIPPED_SHEET_ROWS` row numbers.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for sheet, part in _sheet_parts(archive).items():
                _scan_sheet(archive, part, name, sheet)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError, zlib.error):
        # Encrypted, damaged or oddly compressed: what cannot be counted is not handed to the reader either.
        raise TableReadError(
            name,
            "is a ZIP archive whose parts could not be unpacked, so it cannot be read as an Excel workbook.",
            "Open it in a spreadsheet program, save it again as .xlsx (without a password), and upload that.",
        ) from None


def _scan_sheet(archive: zipfile.ZipFile, part: str, name: str, sheet: str) -> None:
    subject = f"'{name}' (sheet '{sheet}') holds at least"
    max_rows, max_columns, max_cells = limit_value("rows"), limit_value("columns"), limit_value("cells")
    row = column = width = listed = 0

    def start(tag: str, attributes: dict[str, str]) -> None:
        # Called for every element of the sheet: kept short, with the commonest tags (`c`, `v`) decided first.
        nonlocal row, column, width, listed
        if tag == "c" or tag.endswith(":c"):
            reference = attributes.get("r")
            letters = _CELL_REFERENCE.match(reference) if reference else None
            column = _column_number(letters.group(1)) if letters else column + 1
            if column > width:
                width = column
                if width > max_columns:
                    raise LimitExceededError(subject, "columns", width, max_columns)
                if (row - 1) * width > max_cells:  # the reader pads every row to the widest
                    raise LimitExceededError(subject, "cells", (row - 1) * width, max_cells)
        elif tag == "row" or tag.endswith(":row"):
            row = _whole_number(attributes.get("r"), row + 1)
            listed += 1
            column = 0
            if row - 1 > max_rows:  # the first row is the header
                raise LimitExceededError(subject, "rows", row - 1, max_rows)
            if (row - 1) * width > max_cells:
                raise LimitExceededError(subject, "cells", (row - 1) * width, max_cells)
            if row - listed > MAX_SKIPPED_SHEET_ROWS:
                _refuse_skipped_rows(name, sheet, row, listed)

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with archive.open(part) as stream:
        while chunk := stream.read(_SCAN_CHUNK_BYTES):
            try:
                parser.Parse(chunk, False)
            except expat.ExpatError:
                return  # malformed XML: the reader says so in its own words


def _refuse_skipped_rows(name: str, sheet: str, last_row: int, listed: int) -> None:
    raise TableReadError(
        name,
        f"numbers a row of sheet '{sheet}' {last_row:,} but lists only {listed:,} rows: the {last_row - listed:,} "
        "rows in between would each be read as an empty row.",
        "Copy the table to a new sheet (or delete the empty rows below it), save, and upload it again.",
    )


def _whole_number(text: str | None, default: int) -> int:
    try:
        return int(float(text)) if text else default
    except (ValueError, OverflowError):  # "x", "nan", "inf": the reader refuses the sheet in its own words
        return default


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and ZIP member, found as Excel finds them; every worksheet part when that fails."""
    names = set(archive.namelist())
    try:
        package = _relationship_targets(archive, "_rels/.rels", "")
        workbook_part = next(target for kind, target in package.values() if kind.endswith("/officeDocument"))
        folder, file_name = posixpath.split(workbook_part)
        targets = _relationship_targets(archive, posixpath.join(folder, "_rels", file_name + ".rels"), folder)
        root = _parse_small_part(archive, workbook_part)
        sheets = {
            element.get("name", ""): targets[element.get(_RELATIONSHIP_ID, "")][1]
            for element in root.iter()
            if element.tag.rpartition("}")[2] == "sheet"
        }
        if sheets and all(part in names for part in sheets.values()):
            return sheets
    except (KeyError, StopIteration, ElementTree.ParseError):
        pass
    return {part: part for part in sorted(names) if "worksheets/" in part and part.endswith(".xml")}


def _relationship_targets(archive: zipfile.ZipFile, part: str, folder: str) -> dict[str, tuple[str, str]]:
    root = _parse_small_part(archive, part)
    targets: dict[str, tuple[str, str]] = {}
    for relationship in root.iter(_RELATIONSHIPS):
        target = relationship.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        targets[relationship.get("Id", "")] = (relationship.get("Type", ""), resolved)
    return targets


def _parse_small_part(archive: zipfile.ZipFile, part: str) -> ElementTree.Element:
    # Relationship and workbook parts are a few kilobytes; their size was already bounded by the archive check.
    with archive.open(part) as stream:
        return ElementTree.parse(stream).getroot()


def _declared_entries(raw: bytes) -> int | None:
    """The number of entries the ZIP's end-of-directory record declares, read before `zipfile` lists them."""
    tail_start = max(0, len(raw) - _END_OF_DIRECTORY_SIZE - _ZIP_COMMENT_MAX)
    position = raw.rfind(_END_OF_DIRECTORY, tail_start)
    if position < 0 or position + _END_OF_DIRECTORY_SIZE > len(raw):
        return None
    entries = struct.unpack_from("<H", raw, position + 10)[0]
    return MAX_WORKBOOK_PARTS + 1 if entries == 0xFFFF else entries  # 0xFFFF: a ZIP64 archive of more


# --- JSON ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JsonShape:
    """What JSON text declares, found without parsing it.

    Attributes:
        depth: The deepest nesting of lists and objects: 0 for a bare value, 1 for `[1, 2]`, 2 for `[{"a": 1}]`;
            for JSON lines, the deepest line.
        items: Items of a top-level list (the records of `[{...}, {...}]`); 0 when the text is not one list.
        complete: Whether the whole text was scanned; when not, the depth and items are at least these.
    """

    depth: int
    items: int
    complete: bool = True


def json_shape(text: str, *, stop_above_depth: int | None = None) -> JsonShape:
    """Scan JSON text's brackets and commas, with strings taken out so that brackets inside values do not count.

    Args:
        text: The JSON text, without leading white space.
        stop_above_depth: Stop once the depth passes this.

    Returns:
        The depth and the number of items of a top-level list.
    """
    structure = _NOT_STRUCTURE.sub("", _JSON_STRING.sub("", text)).encode("ascii")
    marks = np.frombuffer(structure, dtype=np.uint8)
    depth = deepest = commas = start = 0
    for start in range(0, len(marks), _SCAN_CHUNK_BYTES):  # in blocks, so a long file stops early
        block = marks[start : start + _SCAN_CHUNK_BYTES]
        steps = np.isin(block, _OPENING_BRACKETS).astype(np.int64) - np.isin(block, _CLOSING_BRACKETS)
        levels = depth + np.cumsum(steps)
        deepest = max(deepest, int(levels.max()))
        commas += int(np.count_nonzero((block == _COMMA) & (levels == 1)))
        depth = int(levels[-1])
        if stop_above_depth is not None and deepest > stop_above_depth:
            break
    is_list = text.startswith("[") and not text[1:].lstrip().startswith("]")
    items = commas + 1 if is_list else 0
    return JsonShape(depth=deepest, items=items, complete=start + _SCAN_CHUNK_BYTES >= len(marks))


def check_json_text(text: str, name: str) -> None:
    """Refuse JSON nested deeper than the cap, before a parser recurses into it, or listing too many records.

    Args:
        text: The JSON text (a document or JSON lines), without leading white space.
        name: The file name, for the message.
    """
    shape = json_shape(text, stop_above_depth=limit_value("json_depth"))
    at_least = "" if shape.complete else " at least"
    check_limit(f"'{name}' has{at_least}", "json_depth", shape.depth)
    check_table_shape(f"'{name}' lists{at_least}", rows=shape.items)


def check_json_records(records: list, name: str, *, max_level: int) -> None:
    """Refuse JSON records that would make a table past the caps once flattened.

    Args:
        records: The records, each a dict.
        name: The file name, for the message.
        max_level: How deep nested objects are flattened into columns, as the reader does.
    """
    subject = f"'{name}' holds"
    check_table_shape(subject, rows=len(records))
    allowed = min(limit_value("columns"), limit_value("cells") // max(len(records), 1))
    columns: set[tuple[str, ...]] = set()
    for record in records:
        columns.update(_key_paths(record, (), max_level))
        if len(columns) > allowed:
            break
    check_table_shape(subject, rows=len(records), columns=len(columns))


def _key_paths(record: object, prefix: tuple[str, ...], levels_left: int) -> Iterable[tuple[str, ...]]:
    if not isinstance(record, dict):
        return
    for key, value in record.items():
        path = (*prefix, str(key))
        if isinstance(value, dict) and value and levels_left > 0:
            yield from _key_paths(value, path, levels_left - 1)
        else:
            yield path


# --- Shared ---------------------------------------------------------------------------------------


def _check_ratio(subject: str, unpacked: int, packed: int) -> None:
    if unpacked >= RATIO_CHECKED_FROM_BYTES:
        check_limit(subject, "compression_ratio", round(unpacked / max(packed, 1), 1))


def _megabytes(size: int) -> float:
    return round(size / MEGABYTE, 1)
