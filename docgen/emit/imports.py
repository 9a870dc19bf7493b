"""The import block of a generated module, pruned and sorted as ruff would, without ruff.

The build formats generated code with ruff: ``ruff check --fix-only --select I,UP,F401``
(unused imports removed, imports sorted), then ``ruff format``. The templates import
every name a package may use and leave the pruning to ruff; that check was a third of the
formatting's CPU (0.44 s of a cold build). :func:`fix_imports` does the same to the one
shape of module docgen's templates write, in a fraction of that:

- a module docstring, then one block of imports: ``from __future__ import ...``,
  ``import a.b`` and ``from m import x, y`` (parenthesized or not), no aliases, no
  comments, no star, each module once;
- the rest of the module holds no import statement.

Every other module returns None and is left to ruff (:func:`docgen.emit.fmt.format_many`),
and so is, whatever its shape, code docgen did not write (datamodel-code-generator's
models in records.py) and a scaffolded tap (its imports of the project's own package).

What it reproduces of ruff (0.15, ``--isolated``: isort's defaults), each held by
tests/test_imports.py against the ruff the build runs:

- **F401**: an imported name is kept when it is used: named outside strings and comments
  (inside an f-string's replacement fields too), not as an attribute (``x.name``), or
  listed in ``__all__``. ``from __future__`` imports are always kept.
- **I001**: sections future, standard library, third party, local (relative), a blank line
  between; in each, ``import m`` lines before ``from m import`` lines, modules in natural
  case-insensitive order; names constants first, then classes, then the rest, each in
  natural case-insensitive order; a ``from`` import on one line when it fits in
  the line length and had no trailing comma, else one
  name a line; after the block, two blank lines before a class or function (a comment
  before it included) and one before anything else.
- **UP**: docgen's templates give pyupgrade nothing to fix (the build's output equals
  ruff's on every spec: tests/test_generated_committed.py).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache

#: modules of the standard library a generated module imports (ruff's list for py311 and
#: ``sys.stdlib_module_names`` agree on these); any other stdlib module is left to ruff
_STDLIB = frozenset(
    {
        "abc",
        "calendar",
        "collections",
        "dataclasses",
        "datetime",
        "decimal",
        "enum",
        "functools",
        "ipaddress",
        "itertools",
        "json",
        "math",
        "pathlib",
        "re",
        "typing",
        "uuid",
    }
)

_DOCSTRING = re.compile(
    r'[ \t]*(?:"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\[\s\S]|\'(?!\'\'))*\'\'\')'
    r"[ \t]*\n"
)
_DOTTED = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_STRAIGHT = re.compile(rf"import ({_DOTTED})[ \t]*\n")
_FROM = re.compile(
    rf"from (\.*{_DOTTED}) import (?:\(\s*((?:{_NAME}\s*,\s*)*{_NAME}\s*,?)\s*\)"
    rf"|({_NAME}(?:[ \t]*,[ \t]*{_NAME})*))[ \t]*\n"
)
_BLANK = re.compile(r"[ \t]*\n")
#: an import statement at the start of a line (a docstring's "from x import y" line counts:
#: the module is then left to ruff)
_LATER_IMPORT = re.compile(
    rf"^[ \t]*(?:import[ \t]+{_DOTTED}|from[ \t]+\.*{_DOTTED}[ \t]+import\b)", re.MULTILINE
)
#: a string literal (its prefix letters are before it) or a comment, each kind written as
#: "unrolled loops", every branch starting with a quote or ``#``: the engine then skips to
#: the next of those at once, and the scan of 10 MB of generated code takes ~0.06 s
STRINGS_AND_COMMENTS = re.compile(
    r'''"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'''
    r"""|'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"""
    r"""|"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*"|'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*'|#[^\n]*"""
)
#: what may stand before a string: its prefix (left in the text, cut from the names)
_PREFIXES = frozenset({"f", "r", "b", "u", "fr", "rf", "br", "rb"})
_ALL = re.compile(r"^__all__(?::[^=\n]*)? = [\[(]([^\])]*)[\])]", re.MULTILINE)
_QUOTED = re.compile(r"""\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)')\s*(?:,|$)""")


