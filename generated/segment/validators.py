"""Validators of Segment connection configs and records. Standard library only. Generated
by docgen; do not edit. Descriptions come from the Stitch documentation
(github.com/stitchdata/docs), licensed CC BY-SA 4.0.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from typing import Any, NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a value: where (a property path) and what, in words."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(root)'}: {self.message}"


#: Appends the problems of a value (known not None) found at a path.
_Check = Callable[[Any, str, list[Problem]], None]


# ---- docgen/emit/runtime.py (the predicates docgen lint uses too), inlined verbatim ----

_DATE_TIME = re.compile(
    r"(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)",
    re.ASCII,
)
_DATE = re.compile(r"(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", re.ASCII)
_TIME = re.compile(
    r"([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)?", re.ASCII
)
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S*")


def _day_exists(year: str, month: str, day: str) -> bool:
    """The day exists (year 0000 does not: Python's datetime, hence Singer targets, starts at 1)."""
    if year == "0000":
        return False
    return day < "29" or int(day) <= calendar.monthrange(int(year), int(month))[1]


def is_date_time(value: str) -> bool:
    """RFC 3339 date-time with a time zone: ``2024-01-31T12:00:00Z``."""
    m = _DATE_TIME.fullmatch(value)
    return m is not None and _day_exists(m[1], m[2], m[3])


def is_date(value: str) -> bool:
    """RFC 3339 full-date: ``2024-01-31``."""
    m = _DATE.fullmatch(value)
    return m is not None and _day_exists(m[1], m[2], m[3])


def is_time(value: str) -> bool:
    """Time of day ``HH:MM:SS[.fraction]``, optionally with a zone offset."""
    return _TIME.fullmatch(value) is not None


def is_decimal(value: str) -> bool:
    """A decimal number written as a string (Singer's ``singer.decimal``)."""
    return _DECIMAL.fullmatch(value) is not None


def is_email(value: str) -> bool:
    """``local@domain``, no whitespace, one ``@``."""
    return _EMAIL.fullmatch(value) is not None


def is_uri(value: str) -> bool:
    """An absolute URI: a scheme, a colon, no whitespace."""
    return _URI.fullmatch(value) is not None


FORMAT_CHECKS = {
    "date-time": is_date_time,
    "date": is_date,
    "time": is_time,
    "singer.decimal": is_decimal,
    "email": is_email,
    "uri": is_uri,
}
"""The checked string formats and their predicates (other formats are annotations only)."""

_FORMAT_EXAMPLES = {
    "date-time": "an RFC 3339 date-time such as 2024-01-31T12:00:00Z",
    "date": "a date such as 2024-01-31",
    "time": "a time such as 12:00:00",
    "singer.decimal": "a decimal number written as a string, such as '12.50'",
    "email": "an email address",
    "uri": "a URI such as https://example.com",
}


def has_format(value: str, fmt: str) -> bool:
    """``value`` is of format ``fmt``; a format without a check accepts everything."""
    check = FORMAT_CHECKS.get(fmt)
    return check is None or check(value)


def is_integer(value: object) -> bool:
    """A JSON Schema integer: an int or an integral float, never a bool."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def is_number(value: object) -> bool:
    """A JSON Schema number: an int or a float, never a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def json_type(value: object) -> str:
    """The JSON type name of a Python value (its class name for non-JSON values)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return type(value).__name__


def is_kind(value: object, kind: str) -> bool:
    """``value`` is of JSON type ``kind`` (JSON Schema rules, see :func:`is_integer`)."""
    if kind == "integer":
        return is_integer(value)
    if kind == "number":
        return is_number(value)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    return kind == "null" and value is None


# ---- end of docgen/emit/runtime.py ----


def _wrong_type(path: str, expected: str, value: object) -> Problem:
    return Problem(path, f"wrong type: expected {expected}, got {json_type(value)}")


def _bad_format(path: str, fmt: str, value: str) -> Problem:
    shown = value if len(value) <= 60 else value[:57] + "..."
    return Problem(path, f"bad {fmt} format: {shown!r} is not {_FORMAT_EXAMPLES[fmt]}")


def _bad_secret_format(path: str, fmt: str) -> Problem:
    """A secret's value is never shown, not even in a problem."""
    return Problem(path, f"bad {fmt} format: the (secret) value is not {_FORMAT_EXAMPLES[fmt]}")


def _not_accepted(path: str, value: object, accepted: tuple[object, ...]) -> Problem:
    listed = ", ".join(repr(v) for v in accepted)
    return Problem(path, f"value {value!r} is not one of the accepted values: {listed}")


def _secret_not_accepted(path: str, accepted: tuple[object, ...]) -> Problem:
    """A secret's value is never shown, not even in a problem."""
    listed = ", ".join(repr(v) for v in accepted)
    return Problem(path, f"the (secret) value is not one of the accepted values: {listed}")


def _unknown(path: str, known: frozenset[str]) -> Problem:
    listed = ", ".join(sorted(known)) or "(none)"
    return Problem(path, f"unknown property; the accepted properties are: {listed}")


_PLAIN_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def _key(path: str, name: str) -> str:
    if _PLAIN_KEY.fullmatch(name):
        return f"{path}.{name}" if path else name
    return f"{path}[{name!r}]"


def _check_members(
    r: dict[str, Any], members: tuple[tuple[str, str, _Check], ...], path: str, out: list[Problem]
) -> None:
    """The problems of an open object's members: (name, path part, check) rows."""
    for name, part, check in members:
        v = r.get(name)
        if v is not None:
            check(v, path + part if path else part.removeprefix("."), out)


_MISSING: Any = object()


def _ok_group(r: dict[str, Any]) -> bool:
    return True


_GROUP_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_group(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_members(r, _GROUP_MEMBERS, path, out)


def _ok_identify(r: dict[str, Any]) -> bool:
    return True


_IDENTIFY_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_identify(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_members(r, _IDENTIFY_MEMBERS, path, out)


def _ok_page(r: dict[str, Any]) -> bool:
    return True


_PAGE_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_page(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_members(r, _PAGE_MEMBERS, path, out)


def _ok_screen(r: dict[str, Any]) -> bool:
    return True


_SCREEN_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_screen(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_members(r, _SCREEN_MEMBERS, path, out)


def _ok_track(r: dict[str, Any]) -> bool:
    return True


_TRACK_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_track(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_members(r, _TRACK_MEMBERS, path, out)


_STREAMS: dict[
    str,
    tuple[Callable[[dict[str, Any]], bool], Callable[[dict[str, Any], str, list[Problem]], None]],
] = {
    "group": (_ok_group, _check_group),
    "identify": (_ok_identify, _check_identify),
    "page": (_ok_page, _check_page),
    "screen": (_ok_screen, _check_screen),
    "track": (_ok_track, _check_track),
}
STREAMS: tuple[str, ...] = tuple(_STREAMS)
"""The stream (table) names, in page order."""


def validate_record(stream: str, record: Any) -> list[Problem]:
    """Every problem of one record of ``stream`` (empty when it is valid).

    Properties the catalog does not list are allowed (Singer records may carry them).
    """
    entry = _STREAMS.get(stream)
    if entry is None:
        known = ", ".join(STREAMS) or "(none)"
        return [Problem("", f"unknown stream {stream!r}; the streams are: {known}")]
    ok, check = entry
    if type(record) is dict and ok(record):
        return []
    if not isinstance(record, dict):
        return [_wrong_type("", "object", record)]
    out: list[Problem] = []
    check(record, "", out)
    return out


def validate_config(data: Any) -> list[Problem]:
    """Every problem of a connection config (empty when it is valid).

    Unknown properties are problems: the config accepts exactly the documented ones.
    """
    if not isinstance(data, dict):
        return [_wrong_type("", "object", data)]
    out: list[Problem] = []
    for k in data:
        out.append(Problem(_key("", k), "unknown property; no config is documented"))
    return out
