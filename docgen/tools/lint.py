"""``docgen lint``: contradictions inside the docs themselves.

Checks facts against other facts *of the same docs* (never against an outside source).
The table and duplicate-property checks are :mod:`docgen.model.checks`, the ones the readers run
while reading (lint reports the same findings, with the severities below); the example
checks are lint's own:

========================== ======== =====================================================
code                       severity what the docs contradict
========================== ======== =====================================================
key-not-column             error    a primary / replication key that is not a column
duplicate-table            error    a table listed twice on one page
duplicate-column           error    a column listed twice in one table (same level)
duplicate-property         error    a property listed twice in one object (same level)
example-type-mismatch      error    the example object gives a value of another type
example-not-accepted       error    ... a value outside the property's accepted values
example-format-mismatch    error    ... a value not of the stated format (date-time, uri)
example-pattern-mismatch   error    ... a value not matching the stated pattern
example-missing-required   error    ... no value for a required property
example-unknown-property   warning  ... a value for a property the object does not list
example-invalid-json       warning  the example is printed but is not valid JSON
fk-unknown-table           warning  a foreign key to a table the page does not list
fk-unknown-column          warning  a foreign key from/to a column the table lacks
key-icon-mismatch          warning  key row and key icons disagree
key-left-out               warning  a key-not-column the generated catalog leaves out: no
                                    column is the key by :mod:`docgen.model.streams`' rule
========================== ======== =====================================================

*error* marks a contradiction that makes generated code wrong or ambiguous (a catalog key
that is not a property, a config example the generated validator rejects); *warning* one
that only makes the docs confusing.

A value is judged exactly as the generated validators judge it: formats and JSON types are
:mod:`docgen.emit.runtime`'s predicates, the code every generated ``_runtime.py`` carries
(``3.0`` is an integer, ``True`` is not; ``null`` is fine for an optional property).
Placeholders in examples (``"<API_KEY>"``) stand for any value and are not checked. A template
(``"<NAME>.atlassian.net"``) is checked for what its fixed text decides: a placeholder part
stands for a word (:data:`PLACEHOLDER_WORD`: never a URI scheme); the template is a
contradiction when no filling with sample words (:data:`PLACEHOLDER_FILLINGS`) passes, or,
for accepted values, when no word could make it one.

Lint is a report: :func:`main` exits 1 when there is a finding of severity *error*, 0
otherwise (warnings alone never fail), 2 when the input cannot be read.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.emit.runtime import has_format, is_kind, json_type
from docgen.model.checks import Layout, check_properties, check_tables
from docgen.model.problems import Problems
from docgen.model.spec import (
    ConfigObject,
    Connector,
    Location,
    Problem,
    Property,
    PropertyPage,
    Severity,
    Table,
    TablePage,
)
from docgen.model.streams import key_warnings
from docgen.model.words import plural

if TYPE_CHECKING:
    from docgen.readers import AnyPage

SEVERITY: dict[str, Severity] = {
    "key-not-column": "error",
    "duplicate-table": "error",
    "duplicate-column": "error",
    "duplicate-property": "error",
    "example-type-mismatch": "error",
    "example-not-accepted": "error",
    "example-format-mismatch": "error",
    "example-pattern-mismatch": "error",
    "example-missing-required": "error",
    "example-unknown-property": "warning",
    "example-invalid-json": "warning",
    "fk-unknown-table": "warning",
    "fk-unknown-column": "warning",
    "key-icon-mismatch": "warning",
    "key-left-out": "warning",
}

PLACEHOLDER = re.compile(r"^\s*<[^<>]+>\s*$|^\s*\{\{[^{}]+\}\}\s*$")
"""A whole value that is a placeholder (``"<API_KEY>"``): it stands for any value."""
PLACEHOLDER_PART = re.compile(r"<[A-Za-z][^<>]*>|\{\{[^{}]+\}\}")
"""A placeholder inside a value (``"<NAME>.atlassian.net"``): it stands for a word."""
PLACEHOLDER_WORD = r"[A-Za-z0-9._~-]+"
"""What a placeholder part stands for: a word of URI-unreserved characters (a name, an id, a
number, a date); never a scheme, a path or a space, which only the fixed text can give."""
PLACEHOLDER_FILLINGS = ("x", "0", "01", "2024", "2024-01-31")
"""Sample words a template's placeholder parts are filled with to judge it."""
_MAX_FILLED_PARTS = 3  # more placeholder parts: each filling fills them all with one word


