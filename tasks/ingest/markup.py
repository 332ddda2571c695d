"""An HTML fragment (a feed item's body) as plain text: one line per block, no markup."""
from __future__ import annotations

import lxml.html

BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "tr", "table", "section", "article", "figure", "figcaption", "pre", "hr"}
DROPPED = {"script", "style", "noscript", "iframe", "object", "embed"}


def markup_to_text(fragment: str) -> str:
    """Text of the fragment with a line break after each block element; blank lines dropped,
    spaces folded as a browser shows them. Plain text without tags comes back folded the same."""
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    for element in list(root.iter(*DROPPED)):
        element.drop_tree()
    for element in root.iter(*BLOCKS):
        element.tail = _BREAK + (element.tail or "")
    return _fold(root.text_content())


# Marks block ends while the source's own line breaks fold into spaces, as a browser folds them.
_BREAK = "\ue000"


def _fold(text: str) -> str:
    return "\n".join(line for line in (" ".join(part.split()) for part in text.split(_BREAK))
                     if line)
