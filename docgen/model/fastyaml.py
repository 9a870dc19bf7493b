"""A reader for the YAML docgen writes, about three times faster than PyYAML's C loader.

Loading the specs was the largest part of a cold build after datamodel-code-generator and
formatting (0.41 s of CPU for 147 specs): libyaml builds a node, with two position marks,
for each of the specs' 240,000 values, and PyYAML resolves and constructs each in Python.
A spec is written by :func:`docgen.model.specio.dump` in one style (block mappings and
sequences, two spaces, sequences not indented under their key, scalars plain or quoted,
long ones folded over lines), and :func:`load` reads exactly that style and nothing else.

Property: for any text, ``load(text)`` is either None or exactly what
``yaml.load(text, Loader=specio._Loader)`` gives. None (the caller then loads the text
with PyYAML, which also words and locates every error) for anything outside the style:
comments after the header, tabs, line breaks other than "\\n", document markers, anchors, aliases,
tags, flow collections other than ``[]`` and ``{}``, block scalars, quoted or complex
keys, a key given twice, a double-quoted value over several lines, a plain value that
resolves to anything but a string, a decimal integer, a plain decimal float, a boolean or
null, and any line it cannot place. tests/test_fastyaml.py holds it to PyYAML on every
committed spec, on specs of random content dumped as docgen dumps them, and on those
specs cut and edited at random.
"""

from __future__ import annotations

import re
from typing import Any

#: a block line: indentation, an optional "- ", then "key:" (and a value) or a value
_LINE = re.compile(r"( *)(- )?(?:([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$|(.*)$)")
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?")
_BOOL = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_NULL = frozenset({"~", "null", "Null", "NULL", ""})
#: what may not start a plain scalar (YAML's indicators) and what may not appear in one
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX = {"x": 2, "u": 4, "U": 8}
#: tabs, and the line breaks YAML knows besides "\n" (carriage return, NEL, the Unicode line
#: and paragraph separators: the dumper writes them as they are in a single-quoted value)
_REFUSED = ("\t", "\r", "\x85", "\u2028", "\u2029")
_HEX_DIGITS = re.compile(r"[0-9a-fA-F]*")


class _Outside(Exception):
    """The text leaves the style :func:`load` reads."""


def load(text: str, resolve: Any) -> Any | None:
    """The value of ``text`` (see the module), or None. ``resolve``: the loader's
    ``resolve`` (PyYAML's implicit resolvers: which plain scalars are numbers, booleans,
    nulls), called as ``resolve(plain_text)`` -> tag."""
    if any(c in text for c in _REFUSED) or text.startswith("\ufeff") or not text.endswith("\n"):
        return None
    lines = text.split("\n")[:-1]
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        start += 1  # the header
    try:
        reader = _Reader(lines, start, resolve)
        value = reader.root()
        if reader.i != len(lines):
            raise _Outside
    except (_Outside, IndexError, ValueError):
        return None
    return value


