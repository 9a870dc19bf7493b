"""docgen's part of tap-autopilot: rewritten by ``docgen scaffold autopilot`` on every run.

Do not edit it: your code goes in ``tap.py`` and ``streams.py``, which docgen never rewrites.
What is here comes from the Stitch documentation of Autopilot:

* ``catalog.json``: the Singer catalog of the documented tables (schemas, keys, metadata);
* ``config.schema.json``: the connection properties, as JSON Schema;
* ``docs.json``: what else the docs state of each table (description, useful links);
* ``validators.py``, ``_runtime.py``: the connector's validators (standard library only);
* ``spec.yaml``: the docgen spec all of it was made from; ``manifest.json``: their hashes.

Descriptions come from the Stitch documentation (github.com/stitchdata/docs), licensed
CC BY-SA 4.0.
"""

from __future__ import annotations

import copy
import inspect
import json
from decimal import Decimal
from importlib.resources import files
from typing import TYPE_CHECKING, Any, ClassVar, Final

from singer_sdk import typing as th
from singer_sdk.singerlib import MetadataMapping, SelectionMask
from singer_sdk.streams import RESTStream

from ._runtime import Problem
from .validators import validate_record

if TYPE_CHECKING:
    from singer_sdk import Tap
    from singer_sdk.helpers.types import Context, Record
    from singer_sdk.singerlib import Catalog

__all__ = [
    "CATALOG",
    "CONFIG_SCHEMA",
    "DOCS",
    "FILL_IN",
    "VALIDATE_RECORDS",
    "DocgenStream",
    "FillIn",
    "RecordRejected",
    "config_jsonschema",
    "documented_problems",
    "not_ready",
]


def _load(name: str) -> Any:
    return json.loads(files(__name__).joinpath(name).read_text(encoding="utf-8"))


#: the documented tables' catalog entries, by stream name (catalog.json)
CATALOG: Final[dict[str, dict[str, Any]]] = {
    entry["tap_stream_id"]: entry for entry in _load("catalog.json")["streams"]
}
#: the connection properties as JSON Schema (config.schema.json)
CONFIG_SCHEMA: Final[dict[str, Any]] = _load("config.schema.json")
#: per stream, its description and useful links as the docs state them (docs.json)
DOCS: Final[dict[str, Any]] = _load("docs.json")

#: the setting that says what happens to a record the docs reject
VALIDATE_RECORDS: Final = "validate_records"
MODES: Final = ("strict", "warn", "off")
#: the Singer name of a documented method: the docs' "Append-Only Incremental" replicates
#: incrementally (the catalog's metadata keeps the docs' word)
SINGER_METHODS: Final = {"APPEND_ONLY": "INCREMENTAL"}


def config_jsonschema(*extra: th.Property[Any]) -> dict[str, Any]:
    """The tap's settings: the connection properties as the docs state them (required,
    defaults, accepted values, formats; secrets ``writeOnly`` and ``secret``), the
    ``validate_records`` setting, then ``extra``: settings of your own (the docs state the
    Stitch connection, not always what the API needs)."""
    schema = copy.deepcopy(CONFIG_SCHEMA)
    _mark_secrets(schema)
    properties: dict[str, Any] = schema.setdefault("properties", {})
    properties[VALIDATE_RECORDS] = {
        "type": "string",
        "enum": list(MODES),
        "default": "warn",
        "description": "What to do with a record the docs reject: strict stops the sync, "
        "warn logs every problem (stream, path, message) and emits the record, off checks "
        "nothing.",
    }
    if extra:
        own = th.PropertiesList(*extra).to_dict()
        properties.update(own["properties"])
        required = [*schema.get("required", []), *own.get("required", [])]
        schema["required"] = list(dict.fromkeys(required))
    return schema


