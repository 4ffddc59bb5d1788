"""What each column is: its kind, its role, and why.

A `TableSchema` holds one `ColumnSchema` per column. `detection.infer_schema` detects it from the data; the user can
override any entry; it round-trips through JSON and converts to and from SDV `Metadata`.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import pandas as pd

from synth_core.date_formats import date_formats
from synth_core.errors import SchemaError

if TYPE_CHECKING:
    from sdv.metadata import Metadata

SDV_TABLE_NAME = "table"
SCHEMA_VERSION = 1


class ColumnKind(StrEnum):
    """What kind of values a column holds, which decides how it is modelled."""

    NUMERICAL = "numerical"
    ORDINAL = "ordinal"
    CATEGORICAL = "categorical"
    BOOLEAN = "boolean"
    DATETIME = "datetime"
    ID = "id"
    TEXT = "text"
    PERSONAL = "personal"

    @property
    def is_numeric_like(self) -> bool:
        """Numbers and dates: values on a scale, compared by distance and drawn on an axis."""
        return self in (ColumnKind.NUMERICAL, ColumnKind.DATETIME)

    @property
    def is_category_like(self) -> bool:
        """Categories, ordinals and booleans: a set of values, compared value by value and counted per value."""
        return self in (ColumnKind.CATEGORICAL, ColumnKind.ORDINAL, ColumnKind.BOOLEAN)

    @property
    def is_learnt(self) -> bool:
        """Whether a generator learns values of this kind from the real data.

        Identifiers are regenerated, and personal data and free text are filled with fake values, so
        they never are; every other kind is either numeric-like or category-like.
        """
        return self.is_numeric_like or self.is_category_like

    @property
    def is_faked(self) -> bool:
        """Personal data and free text: filled with rule-based fake values of their type, never learnt."""
        return self in (ColumnKind.PERSONAL, ColumnKind.TEXT)

    @property
    def can_hold_rare_values(self) -> bool:
        """Categories and ordinals: one of their values can be rare enough to point at a person.

        Rare-value protection and the rare-value privacy check look at these (a boolean has only two values).
        """
        return self in (ColumnKind.CATEGORICAL, ColumnKind.ORDINAL)

    @property
    def has_order(self) -> bool:
        """Numbers, ordinals and dates: their values are ordered, so a range (lowest, highest) means something."""
        return self in (ColumnKind.NUMERICAL, ColumnKind.ORDINAL, ColumnKind.DATETIME)


class ColumnRole(StrEnum):
    """What a column is for in the synthetic data."""

    FEATURE = "feature"
    TARGET = "target"
    KEY = "key"
    IGNORE = "ignore"


# Faker method names for personal data, with the label the UI shows.
PERSONAL_DATA_TYPES: dict[str, str] = {
    "email": "Email address",
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "phone_number": "Phone number",
    "address": "Postal address",
    "street_address": "Street address",
    "postcode": "Postcode",
    "city": "City",
    "ipv4": "IPv4 address",
    "ipv6": "IPv6 address",
    "ssn": "Social security number",
    "credit_card_number": "Credit card number",
    "iban": "IBAN",
    "user_name": "User name",
    "url": "Web address",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "license_plate": "Licence plate",
    "date_of_birth": "Date of birth",
}

# Our personal-data types named as SDV names them (for SDV Metadata).
_SDV_PII_SDTYPES: dict[str, str] = {"ipv4": "ipv4_address", "ipv6": "ipv6_address"}
_PII_FROM_SDV: dict[str, str] = {sdv: ours for ours, sdv in _SDV_PII_SDTYPES.items()}
_BOOLEAN_WORDS = {"true", "false", "yes", "no", "t", "f", "y", "n", "1", "0", "1.0", "0.0"}
# Fidelity compares every pair of modelled columns (SDMetrics takes about 5 ms a pair on 2 cores), so
# more columns than this would keep a user waiting for minutes.
MAX_MODELLED_COLUMNS = 100
_NOT_LEARNT = {"personal": "personal data", "id": "an identifier", "text": "free text"}


@dataclass(frozen=True)
class ColumnSchema:
    """One column's entry in the schema.

    Attributes:
        name: The column name, exactly as in the data.
        kind: What kind of values it holds.
        role: What it is for.
        reason: Why it got its kind (and role), in plain words.
        pii_type: For personal data, the Faker method that makes replacement values.
        datetime_format: For dates stored as text, the strftime format they follow.
        quasi_identifier: Whether the column helps single people out in combination with other such
            columns (birth date, age, sex, postcode, dates of events). It is still learnt; the Data page and
            the privacy review measure the risk of the marked set together.

    """

    name: str
    kind: ColumnKind
    role: ColumnRole = ColumnRole.FEATURE
    reason: str = ""
    pii_type: str | None = None
    datetime_format: str | None = None
    quasi_identifier: bool = False

    @property
    def is_modelled(self) -> bool:
        """Whether a generator learns this column from the real values."""
        return self.role in (ColumnRole.FEATURE, ColumnRole.TARGET) and self.kind.is_learnt


@dataclass(frozen=True)
class TableSchema:
    """The schema of one table: an ordered tuple of column entries."""

    columns: tuple[ColumnSchema, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return [column.name for column in self.columns]

    def column(self, name: str) -> ColumnSchema:
        """Return the entry for `name`.

        Raises:
            KeyError: No such column; the message lists the known ones.

        """
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"No column named '{name}' in the schema. Known columns: {', '.join(self.names)}.")

    @property
    def target(self) -> str | None:
        """The target column's name, if one is set."""
        return next((c.name for c in self.columns if c.role is ColumnRole.TARGET), None)

    @property
    def personal_columns(self) -> list[str]:
        """Columns filled with Faker values, never learnt."""
        return [c.name for c in self.columns if c.kind is ColumnKind.PERSONAL and c.role is not ColumnRole.IGNORE]

    @property
    def quasi_identifiers(self) -> list[str]:
        """Columns marked as quasi-identifiers that appear in the synthetic data."""
        return [c.name for c in self.columns if c.quasi_identifier and c.role is not ColumnRole.IGNORE]

    @property
    def modelled_columns(self) -> list[str]:
        """Columns a generator learns from."""
        return [c.name for c in self.columns if c.is_modelled]

    @property
    def output_columns(self) -> list[str]:
        """Columns that appear in synthetic data: everything not ignored."""
        return [c.name for c in self.columns if c.role is not ColumnRole.IGNORE]

    def with_column(self, name: str, **changes: Any) -> TableSchema:
        """Return a copy with one column's entry changed, as a user override.

        A new target demotes any earlier target to a feature, since there is only one label.
        """
        self.column(name)  # raises a clear KeyError for unknown names
        if "kind" in changes:
            changes["kind"] = ColumnKind(changes["kind"])
        if "role" in changes:
            changes["role"] = ColumnRole(changes["role"])
        columns = []
        for column in self.columns:
            if column.name == name:
                column = replace(column, **changes)
                if column.kind is not ColumnKind.PERSONAL:
                    column = replace(column, pii_type=None)
                elif column.pii_type is None:
                    column = replace(column, pii_type="name")
            elif changes.get("role") is ColumnRole.TARGET and column.role is ColumnRole.TARGET:
                column = replace(column, role=ColumnRole.FEATURE)
            columns.append(column)
        return TableSchema(columns=tuple(columns))

    def problems(self, frame: pd.DataFrame) -> list[str]:
        """List every way this schema does not fit `frame`, each naming the column and the fix."""
        found: list[str] = []
        missing = [name for name in self.names if name not in frame.columns]
        if missing:
            found.append(f"Columns {missing} are in the schema but not in the data. Infer the schema again.")
        extra = [name for name in frame.columns if name not in self.names]
        if extra:
            found.append(f"Columns {extra} are in the data but not in the schema. Infer the schema again.")
        targets = [c.name for c in self.columns if c.role is ColumnRole.TARGET]
        if len(targets) > 1:
            found.append(f"Only one column can be the target; {targets} are. Make all but one a feature.")
        for column in self.columns:
            if column.name in frame.columns:
                found.extend(_kind_problems(column, frame[column.name]))
        if self.columns and not self.output_columns:
            found.append("Every column is ignored. Give at least one column the role feature or target.")
        elif self.columns and not self.modelled_columns:
            found.append(_nothing_learnt(self.columns))
        modelled = len(self.modelled_columns)
        if modelled > MAX_MODELLED_COLUMNS:
            found.append(
                f"{modelled:,} columns are modelled, more than the {MAX_MODELLED_COLUMNS} whose every pair the "
                f"fidelity report can compare in reasonable time ({modelled * (modelled - 1) // 2:,} pairs here). "
                "Set the role of the columns you do not need to ignore, or upload only the columns you need."
            )
        return found

    def validate(self, frame: pd.DataFrame) -> None:
        """Raise one `SchemaError` listing every problem, if there are any."""
        found = self.problems(frame)
        if found:
            raise SchemaError(found)

    # --- Serialisation ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dictionary."""
        return {
            "schema_version": SCHEMA_VERSION,
            "columns": [
                {key: (str(value) if isinstance(value, StrEnum) else value) for key, value in asdict(c).items()}
                for c in self.columns
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TableSchema:
        """Build a schema from `to_dict` output.

        Raises:
            SchemaError: An entry has an unknown kind or role, or no name.

        """
        problems: list[str] = []
        columns: list[ColumnSchema] = []
        for position, entry in enumerate(data.get("columns", []), start=1):
            try:
                columns.append(
                    ColumnSchema(
                        name=str(entry["name"]),
                        kind=ColumnKind(entry["kind"]),
                        role=ColumnRole(entry.get("role", "feature")),
                        reason=str(entry.get("reason", "")),
                        pii_type=entry.get("pii_type"),
                        datetime_format=entry.get("datetime_format"),
                        quasi_identifier=bool(entry.get("quasi_identifier", False)),
                    )
                )
            except (KeyError, ValueError) as error:
                problems.append(f"Column entry {position} is not valid ({error}). Fix or remove it.")
        if problems:
            raise SchemaError(problems)
        return cls(columns=tuple(columns))

    def to_json(self) -> str:
        """Serialise to JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TableSchema:
        """Parse JSON text written by `to_json`."""
        return cls.from_dict(json.loads(text))

    # --- SDV adapter ------------------------------------------------------------------------------

    def to_sdv_metadata(self, frame: pd.DataFrame | None = None) -> Metadata:
        """Convert to SDV single-table `Metadata` for the columns that are not ignored.

        Args:
            frame: The data, used to give ordinal columns their order of values.

        Returns:
            SDV Metadata with one table named `SDV_TABLE_NAME`.

        """
        from sdv.metadata import Metadata

        columns: dict[str, dict[str, Any]] = {}
        primary_key = None
        for column in self.columns:
            if column.role is ColumnRole.IGNORE:
                continue
            columns[column.name] = _sdv_column(column, frame)
            if column.role is ColumnRole.KEY and primary_key is None:
                primary_key = column.name
        table: dict[str, Any] = {"columns": columns}
        if primary_key:
            table["primary_key"] = primary_key
        return Metadata.load_from_dict({"tables": {SDV_TABLE_NAME: table}, "METADATA_SPEC_VERSION": "V1"})

    @classmethod
    def from_sdv_metadata(cls, metadata: Metadata | dict[str, Any]) -> TableSchema:
        """Build a schema from SDV `Metadata` (or its dictionary) for a single table."""
        data = metadata if isinstance(metadata, dict) else metadata.to_dict()
        tables = data.get("tables", {})
        if len(tables) != 1:
            raise SchemaError([f"The metadata describes {len(tables)} tables; choose one with a single table."])
        table = next(iter(tables.values()))
        primary_key = table.get("primary_key")
        columns = []
        for name, entry in table.get("columns", {}).items():
            kind, pii_type = _kind_from_sdtype(entry.get("sdtype", "categorical"))
            role = ColumnRole.KEY if name == primary_key or kind is ColumnKind.ID else ColumnRole.FEATURE
            columns.append(
                ColumnSchema(
                    name=name,
                    kind=kind,
                    role=role,
                    reason=f"From SDV metadata (sdtype '{entry.get('sdtype')}').",
                    pii_type=pii_type,
                    datetime_format=entry.get("datetime_format"),
                )
            )
        return cls(columns=tuple(columns))


def schema_for_frame(schema: TableSchema, frame: pd.DataFrame) -> TableSchema:
    """Fit a schema from SDV metadata to a table: columns it does not describe are ignored, in table order.

    Raises:
        ValueError: The metadata names columns the table lacks.
    """
    missing = [name for name in schema.names if name not in frame.columns]
    if missing:
        raise ValueError(f"the metadata names column(s) the table lacks: {', '.join(repr(m) for m in missing)}")
    described = {column.name: column for column in schema.columns}
    columns = [
        described.get(name)
        or ColumnSchema(name, ColumnKind.CATEGORICAL, ColumnRole.IGNORE, "Not in the SDV metadata, so ignored.")
        for name in frame.columns
    ]
    return TableSchema(columns=tuple(columns))


def _sdv_column(column: ColumnSchema, frame: pd.DataFrame | None) -> dict[str, Any]:
    kind = column.kind
    if kind is ColumnKind.PERSONAL:
        sdtype = _SDV_PII_SDTYPES.get(column.pii_type or "", column.pii_type or "unknown")
        return {"sdtype": sdtype, "pii": True}
    if column.role is ColumnRole.KEY:  # keys are regenerated as identifiers, and SDV takes only ids as keys
        return {"sdtype": "id"}
    if kind is ColumnKind.TEXT:
        return {"sdtype": "unknown", "pii": True}
    if kind is ColumnKind.DATETIME:
        entry: dict[str, Any] = {"sdtype": "datetime"}
        if column.datetime_format:
            entry["datetime_format"] = column.datetime_format
        return entry
    if kind is ColumnKind.ORDINAL and frame is not None and column.name in frame.columns:
        values = pd.Series(frame[column.name].dropna().unique())
        if values.empty:  # SDV refuses an empty order, and with no values there is nothing to order
            return {"sdtype": "ordinal"}
        try:
            values = values.sort_values()
        except TypeError:
            values = values.astype(str).sort_values()
        return {"sdtype": "ordinal", "range_values": values.tolist()}
    if kind is ColumnKind.ORDINAL:
        return {"sdtype": "categorical"}
    return {"sdtype": str(kind)}


def _kind_from_sdtype(sdtype: str) -> tuple[ColumnKind, str | None]:
    if sdtype in {"numerical", "categorical", "boolean", "datetime", "id", "ordinal"}:
        return ColumnKind(sdtype), None
    if sdtype == "unknown":
        return ColumnKind.TEXT, None
    return ColumnKind.PERSONAL, _PII_FROM_SDV.get(sdtype, sdtype)


def _nothing_learnt(columns: tuple[ColumnSchema, ...]) -> str:
    """Say which columns there are and why none of them is learnt."""
    described = []
    for column in columns[:5]:
        if column.role is ColumnRole.IGNORE:
            why = "ignored"
        elif column.role is ColumnRole.KEY:
            why = "a key"
        else:
            why = _NOT_LEARNT.get(str(column.kind), str(column.kind))
        described.append(f"'{column.name}' is {why}")
    more = f" (and {len(columns) - 5} more)" if len(columns) > 5 else ""
    return (
        f"No column can be learnt: {', '.join(described)}{more}; such columns are made up afresh, so the "
        "synthetic data would hold nothing learnt from the real data. Give at least one column a kind a "
        "generator learns (numerical, ordinal, categorical, boolean or datetime) and the role feature or "
        "target, or choose a table with such columns."
    )


def _kind_problems(column: ColumnSchema, values: pd.Series) -> list[str]:
    """Say why `values` cannot be modelled as `column.kind`, if they cannot."""
    present = values.dropna()
    if present.empty or column.role is ColumnRole.IGNORE:
        return []
    name = column.name
    if column.kind in (ColumnKind.NUMERICAL, ColumnKind.ORDINAL) and not pd.api.types.is_numeric_dtype(values):
        converted = pd.to_numeric(present, errors="coerce")
        bad = present[converted.isna()]
        if column.kind is ColumnKind.NUMERICAL and not bad.empty:
            return [
                f"Column '{name}' cannot be numerical: {len(bad)} value(s) are not numbers "
                f"(for example '{str(bad.iloc[0])[:40]}'). Choose categorical, or fix the values."
            ]
    if column.kind is ColumnKind.BOOLEAN and not pd.api.types.is_bool_dtype(present.infer_objects()):
        distinct = present.astype(str).str.strip().str.lower().unique()
        if len(distinct) > 2 or not set(distinct) <= _BOOLEAN_WORDS:
            return [
                f"Column '{name}' cannot be boolean: its values are not true/false "
                f"(for example '{str(present.iloc[0])[:40]}'). Choose categorical."
            ]
    if column.kind is ColumnKind.DATETIME and not pd.api.types.is_datetime64_any_dtype(values):
        if column.datetime_format is None:
            formats = date_formats(present)
            if len(formats) > 1:
                examples = ", ".join(f"'{example}'" for example in list(formats.values())[:3])
                return [
                    f"Column '{name}' holds dates written in several formats (for example {examples}), which "
                    "cannot be read as one date column without guessing which is the day and which the month. "
                    "Rewrite them in one format, such as 2023-04-30, and upload the file again; or choose "
                    "categorical, or the role ignore."
                ]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "could not infer format" is expected here
            parsed = pd.to_datetime(present.astype(str), format=column.datetime_format, errors="coerce")
        if parsed.isna().mean() > 0.05:
            return [
                f"Column '{name}' cannot be a date: {int(parsed.isna().sum())} value(s) do not parse as dates"
                + (f" with format '{column.datetime_format}'" if column.datetime_format else "")
                + ". Choose categorical or text, or fix the values."
            ]
    if column.role is ColumnRole.TARGET and not column.kind.is_learnt:
        return [f"Column '{name}' is {column.kind}, which is not modelled, so it cannot be the target."]
    return []
