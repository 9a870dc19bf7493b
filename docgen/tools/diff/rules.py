"""Semantic changelog between two spec sets: ``docgen diff OLD [NEW]``.

OLD and NEW are each a spec file, a spec directory, or a git revision (``HEAD~1``,
``main``, ``v1.2:specs``) whose ``specs/`` (or the NEW path) is read with ``git show``.

Every change is classified *breaking* or not, from the point of view of a pipeline that
uses the generated code (schemas, validators, config models) of the OLD spec:

breaking
    a connector, table, column or config property removed; a new *required* config
    property; a property made required; a changed primary key or replication key; a changed
    replication method; a narrowed type (a type a column accepted is no longer accepted, a
    property type changed to one that does not accept the old values); accepted values of
    a property removed; a format or pattern of a property stated or changed; a property
    made or unmade a secret; a default changed or dropped; the Stitch type id or kind of a
    connector changed.
non-breaking
    a new connector, table, column or optional property; a widened type (types added, or
    ``integer`` -> ``number``, ``date-time`` -> ``string``, anything -> ``varies``); a
    property made optional; accepted values added; a format or pattern dropped; a default
    stated where none was; a type stated
    where none was (legacy pages state no types); foreign keys, loading behaviour, a
    table's useful links and version changes (informational).

The CLI exits 1 when a change is breaking, 0 otherwise, 2 on bad input.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from docgen.model.checks import column_paths
from docgen.model.spec import (
    TYPE_LABELS,
    Column,
    ConfigObject,
    Connector,
    Features,
    Property,
    Table,
)

# --------------------------------------------------------------------------- the change


@dataclass(frozen=True)
class Change:
    """One semantic change of one connector."""

    connector: str
    kind: str  # stable kebab-case: table-added, column-removed, type-changed, ...
    path: str  # human-readable location: "table contacts, column address.city"
    old: Any
    new: Any
    breaking: bool
    reason: str
    table: str | None = None
    column: str | None = None  # dotted path for nested columns
    property: str | None = None  # dotted path for nested properties
    #: a guess that changes nothing else ("renamed from contacts?"): shown, never counted
    hint: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        if out["hint"] is None:
            del out["hint"]
        return out


class _Collector:
    """Accumulates the changes of one connector, filling in the location fields."""

    def __init__(self, connector: str):
        self.connector = connector
        self.changes: list[Change] = []

    def add(
        self,
        kind: str,
        old: Any,
        new: Any,
        breaking: bool,
        reason: str,
        *,
        table: str | None = None,
        column: str | None = None,
        prop: str | None = None,
        section: str = "config",
        feature: str | None = None,
        hint: str | None = None,
    ) -> None:
        parts = [f"feature {feature}"] if feature is not None else []
        if table is not None:
            parts.append(f"table {table}")
        if column is not None:
            parts.append(f"column {column}")
        if prop is not None:
            parts.append(f"{section} property {prop}")
        path = ", ".join(parts) or "connector"
        self.changes.append(
            Change(
                self.connector, kind, path, old, new, breaking, reason, table, column, prop, hint
            )
        )


# --------------------------------------------------------------------------- types


def _label_accepts(have: str, want: str) -> bool:
    """Does a value documented as label ``have`` accept every value of label ``want``?"""
    if have == want or have == "varies":
        return True
    have_t, have_f = TYPE_LABELS.get(have, (have, None))
    want_t, _ = TYPE_LABELS.get(want, (want, None))
    if have_t is None:
        return True
    if want_t is None:  # "varies" accepts anything; only "varies" accepts it
        return False
    if have_t == "number" and want_t == "integer":
        return True
    return have_t == want_t and have_f is None  # plain string accepts date-time strings


def _covers(new: Iterable[str], old: Iterable[str]) -> list[str]:
    """The labels of ``old`` that no label of ``new`` accepts (empty: ``new`` covers it)."""
    new = list(new)
    return [o for o in old if not any(_label_accepts(n, o) for n in new)]


def _type_change(old: list[str], new: list[str]) -> tuple[bool, str] | None:
    """(breaking, reason) for a change of type labels, or None when nothing changed."""
    if sorted(set(old)) == sorted(set(new)):
        return None
    if not old:
        return False, "type stated where the old docs stated none"
    if not new:
        return False, "type no longer stated (accepted as any)"
    lost = _covers(new, old)
    if lost:
        return True, f"narrowed: {', '.join(lost)} no longer accepted"
    return False, f"widened: {', '.join(_covers(old, new)) or 'equivalent types'} accepted"


def _prop_types(type_text: str) -> list[str]:
    """Property type as written ("string", "string/integer") -> labels."""
    return [t.strip().lower() for t in type_text.replace("|", "/").split("/") if t.strip()]


# --------------------------------------------------------------------------- connectors


def diff_connectors(old: Connector | None, new: Connector | None) -> list[Change]:
    """The changes from ``old`` to ``new`` (either may be None: added / removed)."""
    if old is None and new is None:
        return []
    if new is None:
        assert old is not None
        out = _Collector(old.name)
        out.add("connector-removed", old.display_name, None, True, "connector removed")
        return out.changes
    out = _Collector(new.name)
    if old is None:
        out.add("connector-added", None, new.display_name, False, "new connector")
        return out.changes
    if old.type != new.type:
        out.add(
            "type-id-changed",
            old.type,
            new.type,
            True,
            "Stitch type id changed (API clients name the connector by it)",
        )
    if old.kind != new.kind:
        out.add("kind-changed", old.kind, new.kind, True, "source/destination changed")
    if old.version != new.version:
        out.add("version-changed", old.version, new.version, False, "documented version changed")
    _diff_features(out, old.features, new.features)
    _diff_config(out, old.config, new.config)
    _diff_tables(out, old.tables, new.tables)
    return out.changes


# --------------------------------------------------------------------------- feature snapshot

#: snapshot flags that shape the catalog -> (what the catalog assumes when the page does not
#: state it, the value that narrows what users may do)
_CATALOG_FLAGS = {
    "table_selection": (True, False, "streams become automatic: tables can no longer be left out"),
    "column_selection": (True, False, "every column becomes automatic: none can be left out"),
    "configurable_replication_methods": (
        False,
        False,
        "streams get a forced-replication-method: users can no longer choose one",
    ),
}


def _diff_features(out: _Collector, old: Features | None, new: Features | None) -> None:
    """Feature snapshot changes. A flag the catalog metadata is made from is breaking when it
    narrows what users may choose (table or column selection, configurable replication
    methods withdrawn); everything else (release status, repository, scheduling, ...) is
    documentation only and not breaking."""
    before = (old or Features()).model_dump(exclude={"element"})
    after = (new or Features()).model_dump(exclude={"element"})
    for name in Features.model_fields:
        if name == "element" or before[name] == after[name]:
            continue
        was, now = before[name], after[name]
        breaking, reason = False, "documented feature changed (generated code unchanged)"
        if name in _CATALOG_FLAGS:
            assumed, narrowing, effect = _CATALOG_FLAGS[name]
            was_eff = assumed if was is None else was
            now_eff = assumed if now is None else now
            if was_eff != now_eff:
                breaking = now_eff == narrowing
                reason = effect if breaking else "users may now choose (catalog metadata widened)"
        elif name in ("release_status", "release_date", "repository"):
            reason = "stated in the package README and docstring"
        out.add("feature-changed", was, now, breaking, reason, feature=name)


def diff_sets(old: dict[str, Connector], new: dict[str, Connector]) -> list[Change]:
    """Changes of every connector in either set, by connector name (sorted)."""
    changes: list[Change] = []
    for name in sorted(set(old) | set(new)):
        changes.extend(diff_connectors(old.get(name), new.get(name)))
    return changes


# --------------------------------------------------------------------------- tables


def _by_name(items: Iterable[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        out.setdefault(item.name, item)  # a name listed twice: the first wins (lint reports it)
    return out


def _diff_tables(out: _Collector, old: list[Table] | None, new: list[Table] | None) -> None:
    old_t, new_t = _by_name(old or []), _by_name(new or [])
    gone = [name for name in old_t if name not in new_t]
    added = [name for name in new_t if name not in old_t]
    renamed_to = {g: [a for a in added if _same_columns(old_t[g], new_t[a])] for g in gone}
    renamed_from = {a: [g for g in gone if a in renamed_to[g]] for a in added}
    for name in gone:
        hint = _rename_hint("to", renamed_to[name])
        out.add("table-removed", name, None, True, "table removed", table=name, hint=hint)
    for name, table in new_t.items():
        if name not in old_t:
            hint = _rename_hint("from", renamed_from[name])
            out.add("table-added", None, name, False, "new table", table=name, hint=hint)
        else:
            _diff_table(out, old_t[name], table)


def _same_columns(old: Table, new: Table) -> bool:
    """Whether two tables have the same columns (dotted paths and types, any order): what
    makes a removed table and an added one look like one table renamed."""
    if not old.columns:
        return False

    def columns(table: Table) -> set[tuple[str, tuple[str, ...]]]:
        return {(path, tuple(sorted(c.types))) for path, c in column_paths(table.columns).items()}

    return columns(old) == columns(new)


def _rename_hint(direction: str, names: list[str]) -> str | None:
    """``renamed from contacts?`` (a removal plus an addition stays what it is: a hint)."""
    if not names:
        return None
    return f"renamed {direction} {' or '.join(names)}?"


def _effective_keys(table: Table, row: list[str], icon: str) -> list[str]:
    """The key row, or (when the page shows no row) the columns with the key icon."""
    if row:
        return list(row)
    return [c.name for c in table.columns if getattr(c, icon)]


def _diff_table(out: _Collector, old: Table, new: Table) -> None:
    name = new.name
    if old.replication_method != new.replication_method:
        out.add(
            "replication-method-changed",
            old.replication_method,
            new.replication_method,
            True,
            "replication method changed (state and loading change)",
            table=name,
        )
    for kind, icon, why in (
        ("primary", "primary_key", "deduplication and upserts change"),
        ("replication", "replication_key", "saved bookmarks no longer apply"),
    ):
        before = _effective_keys(old, getattr(old, f"{kind}_keys"), icon)
        after = _effective_keys(new, getattr(new, f"{kind}_keys"), icon)
        if before != after:
            out.add(
                f"{kind}-key-changed",
                before,
                after,
                True,
                f"{kind} key changed ({why})",
                table=name,
            )
    old_fk = {(f.column, f.table, f.references) for f in old.foreign_keys}
    new_fk = {(f.column, f.table, f.references) for f in new.foreign_keys}
    for fk in sorted(old_fk - new_fk):
        out.add(
            "foreign-key-removed",
            _fk_text(fk),
            None,
            False,
            "documented relation removed (informational)",
            table=name,
            column=fk[0],
        )
    for fk in sorted(new_fk - old_fk):
        out.add(
            "foreign-key-added",
            None,
            _fk_text(fk),
            False,
            "documented relation added (informational)",
            table=name,
            column=fk[0],
        )
    if old.loading_behavior != new.loading_behavior:
        out.add(
            "loading-behavior-changed",
            old.loading_behavior,
            new.loading_behavior,
            False,
            "documented loading behaviour changed",
            table=name,
        )
    before_links = [link.url for link in old.links]
    after_links = [link.url for link in new.links]
    if before_links != after_links:
        out.add(
            "links-changed",
            before_links,
            after_links,
            False,
            "documented useful links changed (informational: API method, schema on GitHub)",
            table=name,
        )
    _diff_columns(out, name, "", old.columns, new.columns)


def _fk_text(fk: tuple[str, str, str]) -> str:
    return f"{fk[0]} -> {fk[1]}.{fk[2]}"


def _diff_columns(
    out: _Collector, table: str, prefix: str, old: list[Column], new: list[Column]
) -> None:
    old_c, new_c = _by_name(old), _by_name(new)
    for name, col in old_c.items():
        if name not in new_c:
            out.add(
                "column-removed",
                _types_text(col),
                None,
                True,
                "column removed",
                table=table,
                column=prefix + name,
            )
    for name, col in new_c.items():
        path = prefix + name
        if name not in old_c:
            out.add(
                "column-added",
                None,
                _types_text(col),
                False,
                "new column",
                table=table,
                column=path,
            )
            continue
        before = old_c[name]
        verdict = _type_change(before.types, col.types)
        if verdict is not None:
            out.add(
                "type-changed",
                list(before.types),
                list(col.types),
                verdict[0],
                verdict[1],
                table=table,
                column=path,
            )
        _diff_columns(out, table, path + ".", before.children, col.children)


def _types_text(col: Column) -> str:
    return "/".join(col.types) or "(no type stated)"


# --------------------------------------------------------------------------- config


def _diff_config(out: _Collector, old: ConfigObject | None, new: ConfigObject | None) -> None:
    if old is None and new is None:
        return
    if new is None:
        out.add(
            "config-removed",
            old.type if old else None,
            None,
            True,
            "connection properties no longer documented",
        )
        return
    if old is None:
        out.add("config-added", None, new.type, False, "connection properties documented")
        return
    _diff_properties(out, "config", "", old.properties, new.properties)
    _diff_properties(out, "oauth", "", old.oauth, new.oauth)


def _diff_properties(
    out: _Collector, section: str, prefix: str, old: list[Property], new: list[Property]
) -> None:
    pre = "oauth-" if section == "oauth" else ""
    old_p, new_p = _by_name(old), _by_name(new)
    for name, prop in old_p.items():
        if name not in new_p:
            out.add(
                f"{pre}property-removed",
                prop.type,
                None,
                True,
                "property removed",
                prop=prefix + name,
                section=section,
            )
    for name, prop in new_p.items():
        path = prefix + name
        if name not in old_p:
            out.add(
                f"{pre}property-added",
                None,
                prop.type,
                prop.required,
                "new required property" if prop.required else "new optional property",
                prop=path,
                section=section,
            )
            continue
        before = old_p[name]
        if before.required != prop.required:
            out.add(
                f"{pre}required-changed",
                before.required,
                prop.required,
                prop.required,
                "property made required" if prop.required else "property made optional",
                prop=path,
                section=section,
            )
        verdict = _type_change(_prop_types(before.type), _prop_types(prop.type))
        if verdict is not None:
            out.add(
                f"{pre}type-changed",
                before.type,
                prop.type,
                verdict[0],
                verdict[1],
                prop=path,
                section=section,
            )
        _diff_enum(out, section, path, before, prop)
        for kind in ("format", "pattern"):
            _diff_restriction(out, section, path, kind, before, prop)
        _diff_secret(out, section, path, before, prop)
        _diff_default(out, section, path, before, prop)
        _diff_properties(out, section, path + ".", before.children, prop.children)


def _enum(prop: Property) -> list[Any] | None:
    for c in prop.constraints:
        if c.kind == "enum" and isinstance(c.value, list):
            return list(c.value)
    return None


def _diff_enum(out: _Collector, section: str, path: str, old: Property, new: Property) -> None:
    before, after = _enum(old), _enum(new)
    if before == after:
        return
    pre = "oauth-" if section == "oauth" else ""
    if after is None:
        out.add(
            f"{pre}enum-changed",
            before,
            None,
            False,
            "accepted values no longer restricted",
            prop=path,
            section=section,
        )
        return
    if before is None:
        out.add(
            f"{pre}enum-changed",
            None,
            after,
            True,
            "accepted values now restricted",
            prop=path,
            section=section,
        )
        return
    if set(map(repr, before)) == set(map(repr, after)):
        return  # order only (repr: 1 and "1" are different values)
    lost = [v for v in before if v not in after]
    if lost:
        reason = f"accepted values removed: {', '.join(map(str, lost))}"
    else:
        reason = "accepted values added"
    out.add(f"{pre}enum-changed", before, after, bool(lost), reason, prop=path, section=section)


def _constraint(prop: Property, kind: str) -> Any:
    return next((c.value for c in prop.constraints if c.kind == kind), None)


def _diff_restriction(
    out: _Collector, section: str, path: str, kind: str, old: Property, new: Property
) -> None:
    """A format or pattern the generated validators and models check: one stated or changed
    rejects values that passed before (breaking); one dropped accepts more (not breaking)."""
    before, after = _constraint(old, kind), _constraint(new, kind)
    if before == after:
        return
    pre = "oauth-" if section == "oauth" else ""
    if after is None:
        reason = f"{kind} no longer checked"
    elif before is None:
        reason = f"{kind} now checked"
    else:
        reason = f"{kind} changed"
    out.add(
        f"{pre}{kind}-changed", before, after, after is not None, reason, prop=path, section=section
    )


def _diff_secret(out: _Collector, section: str, path: str, old: Property, new: Property) -> None:
    """Secret or not decides the config model's field type (SecretStr or str): code that
    reads the field breaks either way."""
    before, after = bool(_constraint(old, "secret")), bool(_constraint(new, "secret"))
    if before == after:
        return
    pre = "oauth-" if section == "oauth" else ""
    reason = "now a secret (SecretStr, writeOnly)" if after else "no longer a secret (plain str)"
    out.add(f"{pre}secret-changed", before, after, True, reason, prop=path, section=section)


def _diff_default(out: _Collector, section: str, path: str, old: Property, new: Property) -> None:
    """A default stated where none was only fills what was empty (not breaking); a default
    changed or dropped changes what a config that omits the property means (breaking)."""
    had = any(c.kind == "default" for c in old.constraints)
    has = any(c.kind == "default" for c in new.constraints)
    before, after = _constraint(old, "default"), _constraint(new, "default")
    if had == has and repr(before) == repr(after):
        return
    pre = "oauth-" if section == "oauth" else ""
    if not had:
        breaking, reason = False, f"default {after!r} now stated"
    elif not has:
        breaking, reason = True, f"default {before!r} no longer stated"
    else:
        breaking, reason = True, f"default changed from {before!r} to {after!r}"
    out.add(f"{pre}default-changed", before, after, breaking, reason, prop=path, section=section)
