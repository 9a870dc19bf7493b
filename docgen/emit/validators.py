"""validators.py of a generated package: straight-line, stdlib-only checks.

For every record object (a table, or a nested object column) two functions are generated:

* ``_ok_<name>(r)``: the fast path. Inline ``type(v) is ...`` tests, returns ``False`` at
  the first doubt. It may be stricter than the rules (e.g. an integral float for an
  integer column); a ``False`` only means "look closer".
* ``_check_<name>(r, path, out)``: the slow path, run only when the fast path said no.
  It appends every :class:`Problem` (path + message) and never stops early.

Config objects only get the slow path (a config is validated once).
Records may carry properties that are not in the catalog (Singer taps add fields; targets
keep or drop them); config objects are closed: an unknown property is a problem.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from docgen.emit.pytext import Code, Names, docstring, is_identifier, lit
from docgen.emit.shapes import Member, Shape
from docgen.emit.templates import render_template
from docgen.model.formats import CHECKED_FORMATS, FORMAT_PREDICATES
from docgen.model.spec import identifier

_FAST_TYPES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "object": "dict",
    "array": "list",
}
_SLOW_TESTS = {
    "string": "isinstance({v}, str)",
    "integer": "is_integer({v})",
    "number": "is_number({v})",
    "boolean": "isinstance({v}, bool)",
    "object": "isinstance({v}, dict)",
    "array": "isinstance({v}, list)",
}
#: The module whose code every validators.py carries (docgen lint imports it).
RUNTIME = Path(__file__).resolve().with_name("runtime.py")


@cache
def runtime_source() -> tuple[tuple[str, ...], str]:
    """(import statements, code) of :data:`RUNTIME`: the code is its text below the imports,
    verbatim, inlined into each package's ``_runtime.py``; the template must make the same
    imports."""
    text = RUNTIME.read_text(encoding="utf-8")
    lines = text.splitlines()
    imports: list[str] = []
    end = 0
    for node in ast.parse(text).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            imports.append(ast.get_source_segment(text, node) or "")
            end = node.end_lineno or end
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and not end:
            end = node.end_lineno or end  # the module docstring
        else:
            break
    return tuple(imports), "\n".join(lines[end:]).strip("\n")


def _defined(code: str) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.parse(code).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return frozenset(names)


@cache
def runtime_names() -> frozenset[str]:
    """The module-level names the inlined runtime code defines."""
    return _defined(runtime_source()[1])


def render_runtime(display: str) -> str:
    """The text of a package's ``_runtime.py``: what every validators.py shares."""
    imports, runtime = runtime_source()
    text = render_template("runtime.py.j2", display=display, runtime=runtime)
    head = text.splitlines()
    missing = [i for i in imports if i not in head]
    if missing:  # an emitter bug: runtime.py imports what the template does not
        raise RuntimeError(f"runtime.py.j2 lacks runtime.py's imports {missing}")
    return text


@cache
def shared_names() -> tuple[str, ...]:
    """Every name ``_runtime.py`` defines (validators.py imports those it uses)."""
    return tuple(sorted(_defined(render_runtime("x"))))


_FORMAT_FUNCS = FORMAT_PREDICATES


NOT_NULL = lit("must not be null")
#: Property names written bare in a path (``a.b-c.d``); others are quoted (``a['x y']``).
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def key_path(parent: str | None, name: str) -> str:
    """The path expression (Python source) for member ``name`` below ``parent`` (a variable
    holding the parent path, or None at the root)."""
    plain = _PLAIN_KEY.fullmatch(name) is not None
    part = f".{name}" if plain else f"[{name!r}]"
    bare = name if plain else part
    if parent is None:
        return lit(bare)
    return f"({parent} + {lit(part)} if {parent} else {lit(bare)})"


def expected_text(shape: Shape) -> str:
    kinds = list(shape.kinds)
    if shape.fmt and "string" in kinds:
        kinds[kinds.index("string")] = f"string ({shape.fmt})"
    if shape.nullable:
        kinds.append("null")
    return " or ".join(kinds)


def echoes(shape: Shape) -> bool:
    """Some problem message of ``shape`` would quote the value (a format or accepted values)."""
    return shape.enum is not None or (shape.fmt in CHECKED_FORMATS and "string" in shape.kinds)


