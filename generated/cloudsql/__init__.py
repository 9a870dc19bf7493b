"""The Google CloudSQL MySQL connector: config and record validation. Stitch type:
platform.cloudsql. Release status: not stated (no feature snapshot was read). Generated
by docgen; do not edit. Descriptions come from the Stitch documentation
(github.com/stitchdata/docs), licensed CC BY-SA 4.0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ._runtime import Problem
from .config import CloudsqlConfig
from .records import RECORD_MODELS
from .validators import STREAMS, validate_config, validate_record

NAME = "cloudsql"
DISPLAY_NAME = "Google CloudSQL MySQL"
STITCH_TYPE: str | None = "platform.cloudsql"
VERSION: str | None = None


def catalog() -> dict[str, Any]:
    """The Singer catalog of this connector (catalog.json)."""
    data: dict[str, Any] = json.loads(Path(__file__).with_name("catalog.json").read_text("utf-8"))
    return data


def config_schema() -> dict[str, Any]:
    """The JSON Schema of the connection config (config.schema.json)."""
    path = Path(__file__).with_name("config.schema.json")
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


__all__ = [
    "NAME",
    "DISPLAY_NAME",
    "STITCH_TYPE",
    "VERSION",
    "STREAMS",
    "RECORD_MODELS",
    "Problem",
    "validate_config",
    "validate_record",
    "catalog",
    "config_schema",
    "CloudsqlConfig",
]