def fillings(value: str) -> list[str]:
    """``value`` with its placeholder parts filled with sample words, each part
    independently (itself when it has none)."""
    parts = PLACEHOLDER_PART.split(value)
    holes = len(parts) - 1
    if holes == 0:
        return [value]
    if holes > _MAX_FILLED_PARTS:
        choices = [(w,) * holes for w in PLACEHOLDER_FILLINGS]
    else:
        choices = list(itertools.product(PLACEHOLDER_FILLINGS, repeat=holes))
    out = []
    for words in choices:
        text = parts[0]
        for word, part in zip(words, parts[1:], strict=True):
            text += word + part
        out.append(text)
    return out


def could_be(value: Any, accepted: Any) -> bool:
    """``value`` (a template: any word in place of its placeholder parts) could be
    ``accepted``."""
    if not isinstance(value, str) or PLACEHOLDER_PART.search(value) is None:
        return bool(value == accepted)
    if not isinstance(accepted, str):
        return False
    pattern = PLACEHOLDER_WORD.join(re.escape(p) for p in PLACEHOLDER_PART.split(value))
    return re.fullmatch(pattern, accepted) is not None


# --------------------------------------------------------------------------- tables


def lint_tables(
    tables: list[Table], page: str, out: list[Problem], layout: Layout | None = None
) -> None:
    """Keys, duplicates and foreign keys of one page's (or spec's) tables: the contradictions
    among :func:`docgen.model.checks.check_tables`' findings (not the gaps, e.g. no primary key)."""
    for problem in check_tables(tables, page, layout=layout, severity=SEVERITY):
        if problem.code in SEVERITY:
            out.append(problem)


# --------------------------------------------------------------------------- config objects


def lint_config(obj: ConfigObject, page: str, out: list[Problem]) -> None:
    """Duplicate properties, and the example object against the properties it shows."""
    out.extend(check_properties(obj, page, severity=SEVERITY))
    f = Problems(page, severity=SEVERITY, unique=True, out=out)
    if obj.example is None:
        if obj.example_text:
            f.add(
                "example-invalid-json", "the example object is not valid JSON", element=obj.element
            )
        return
    if isinstance(obj.example, dict):
        _lint_example(f, obj, obj.properties, obj.example, "", top=True)
    else:
        f.add(
            "example-type-mismatch",
            f"the example is a {json_type(obj.example)}, not an object",
            element=obj.element,
        )


_JSON_TYPES = ("string", "integer", "number", "boolean", "array", "object", "null")


def _declared_types(prop: Property) -> list[str]:
    """The property's type as JSON types ("string/integer" -> both); [] when unknown."""
    names = [t.strip().lower() for t in re.split(r"[/|,]", prop.type) if t.strip()]
    return names if names and all(n in _JSON_TYPES for n in names) else []


def _lint_example(
    f: Problems,
    obj: ConfigObject,
    props: list[Property],
    example: dict[str, Any],
    prefix: str,
    *,
    top: bool = False,
) -> None:
    known = {p.name: p for p in props}
    allowed_extra = {p.name for p in obj.oauth} if top else set()
    for key in example:
        if key not in known and key not in allowed_extra:
            f.add(
                "example-unknown-property",
                f"the example sets {prefix + key!r}, which the object does not list",
                element=obj.element,
                property=prefix + key,
            )
    for prop in props:
        path = prefix + prop.name
        if prop.name not in example:
            if prop.required:
                f.add(
                    "example-missing-required",
                    f"the example has no value for required property {path!r}",
                    element=obj.element,
                    property=path,
                )
            continue
        _lint_value(f, obj, prop, example[prop.name], path)


