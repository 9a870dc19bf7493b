"""Reader for the Connect API connection-property reference (source/destination objects).

The page is large (~2 MB), so the tree is built with ``lxml.html`` directly and walked once.

What the markup says, and how it is read (never by connector name):

* each object starts with a ``div.api-js-heading`` holding an ``h3`` ("The X source connection
  property object", its ``id`` is the object's element) and a snapshot table whose
  "Property type:" / "Connection type:" cells give the type id and the kind;
* the object's content follows as siblings until the next heading (or an ``h2``): ``h4``
  headings switch between form and OAuth properties (by their id suffix / text), a top-level
  ``table.attribute-list`` lists properties (Name, Type, Required, Description; nested
  ``attribute-list`` tables inside a description cell are the property's children), and an
  ``h5`` "Example ..." heading is followed by the example JSON (the copy button's ``data-code``
  attribute, else the highlighted ``pre``).

Descriptions keep inline code as backtick spans (`` `value` ``; a literal backtick in the text
is escaped as ``\\```) and list items as "• item", with whitespace collapsed, so
:func:`docgen.readers.stitch.constraints.derive` can read accepted-value lists from the
description alone (also from a spec read back from YAML).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Literal, cast

from lxml import etree

from docgen.model.checks import check_properties
from docgen.model.problems import Problems
from docgen.model.spec import (
    ConfigObject,
    Property,
    PropertyPage,
    unknown_property_type,
)
from docgen.model.words import plural
from docgen.readers import page_error
from docgen.readers.html import classes as _classes
from docgen.readers.html import collapse as _collapse
from docgen.readers.html import is_element as _is_element
from docgen.readers.html import page_root
from docgen.readers.stitch.constraints import derive

_HEADING_RE = re.compile(
    r"^\s*(?:the\s+)?(?P<name>.+?)\s+(?P<kind>source|destination)\s+connection\s+property\s+object",
    re.IGNORECASE,
)
_WS = re.compile(r"\s+")
BULLET = "•"


# --------------------------------------------------------------------------- text rendering


def render_text(el: etree._Element, *, skip_tables: bool = True) -> str:
    """Displayed text of ``el`` with code spans as `code` and list items as "• item";
    nested attribute tables (children) are left out. Whitespace collapsed."""
    parts: list[str] = []
    _render_into(el, parts, skip_tables, top=True)
    text = _collapse("".join(parts))
    # no space before punctuation that followed a code span / link
    return re.sub(r"\s+([.,;:)])", r"\1", text) if text else text


def _esc(text: str) -> str:
    """Literal backticks in displayed text are escaped so they never read as code spans."""
    return text.replace("`", "\\`")


def _render_into(el: etree._Element, parts: list[str], skip_tables: bool, top: bool) -> None:
    if not top:
        tag = el.tag
        if not isinstance(tag, str):  # comment / processing instruction: only its tail shows
            if el.tail:
                parts.append(_esc(el.tail))
            return
        if skip_tables and tag == "table":
            if el.tail:
                parts.append(_esc(el.tail))
            return
        if tag == "code":
            parts.append(f"`{_collapse(el.text_content())}`")
            if el.tail:
                parts.append(_esc(el.tail))
            return
        if tag == "li":
            parts.append(f" {BULLET} ")
        elif tag in {"p", "div", "ul", "ol", "br", "tr", "h4", "h5", "pre"}:
            parts.append(" ")
    if el.text and isinstance(el.tag, str):
        parts.append(_esc(el.text))
    for child in el:
        _render_into(child, parts, skip_tables, top=False)
    if not top:
        if el.tag in {"p", "li", "div", "ul", "ol"}:
            parts.append(" ")
        if el.tail:
            parts.append(_esc(el.tail))


# --------------------------------------------------------------------------- reading


def read_property_page(data: bytes, page: str) -> PropertyPage:
    """Read the connection property reference into a :class:`PropertyPage`."""
    ctx = Problems(page)
    root = page_root(data, page, elements="html")
    headings = [h for h in root.iter("div") if "api-js-heading" in _classes(h)]
    if not headings:
        raise page_error(
            page,
            "no-property-objects",
            "no connection property object headings (div.api-js-heading) found",
        )
    objects = []
    for heading in headings:
        obj = _read_object(heading, ctx)
        if obj is not None:
            objects.append(obj)
    _check_duplicate_objects(objects, ctx)
    return PropertyPage(page=page, layout="html", objects=objects, problems=ctx.problems)


def _check_duplicate_objects(objects: list[ConfigObject], ctx: Problems) -> None:
    seen: dict[str, str | None] = {}
    for obj in objects:
        if obj.type in seen:
            ctx.warn(
                "duplicate-object",
                f"property type {obj.type!r} is documented twice (first at #{seen[obj.type]})",
                obj.element,
            )
        else:
            seen[obj.type] = obj.element


def _snapshot(heading: etree._Element) -> dict[str, str]:
    """The summary table's label -> value cells ("property type" -> "platform.x")."""
    facts: dict[str, str] = {}
    for table in heading.iter("table"):
        for row in table.iter("tr"):
            cells = [_collapse(td.text_content()) for td in row if td.tag in {"td", "th"}]
            for label, value in zip(cells[::2], cells[1::2], strict=False):
                key = label.rstrip(":").strip().lower()
                if key:
                    facts[key] = value
    return facts


