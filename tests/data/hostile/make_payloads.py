"""Build the payload table: column names and values that try to become formulas, links, images or markup.

Run it from anywhere with `python tests/data/hostile/make_payloads.py`; it rewrites `payload_columns.csv`
and `payload_bundle.zip` next to itself. The numbers come from a seeded generator and the bundle from
`make_bundles.py`'s fixed run, so the files come out the same every time.

Every column is named with a payload, and the text columns hold payloads as values:
- spreadsheet formulas, including ones that only start a field where `;` or `,` separates fields;
- markdown links and images, bare URLs and e-mail addresses that a renderer would turn into links;
- raw HTML, Streamlit's colour, background and badge directives, icons, emoji shortcodes and LaTeX.

`payload_bundle.zip` is the intact bundle of `make_bundles.py` (made from `bundle_table.csv`) with a
hand-edited run.json, checksums recomputed: its timings keys and notes carry payloads, as the bundle that
made a browser fetch an outside image on the Generate page did.

Every URL points at `example.invalid` (or the reserved `example.org`), so nothing could be fetched even if a
test failed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
TABLE = "payload_columns.csv"
BUNDLE = "payload_bundle.zip"
BUNDLE_TIMINGS = {"![t](http://example.invalid/t.png)": 0.1, ":red[fit] :material/home:": 0.2, "www.example.org": 0.3}
BUNDLE_NOTE = "Note from www.example.org :smile: <img src=http://example.invalid/n.png> $x$"
SEED = 16
ROWS = 60

# Text a spreadsheet would run: "=", "+", "-", "@", and a formula after a field separator.
FORMULA_PAYLOADS = (
    "=cmd|' /C calc'!A0",
    "+1",
    "@SUM(1)",
    'x;=HYPERLINK("http://example.invalid")',
    "a,=1+1",
    "-2+3",
    "x\t=1+1",
)
# Text a markdown renderer would turn into a link, an image, markup, a style, an icon or maths.
MARKDOWN_PAYLOADS = (
    "[link](http://example.invalid/l)",
    "![img](http://example.invalid/i.png)",
    "www.example.org",
    "http://example.invalid/bare",
    "mail@example.invalid",
    '<img src="http://example.invalid/h.png">',
    ":red[coloured] :blue-background[bg] :green-badge[badge]",
    ":material/home: :smile: :streamlit:",
    "$x^2$",
    "a -> b <- c -- d",
    "**bold** _em_ ~~gone~~ `code`",
    "# heading",
    "&lt;b&gt;",
)
PAYLOADS = FORMULA_PAYLOADS + MARKDOWN_PAYLOADS
# Values of the text columns: each payload often enough that no rare-value protection replaces it.
FORMULA_VALUES = ("=1+1", "+SUM(A1)", "@cmd", 'x;=HYPERLINK("http://example.invalid")', "a,=1+1", "plain")
MARKDOWN_VALUES = ("![v](http://example.invalid/v.png)", ":red[v]", "www.example.org", "<b>v</b>", "plain")
FORMULA_VALUE_COLUMN = 'x;=HYPERLINK("http://example.invalid")'
MARKDOWN_VALUE_COLUMN = ":red[coloured] :blue-background[bg] :green-badge[badge]"
TEXT_COLUMNS = {FORMULA_VALUE_COLUMN: FORMULA_VALUES, MARKDOWN_VALUE_COLUMN: MARKDOWN_VALUES}


def payload_frame() -> pd.DataFrame:
    """The payload table: one column per payload, numbers in most, payload categories in two."""
    rng = np.random.default_rng(SEED)
    columns: dict[str, object] = {}
    for index, name in enumerate(PAYLOADS):
        if name in TEXT_COLUMNS:
            values = TEXT_COLUMNS[name]
            columns[name] = [values[row % len(values)] for row in range(ROWS)]
        elif index % 2:
            columns[name] = rng.integers(0, 100, ROWS)
        else:
            columns[name] = rng.normal(50, 10, ROWS).round(2)
    return pd.DataFrame(columns)


def payload_csv() -> bytes:
    """The payload table as the CSV a user would upload (fields with "," or quotes are quoted)."""
    return payload_frame().to_csv(index=False, lineterminator="\n").encode("utf-8")


def payload_bundle() -> bytes:
    """The intact bundle of `make_bundles.py`, its run.json carrying payloads in timings keys and notes."""
    if __package__:
        from tests.data.hostile import make_bundles
    else:  # run as a script: this folder is on the path
        import make_bundles

    def plant(manifest: dict) -> None:
        manifest["timings_seconds"] = {**manifest["timings_seconds"], **BUNDLE_TIMINGS}
        manifest["notes"] = [*manifest["notes"], BUNDLE_NOTE]

    files = {**make_bundles._intact_files(), "run.json": make_bundles._edited_run(plant)}
    return make_bundles._zip(make_bundles._with_sums(files))


def main() -> None:
    """Write `payload_columns.csv` and `payload_bundle.zip` next to this script."""
    (HERE / TABLE).write_bytes(payload_csv())
    (HERE / BUNDLE).write_bytes(payload_bundle())


if __name__ == "__main__":
    main()
