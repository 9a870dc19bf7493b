"""Destination reference pages and destination specs (``specs/destinations/*.yaml``).

A destination reference page (``destinations/<x>/reference``) states what a destination does
with the data Stitch sends it: features, details (name lengths, column limits, case
sensitivity), incompatible sources, the Stitch type -> destination type table and the
column/table naming transformations with examples. :class:`DestinationPage` is that page as
read (its ``contract()`` is what ``docgen parse --json`` prints, the shape of
``../shared/corpus/destinations/truth``); :class:`Destination` is the spec ``docgen update``
writes from it, with the limits as numbers and the naming rules ready for ``docgen land``.

Destination specs live in ``specs/destinations/``, a sub-directory: ``docgen build``,
``diff`` and ``lint`` read ``specs/*.yaml`` only (a glob, and ``git ls-tree`` of ``specs/``,
neither recursive), so a destination spec never becomes a generated package nor trips the
connector loaders, and it still sits beside the connector specs it is used with.

These models are kept out of :mod:`docgen.model.spec` on purpose: ``spec.py`` is hashed into the
fingerprint of generated code, and a destination changes nothing that is generated.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from docgen.model import naming
from docgen.model.spec import SPEC_ERROR, Location, Model, Problem, Provenance, identifier
from docgen.model.words import plural

DESTINATION_SPEC_FORMAT = 1
DESTINATIONS_DIR = "destinations"  # under the spec directory

#: Section ids of a destination reference page -> the contract key of the table after them.
SECTION_KEYS: dict[str, str] = {
    "stitch-features": "features",
    "destination-details": "details",
    "replication--incompatible-sources": "incompatible_sources",
    "transformations--data-typing": "data_types",
    "transformations--column-naming": "column_names",
    "transformations--table-naming": "table_names",
    "transformations--table-schema-naming": "table_names",
}
#: Sections whose prose refines the tables: the spec reads statements from their sentences.
PROSE_SECTIONS = (
    "transformations--timezones",
    "transformations--system-tables-columns",
    "transformations--json-structures",
    "transformations--table-naming",
    "transformations--table-schema-naming",
)


# --------------------------------------------------------------------------- page model


class Incompatibility(Model):
    integration: str
    version: str = ""
    level: str = ""
    reason: str = ""

    def contract(self) -> dict[str, Any]:
        return {
            "integration": self.integration,
            "version": self.version,
            "level": self.level,
            "reason": self.reason,
        }


class DataType(Model):
    stitch_type: str
    destination_type: str
    notes: str = ""

    def contract(self) -> dict[str, Any]:
        return {
            "stitch_type": self.stitch_type,
            "destination_type": self.destination_type,
            "notes": self.notes,
        }


class NamingExample(Model):
    """One source name and the name it lands as (after *all* the page's transformations)."""

    source: str
    destination: str


class Transformation(Model):
    """One row of a naming table: the wording, the cells as displayed, the example pairs."""

    transformation: str
    source_text: str  # the cell as displayed: "customer#id or !CuStoMeRId"
    destination_text: str  # "customerid and CuStoMeRId"
    examples: list[NamingExample] = Field(default_factory=list)

    def contract(self, kind: Literal["column", "table"]) -> dict[str, Any]:
        return {
            "transformation": self.transformation,
            f"source_{kind}": self.source_text,
            f"destination_{kind}": self.destination_text,
        }


class DestinationPage(Model):
    """One destination reference page as read. A list is ``None`` where the page has no
    such table (the contract then leaves the key out)."""

    page: str
    destination: str
    features: dict[str, str] | None = None
    details: dict[str, str] | None = None
    incompatible_sources: list[Incompatibility] | None = None
    data_types: list[DataType] | None = None
    column_names: list[Transformation] | None = None
    table_names: list[Transformation] | None = None
    #: where the page points for its reserved keywords: "<page>#<section id>"
    reserved_keywords_ref: str | None = None
    elements: dict[str, str] = Field(default_factory=dict)  # contract key -> section id read
    #: section id -> its paragraphs and list items as displayed (:data:`PROSE_SECTIONS`)
    prose: dict[str, list[str]] = Field(default_factory=dict)
    problems: list[Problem] = Field(default_factory=list)

    def summary(self) -> str:
        naming = len(self.column_names or []) + len(self.table_names or [])
        return (
            f"{self.destination} destination reference: "
            f"{plural(len(self.details or {}), 'detail')}, "
            f"{plural(len(self.data_types or []), 'data type')}, "
            f"{plural(naming, 'naming transformation')}, "
            f"{plural(len(self.incompatible_sources or []), 'incompatible source')}, "
            f"{plural(len(self.problems), 'warning')}"
        )

    def contract(self) -> dict[str, Any]:
        out: dict[str, Any] = {"page": self.page, "destination": self.destination}
        if self.features is not None:
            out["features"] = dict(self.features)
        if self.details is not None:
            out["details"] = dict(self.details)
        if self.incompatible_sources is not None:
            out["incompatible_sources"] = [i.contract() for i in self.incompatible_sources]
        if self.data_types is not None:
            out["data_types"] = [d.contract() for d in self.data_types]
        if self.column_names is not None:
            out["column_names"] = [t.contract("column") for t in self.column_names]
        if self.table_names is not None:
            out["table_names"] = [t.contract("table") for t in self.table_names]
        return out


class ReservedKeyword(Model):
    keyword: str  # as displayed: "__BI", "_SDC"
    type: str = ""  # "Stitch" or the destination's name
    description: str = ""
    #: what the description says it may not be: "suffix" / "prefix" / "name" (the whole name)
    position: Literal["prefix", "suffix", "name"] = "name"
    applies_to: list[Literal["table", "column"]] = Field(default_factory=list)


class KeywordSection(Model):
    element: str  # the section id: "postgres-v1-reserved-keywords"
    title: str  # "PostgreSQL (v1) reserved keywords"
    keywords: list[ReservedKeyword] = Field(default_factory=list)


class KeywordPage(Model):
    """The reserved keywords page (``replication/loading/reserved-keywords``): one table of
    keywords per destination section. Destination specs take the section their reference
    page links to."""

    page: str
    sections: list[KeywordSection] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    def summary(self) -> str:
        count = sum(len(s.keywords) for s in self.sections)
        return (
            f"reserved keywords: {plural(len(self.sections), 'section')}, "
            f"{plural(count, 'keyword')}, {plural(len(self.problems), 'warning')}"
        )

    def contract(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "sections": [
                {
                    "id": s.element,
                    "title": s.title,
                    "keywords": [
                        {"keyword": k.keyword, "type": k.type, "description": k.description}
                        for k in s.keywords
                    ],
                }
                for s in self.sections
            ],
        }


# --------------------------------------------------------------------------- spec model


class Limit(Model):
    """A limit as the page states it. ``minimum``..``maximum`` for a range ("250-1,600");
    both equal for one number ("63 characters"); ``unlimited`` for "None"; neither for a
    value in words ("Depends on the InnoDB page size"), which is never enforced."""

    text: str
    minimum: int | None = None
    maximum: int | None = None
    unit: str | None = None  # "characters", "bytes", "MB", ...
    unlimited: bool = False


_LIMIT = re.compile(
    r"^\s*(?P<lo>\d[\d,]*)(?:\s*(?:-|–|to)\s*(?P<hi>\d[\d,]*))?\s*(?P<unit>[A-Za-z]+)?\s*$"
)


def parse_limit(text: str) -> Limit:
    """ "63 characters" -> 63..63 characters; "250-1,600" -> 250..1600; "20MB" -> 20 MB;
    "None" -> unlimited; anything else is kept as text only."""
    if text.strip().lower() == "none":
        return Limit(text=text, unlimited=True)
    m = _LIMIT.match(text)
    if not m:
        return Limit(text=text)
    lo = int(m["lo"].replace(",", ""))
    hi = int(m["hi"].replace(",", "")) if m["hi"] else lo
    return Limit(text=text, minimum=lo, maximum=hi, unit=m["unit"])


NestedSupport = Literal["supported", "unsupported", "depends"]


class Naming(Model):
    transformation: str
    examples: list[NamingExample] = Field(default_factory=list)


class Reserved(Model):
    """The reserved keywords section a destination's page links to, as read from the
    reserved keywords page (provenance: that page and section)."""

    page: str
    element: str
    keywords: list[ReservedKeyword] = Field(default_factory=list)


class TypeStatement(Model):
    """A sentence of the page that states the destination type of a Stitch type beyond the
    type table: a type row's note ("Stored as NUMBER(38,0)"), the Timezones section
    ("PostgreSQL will store the value as TIMESTAMP WITH TIMEZONE") or a note about keys ("If
    a string is loaded into a Primary Key field, it uses the VARCHAR type")."""

    stitch_type: str  # the type-table row it is about: "DATE"
    destination_type: str  # as the sentence writes it: "TIMESTAMP WITH TIMEZONE"
    applies: Literal["all", "primary-key"] = "all"
    text: str  # the sentence
    element: str  # the section it was read from


class StorageFormat(Model):
    """A data storage format the destination offers, and what it does with nested data
    (the JSON structures section: "CSV: Nested JSON structures will be flattened ...")."""

    name: str  # as the page writes it: "CSV"
    nested_support: Literal["supported", "unsupported"]
    text: str


class Destination(Model):
    """What specs/destinations/<name>.yaml holds."""

    spec_format: int = DESTINATION_SPEC_FORMAT
    kind: Literal["destination-reference"] = "destination-reference"
    name: str
    display_name: str
    sources: list[Provenance] = Field(default_factory=list)
    #: provenance of each fact group: the section id of the page it was read from
    sections: dict[str, str] = Field(default_factory=dict)
    release_status: str | None = None
    default_loading_behavior: str | None = None  # first word(s) of the cell: "Upsert", ...
    default_loading_behavior_text: str | None = None
    nested_support: NestedSupport | None = None
    nested_support_text: str | None = None
    case_sensitivity: str | None = None  # "sensitive" | "insensitive" | "not applicable" | text
    table_name_length: Limit | None = None
    column_name_length: Limit | None = None
    max_columns_per_table: Limit | None = None
    max_tables_per_database: Limit | None = None
    max_record_size: Limit | None = None
    max_table_size: Limit | None = None
    features: dict[str, str] = Field(default_factory=dict)  # as displayed
    details: dict[str, str] = Field(default_factory=dict)
    incompatible_sources: list[Incompatibility] = Field(default_factory=list)
    type_map: list[DataType] = Field(default_factory=list)
    column_naming: list[Naming] | None = None  # None: the page has no column naming table
    table_naming: list[Naming] | None = None
    reserved_keywords_ref: str | None = None
    reserved_keywords: Reserved | None = None
    type_statements: list[TypeStatement] = Field(default_factory=list)
    #: the system tables the page says Stitch creates; None: the page names none
    system_tables: list[str] | None = None
    storage_formats: list[StorageFormat] = Field(default_factory=list)
    #: the table naming applies to schema names too ("Table and schema names in MySQL")
    schema_naming: bool = False
    problems: list[Problem] = Field(default_factory=list)


def _lead(text: str | None, words: tuple[str, ...]) -> str | None:
    """The leading status word(s) of a feature cell ("Unsupported Nested data ..." ->
    "Unsupported"), among ``words``; None when the cell starts with none of them."""
    if not text:
        return None
    low = text.lower()
    for w in sorted(words, key=len, reverse=True):
        if low.startswith(w.lower()):
            return text[: len(w)]
    return None


_DETAIL_LIMITS = {
    "table name length": "table_name_length",
    "column name length": "column_name_length",
    "maximum columns per table": "max_columns_per_table",
    "maximum tables per database": "max_tables_per_database",
    "maximum record size": "max_record_size",
    "maximum table size": "max_table_size",
}


def destination_name(page: DestinationPage, folder: str | None = None) -> str:
    """Spec name from the page's site path: destinations/postgresql/reference.html ->
    postgresql; destinations/google-bigquery/v2/reference/index.html -> google_bigquery_v2.
    ``folder``: the site folder the page states it is in, when the page is known only by
    its file name (destinations/postgresql/ -> postgresql)."""
    path = folder if folder is not None else page.page.removesuffix(".html")
    parts = [p for p in path.split("/") if p]
    if parts and parts[0] == "destinations":
        parts = parts[1:]
    parts = [p for p in parts if p not in {"reference", "index"}]
    return identifier("_".join(parts) or page.destination, fallback="destination")


def to_destination(page: DestinationPage, folder: str | None = None) -> Destination:
    """The spec of one destination reference page (``folder``: see
    :func:`destination_name`)."""
    features = dict(page.features or {})
    details = dict(page.details or {})
    problems = list(page.problems)
    limits: dict[str, Limit] = {}
    for label, value in details.items():
        field_name = _DETAIL_LIMITS.get(label.lower())
        if field_name is None:
            continue
        limit = parse_limit(value)
        limits[field_name] = limit
        if limit.maximum is None and not limit.unlimited:
            problems.append(
                Problem(
                    code="limit-in-words",
                    message=f"{label}: {value!r} is not a number; docgen does not enforce it",
                    location=Location(page=page.page, element=page.elements.get("details")),
                )
            )
    problems.extend(_naming_problems(page))
    nested_text = _feature(features, "nested structure support")
    nested = _lead(nested_text, ("Supported", "Unsupported", "Depends"))
    loading_text = _feature(features, "default loading behavior")
    case = _detail(details, "case sensitivity")
    return Destination(
        name=destination_name(page, folder),
        display_name=page.destination,
        sources=[Provenance(page=page.page)],
        sections=dict(page.elements),
        release_status=_feature(features, "release status"),
        default_loading_behavior=_lead(loading_text, ("Upsert", "Append-Only", "Selected by you")),
        default_loading_behavior_text=loading_text,
        nested_support=nested.lower() if nested else None,  # type: ignore[arg-type]
        nested_support_text=nested_text,
        case_sensitivity=case.lower() if case else None,
        features=features,
        details=details,
        incompatible_sources=list(page.incompatible_sources or []),
        type_map=list(page.data_types or []),
        column_naming=_naming(page.column_names),
        table_naming=_naming(page.table_names),
        reserved_keywords_ref=page.reserved_keywords_ref,
        type_statements=type_statements(page),
        system_tables=system_tables(page),
        storage_formats=storage_formats(page),
        schema_naming=any(
            _SCHEMA_NAMES.search(text)
            for key in ("transformations--table-naming", "transformations--table-schema-naming")
            for text in page.prose.get(key, [])
        ),
        problems=problems,
        **limits,  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- statements

#: a type as the pages write it: upper-case words, each with an optional (size)
_TYPE = r"[A-Z][A-Z0-9_]*\b(?:\([0-9, ]+\))?(?:\s+[A-Z][A-Z0-9_]*\b(?:\([0-9, ]+\))?)*"
_STORED_AS = re.compile(rf"\b[Ss]tored\s+(?:in\s+UTC\s+)?as\s+(?P<type>{_TYPE})")
_STORE_VALUE_AS = re.compile(
    rf"\b(?:stores?|stored|saves?|saved|loads?|loaded|kept)\b[^.]*?\bas\s+(?:an?\s+)?"
    rf"(?!UTC\b)(?P<type>{_TYPE})"
)
_KEY_USES = re.compile(
    rf"\b[Pp]rimary\s+[Kk]ey\b[^.]*?\buses?\s+(?:the\s+)?(?P<type>{_TYPE})(?:\s+type)?"
)
_SCHEMA_NAMES = re.compile(r"\bschema\s+names\b", re.IGNORECASE)
_SYSTEM_TABLE = re.compile(r"(?<![\w])(_{1,2}sdc_[a-z0-9_]+)\b(?!\s+columns?\b)")
_FORMAT_ITEM = re.compile(r"^(?P<name>[A-Z][A-Za-z0-9 ]{0,20}?)\s*:\s*(?P<text>.+)$")
#: the Stitch type whose values the Timezones section is about: timestamps, Stitch's DATE
TIMESTAMP_STITCH_TYPE = "DATE"


def type_statements(page: DestinationPage) -> list[TypeStatement]:
    """Every sentence that states a destination type beyond the type table: each type row's
    notes, and the Timezones section (about timestamps, the Stitch DATE row)."""
    out: list[TypeStatement] = []
    rows_at = page.elements.get("data_types", "transformations--data-typing")
    for row in page.data_types or []:
        if not row.stitch_type:
            continue
        m = _STORED_AS.search(row.notes)
        if m:
            out.append(
                TypeStatement(
                    stitch_type=row.stitch_type.upper(),
                    destination_type=m["type"],
                    text=_sentence(row.notes, m),
                    element=rows_at,
                )
            )
        m = _KEY_USES.search(row.notes)
        if m:
            out.append(
                TypeStatement(
                    stitch_type=row.stitch_type.upper(),
                    destination_type=m["type"],
                    applies="primary-key",
                    text=_sentence(row.notes, m),
                    element=rows_at,
                )
            )
    for text in page.prose.get("transformations--timezones", []):
        m = _STORE_VALUE_AS.search(text)
        if m:
            out.append(
                TypeStatement(
                    stitch_type=TIMESTAMP_STITCH_TYPE,
                    destination_type=m["type"],
                    text=_sentence(text, m),
                    element="transformations--timezones",
                )
            )
    return out


def _sentence(text: str, m: re.Match[str]) -> str:
    """The sentence (or the note, up to the next "Range :" label) around a match."""
    starts = [text.rfind(sep, 0, m.start()) for sep in (". ", ": ")]
    start = max([i + 2 for i in starts if i >= 0], default=0)
    ends = [i for i in (text.find(sep, m.end()) for sep in (". ", " Range :")) if i >= 0]
    end = min(ends, default=len(text))
    return text[start:end].strip().rstrip(".") + "."


def system_tables(page: DestinationPage) -> list[str] | None:
    """The system tables (or folders) the page's System tables and columns section names."""
    texts = page.prose.get("transformations--system-tables-columns")
    if not texts:
        return None
    names = [m[1] for text in texts for m in _SYSTEM_TABLE.finditer(text)]
    return list(dict.fromkeys(names)) or None


def storage_formats(page: DestinationPage) -> list[StorageFormat]:
    """ "CSV: Nested JSON structures will be flattened ..." / "JSON: ... stored as-is": the
    formats the JSON structures section names, each with what it does to nested data."""
    out: list[StorageFormat] = []
    for text in page.prose.get("transformations--json-structures", []):
        m = _FORMAT_ITEM.match(text)
        if m is None:
            continue
        low = m["text"].lower()
        if re.search(r"\bflatten|\bde-?nest", low):
            nested: Literal["supported", "unsupported"] = "unsupported"
        elif re.search(r"\bas-is\b|\bintact\b|\bmaintained\b|\bpreserved\b|\bas is\b", low):
            nested = "supported"
        else:
            continue
        out.append(StorageFormat(name=m["name"].strip(), nested_support=nested, text=text))
    return out


def _naming_problems(page: DestinationPage) -> list[Problem]:
    """A transformation wording docgen does not read, and an example the page's
    transformations (in page order) do not reproduce: both reported when the spec is
    written, so a page that changed is noticed before anyone lands data with it."""
    out: list[Problem] = []
    for key, rows in (("column_names", page.column_names), ("table_names", page.table_names)):
        if not rows:
            continue
        where = Location(page=page.page, element=page.elements.get(key))
        rules = naming.read([r.transformation for r in rows])
        unknown = [r.wording for r in rules if not r.known]
        for wording in unknown:
            out.append(
                Problem(
                    code="unknown-naming-transformation",
                    message=f"naming transformation {wording!r} is not one docgen knows; "
                    "`docgen land` applies the others and names what it may affect",
                    location=where,
                )
            )
        if unknown:
            continue
        for row in rows:
            for ex in row.examples:
                got = naming.apply(rules, ex.source)
                if got != ex.destination:
                    out.append(
                        Problem(
                            code="naming-example-not-reproduced",
                            message=f"{row.transformation!r}: {ex.source!r} lands as {got!r} "
                            f"by the page's transformations, the page says {ex.destination!r}",
                            location=where,
                        )
                    )
    return out


def _feature(features: dict[str, str], label: str) -> str | None:
    return next((v for k, v in features.items() if k.lower() == label), None)


_detail = _feature


def _naming(rows: list[Transformation] | None) -> list[Naming] | None:
    if rows is None:
        return None
    return [Naming(transformation=r.transformation, examples=list(r.examples)) for r in rows]


# --------------------------------------------------------------------------- spec files

HEADER = (
    "# docgen destination spec: generated by `docgen update` from the Stitch documentation\n"
    "# (CC BY-SA 4.0, github.com/stitchdata/docs). Review diffs; do not edit by hand.\n"
)


def dump(dest: Destination) -> str:
    import yaml

    data = dest.model_dump(mode="json", exclude_defaults=True)
    data = {
        "spec_format": DESTINATION_SPEC_FORMAT,
        "kind": dest.kind,
        **{k: v for k, v in data.items() if k not in {"spec_format", "kind"}},
    }
    body: str = yaml.dump(
        data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    )
    return HEADER + body


def load_text(text: str, where: str) -> Destination:
    """The destination a spec's text states (:func:`docgen.model.specio.load_destination_text`:
    the checks and located messages of every spec file). Raises ``specio.SpecError``."""
    from docgen.model.specio import load_destination_text

    return load_destination_text(text, where)


def destination_dir(spec_dir: Path) -> Path:
    return spec_dir / DESTINATIONS_DIR


def load_destinations(spec_dir: Path) -> tuple[list[Destination], list[Problem]]:
    """Every destination spec under ``spec_dir/destinations`` and a located error for each
    that does not load (:func:`docgen.model.specio.load_destinations`)."""
    from docgen.model import specio

    return specio.load_destinations(spec_dir)


# --------------------------------------------------------------------------- update


def keyword_section(
    dest: Destination, pages: list[KeywordPage]
) -> tuple[Reserved | None, Problem | None]:
    """The reserved keywords of ``dest``: the section its page links to
    (``reserved-keywords#<id>``); without a link, the one section whose title names the
    destination ("MySQL (v1) reserved keywords" for MySQL). None, with a located note, when
    neither is found."""
    where = Location(page=dest.sources[0].page if dest.sources else dest.name)
    if not pages:
        return None, None
    ref_page, _, ref_id = (dest.reserved_keywords_ref or "").partition("#")
    for kp in pages:
        for section in kp.sections:
            if ref_id and section.element == ref_id and (not ref_page or ref_page == kp.page):
                return Reserved(
                    page=kp.page, element=section.element, keywords=section.keywords
                ), None
    if not ref_id:
        named = [
            (kp, s)
            for kp in pages
            for s in kp.sections
            if _section_destination(s.title) == dest.display_name.lower()
        ]
        if len(named) == 1:
            kp, s = named[0]
            return Reserved(page=kp.page, element=s.element, keywords=s.keywords), None
    stated = next((v for k, v in dest.details.items() if k.lower() == "reserved keywords"), "")
    if not ref_id and stated.strip().lower() == "none":
        return None, None  # the page states there are none
    what = f"#{ref_id}" if ref_id else f"section named for {dest.display_name}"
    return None, Problem(
        code="no-reserved-keywords",
        message=f"the reserved keywords page has no {what}; reserved prefixes and suffixes "
        "are not checked for this destination",
        location=where,
    )


def _section_destination(title: str) -> str:
    """ "MySQL (v1) reserved keywords" -> "mysql"."""
    name = re.sub(r"\s*reserved keywords\s*$", "", title, flags=re.IGNORECASE)
    return re.sub(r"\s*\(v[^()]*\)\s*$", "", name).strip().lower()


class UpdateOutcome(Model):
    changes: list[str] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)
    writes: list[tuple[Path, str]] = Field(default_factory=list)  # (path, text) to write
    removes: list[Path] = Field(default_factory=list)  # specs no page of the run states
    #: specs --prune kept although no page of the run states them: their unread pages
    kept: list[tuple[Path, list[str]]] = Field(default_factory=list)


def update_destinations(
    pages: list[DestinationPage],
    keyword_pages: list[KeywordPage],
    spec_dir: Path,
    *,
    prune: bool = False,
    dry_run: bool = False,
    force: bool = False,
    read: set[str] | None = None,
    folders: dict[str, str] | None = None,
) -> UpdateOutcome:
    """The ``spec_dir/destinations/<name>.yaml`` files to write for every destination page
    read (the caller writes them, all or nothing), refreshing the reserved keywords of the
    specs already there when the keyword page was read. A spec's keywords are kept when this
    run did not read the keyword page. With ``prune``, a spec no page of the run states is
    to be removed when every page it was read from is among ``read`` (the pages this run
    read; the destination pages when not given), else it is listed in ``kept``. With
    ``force``, a spec that does not load is replaced by what this run's page states (a
    warning says so). ``folders``: page -> the site folder it states, for pages known only
    by file name."""
    from docgen.model.specio import replaced_by_force, unread_sources

    out = UpdateOutcome()
    folder = destination_dir(spec_dir)
    existing, problems = load_destinations(spec_dir)
    out.problems.extend(problems)
    old_by_name = {d.name: d for d in existing}
    new: dict[str, Destination] = {}
    for page in pages:
        dest = to_destination(page, (folders or {}).get(page.page))
        if dest.name in new:
            out.problems.append(
                Problem(
                    code="duplicate-destination",
                    message=f"{dest.name} is also stated by {new[dest.name].sources[0].page}; "
                    "the first page is kept",
                    location=Location(page=page.page),
                )
            )
            continue
        new[dest.name] = dest
    for bad in [p for p in out.problems if p.code == SPEC_ERROR] if force else []:
        if Path(bad.location.page).stem in new:  # --force: the page's reading replaces it
            lost = "" if keyword_pages else "; its reserved keywords come from the keyword page"
            warning = replaced_by_force(bad, lost)
            if warning is not None:  # never a file docgen did not write
                out.problems.remove(bad)
                out.problems.append(warning)
    if keyword_pages:  # specs this run did not re-read still take the new keywords
        for name, kept in old_by_name.items():
            new.setdefault(name, kept.model_copy(update={"problems": _own_problems(kept)}))
    written: set[str] = set()
    for name, dest in sorted(new.items()):
        old: Destination | None = old_by_name.get(name)
        reserved, note = keyword_section(dest, keyword_pages)
        same_ref = old is not None and old.reserved_keywords_ref == dest.reserved_keywords_ref
        if reserved is None and note is None and old is not None and same_ref:
            reserved = old.reserved_keywords  # keyword page not read in this run
            note = next((p for p in old.problems if p.code == "no-reserved-keywords"), None)
        dest = dest.model_copy(
            update={
                "reserved_keywords": reserved,
                "problems": [*_own_problems(dest), *([note] if note else [])],
            }
        )
        path = folder / f"{name}.yaml"
        text = dump(dest)
        written.add(path.name)
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        out.writes.append((path, text))
        verb = "updated" if old is not None else "added"
        if dry_run:
            verb = {"updated": "would update", "added": "would add"}[verb]
        out.changes.append(
            f"{verb} {path} ({dest.display_name} destination: "
            f"{plural(len(dest.type_map), 'type')}, "
            f"{plural(len(dest.column_naming or []), 'column naming rule')})"
        )
    if prune and folder.is_dir():
        read = {p.page for p in pages} if read is None else read
        verb = "would remove" if dry_run else "removed"
        for path in sorted(p for p in folder.glob("*.yaml") if p.name not in written):
            stated = old_by_name.get(path.stem)
            sources = [s.page for s in stated.sources] if stated is not None else []
            unread = unread_sources(sources, read)
            if unread:
                out.kept.append((path, unread))
                continue
            out.removes.append(path)
            out.changes.append(f"{verb} {path} (its pages, all read, no longer state it)")
    return out


def _own_problems(dest: Destination) -> list[Problem]:
    """The problems the page itself gave (not the keyword note, which is recomputed)."""
    return [p for p in dest.problems if p.code != "no-reserved-keywords"]
