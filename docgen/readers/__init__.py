"""Readers: pages (HTML or plain text) -> page models of :mod:`docgen.model.spec`.

``read_page`` is the single entry point. It decides what a page is from what it contains
(never from its name), and turns a page it cannot read into a located error value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from docgen.model.spec import Location, Page, Problem, ReadError, TablePage

if TYPE_CHECKING:
    from docgen.model.destinations import DestinationPage, KeywordPage

#: what a reader returns: a page model of docgen.model.spec or of docgen.model.destinations
AnyPage: TypeAlias = "Page | DestinationPage | KeywordPage"

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
    try:
        root = etree.fromstring(data, _parser(elements, encoding))
    except LookupError:  # a guess Python can decode and libxml2 cannot name (mac_latin2)
        text = data.decode(encoding or "utf-8", errors="replace")
        root = etree.fromstring(text.encode("utf-8"), _parser(elements, "utf-8"))
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


@dataclass(frozen=True)
class PageKind:
    """One kind of page docgen reads. ``read_page`` tries the kinds in order and reads the
    page with the first whose ``matches`` says yes; a further kind is one more entry."""

    name: str
    looks_for: str  # what identifies it, for the error when no kind matches
    html: bool  # tried on HTML pages (True) or on text copies (False)
    matches: Callable[[bytes], bool]  # cheap test on the page's bytes
    read: Callable[[bytes, str], AnyPage]


def _is_destination_html(data: bytes) -> bool:
    from docgen.readers.html_destination import is_destination_page

    return is_destination_page(data)


def _read_destination_html(data: bytes, page: str) -> AnyPage:
    from docgen.readers.html_destination import read_destination_page

    return read_destination_page(data, page)


def _is_keyword_html(data: bytes) -> bool:
    from docgen.readers.html_destination import is_keyword_page

    return is_keyword_page(data)


def _read_keyword_html(data: bytes, page: str) -> AnyPage:
    from docgen.readers.html_destination import read_keyword_page

    return read_keyword_page(data, page)


def _read_property_html(data: bytes, page: str) -> Page:
    from docgen.readers.html_properties import read_property_page

    return read_property_page(data, page)


def _read_table_html(data: bytes, page: str) -> Page:
    from docgen.readers.html_tables import read_table_page

    return read_table_page(data, page)


def _read_text(data: bytes, page: str) -> Page:
    from docgen.readers.text import read_text_page

    return read_text_page(data.decode("utf-8-sig"), page)


def _is_property_text(data: bytes) -> bool:
    from docgen.readers.text import is_property_text

    return is_property_text(data.decode("utf-8-sig"))


def _is_table_text(data: bytes) -> bool:
    from docgen.readers.text import is_table_text

    return is_table_text(data.decode("utf-8-sig"))


TABLE_REFERENCE_MARKERS = (b'id="table-reference"', b'id="accordion"')

PAGE_KINDS: list[PageKind] = [
    PageKind(
        "destination reference",
        "section ids stitch-features / destination-details",
        True,
        _is_destination_html,
        _read_destination_html,
    ),
    PageKind(
        "reserved keywords reference",
        "a section id reserved-keyword-reference",
        True,
        _is_keyword_html,
        _read_keyword_html,
    ),
    PageKind(
        "connection property reference",
        "div.api-js-heading object headings (id ...-form-properties-...)",
        True,
        lambda data: any(marker in data for marker in PROPERTY_PAGE_MARKERS),
        _read_property_html,
    ),
    PageKind(
        "integration table reference",
        "div#table-reference (current layout) or div.panel-group#accordion (legacy layout)",
        True,
        lambda data: any(marker in data for marker in TABLE_REFERENCE_MARKERS),
        _read_table_html,
    ),
    PageKind(
        "text copy of the connection property reference",
        "a line 'The X source connection property object'",
        False,
        _is_property_text,
        _read_text,
    ),
    PageKind(
        "text copy of an integration page",
        "a line 'X feature snapshot' or 'X table reference'",
        False,
        _is_table_text,
        _read_text,
    ),
]


def looks_cut_short(data: bytes) -> bool:
    """An HTML page whose end of document (``</html>``) is missing: saved or sent half-way."""
    return b"</html" not in data[-4096:].lower()


def read_page(data: bytes, page: str) -> AnyPage:
    """Read one page with the reader of its kind (:data:`PAGE_KINDS`). Raises
    :class:`ReadError` (with a located problem) when the page is empty, binary, cut short
    or of no kind docgen reads; callers collect that and go on with the other pages."""
    expected = (
        "a Stitch table reference, connection property reference or destination reference "
        "page, or a text copy"
    )
    if not data.strip():
        raise page_error(page, "empty-page", f"the page is empty; expected {expected}")
    html = is_html(data)
    if html:
        if looks_cut_short(data):
            raise page_error(
                page,
                "page-cut-short",
                "the page is cut short: it has no end of document (</html>); "
                "save or download the whole page again",
            )
    else:
        if b"\0" in data[:8192]:
            raise page_error(page, "not-documentation", f"a binary file; expected {expected}")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"not HTML and not UTF-8 text ({exc.reason} at byte {exc.start})"
            raise page_error(page, "unreadable-page", reason) from None
    for kind in PAGE_KINDS:
        if kind.html == html and kind.matches(data):
            return kind.read(data, page)
    looked = "; ".join(f"{k.name}: {k.looks_for}" for k in PAGE_KINDS if k.html == html)
    what = "an HTML page" if html else "a text file"
    raise page_error(
        page,
        "not-documentation",
        f"{what} that is not Stitch documentation docgen reads (looked for {looked})",
    )


def read_path(path: Path) -> AnyPage:
    return read_page(path.read_bytes(), page_path(path.name))


__all__ = [
    "PAGE_KINDS",
    "PROPERTY_TYPES",
    "PageKind",
    "TablePage",
    "page_error",
    "page_path",
    "read_page",
    "read_path",
    "unknown_property_type",
]
