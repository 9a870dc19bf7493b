"""The Stitch documentation family: everything docgen knows about Stitch's pages.

Its readers (registered in pyproject's ``docgen.readers`` entry points, as another
family's package would register its own): the integration table reference and the
connection property reference (HTML, and their plain-text copies), the destination
reference and the reserved keywords page. What is Stitch's alone lives here too: the page
layouts (:data:`TableLayout`, :data:`PropertyLayout`), how a Stitch type id becomes a
package name (:func:`connector_name`) and how pages join into connectors
(:mod:`docgen.readers.stitch.assemble`).

The reader modules are imported when a page of theirs is read, so loading the registry
(``docgen --help`` included) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from docgen.model.spec import identifier
from docgen.readers import PageReader

if TYPE_CHECKING:
    from docgen.readers import PageModel

#: how a table reference was written: the current Singer-style page, the legacy accordion
#: page, or a plain-text copy
TableLayout = Literal["singer", "legacy", "text"]
#: how the connection property reference was read: its HTML page or a plain-text copy
PropertyLayout = Literal["html", "text"]

PROPERTY_PAGE_MARKERS = (b'id="all-form-properties"', b"-form-properties-")
TABLE_REFERENCE_MARKERS = (b'id="table-reference"', b'id="accordion"')


def connector_name(
    type_id: str | None, display_name: str, version: str | None = None, latest: bool | None = True
) -> str:
    """Package name from the Stitch type id (platform.autopilot -> autopilot), else the
    display name; versions that are not the latest get a ``_v<version>`` suffix."""
    base = type_id.split(".", 1)[-1] if type_id else display_name
    name = identifier(base, fallback="connector")
    if version is not None and latest is False:
        name = f"{name}_v{identifier(version, fallback='x').lstrip('_')}"
    return name


def _is_destination_html(data: bytes) -> bool:
    from docgen.readers.stitch.html_destination import is_destination_page

    return is_destination_page(data)


def _read_destination_html(data: bytes, page: str) -> PageModel:
    from docgen.readers.stitch.html_destination import read_destination_page

    return read_destination_page(data, page)


def _is_keyword_html(data: bytes) -> bool:
    from docgen.readers.stitch.html_destination import is_keyword_page

    return is_keyword_page(data)


def _read_keyword_html(data: bytes, page: str) -> PageModel:
    from docgen.readers.stitch.html_destination import read_keyword_page

    return read_keyword_page(data, page)


def _read_property_html(data: bytes, page: str) -> PageModel:
    from docgen.readers.stitch.html_properties import read_property_page

    return read_property_page(data, page)


def _read_table_html(data: bytes, page: str) -> PageModel:
    from docgen.readers.stitch.html_tables import read_table_page

    return read_table_page(data, page)


def _read_text(data: bytes, page: str) -> PageModel:
    from docgen.readers.stitch.text import read_text_page

    return read_text_page(data.decode("utf-8-sig"), page)


def _is_property_text(data: bytes) -> bool:
    from docgen.readers.stitch.text import is_property_text

    return is_property_text(data.decode("utf-8-sig"))


def _is_table_text(data: bytes) -> bool:
    from docgen.readers.stitch.text import is_table_text

    return is_table_text(data.decode("utf-8-sig"))


DESTINATION_REFERENCE = PageReader(
    "destination reference",
    "section ids stitch-features / destination-details",
    True,
    _is_destination_html,
    _read_destination_html,
)
RESERVED_KEYWORDS = PageReader(
    "reserved keywords reference",
    "a section id reserved-keyword-reference",
    True,
    _is_keyword_html,
    _read_keyword_html,
)
PROPERTY_REFERENCE = PageReader(
    "connection property reference",
    "div.api-js-heading object headings (id ...-form-properties-...)",
    True,
    lambda data: any(marker in data for marker in PROPERTY_PAGE_MARKERS),
    _read_property_html,
)
TABLE_REFERENCE = PageReader(
    "integration table reference",
    "div#table-reference (current layout) or div.panel-group#accordion (legacy layout)",
    True,
    lambda data: any(marker in data for marker in TABLE_REFERENCE_MARKERS),
    _read_table_html,
)
PROPERTY_TEXT = PageReader(
    "text copy of the connection property reference",
    "a line 'The X source connection property object'",
    False,
    _is_property_text,
    _read_text,
)
TABLE_TEXT = PageReader(
    "text copy of an integration page",
    "a line 'X feature snapshot' or 'X table reference'",
    False,
    _is_table_text,
    _read_text,
)

__all__ = [
    "DESTINATION_REFERENCE",
    "PROPERTY_REFERENCE",
    "PROPERTY_TEXT",
    "RESERVED_KEYWORDS",
    "TABLE_REFERENCE",
    "TABLE_TEXT",
    "PropertyLayout",
    "TableLayout",
    "connector_name",
]
