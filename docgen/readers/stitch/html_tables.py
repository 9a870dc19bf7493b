"""Reader for integration pages: the table reference, in both layouts the site uses.

* ``singer`` (current): ``div#table-reference`` holding, per table, a ``div.table-heading``
  (``h3`` name, description paragraphs, an ``attribute-list`` of Replication Method /
  Primary Key(s) / Replication Key(s) / Loading Behavior rows, a "<table> table foreign keys"
  panel of ``<pre>a.x = b.y</pre>`` joins) followed by a "<table> table schema" panel: nested
  ``attribute-list`` tables, one row per column (name in ``strong``, key icons beside it, one
  uppercase type label per paragraph, nested properties in ``div.panel-group`` sub-panels).
* ``legacy`` (older accordion): ``div.panel-group#accordion`` with one panel per table:
  ``h4.panel-title`` name, a paragraph with "Replication Method:" / "Primary Key:", and a
  flat ``<ul>`` of column names without types.

Whole pages are read with lxml only (no bs4 tree): pages are large and speed matters.
Every anomaly becomes a located warning in ``TablePage.problems``: what only the markup
shows is reported here, the consistency of the tables read by
:func:`docgen.model.checks.check_tables`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal, TypeAlias

from pydantic import TypeAdapter

from docgen.model.checks import check_tables
from docgen.model.problems import Problems
from docgen.model.spec import (
    TYPE_LABELS,
    Column,
    ForeignKey,
    Link,
    Table,
    TablePage,
    normalise_method,
)
from docgen.model.words import plural
from docgen.readers import page_error
from docgen.readers.html import collapse, has_class, page_root
from docgen.readers.html import is_element as _is_element
from docgen.readers.html import text as _text
from docgen.readers.stitch.features import normalise as normalise_features
from docgen.readers.stitch.links import make_link

_VERSION = re.compile(
    r"displayed below is for\s+version\s+(\S+?)\s+of this integration", re.IGNORECASE
)
_LATEST = re.compile(r"This is the latest version of the (.+?) integration\.", re.IGNORECASE)
_MENU_VERSION = re.compile(r"version\s+(\S+)(?:\s+\(([^()]*)\))?", re.IGNORECASE)
_TITLE_VERSION = re.compile(r"\s*\(v[^()]*\)\s*$")
_FK = re.compile(r"^\s*(\S+)\s*=\s*(\S+)\s*$")

Element: TypeAlias = Any  # an lxml element (lxml ships no type stubs)
_COLUMNS = TypeAdapter(list[Column])
_FOREIGN_KEYS = TypeAdapter(list[ForeignKey])


def _raw(el: Element) -> str:
    """The element's text content (comments and processing instructions excluded)."""
    return "".join(el.itertext())


# --------------------------------------------------------------------------- problems


# --------------------------------------------------------------------------- entry point


def read_table_page(data: bytes, page: str) -> TablePage:
    """Read an integration page. Raises :class:`ReadError` when the page has no table
    reference markup at all (an *empty* table reference is valid: ``tables == []``)."""
    # docgen.pipeline.parse_pages pauses the garbage collector meanwhile (readers.gc_paused)
    # plain etree elements: lxml.html's element-class lookup costs a Python call per element
    root = page_root(data, page)
    ctx = Problems(page)
    reference = _by_id(root, "table-reference")
    if reference is not None and reference.tag != "div":
        reference = _first(root.xpath('//div[@id="table-reference"]'))
    accordion = _by_id(root, "accordion")
    if accordion is not None and not has_class(accordion, "panel-group"):
        accordion = _first(root.xpath('//div[@id="accordion"][contains(@class,"panel-group")]'))
    layout: Literal["singer", "legacy"]
    if reference is not None:
        layout = "singer"
        tables = _read_singer(reference, ctx)
    elif accordion is not None:
        layout = "legacy"
        tables = _read_legacy(accordion, ctx)
    else:
        raise page_error(
            page,
            "no-table-reference",
            "no table reference found: expected div#table-reference (current layout) or "
            "div.panel-group#accordion (legacy layout)",
        )
    cut = _cut_table(reference if reference is not None else accordion, layout)
    if cut is not None:
        raise page_error(
            page,
            "page-cut-short",
            f"the page is cut short: the table reference ends inside table {cut!r} "
            "(its columns are missing); save or download the whole page again",
        )
    integration, version, latest = _page_identity(root)
    features, snapshot_id = _feature_snapshot(root, ctx)
    snapshot = None
    if features is not None:
        snapshot, found = normalise_features(features, page, snapshot_id)
        ctx.problems.extend(found)
    if not tables:
        ctx.warn(
            "empty-table-reference",
            "the table reference lists no tables",
            element=reference.get("id") if reference is not None else "accordion",
        )
    ctx.problems.extend(check_tables(tables, page, layout=layout))
    return TablePage(
        page=page,
        integration=integration,
        version=version,
        latest=latest,
        layout=layout,
        description=_page_description(root),
        features=features,
        snapshot=snapshot,
        tables=tables,
        problems=ctx.problems,
    )


