"""Text that came from a file, made inert before Streamlit renders it as markdown.

Streamlit renders messages, captions, labels, help texts, expander titles and metric labels as markdown,
with GitHub's extensions, maths, and directives of its own. A value from an uploaded table, a manifest or a
bundle (a column name, a category, a run label, a timings key) could otherwise fetch an image from anywhere,
add a link, restyle the page or vanish. `escape` is the one function every such value goes through.

Two kinds of construct need two kinds of cure:

- Constructs the markdown parser recognises (links, images, raw HTML, emphasis, code, strikethrough,
  entities, maths, Streamlit's `:red[…]` directives, and headings, lists and quotes at the start of a
  line) are stopped by a backslash before the punctuation that opens them; markdown shows the character.
- Some constructs are found later, by plugins that search the parsed text, where the backslashes are
  already gone: bare URLs (`www.example.org`, `http://x`), e-mail addresses, emoji shortcodes (`:smile:`),
  icons (`:material/home:`) and arrows (`->`). A word joiner (U+2060, invisible and zero-width) inside each
  such pattern stops the search, so the text still reads as typed.

Punctuation that opens nothing (a dot, an underscore inside a word, a colon before a space) is left as it
is, so messages stay readable in tests and logs.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_BACKSLASHED = (
    # Anywhere: escapes, code, emphasis, strikethrough, tables, maths, links and images, HTML and autolinks.
    r"[\\`*~|$\[\]<]"
    # An underscore that could open or close emphasis: not between two letters or digits.
    r"|(?<![^\W_])_|_(?![^\W_])"
    # An ampersand that could start an entity ("&lt;", "&#60;").
    r"|&(?=[#A-Za-z])"
)
# Where the value starts a line: a heading, a quote, a list item or a heading underline.
_LEADING_MARKER = re.compile(r"^(\s*)(?:([-+=#>])|(\d{1,9})([.)]))")
_JOINED = re.compile(
    # Shortcodes, icons and URL schemes (":smile:", ":material/x:", "http://"); e-mail addresses; "www.".
    r"(?<=:)(?=[\w+\-/])|(?<=@)(?=[\w\-])|(?i:(?<=www)(?=\.))"
    # Streamlit's typographic arrows, which stand between spaces: "->", "<-", "<->", "--", ">=", "<=", "~=".
    r"|(?<=(?<!\S)-)(?=>(?!\S))|(?<=(?<!\S)<)(?=->?(?!\S))|(?<=(?<!\S)<-)(?=>(?!\S))|(?<=(?<!\S)-)(?=-(?!\S))"
    r"|(?<=(?<!\S)[<>~])(?==(?!\S))"
)


def escape(text: object) -> str:
    """`text` as markdown that Streamlit shows exactly as typed, with nothing it could link, load or restyle.

    Line breaks become spaces, so a value cannot start a heading, list or table of its own; a value that
    starts with spaces gets a word joiner first, so it cannot become a code block.

    Args:
        text: A value that came from a file: a column or file name, a category, a label, a note.

    Returns:
        Markdown whose rendering reads as `str(text)` (line breaks as spaces) and holds no link, image,
        HTML, directive, icon, emoji or maths.
    """
    plain = _LINE_BREAKS.sub(" ", str(text))
    joined = _JOINED.sub(WORD_JOINER, plain)  # before the backslashes, whose positions the patterns do not expect
    escaped = re.sub(_BACKSLASHED, lambda match: "\\" + match.group(), joined)
    escaped = _LEADING_MARKER.sub(_backslash_marker, escaped, count=1)
    return WORD_JOINER + escaped if escaped[:1].isspace() else escaped


def _backslash_marker(match: re.Match[str]) -> str:
    spaces, marker, number, after_number = match.groups()
    if marker:
        return f"{spaces}\\{marker}"
    return f"{spaces}{number}\\{after_number}"  # "12. x": the dot after the number is what makes the list


def shown_text(markdown: str) -> str:
    """What `escape`'s markdown reads as: backslash escapes resolved and word joiners dropped.

    For tests and checks: `shown_text(escape(value))` is `value` with its line breaks as spaces.
    """
    unescaped = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
    return unescaped.replace(WORD_JOINER, "")
