"""Record models of shiphero: the documentation lists no tables."""

from __future__ import annotations

from pydantic import BaseModel

RECORD_MODELS: dict[str, type[BaseModel]] = {}
