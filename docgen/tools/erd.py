"""``docgen erd``: a connector's tables and the joins its docs state, as a picture.

``docgen erd CONNECTOR [--format mermaid|dot|svg] [--table NAME] [--depth N]``. The diagram
is :mod:`docgen.emit.erd`'s (the one every generated README carries): every table with its
primary key marked, one relation per documented join (:mod:`docgen.model.joins`: both
columns named, the cardinality the keys give), joins to a column or table the page does
not list drawn as stated and marked. ``--table NAME --depth N`` draws the tables at most N
joins from NAME (default 1) and the joins among them, and says how many joins it leaves
out. The whole connector shows its keys and joined columns; a neighbourhood shows every
top-level column.

``svg`` runs Graphviz's ``dot -Tsvg`` on the DOT text when ``dot`` is on PATH; without it,
the run is an error of one line saying how to get Graphviz (never a traceback).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from docgen.emit.erd import Diagram, diagram, dot, mermaid
from docgen.model.joins import joins, neighbourhood
from docgen.model.spec import Connector
from docgen.model.words import close_names

FORMATS = ("mermaid", "dot", "svg")

GRAPHVIZ_HINT = (
    "Graphviz's `dot` is not on PATH: install Graphviz (Debian/Ubuntu: apt-get install "
    "graphviz; macOS: brew install graphviz; others: https://graphviz.org/download/), or use "
    "--format dot and render it elsewhere"
)
#: seconds Graphviz may take (activecampaign's 59 tables and 392 joins: about 7 s)
DOT_TIMEOUT = 300


class ErdError(ValueError):
    """What the user asked cannot be drawn (bad input: exit 2); one line."""


@dataclass(frozen=True)
class ErdRun:
    """The drawing asked for: its text (Mermaid, DOT or SVG) and the diagram it shows."""

    text: str
    diagram: Diagram


def select(conn: Connector, table: str | None = None, depth: int = 1) -> Diagram:
    """The diagram of ``conn``: every table (keys and joined columns), or the neighbourhood
    of ``table`` (every top-level column). Raises :class:`ErdError`."""
    if conn.tables is None:
        raise ErdError(f"{conn.name} has no table reference in its spec: nothing to draw")
    if depth < 0:
        raise ErdError(f"--depth {depth}: give 0 or more (joins away from --table)")
    if table is None:
        return diagram(conn.name, conn.tables, columns="keys", notes=_whole_notes(conn))
    all_joins = joins(conn.tables)
    names = {t.name for t in conn.tables} | {n for j in all_joins for n in j.tables()}
    if table not in names:
        hint = close_names(table, names)
        raise ErdError(f"--table {table!r}: {conn.name} has no such table{hint}")
    near = neighbourhood(all_joins, table, depth)
    left_out = sum(1 for j in all_joins if len(set(j.tables()) & near) == 1)
    notes = [
        f"{conn.name}: the tables at most {depth} join(s) from {table} ({len(near)} of "
        f"{len(names)}) and the joins among them; {left_out} join(s) to other tables "
        "not drawn"
    ]
    return diagram(conn.name, conn.tables, columns="all", only=near, notes=notes)


def _whole_notes(conn: Connector) -> list[str]:
    return [
        f"{conn.name}: every table, its primary key (PK) and the columns joins name (FK); "
        "other columns not drawn"
    ]


def load(connector: str, specs: Path) -> Connector:
    """CONNECTOR as a spec file, else as a spec name in ``specs`` (the one lookup,
    :func:`docgen.model.specio.load_named`: its InputError is the CLI's one line)."""
    from docgen.model import specio

    return specio.load_named(connector, specs)[0]


def run(
    connector: str,
    specs: Path,
    fmt: str = "mermaid",
    table: str | None = None,
    depth: int | None = None,
) -> ErdRun:
    """``docgen erd``: check the arguments, read the spec, draw (:func:`render` checks the
    format, :func:`select` the tables). Raises :class:`ErdError`."""
    if depth is not None and table is None:
        raise ErdError("--depth goes with --table NAME (the neighbourhood of one table)")
    conn = load(connector, specs)
    if conn.tables is None:
        from docgen.model.specio import versions_with_tables

        others = versions_with_tables(conn.name, specs)
        hint = f" (the versions with tables: {', '.join(others)})" if others else ""
        raise ErdError(f"{conn.name} has no table reference in its spec: nothing to draw{hint}")
    return render(conn, fmt, table, 1 if depth is None else depth)


def render(
    conn: Connector, fmt: str = "mermaid", table: str | None = None, depth: int = 1
) -> ErdRun:
    """The drawing of ``conn`` in ``fmt``. Raises :class:`ErdError`."""
    if fmt not in FORMATS:
        raise ErdError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    d = select(conn, table, depth)
    if fmt == "mermaid":
        return ErdRun(mermaid(d), d)
    text = dot(d)
    if fmt == "dot":
        return ErdRun(text, d)
    return ErdRun(svg(text), d)


def svg(dot_text: str) -> str:
    """The SVG Graphviz draws of ``dot_text``. Raises :class:`ErdError` when ``dot`` is
    missing or fails (its first line of complaint)."""
    exe = shutil.which("dot")
    if exe is None:
        raise ErdError(GRAPHVIZ_HINT)
    try:
        done = subprocess.run(
            [exe, "-Tsvg"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ErdError(f"Graphviz's dot ({exe}) took over {DOT_TIMEOUT} s; try --table") from None
    except OSError as exc:
        raise ErdError(f"Graphviz's dot ({exe}) could not run: {exc.strerror or exc}") from None
    said = " ".join(done.stderr.decode("utf-8", "replace").split())[:300]
    if done.returncode != 0:
        raise ErdError(
            f"Graphviz's dot ({exe}) failed (exit {done.returncode}): {said or 'no message'}"
        )
    out = done.stdout.decode("utf-8", "replace")
    if "<svg" not in out:
        raise ErdError(f"Graphviz's dot ({exe}) printed no SVG: {said or 'no output'}")
    return out


__all__ = [
    "FORMATS",
    "GRAPHVIZ_HINT",
    "ErdError",
    "ErdRun",
    "load",
    "render",
    "run",
    "select",
    "svg",
]
