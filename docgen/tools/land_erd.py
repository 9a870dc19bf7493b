"""``docgen land CONNECTOR --destination DEST --format mermaid``: the landing as a picture.

Takes what :func:`docgen.tools.land.land` predicts (landed tables, their columns, and the
table each subtable comes out of) and draws it as a Mermaid ``erDiagram``, through the
template and the escaping of :mod:`docgen.emit.erd`:

* one entity per landed table (its landed name), every landed column with its destination
  type; the top-level primary key ``PK``, the columns that tie a subtable to its parent
  ``FK``;
* one relation per subtable, to the table it comes out of, labelled ``parent column =
  subtable column`` for each tie: ``_sdc_source_key_[pk]`` holds the top-level record's
  primary key, and below the first level ``_sdc_level_N_id`` holds the parent row's
  (docs: replication/loading/understanding-loading-row-usage-for-nested-data-structures
  #connecting-subtables-to-top-level-records, #second-level, #third-level). Every subrow
  comes out of one parent row, a parent row gives zero or more subrows: ``||--o{``. A
  subtable of a table without a primary key has no source key (land says so in its notes):
  its relation is dashed and says so.
"""

from __future__ import annotations

from typing import Any

from docgen.emit.erd import mermaid_comment, mermaid_name, mermaid_text, mermaid_word
from docgen.emit.templates import render_template
from docgen.tools.land import LandedColumn, LandedTable, Landing

SOURCE_KEY = "_sdc_source_key_"
LEVEL_ID = "_sdc_level_"


def ties(parent: LandedTable, sub: LandedTable) -> list[tuple[LandedColumn, LandedColumn]]:
    """(parent column, subtable column) pairs that join a subtable to its parent."""
    pairs: list[tuple[LandedColumn, LandedColumn]] = []
    for col in sub.columns:
        if col.origin not in ("link", "system"):
            continue
        if col.name.startswith(SOURCE_KEY):
            if parent.parent is None:
                # the top-level table: the key column itself, or the system column a keyless
                # table is de-duped by (__sdc_primary_key)
                match = [c for c in parent.columns if c.origin != "link" and c.source == col.source]
            else:
                match = [c for c in parent.columns if c.name == col.name]
        elif col.name.startswith(LEVEL_ID):
            match = [
                c for c in parent.columns if c.name == col.name and c.origin in ("link", "system")
            ]
        else:
            continue
        pairs.extend((m, col) for m in match[:1])
    return pairs


def mermaid(landing: Landing) -> str:
    """The landing as a Mermaid ``erDiagram`` (no code fence)."""
    by_name = {t.name: t for t in landing.tables}
    tied: dict[str, set[str]] = {}
    relations: list[dict[str, Any]] = []
    for sub in landing.tables:
        if sub.parent is None or sub.parent not in by_name:
            continue
        parent = by_name[sub.parent]
        pairs = ties(parent, sub)
        for p, s in pairs:
            tied.setdefault(parent.name, set()).add(p.name)
            tied.setdefault(sub.name, set()).add(s.name)
        label = ", ".join(f"{mermaid_text(p.name)} = {mermaid_text(s.name)}" for p, s in pairs)
        keyed = any(s.name.startswith(SOURCE_KEY) for _, s in pairs)
        if not keyed:
            label = (label + " " if label else "") + "(no source key#58; no primary key)"
        relations.append(
            {
                "left": mermaid_name(parent.name),
                "spec": "||--o{" if keyed else "||..o{",
                "right": mermaid_name(sub.name),
                "label": f'"{label}"',
            }
        )
    entities = []
    for table in landing.tables:
        attrs = []
        for col in table.columns:
            word = mermaid_word(col.name)
            keys = [
                k
                for k, on in (("PK", col.primary_key), ("FK", col.name in tied.get(table.name, ())))
                if on
            ]
            attrs.append(
                {
                    "type": mermaid_word(col.type) if col.type else "unstated",
                    "name": word,
                    "key_marks": ", ".join(keys),
                    "comment": f'"{mermaid_text(col.name)}"' if word != col.name else "",
                }
            )
        entities.append({"name": mermaid_name(table.name), "attributes": attrs})
    notes = [
        f"{landing.connector} in {landing.destination}: {len(landing.tables)} tables as they "
        "land, each subtable tied to the table it comes out of"
    ]
    return render_template(
        "erd.mmd.j2",
        notes=[mermaid_comment(n) for n in notes],
        entities=entities,
        relations=relations,
    )


__all__ = ["mermaid", "ties"]