#: the fields of Shape that :func:`essence` names (tests/test_emit.py holds it to Shape's)
ESSENCE_FIELDS: tuple[str, ...] = ("kinds", "nullable", "fmt", "members", "items", "closed")
ESSENCE_FIELDS += ("enum", "pattern", "rule", "default", "has_default", "secret")


def essence(shape: Shape, memo: dict[int, tuple[Shape, Shape]] | None = None) -> Shape:
    """``shape`` with only what the validators check: descriptions and defaults dropped, and
    secrecy too unless a message would quote the value, so shapes that differ only in words
    share their functions (and a secret's never quote it). ``memo`` (by identity; each entry
    keeps its shape alive) makes the essence of each nested shape once per render: the
    renderer asks for it at every level of a nesting."""
    if memo is not None:
        known = memo.get(id(shape))
        if known is not None:
            return known[1]
    members = None
    if shape.members is not None:
        members = tuple(
            Member(m.name, essence(m.shape, memo), None, m.required) for m in shape.members
        )
    items = None if shape.items is None else essence(shape.items, memo)
    secret = shape.secret and echoes(shape)
    # every field named (dataclasses.replace took a third of the time: ESSENCE_FIELDS)
    out = Shape(
        kinds=shape.kinds,
        nullable=shape.nullable,
        fmt=shape.fmt,
        members=members,
        items=items,
        closed=shape.closed,
        enum=shape.enum,
        pattern=shape.pattern,
        rule=shape.rule,
        default=None,
        has_default=False,
        secret=secret,
    )
    if memo is not None:
        memo[id(shape)] = (shape, out)
    return out


def object_key(shape: Shape, memo: dict[int, tuple[Shape, Shape]] | None = None) -> Shape:
    """What an object's functions depend on: its members and whether it is closed (its own
    kinds and nullability are checked by the caller)."""
    return Shape(
        kinds=("object",),
        nullable=False,
        members=essence(shape, memo).members,
        closed=shape.closed,
    )


def lit_tuple(sources: list[str]) -> str:
    """A tuple display of Python expressions (a trailing comma only for one: ruff keeps a
    written trailing comma exploded one item a line)."""
    if len(sources) == 1:
        return f"({sources[0]},)"
    return f"({', '.join(sources)})"


NAME_LENGTH = 64


def short_name(name: str) -> str:
    """A function or constant name of at most :data:`NAME_LENGTH` characters (a def line
    stays within 100): the table's part and the innermost path parts, the middle dropped."""
    if len(name) <= NAME_LENGTH:
        return name
    parts = name.split("__")
    head, tail = parts[0], parts[1:]
    kept: list[str] = []
    while tail and len("__".join([head, tail[-1], *kept])) <= NAME_LENGTH:
        kept.insert(0, tail.pop())
    return "__".join([head, *kept])[:NAME_LENGTH] if kept else name[:NAME_LENGTH]


