"""Reader for plain-text copies of documentation pages (what a browser's copy gives).

The copy keeps the words but loses the markup: inline code (accepted values, defaults, some type
ids and column names), key icons, nested column/property tables. This reader recovers what the
text states and leaves the rest unknown, each unknown reported as a located warning
(``element="line N"``, 1-based) - it never guesses.

Which kind of page a text is comes from what it contains: object headings "The X source
connection property object" make a :class:`PropertyPage`, anything else is read as an
integration page (:class:`TablePage`, layout ``"text"``).
"""

from __future__ import annotations

import json
import re
from typing import Literal

from docgen.model.checks import check_properties, check_tables
from docgen.model.problems import Problems
from docgen.model.spec import (
    TYPE_LABELS,
    Column,
    ConfigObject,
    ForeignKey,
    Link,
    Property,
    PropertyPage,
    Table,
    TablePage,
    normalise_method,
    unknown_property_type,
)
from docgen.readers import page_error
from docgen.readers.stitch.constraints import apply
from docgen.readers.stitch.links import make_link

_OBJECT_RE = re.compile(
    r"^The (?P<name>.+?) (?P<kind>source|destination) connection property object$"
)
_TYPE_ID_RE = re.compile(r"\bcorrespond to (?:source|destination) type: (?P<type>[\w.\-]+)")
_SECTION_RE = re.compile(r"^.+ (?:source|destination) (?P<section>form|OAuth) properties$")
_PROP_TYPE_RE = re.compile(r"^(?P<type>[A-Z]+(?:/[A-Z]+)*) (?P<flag>[A-Z][A-Z\-]*)\s*\|?$")
_NAME_RE = re.compile(r"^[A-Za-z_][\w.\-]*$")
_EXAMPLE_RE = re.compile(r"^Example .+ connection property object with (?P<section>form|OAuth)")
_LOST_VALUES_RE = re.compile(
    r"\b(?:accepted|possible|valid) values(?: are)?(?:,[^:]{0,20})?:\s*(?:\||$|Refer\b|Note\b)",
    re.IGNORECASE,
)
_LOST_DEFAULT_RE = re.compile(
    r"\b(?:the default(?: value)? is|default to|defaults to)\s*(?:\.|\||$)", re.IGNORECASE
)
_CHILDREN_RE = re.compile(r"\bcontains the following properties\b", re.IGNORECASE)

_TYPE_WORDS = {label.upper() for label in TYPE_LABELS}
_COLUMN_RE = re.compile(r"^(?P<name>\S+) (?P<types>[A-Z][A-Z.\-]*(?: [A-Z][A-Z.\-]*)*)$")
_JOIN_RE = re.compile(r"(\w+)\.(\w+) = (\w+)\.(\w+)")


class _Lines:
    """The text's lines (trimmed) with 1-based locations and gathered problems."""

    def __init__(self, text: str, page: str) -> None:
        self.raw = text.splitlines()
        self.lines = [line.strip() for line in self.raw]
        self.page = page
        self.found = Problems(page)
        self.problems = self.found.problems

    def warn(self, code: str, message: str, index: int, **where: str | None) -> None:
        """A problem on line ``index`` (0-based) of the text."""
        self.found.add(code, message, f"line {index + 1}", **where)


def is_property_text(text: str) -> bool:
    """Whether a text states a connection property object ("The X source connection
    property object")."""
    return any(_OBJECT_RE.match(line.strip()) for line in text.splitlines())


def is_table_text(text: str) -> bool:
    """Whether a text is a copy of an integration page: it names the integration in a
    "X feature snapshot" or "X table reference" heading line."""
    return any(
        _SNAPSHOT_RE.match(line) or _REF_RE.match(line)
        for line in (raw.strip() for raw in text.splitlines())
    )


def read_text_page(text: str, page: str) -> TablePage | PropertyPage:
    """Read a plain-text copy of a page."""
    doc = _Lines(text, page)
    if any(_OBJECT_RE.match(line) for line in doc.lines):
        return _read_property_text(doc)
    return _read_table_text(doc)


def _cell(line: str) -> str:
    """A table-cell line without its trailing cell separators."""
    return line.rstrip("|").strip()


# --------------------------------------------------------------------------- property pages


def _read_property_text(doc: _Lines) -> PropertyPage:
    starts = [i for i, line in enumerate(doc.lines) if _OBJECT_RE.match(line)]
    search = _search_table(doc)
    objects = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(doc.lines)
        objects.append(_read_object_text(doc, start, end, search))
    return PropertyPage(page=doc.page, layout="text", objects=objects, problems=doc.problems)