@dataclass
class _Import:
    module: str  # with its leading dots when relative
    names: list[str]  # empty: a straight ``import module``
    exploded: bool  # written with a trailing comma in parentheses (ruff keeps it so)


def fix_imports(source: str, line_length: int) -> str | None:
    """``source`` with its imports pruned and sorted as ruff's ``--fix-only --select
    I,UP,F401`` gives them, or None when the module is not of the shape this handles (see
    the module docstring): then ruff must do it. ``line_length``: ruff's."""
    doc = _DOCSTRING.match(source)
    if doc is None:
        return None
    pos = doc.end()
    while (blank := _BLANK.match(source, pos)) is not None:
        pos = blank.end()
    head = source[:pos]
    imports: list[_Import] = []
    while True:
        if (m := _STRAIGHT.match(source, pos)) is not None:
            imports.append(_Import(m.group(1), [], False))
        elif (m := _FROM.match(source, pos)) is not None:
            listed = m.group(2) if m.group(2) is not None else m.group(3)
            names = [n.strip() for n in listed.split(",") if n.strip()]
            exploded = m.group(2) is not None and listed.rstrip().endswith(",")
            imports.append(_Import(m.group(1), names, exploded))
        elif (m := _BLANK.match(source, pos)) is None:
            break
        pos = m.end()
    body = source[pos:]
    if not imports or ("import" in body and _LATER_IMPORT.search(body) is not None):
        return None
    modules = [i.module for i in imports]
    if len(set(modules)) < len(modules):
        return None  # ruff merges them: left to it
    wanted = {i.module.split(".")[0] for i in imports if not i.names and i.module != "__future__"}
    wanted.update(n for i in imports if i.module != "__future__" for n in i.names)
    used = _uses(body, wanted)
    if used is None:
        return None
    kept: list[_Import] = []
    for imp in imports:
        if imp.module == "__future__":
            kept.append(imp)
        elif not imp.names:
            if imp.module.split(".")[0] in used:
                kept.append(imp)
        else:
            if len(set(imp.names)) < len(imp.names):
                return None
            names = [n for n in imp.names if n in used]
            if names:
                kept.append(_Import(imp.module, names, imp.exploded))
    sections: dict[int, list[_Import]] = {}
    for imp in kept:
        section = _section(imp.module)
        if section is None:
            return None
        sections.setdefault(section, []).append(imp)
    if not sections:
        return None
    blocks = []
    for _, group in sorted(sections.items()):
        straight = sorted((i for i in group if not i.names), key=lambda i: _natural(i.module))
        froms = sorted((i for i in group if i.names), key=lambda i: _module_key(i.module))
        blocks.append("\n".join(_render(i, line_length) for i in [*straight, *froms]))
    rest = body.lstrip("\n")
    following = _first_statement(rest)
    gap = "\n\n\n" if following.startswith(("class ", "def ", "async def ", "@")) else "\n\n"
    return head + "\n\n".join(blocks) + (gap + rest if rest else "\n")


def _uses(body: str, names: set[str]) -> set[str] | None:
    """Which of ``names`` ``body`` uses (outside strings and comments, not as attributes,
    or listed in ``__all__``), or None when ``__all__`` is written in a way not read here.
    Strings and comments are cut out (an f-string's replacement fields stay: they are
    code), then each name is looked for in what is left."""
    if any(name.lower() in _PREFIXES for name in names):
        return None  # a string's prefix, left in the text, would pass for a use
    code = STRINGS_AND_COMMENTS.sub(_code_of, body)
    used = {name for name in names if name in code and _used(name, code)}
    if _used("__all__", code):
        if body.count("__all__") != 1:
            return None
        listed = _ALL.search(body)
        if listed is None:
            return None
        items = listed.group(1)
        pos = 0
        while pos < len(items.rstrip()):
            item = _QUOTED.match(items, pos)
            if item is None or item.end() == pos:
                return None
            used.add(item.group(1) if item.group(1) is not None else item.group(2))
            pos = item.end()
    return used & names