@dataclass
class _Gen:
    names: Names = field(default_factory=lambda: Names())
    consts: list[str] = field(default_factory=list)
    const_names: dict[str, str] = field(default_factory=dict)
    funcs: list[list[str]] = field(default_factory=list)
    object_cache: dict[Shape, tuple[str, str]] = field(default_factory=dict)
    item_cache: dict[Shape, str] = field(default_factory=dict)
    value_cache: dict[Shape, str] = field(default_factory=dict)
    essences: dict[int, tuple[Shape, Shape]] = field(default_factory=dict)

    # ----------------------------------------------------------------- constants

    def const(self, base: str, annotation: str, source: str) -> str:
        """A module-level constant (deduplicated by its source text)."""
        if source in self.const_names:
            return self.const_names[source]
        name = self.names.get(base)
        self.const_names[source] = name
        self.consts.append(f"{name}: {annotation} = {source}")
        return name

    def type_set(self, kinds: tuple[str, ...], *, none: bool = False) -> str:
        """A constant set of the exact types of ``kinds`` (and ``NoneType`` when ``none``):
        a set lookup of ``type(v)`` hashes by identity, faster than scanning a tuple."""
        types = sorted({_FAST_TYPES[k] for k in kinds} | ({"int"} if "number" in kinds else set()))
        names = [t.upper() for t in types] + (["NONE"] if none else [])
        source = lit_tuple(types + (["type(None)"] if none else []))
        return self.const("_T_" + "_".join(names), "frozenset[type]", f"frozenset({source})")

    def fast_test(self, member: Member, label: str) -> str | None:
        """The fast path's ``if`` condition that sends a record of this member to the careful
        path (None: nothing to test). Plain typed members are one exact-type lookup."""
        shape, key = member.shape, lit(member.name)
        optional = shape.nullable and not member.required
        if shape.is_any:
            return None if optional else f"r.get({key}) is None"
        plain = shape.members is None and (shape.items is None or shape.items.is_any)
        plain = plain and shape.fmt not in CHECKED_FORMATS and shape.enum is None
        if plain and not shape.pattern:
            kinds = shape.kinds
            if not optional and len(kinds) == 1 and kinds[0] != "number":
                return f"type(r.get({key})) is not {_FAST_TYPES[kinds[0]]}"
            return f"type(r.get({key})) not in {self.type_set(kinds, none=optional)}"
        bad = self.fast_bad(shape, "v", label)
        if optional:
            return f"(v := r.get({key})) is not None and ({bad})"
        return f"(v := r.get({key})) is None or {bad}"

    # ----------------------------------------------------------------- fast path

    def fast_bad(self, shape: Shape, v: str, label: str) -> str | None:
        """A boolean expression that is True when ``v`` (not None) may be invalid."""
        if shape.is_any:
            return None
        kinds = shape.kinds
        if len(kinds) == 1 and kinds[0] != "number":
            test = f"type({v}) is not {_FAST_TYPES[kinds[0]]}"
        else:
            test = f"type({v}) not in {self.type_set(kinds)}"
        parts = [test]
        if shape.fmt in CHECKED_FORMATS and "string" in kinds:
            check = f"not {_FORMAT_FUNCS[shape.fmt]}({v})"
            parts.append(check if kinds == ("string",) else f"(type({v}) is str and {check})")
        if shape.enum is not None or shape.pattern:
            return "True"  # constrained values: always take the careful path
        if shape.members is not None:
            fn = self.object_funcs(shape, label)[0]
            parts.append(
                f"not {fn}({v})"
                if kinds == ("object",)
                else f"(type({v}) is dict and not {fn}({v}))"
            )
        if shape.items is not None and not shape.items.is_any:
            fn = self.items_func(shape.items, label)
            parts.append(
                f"not {fn}({v})"
                if kinds == ("array",)
                else f"(type({v}) is list and not {fn}({v}))"
            )
        return " or ".join(parts)

    def items_func(self, item: Shape, label: str) -> str:
        key = essence(item, self.essences)
        if key in self.item_cache:
            return self.item_cache[key]
        name = self.names.get(short_name(f"_ok_{label}_list"))
        self.item_cache[key] = name
        bad = self.fast_bad(item, "x", f"{label}_item")
        lines = [f"def {name}(v: list[Any]) -> bool:", "    for x in v:"]
        cond = f"x is not None and ({bad})" if item.nullable else f"x is None or {bad}"
        lines += [f"        if {cond}:", "            return False", "    return True"]
        self.funcs.append(lines)
        return name

    # ----------------------------------------------------------------- both paths

    def object_funcs(self, shape: Shape, label: str) -> tuple[str, str]:
        """The fast and slow functions of an object shape, shared by every object with the
        same members (nested or a table, in any table): named after the first one met."""
        key = object_key(shape, self.essences)
        if key in self.object_cache:
            return self.object_cache[key]
        ok = self.names.get(short_name(f"_ok_{label}"))
        check = self.names.get(short_name(f"_check_{label}"))
        self.object_cache[key] = (ok, check)
        if not shape.closed:
            self._fast_object(shape, ok, label)
        self._slow_object(shape, check, label)
        return ok, check

    def _fast_object(self, shape: Shape, name: str, label: str) -> None:
        code = Code()
        code(f"def {name}(r: dict[str, Any]) -> bool:")
        code.indent()
        for member in shape.members or ():
            test = self.fast_test(member, f"{label}__{identifier(member.name)}")
            if test is not None:
                code(f"if {test}:")
                code("    return False")
        code("return True")
        self.funcs.append(code.lines)

    def value_check(self, shape: Shape, label: str) -> str:
        """A function appending the problems of a value (not None) of ``shape`` at a path,
        shared by every member of the same shape: ``(value, path, out) -> None``."""
        key = essence(shape, self.essences)
        if key in self.value_cache:
            return self.value_cache[key]
        nested = shape.members is not None or (shape.items is not None and not shape.items.is_any)
        base = "_".join(shape.kinds) + (f"_{shape.fmt}" if shape.fmt else "")
        base = f"secret_{base}" if key.secret else base
        name = self.names.get(
            short_name("_check_" + (label if nested else identifier(base)) + "_value")
        )
        self.value_cache[key] = name
        code = Code()
        code(f"def {name}(v: Any, path: str, out: list[Problem]) -> None:")
        code.indent()
        self.slow_value(code, shape, "v", "path", label, 0)
        self.funcs.append(code.lines)
        return name

    def _member_table(self, shape: Shape, name: str, label: str) -> None:
        """An open object's careful path: a table of its checked members and one loop."""
        rows = []
        for member in shape.members or ():
            if member.shape.is_any:
                continue
            check = self.value_check(member.shape, f"{label}__{identifier(member.name)}")
            plain = _PLAIN_KEY.fullmatch(member.name) is not None
            part = f".{member.name}" if plain else f"[{member.name!r}]"
            rows.append(f"({lit(member.name)}, {lit(part)}, {check})")
        table = self.names.get(short_name(f"_{label.strip('_').upper()}_MEMBERS"))
        code = Code()
        code(f"{table}: tuple[tuple[str, str, _Check], ...] = {lit_tuple(rows)}")
        code()
        code()
        code(f"def {name}(r: dict[str, Any], path: str, out: list[Problem]) -> None:")
        keys = [lit(m.name) for m in shape.members or () if m.required]
        if keys:  # a record's required members are its primary-key columns
            code(f"    _check_keys(r, {lit_tuple(keys)}, path, out)")
        code(f"    _check_members(r, {table}, path, out)")
        self.funcs.append(code.lines)

    def _slow_object(self, shape: Shape, name: str, label: str) -> None:
        if not shape.closed:
            self._member_table(shape, name, label)
            return
        code = Code()
        code(f"def {name}(r: dict[str, Any], path: str, out: list[Problem]) -> None:")
        code.indent()
        members = shape.members or ()
        if shape.closed:
            known = self.const(
                "_KNOWN", "frozenset[str]", f"frozenset({lit(sorted(m.name for m in members))})"
            )
            code("for k in r:")
            code(f"    if k not in {known}:")
            code(f"        out.append(_unknown(_key(path, k), {known}))")
        for member in members:
            if member.shape.is_any and not member.required:
                continue
            sub = f"{label}__{identifier(member.name)}"
            p = key_path("path", member.name)
            if member.required:
                code(f"v = r.get({lit(member.name)}, _MISSING)")
                code("if v is _MISSING:")
                code(f"    out.append(Problem({p}, 'missing required property'))")
                code("elif v is None:")
                null_check = f"out.append(Problem({p}, {NOT_NULL}))"
                code(f"    {'pass' if member.shape.nullable else null_check}")
                if not member.shape.is_any:
                    code("else:")
                    code.indent()
                    self.slow_value(code, member.shape, "v", p, sub, 0)
                    code.dedent()
            else:
                code(f"v = r.get({lit(member.name)})")
                code("if v is not None:")
                code.indent()
                self.slow_value(code, member.shape, "v", p, sub, 0)
                code.dedent()
        if len(code.lines) == 1:
            code("pass")
        self.funcs.append(code.lines)

    def slow_value(self, code: Code, shape: Shape, v: str, p: str, label: str, depth: int) -> None:
        """Statements appending problems for ``v`` (known not None) at path expression ``p``."""
        wrong = f"out.append(_wrong_type({p}, {lit(expected_text(shape))}, {v}))"
        probe = Code()
        for kind in shape.kinds:
            self._slow_kind(probe, shape, kind, v, p, label, depth)
        if not probe.lines:  # plain type test(s): one condition
            tests = " or ".join(_SLOW_TESTS[k].format(v=v) for k in shape.kinds)
            code(f"if not ({tests}):" if len(shape.kinds) > 1 else f"if not {tests}:")
            code(f"    {wrong}")
            return
        first = True
        for kind in shape.kinds:
            test = _SLOW_TESTS[kind].format(v=v)
            code(f"{'if' if first else 'elif'} {test}:")
            first = False
            code.indent()
            n = len(code.lines)
            self._slow_kind(code, shape, kind, v, p, label, depth)
            if len(code.lines) == n:
                code("pass")
            code.dedent()
        code("else:")
        code(f"    {wrong}")

    def _slow_kind(
        self, code: Code, shape: Shape, kind: str, v: str, p: str, label: str, depth: int
    ) -> None:
        if kind == "string":
            if shape.fmt in CHECKED_FORMATS:
                code(f"if not {_FORMAT_FUNCS[shape.fmt]}({v}):")
                if shape.secret:
                    code(f"    out.append(_bad_secret_format({p}, {lit(shape.fmt)}))")
                else:
                    code(f"    out.append(_bad_format({p}, {lit(shape.fmt)}, {v}))")
            if shape.pattern:
                pat = self.const("_PATTERN", "re.Pattern[str]", f"re.compile({lit(shape.pattern)})")
                rule = self.const("_RULE", "str", lit(shape.rule or "see the documentation"))
                code(f"if {pat}.search({v}) is None:")
                if shape.secret:
                    code(f"    out.append(_secret_breaks_rule({p}, {rule}))")
                else:
                    code(f"    out.append(_breaks_rule({p}, {rule}, {v}))")
        if shape.enum is not None and kind in ("string", "integer", "number", "boolean"):
            accepted = self.const("_ACCEPTED", "tuple[object, ...]", lit(tuple(shape.enum)))
            code(f"if {v} not in {accepted}:")
            if shape.secret:
                code(f"    out.append(_secret_not_accepted({p}, {accepted}))")
            else:
                code(f"    out.append(_not_accepted({p}, {v}, {accepted}))")
        if kind == "object" and shape.members is not None:
            check = self.object_funcs(shape, label)[1]
            code(f"{check}({v}, {p}, out)")
        if kind == "array" and shape.items is not None and not shape.items.is_any:
            i, x = f"i{depth}", f"x{depth}"
            code(f"for {i}, {x} in enumerate({v}):")
            code.indent()
            pvar = f"p{depth}"
            code(f'{pvar} = {p} + "[" + str({i}) + "]"')
            null_action = (
                "pass" if shape.items.nullable else f"out.append(Problem({pvar}, {NOT_NULL}))"
            )
            code(f"if {x} is None:")
            code(f"    {null_action}")
            code("else:")
            code.indent()
            self.slow_value(code, shape.items, x, pvar, f"{label}_item", depth + 1)
            code.dedent()
            code.dedent()