def _mark_secrets(schema: dict[str, Any]) -> None:
    """``secret: true`` beside every ``writeOnly`` (singer-sdk's and Meltano's word)."""
    if schema.get("writeOnly") is True:
        schema["secret"] = True
    for sub in (schema.get("properties") or {}).values():
        if isinstance(sub, dict):
            _mark_secrets(sub)
    if isinstance(schema.get("items"), dict):
        _mark_secrets(schema["items"])


class FillIn(str):
    """A value the docs cannot state: yours to fill in (``streams.py`` marks each one)."""

    __slots__ = ()


#: the mark of a place to fill in (``url_base = FILL_IN``, ``path = FILL_IN``)
FILL_IN: Final = FillIn("FILL IN")


class RecordRejected(Exception):
    """A record the docs reject, under ``validate_records: strict``: the sync stops."""


def documented_problems(stream: str, record: object) -> list[Problem]:
    """Every way ``record`` differs from what the docs state of ``stream`` (empty when it
    matches, or when the docs do not list the stream). Numbers singer-sdk parsed as
    ``Decimal`` are checked as the JSON numbers they were."""
    if stream not in CATALOG:
        return []
    problems = validate_record(stream, record)
    if problems and _has_decimal(record):
        problems = validate_record(stream, _plain(record))
    return problems