def _cut_table(container: Element, layout: str) -> str | None:
    """The name of the last table when the table reference ends inside it: in the current
    layout a table heading with no attribute table after it, in the legacy layout a panel
    with no body. Earlier tables are whole on every page the site renders."""
    last: Element | None = None
    whole = False
    if layout == "singer":
        for child in container:
            if not _is_element(child):
                continue
            if has_class(child, "table-heading"):
                last, whole = child, False
            elif has_class(child, "panel-group") and last is not None:
                whole = whole or _first(list(_direct_tables(child))) is not None
        name = _child(last, "h3") if last is not None else None
    else:
        for panel in container:
            if _is_element(panel) and has_class(panel, "panel"):
                last = panel
        whole = last is None or _descendant(last, "div", "panel-body") is not None
        name = _descendant(last, "h4", "panel-title") if last is not None else None
    if last is None or whole:
        return None
    return _text(name) if name is not None else "?"


def _first(items: list[Element]) -> Element | None:
    return items[0] if items else None


def _child(el: Element, tag: str, cls: str | None = None) -> Element | None:
    """First direct child with that tag (and class). Iteration, not XPath: an XPath call
    per element costs far more than walking a few children."""
    for child in el.iterchildren(tag):
        if cls is None or has_class(child, cls):
            return child
    return None


def _descendant(el: Element, tag: str, cls: str | None = None) -> Element | None:
    """First descendant with that tag (and class), in document order."""
    for child in el.iterdescendants(tag):
        if cls is None or has_class(child, cls):
            return child
    return None


# --------------------------------------------------------------------------- page identity


def _page_identity(root: Element) -> tuple[str, str | None, bool | None]:
    """Display name, version and latest flag, from what the page says: the versioning
    note ("... is for version N of this integration", "This is the latest version of the X
    integration.") or else the version menu's active entry ("version 1 (Deprecated)")."""
    version: str | None = None
    latest: bool | None = None
    latest_name: str | None = None
    for text in _schema_notes(root):
        m = _VERSION.search(text)
        if m and version is None:
            version = m.group(1)
        m = _LATEST.search(text)
        if m and latest is None:
            latest, latest_name = True, m.group(1)
    if latest is None or version is None:
        active = _version_menu_active(root)
        m = _MENU_VERSION.match(_text(active)) if active is not None else None
        if m:
            version = version or m.group(1)
            if latest is None and m.group(2):
                latest = m.group(2).lower() == "latest"
    h1 = next(root.iter("h1"), None)
    name = _TITLE_VERSION.sub("", _text(h1)) if h1 is not None else ""
    if not name and latest_name:
        name = latest_name
    if not name:
        h2 = _by_id(root, "schema")
        if h2 is not None:
            name = re.sub(r"\s+(table reference|schema)$", "", _text(h2), flags=re.IGNORECASE)
    if not name:
        title = next(root.iter("title"), None)
        name = _TITLE_VERSION.sub("", _text(title).split("|")[0]) if title is not None else ""
    return name, version, latest


