"""JSON text of the generated files, faster than the standard library's indented writer.

``json.dumps(data, indent=2, ensure_ascii=False)`` gives up the C encoder when ``indent``
is set and writes through nested Python generators, a few string pieces per value: a cold
build spent ~0.19 s of its CPU there (catalog.json and config.schema.json of 147
packages). :func:`dumps` writes the same text, byte for byte, by one recursive function
that appends to a list, strings escaped by the C ``encode_basestring``: about a third of
the time. What it does not know (a key that is not a string, a value of another type, a
container nested in itself) it leaves to ``json.dumps``, whose text is the definition:
tests/test_jsontext.py holds the two equal on every generated file and on odd data.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_INFINITY = float("inf")


class _Unusual(Exception):
    """Data :func:`dumps` leaves to ``json.dumps``."""


def dumps(data: Any, indent: int = 2) -> str:
    """``json.dumps(data, indent=indent, ensure_ascii=False)``, the same text."""
    out: list[str] = []
    try:
        _write(data, "\n", " " * indent, out, 0)
    except (_Unusual, RecursionError):
        return json.dumps(data, indent=indent, ensure_ascii=False)
    return "".join(out)


def _write(value: Any, newline: str, step: str, out: list[str], depth: int) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        if depth > 500:  # deeper than any schema: maybe a cycle, which json.dumps names
            raise _Unusual
        inner = newline + step
        sep = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            out.append(sep)
            out.append(encode_basestring(key))
            out.append(": ")
            _write(item, inner, step, out, depth + 1)
            sep = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        if depth > 500:
            raise _Unusual
        inner = newline + step
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _write(item, inner, step, out, depth + 1)
            sep = "," + inner
        out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        if value != value:
            out.append("NaN")
        elif value == _INFINITY:
            out.append("Infinity")
        elif value == -_INFINITY:
            out.append("-Infinity")
        else:
            out.append(float.__repr__(value))
    else:  # subclasses, Decimal, objects: the standard library decides (or refuses)
        raise _Unusual
