"""How ``docgen diff`` shows the changes: text lines per connector, or one JSON document."""

from __future__ import annotations

import json
from typing import Any

from docgen.model.words import plural
from docgen.tools.diff.rules import Change


def render_text(changes: list[Change]) -> list[str]:
    """Per connector (sorted), breaking changes first, each marked; a summary last."""
    if not changes:
        return ["no changes"]
    lines: list[str] = []
    by_conn: dict[str, list[Change]] = {}
    for change in changes:
        by_conn.setdefault(change.connector, []).append(change)
    for name in sorted(by_conn):
        items = by_conn[name]
        breaking = [c for c in items if c.breaking]
        other = [c for c in items if not c.breaking]
        lines.append(f"{name}: {len(breaking)} breaking, {len(other)} non-breaking")
        for change in breaking + other:
            mark = "BREAKING" if change.breaking else "        "
            lines.append(f"  {mark} {change.kind}: {change.path}: {_describe(change)}")
    total_b = sum(c.breaking for c in changes)
    non_breaking = plural(len(changes) - total_b, "non-breaking change")
    lines.append(f"{plural(len(by_conn), 'connector')} changed: {total_b} breaking, {non_breaking}")
    return lines


def _short(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)


def _describe(change: Change) -> str:
    hint = f"; {change.hint}" if change.hint else ""
    if change.old is None and change.new is not None:
        return f"{change.reason} ({_short(change.new)}){hint}"
    if change.new is None and change.old is not None:
        return f"{change.reason} (was {_short(change.old)}){hint}"
    return f"{_short(change.old)} -> {_short(change.new)}; {change.reason}{hint}"


def render_json(changes: list[Change]) -> str:
    doc = {
        "breaking": sum(c.breaking for c in changes),
        "non_breaking": sum(not c.breaking for c in changes),
        "changes": [c.to_json() for c in changes],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1)
