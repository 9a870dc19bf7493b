"""Entity-relationship diagrams of a connector's tables: Mermaid ``erDiagram`` and Graphviz DOT.

:func:`diagram` lays out what is drawn (tables, the columns shown, the documented joins of
:mod:`docgen.model.joins`); :func:`mermaid` and :func:`dot` write it through the templates
``erd.mmd.j2`` and ``erd.dot.j2`` (which own the fixed text). ``docgen erd`` and every
generated package's README use these functions; same spec, same bytes.

What is drawn:

* a table per entity, in page order, then the tables joins name but the page does not list
  (marked "table not on the page");
* its primary key (the Primary Key(s) row; the key icons where the page has no row) marked
  ``PK``, every column a join names marked ``FK``; with ``columns="all"`` every top-level
  column too (nested ones only when a key or a join names them, as dotted paths);
* one relation per documented join, both columns named (``left = right``), cardinality as
  :mod:`docgen.model.joins` derives it; a join with a side the page does not list is dashed
  and its label says what is missing; the column is drawn, marked "not listed".

Escaping (every name is the docs' text, never trusted):

* **Mermaid** (the ``erDiagram`` grammar, mermaid-js ``erDiagram.jison``): entity names and
  labels are quoted; a quoted entity name may not hold ``"``, ``%``, ``\\``, CR, LF, VT or
  BS, a label or comment no ``"``; a line holding ``direction`` + blanks + ``TB|BT|LR|RL``
  is read as a direction statement, ``%%{`` starts a directive anywhere, two ``~`` in a
  block line start a generic type, ``style...:...#...;`` loses its last ``;``. So every
  character of a name outside ``[A-Za-z0-9_.,;()/=+*'-]`` (blanks too: only docgen's fixed
  words keep theirs) is written as Mermaid's entity code ``#N;`` (decimal code point),
  which Mermaid turns back into the character after parsing: the rendered name is the
  docs' name, exactly. Attribute names and types are bare words
  (``[A-Za-z_][A-Za-z0-9_-]*``, not starting with a key word ``PK``/``FK``/``UK``); a name
  that is not one is shown as a word made of it (runs of other characters as ``_``) and
  its exact text is the attribute's comment.
* **DOT**: node IDs are the table names as quoted strings, ``\\`` written ``\\\\``, ``"``
  ``\\"``, line breaks ``\\n`` and ``\\r`` (read an ID back by undoing those); every other
  attribute value likewise; labels are HTML-like (``&``, ``<``, ``>``, ``"`` as entities,
  characters that are not printable shown as ``\\uXXXX``). Ports are ``c0``, ``c1``, ... (a
  column's place in its node), never a name the docs gave.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Literal

from docgen.emit.templates import render_template
from docgen.model.checks import column_paths
from docgen.model.joins import ZERO_OR_ONE, Join, joins, primary_key
from docgen.model.spec import Table

Columns = Literal["all", "keys"]

#: a README shows every top-level column up to this many in all; past it, keys and joined
#: columns only (and says so)
README_COLUMNS = 100


@dataclass(frozen=True)
class Attribute:
    """A column as drawn."""

    name: str  # the column's path, as the page writes it
    types: tuple[str, ...]  # its type labels as displayed
    primary_key: bool
    joined: bool  # a join names it
    listed: bool  # the page lists it (False: a key or a join names a column it does not)


@dataclass(frozen=True)
class Entity:
    name: str
    listed: bool  # the page lists the table (False: only a join names it)
    attributes: tuple[Attribute, ...]
    not_shown: int  # columns of the table (nested ones included) the diagram leaves out


@dataclass(frozen=True)
class Diagram:
    title: str  # the connector's name
    entities: tuple[Entity, ...]
    joins: tuple[Join, ...]
    columns: Columns
    notes: tuple[str, ...] = ()  # what the diagram leaves out, said in its text

    @property
    def not_shown(self) -> int:
        return sum(e.not_shown for e in self.entities)


def diagram(
    title: str,
    tables: Iterable[Table],
    *,
    columns: Columns = "keys",
    only: Collection[str] | None = None,
    notes: Iterable[str] = (),
) -> Diagram:
    """What to draw of ``tables`` (one page's or spec's): every table, or those in ``only``
    (a join is drawn when both its tables are), with ``columns`` as the module says."""
    tables = list(tables)
    all_joins = joins(tables)
    shown = [j for j in all_joins if only is None or set(j.tables()) <= set(only)]
    joined: dict[str, list[str]] = {}
    for join in shown:
        for side in (join.left, join.right):
            cols = joined.setdefault(side.table, [])
            if side.column not in cols:
                cols.append(side.column)
    entities: list[Entity] = []
    seen: set[str] = set()
    for table in tables:
        if table.name in seen or (only is not None and table.name not in only):
            continue
        seen.add(table.name)
        entities.append(_entity(table, joined.get(table.name, []), columns))
    for name, cols in joined.items():
        if name not in seen:
            seen.add(name)
            attrs = tuple(Attribute(c, (), False, True, False) for c in cols)
            entities.append(Entity(name, False, attrs, 0))
    return Diagram(title, tuple(entities), tuple(shown), columns, tuple(notes))


def _entity(table: Table, joined: list[str], columns: Columns) -> Entity:
    paths = column_paths(table.columns)
    keys = primary_key(table)
    wanted = set(keys) | set(joined)
    top = {c.name for c in table.columns}
    attrs = [
        Attribute(path, tuple(col.types), path in keys, path in joined, True)
        for path, col in paths.items()
        if path in wanted or (columns == "all" and path in top and "." not in path)
    ]
    for name in dict.fromkeys([*keys, *joined]):  # named by a key or a join, not listed
        if name not in paths:
            listed = not paths  # a table that lists no columns contradicts nothing
            attrs.append(Attribute(name, (), name in keys, name in joined, listed))
    listed_shown = sum(1 for a in attrs if a.name in paths)
    return Entity(table.name, True, tuple(attrs), len(paths) - listed_shown)


# --------------------------------------------------------------------------- Mermaid

_MERMAID_SAFE = re.compile(r"[A-Za-z0-9_.,;()/=+*'-]")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_KEY_WORD = re.compile(r"(?i)(pk|fk|uk)(?![A-Za-z0-9_])")


def mermaid_text(text: str) -> str:
    """A name the docs gave, safe inside a Mermaid quoted string (see the module
    docstring): every character but the safe ones (the blank included) as ``#N;``."""
    return "".join(ch if _MERMAID_SAFE.fullmatch(ch) else f"#{ord(ch)};" for ch in text)


