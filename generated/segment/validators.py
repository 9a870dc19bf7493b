"""Validators of Segment connection configs and records. Standard library only. Generated
by docgen; do not edit. Descriptions come from the Stitch documentation
(github.com/stitchdata/docs), licensed CC BY-SA 4.0.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._runtime import (
    Problem,
    _Check,
    _check_keys,
    _check_members,
    _key,
    _wrong_type,
)

STREAMS: tuple[str, ...] = ("group", "identify", "page", "screen", "track")
"""The stream (table) names, in page order."""


def validate_record(stream: str, record: Any) -> list[Problem]:
    """Every problem of one record of ``stream`` (empty when it is valid).

    Properties the catalog does not list are allowed (Singer records may carry them).
    """
    entry = _STREAMS.get(stream)
    if entry is None:
        known = ", ".join(STREAMS) or "(none)"
        return [Problem("", f"unknown stream {stream!r}; the streams are: {known}")]
    ok, check = entry
    if type(record) is dict and ok(record):
        return []
    if not isinstance(record, dict):
        return [_wrong_type("", "object", record)]
    out: list[Problem] = []
    check(record, "", out)
    return out


def validate_config(data: Any) -> list[Problem]:
    """Every problem of a connection config (empty when it is valid).

    Unknown properties are problems: the config accepts exactly the documented ones.
    """
    if not isinstance(data, dict):
        return [_wrong_type("", "object", data)]
    out: list[Problem] = []
    for k in data:
        out.append(Problem(_key("", k), "unknown property; no config is documented"))
    return out


# ---- the checks: fast paths (_ok_*) and careful paths (_check_*) ----

_MISSING: Any = object()


def _ok_group(r: dict[str, Any]) -> bool:
    if r.get("message_id") is None:
        return False
    return True


_GROUP_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_group(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_keys(r, ("message_id",), path, out)
    _check_members(r, _GROUP_MEMBERS, path, out)


def _ok_identify(r: dict[str, Any]) -> bool:
    if r.get("message_id") is None:
        return False
    return True


_IDENTIFY_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_identify(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_keys(r, ("message_id",), path, out)
    _check_members(r, _IDENTIFY_MEMBERS, path, out)


def _ok_page(r: dict[str, Any]) -> bool:
    if r.get("message_id") is None:
        return False
    return True


_PAGE_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_page(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_keys(r, ("message_id",), path, out)
    _check_members(r, _PAGE_MEMBERS, path, out)


def _ok_screen(r: dict[str, Any]) -> bool:
    if r.get("message_id") is None:
        return False
    return True


_SCREEN_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_screen(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_keys(r, ("message_id",), path, out)
    _check_members(r, _SCREEN_MEMBERS, path, out)


def _ok_track(r: dict[str, Any]) -> bool:
    if r.get("message_id") is None:
        return False
    return True


_TRACK_MEMBERS: tuple[tuple[str, str, _Check], ...] = ()


def _check_track(r: dict[str, Any], path: str, out: list[Problem]) -> None:
    _check_keys(r, ("message_id",), path, out)
    _check_members(r, _TRACK_MEMBERS, path, out)


_STREAMS: dict[
    str,
    tuple[Callable[[dict[str, Any]], bool], Callable[[dict[str, Any], str, list[Problem]], None]],
] = {
    "group": (_ok_group, _check_group),
    "identify": (_ok_identify, _check_identify),
    "page": (_ok_page, _check_page),
    "screen": (_ok_screen, _check_screen),
    "track": (_ok_track, _check_track),
}
"""Stream name -> (fast path, careful path)."""