def _feature_snapshot(root: Element, ctx: Problems) -> tuple[dict[str, str] | None, str | None]:
    """The "<Integration> feature snapshot" table (label -> value as displayed, page order)
    and the id of its heading: the first ``attribute-list`` table after an ``h2`` whose text
    ends with "feature snapshot", before the next heading. Section rows (a single
    ``table-subheading`` cell: STITCH, REPLICATION SETTINGS, ...) are not facts; every other
    row holds label/value cell pairs (two per row, or one spanning the row)."""
    for h2 in root.iter("h2"):
        if not _text(h2).lower().endswith("feature snapshot"):
            continue
        table = _next_table(h2)
        if table is None:
            ctx.warn(
                "no-feature-table", "feature snapshot heading without a table", element=h2.get("id")
            )
            return None, h2.get("id")
        features: dict[str, str] = {}
        for row in _rows(table):
            cells = [c for c in _cells(row) if not has_class(c, "table-subheading")]
            for label_cell, value_cell in zip(cells[::2], cells[1::2], strict=False):
                strong = _descendant(label_cell, "strong")
                label = _text(strong if strong is not None else label_cell)
                if not label:
                    continue
                if label in features:
                    ctx.warn(
                        "duplicate-feature",
                        f"feature {label!r} is listed twice",
                        element=h2.get("id"),
                    )
                    continue
                features[label] = _text(value_cell)
            if len(cells) % 2:
                ctx.warn(
                    "unlabelled-row",
                    "feature snapshot row with an odd cell count",
                    element=h2.get("id"),
                )
        return features, h2.get("id")
    return None, None


def _next_table(heading: Element) -> Element | None:
    """The first table after a heading (a sibling, or inside a sibling), before the next
    heading of the same rank or higher."""
    sib = heading.getnext()
    while sib is not None:
        if _is_element(sib):
            if sib.tag in ("h1", "h2"):
                return None
            if sib.tag == "table":
                return sib
            inner = _descendant(sib, "table")
            if inner is not None:
                return inner
        sib = sib.getnext()
    return None


def _by_id(root: Element, ident: str) -> Element | None:
    """The element with that id, through the document's id table (no tree scan)."""
    return _first(root.xpath("id($ident)", ident=ident))


def _schema_notes(root: Element) -> Iterator[str]:
    """Text of the notes between the schema heading (h2#schema) and the table reference,
    where the page states its version; the whole document's paragraphs when there is no
    such heading."""
    heading = _by_id(root, "schema")
    if heading is None:
        for p in root.iter("p"):
            yield _text(p)
        return
    sib = heading.getnext()
    while sib is not None:
        if _is_element(sib):
            if sib.tag in ("h1", "h2") or sib.get("id") in ("table-reference", "accordion"):
                return
            if sib.tag in ("p", "div") and not has_class(sib, "panel-group"):
                yield _text(sib)
        sib = sib.getnext()


def _version_menu_active(root: Element) -> Element | None:
    for div in root.iter("div"):
        if has_class(div, "version-menu"):
            for li in div.iter("li"):
                if has_class(li, "active"):
                    return li
            return None
    return None


def _page_description(root: Element) -> str | None:
    meta = _first(root.xpath('/html/head/meta[@name="description"]/@content'))
    return collapse(meta) or None if meta else None


# --------------------------------------------------------------------------- singer layout


def _read_singer(reference: Element, ctx: Problems) -> list[Table]:
    tables: list[Table] = []
    current: Table | None = None
    for child in reference:
        if not _is_element(child):
            continue
        if has_class(child, "table-heading"):
            current = _singer_heading(child, ctx)
            if current is not None:
                tables.append(current)
        elif has_class(child, "panel-group") and current is not None:
            table_el = _first(list(_direct_tables(child)))
            if table_el is not None and not current.columns:
                where = child.get("id") or current.element
                rows = _read_columns(table_el, ctx, current.name, "", where)
                current.columns = _COLUMNS.validate_python(rows)
    return tables


