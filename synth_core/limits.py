"""Server-wide caps on what one file, one run or one session may ask of the machine.

The dashboard is one server that every browser session shares, so a tiny file that expands to millions
of rows, or a manifest asking for ten million rows, must be refused before the work starts, with a
message that names the cap and how to raise it. Each cap is an environment variable read when it is
checked, so a server started with another value applies it at once. (Streamlit's own
`.streamlit/config.toml` refuses unknown keys with a warning at every start, so our caps are not there;
`server.maxUploadSize` there still caps each upload's bytes.)

The defaults suit a 24 GB machine shared by a class of about 30: one session's table and its copies stay
well under 1 GB.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from synth_core.errors import SynthStudioError

__all__ = ["LIMITS", "Limit", "LimitExceededError", "check_limit", "limit_value"]


@dataclass(frozen=True)
class Limit:
    """One cap.

    Attributes:
        name: Its key, used in code.
        env: The environment variable that sets it.
        default: Its value when the variable is not set.
        unit: What is counted ("rows").
        scope: What it is counted over ("per table").
    """

    name: str
    env: str
    default: int
    unit: str
    scope: str


LIMITS: dict[str, Limit] = {
    limit.name: limit
    for limit in (
        Limit("rows", "SYNTH_STUDIO_MAX_ROWS", 2_000_000, "rows", "per table"),
        Limit("columns", "SYNTH_STUDIO_MAX_COLUMNS", 1_000, "columns", "per table"),
        Limit("cells", "SYNTH_STUDIO_MAX_CELLS", 20_000_000, "cells (rows × columns)", "per table"),
        Limit("unpacked_mb", "SYNTH_STUDIO_MAX_UNPACKED_MB", 1_024, "MB unpacked", "per file"),
        Limit("compression_ratio", "SYNTH_STUDIO_MAX_COMPRESSION_RATIO", 200, "times its size unpacked", "per file"),
        Limit("json_depth", "SYNTH_STUDIO_MAX_JSON_DEPTH", 64, "levels of nesting", "in a JSON file"),
        Limit("epochs", "SYNTH_STUDIO_MAX_EPOCHS", 5_000, "epochs", "per run"),
        Limit("synthetic_rows", "SYNTH_STUDIO_MAX_SYNTHETIC_ROWS", 10_000_000, "synthetic rows", "per run"),
        Limit("session_upload_mb", "SYNTH_STUDIO_MAX_SESSION_UPLOAD_MB", 1_024, "MB of uploads", "per session"),
        Limit("server_upload_mb", "SYNTH_STUDIO_MAX_SERVER_UPLOAD_MB", 8_192, "MB of uploads", "on the server"),
        Limit("manifest_mb", "SYNTH_STUDIO_MAX_MANIFEST_MB", 64, "MB", "per run manifest"),
    )
}


class LimitExceededError(SynthStudioError, ValueError):
    """Something asks for more than a server cap allows. The message names the cap and how to raise it.

    Attributes:
        limit: The cap that was exceeded.
        asked: How much was asked for.
        allowed: The cap's value.
    """

    def __init__(self, subject: str, limit_name: str, asked: float, allowed: int | None = None) -> None:
        self.subject = subject
        self.limit = LIMITS[limit_name]
        self.asked = asked
        self.allowed = limit_value(limit_name) if allowed is None else allowed
        super().__init__(
            f"{subject} {_number(asked)} {self.limit.unit}; this server takes at most {_number(self.allowed)} "
            f"{self.limit.unit} {self.limit.scope}. Use a smaller table or setting, or ask whoever runs the "
            f"server to raise {self.limit.env}."
        )

    def __reduce__(self) -> tuple[type, tuple[str, str, float, int]]:
        """Rebuild from the parts, so the error survives a trip from a job's worker intact."""
        return type(self), (self.subject, self.limit.name, self.asked, self.allowed)


def limit_value(name: str) -> int:
    """The cap's current value: its environment variable when that holds a positive whole number, else the default."""
    limit = LIMITS[name]
    configured = os.environ.get(limit.env, "").strip().replace("_", "")
    return int(configured) if configured.isdigit() and int(configured) > 0 else limit.default


def check_limit(subject: str, name: str, asked: float) -> None:
    """Refuse `asked` when it is above the cap.

    Args:
        subject: Who asks, with the verb, to start the message ("'orders.parquet' declares",
            "The manifest 'run.json' asks for").
        name: The cap's key in `LIMITS`.
        asked: How much is asked for.

    Raises:
        LimitExceededError: `asked` is above the cap.
    """
    allowed = limit_value(name)
    if asked > allowed:
        raise LimitExceededError(subject, name, asked, allowed)


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"
