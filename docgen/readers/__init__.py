"""Readers: pages (HTML or plain text) -> page models of :mod:`docgen.spec`.

``read_page`` is the single entry point. It decides what a page is from what it contains
(never from its name), and turns a page it cannot read into a located error value.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.spec import Location, Page, Problem, ReadError, TablePage

if TYPE_CHECKING:
    from docgen.destinations import DestinationPage, KeywordPage

PROPERTY_PAGE_MARKERS = (b'id="all-form-properties"', b"-form-properties-")
#: Property types the Connect API reference uses ("string/integer" combines two of them).
PROPERTY_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object"})


def unknown_property_type(type_text: str) -> bool:
    """Whether a property type as written (lowercase, "a/b" for several) is not one docgen
    knows; an empty type is unknown."""
    return not type_text or any(t not in PROPERTY_TYPES for t in type_text.split("/"))


def page_path(name: str) -> str:
    """Site path of a saved page: ``integrations__saas__autopilot.html`` ->
    ``integrations/saas/autopilot.html`` (the corpus naming: "/" -> "__")."""
    stem = Path(name).name
    for suffix in (".html", ".htm", ".txt"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return stem.replace("__", "/") + ".html"


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
    from lxml import etree, html

    cls = html.HTMLParser if kind == "html" else etree.HTMLParser
    return cls(encoding=encoding) if encoding else cls()


def html_root(data: bytes, *, elements: str = "etree") -> Any:
    """The lxml tree of a page (``elements="html"``: lxml.html's element classes, which cost
    a Python call per element; plain etree otherwise). Raises ValueError when there is no
    document."""
    from lxml import etree

    encoding = None if declares_encoding(data) else sniff_encoding(data)
    root = etree.fromstring(data, _parser(elements, encoding))
    if root is None:
        raise ValueError("empty document")
    return root


def is_html(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:65536].lower()


def page_error(page: str, code: str, message: str) -> ReadError:
    """The error for a page that cannot be read at all, located on the page."""
    problem = Problem(severity="error", code=code, message=message, location=Location(page=page))
    return ReadError(problem)


def read_page(data: bytes, page: str) -> Page | DestinationPage | KeywordPage:
    """Read one page. Raises :class:`ReadError` (with a located problem) when the page is
    not one docgen understands; callers collect that and go on with the other pages."""
    if is_html(data):
        # issue 16: destination reference pages and the reserved keywords page
        from docgen.readers import html_destination as dest

        if dest.is_destination_page(data):
            return dest.read_destination_page(data, page)
        if dest.is_keyword_page(data):
            return dest.read_keyword_page(data, page)
        # end issue 16
        if any(marker in data for marker in PROPERTY_PAGE_MARKERS):
            from docgen.readers.html_properties import read_property_page

            return read_property_page(data, page)
        from docgen.readers.html_tables import read_table_page

        return read_table_page(data, page)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not HTML and not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise page_error(page, "unreadable-page", reason) from None
    from docgen.readers.text import read_text_page

    return read_text_page(text, page)


def read_path(path: Path) -> Page | DestinationPage | KeywordPage:
    return read_page(path.read_bytes(), page_path(path.name))


__all__ = [
    "PROPERTY_TYPES",
    "TablePage",
    "page_error",
    "page_path",
    "read_page",
    "read_path",
    "unknown_property_type",
]