def _lint_value(f: Problems, obj: ConfigObject, prop: Property, value: Any, path: str) -> None:
    where = {"element": obj.element, "property": path}
    if isinstance(value, str) and PLACEHOLDER.match(value):
        return
    if value is None and not prop.required:
        return  # an optional property may be null (as the generated config accepts)
    types = _declared_types(prop)
    if types and not any(is_kind(value, t) for t in types):
        f.add(
            "example-type-mismatch",
            f"the example gives {path!r} the {json_type(value)} {_show(value)}, "
            f"but its type is {prop.type}",
            **where,
        )
        return
    filled = fillings(value) if isinstance(value, str) else [value]
    for c in prop.constraints:
        if c.kind == "enum" and isinstance(c.value, list):
            if not any(could_be(value, v) for v in c.value):
                f.add(
                    "example-not-accepted",
                    f"the example gives {path!r} {_show(value)}, not one of its accepted values "
                    f"{', '.join(map(_show, c.value))}",
                    **where,
                )
        elif c.kind == "format" and isinstance(value, str) and isinstance(c.value, str):
            if not any(has_format(v, c.value) for v in filled):
                f.add(
                    "example-format-mismatch",
                    f"the example gives {path!r} {_show(value)}, which is not a {c.value}",
                    **where,
                )
        elif c.kind == "pattern" and isinstance(value, str) and isinstance(c.value, str):
            try:
                matches = any(re.search(c.value, v) is not None for v in filled)
            except re.error:
                continue
            if not matches:
                f.add(
                    "example-pattern-mismatch",
                    f"the example gives {path!r} {_show(value)}, which does not match "
                    f"{c.value!r} ({c.sentence})",
                    **where,
                )
    if prop.children:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, dict):
                _lint_example(f, obj, prop.children, item, path + ".")


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------- entry points


def lint_page(page: AnyPage) -> list[Problem]:
    """Findings on one page read (destination and keyword pages have none)."""
    out: list[Problem] = []
    if isinstance(page, TablePage):
        lint_tables(page.tables, page.page, out, page.layout)
    elif isinstance(page, PropertyPage):
        for obj in page.objects:
            lint_config(obj, page.page, out)
    return out


def _source_page(conn: Connector, element: str | None, fallback: str) -> str:
    for src in conn.sources:
        if src.element == element:
            return src.page
    return conn.sources[0].page if conn.sources else fallback


def lint_connector(conn: Connector, spec_path: str | None = None) -> list[Problem]:
    """Findings of one spec, located on the page each fact came from."""
    fallback = spec_path or f"specs/{conn.name}.yaml"
    out: list[Problem] = []
    if conn.tables is not None:
        lint_tables(conn.tables, _source_page(conn, None, fallback), out, conn.layout)
        for table in conn.tables:
            findings = Problems(
                _source_page(conn, table.element, fallback), severity=SEVERITY, unique=True, out=out
            )
            for message in key_warnings(table):
                findings.add("key-left-out", message, element=table.element, table=table.name)
    if conn.config is not None:
        lint_config(conn.config, _source_page(conn, conn.config.element, fallback), out)
    return out


def lint_connectors(conns: Iterable[Connector]) -> list[Problem]:
    out: list[Problem] = []
    for conn in conns:
        out.extend(lint_connector(conn))
    return out


def render_text(problems: list[Problem]) -> list[str]:
    lines = [str(p) for p in problems]
    lines += summary_lines(problems)
    return lines


def summary_lines(problems: list[Problem], what: str = "finding") -> list[str]:
    """``N findings: N errors, N warnings`` and a count per code."""
    counts = Counter(p.code for p in problems)
    errors = sum(p.severity == "error" for p in problems)
    lines = [
        f"{plural(len(problems), what)}: {plural(errors, 'error')}, "
        f"{plural(len(problems) - errors, 'warning')}"
    ]
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {n:6d}  {code} ({SEVERITY.get(code, 'warning')})")
    return lines