def _search_table(doc: _Lines) -> dict[tuple[str, str], str]:
    """The "name | Source | type |" rows of the connection search table."""
    rows: dict[tuple[str, str], str] = {}
    for line in doc.lines:
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 3 and cells[1].lower() in {"source", "destination"} and cells[2]:
            rows[(cells[0], cells[1].lower())] = cells[2]
    return rows


def _read_object_text(
    doc: _Lines, start: int, end: int, search: dict[tuple[str, str], str]
) -> ConfigObject:
    m = _OBJECT_RE.match(doc.lines[start])
    assert m is not None
    name = m.group("name")
    kind: Literal["source", "destination"] = (
        "destination" if m.group("kind") == "destination" else "source"
    )
    type_id = _object_type(doc, start, end) or search.get((name, kind))
    element = f"line {start + 1}"
    if not type_id:
        doc.warn("type-unknown", f"{name}: the property type id is not stated in the text", start)
    obj = ConfigObject(type=type_id or "", kind=kind, display_name=name, element=element)
    section = "form"
    i = start + 1
    while i < end:
        line = doc.lines[i]
        sec = _SECTION_RE.match(line)
        if sec:
            section = "oauth" if sec.group("section") == "OAuth" else "form"
            i += 1
            continue
        ex = _EXAMPLE_RE.match(line)
        if ex:
            i = _read_example(doc, obj, i + 1, end, ex.group("section") == "form")
            continue
        if _NAME_RE.match(line) and i + 1 < end and _PROP_TYPE_RE.match(doc.lines[i + 1]):
            prop, i = _read_property(doc, i, end, obj)
            (obj.oauth if section == "oauth" else obj.properties).append(prop)
            continue
        if _NAME_RE.match(line) and _looks_like_row_start(doc, i, end):
            doc.warn(
                "property-row-incomplete",
                f"{obj.display_name}: {line!r} has no type/required line; the copy skips text",
                i,
                property=line,
            )
        i += 1
    apply(obj.properties)
    apply(obj.oauth)
    doc.problems.extend(check_properties(obj, doc.page))
    return obj


def _looks_like_row_start(doc: _Lines, i: int, end: int) -> bool:
    """A bare property-like name inside a property list whose next line is a description row
    (ends with a cell separator) rather than prose: the copy dropped the type line."""
    if i + 1 >= end or _PROP_TYPE_RE.match(doc.lines[i + 1]):
        return False
    nxt = doc.lines[i + 1]
    prev = doc.lines[i - 1] if i > 0 else ""
    return "_" in doc.lines[i] and nxt.endswith("|") and prev.endswith("|")


def _object_type(doc: _Lines, start: int, end: int) -> str | None:
    for line in doc.lines[start : min(end, start + 6)]:
        m = _TYPE_ID_RE.search(line)
        if m:
            return m.group("type").rstrip(".")
    return None


def _read_property(doc: _Lines, i: int, end: int, obj: ConfigObject) -> tuple[Property, int]:
    name = doc.lines[i]
    tm = _PROP_TYPE_RE.match(doc.lines[i + 1])
    assert tm is not None
    type_text = tm.group("type").lower()
    desc_lines: list[str] = []
    j = i + 2
    while j < end:
        line = doc.lines[j]
        if line.endswith("|") or _OBJECT_RE.match(line) or _EXAMPLE_RE.match(line):
            if line.endswith("|"):
                desc_lines.append(_cell(line))
                j += 1
            break
        desc_lines.append(line)
        j += 1
    # "||||" filler lines stand for nested tables the copy dropped
    filler = j < end and re.fullmatch(r"\|+", doc.lines[j] or "x") is not None
    while j < end and re.fullmatch(r"\|+", doc.lines[j] or "x"):
        j += 1
    description = " ".join(x for x in desc_lines if x) or None
    prop = Property(
        name=name, type=type_text, required=tm.group("flag") == "REQUIRED", description=description
    )
    if unknown_property_type(type_text):
        doc.warn(
            "unknown-property-type", f"unknown property type {type_text!r}", i + 1, property=name
        )
    _warn_lost(doc, prop, i, filler)
    return prop, j


def _warn_lost(doc: _Lines, prop: Property, i: int, filler: bool) -> None:
    text = prop.description or ""
    if _LOST_VALUES_RE.search(text):
        doc.warn(
            "enum-values-lost",
            f"{prop.name}: the accepted values were inline code, lost in the text copy",
            i + 2,
            property=prop.name,
        )
    if _LOST_DEFAULT_RE.search(text):
        doc.warn(
            "default-value-lost",
            f"{prop.name}: the default value was inline code, lost in the text copy",
            i + 2,
            property=prop.name,
        )
    if any(t in {"object", "array"} for t in prop.type.split("/")):
        stated = filler or _CHILDREN_RE.search(text)
        doc.warn(
            "children-unknown",
            f"{prop.name}: {'its' if stated else 'any'} nested properties are not in the text "
            "copy (nested tables are lost)",
            i + 2,
            property=prop.name,
        )