def _singer_heading(heading: Element, ctx: Problems) -> Table | None:
    h3 = _child(heading, "h3")
    if h3 is None:
        ctx.warn("unreadable-table", "table heading without an h3 name")
        return None
    name = _text(h3)
    if not name.strip():  # a table needs a name (docgen.model.spec refuses an empty one)
        ctx.warn("unreadable-table", "table heading with an empty name", h3.get("id"))
        return None
    table = Table(name=name, element=h3.get("id"), description=_heading_description(h3))
    attrs = _child(heading, "table", "attribute-list")
    if attrs is not None:
        _singer_attribute_rows(attrs, table, ctx)
    for panel in heading.iter("div"):
        if not has_class(panel, "panel-group"):
            continue
        title = _text(_descendant(panel, "h4"))
        if title.lower().endswith("foreign keys"):
            table.foreign_keys.extend(_singer_foreign_keys(panel, table, ctx))
    return table


def _heading_description(h3: Element) -> str | None:
    """The paragraphs right after the table name (stops at the first non-paragraph)."""
    parts: list[str] = []
    sib = h3.getnext()
    while sib is not None and sib.tag == "p":
        text = _text(sib)
        if text:
            parts.append(text)
        sib = sib.getnext()
    return "\n\n".join(parts) or None


def _rows(table: Element) -> Iterator[Element]:
    for child in table:
        tag = child.tag
        if tag == "tr":
            yield child
        elif tag == "tbody" or tag == "thead":
            yield from (r for r in child if r.tag == "tr")


def _cells(row: Element) -> list[Element]:
    return list(row.iterchildren("td", "th"))


def _values(cell: Element) -> list[str]:
    """The cell's displayed values: one per non-empty paragraph (or the whole text)."""
    paras = [t for t in (_text(p) for p in cell.iter("p")) if t]
    if paras:
        return paras
    text = _text(cell)
    return [text] if text else []


def _singer_attribute_rows(attrs: Element, table: Table, ctx: Problems) -> None:
    for row in _rows(attrs):
        cells = _cells(row)
        if len(cells) < 2:
            continue
        label = _text(cells[0]).lower().rstrip(":")
        values = _values(cells[1])
        if label == "replication method":
            table.replication_method_text = " ".join(values)
            table.replication_method = normalise_method(table.replication_method_text)
        elif label in ("primary key", "primary keys", "primary key(s)"):
            table.primary_keys = values
        elif label in ("replication key", "replication keys", "replication key(s)"):
            table.replication_keys = values
        elif label == "loading behavior":
            table.loading_behavior = " ".join(values)
        elif label == "useful links":
            table.links.extend(_useful_links(cells[1], table, ctx))
        elif not label:
            ctx.warn(
                "unlabelled-row",
                f"attribute row without a label: {' '.join(values)!r}",
                element=table.element,
                table=table.name,
            )
        else:
            ctx.warn(
                "unknown-row",
                f"unknown attribute row {label!r}",
                element=table.element,
                table=table.name,
            )


_NEW_TAB = re.compile(r"^\s*Opens in new tab:\s*", re.IGNORECASE)


def _useful_links(cell: Element, table: Table, ctx: Problems) -> list[Link]:
    """The "Useful links" row's anchors, in page order (:mod:`.links` says what each is)."""
    out: list[Link] = []
    for anchor in cell.iter("a"):
        title = _text(anchor) or _NEW_TAB.sub("", collapse(anchor.get("title")))
        if not title:
            continue
        link = make_link(
            title, anchor.get("href") or "", ctx, table=table.name, element=table.element
        )
        if link is not None:
            out.append(link)
    return out


def _singer_foreign_keys(panel: Element, table: Table, ctx: Problems) -> list[ForeignKey]:
    """The "<table> table foreign keys" panel: rows of (joined table, ``<pre>`` joins)."""
    keys: list[dict[str, str]] = []
    for inner in _direct_tables(panel):
        for row in _rows(inner):
            cells = _cells(row)
            if len(cells) < 2 or cells[0].tag == "th":
                continue
            target = _text(cells[0])
            for pre in cells[1].iter("pre"):
                text = _text(pre)
                fk = _parse_join(text, table.name, target)
                if fk is None:
                    ctx.warn(
                        "unreadable-foreign-key",
                        f"cannot read join {text!r}",
                        element=panel.get("id"),
                        table=table.name,
                    )
                    continue
                if target and fk["table"] != target:
                    ctx.warn(
                        "fk-table-mismatch",
                        f"join {text!r} is listed under table {target!r}",
                        element=panel.get("id"),
                        table=table.name,
                        column=fk["column"],
                    )
                keys.append(fk)
    return _FOREIGN_KEYS.validate_python(keys)