def mermaid_comment(text: str) -> str:
    """Text of a ``%%`` comment line: no line break, no ``%`` or braces (``%%{`` starts a
    directive anywhere in the text)."""
    return "".join(f"#{ord(ch)};" if ch in "%{}" or not ch.isprintable() else ch for ch in text)


def mermaid_name(name: str) -> str:
    """An entity name: quoted, exact after Mermaid decodes its entity codes."""
    return f'"{mermaid_text(name) or "#32;"}"'


def mermaid_word(text: str) -> str:
    """A bare attribute word made of ``text``: itself when it is one (see the module)."""
    if _WORD.fullmatch(text) and not _KEY_WORD.match(text):
        return text
    word = re.sub(r"[^A-Za-z0-9_-]+", "_", text)
    if not word or not re.match(r"[A-Za-z_]", word) or _KEY_WORD.match(word):
        word = "_" + word
    return word


def _mermaid_type(types: tuple[str, ...]) -> str:
    return "_or_".join(mermaid_word(t) for t in types) if types else "unstated"


def mermaid(d: Diagram) -> str:
    """The diagram as a Mermaid ``erDiagram`` (no code fence)."""
    entities = []
    for e in d.entities:
        attrs = []
        for a in e.attributes:
            word = mermaid_word(a.name)
            comment = [mermaid_text(a.name)] if word != a.name else []
            if not e.listed:
                comment.append("table not on the page")
            elif not a.listed:
                comment.append("not listed on the page")
            keys = [k for k, on in (("PK", a.primary_key), ("FK", a.joined)) if on]
            attrs.append(
                {
                    "type": _mermaid_type(a.types),
                    "name": word,
                    "key_marks": ", ".join(keys),
                    "comment": f'"{"; ".join(comment)}"' if comment else "",
                }
            )
        entities.append({"name": mermaid_name(e.name), "attributes": attrs})
    relations = []
    for j in d.joins:
        left = "|o" if j.left.cardinality == ZERO_OR_ONE else "}o"
        right = "o|" if j.right.cardinality == ZERO_OR_ONE else "o{"
        line = "--" if j.listed else ".."
        relations.append(
            {
                "left": mermaid_name(j.left.table),
                "spec": f"{left}{line}{right}",
                "right": mermaid_name(j.right.table),
                "label": f'"{join_label(j, mermaid_text)}"',
            }
        )
    return render_template(
        "erd.mmd.j2",
        notes=[mermaid_comment(n) for n in d.notes],
        entities=entities,
        relations=relations,
    )


