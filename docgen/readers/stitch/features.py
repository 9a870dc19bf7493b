"""The feature snapshot: the table at the top of every integration page, normalised.

The page shows it as label -> value pairs under section rows (STITCH, REPLICATION SETTINGS,
DATA SELECTION, TRANSPARENCY); readers keep it as displayed (``TablePage.features``, the
``parse --json`` contract) and :func:`normalise` turns it into :class:`docgen.model.spec.Features`:
Supported / Available as booleans, the release status split into a status and an ISO date,
the Singer repository as ``owner/name``. A row or value docgen does not know is kept as
displayed in ``Features.other`` and reported, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from docgen.model.spec import Features, Location, Problem

#: label as displayed (compared case-insensitively) -> Features field holding a yes/no value
_FLAGS = {
    "api availability": "api_availability",
    "anchor scheduling": "anchor_scheduling",
    "advanced scheduling": "advanced_scheduling",
    "table-level reset": "table_level_reset",
    "configurable replication methods": "configurable_replication_methods",
    "table selection": "table_selection",
    "column selection": "column_selection",
    "select all": "select_all",
    "extraction logs": "extraction_logs",
    "loading reports": "loading_reports",
}
_TEXTS = {"supported by": "supported_by", "stitch plan": "stitch_plan"}
_YES = frozenset({"supported", "available"})
_NO = frozenset({"unsupported", "not available", "not supported"})
_NONE = frozenset({"not applicable", "n/a", "none"})
_RELEASE = re.compile(r"^(?P<status>[A-Za-z][A-Za-z -]*?)(?:\s+on\b(?:\s+(?P<date>.+))?)?$")
_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_Warn = Callable[[str, str], None]


def normalise(
    raw: dict[str, str], page: str, element: str | None
) -> tuple[Features, list[Problem]]:
    """The snapshot as displayed -> its normalised form and the problems found on the way
    (located on the page and the snapshot heading)."""
    problems: list[Problem] = []

    def warn(code: str, message: str) -> None:
        location = Location(page=page, element=element)
        problems.append(Problem(code=code, message=message, location=location))

    values: dict[str, object] = {"element": element}
    other: dict[str, str] = {}
    for label, value in raw.items():
        key = " ".join(label.lower().split())
        low = value.lower()
        if key in _FLAGS:
            flag = True if low in _YES else False if low in _NO else None
            if flag is None and value:
                warn("unknown-feature-value", f"feature {label!r}: unknown value {value!r}")
                other[label] = value
            values[_FLAGS[key]] = flag
        elif key in _TEXTS:
            values[_TEXTS[key]] = value or None
        elif key == "release status":
            values.update(_release(value, label, warn, other))
        elif key == "singer github repository":
            if _REPOSITORY.match(value):
                values["repository"] = value
            elif value and low not in _NONE:
                warn("unknown-feature-value", f"feature {label!r}: not owner/name: {value!r}")
                other[label] = value
        else:
            warn("unknown-feature", f"unknown feature snapshot row {label!r}: {value!r}")
            other[label] = value
    return Features.model_validate({**values, "other": other}), problems


def _release(value: str, label: str, warn: _Warn, other: dict[str, str]) -> dict[str, object]:
    """ "Released on August 23, 2017" -> released, 2017-08-23; "Beta" -> beta, no date;
    "Deprecated on" (the page leaves the date out) -> deprecated, no date."""
    if not value:
        return {}
    m = _RELEASE.match(value)
    if m is None:
        warn("unknown-feature-value", f"feature {label!r}: unknown value {value!r}")
        other[label] = value
        return {}
    out: dict[str, object] = {"release_status": m.group("status").lower()}
    if m.group("date"):
        try:
            day = datetime.strptime(m.group("date").strip(), "%B %d, %Y").date()
        except ValueError:
            warn("unknown-feature-value", f"feature {label!r}: not a date: {value!r}")
            other[label] = value
        else:
            out["release_date"] = day.isoformat()
    return out