def _read_object(heading: etree._Element, ctx: Problems) -> ConfigObject | None:
    h3 = next(heading.iter("h3"), None)
    title = _collapse(h3.text_content()) if h3 is not None else ""
    element = h3.get("id") if h3 is not None else heading.get("id")
    facts = _snapshot(heading)
    match = _HEADING_RE.match(title)
    kind = _kind(facts.get("connection type"), heading, match)
    type_id = facts.get("property type", "").strip()
    if kind is None:
        ctx.warn("unknown-connection-kind", f"cannot tell source/destination of {title!r}", element)
        return None
    if not type_id:
        ctx.warn("missing-property-type", f"no 'Property type' stated for {title!r}", element)
        return None
    if " " in type_id:
        ctx.warn("odd-property-type", f"property type {type_id!r} contains spaces", element)
    display = match.group("name") if match else title
    if not match:
        ctx.warn("odd-object-heading", f"unexpected object heading {title!r}", element)
    obj = ConfigObject(type=type_id, kind=kind, display_name=display, element=element)
    _read_body(heading, obj, ctx)
    return obj


Kind = Literal["source", "destination"]


def _kind(stated: str | None, heading: etree._Element, match: re.Match[str] | None) -> Kind | None:
    for text in (stated, match.group("kind") if match else None):
        if text and text.strip().lower() in {"source", "destination"}:
            return cast(Kind, text.strip().lower())
    for div in heading.iter("div"):
        cls = _classes(div)
        if "method" in cls:
            for k in ("source", "destination"):
                if k in cls:
                    return k
    return None


def _siblings(heading: etree._Element) -> Iterator[etree._Element]:
    """Elements after an object heading up to the next object heading or section (h2)."""
    for sib in heading.itersiblings():
        if not _is_element(sib):
            continue
        if sib.tag == "h2" or (sib.tag == "div" and "api-js-heading" in _classes(sib)):
            return
        yield sib


def _read_body(heading: etree._Element, obj: ConfigObject, ctx: Problems) -> None:
    section = "form"
    section_el = obj.element
    expect_example: str | None = None
    example_el = section_el
    examples: dict[str, tuple[str, str | None]] = {}
    tables = {"form": 0, "oauth": 0}
    elements: dict[str, str | None] = {}
    for el in _siblings(heading):
        if el.tag == "h4":
            section = _section_of(el)
            section_el = el.get("id") or obj.element
        elif el.tag == "h5" and "example" in _collapse(el.text_content()).lower():
            expect_example = section
            example_el = el.get("id") or section_el
        elif el.tag == "table" and "attribute-list" in _classes(el):
            tables[section] += 1
            elements.setdefault(section, section_el)
            target = obj.oauth if section == "oauth" else obj.properties
            if tables[section] > 1:
                ctx.warn(
                    "extra-property-table",
                    f"more than one {section} property table; rows appended",
                    section_el,
                )
            target.extend(_read_table(el, ctx, section_el, prefix=""))
        elif expect_example is not None and el.tag == "div":
            code = _example_text(el)
            if code is not None:
                examples.setdefault(expect_example, (code, example_el))
                expect_example = None
    ctx.problems.extend(check_properties(obj, ctx.page, elements=elements))
    if not obj.properties and not obj.oauth:
        ctx.warn("no-properties", f"{obj.type}: no property table found", obj.element)
    _set_example(obj, examples.get("form"), ctx)


def _section_of(h4: etree._Element) -> str:
    ident = (h4.get("id") or "").lower()
    text = _collapse(h4.text_content()).lower()
    if ident.endswith("oauth") or "oauth properties" in text:
        return "oauth"
    return "form"


