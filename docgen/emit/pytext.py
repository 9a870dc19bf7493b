"""Safe Python text: literals, docstrings, names, and a tiny indented code builder."""

from __future__ import annotations

import keyword
import math
import re

from docgen.model.spec import identifier

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def lit(value: object) -> str:
    """A Python literal for a JSON scalar or a (nested) list/tuple of them."""
    if isinstance(value, list | tuple):
        inner = ", ".join(lit(v) for v in value)
        if isinstance(value, tuple):
            return f"({inner},)" if len(value) == 1 else f"({inner})"
        return f"[{inner}]"
    if value is None or isinstance(value, bool | int | str):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"no literal for {value!r}")
        return repr(value)
    raise TypeError(f"no literal for {type(value).__name__}")


def doc_text(text: str) -> str:
    """Text safe inside a triple-double-quoted (non-raw) docstring: backslashes, quote runs,
    a closing quote at the end and non-printable characters are escaped."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == " " or ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
    return "".join(out)


def wrap(text: str, width: int) -> list[str]:
    """``text``'s words (whitespace collapsed) in lines of at most ``width`` characters (a
    longer word gets a line of its own)."""
    lines: list[str] = []
    current = ""
    for word in " ".join(text.split()).split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def docstring(text: str, indent: str = "") -> list[str]:
    """Docstring lines (wrapped at ~88 columns) for ``text``."""
    lines = wrap(text, 88 - len(indent))
    if not lines:
        return []
    body = [doc_text(line) for line in lines]
    if len(body) == 1:
        return [f'{indent}"""{body[0]}"""']
    return [f'{indent}"""{body[0]}'] + [f"{indent}{b}" for b in body[1:]] + [f'{indent}"""']


def is_identifier(name: str) -> bool:
    return bool(_IDENT.match(name)) and not keyword.iskeyword(name)


def class_name(text: str, fallback: str = "Model") -> str:
    """PascalCase identifier for ``text`` (``contact_lists`` -> ``ContactLists``)."""
    snake = identifier(text, fallback=fallback.lower()).strip("_")
    name = "".join(part[:1].upper() + part[1:] for part in snake.split("_") if part)
    if not name or not name[0].isalpha():
        name = f"{fallback}{name}"
    return name


class Names:
    """Hands out unique identifiers: a second request for a taken name gets ``_2``, ``_3``..."""

    def __init__(self, reserved: set[str] | None = None, *, numbered: bool = False) -> None:
        self.taken: set[str] = set(reserved or ())
        self.sep = "" if numbered else "_"

    def get(self, base: str) -> str:
        name = base
        n = 2
        while name in self.taken or keyword.iskeyword(name) or keyword.issoftkeyword(name):
            name = f"{base}{self.sep}{n}"
            n += 1
        self.taken.add(name)
        return name


class Code:
    """Lines with indentation."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.level = 0

    def __call__(self, line: str = "") -> None:
        self.lines.append(("    " * self.level + line) if line else "")

    def indent(self) -> Code:
        self.level += 1
        return self

    def dedent(self) -> None:
        self.level -= 1

    def extend(self, lines: list[str]) -> None:
        for line in lines:
            self(line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
