"""Record models of pardot: the documentation lists no tables."""

from __future__ import annotations

from ._types import Record

RECORD_MODELS: dict[str, type[Record]] = {}