def _example_text(div: etree._Element) -> str | None:
    """The example JSON shown in a code block: the copy button's data-code, else the pre."""
    for el in div.iter():
        if _is_element(el) and el.get("data-code") is not None:
            return str(el.get("data-code", "")).strip()
    pre = next(div.iter("pre"), None)
    if pre is not None:
        return str(pre.text_content()).strip()
    return None


def _set_example(obj: ConfigObject, found: tuple[str, str | None] | None, ctx: Problems) -> None:
    if found is None:
        return
    text, element = found
    try:
        obj.example = json.loads(text)
    except json.JSONDecodeError as exc:
        obj.example_text = text
        ctx.warn(
            "example-invalid-json",
            f"{obj.type}: the example object is not valid JSON ({exc.msg} at line {exc.lineno})",
            element,
        )


# --------------------------------------------------------------------------- property tables


def _columns(header: etree._Element) -> dict[str, int]:
    """Header labels -> cell index (name, type, required, description)."""
    cols: dict[str, int] = {}
    for i, cell in enumerate(c for c in header if c.tag in {"td", "th"}):
        label = _collapse(cell.text_content()).lower()
        for key in ("name", "type", "required", "description"):
            if label.startswith(key) and key not in cols:
                cols[key] = i
    return cols


def _rows(table: etree._Element) -> list[etree._Element]:
    """Direct rows of a table (also through tbody/thead), not those of nested tables."""
    rows: list[etree._Element] = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in {"tbody", "thead", "tfoot"}:
            rows.extend(r for r in child if r.tag == "tr")
    return rows


def _read_table(
    table: etree._Element, ctx: Problems, element: str | None, prefix: str
) -> list[Property]:
    rows = _rows(table)
    if not rows:
        return []
    cols = _columns(rows[0])
    if "name" not in cols or "type" not in cols:
        ctx.warn("odd-property-table", "property table without Name/Type header", element)
        return []
    props: list[Property] = []
    for row in rows[1:]:
        cells = [c for c in row if c.tag in {"td", "th"}]
        prop = _read_row(cells, cols, ctx, element, prefix)
        if prop is not None:
            props.append(prop)
    return props


def _read_row(
    cells: list[etree._Element],
    cols: dict[str, int],
    ctx: Problems,
    element: str | None,
    prefix: str,
) -> Property | None:
    if len(cells) <= max(cols.values()):
        ctx.warn(
            "short-property-row",
            f"row with {plural(len(cells), 'cell')} under {prefix or 'object'}",
            element,
        )
        return None
    name = _collapse(cells[cols["name"]].text_content())
    path = f"{prefix}{name}"
    if not name:
        ctx.warn(
            "unnamed-property", "property row without a name", element, property=prefix or None
        )
        return None
    type_text = _collapse(cells[cols["type"]].text_content()).lower().replace(" / ", "/")
    if unknown_property_type(type_text):
        ctx.warn(
            "unknown-property-type", f"unknown property type {type_text!r}", element, property=path
        )
    required = _is_required(cells[cols["required"]]) if "required" in cols else False
    desc_cell = cells[cols["description"]] if "description" in cols else None
    description = render_text(desc_cell) if desc_cell is not None else ""
    children: list[Property] = []
    if desc_cell is not None:
        for nested in _nested_tables(desc_cell):
            children.extend(_read_table(nested, ctx, element, prefix=f"{path}."))
    if children and type_text not in {"object", "array"}:
        ctx.warn(
            "children-on-scalar",
            f"{type_text} property lists nested properties",
            element,
            property=path,
        )
    prop = Property(
        name=name,
        type=type_text,
        required=required,
        description=description or None,
        children=children,
    )
    prop.constraints = derive(prop)
    return prop


def _nested_tables(cell: etree._Element) -> list[etree._Element]:
    """attribute-list tables inside a description cell, outermost only."""
    found: list[etree._Element] = []
    for table in cell.iter("table"):
        if "attribute-list" not in _classes(table):
            continue
        if any(table in list(f.iter("table")) for f in found):
            continue
        found.append(table)
    return found


def _is_required(cell: etree._Element) -> bool:
    """The required cell shows a check icon (or says "required")."""
    for el in cell.iter():
        if not _is_element(el):
            continue
        cls = _classes(el)
        if "fa-check-circle" in cls or "fa-check" in cls:
            return True
    text = _collapse(cell.text_content()).lower()
    return text in {"required", "yes", "true", "✓"}