def _read_example(doc: _Lines, obj: ConfigObject, i: int, end: int, form: bool) -> int:
    """Collect the JSON lines that follow an example heading (balanced braces)."""
    if i >= end or not doc.lines[i].startswith("{"):
        return i
    depth = 0
    collected: list[str] = []
    j = i
    while j < end:
        line = doc.raw[j]
        collected.append(line)
        depth += _brace_delta(line)
        j += 1
        if depth <= 0:
            break
    text = "\n".join(collected).strip()
    if not form:
        return j
    try:
        obj.example = json.loads(text)
    except json.JSONDecodeError as exc:
        obj.example_text = text
        code = "example-truncated" if depth > 0 else "example-invalid-json"
        doc.warn(code, f"{obj.display_name}: example is not valid JSON ({exc.msg})", i)
    return j


def _brace_delta(line: str) -> int:
    delta = 0
    in_str = False
    escaped = False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            in_str = not in_str
        elif not in_str and ch in "{[":
            delta += 1
        elif not in_str and ch in "}]":
            delta -= 1
    return delta


# --------------------------------------------------------------------------- table pages

_REF_RE = re.compile(r"^(?P<name>.+?) table (?:reference|schemas)$")
_SNAPSHOT_RE = re.compile(r"^(?P<name>.+?) feature snapshot$")
_VERSION_RE = re.compile(r"\(v(?P<v>[\w.\-]+)\) integration|\bfor version (?P<w>[\w.\-]+) of this")
_END_MARKERS = ("Questions? Feedback?", "Related | Troubleshooting")


def _read_table_text(doc: _Lines) -> TablePage:
    integration, version = _integration(doc)
    latest = (
        True if any(re.match(r"^This is the latest version of", x) for x in doc.lines) else None
    )
    ref = next((i for i, x in enumerate(doc.lines) if _REF_RE.match(x)), None)
    end = next((i for i, x in enumerate(doc.lines) if x.startswith(_END_MARKERS)), None)
    if integration and (end is None or (ref is not None and end < ref)):
        raise page_error(
            doc.page,
            "page-cut-short",
            "the copy is cut short: it does not reach the end of the page "
            "('Questions? Feedback?' after the table reference); copy the whole page again",
        )
    tables: list[Table] = []
    if ref is None:
        doc.warn("no-table-reference", "the text has no table reference section", 0)
    else:
        tables = _read_tables(doc, ref + 1)
        if not tables:
            doc.warn(
                "table-list-empty",
                "the table reference section lists no tables in this copy",
                ref,
            )
        doc.problems.extend(check_tables(tables, doc.page, layout="text"))
    return TablePage(
        page=doc.page,
        integration=integration,
        version=version,
        latest=latest,
        layout="text",
        tables=tables,
        problems=doc.problems,
    )


def _integration(doc: _Lines) -> tuple[str, str | None]:
    name = None
    version = None
    for line in doc.lines:
        m = _SNAPSHOT_RE.match(line) or _REF_RE.match(line)
        if m and name is None:
            name = m.group("name")
        v = _VERSION_RE.search(line)
        if v and version is None:
            version = v.group("v") or v.group("w")
    if name is None:
        doc.warn("integration-unknown", "no 'X feature snapshot' heading names the integration", 0)
    if version is None:
        doc.warn("version-unknown", "the text does not state the integration version", 0)
    return name or "", version


def _table_starts(doc: _Lines, start: int) -> list[int]:
    """A table starts where a bare name line is followed by "The <name>" (its description,
    whose inline-code name the copy broke onto its own line)."""
    starts = []
    for i in range(start, len(doc.lines) - 1):
        name = doc.lines[i]
        if _NAME_RE.match(name) and re.match(rf"^The {re.escape(name)}\b", doc.lines[i + 1]):
            starts.append(i)
    return starts


def _read_tables(doc: _Lines, start: int) -> list[Table]:
    stop = next(
        (i for i in range(start, len(doc.lines)) if doc.lines[i].startswith(_END_MARKERS)),
        len(doc.lines),
    )
    starts = [s for s in _table_starts(doc, start) if s < stop]
    tables = []
    for n, s in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else stop
        tables.append(_read_table(doc, s, end))
    return tables


_KEY_ROWS = {
    "primary key": "primary_keys",
    "primary keys": "primary_keys",
    "replication key": "replication_keys",
    "replication keys": "replication_keys",
}