class _Reader:
    def __init__(self, lines: list[str], start: int, resolve: Any) -> None:
        self.lines = lines
        self.i = start
        self.resolve = resolve

    def root(self) -> Any:
        """The document: a block collection starting on the current line, not indented."""
        m = _LINE.match(self.lines[self.i])
        if m is None or m.group(1):
            raise _Outside
        if m.group(2):
            return self.sequence(0)
        if m.group(3) is None:
            raise _Outside  # a scalar alone on a line: not at this place in a spec
        return self.mapping(0, None)

    def mapping(self, indent: int, first: re.Match[str] | None) -> dict[str, Any]:
        """A block mapping at ``indent``; ``first``: its first key line, already matched
        (the one after a sequence item's dash)."""
        out: dict[str, Any] = {}
        lines = self.lines
        while self.i < len(lines):
            m = first if first is not None else _LINE.match(lines[self.i])
            if m is None:
                raise _Outside
            spaces, dash, key, rest, _ = m.groups()
            if first is None:
                at = len(spaces)
                if at < indent or (at == indent and dash):
                    break  # the enclosing collection goes on (load checks it is all read)
                if at > indent or key is None:
                    raise _Outside
            first = None
            if key in out or self.resolve(key) != _STR:
                raise _Outside
            self.i += 1
            if rest is None or rest == "":
                if rest == "":
                    raise _Outside  # "key: " with nothing after the space
                out[key] = self.after_key(indent)
            else:
                out[key] = self.scalar(rest, indent)
        return out

    def after_key(self, indent: int) -> Any:
        """The value of a key written alone on its line: a nested mapping (indented) or a
        sequence (indentless, at the key's indentation)."""
        if self.i >= len(self.lines):
            raise _Outside  # "key:" at the end: a null, left to PyYAML
        m = _LINE.match(self.lines[self.i])
        if m is None:
            raise _Outside
        at = len(m.group(1))
        if m.group(2) and at == indent:
            return self.sequence(indent)
        if at > indent and not m.group(2) and m.group(3) is not None:
            return self.mapping(at, None)
        raise _Outside

    def sequence(self, indent: int) -> list[Any]:
        out: list[Any] = []
        lines = self.lines
        while self.i < len(lines):
            m = _LINE.match(lines[self.i])
            if m is None:
                raise _Outside
            spaces, dash, key, _, rest = m.groups()
            at = len(spaces)
            if at < indent or (at == indent and not dash):
                break  # the enclosing mapping goes on (load checks it is all read)
            if at > indent or not dash:
                raise _Outside
            if key is not None:  # "- key: ...": a mapping starts in the item
                inner = _LINE.match(" " * (indent + 2) + lines[self.i][indent + 2 :])
                out.append(self.mapping(indent + 2, inner))
            else:
                self.i += 1
                if not rest or rest.startswith("- "):
                    raise _Outside
                out.append(self.scalar(rest, indent))
        return out

    def scalar(self, first: str, indent: int) -> Any:
        """A scalar that starts with ``first`` (the rest of the current line, which was
        consumed) and may go on over the following, more indented lines."""
        head = first[0]
        if head == "'":
            return self.single(first, indent)
        if head == '"':
            return self.double(first, indent)
        if first in ("[]", "{}"):
            return [] if first == "[]" else {}
        if head in _INDICATORS or head == " ":
            raise _Outside
        lines = self.lines
        deeper = " " * (indent + 1)  # a continuation line is indented more than the key
        parts = [first]
        while self.i < len(lines) and lines[self.i].startswith(deeper) and lines[self.i].strip(" "):
            parts.append(lines[self.i].lstrip(" "))
            self.i += 1
        text = " ".join(part.rstrip(" ") for part in parts)
        if ": " in text or " #" in text or text.endswith((":", " ")):
            raise _Outside
        return self.plain(text)

    def plain(self, text: str) -> Any:
        tag = self.resolve(text)
        if tag == _STR:
            return text
        if tag == _INT_TAG and _INT.fullmatch(text):
            return int(text)
        if tag == _FLOAT_TAG and _FLOAT.fullmatch(text):
            return float(text)
        if tag == _BOOL_TAG:
            return _BOOL[text.lower()]
        if tag == _NULL_TAG and text in _NULL:
            return None
        raise _Outside

    def single(self, first: str, indent: int) -> str:
        """A single-quoted scalar, folded as YAML folds it: spaces around a line break
        dropped, the break a space, each empty line a line break; '' is one quote."""
        body = first[1:]
        out: list[str] = []
        while True:
            end = _closing_quote(body)
            text = body if end < 0 else body[:end]
            if out:  # a continuation line: its indentation is not text
                text = text.lstrip(" ")
            if end >= 0:
                if body[end + 1 :].strip(" "):
                    raise _Outside  # text after the closing quote
                out.append(text)
                return "".join(out).replace("''", "'")
            out.append(text.rstrip(" "))
            body, breaks = self.next_text_line(indent)
            out.append("\n" * breaks if breaks else " ")

    def next_text_line(self, indent: int) -> tuple[str, int]:
        """The next line of a quoted scalar that goes on over lines, and how many empty
        lines came before it (consumed); it must be indented more than ``indent``."""
        breaks = 0
        while True:
            line = self.lines[self.i]  # past the end: IndexError, which load takes as outside
            self.i += 1
            if line.strip(" "):
                break
            breaks += 1
        if len(line) - len(line.lstrip(" ")) <= indent:
            raise _Outside
        return line, breaks

    def double(self, first: str, indent: int) -> str:
        """A double-quoted scalar: escapes decoded; a line break folded as in a
        single-quoted one, but an escaped one (a line ending in a lone backslash) joins the
        lines with nothing between (how the dumper cuts a long value without a space)."""
        out: list[str] = []
        kept = 0  # out[:kept] may not lose trailing spaces (escaped ones)
        line, i = first, 1
        while True:
            n = len(line)
            while i < n:
                ch = line[i]
                if ch == '"':
                    if line[i + 1 :].strip(" "):
                        raise _Outside
                    return "".join(out)
                if ch != "\\":
                    out.append(ch)
                    i += 1
                    continue
                if i + 1 == n:  # an escaped line break
                    break
                code = line[i + 1]
                if code in _ESCAPES:
                    out.append(_ESCAPES[code])
                    kept = len(out)
                    i += 2
                    continue
                width = _HEX.get(code)
                digits = line[i + 2 : i + 2 + (width or 0)]
                if width is None or len(digits) != width or not _HEX_DIGITS.fullmatch(digits):
                    raise _Outside
                out.append(chr(int(digits, 16)))
                kept = len(out)
                i += 2 + width
            escaped = i < n  # stopped at a lone backslash at the end of the line
            if not escaped:
                while len(out) > kept and out[-1] == " ":
                    out.pop()
            line, breaks = self.next_text_line(indent)
            if escaped and breaks:
                raise _Outside  # an empty line after an escaped break: left to PyYAML
            if not escaped:
                out.append("\n" * breaks if breaks else " ")
            kept = len(out)
            line, i = line.lstrip(" "), 0


def _closing_quote(text: str) -> int:
    """Where the quote that closes a single-quoted scalar is in ``text`` (-1: not here)."""
    i = 0
    while True:
        i = text.find("'", i)
        if i < 0:
            return -1
        if text.startswith("''", i):
            i += 2
            continue
        return i


_STR = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