def _has_decimal(value: Any) -> bool:
    if isinstance(value, Decimal):
        return True
    if isinstance(value, dict):
        return any(_has_decimal(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_decimal(v) for v in value)
    return False


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def documented_link(stream: str, kind: str) -> str | None:
    """The URL of the stream's first useful link of ``kind`` ("api", "schema", "docs")."""
    links = DOCS["streams"].get(stream, {}).get("links", [])
    return next((link["url"] for link in links if link["kind"] == kind), None)


class DocgenStream(RESTStream[Any]):
    """A stream of a documented table.

    From the docs (``catalog.json``, by the stream's ``name``): its schema and its catalog
    metadata (inclusion, keys, replication keys, forced method), so ``--discover`` prints
    the documented catalog; a key or method your class states differently is yours and
    replaces the docs' in the metadata. Every record is checked against the docs as it is
    emitted (setting ``validate_records``: strict, warn, off). What the docs cannot state is
    marked ``FILL_IN`` in ``streams.py`` and raises :class:`NotImplementedError` (naming the
    stream and its API method) until it is filled in.
    """

    #: the replication method the docs state for the table (INCREMENTAL, FULL_TABLE,
    #: APPEND_ONLY); None: they state none
    documented_method: ClassVar[str | None] = None

    def __init__(
        self,
        tap: Tap,
        name: str | None = None,
        schema: dict[str, Any] | None = None,
        path: str | None = None,
    ) -> None:
        stream = name or self.name
        entry = CATALOG.get(stream)
        own = not isinstance(inspect.getattr_static(type(self), "schema", None), property)
        if schema is None and entry is not None and not own:
            schema = copy.deepcopy(entry["schema"])
        elif schema is None and not own:
            known = ", ".join(sorted(CATALOG)) or "none"
            raise ValueError(
                f"stream {stream!r} ({type(self).__module__}.{type(self).__qualname__}) is not "
                f"a table of the docs (their tables: {known}): give it a schema of its own, or "
                "remove it"
            )
        super().__init__(tap, name=name, schema=schema, path=path)
        method = self.documented_method
        self.forced_replication_method = SINGER_METHODS.get(method, method) if method else None
        self._emitted = 0

    def fill_in(self, what: str, attribute: str | None = None) -> NotImplementedError:
        """The error of a place to fill in: names the stream, where to fill it in (the class
        that defines ``attribute``) and the API method the docs link for the stream."""
        owner = type(self)
        if attribute is not None:
            owner = next((c for c in type(self).__mro__ if attribute in vars(c)), owner)
        api = documented_link(self.name, "api") or "the docs link none"
        return NotImplementedError(
            f"stream {self.name!r}: {what} is not filled in "
            f"({owner.__module__}.{owner.__qualname__}); the docs do not state it. "
            f"API method: {api}"
        )

    def get_url(self, context: Context | None) -> str:
        if isinstance(self.url_base, FillIn):
            raise self.fill_in("the API's base URL (url_base)", "url_base")
        if isinstance(self.path, FillIn):
            raise self.fill_in("the stream's endpoint (path)", "path")
        return super().get_url(context)

    @property
    def metadata(self) -> MetadataMapping:
        """The catalog metadata: an input catalog's, else the docs' (with your class's keys
        and method where they differ from the docs)."""
        if self._metadata is None:
            given = self._tap_input_catalog
            entry = given.get_stream(self.tap_stream_id) if given is not None else None
            if entry is not None:
                self._metadata = entry.metadata
            elif self.name in CATALOG:
                self._metadata = self._documented_metadata(CATALOG[self.name])
            else:
                return super().metadata
        return self._metadata

    def _documented_metadata(self, entry: dict[str, Any]) -> MetadataMapping:
        mapping = MetadataMapping.from_iterable(copy.deepcopy(entry["metadata"]))
        root = mapping.root
        keys = list(self.primary_keys or [])
        if keys != entry.get("key_properties", []):
            root.table_key_properties = keys
        documented = list(root.valid_replication_keys or [])
        if self.replication_key is None and entry.get("replication_key") is not None:
            root.valid_replication_keys = []
        elif self.replication_key is not None and documented[:1] != [self.replication_key]:
            root.valid_replication_keys = [self.replication_key]
        method = self.documented_method
        if root.forced_replication_method is not None and method is not None:
            root.forced_replication_method = method
        return mapping

    @property
    def mask(self) -> SelectionMask:
        """Which streams and properties sync: without an input catalog, every stream
        selected by default (singer-sdk's rule), without writing ``selected`` into the
        documented metadata ``--discover`` prints."""
        if self._mask is None:
            metadata = self.metadata
            if self._tap_input_catalog is None and self.selected_by_default:
                metadata = copy.deepcopy(metadata)
                metadata.root.selected = True
            self._mask = metadata.resolve_selection()
        return self._mask

    def apply_catalog(self, catalog: Catalog) -> None:
        super().apply_catalog(catalog)
        method = self.forced_replication_method
        if method is not None:
            self.forced_replication_method = SINGER_METHODS.get(method, method)

    def _write_record_message(self, record: Record) -> None:
        """Every record passes here before it is emitted (singer-sdk 0.54, pinned in
        pyproject.toml): it is checked against the docs first."""
        self._emitted += 1
        mode = self.config.get(VALIDATE_RECORDS, "warn")
        if mode != "off":
            problems = documented_problems(self.name, record)
            for problem in problems:
                self.logger.warning(
                    "stream %r, record %d, %s: %s (the docs reject it; %s=%s)",
                    self.name,
                    self._emitted,
                    problem.path or "(the record)",
                    problem.message,
                    VALIDATE_RECORDS,
                    mode,
                )
            if problems and mode == "strict":
                first = problems[0]
                raise RecordRejected(
                    f"stream {self.name!r}, record {self._emitted}, "
                    f"{first.path or '(the record)'}: {first.message} ({len(problems)} "
                    f"problem(s); {VALIDATE_RECORDS}=strict stops the sync)"
                )
        super()._write_record_message(record)


def not_ready(tap: Tap) -> list[str]:
    """Why ``tap`` cannot sync yet, one line per place still to fill in (empty when every
    stream's URL, authentication and pagination are filled in); nothing is requested."""
    if not tap.streams:
        return ["the tap has no streams"]
    reasons = []
    for stream in tap.streams.values():
        if not isinstance(stream, DocgenStream):
            continue
        try:
            stream.get_url(None)
            stream.get_new_paginator()
            _ = stream.authenticator
        except NotImplementedError as exc:
            reasons.append(str(exc))
    return reasons
