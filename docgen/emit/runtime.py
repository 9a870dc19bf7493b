"""The value predicates every judge of a value shares: formats, JSON types.

One implementation, two users:

* ``docgen lint`` imports this module to judge the example values the docs print;
* every generated package's ``_runtime.py`` (which its ``validators.py`` imports) carries
  this module's code inlined (its body below the imports, verbatim:
  :func:`docgen.emit.validators.runtime_source`), so the generated
  packages never import docgen and stay stdlib-only, yet judge a value exactly as lint does.

Hence the rules for this file: standard library only, imports only those the runtime
template (``templates/runtime.py.j2``) has too, no module-level state beyond
constants, and code that is ruff- and ``mypy --strict``-clean as generated code.

Decisions:

* ``date-time`` is RFC 3339: a ``T`` (or ``t``) between date and time and a zone
  (``Z`` or ``+01:00``) are required; the day must exist (no 2024-02-30, no year 0000).
* ``uri`` is RFC 3986's outline: a scheme, a colon, no whitespace (``localhost:8080`` and
  ``http://`` are URIs, ``example.com`` is not). ``email`` is ``local@domain`` without
  whitespace (``someone@localhost`` is one).
* JSON types follow JSON Schema: ``3.0`` is an integer, ``True`` is neither an integer nor a
  number, an integer is a number.
"""

from __future__ import annotations

import calendar
import re

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