def join_label(j: Join, name: Callable[[str], str] = str) -> str:
    """``left = right`` (the columns), and what the page does not list; ``name`` writes
    each name the docs gave (the fixed words are docgen's own)."""
    label = f"{name(j.left.column)} = {name(j.right.column)}"
    missing = [
        f"{name(s.table)} not on the page" if not s.table_listed else f"{name(s.column)} not listed"
        for s in dict.fromkeys((j.left, j.right))
        if not s.listed
    ]
    return f"{label} ({'; '.join(missing)})" if missing else label


# --------------------------------------------------------------------------- DOT


def dot_id(text: str) -> str:
    """A DOT quoted string of ``text`` (see the module docstring)."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{body}"'


def html_text(text: str) -> str:
    """Text inside a Graphviz HTML-like label."""
    out = []
    for ch in text:
        if ch in "&<>\"'":
            out.append(f"&#{ord(ch)};")
        elif not ch.isprintable():
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def dot(d: Diagram) -> str:
    """The diagram as a Graphviz ``graph`` (undirected: a join is an equality)."""
    ports: dict[tuple[str, str], str] = {}
    nodes = []
    for e in d.entities:
        rows = []
        for n, a in enumerate(e.attributes):
            ports[(e.name, a.name)] = f"c{n}"
            keys = [k for k, on in (("PK", a.primary_key), ("FK", a.joined)) if on]
            marks = [] if a.listed else ["not listed"]
            rows.append(
                {
                    "port": f"c{n}",
                    "name": html_text(a.name),
                    "type": html_text(" | ".join(a.types) or "unstated"),
                    "key_marks": " ".join(keys),
                    "marks": html_text(", ".join(marks)),
                }
            )
        nodes.append(
            {
                "id": dot_id(e.name),
                "title": html_text(e.name),
                "listed": e.listed,
                "rows": rows,
                "not_shown": e.not_shown,
            }
        )
    edges = []
    for j in d.joins:
        edges.append(
            {
                "tail": f"{dot_id(j.left.table)}:{ports[(j.left.table, j.left.column)]}",
                "head": f"{dot_id(j.right.table)}:{ports[(j.right.table, j.right.column)]}",
                "label": dot_id(join_label(j)),
                "tail_column": dot_id(j.left.column),
                "head_column": dot_id(j.right.column),
                "arrowtail": _arrow(j.left.cardinality),
                "arrowhead": _arrow(j.right.cardinality),
                "listed": j.listed,
            }
        )
    return render_template(
        "erd.dot.j2",
        title=dot_id(d.title),
        notes=[" ".join(n.split()) for n in d.notes],
        nodes=nodes,
        edges=edges,
    )


def _arrow(cardinality: str) -> str:
    """Crow's foot ends: a bar and a circle for zero or one, a crow and a circle for zero
    or more (the first shape touches the node)."""
    return "teeodot" if cardinality == ZERO_OR_ONE else "crowodot"


__all__ = [
    "README_COLUMNS",
    "Attribute",
    "Diagram",
    "Entity",
    "diagram",
    "dot",
    "dot_id",
    "html_text",
    "join_label",
    "mermaid",
    "mermaid_comment",
    "mermaid_name",
    "mermaid_text",
    "mermaid_word",
]