def _used(name: str, code: str) -> bool:
    """Whether ``code`` names ``name`` (not as a part of a longer name, nor after a dot).
    The pattern starts with the name itself, which the engine finds fast; the character
    before is looked at here (a look-behind at its start made the search ten times slower)."""
    for hit in re.finditer(rf"{re.escape(name)}(?!\w)", code):
        start = hit.start()
        if start == 0:
            return True
        before = code[start - 1]
        if not (before.isalnum() or before in "_."):
            return True
    return False


def _code_of(token: re.Match[str]) -> str:
    """What of a string or comment is code: an f-string's replacement fields (a space for
    anything else, so the names on both sides stay apart)."""
    text, start = token.string, token.start()
    if not start or not text[start - 1].isalpha():  # no prefix (most strings), a comment
        return " "
    if text[start] == "#":
        return " "
    begin = start
    while begin > 0 and start - begin < 2 and text[begin - 1].isalpha():
        begin -= 1
    prefix = text[begin:start].lower()
    if "f" not in prefix or prefix not in _PREFIXES:
        return " "
    fields = _fields(token.group())
    return " " + " ".join(STRINGS_AND_COMMENTS.sub(_code_of, f) for f in fields) + " "


def _fields(literal: str) -> list[str]:
    """The replacement fields of an f-string literal (``{{`` and ``}}`` outside a field are
    its text; a field's format spec may hold fields of its own: ``{x:>{width}}``)."""
    fields: list[str] = []
    depth = 0
    start = 0
    i = 0
    while i < len(literal):
        ch = literal[i]
        if depth == 0 and ch in "{}" and literal[i : i + 2] in ("{{", "}}"):
            i += 2
            continue
        if ch == "{":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                fields.append(literal[start:i])
        i += 1
    return fields


def _section(module: str) -> int | None:
    """isort's section of a module (0 future, 1 standard library, 2 third party, 4 local),
    None for one whose section this does not know for sure."""
    if module == "__future__":
        return 0
    if module.startswith("."):
        return 4
    top = module.split(".")[0]
    if top in _STDLIB:
        return 1
    if top in sys.stdlib_module_names or re.fullmatch(r"package\d+", top):
        return None  # another stdlib module; a batch's own folder (ruff: first party)
    return 2


@cache
def _natural(text: str) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """ruff's order of names: natural (digit runs by value), case-insensitive first."""
    return _runs(text.lower()), _runs(text)


def _runs(text: str) -> tuple[object, ...]:
    parts: list[object] = []
    for i, part in enumerate(re.split(r"(\d+)", text)):
        parts.append(int(part) if i % 2 else part)
    return tuple(parts)


def _module_key(module: str) -> tuple[object, ...]:
    """Relative modules furthest first (``..a`` before ``.a``), then by name."""
    stripped = module.lstrip(".")
    return (-(len(module) - len(stripped)), _natural(stripped))


@cache
def _member_key(name: str) -> tuple[object, ...]:
    """Constants (``ALL_CAPS``), then classes (``Capitalised``), then the rest."""
    kind = 0 if len(name) > 1 and name.isupper() else 1 if name[:1].isupper() else 2
    return (kind, _natural(name))


def _render(imp: _Import, line_length: int) -> str:
    if not imp.names:
        return f"import {imp.module}"
    names = sorted(imp.names, key=_member_key)
    line = f"from {imp.module} import {', '.join(names)}"
    if not imp.exploded and len(line) <= line_length:
        return line
    return f"from {imp.module} import (\n" + "".join(f"    {n},\n" for n in names) + ")"


def _first_statement(rest: str) -> str:
    """The first line of ``rest`` that is neither blank nor a comment."""
    for line in rest.split("\n"):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return line
    return ""
