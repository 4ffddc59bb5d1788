"""The one markdown escape: every payload reads as typed and becomes no link, image, HTML, style or icon.

Two checks. A CommonMark parser with GitHub's extensions and link detection (markdown-it-py with
linkify-it-py, when installed) must find no link, image or HTML in the escaped text, and must read it as
the payload. Streamlit's own later searches of the parsed text (bare URLs, e-mail addresses, shortcodes,
icons, arrows), copied from its front end, must find nothing either.
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from dashboard import widgets
from dashboard.markdown_text import WORD_JOINER, escape, shown_text
from tests.data.hostile import make_payloads

CORPUS = (
    *make_payloads.PAYLOADS,
    *make_payloads.FORMULA_VALUES,
    *make_payloads.MARKDOWN_VALUES,
    "<script>alert(1)</script>",
    "<http://example.invalid/auto>",
    "HTTPS://EXAMPLE.INVALID",
    "WWW.EXAMPLE.ORG",
    "mailto:someone@example.invalid",
    "someone@example.org",
    "[ref]: http://example.invalid/ref",
    "[^note]",
    ":color[x]{foreground=red}",
    ":small[tiny] :shimmer[glow] :material_home:",
    "$$x$$",
    "&#58;smile&#58;",
    "- item",
    "1. first",
    "> quote",
    "    indented",
    "a | b\n--- | ---\n1 | 2",
    "line one\n\n# heading",
    "snake_case_name __init__",
    "trailing backslash \\",
)
# Where an escaped value lands in a message: alone, inside a sentence, in bold, as a list item.
CONTEXTS = ("{}", "Column '{}' is ready.", "**{}**: 3 rows", "- {}\n- next")

# What Streamlit's front end searches for in the text of the parsed markdown (StreamlitMarkdown and remark-gfm).
STREAMLIT_TEXT_SEARCHES = {
    "bare URL": re.compile(r"(https?://|www(?=\.))", re.IGNORECASE),
    "e-mail address": re.compile(r"[-.\w+]+@[-\w]+(\.[-\w]+)+"),
    "emoji or icon shortcode": re.compile(r":[\w+-][\w+-]*:"),
    "icon": re.compile(r":material_\w+:"),
    "arrow": re.compile(r"(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)"),
}


def _parser() -> MarkdownIt:
    """CommonMark with GitHub's extensions and linkify-it, which finds bare URLs as GitHub does (dev extras)."""
    return MarkdownIt("gfm-like")


def _tokens(tokens):
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def _kinds(parser, markdown: str) -> set[str]:
    """The kinds of node the parser makes, less the links linkify-it makes where GitHub's markdown does not.

    linkify-it also links a bare domain with a known ending ("example.org"), and reads a word joiner as a
    letter of an international domain name. GitHub's markdown, and so Streamlit, link only "www.",
    "http://", "https://" and e-mail addresses, with patterns of ASCII letters that a word joiner ends;
    `test_streamlit_finds_nothing_in_the_parsed_text` runs those patterns.
    """
    tokens = list(_tokens(parser.parse(markdown)))
    kinds = set()
    for index, token in enumerate(tokens):
        if token.type == "link_open" and token.markup == "linkify":
            text = tokens[index + 1].content
            if WORD_JOINER in text or (not re.match(r"(?i)(https?://|www\.|mailto:)", text) and "@" not in text):
                continue
        kinds.add(token.type)
    return kinds


def _shown(parser, markdown: str) -> str:
    """The text a reader sees: the parsed inline text, with soft breaks as spaces."""
    parts = []
    for token in _tokens(parser.parse(markdown)):
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


@pytest.mark.parametrize("payload", CORPUS)
def test_the_escaped_payload_reads_as_typed(payload):
    escaped = escape(payload)

    assert shown_text(escaped) == payload.replace("\n", " ")


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("payload", CORPUS)
def test_the_parser_finds_no_link_image_or_html(payload, context):
    parser = _parser()

    kinds = _kinds(parser, context.format(escape(payload)))

    assert not kinds & {"link_open", "image", "html_inline", "html_block", "code_inline", "code_block", "fence"}
    structure = {"heading_open", "blockquote_open", "table_open", "em_open", "strong_open", "s_open"}
    assert not (kinds & structure) - _kinds(parser, context.format("plain"))


@pytest.mark.parametrize("payload", CORPUS)
def test_the_parser_reads_the_payload_as_typed(payload):
    parser = _parser()

    shown = _shown(parser, f"Column '{escape(payload)}' is ready.").replace(WORD_JOINER, "")

    assert shown == f"Column '{payload}' is ready.".replace("\n", " ")


@pytest.mark.parametrize("payload", CORPUS)
def test_streamlit_finds_nothing_in_the_parsed_text(payload):
    text_node = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", escape(payload))  # escapes resolved, joiners kept

    found = {name for name, search in STREAMLIT_TEXT_SEARCHES.items() if search.search(text_node)}

    assert not found, f"{payload!r} still gives a {', '.join(sorted(found))}"


@pytest.mark.parametrize("payload", CORPUS)
def test_the_source_holds_no_icon_or_directive_for_streamlit_to_rewrite(payload):
    escaped = escape(payload)

    assert ":material/" not in escaped  # Streamlit rewrites this in the source, before parsing
    assert not re.search(r"(?<!\\):[A-Za-z]", escaped)  # a text directive (":red[…]", ":small")
    assert not re.search(r":(?!material/|streamlit:)[\w+-][\w_+-]*:", escaped)  # loads the emoji plugin


@pytest.mark.parametrize(
    "payload", ["www.example.org", "http://example.invalid/bare", "mail@example.org", "![i](http://x.invalid/i)"]
)
def test_the_checks_see_a_link_in_unescaped_text(payload):
    parser = _parser()

    kinds = _kinds(parser, payload)

    assert kinds & {"link_open", "image"}


def test_plain_names_stay_readable_in_messages():
    assert escape("german_credit.csv") == "german_credit.csv"
    assert escape("source: UCI Adult documentation") == "source: UCI Adult documentation"
    assert escape("age-in-years 3.5") == "age-in-years 3.5"


def test_widgets_escape_is_the_one_function():
    assert widgets.escape is escape
