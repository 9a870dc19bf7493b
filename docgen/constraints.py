"""Constraints the docs state in prose (placeholder, filled below)."""

from __future__ import annotations

from docgen.spec import Constraint, Property


def derive(prop: Property) -> list[Constraint]:
    return []