def _read_table(doc: _Lines, start: int, end: int) -> Table:
    name = doc.lines[start]
    table = Table(name=name, element=f"line {start + 1}")
    i = start + 2
    method_seen = False
    in_joins = False
    while i < end:
        line = doc.lines[i]
        cell = _cell(line)
        low = cell.lower()
        if low in _KEY_ROWS and i + 1 < end:
            setattr(table, _KEY_ROWS[low], _cell(doc.lines[i + 1]).split())
            method_seen = True
            i += 2
            continue
        if _LINKS_ROW.match(cell):
            i = _read_links(doc, table, i, end)
            continue
        if low == "loading behavior" and i + 1 < end:
            table.loading_behavior = _cell(doc.lines[i + 1]) or None
            i += 2
            continue
        if low.startswith("join ") and low.endswith(" with | on"):
            in_joins = True
            i += 1
            continue
        if in_joins and _JOIN_RE.search(line):
            _add_joins(table, line)
            i += 1
            continue
        if not method_seen and line.endswith("|") and normalise_method(cell):
            table.replication_method_text = cell
            table.replication_method = normalise_method(cell)
            method_seen = True
            i += 1
            continue
        col = _column(doc, i, end, table)
        if col is not None:
            in_joins = False
            table.columns.append(col)
        i += 1
    if table.columns:
        doc.warn(
            "key-icons-unknown",
            f"{name}: the column key icons are not in the text; primary_key/replication_key "
            "flags of its columns are unknown (left false)",
            start,
            table=name,
        )
    return table


_LINKS_ROW = re.compile(r"^useful links\b\s*\|?", re.IGNORECASE)
_URL_RE = re.compile(r"https?://[^\s|<>\"'()\[\]]+")
_TITLE_JUNK = " \t|[]()<>:-"


def _read_links(doc: _Lines, table: Table, i: int, end: int) -> int:
    """The "Useful links" row (line ``i``) and the lines right after it that hold URLs: a
    copy keeps a link's URL only when it was copied as text (``title (https://...)``,
    Markdown ``[title](https://...)``, ``title https://...``). A row whose URLs the copy
    lost is warned (``links-lost``). Returns the index of the first line after the row."""
    links = _links_in(doc, table, _LINKS_ROW.sub("", doc.lines[i], count=1), i)
    j = i + 1
    while j < end and _URL_RE.search(doc.lines[j]):
        links += _links_in(doc, table, doc.lines[j], j)
        j += 1
    if not links:
        doc.warn(
            "links-lost",
            f"{table.name}: the useful links (API method, schema on GitHub) were links; "
            "their URLs are not in the text copy",
            i,
            table=table.name,
        )
    table.links.extend(links)
    return j


def _links_in(doc: _Lines, table: Table, line: str, index: int) -> list[Link]:
    """Every URL of a line as a link, titled by the text before it (or else after it)."""
    out: list[Link] = []
    matches = list(_URL_RE.finditer(line))
    for n, m in enumerate(matches):
        before = line[matches[n - 1].end() if n else 0 : m.start()]
        after = line[m.end() : matches[n + 1].start() if n + 1 < len(matches) else len(line)]
        title = before.strip(_TITLE_JUNK) or after.strip(_TITLE_JUNK)
        url = m.group().rstrip(".,;")
        link = make_link(
            title or url, url, doc.found, table=table.name, element=f"line {index + 1}"
        )
        if link is not None:
            out.append(link)
    return out


def _add_joins(table: Table, line: str) -> None:
    for left_t, left_c, right_t, right_c in _JOIN_RE.findall(line):
        if left_t == table.name:
            table.foreign_keys.append(ForeignKey(column=left_c, table=right_t, references=right_c))


def _column(doc: _Lines, i: int, end: int, table: Table) -> Column | None:
    cell = _cell(doc.lines[i])
    words = cell.split()
    if words and all(w in _TYPE_WORDS for w in words):
        doc.warn(
            "column-name-lost",
            f"{table.name}: a {'/'.join(w.lower() for w in words)} column whose name the text "
            "copy lost",
            i,
            table=table.name,
        )
        return None
    m = _COLUMN_RE.match(cell)
    if not m:
        return None
    types = m.group("types").split()
    if not all(t in _TYPE_WORDS for t in types):
        return None
    col = Column(
        name=m.group("name"), types=tuple(t.lower() for t in types), element=f"line {i + 1}"
    )
    if any(t in {"object", "array"} for t in col.types):
        doc.warn(
            "children-unknown",
            f"{table.name}.{col.name}: any nested properties are not in the text copy",
            i,
            table=table.name,
            column=col.name,
        )
    return col
