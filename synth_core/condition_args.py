r"""Conditions and rebalancing written as text (for the command line) or JSON, turned into specs.

Text syntax, chosen so values may contain "=", ":" and (escaped) ",":

- a condition: `COLUMN=VALUE[,COLUMN=VALUE...]:ROWS`, e.g. `income=>50K,sex=Female:500`. Each pair splits
  at its first "=" (so `income=>50K` fixes income to ">50K"), the row count follows the last ":", and a
  comma inside a value is written `\\,`.
- rebalancing: `COLUMN` (every value gets the same share), or `COLUMN=VALUE:SHARE[,VALUE:SHARE...]`, e.g.
  `sex=Male:0.5,Female:0.5`. Shares are fractions adding up to 1, or percentages ("50%", or numbers adding
  up to 100).
- either may also be JSON: `{"values": {"sex": "Female"}, "rows": 500}` for a condition,
  `{"column": "sex", "shares": {"Male": 0.5, "Female": 0.5}}` (or `"shares": "uniform"`) for rebalancing.
  A conditions file holds a list of conditions, the same as a run manifest's `config.conditions`.

Text values are matched to the data's own values (so `education-num=13` becomes the number 13); a value
the data lacks is passed on as typed, and the generator's checks name it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from synth_core.errors import SynthStudioError
from synth_core.rebalance import ConditionSpec, RebalanceSpec, target_shares

# A comma not preceded by a backslash separates pairs; "\," is a comma inside a value.
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")
CONDITION_EXAMPLE = "income=>50K,sex=Female:500"
REBALANCE_EXAMPLE = "sex=Male:0.5,Female:0.5"


class ConditionArgumentError(SynthStudioError, ValueError):
    """A condition or rebalancing written wrongly; the message quotes it and shows the syntax."""


def parse_condition(text: str, frame: pd.DataFrame) -> ConditionSpec:
    """Read one condition from text or JSON, with values typed like the data's.

    Raises:
        ConditionArgumentError: Quoting the condition and saying what is wrong.
    """
    stripped = text.strip()
    if stripped.startswith("{"):
        return _condition_from_json(_json(stripped, "condition"), text)
    body, separator, count = stripped.rpartition(":")
    if not separator or not body:
        raise ConditionArgumentError(
            f"The condition '{text}' has no row count. Write COLUMN=VALUE[,COLUMN=VALUE...]:ROWS, "
            f"e.g. '{CONDITION_EXAMPLE}'."
        )
    rows = _whole_number(count, f"the row count of the condition '{text}'")
    values: dict[str, Any] = {}
    for pair in _split_pairs(body):
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise ConditionArgumentError(
                f"'{pair}' in the condition '{text}' is not COLUMN=VALUE. Write e.g. '{CONDITION_EXAMPLE}'; "
                "a comma inside a value is written '\\,'."
            )
        values[name.strip()] = typed_value(frame, name.strip(), value)
    return ConditionSpec(values=values, rows=rows)


def conditions_from_file_text(text: str, *, source: str) -> tuple[ConditionSpec, ...]:
    """Read a JSON list of conditions (or {"conditions": [...]}) from a file's text.

    Raises:
        ConditionArgumentError: Not JSON, or an entry without "values" and "rows", naming the entry.
    """
    data = _json(text, f"conditions file '{source}'")
    entries = data.get("conditions") if isinstance(data, dict) else data
    if not isinstance(entries, list) or not entries:
        raise ConditionArgumentError(
            f"'{source}' must hold a non-empty JSON list of conditions, "
            'e.g. [{"values": {"sex": "Female"}, "rows": 500}].'
        )
    return tuple(_condition_from_json(entry, f"entry {index} of '{source}'") for index, entry in enumerate(entries, 1))


def parse_rebalance(text: str, frame: pd.DataFrame) -> RebalanceSpec:
    """Read a rebalancing from text or JSON: a column alone means equal shares for its values.

    Raises:
        ConditionArgumentError: Unknown column, or a share that is not a number, quoting it.
        RebalanceError: Shares that cannot be used (unknown values, a total other than 1), naming them.
    """
    stripped = text.strip()
    if stripped.startswith("{"):
        data = _json(stripped, "rebalancing")
        if not isinstance(data, dict) or "column" not in data:
            raise ConditionArgumentError(
                f"The rebalancing '{text}' needs a \"column\", e.g. "
                '{"column": "sex", "shares": {"Male": 0.5, "Female": 0.5}}.'
            )
        column = str(data["column"])
        shares = data.get("shares", "uniform")
        if isinstance(shares, Mapping):
            shares = {typed_value(frame, column, str(value)): share for value, share in shares.items()}
        return _spec(frame, column, shares, text)
    column, equals, rest = stripped.partition("=")
    column = column.strip()
    if not equals or rest.strip().lower() == "uniform":
        return _spec(frame, column, "uniform", text)
    shares: dict[Any, Any] = {}
    for pair in _split_pairs(rest):
        value, colon, share = pair.rpartition(":")
        if not colon or not value:
            raise ConditionArgumentError(
                f"'{pair}' in the rebalancing '{text}' is not VALUE:SHARE. Write e.g. '{REBALANCE_EXAMPLE}'."
            )
        shares[typed_value(frame, column, value)] = share.strip()
    return _spec(frame, column, _as_fractions(shares, text), text)


def typed_value(frame: pd.DataFrame, column: str, text: str) -> Any:
    """The data's own value written as `text` (a number, a boolean, a category), or `text` unchanged.

    An exact match of the value as text comes first, then one ignoring case; a number column also
    accepts any number written out. Values are plain Python scalars, so they survive JSON.
    """
    if column not in frame.columns:
        return text
    known = pd.Series(frame[column].dropna().unique())
    as_text = known.astype(str)
    for candidates in (known[as_text == text], known[as_text.str.lower() == text.lower()]):
        if len(candidates) == 1:
            value = candidates.iloc[0]
            return value.item() if hasattr(value, "item") else value
    if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() and pd.api.types.is_integer_dtype(frame[column]) else number
    return text


def _spec(frame: pd.DataFrame, column: str, shares: Any, text: str) -> RebalanceSpec:
    if column not in frame.columns:
        raise ConditionArgumentError(
            f"The rebalancing '{text}' names '{column}', which is not a column of the data. "
            f"Columns: {', '.join(map(str, frame.columns))}."
        )
    # target_shares checks every value and the total, and lists every problem at once.
    return RebalanceSpec.of(column, target_shares(frame[column].rename(column), shares))


def _as_fractions(shares: dict[Any, Any], text: str) -> dict[Any, float]:
    """Shares as fractions: "50%" is 0.5, and plain numbers adding up to 100 are read as percentages."""
    fractions: dict[Any, float] = {}
    percent = False
    for value, share in shares.items():
        written = str(share)
        is_percent = written.endswith("%")
        try:
            number = float(written.rstrip("%"))
        except ValueError:
            raise ConditionArgumentError(
                f"The share of {value!r} in the rebalancing '{text}' is '{written}', not a number. "
                f"Write e.g. '{REBALANCE_EXAMPLE}' or 'sex=Male:50%,Female:50%'."
            ) from None
        percent = percent or is_percent
        fractions[value] = number / 100 if is_percent else number
    if not percent and math.isclose(sum(fractions.values()), 100.0, abs_tol=1e-6):
        fractions = {value: number / 100 for value, number in fractions.items()}
    return fractions


def _condition_from_json(entry: Any, where: str) -> ConditionSpec:
    if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict) or "rows" not in entry:
        raise ConditionArgumentError(
            f'The condition {where} needs "values" (column to value) and "rows", '
            'e.g. {"values": {"sex": "Female"}, "rows": 500}.'
        )
    return ConditionSpec(values=dict(entry["values"]), rows=_whole_number(entry["rows"], f"the rows of {where}"))


def _whole_number(written: Any, what: str) -> int:
    try:
        number = int(str(written).strip())
    except ValueError:
        raise ConditionArgumentError(f"{what[0].upper()}{what[1:]} is '{written}'; give a whole number.") from None
    return number  # the generator checks that it is 1 or more, with the other conditions


def _split_pairs(text: str) -> list[str]:
    return [part.replace("\\,", ",") for part in _UNESCAPED_COMMA.split(text)]


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ConditionArgumentError(f"The {what} is not valid JSON ({error.msg} at character {error.pos}).") from None


__all__ = [
    "ConditionArgumentError",
    "conditions_from_file_text",
    "parse_condition",
    "parse_rebalance",
    "typed_value",
]
