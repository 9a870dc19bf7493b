"""Pages -> connector specs.

A connector's config comes from its connection property object (the Connect API reference)
and its tables from its integration page; one :class:`Connector` holds both. They are
matched by what the pages state, in this order:

1. the display names, compared case-insensitively and ignoring punctuation
   ("JIRA" = "Jira", "Recharge" = "ReCharge");
2. the integration page's path segment against the type id ("integrations/saas/zendesk"
   = ``platform.zendesk``).

The Connect API describes the *current* version of a connector, so a property object joins
only an integration page that is the latest version (or states no version). An older
version gets a spec of its own, named with a ``_v<version>`` suffix, with tables only.
What did not match is reported in :class:`AssembleResult` (not a warning: most property
objects have no integration page in a given run).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from docgen.model.spec import (
    ConfigObject,
    Connector,
    Location,
    Page,
    Problem,
    PropertyPage,
    Provenance,
    TablePage,
)
from docgen.readers.stitch import connector_name


@dataclass
class AssembleResult:
    connectors: list[Connector]
    matched: list[tuple[str, str]] = field(default_factory=list)  # (table page, type id)
    unmatched_pages: list[str] = field(default_factory=list)  # latest table pages, no object
    problems: list[Problem] = field(default_factory=list)


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", name.casefold())


def page_slug(page: str) -> str:
    """The connector segment of an integration page path:
    integrations/saas/mambu/v2.html -> mambu; integrations/saas/recharge/index.html -> recharge."""
    parts = [p for p in page.removesuffix(".html").split("/") if p]
    if parts and parts[0] == "integrations":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    parts = [p for p in parts if p != "index" and not re.fullmatch(r"v\d[\w-]*", p)]
    return parts[0] if parts else "connector"


def _is_current(page: TablePage) -> bool:
    return page.latest is not False


def assemble(
    pages: list[Page], *, named_by_file: set[str] | frozenset[str] = frozenset()
) -> AssembleResult:
    """Connectors from pages. A table page in ``named_by_file`` is known only by the name
    it was saved under (it states no address): a connector it alone gives is named after
    the integration the page states, not after that file name."""
    objects: list[tuple[ConfigObject, str]] = []
    table_pages: list[TablePage] = []
    problems: list[Problem] = []
    for read in pages:
        if isinstance(read, PropertyPage):
            objects.extend((obj, read.page) for obj in read.objects)
        elif isinstance(read, TablePage):
            table_pages.append(read)

    by_name: dict[str, tuple[ConfigObject, str]] = {}
    by_type: dict[str, tuple[ConfigObject, str]] = {}
    for obj, obj_page in objects:
        by_name.setdefault(_key(obj.display_name), (obj, obj_page))
        by_type.setdefault(_key(obj.type.split(".", 1)[-1]), (obj, obj_page))

    result = AssembleResult(connectors=[], problems=problems)
    used: set[str] = set()
    built: list[Connector] = []
    for tpage in table_pages:
        match = None
        if _is_current(tpage):
            match = by_name.get(_key(tpage.integration)) or by_type.get(_key(page_slug(tpage.page)))
        sources = [Provenance(page=tpage.page)]
        config = None
        type_id = None
        kind: Literal["source", "destination"] = "source"
        if match is not None:
            config, obj_page = match
            used.add(config.type)
            type_id, kind = config.type, config.kind
            sources.append(Provenance(page=obj_page, element=config.element))
            result.matched.append((tpage.page, config.type))
        elif _is_current(tpage) and objects:
            result.unmatched_pages.append(tpage.page)
        slug = tpage.integration if tpage.page in named_by_file else page_slug(tpage.page)
        name = (
            connector_name(type_id, tpage.integration, tpage.version, True)
            if type_id
            else connector_name(None, slug, tpage.version, tpage.latest)
        )
        built.append(
            Connector(
                name=name,
                type=type_id,
                kind=kind,
                display_name=config.display_name if config else tpage.integration,
                version=tpage.version,
                layout=tpage.layout,
                sources=sorted(sources, key=lambda s: (s.page, s.element or "")),
                features=tpage.snapshot,
                config=config,
                tables=list(tpage.tables),
                problems=list(tpage.problems) + _object_problems(pages, config),
            )
        )
    for obj, obj_page in objects:
        if obj.type in used:
            continue
        used.add(obj.type)
        built.append(
            Connector(
                name=connector_name(obj.type, obj.display_name),
                type=obj.type,
                kind=obj.kind,
                display_name=obj.display_name,
                sources=[Provenance(page=obj_page, element=obj.element)],
                config=obj,
                problems=_object_problems(pages, obj),
            )
        )
    result.connectors = _unique_names(built, problems)
    return result


def _object_problems(pages: list[Page], obj: ConfigObject | None) -> list[Problem]:
    """The property page's problems located in this object's section (its id or the ids
    of its parts, which the reader derives from it: ``<id>-form-example-usage``)."""
    if obj is None or not obj.element:
        return []
    return [
        p
        for page in pages
        if isinstance(page, PropertyPage)
        for p in page.problems
        if p.location.element == obj.element
        or (p.location.element or "").startswith(obj.element + "-")
    ]


def _unique_names(conns: list[Connector], problems: list[Problem]) -> list[Connector]:
    """Package names must be unique: on a clash the later kind/type gets a suffix."""
    conns = sorted(conns, key=lambda c: (c.name, c.kind != "source", c.type or "", c.version or ""))
    seen: set[str] = set()
    out: list[Connector] = []
    for conn in conns:
        name = conn.name
        if name in seen:
            alt = f"{name}_{conn.kind}" if conn.kind == "destination" else name
            n = 2
            while alt in seen:
                alt = f"{name}_{n}"
                n += 1
            problems.append(
                Problem(
                    code="name-clash",
                    message=f"package name {name!r} is taken; {conn.display_name} "
                    f"({conn.type or conn.sources[0].page}) becomes {alt!r}",
                    location=Location(page=conn.sources[0].page, element=None),
                )
            )
            conn = conn.model_copy(update={"name": alt})
        seen.add(conn.name)
        out.append(conn)
    return sorted(out, key=lambda c: c.name)


def same_connector(a: Connector, b: Connector) -> bool:
    """Whether two specs describe the same connector and version, by the rules above:
    the same type id, a shared integration page, or (one with config only, the other with
    tables only) the display-name / page-path rule that :func:`assemble` joins by."""
    if a.type and b.type:
        return a.type == b.type and (a.version == b.version or None in (a.version, b.version))
    table_pages = {s.page for s in a.sources} & {s.page for s in b.sources}
    if any(p.startswith("integrations/") for p in table_pages):
        return True
    config_side, table_side = (a, b) if a.config is not None else (b, a)
    if config_side.config is None or table_side.config is not None or table_side.tables is None:
        return False
    if table_side.name != connector_name(None, page_slug(_table_page(table_side)), None):
        return False  # an older version: never takes a config
    obj = config_side.config
    return _key(obj.display_name) == _key(table_side.display_name) or _key(
        obj.type.split(".", 1)[-1]
    ) == _key(page_slug(_table_page(table_side)))


def _table_page(conn: Connector) -> str:
    pages = [s.page for s in conn.sources if s.page.startswith("integrations/")]
    return pages[0] if pages else conn.sources[0].page
