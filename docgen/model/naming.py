"""Naming transformations as destination reference pages word them.

Each page's "Column names" (``#transformations--column-naming``) and "Table names"
(``#transformations--table-naming``) tables list transformations in order, each with
examples; the corpus contract (../shared/corpus/README.md, "Destination reference pages")
says every example is the result of *all* the page's transformations applied in order.

Wordings are read by a small grammar, not matched against a list of known sentences, so a
page that words a rule a little differently still reads:

* case: "Convert [anything] to lowercase|uppercase";
* removal: "Remove|Trim|Strip <subject>";
* replacement: "Convert|Replace <subject> to|with [an] underscore(s)";

where <subject> is a character class ("special characters", "spaces", "numbers",
"non-letter characters", "characters which are not a-z, A-Z, 0-9, _ or $") with an optional
position ("leading", "trailing", "leading and trailing"), in either order ("non-letter leading
characters", "leading numbers"). "Special characters" are the characters the pages' own rules
do not allow: anything but letters, digits and underscores (PostgreSQL, Snowflake, BigQuery
pages: "Must contain only letters (a-z, A-Z), numbers (0-9), or underscores (_)").

A wording the grammar does not read raises :class:`UnknownTransformation`: never skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_CLASSES: dict[str, str] = {
    "special characters": r"[^A-Za-z0-9_]",
    "special character": r"[^A-Za-z0-9_]",
    "spaces": r"[ ]",
    "space": r"[ ]",
    "whitespace": r"\s",
    "numbers": r"[0-9]",
    "digits": r"[0-9]",
    "numeric characters": r"[0-9]",
    "non-letter characters": r"[^A-Za-z]",
    "non-letters": r"[^A-Za-z]",
    "non-alphanumeric characters": r"[^A-Za-z0-9]",
    "underscores": r"[_]",
}
# matched case-insensitively on the wording as written: a character set keeps its case
_NOT_IN = re.compile(r"^characters (?:which|that) are not (?P<set>.+)$", re.IGNORECASE)
_CASE = re.compile(r"^convert\b(?:.*\s)?to (?P<case>lower|upper)case$", re.IGNORECASE)
_REMOVE = re.compile(r"^(?:remove|trim|strip) (?P<subject>.+)$", re.IGNORECASE)
_REPLACE = re.compile(
    r"^(?:convert|replace) (?P<subject>.+?) (?:to|with) (?:an? )?underscores?$", re.IGNORECASE
)
_POSITIONS = ("leading and trailing", "leading", "trailing")


class UnknownTransformation(ValueError):
    """A naming transformation whose wording docgen does not read."""

    def __init__(self, wording: str):
        super().__init__(f"naming transformation {wording!r} is not one docgen knows")
        self.wording = wording


@dataclass(frozen=True)
class Rule:
    wording: str
    apply: Callable[[str], str]


def _char_set(text: str) -> str:
    """ "a-z, A-Z, 0-9, _ or $" -> "a-zA-Z0-9_\\$" (a regex class body)."""
    items = [i.strip() for i in re.split(r",|\bor\b|\band\b", text) if i.strip()]
    out = []
    for item in items:
        m = re.fullmatch(r"(\w)-(\w)", item)
        if m:
            out.append(f"{re.escape(m[1])}-{re.escape(m[2])}")
        elif len(item) == 1:
            out.append(re.escape(item))
        else:
            raise ValueError(item)
    return "".join(out)


def _subject(subject: str) -> tuple[str, str]:
    """(position, regex class) of a subject: "non-letter leading characters" ->
    ("leading", "[^A-Za-z]")."""
    position = ""
    for pos in _POSITIONS:
        found = re.search(rf"(?:^|\s){pos}(?:\s|$)", subject, re.IGNORECASE)
        if found:
            position = pos
            subject = " ".join((subject[: found.start()] + " " + subject[found.end() :]).split())
            break
    m = _NOT_IN.match(subject)
    if m:
        return position, f"[^{_char_set(m['set'])}]"
    if subject.lower() in _CLASSES:
        return position, _CLASSES[subject.lower()]
    raise ValueError(subject)


def _positioned(position: str, cls: str) -> str:
    if position == "leading":
        return f"^{cls}+"
    if position == "trailing":
        return f"{cls}+$"
    if position == "leading and trailing":
        return f"^{cls}+|{cls}+$"
    return cls


def _substitute(regex: re.Pattern[str], replacement: str) -> Callable[[str], str]:
    """Remove what ``regex`` matches, or replace every matched character by one
    ``replacement`` ("4customerid" -> "_customerid")."""

    def underscore(m: re.Match[str]) -> str:
        return replacement * len(m[0])

    def apply(name: str) -> str:
        return regex.sub(underscore, name) if replacement else regex.sub("", name)

    return apply


def rule(wording: str) -> Rule:
    """The rule a wording states. Raises :class:`UnknownTransformation`."""
    text = " ".join(wording.split()).rstrip(".")
    m = _CASE.match(text)
    if m:
        fn: Callable[[str], str] = str.lower if m["case"].lower() == "lower" else str.upper
        return Rule(wording, fn)
    for pattern, replacement in ((_REMOVE, ""), (_REPLACE, "_")):
        m = pattern.match(text)
        if not m:
            continue
        try:
            position, cls = _subject(m["subject"])
        except ValueError:
            raise UnknownTransformation(wording) from None
        regex = re.compile(_positioned(position, cls))
        return Rule(wording, _substitute(regex, replacement))
    raise UnknownTransformation(wording)


def rules(wordings: Sequence[str]) -> list[Rule]:
    """Rules in page order; raises :class:`UnknownTransformation` on the first wording
    docgen does not read (callers report it)."""
    return [rule(w) for w in wordings]


def apply(rules_: Sequence[Rule], name: str) -> str:
    """``name`` through every rule, in page order."""
    for r in rules_:
        name = r.apply(name)
    return name


def unknown(wordings: Sequence[str]) -> list[str]:
    """The wordings docgen does not read."""
    out = []
    for w in wordings:
        try:
            rule(w)
        except UnknownTransformation:
            out.append(w)
    return out