# --------------------------------------------------------------------------- baseline

#: what a baseline file starts with (and what says it is one)
BASELINE_FORMAT = "docgen-lint-baseline/1"
_QUOTED = re.compile(r"'([^']*)'")


def baseline_key(problem: Problem) -> tuple[str, ...]:
    """What identifies a finding across edits of the docs: its code, where it is (page,
    table, column, property: never a line number nor the element, which for a text copy
    is "line N") and the names its message quotes ('portalId', 'contacts'), never the
    rest of the message (values, descriptions), so that it survives lines moving and
    descriptions being reworded. The key of the finding's baseline entry (one definition
    of the key: :func:`_entry_key`)."""
    return _entry_key(_entry(problem, 1))


def _entry(problem: Problem, count: int) -> dict[str, Any]:
    loc = problem.location
    out: dict[str, Any] = {"code": problem.code, "page": loc.page}
    for key in ("table", "column", "property"):
        if getattr(loc, key):
            out[key] = getattr(loc, key)
    names = _QUOTED.findall(problem.message)
    if names:
        out["names"] = names
    if count > 1:
        out["count"] = count
    out["message"] = problem.message  # for the reader; not part of the key
    return out


def _entry_key(entry: dict[str, Any]) -> tuple[str, ...]:
    return (
        str(entry.get("code", "")),
        str(entry.get("page", "")),
        str(entry.get("table") or ""),
        str(entry.get("column") or ""),
        str(entry.get("property") or ""),
        "\0".join(str(n) for n in entry.get("names") or []),
    )


def write_baseline(findings: list[Problem]) -> str:
    """A baseline file of these findings: JSON, sorted, one entry per finding key (with a
    count when a key is found more than once), the message kept for the reader."""
    counts: Counter[tuple[str, ...]] = Counter()
    first: dict[tuple[str, ...], Problem] = {}
    for p in findings:
        key = baseline_key(p)
        counts[key] += 1
        first.setdefault(key, p)
    entries = [_entry(first[k], counts[k]) for k in sorted(first)]
    about = (
        "findings of `docgen lint` known when this file was written (`docgen lint "
        "--write-baseline FILE`); `docgen lint --baseline FILE` fails only on findings not "
        "listed here, and names entries no longer found"
    )
    head = {"format": BASELINE_FORMAT, "about": about}
    lines = [f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    rows = ",\n".join(f"  {json.dumps(e, ensure_ascii=False)}" for e in entries)
    # one finding per line: a review of the baseline reads as a list of findings
    return "{\n" + "\n".join(lines) + '\n "findings": [\n' + rows + "\n ]\n}\n"


def read_baseline(path: Path) -> Counter[tuple[str, ...]]:
    """The finding keys a baseline file lists (with their counts). Raises
    :class:`docgen.inputs.InputError` (one line) when it is not one."""
    from docgen.inputs import InputError

    expected = f"expected a baseline written by `docgen lint --write-baseline {path}`"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"--baseline {path}: no such file; {expected}") from None
    except IsADirectoryError:
        raise InputError(f"--baseline {path}: is a folder; {expected}") from None
    except OSError as exc:
        raise InputError(
            f"--baseline {path}: cannot read it ({exc.strerror}); {expected}"
        ) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"--baseline {path}: not JSON ({exc}); {expected}") from None
    if not isinstance(doc, dict) or doc.get("format") != BASELINE_FORMAT:
        raise InputError(f"--baseline {path}: not a lint baseline; {expected}")
    found = doc.get("findings")
    if not isinstance(found, list) or not all(isinstance(e, dict) for e in found):
        raise InputError(f"--baseline {path}: its findings are not a list of entries; {expected}")
    out: Counter[tuple[str, ...]] = Counter()
    for entry in found:
        count = entry.get("count", 1)
        out[_entry_key(entry)] += count if isinstance(count, int) and count > 0 else 1
    return out