def _parse_join(text: str, own: str, target: str) -> dict[str, str] | None:
    """``own.col = target.ref`` -> {column: col, table: target, references: ref}; column
    paths may be dotted (``own.a.b = t.c.d``)."""
    m = _FK.match(text)
    if not m:
        return None
    left, right = m.groups()
    if left.startswith(own + "."):
        column = left[len(own) + 1 :]
    else:
        column = left.split(".", 1)[-1]
    if target and right.startswith(target + "."):
        ref_table, ref = target, right[len(target) + 1 :]
    else:
        ref_table, _, ref = right.partition(".")
    return {"column": column, "table": ref_table, "references": ref}


def _direct_tables(el: Element) -> Iterator[Element]:
    """``<table>`` descendants of ``el`` not nested inside another such table."""
    for child in el:
        if not _is_element(child):
            continue
        if child.tag == "table":
            yield child
        else:
            yield from _direct_tables(child)


def _read_columns(
    table_el: Element, ctx: Problems, table: str, prefix: str, where: str | None
) -> list[dict[str, Any]]:
    """The rows of a schema table as Column-shaped dicts (validated in bulk by the caller:
    one pydantic call per table instead of one per column). ``where``: id of the enclosing
    panel, to locate problems of columns that have no panel of their own."""
    columns: list[dict[str, Any]] = []
    for row in _rows(table_el):
        for cell in row:
            if cell.tag != "td" and cell.tag != "th":
                continue
            col = _read_column(cell, ctx, table, prefix, where)
            if col is not None:
                columns.append(col)
    return columns


def _read_column(
    cell: Element, ctx: Problems, table: str, prefix: str, where: str | None
) -> dict[str, Any] | None:
    """One schema row: name paragraph (with key icons), type paragraphs, sub-panels."""
    name: str | None = None
    primary = replication = False
    types: list[str] = []
    descriptions: list[str] = []
    panels: list[Element] = []
    for child in cell:
        tag = child.tag
        if tag == "p":
            if name is None:
                strong = _strong_of(child)
                if strong is not None:
                    name = collapse(strong.text) if len(strong) == 0 else _text(strong)
                    if len(child) > 1:
                        primary, replication = _key_icons(child)
                        _types_after_break(child, types)
                    continue
            label = _single_label(child)
            if label:
                types.append(label)
            elif label is None:
                _classify_paragraph(child, types, descriptions)
        elif tag == "div" and has_class(child, "panel-group"):
            panels.append(child)
    if name is None:
        return None
    element = panels[0].get("id") if panels else None
    if not name.strip():  # a column needs a name (docgen.model.spec refuses an empty one)
        ctx.warn(
            "column-without-name",
            "a column row with an empty name is skipped",
            element=element or where,
            table=table,
            column=prefix.rstrip(".") or None,
        )
        return None
    path = prefix + name
    for label in types:
        if label not in TYPE_LABELS:
            ctx.warn(
                "unknown-type-label",
                f"type label {label!r} is not a known type",
                element=element or where,
                table=table,
                column=path,
            )
    children: list[dict[str, Any]] = []
    for panel in panels:
        for sub in _direct_tables(panel):
            children.extend(_read_columns(sub, ctx, table, path + ".", element))
    # only what differs from the model's defaults: every key given is one more entry in
    # the Column's set of fields set (past four entries a set takes 728 bytes, not 216)
    column: dict[str, Any] = {"name": name, "types": types}
    if primary:
        column["primary_key"] = True
    if replication:
        column["replication_key"] = True
    if descriptions:
        column["description"] = "\n\n".join(descriptions) or None
    if children:
        column["children"] = children
    if element is not None:
        column["element"] = element
    return column


