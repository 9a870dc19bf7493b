"""lxml helpers every HTML reader shares: the page tree, its encoding, displayed text.

lxml builds and walks every page tree (ids looked up directly, no bs4 tree): bs4 over lxml
builds a second tree and measured ~20x slower than lxml alone. bs4 earns its place where
lxml is weak: a page that declares no charset is decoded with bs4's ``UnicodeDammit``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lxml import etree

from docgen.model.spec import ReadError
from docgen.readers import page_error

#: what the HTML readers catch when a page cannot be made a tree
PARSE_ERRORS = (etree.ParserError, etree.XMLSyntaxError, ValueError)


def declares_encoding(data: bytes) -> bool:
    """A byte-order mark or a charset in the first 4 KiB (meta tag or XML declaration)."""
    head = data[:4096].lower()
    return data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or (
        b"charset" in head or b"encoding=" in head
    )


def sniff_encoding(data: bytes) -> str:
    """The encoding of a page that declares none. libxml2 alone would assume Latin-1; bs4's
    UnicodeDammit tries UTF-8 first (what the site serves), then Windows-1252 (a Western
    browser's "save as"), then what a detector reads in the bytes. This is where bs4 earns
    its place: one pass over pages without a declaration, none over the others."""
    from bs4.dammit import UnicodeDammit

    guess = UnicodeDammit(
        data, known_definite_encodings=["utf-8"], user_encodings=["windows-1252"], is_html=True
    )
    return guess.original_encoding or "utf-8"


@cache
def _parser(kind: str, encoding: str | None) -> Any:
    from lxml import html

    cls = html.HTMLParser if kind == "html" else etree.HTMLParser
    return cls(encoding=encoding) if encoding else cls()


def html_root(data: bytes, *, elements: str = "etree") -> Any:
    """The lxml tree of a page (``elements="html"``: lxml.html's element classes, which cost
    a Python call per element; plain etree otherwise). Raises ValueError when there is no
    document."""
    encoding = None if declares_encoding(data) else sniff_encoding(data)
    try:
        root = etree.fromstring(data, _parser(elements, encoding))
    except LookupError:  # a guess Python can decode and libxml2 cannot name (mac_latin2)
        text_ = data.decode(encoding or "utf-8", errors="replace")
        root = etree.fromstring(text_.encode("utf-8"), _parser(elements, "utf-8"))
    if root is None:
        raise ValueError("empty document")
    return root


def page_root(data: bytes, page: str, *, elements: str = "etree") -> Any:
    """:func:`html_root`, or the located ``unreadable-page`` error a reader raises."""
    try:
        return html_root(data, elements=elements)
    except PARSE_ERRORS as exc:
        raise _unparseable(page, exc) from None


def _unparseable(page: str, exc: Exception) -> ReadError:
    return page_error(page, "unreadable-page", f"not parseable as HTML ({exc})")


def collapse(text: str | None) -> str:
    """Whitespace collapsed and trimmed (the corpus text rule); "" for None."""
    return " ".join(text.split()) if text else ""


def text(el: Any) -> str:
    """Displayed text of an element, whitespace collapsed ("" for None)."""
    if el is None:
        return ""
    if len(el) == 0:
        return collapse(el.text)
    return collapse("".join(el.itertext()))


def classes(el: Any) -> set[str]:
    """The element's classes."""
    return set((el.get("class") or "").split())


def has_class(el: Any, name: str) -> bool:
    cls = el.get("class")
    return bool(cls) and name in cls.split()


def is_element(node: object) -> bool:
    """An element (not a comment or processing instruction)."""
    return isinstance(node, etree._Element) and isinstance(node.tag, str)