@dataclass
class BaselineSplit:
    """Findings against a baseline: ``new`` (not in it: they decide the exit code),
    ``known`` (in it) and ``fixed`` (baseline entries no finding matches any more)."""

    new: list[Problem] = field(default_factory=list)
    known: list[Problem] = field(default_factory=list)
    fixed: list[tuple[str, ...]] = field(default_factory=list)


def split_baseline(
    findings: list[Problem],
    baseline: Counter[tuple[str, ...]],
    select: set[str] | None = None,
    ignore: set[str] | None = None,
) -> BaselineSplit:
    """Each finding new or known; each baseline entry of a selected code that matched no
    finding, fixed (the baseline can shrink: write it again)."""
    left = Counter(baseline)
    out = BaselineSplit()
    for p in findings:
        key = baseline_key(p)
        if left[key] > 0:
            left[key] -= 1
            out.known.append(p)
        else:
            out.new.append(p)
    for key, n in sorted(left.items()):
        code = key[0]
        if n > 0 and (select is None or code in select) and (ignore is None or code not in ignore):
            out.fixed.extend([key] * n)
    return out


def describe_key(key: tuple[str, ...]) -> str:
    """A baseline key as a line: ``code: page: table t, column c ('names')``."""
    code, page, table, column, prop, names = key
    where = ", ".join(
        part
        for part in (
            f"table {table}" if table else "",
            f"column {column}" if column else "",
            f"property {prop}" if prop else "",
        )
        if part
    )
    quoted = ", ".join(f"'{n}'" for n in names.split("\0")) if names else ""
    return f"{page}: {where or 'page'}" + (f" ({quoted})" if quoted else "") + f" [{code}]"


@dataclass
class LintResult:
    """What ``docgen lint`` found: the findings (after select/ignore) and the inputs that
    could not be read (``bad-input``: a wrong argument, reported alone)."""

    findings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)

    @property
    def bad_input(self) -> bool:
        return any(p.code == "bad-input" for p in self.errors)


#: Reads pages (paths or URLs) into page models and the problems met (``None`` for a page
#: that could not be read): :func:`docgen.pipeline.parse_pages`, which the caller passes, so
#: that a tool never imports the pipeline above it.
ReadPages = Callable[[list[str]], tuple[list["AnyPage | None"], list[Problem]]]


def run(
    pages: list[str],
    specs: Path,
    select: set[str] | None = None,
    ignore: set[str] | None = None,
    *,
    read_pages: ReadPages | None = None,
) -> LintResult:
    """Lint the given pages (paths or URLs, read by ``read_pages``), or every spec in
    ``specs`` when none is given. ``select`` keeps only those codes, ``ignore`` drops them; a
    code lint does not know, or a spec folder that is not one, is a ``bad-input`` error."""
    from docgen.inputs import InputError

    unreadable: list[Problem] = []
    problems: list[Problem] = []
    try:
        unknown = sorted(((select or set()) | (ignore or set())) - set(SEVERITY))
        if unknown:
            raise InputError(
                f"unknown finding {'code' if len(unknown) == 1 else 'codes'} "
                f"{', '.join(unknown)}; lint's codes are "
                f"{', '.join(sorted(SEVERITY))}"
            )
        if pages:
            if read_pages is None:
                raise InputError("lint was given pages but no way to read them")
            models, read_problems = read_pages(pages)
            unreadable = [p for p in read_problems if p.severity == "error"]
            problems = [p for page in models if page is not None for p in lint_page(page)]
        else:
            from docgen.model.specio import load_folder

            found = load_folder(specs)  # the one spec loader: lint refuses what build refuses
            unreadable = found.problems
            problems = lint_connectors(found.connectors) if not unreadable else []
    except InputError as exc:
        unreadable = [
            Problem(
                severity="error", code="bad-input", message=str(exc), location=Location(page="")
            )
        ]
    problems = [
        p
        for p in problems
        if (select is None or p.code in select) and (ignore is None or p.code not in ignore)
    ]
    return LintResult(problems, unreadable)