def _strong_of(p: Element) -> Element | None:
    """The ``<strong>`` holding a column name: usually the paragraph's first child."""
    if len(p) and p[0].tag == "strong":
        return p[0]
    return next(p.iter("strong"), None)


def _types_after_break(p: Element, types: list[str]) -> None:
    """An older template puts the type in the name paragraph: ``<strong>id</strong> <br>
    STRING``. Read uppercase labels after a ``<br>``, if any."""
    parts: list[str] = []
    seen_break = False
    for child in p:
        if child.tag == "br":
            seen_break = True
        elif seen_break and _is_element(child):
            parts.append(_raw(child))
        if seen_break and child.tail:
            parts.append(child.tail)
    for line in "".join(parts).splitlines():
        line = collapse(line)
        if line and line == line.upper():
            types.extend(label.lower() for label in split_labels(line))


def _key_icons(p: Element) -> tuple[bool, bool]:
    primary = replication = False
    for img in p.iter("img"):
        marker = f"{img.get('title', '')} {img.get('src', '')}".lower()
        if "primary" in marker:
            primary = True
        elif "replication" in marker:
            replication = True
    return primary, replication


def _single_label(p: Element) -> str | None:
    """Fast path for the usual type paragraph: one uppercase word ("STRING"), possibly
    followed by an icon without text. ``""``: an empty paragraph. ``None``: not that
    simple, classify in full."""
    n = len(p)
    if n > 1:
        return None
    if n == 1:
        icon = p[0]
        if (
            icon.tag != "i"
            or (icon.text and icon.text.strip())
            or (icon.tail and icon.tail.strip())
        ):
            return None
    words: list[str] = p.text.split() if p.text else []
    if not words and n == 0:
        return ""  # an empty paragraph: nothing to read
    if len(words) != 1:
        return None
    word = words[0]
    if "," in word or not word.isupper():
        return None
    return word.lower()


def _classify_paragraph(p: Element, types: list[str], descriptions: list[str]) -> None:
    """A paragraph under the column name: uppercase type labels (one per line) or prose."""
    raw = p.text or "" if len(p) == 0 else _raw(p)
    words = raw.split()
    if not words:
        return
    if len(words) == 1:  # the common case: one label, e.g. "STRING"
        word = words[0]
        if word == word.upper():
            types.extend(label.lower() for label in split_labels(word))
        else:
            descriptions.append(word)
        return
    lines = [collapse(line) for line in raw.splitlines()]
    lines = [line for line in lines if line]
    if all(line == line.upper() for line in lines):
        types.extend(label.lower() for line in lines for label in split_labels(line))
    else:
        descriptions.append(collapse(raw))


def split_labels(line: str) -> list[str]:
    """``INTEGER, STRING`` -> two labels; commas inside brackets or quotes do not split
    (``["TYPE", ["NULL", "STRING"]]`` is one label, as displayed)."""
    if "," not in line:
        return [line]
    labels: list[str] = []
    depth = 0
    quoted = False
    start = 0
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "[({":
            depth += 1
        elif ch in "])}":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            labels.append(line[start:i])
            start = i + 1
    labels.append(line[start:])
    return [collapse(label) for label in labels if collapse(label)]


# --------------------------------------------------------------------------- legacy layout


def _read_legacy(accordion: Element, ctx: Problems) -> list[Table]:
    tables: list[Table] = []
    for panel in accordion:
        if not _is_element(panel) or not has_class(panel, "panel"):
            continue
        title = _descendant(panel, "h4", "panel-title")
        if title is None:
            continue
        if not _text(title).strip():  # a table needs a name
            ctx.warn("unreadable-table", "table panel with an empty name", title.get("id"))
            continue
        table = Table(name=_text(title), element=title.get("id"))
        heading = title.getparent()
        _legacy_heading(heading, table, ctx)
        body = _descendant(panel, "div", "panel-body")
        if body is not None:
            listed = [_legacy_column(li) for ul in _legacy_lists(body) for li in _items(ul)]
            table.columns = [c for c in listed if c is not None]
            if len(table.columns) < len(listed):
                ctx.warn(
                    "column-without-name",
                    f"{plural(len(listed) - len(table.columns), 'column item')} with no name "
                    "skipped",
                    table=table.name,
                )
        tables.append(table)
    return tables


