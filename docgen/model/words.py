"""Words in messages: the one place that pluralises ("1 warning", "2 warnings"), and the
hint for a path typed with a letter wrong (:func:`did_you_mean`).

Every count docgen prints goes through :func:`plural`, so no message says "1 warnings" or
"file(s)".
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, the word in the plural unless the count is one:
    ``plural(1, "warning")`` -> "1 warning", ``plural(0, "warning")`` -> "0 warnings";
    ``many`` names an irregular plural (``plural(2, "entry", "entries")``)."""
    if count == 1:
        return f"{count} {word}"
    if many is None:
        if word.endswith("y") and word[-2:-1] not in "aeiou":
            many = word[:-1] + "ies"
        elif word.endswith(("s", "x", "ch", "sh")):
            many = word + "es"
        else:
            many = word + "s"
    return f"{count} {many}"


def close_names(wanted: str, names: Iterable[str]) -> str:
    """``" (did you mean A, B?)"`` naming up to three of ``names`` closest to a name that
    matched none (the same name in another case first), or "" when none is close: the one
    hint every lookup by name gives (connector, table, destination)."""
    known = sorted(set(names))
    low = wanted.strip().lower()
    lowered: dict[str, list[str]] = {}
    for name in known:
        lowered.setdefault(name.lower(), []).append(name)
    same = lowered.get(low, [])
    close = difflib.get_close_matches(low, list(lowered), n=3)
    picked = [*same, *(n for c in close for n in lowered[c] if n not in same)][:3]
    return f" (did you mean {', '.join(picked)}?)" if picked else ""


def did_you_mean(path: Path, *, folders: bool = False, shown: Path | None = None) -> str:
    """For a path that does not exist: ``" (did you mean NAME?)"`` naming the closest entry
    of its folder (a folder when ``folders``, else a file), or where the path first goes
    missing (``" (no folder DIR)"``) when its folder does not exist either; "" when nothing
    is close. The path as typed (``shown``, else ``path``) is kept: only its last part is
    replaced."""
    parent = path.parent
    typed = (shown if shown is not None else path).parent
    if not parent.is_dir():
        missing, typed_missing = parent, typed
        while not missing.parent.is_dir() and missing.parent != missing:
            missing, typed_missing = missing.parent, typed_missing.parent
        return f" (no folder {typed_missing})"
    try:
        with os.scandir(parent) as entries:
            names = sorted(e.name for e in entries if e.is_dir() == folders)
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.8)
    if not close:
        return ""
    return f" (did you mean {typed / close[0] if str(typed) != '.' else close[0]}?)"


__all__ = ["close_names", "did_you_mean", "plural"]
