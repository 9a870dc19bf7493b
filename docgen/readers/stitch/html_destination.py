"""Reader for destination reference pages and the reserved keywords page.

A destination reference page (``destinations/<x>/reference``) is recognised by what it
contains: the sections ``#stitch-features`` and ``#destination-details``. Each fact is the
first ``table`` after a section heading (before the next heading), as the corpus contract
says (``../shared/corpus/README.md``, "Destination reference pages"):

* ``#stitch-features`` / ``#destination-details``: label -> value rows;
* ``#replication--incompatible-sources``: Integration / Version / Level / Reason;
* ``#transformations--data-typing``: Stitch type / Destination type / Notes;
* ``#transformations--column-naming`` and ``#transformations--table-naming`` (or
  ``--table-schema-naming``): Transformation / Source / Destination, examples in ``code``:
  "A or B" -> "X and Y" pairs A with X and B with Y; a single destination serves every source.

The prose of the sections whose sentences refine those tables (:data:`PROSE_SECTIONS`:
Timezones, System tables and columns, JSON structures, the naming sections) is kept as
displayed, one paragraph or list item each, for the spec to read its statements from.

Cells are the displayed text, whitespace collapsed; example names keep their own spaces
(" customerid " is the example of trimming). The page's link to its reserved keywords
section (``reserved-keywords#<id>``) is kept so the spec can take those keywords.

The reserved keywords page (``replication/loading/reserved-keywords``) is recognised by its
``#reserved-keyword-reference`` section; it has one Keyword / Type / Description table per
``#<x>-reserved-keywords`` section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, TypeAlias

from docgen.model.destinations import (
    PROSE_SECTIONS,
    SECTION_KEYS,
    DataType,
    DestinationPage,
    Incompatibility,
    KeywordPage,
    KeywordSection,
    NamingExample,
    ReservedKeyword,
    Transformation,
)
from docgen.model.problems import Problems
from docgen.readers import page_error
from docgen.readers.html import page_root
from docgen.readers.html import text as _text

Element: TypeAlias = Any

DESTINATION_PAGE_MARKERS = (b'id="stitch-features"', b'id="destination-details"')
KEYWORD_PAGE_MARKER = b'id="reserved-keyword-reference"'
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TITLE = re.compile(r"^(?P<name>.+?)\s+Destination Reference\b", re.IGNORECASE)
_PAIR_SPLIT = re.compile(r"\s+(?:or|and)\s+")


def is_destination_page(data: bytes) -> bool:
    """Either section id: a page cut short after the first is still recognised, and then
    refused for what it lacks."""
    return any(marker in data for marker in DESTINATION_PAGE_MARKERS)


def is_keyword_page(data: bytes) -> bool:
    return KEYWORD_PAGE_MARKER in data


class _Doc:
    """The page's elements in document order, with each section heading's position."""

    def __init__(self, root: Element):
        self.order: list[Element] = [el for el in root.iter() if isinstance(el.tag, str)]
        self.heading_at: dict[str, int] = {}
        for i, el in enumerate(self.order):
            ident = el.get("id")
            if el.tag in _HEADINGS and ident and ident not in self.heading_at:
                self.heading_at[ident] = i

    def table_after(self, ident: str) -> Element | None:
        """The first ``table`` after heading ``ident`` and before the next heading of the
        same or a higher level (a sub-heading inside the section does not end it)."""
        start = self.heading_at.get(ident)
        if start is None:
            return None
        level = int(self.order[start].tag[1])
        for el in self.order[start + 1 :]:
            if el.tag in _HEADINGS and int(el.tag[1]) <= level:
                return None
            if el.tag == "table":
                return el
        return None

    def prose(self, ident: str) -> list[str]:
        """The paragraphs and list items of section ``ident`` (up to the next heading of the
        same or a higher level), each its displayed text; tables left out."""
        start = self.heading_at.get(ident)
        if start is None:
            return []
        level = int(self.order[start].tag[1])
        out: list[str] = []
        for el in self.order[start + 1 :]:
            if el.tag in _HEADINGS and int(el.tag[1]) <= level:
                break
            if el.tag in ("p", "li") and not any(a.tag in ("table", "li") for a in _up(el)):
                text = _text(el)
                if text:
                    out.append(text)
        return out


def _up(el: Element) -> Iterator[Element]:
    parent = el.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def _rows(table: Element) -> list[list[Element]]:
    rows: list[list[Element]] = []
    for child in table:
        trs = [child] if child.tag == "tr" else [r for r in child if r.tag == "tr"]
        if child.tag not in {"tr", "thead", "tbody", "tfoot"}:
            continue
        for tr in trs:
            rows.append(list(tr.iterchildren("td", "th")))
    return rows


def _is_header(cells: list[Element]) -> bool:
    """A header row: every non-empty cell is a ``strong``/``th`` label and nothing else."""
    texts = [_text(c) for c in cells]
    if not any(texts):
        return False
    for cell, text in zip(cells, texts, strict=True):
        if not text:
            continue
        strong = "".join(_text(s) for s in cell.iter("strong", "b"))
        if cell.tag != "th" and strong != text:
            return False
    return True


def _columns(header: list[Element], wanted: dict[str, str]) -> dict[str, int]:
    """Header labels -> positions, for the labels whose lowercase text starts with a key of
    ``wanted`` (label prefix -> field name)."""
    out: dict[str, int] = {}
    for i, cell in enumerate(header):
        label = _text(cell).lower()
        for prefix, name in wanted.items():
            if label.startswith(prefix) and name not in out:
                out[name] = i
    return out


# --------------------------------------------------------------------------- reference pages


def read_destination_page(data: bytes, page: str) -> DestinationPage:
    root = page_root(data, page)
    doc = _Doc(root)
    ctx = Problems(page)
    name = _destination_name(root)
    if not name:
        raise page_error(
            page, "no-destination-name", "destination reference page without a title or h1"
        )
    found: dict[str, Any] = {}
    elements: dict[str, str] = {}
    for ident, key in SECTION_KEYS.items():
        if key in found or ident not in doc.heading_at:
            continue
        table = doc.table_after(ident)
        if table is None:
            continue
        elements[key] = ident
        rows = _rows(table)
        if key in {"features", "details"}:
            found[key] = _label_rows(rows, ctx, ident)
        elif key == "incompatible_sources":
            found[key] = _incompatible(rows, ctx, ident)
        elif key == "data_types":
            found[key] = _data_types(rows, ctx, ident)
        else:
            found[key] = _naming(rows, ctx, ident)
    missing = [k for k in ("features", "details") if k not in found]
    if len(missing) == 2 or not _complete(data):
        what = (
            f"without its {' and '.join(missing)} table (#stitch-features, #destination-details)"
            if missing
            else "that ends before </html>"
        )
        raise page_error(
            page,
            "incomplete-destination-page",
            f"destination reference page {what}; saved half-way?",
        )
    for key in missing:  # a page may lack one of them (the key is then absent)
        ctx.warn("missing-section", f"the page has no {key} table")
    prose = {ident: doc.prose(ident) for ident in PROSE_SECTIONS if ident in doc.heading_at}
    return DestinationPage(
        page=page,
        destination=name,
        reserved_keywords_ref=_keyword_ref(root, page),
        elements=elements,
        prose={k: v for k, v in prose.items() if v},
        problems=ctx.problems,
        **found,
    )


def _complete(data: bytes) -> bool:
    """The page reaches its end: a saved page cut short loses its closing tags."""
    return b"</html>" in data[-4096:].lower()


def _destination_name(root: Element) -> str:
    for el in root.iter("h1", "title"):
        text = _text(el)
        m = _TITLE.match(text)
        if m:
            return m["name"]
    h1 = next(iter(root.iter("h1")), None)
    return _text(h1)


def _keyword_ref(root: Element, page: str) -> str | None:
    for a in root.iter("a"):
        href = a.get("href") or ""
        path, _, frag = href.partition("#")
        if frag and path.rstrip("/").endswith("reserved-keywords"):
            site = path.split("/docs/", 1)[-1].strip("/")
            return f"{site}.html#{frag}"
    return None


def _label_rows(rows: list[list[Element]], ctx: Problems, ident: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for cells in rows:
        if len(cells) < 2:
            if cells and _text(cells[0]):
                ctx.warn("odd-row", f"row with one cell: {_text(cells[0])!r}", ident)
            continue
        label, value = _text(cells[0]), _text(cells[1])
        if not label:
            continue
        if label in out:
            ctx.warn("duplicate-label", f"{label!r} stated twice; the first is kept", ident)
            continue
        out[label] = value
    return out


def _body(
    rows: list[list[Element]], wanted: dict[str, str], ctx: Problems, ident: str
) -> Iterator[dict[str, str | Element]]:
    """Data rows as field -> cell, the header row mapping labels to fields (by position in
    ``wanted`` order when the table has no recognisable header)."""
    if not rows:
        return
    header = rows[0] if _is_header(rows[0]) else None
    cols = _columns(header, wanted) if header is not None else {}
    if len(cols) < len(set(wanted.values())):
        if header is not None:
            ctx.warn(
                "unknown-table-header",
                f"header {[_text(c) for c in header]} is not "
                f"{sorted(set(wanted.values()))}; columns taken by position",
                ident,
            )
        cols = {name: i for i, name in enumerate(dict.fromkeys(wanted.values()))}
    for cells in rows[1:] if header is not None else rows:
        yield {name: cells[i] for name, i in cols.items() if i < len(cells)}


def _incompatible(rows: list[list[Element]], ctx: Problems, ident: str) -> list[Incompatibility]:
    wanted = {"integration": "integration", "version": "version", "level": "level"}
    wanted["reason"] = "reason"
    out = []
    for row in _body(rows, wanted, ctx, ident):
        values = {k: _text(v) for k, v in row.items()}
        if not values.get("integration"):
            continue
        out.append(Incompatibility(**values))
    return out


def _data_types(rows: list[list[Element]], ctx: Problems, ident: str) -> list[DataType]:
    wanted = {"stitch type": "stitch_type", "destination type": "destination_type"}
    wanted["notes"] = "notes"
    out = []
    for row in _body(rows, wanted, ctx, ident):
        values = {k: _text(v) for k, v in row.items()}
        out.append(DataType(**values))
        if not values.get("stitch_type"):
            ctx.warn("empty-type-row", "a data type row with no Stitch type (kept)", ident)
    return out


def _naming(rows: list[list[Element]], ctx: Problems, ident: str) -> list[Transformation]:
    wanted = {"transformation": "transformation", "source": "source"}
    wanted["destination"] = "destination"
    out = []
    for row in _body(rows, wanted, ctx, ident):
        if "transformation" not in row:
            continue
        wording = _text(row["transformation"])
        src, dst = row.get("source"), row.get("destination")
        src_names, dst_names = _names(src), _names(dst)
        examples: list[NamingExample] = []
        if len(dst_names) == 1:
            examples = [NamingExample(source=s, destination=dst_names[0]) for s in src_names]
        elif len(dst_names) == len(src_names):
            examples = [
                NamingExample(source=s, destination=d)
                for s, d in zip(src_names, dst_names, strict=True)
            ]
        else:
            ctx.warn(
                "unpaired-naming-example",
                f"{wording!r}: {len(src_names)} source and {len(dst_names)} destination "
                "names cannot be paired",
                ident,
            )
        out.append(
            Transformation(
                transformation=wording,
                source_text=_text(src),
                destination_text=_text(dst),
                examples=examples,
            )
        )
    return out


def _names(cell: Element | None) -> list[str]:
    """Example names in a cell: each ``code`` (its own spacing kept), else the text split on
    " or " / " and "."""
    if cell is None:
        return []
    codes = ["".join(c.itertext()) for c in cell.iter("code")]
    if codes:
        return codes
    text = _text(cell)
    return [t for t in _PAIR_SPLIT.split(text) if t] if text else []


# --------------------------------------------------------------------------- keyword page

_KEYWORD_SECTION = re.compile(r".+-reserved-keywords$")


def read_keyword_page(data: bytes, page: str) -> KeywordPage:
    root = page_root(data, page)
    doc = _Doc(root)
    ctx = Problems(page)
    sections: list[KeywordSection] = []
    for ident, at in doc.heading_at.items():
        if not _KEYWORD_SECTION.fullmatch(ident):
            continue
        table = doc.table_after(ident)
        rows = _rows(table) if table is not None else []
        if not rows or not _text(rows[0][0]).lower().startswith("keyword"):
            continue  # a section about keywords ("why-cant-i-use-reserved-keywords"), no table
        wanted = {"keyword": "keyword", "type": "type", "description": "description"}
        keywords = []
        for row in _body(rows, wanted, ctx, ident):
            values = {k: _text(v) for k, v in row.items()}
            if not values.get("keyword"):
                continue
            keywords.append(_keyword(values))
        sections.append(
            KeywordSection(element=ident, title=_text(doc.order[at]), keywords=keywords)
        )
    if not sections:
        raise page_error(page, "no-keyword-sections", "no #<x>-reserved-keywords section found")
    return KeywordPage(page=page, sections=sections, problems=ctx.problems)


def _keyword(values: dict[str, str]) -> ReservedKeyword:
    """ "Can't be used as a suffix in column names" -> suffix, columns; "... as a prefix in
    table or column names" -> prefix, tables and columns; otherwise the whole name, both."""
    desc = values.get("description", "")
    low = desc.lower()
    position = "suffix" if "suffix" in low else "prefix" if "prefix" in low else "name"
    applies: list[str] = []
    if "table" in low:
        applies.append("table")
    if "column" in low:
        applies.append("column")
    return ReservedKeyword(
        keyword=values["keyword"],
        type=values.get("type", ""),
        description=desc,
        position=position,  # type: ignore[arg-type]
        applies_to=applies or ["table", "column"],  # type: ignore[arg-type]
    )