def _legacy_lists(body: Element) -> list[Element]:
    """The attribute lists of a legacy panel body: the top-level ``<ul>``s after the
    "<table> Attributes" heading (``h3#<table>-attributes``), or all top-level ones."""
    lists: list[Element] = []
    after_heading: list[Element] = []
    seen_heading = False
    for el in body.iter("ul", "h3", "h4"):
        if el.tag != "ul":
            if (el.get("id") or "").endswith("-attributes"):
                seen_heading = True
            continue
        if not _inside(el, body):
            continue
        lists.append(el)
        if seen_heading:
            after_heading.append(el)
    return after_heading or lists


def _inside(el: Element, body: Element) -> bool:
    """True when ``el`` is a top-level list of ``body`` (no list between them)."""
    for ancestor in el.iterancestors():
        if ancestor is body:
            return True
        if ancestor.tag in ("ul", "ol", "li"):
            return False
    return False


def _items(ul: Element) -> Iterator[Element]:
    return (li for li in ul if li.tag == "li")


def _legacy_heading(heading: Element, table: Table, ctx: Problems) -> None:
    for strong in heading.iter("strong"):
        label = _text(strong).lower().rstrip(":").strip()
        if label == "replication method":
            table.replication_method_text = _legacy_value(strong)
            table.replication_method = normalise_method(table.replication_method_text)
        elif label in ("primary key", "primary keys", "primary key(s)"):
            codes = _legacy_codes(strong)
            table.primary_keys = codes or _split_keys(_legacy_value(strong))
        elif label in ("replication key", "replication keys", "replication key(s)"):
            codes = _legacy_codes(strong)
            table.replication_keys = codes or _split_keys(_legacy_value(strong))
    for div in heading:
        if div.tag == "div" and table.description is None:
            table.description = _text(div) or None


def _legacy_following(strong: Element) -> Iterator[Element | str]:
    """Text and elements after a label ``<strong>`` up to the next ``<br>`` or label."""
    if strong.tail:
        yield strong.tail
    sib = strong.getnext()
    while sib is not None and sib.tag not in ("br", "strong"):
        if _is_element(sib):
            yield sib
        if sib.tail:
            yield sib.tail
        sib = sib.getnext()


def _legacy_value(strong: Element) -> str:
    parts = [p if isinstance(p, str) else _raw(p) for p in _legacy_following(strong)]
    return collapse(" ".join(parts))


def _legacy_codes(strong: Element) -> list[str]:
    return [
        _text(el)
        for el in _legacy_following(strong)
        if not isinstance(el, str) and el.tag == "code" and _text(el)
    ]


def _split_keys(text: str) -> list[str]:
    return [k.strip() for k in text.split(",") if k.strip()]


def _legacy_column(li: Element) -> Column | None:
    """``<li><p>Case ID (<code>id</code>)</p></li>`` -> "Case ID (id)"; a nested list
    becomes children (its text is not part of the name). None for an item with no name (a
    column needs one: docgen.model.spec refuses an empty name)."""
    nested = [ul for ul in li.iterdescendants("ul", "ol")]
    if not nested:
        name = _text(li)
        return Column(name=name, element=li.get("id")) if name.strip() else None
    top = [ul for ul in nested if not any(a in nested for a in ul.iterancestors())]
    parts: list[str] = []
    _text_outside(li, set(top), parts)
    children = [c for item in (_items(ul) for ul in top) for c in map(_legacy_column, item) if c]
    name = collapse("".join(parts))
    return (
        Column(name=name, element=li.get("id"), children=tuple(children)) if name.strip() else None
    )


def _text_outside(el: Element, skip: set[Element], parts: list[str]) -> None:
    if el.text:
        parts.append(el.text)
    for child in el:
        if child in skip:
            pass
        elif _is_element(child):
            _text_outside(child, skip, parts)
        if child.tail:
            parts.append(child.tail)


__all__ = ["collapse", "read_table_page"]
