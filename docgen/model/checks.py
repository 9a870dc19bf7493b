"""Consistency checks over spec models: the one implementation used by every reader and by lint.

A reader builds :class:`~docgen.model.spec.Table` (or
:class:`~docgen.model.spec.ConfigObject`) models from the markup (and reports what only the
markup shows: unreadable rows, unknown type labels, ...), then calls :func:`check_tables`
(:func:`check_properties`); ``docgen lint``
calls the same functions on page models and on specs.

========================== =====================================================
code                       what the docs say
========================== =====================================================
duplicate-table            a table listed twice on one page
duplicate-column           a column listed twice in one table (same level)
key-not-column             a primary / replication key that is not a column
key-icon-mismatch          key row and key icons disagree
fk-unknown-table           a foreign key to a table the page does not list
fk-unknown-column          a foreign key from/to a column the table lacks
no-primary-key             the table states no primary key (a gap, not a contradiction)
unknown-method             the replication method row is empty or names no known method
duplicate-property         a property listed twice in one object (same level)
========================== =====================================================

Every problem is a *warning* unless ``severity`` says otherwise (lint makes some errors).

What a layout implies (``layout=None``: inferred per table, for models of unknown origin):

* ``singer``: column names are identifiers and the page shows key icons;
* ``legacy``: column names are displayed text (``Case ID (id)``, ``labels*``), no icons;
* ``text``: names are identifiers, but the copy lost the icons;
* ``None``: a table with a typed column is read as ``singer``, one without as ``legacy``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from docgen.model.problems import Problems
from docgen.model.spec import Column, ConfigObject, Location, Problem, Property, Severity, Table

#: a table page's layout as its reader names it; "singer" pages mark keys with icons
Layout = str

#: Codes that are gaps in the docs rather than contradictions between two of their facts.
GAPS = frozenset({"no-primary-key", "unknown-method"})

_ALIAS = re.compile(r"\(([^()]+)\)\s*\*?$")


def column_paths(columns: Iterable[Column]) -> dict[str, Column]:
    """Every column by dotted path ("address.city"), depth first; the first of a repeated
    name wins."""
    paths: dict[str, Column] = {}
    _walk(columns, "", paths)
    return paths


def _walk(columns: Iterable[Column], prefix: str, paths: dict[str, Column]) -> None:
    for col in columns:
        path = prefix + col.name
        if path not in paths:
            paths[path] = col
        if col.children:
            _walk(col.children, path + ".", paths)


def legacy_aliases(columns: Iterable[Column]) -> set[str]:
    """Names a column of a legacy list (no types) answers to, as such lists write them:
    "Case ID (id)" -> id, "labels*" -> labels, "id: the record id" -> id."""
    names: set[str] = set()
    for col in columns:
        names.add(col.name)
        names.add(col.name.rstrip("*"))
        m = _ALIAS.search(col.name)
        if m:
            names.add(m.group(1).strip())
        names.add(col.name.split(":", 1)[0].rstrip("*").strip())
    return names


def check_tables(
    tables: list[Table],
    page: str,
    *,
    layout: Layout | None = None,
    severity: Mapping[str, Severity] | None = None,
) -> list[Problem]:
    """The consistency problems of one page's (or one spec's) tables, located on ``page``.

    ``layout``: how the tables were written (see the module docstring); ``severity``: the
    severity of each code (codes it does not list are warnings)."""
    out = Problems(page, severity=severity, unique=True)
    by_name: dict[str, Table] = {}
    for table in tables:
        if table.name in by_name:
            msg = f"table {table.name!r} is listed more than once"
            out.add("duplicate-table", msg, table.element, table=table.name)
        else:
            by_name[table.name] = table
    own_paths = [column_paths(t.columns) for t in tables]
    paths: dict[str, dict[str, Column]] = {}
    for table, own in zip(tables, own_paths, strict=True):
        paths.setdefault(table.name, own)
    for table, own in zip(tables, own_paths, strict=True):
        _check_rows(out, table)
        _check_duplicates(out, table, table.columns, "", table.element)
        _check_keys(out, table, own, layout)
        _check_foreign_keys(out, table, own, by_name, paths)
    return out.problems


def _check_rows(out: Problems, table: Table) -> None:
    """What the attribute rows leave out or garble."""
    if table.replication_method_text is not None and table.replication_method is None:
        shown = table.replication_method_text
        msg = (
            f"replication method {shown!r} is not a known method"
            if shown
            else "the Replication Method row is empty"
        )
        out.add("unknown-method", msg, table.element, table=table.name)
    if not table.primary_keys:
        msg = "the table states no primary key"
        out.add("no-primary-key", msg, table.element, table=table.name)


def _check_duplicates(
    out: Problems, table: Table, columns: Sequence[Column], prefix: str, where: str | None
) -> None:
    """Names listed twice among siblings, located on the column's own element or else on
    the element that holds the list (the parent column's panel, or the table)."""
    seen: set[str] = set()
    for col in columns:
        if col.name in seen:
            msg = f"column {prefix + col.name!r} is listed more than once"
            out.add(
                "duplicate-column",
                msg,
                col.element or where,
                table=table.name,
                column=prefix + col.name,
            )
        seen.add(col.name)
        if col.children:
            inner = col.element or where
            _check_duplicates(out, table, col.children, prefix + col.name + ".", inner)


def _check_keys(
    out: Problems, table: Table, paths: dict[str, Column], layout: Layout | None
) -> None:
    if not table.columns:
        return  # nothing to contradict
    if layout is None:
        typed = any(c.types for c in paths.values())
        icons = typed
    else:
        typed = layout != "legacy"
        icons = layout == "singer"
    known = paths.keys() if typed else set(paths) | legacy_aliases(table.columns)
    for kind, keys in (("primary", table.primary_keys), ("replication", table.replication_keys)):
        for key in keys:
            if key not in known:
                msg = f"{kind} key {key!r} is not a column of the table"
                out.add("key-not-column", msg, table.element, table=table.name, column=key)
    if icons:
        _check_icons(out, table, paths)


def _check_icons(out: Problems, table: Table, paths: dict[str, Column]) -> None:
    """Key rows and key icons are separate facts; say where they disagree."""
    for kind, keys, flag in (
        ("primary", table.primary_keys, "primary_key"),
        ("replication", table.replication_keys, "replication_key"),
    ):
        iconed = [p for p, c in paths.items() if getattr(c, flag)]
        for path in iconed:
            if path not in keys:
                msg = f"column {path!r} has a {kind} key icon but is not in the {kind} key row"
                out.add("key-icon-mismatch", msg, table.element, table=table.name, column=path)
        for key in keys:
            if key in paths and key not in iconed:
                msg = f"{kind} key {key!r} has no {kind} key icon beside the column"
                out.add("key-icon-mismatch", msg, table.element, table=table.name, column=key)


def _check_foreign_keys(
    out: Problems,
    table: Table,
    own: dict[str, Column],
    by_name: dict[str, Table],
    paths: dict[str, dict[str, Column]],
) -> None:
    for fk in table.foreign_keys:
        link = f"foreign key {fk.column} -> {fk.table}.{fk.references}"
        if fk.table not in by_name:
            msg = f"{link}: no table {fk.table!r} is listed"
            out.add("fk-unknown-table", msg, table.element, table=table.name, column=fk.column)
            continue
        if own and fk.column not in own:
            msg = f"{link}: {fk.column!r} is not a column of {table.name!r}"
            out.add("fk-unknown-column", msg, table.element, table=table.name, column=fk.column)
        target = paths[fk.table]
        if target and fk.references not in target:
            msg = f"{link}: {fk.table!r} has no column {fk.references!r}"
            out.add("fk-unknown-column", msg, table.element, table=table.name, column=fk.column)


# --------------------------------------------------------------------------- config objects


def check_properties(
    obj: ConfigObject,
    page: str,
    *,
    elements: Mapping[str, str | None] | None = None,
    severity: Mapping[str, Severity] | None = None,
) -> list[Problem]:
    """Properties listed twice in one object (among siblings, at any depth), in the form
    and the OAuth section. ``elements``: the element of each section ("form", "oauth") to
    locate them on; the object's own element otherwise."""
    problems: list[Problem] = []
    sev = (severity or {}).get("duplicate-property", "warning")
    for section, props in (("form", obj.properties), ("oauth", obj.oauth)):
        element = (elements or {}).get(section, obj.element)
        label = "oauth property" if section == "oauth" else "property"
        for path in dict.fromkeys(_repeated(props, "")):  # a name thrice: one problem
            where = Location(page=page, element=element, property=path)
            msg = f"{label} {path!r} is listed more than once"
            problems.append(
                Problem(severity=sev, code="duplicate-property", message=msg, location=where)
            )
    return problems


def _repeated(props: list[Property], prefix: str) -> Iterator[str]:
    """Dotted paths of the properties whose name an earlier sibling already has."""
    seen: set[str] = set()
    for prop in props:
        if prop.name in seen:
            yield prefix + prop.name
        seen.add(prop.name)
        if prop.children:
            yield from _repeated(prop.children, prefix + prop.name + ".")


__all__ = [
    "GAPS",
    "Layout",
    "check_properties",
    "check_tables",
    "column_paths",
    "legacy_aliases",
]