@dataclass
class Stream:
    name: str
    shape: Shape


def render_validators(module_doc: str, config: Shape | None, streams: list[Stream]) -> str:
    """The text of validators.py: the public API first (``STREAMS``, ``validate_record``,
    ``validate_config``), then the checks they run, then the stream table. The shared runtime
    is imported from the package's ``_runtime.py`` (:func:`render_runtime`)."""
    gen = _Gen(Names({"Problem", "validate_config", "validate_record", "STREAMS"}))
    gen.names.taken.update({"_MISSING", "_STREAMS", "_CONFIG_ROOT"})
    gen.names.taken.update(shared_names())
    table_funcs: list[tuple[str, str, str]] = []
    for stream in streams:
        ok, check = gen.object_funcs(stream.shape, identifier(stream.name, fallback="stream"))
        table_funcs.append((stream.name, ok, check))
    config_check = None
    if config is not None:
        config_check = gen.object_funcs(config, "config")[1]
    checks: list[str] = list(gen.consts)
    for lines in gen.funcs:
        checks += ["", "", *lines]
    return render_template(
        "validators.py.j2",
        module_doc=module_doc,
        runtime_names=shared_names(),
        streams=lit_tuple([lit(n) for n, _, _ in table_funcs]) if table_funcs else "()",
        config_check=config_check,
        checks="\n".join(checks),
        entries=", ".join(f"{lit(n)}: ({ok}, {check})" for n, ok, check in table_funcs),
    )


__all__ = ["Stream", "docstring", "is_identifier", "render_runtime", "render_validators"]
