"""Counts in messages: the one place that pluralises ("1 warning", "2 warnings").

Every count docgen prints goes through :func:`plural`, so no message says "1 warnings" or
"file(s)".
"""

from __future__ import annotations


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


__all__ = ["plural"]
