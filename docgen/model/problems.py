"""The one problem collector: every reader, check and tool gathers its located problems here.

Errors are values with a location (page, element, table, column, property), gathered and
reported together; a collector holds those of one page (or spec file) in the order found.
"""

from __future__ import annotations

from collections.abc import Mapping

from docgen.model.spec import Location, Problem, Severity


class Problems:
    """Located problems on one page. ``severity`` maps codes to their severity (default:
    warning); ``unique`` states each problem once (the same slip can be met twice, e.g. in
    every item of an example array); ``out`` is the list to add to (a new one by default)."""

    def __init__(
        self,
        page: str,
        *,
        severity: Mapping[str, Severity] | None = None,
        unique: bool = False,
        out: list[Problem] | None = None,
    ) -> None:
        self.page = page
        self.severity = severity or {}
        self.problems: list[Problem] = out if out is not None else []
        self._seen: set[tuple[str | None, ...]] | None = None
        if unique:
            self._seen = {self._key(p) for p in self.problems}

    @staticmethod
    def _key(p: Problem) -> tuple[str | None, ...]:
        loc = p.location
        return (p.code, p.message, loc.page, loc.element, loc.table, loc.column, loc.property)

    def add(
        self,
        code: str,
        message: str,
        element: str | None = None,
        *,
        table: str | None = None,
        column: str | None = None,
        property: str | None = None,
    ) -> None:
        """One problem at ``element`` (an HTML id, or "line N" of a text copy) of the page."""
        where = Location(
            page=self.page, element=element, table=table, column=column, property=property
        )
        problem = Problem(
            severity=self.severity.get(code, "warning"), code=code, message=message, location=where
        )
        if self._seen is not None:
            key = self._key(problem)
            if key in self._seen:
                return
            self._seen.add(key)
        self.problems.append(problem)

    warn = add


__all__ = ["Problems"]
