"""The one registry of the string formats docgen checks.

Everything that treats a format derives from :data:`STRING_FORMATS`: the generated
validators (which runtime predicate checks it), the config models and the records' shared
types (which ``_types.py`` type carries it), the records' ``$defs`` replaced by those types,
lint (through the runtime predicates), drift (which formats are dates) and the constraints
read from the docs (a format they state is one of these or is carried as an annotation only).
A format not listed here is an annotation only: carried, never checked.

The predicates themselves are :data:`docgen.emit.runtime.FORMAT_CHECKS`, inlined verbatim
into every generated ``_runtime.py``; ``tests/test_runtime.py`` holds the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StringFormat:
    name: str  # the JSON Schema format
    predicate: str  # the runtime function that checks it (docgen.emit.runtime)
    type_name: str  # the shared type in a generated package's _types.py
    in_records: bool  # record schemas name it as a $def that _types.py replaces
    is_date: bool  # a date or time: drift compares it as its own type


STRING_FORMATS = (
    StringFormat("date-time", "is_date_time", "DateTime", in_records=True, is_date=True),
    StringFormat("date", "is_date", "Date", in_records=True, is_date=True),
    StringFormat("time", "is_time", "Time", in_records=True, is_date=True),
    StringFormat("singer.decimal", "is_decimal", "DecimalString", in_records=True, is_date=False),
    StringFormat("email", "is_email", "Email", in_records=False, is_date=False),
    StringFormat("uri", "is_uri", "Uri", in_records=False, is_date=False),
)
#: the checked formats, in registry order
CHECKED_FORMATS = tuple(f.name for f in STRING_FORMATS)
#: format -> the _types.py type that checks it
FORMAT_TYPES = {f.name: f.type_name for f in STRING_FORMATS}
#: format -> the runtime predicate that checks it
FORMAT_PREDICATES = {f.name: f.predicate for f in STRING_FORMATS}
#: the date and time formats
DATE_FORMATS = tuple(f.name for f in STRING_FORMATS if f.is_date)

__all__ = [
    "CHECKED_FORMATS",
    "DATE_FORMATS",
    "FORMAT_PREDICATES",
    "FORMAT_TYPES",
    "STRING_FORMATS",
    "StringFormat",
]
