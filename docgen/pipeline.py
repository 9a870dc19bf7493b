"""The pipeline as functions: parse pages, update specs/, build generated/.

The CLI calls these and so do the tests. Nothing here prints; results carry the lines to
show and the problems found, so every problem of every page is reported together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen.spec import Location, Page, Problem, PropertyPage, ReadError, TablePage


@dataclass
class ParseResult:
    inputs: list[str]
    pages: list[Page | None]  # None where the page could not be read (see problems)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ChangeResult:
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def exit_code(problems: Iterable[Problem], *, strict: bool = False) -> int:
    problems = list(problems)
    if any(p.severity == "error" for p in problems):
        return 2
    if strict and problems:
        return 1
    return 0


def load_source(source: str) -> tuple[bytes, str]:
    """The bytes of a page given as a path or an http(s) URL, and its site path."""
    from docgen.readers import page_path

    if source.startswith(("http://", "https://")):
        from docgen.fetch import fetch

        data = fetch(source)
        return data, url_page_path(source)
    path = Path(source)
    return path.read_bytes(), page_path(path.name)


def url_page_path(url: str) -> str:
    """Site path of a page URL: https://www.stitchdata.com/docs/integrations/saas/x -> ..."""
    from urllib.parse import urlsplit

    path = urlsplit(url).path
    if path.startswith("/docs/"):
        path = path[len("/docs/") :]
    path = path.strip("/") or "index"
    return path if path.endswith(".html") else path + ".html"


def parse_pages(sources: Sequence[str], *, progress: bool = False) -> ParseResult:
    """Read every page; a page that fails becomes an error problem, the rest go on."""
    from docgen.readers import read_page

    result = ParseResult(inputs=list(sources), pages=[])
    for source in _progress(sources, progress):
        try:
            data, page = load_source(source)
        except (OSError, RuntimeError) as exc:
            result.pages.append(None)
            result.problems.append(
                Problem(
                    severity="error",
                    code="unreadable-page",
                    message=f"cannot read {source}: {exc}",
                    location=Location(page=source),
                )
            )
            continue
        try:
            parsed = read_page(data, page)
        except ReadError as exc:
            result.pages.append(None)
            result.problems.append(exc.problem)
            continue
        result.pages.append(parsed)
        result.problems.extend(parsed.problems)
    return result


def _progress(items: Sequence[str], enabled: bool) -> Iterable[str]:
    if not enabled or len(items) < 5:
        yield from items
        return
    from rich.progress import track

    yield from track(items, description="reading pages", transient=True)


def render_parse(result: ParseResult, *, as_json: bool) -> list[str]:
    """Lines to print: one JSON object per input (``{}`` for an unreadable page) or a
    readable summary."""
    lines: list[str] = []
    for source, page in zip(result.inputs, result.pages, strict=True):
        if as_json:
            lines.append(json.dumps(page.contract() if page else {}, ensure_ascii=False))
        elif page is None:
            lines.append(f"{source}: unreadable (see errors)")
        elif isinstance(page, TablePage):
            cols = sum(_count_columns(t.columns) for t in page.tables)
            lines.append(
                f"{source}: {page.integration} v{page.version or '?'} ({page.layout}): "
                f"{len(page.tables)} tables, {cols} columns, {len(page.problems)} warnings"
            )
        elif isinstance(page, PropertyPage):
            props = sum(len(o.properties) + len(o.oauth) for o in page.objects)
            lines.append(
                f"{source}: property reference: {len(page.objects)} objects, {props} properties, "
                f"{len(page.problems)} warnings"
            )
    return lines


def _count_columns(columns: Iterable) -> int:
    return sum(1 + _count_columns(c.children) for c in columns)
