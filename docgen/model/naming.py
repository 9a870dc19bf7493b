"""Naming transformations as destination reference pages word them.

Each page's "Column names" (``#transformations--column-naming``) and "Table names"
(``#transformations--table-naming``) tables list transformations in order, each with
examples; the corpus contract (../shared/corpus/README.md, "Destination reference pages")
says every example is the result of *all* the page's transformations applied in order.

Wordings are read by a small grammar, not matched against a list of known sentences, so a
page that words a rule differently still reads. The families, whichever page uses them:

* **convert case**: "Convert [anything] to lowercase|uppercase", "Lowercase all names",
  "Names are converted to upper case";
* **replace** (convert): "Convert|Replace|Change|Substitute <subject> to|with|into <target>",
  the target an underscore ("an underscore", "underscores", "a single underscore", ``_``), a
  quoted character or nothing ("with nothing", "with an empty string");
* **remove**: "Remove|Strip|Delete|Drop|Omit <subject> [from names]";
* **trim**: "Trim <subject>" (at both ends unless a position is given); "Trim|Truncate
  names to N characters" cuts a name to N characters;
* **prepend** / **append**: "Prepend|Prefix|Add <text> to|before names [that begin with
  <subject> | that are <words>]", "Prefix names starting with <subject> with <text>",
  "Append|Suffix|Add <text> to [the end of] names [that end with <subject> | that are
  <words>]";
* **accents**: "Strip|Remove accents|diacritics [from letters]", "Convert accented
  characters to (their) ASCII (equivalents)": "Café" -> "Cafe";
* **quote**: "Quote|Escape|Wrap|Enclose names [that ...] [in double quotes]": a quoted name
  keeps its characters, so the name is unchanged.

A <subject> is a character class, a quoted literal or a word list, with a position:

* positions: "leading", "trailing", "leading and trailing", "at the beginning|start",
  "at the end", "anywhere" / none (anywhere); "consecutive|repeated|multiple" <class>
  replaces a run by one target;
* character classes: "special characters" (what the pages' own rules do not allow: anything
  but letters, digits and underscores: PostgreSQL, Snowflake, BigQuery pages "Must contain
  only letters (a-z, A-Z), numbers (0-9), or underscores (_)"), "spaces", "whitespace",
  "tabs", "numbers"/"digits", "letters", "uppercase|lowercase letters", "punctuation",
  "hyphens"/"dashes", "periods"/"dots", "underscores", "non-ASCII characters", "non-<class>
  characters", "characters which|that are not <set>", "characters other than <set>" (a set
  is "a-z, A-Z, 0-9, _ or $");
* word lists: "reserved words|keywords" (the destination's whole-name reserved keywords),
  or the words the wording lists ("the words `select`, `from`").

A wording the grammar does not read is an unknown rule (:attr:`Rule.known` false): never
skipped in silence.
:func:`read` returns it in its place; it changes no name, and :func:`trace` says which names
it *may* affect: a name holding what the wording names, where docgen can read a character
class or a position in it ("Frobnicate special characters": names with a special
character), else every name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

#: character class phrases (singular and plural) -> regex class
_CLASSES: dict[str, str] = {
    "special character": r"[^A-Za-z0-9_]",
    "invalid character": r"[^A-Za-z0-9_]",
    "illegal character": r"[^A-Za-z0-9_]",
    "unsupported character": r"[^A-Za-z0-9_]",
    "disallowed character": r"[^A-Za-z0-9_]",
    "symbol": r"[^A-Za-z0-9_\s]",
    "punctuation": r"[!-/:-@\[-`{-~]",
    "punctuation mark": r"[!-/:-@\[-`{-~]",
    "space": r"[ ]",
    "blank": r"[ ]",
    "whitespace": r"\s",
    "whitespace character": r"\s",
    "tab": r"[\t]",
    "number": r"[0-9]",
    "digit": r"[0-9]",
    "numeral": r"[0-9]",
    "numeric character": r"[0-9]",
    "letter": r"[A-Za-z]",
    "alphabetic character": r"[A-Za-z]",
    "uppercase letter": r"[A-Z]",
    "uppercase character": r"[A-Z]",
    "capital letter": r"[A-Z]",
    "lowercase letter": r"[a-z]",
    "lowercase character": r"[a-z]",
    "alphanumeric character": r"[A-Za-z0-9]",
    "underscore": r"[_]",
    "hyphen": r"[-]",
    "dash": r"[-]",
    "period": r"[.]",
    "dot": r"[.]",
    "full stop": r"[.]",
    "comma": r"[,]",
    "slash": r"[/]",
    "forward slash": r"[/]",
    "backslash": r"[\\]",
    "dollar sign": r"[$]",
    "apostrophe": r"[']",
    "quote": r"[\"'`]",
    "quotation mark": r"[\"'`]",
    "double quote": r"[\"]",
    "single quote": r"[']",
    "backtick": r"[`]",
    "ascii character": r"[\x00-\x7f]",
    "unicode character": r"[^\x00-\x7f]",
    "accented character": r"[^\x00-\x7f]",
    "accented letter": r"[^\x00-\x7f]",
    "accent": r"[^\x00-\x7f]",
    "diacritic": r"[^\x00-\x7f]",
    "character": r"[\s\S]",
}
#: "non-<adjective> characters": the class the adjective names, negated
_NEGATABLE: dict[str, str] = {
    "letter": "A-Za-z",
    "alphabetic": "A-Za-z",
    "alpha": "A-Za-z",
    "alphanumeric": "A-Za-z0-9",
    "alpha-numeric": "A-Za-z0-9",
    "numeric": "0-9",
    "digit": "0-9",
    "number": "0-9",
    "ascii": r"\x00-\x7f",
    "word": "A-Za-z0-9_",
    "whitespace": r"\s",
    "space": " ",
}
_CHAR_NAMES = {
    "underscore": "_",
    "hyphen": "-",
    "dash": "-",
    "space": " ",
    "period": ".",
    "dot": ".",
    "dollar sign": "$",
    "letter": "a-zA-Z",
    "letters": "a-zA-Z",
    "number": "0-9",
    "numbers": "0-9",
    "digit": "0-9",
    "digits": "0-9",
}
_QUOTED = re.compile("^[`\"'\u201c\u2018(](?P<lit>[^`\"'\u201d\u2019()]+)[`\"'\u201d\u2019)]$")
_ARTICLES = re.compile(r"^(?:all|any|every|each|the|a|an|of)\s+", re.IGNORECASE)
_NAMES = (
    r"(?:the\s+)?(?:(?:column|table|schema|object|field)\s+)?"
    r"(?:names?|columns?|tables?|identifiers?|fields?)"
)
_FROM_NAMES = re.compile(rf"\s+(?:from|in|of)\s+{_NAMES}$", re.IGNORECASE)
_POSITIONS: tuple[tuple[str, str], ...] = (
    (r"(?:both\s+)?leading\s+and\s+trailing", "both"),
    (r"(?:at\s+)?(?:the\s+)?(?:beginning|start)\s+and\s+(?:the\s+)?end(?:\s+of\s+\S+)?", "both"),
    (r"at\s+(?:either|both)\s+ends?(?:\s+of\s+\S+)?", "both"),
    (r"leading", "leading"),
    (r"initial", "leading"),
    (r"first", "leading"),
    (r"at\s+the\s+(?:beginning|start)(?:\s+of\s+(?:a\s+|the\s+)?\S+)?", "leading"),
    (r"trailing", "trailing"),
    (r"final", "trailing"),
    (r"at\s+the\s+end(?:\s+of\s+(?:a\s+|the\s+)?\S+)?", "trailing"),
    (r"anywhere(?:\s+in\s+(?:a\s+|the\s+)?\S+)?", ""),
)
_RUNS = re.compile(r"(?:^|\s)(?:consecutive|repeated|multiple|runs\s+of)(?:\s|$)", re.IGNORECASE)
_WORDS = re.compile(
    r"^(?:(?:sql\s+|stitch\s+|destination\s+)?reserved\s+(?:key)?words?|(?:sql\s+)?keywords?"
    r"|reserved\s+names?)$",
    re.IGNORECASE,
)
_WORD_LIST = re.compile(r"^(?:the\s+)?words?\s+(?P<list>.+)$", re.IGNORECASE)

_CASE = (
    re.compile(
        r"^(?:convert|change|transform|turn|fold|make|set)\b(?:.*\s)?(?:to|into)\s+"
        r"(?P<case>lower|upper)[\s-]?case(?:\s.*)?$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?P<case>lower|upper)[\s-]?case\b.*$", re.IGNORECASE),
    re.compile(
        r"^.*\b(?:are|is)\s+(?:converted|changed|folded|made)\s+(?:to\s+|into\s+)?"
        r"(?P<case>lower|upper)[\s-]?case\b.*$",
        re.IGNORECASE,
    ),
)
_REPLACE = re.compile(
    r"^(?:convert|replace|change|substitute|swap|transform|turn|translate)\s+(?P<subject>.+?)"
    r"\s+(?:to|with|into|by)\s+(?P<target>.+)$",
    re.IGNORECASE,
)
_REMOVE = re.compile(
    r"^(?:remove|strip|delete|drop|omit|discard|eliminate|trim)\s+(?P<subject>.+)$", re.IGNORECASE
)
_TRUNCATE = re.compile(
    r"^(?:truncate|shorten|cut|trim|limit)\s+(?:.*\s)?(?:to|at|after)\s+(?:the\s+first\s+)?"
    r"(?P<n>\d+)\s+(?:characters?|chars?|bytes?)(?:\s.*)?$",
    re.IGNORECASE,
)
_ADD = (
    # prepend/prefix/add TEXT to|before NAMES ...
    (
        re.compile(
            r"^(?:prepend|prefix|add|insert|put)\s+(?P<what>.+?)\s+(?:to|before|in\s+front\s+of)"
            r"\s+(?:the\s+(?:beginning|start|front)\s+of\s+)?(?P<cond>.+)$",
            re.IGNORECASE,
        ),
        "prepend",
    ),
    (
        re.compile(
            r"^(?:append|suffix|add|put)\s+(?P<what>.+?)\s+(?:to|after)\s+(?:the\s+end\s+of\s+)?"
            r"(?P<cond>.+)$",
            re.IGNORECASE,
        ),
        "append",
    ),
)
_ASCII = re.compile(
    r"^(?:(?:strip|remove|drop)\s+(?:the\s+)?(?:accents|diacritics|accent\s+marks)\b.*"
    r"|(?:convert|replace|transliterate|change)\s+(?:\w+\s+)?(?:accented|non-ascii|unicode)\s+"
    r"(?:characters|letters)\s+(?:to|with|into)\s+(?:their\s+)?(?:plain\s+)?ascii\b.*)$",
    re.IGNORECASE,
)
_QUOTE = re.compile(
    r"^(?:(?:quote|escape|wrap|enclose|surround|delimit)\b.*|.*\b(?:are|is)\s+"
    r"(?:quoted|escaped|enclosed|wrapped)\b.*)$",
    re.IGNORECASE,
)
_COND = re.compile(
    rf"^(?:{_NAMES}|reserved\s+(?:key)?words?|(?:sql\s+)?keywords?)"
    r"(?:\s+(?:that|which|if\s+they|when\s+they|whose\s+names?)?\s*"
    r"(?P<how>begin|begins|start|starts|beginning|starting|end|ends|ending|are|is|match|matches"
    r"|matching|contain|contains|containing)\s+(?:with\s+)?(?P<subject>.+))?$",
    re.IGNORECASE,
)


class UnknownTransformation(ValueError):
    """A naming transformation whose wording docgen does not read."""

    def __init__(self, wording: str):
        super().__init__(f"naming transformation {wording!r} is not one docgen knows")
        self.wording = wording


def _keep(name: str) -> str:
    return name


def _ascii(name: str) -> str:
    """Accented letters as their plain letters ("Café" -> "Cafe"): the marks dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _always(name: str) -> bool:
    return True


@dataclass(frozen=True)
class Rule:
    """One transformation: what it does to a name (``apply``); an unknown one (``known``
    false) changes nothing, and ``may_affect`` says which names it may change."""

    wording: str
    apply: Callable[[str], str]
    known: bool = True
    family: str = ""
    may_affect: Callable[[str], bool] = field(default=_always)


# --------------------------------------------------------------------------- subjects


def _singular(phrase: str) -> str:
    low = phrase.lower()
    if low.endswith("ches") or low.endswith("shes") or low.endswith("xes"):
        return low[:-2]
    if low.endswith("s") and not low.endswith("ss") and low not in ("ascii", "whitespace"):
        return low[:-1]
    return low


def _char_set(text: str) -> str | None:
    """ "a-z, A-Z, 0-9, _ or $" -> "a-zA-Z0-9_\\$" (a regex class body); None when an item
    is not a character, a range or a named character."""
    items = [i.strip().strip("`\"'") for i in re.split(r",|\bor\b|\band\b", text) if i.strip()]
    out = []
    for item in items:
        item = re.sub(r"\s*\(.*\)$", "", item).strip()
        m = re.fullmatch(r"(\w)\s*-\s*(\w)", item)
        if m:
            out.append(f"{re.escape(m[1])}-{re.escape(m[2])}")
        elif len(item) == 1:
            out.append(re.escape(item))
        elif _singular(_ARTICLES.sub("", item.lower())) in _CHAR_NAMES:
            out.append(_CHAR_NAMES[_singular(_ARTICLES.sub("", item.lower()))])
        else:
            return None
    return "".join(out) or None


def _class(phrase: str) -> str | None:
    """The regex class a phrase names ("special characters", "non-letter characters",
    "characters which are not a-z, A-Z", "hyphens (-)", "`.`"), or None."""
    text = " ".join(phrase.split())
    while _ARTICLES.match(text):
        text = _ARTICLES.sub("", text, count=1)
    m = _QUOTED.match(text)
    if m:
        return "[" + "".join(re.escape(c) for c in m["lit"]) + "]"
    m = re.fullmatch(r"(?P<name>.+?)\s*\((?P<lit>[^()]+)\)", text)
    if m and _class(m["name"]) is not None:
        lit = m["lit"].strip().strip("`\"'")
        return "[" + "".join(re.escape(c) for c in lit) + "]" if lit else _class(m["name"])
    m = re.fullmatch(
        r"(?:characters?|anything|everything)\s+(?:which|that)\s+(?:are|is)\s+not\s+(?P<set>.+)"
        r"|(?:characters?|anything|everything)\s+(?:other\s+than|except|but|not\s+in)\s+(?P<set2>.+)",
        text,
        re.IGNORECASE,
    )
    if m:
        body = _char_set(m["set"] or m["set2"])
        return f"[^{body}]" if body else None
    m = re.fullmatch(r"non[\s-](?P<adj>[\w-]+?)(?:\s+characters?)?", text, re.IGNORECASE)
    if m:
        adj = _singular(m["adj"])
        if adj in _NEGATABLE:
            return f"[^{_NEGATABLE[adj]}]"
        return None
    low = _singular(text)
    if low in _CLASSES:
        return _CLASSES[low]
    low = re.sub(r"\s+characters?$", " character", text.lower())
    if low in _CLASSES:
        return _CLASSES[low]
    parts = [p for p in re.split(r",\s*|\s+(?:and|or)\s+", text) if p.strip()]
    if len(parts) > 1:  # "tabs and spaces": the union of the classes
        classes = [_class(p) for p in parts]
        if all(c is not None for c in classes):
            return "(?:" + "|".join(c for c in classes if c) + ")"
    return None


@dataclass(frozen=True)
class _Subject:
    position: str  # "" anywhere, "leading", "trailing", "both"
    cls: str | None  # regex class; None for a word list
    words: frozenset[str] | None = None  # whole names (case-insensitive)
    runs: bool = False  # "consecutive X": a run is one match


def _subject(subject: str, reserved: frozenset[str]) -> _Subject | None:
    text = _FROM_NAMES.sub("", " ".join(subject.split()))
    position = ""
    for pattern, pos in _POSITIONS:
        found = re.search(rf"(?:^|\s){pattern}(?:\s|$)", text, re.IGNORECASE)
        if found:
            position = pos
            text = " ".join((text[: found.start()] + " " + text[found.end() :]).split())
            break
    runs = bool(_RUNS.search(text))
    if runs:
        text = " ".join(_RUNS.sub(" ", text).split())
    text = _FROM_NAMES.sub("", text)
    if _WORDS.match(text):
        return _Subject(position, None, frozenset(w.casefold() for w in reserved), runs)
    m = _WORD_LIST.match(text)
    if m:
        words = [w.strip().strip("`\"'") for w in re.split(r",|\bor\b|\band\b", m["list"])]
        if words and all(words):
            return _Subject(position, None, frozenset(w.casefold() for w in words), runs)
    cls = _class(text)
    if cls is None:
        return None
    return _Subject(position, cls, None, runs)


def _pattern(subject: _Subject) -> re.Pattern[str]:
    cls = subject.cls or r"[\s\S]"
    many = f"{cls}+"
    if subject.position == "leading":
        return re.compile(f"^{many}")
    if subject.position == "trailing":
        return re.compile(f"{many}$")
    if subject.position == "both":
        return re.compile(f"^{many}|{many}$")
    return re.compile(many if subject.runs else cls)


def _target(target: str) -> tuple[str, bool] | None:
    """(replacement text, one per run) of a replacement target; None: not read."""
    text = " ".join(target.split()).rstrip(".")
    single = bool(re.search(r"\b(?:a\s+single|one|single)\b", text, re.IGNORECASE))
    text = re.sub(r"^(?:a\s+single|one|single|an?|the)\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s+(?:each|character)$", "", text, flags=re.IGNORECASE)
    low = text.lower()
    if low in ("nothing", "empty string", "empty strings", "an empty string", "blank", "''"):
        return "", False
    m = _QUOTED.match(text)
    if m:
        return m["lit"], single
    m = re.fullmatch(r"(?P<name>[\w ]+?)s?\s*\((?P<lit>[^()]+)\)", text)
    if m:
        text, low = m["name"], m["name"].lower()
    name = _singular(low)
    chars = {"underscore": "_", "hyphen": "-", "dash": "-", "period": ".", "dot": "."}
    if name in chars:
        return chars[name], single
    if len(text) == 1 and not text.isalnum():
        return text, single
    return None


def _added(what: str) -> str | None:
    """The text a prepend/append adds: "an underscore", "`_`", "the prefix `t_`"."""
    text = re.sub(r"^(?:the\s+)?(?:prefix|suffix|string|text|character)\s+", "", what.strip())
    got = _target(text)
    return got[0] if got is not None and got[0] else None


# --------------------------------------------------------------------------- rules


def _substitute(regex: re.Pattern[str], replacement: str, per_char: bool) -> Callable[[str], str]:
    """Remove what ``regex`` matches, or replace each matched character (or each run) by
    ``replacement`` ("4customerid" -> "_customerid")."""

    def replace(m: re.Match[str]) -> str:
        return replacement * len(m[0]) if per_char else replacement

    def apply(name: str) -> str:
        return regex.sub(replace, name) if replacement else regex.sub("", name)

    return apply


def _matches(subject: _Subject) -> Callable[[str], bool]:
    if subject.words is not None:
        words = subject.words
        return lambda name: name.casefold() in words
    regex = _pattern(subject)
    return lambda name: regex.search(name) is not None


def _add(kind: str, text: str, cond: str, reserved: frozenset[str]) -> Callable[[str], str] | None:
    m = _COND.match(" ".join(cond.split()))
    if m is None:
        return None
    head = cond.strip().lower()
    if m["how"] is None:
        if re.match(r"^(?:reserved|sql|keyword)", head):
            subj: _Subject | None = _Subject("", None, frozenset(w.casefold() for w in reserved))
        else:
            subj = None  # every name
    else:
        how = m["how"].lower()
        subj = _subject(m["subject"], reserved)
        if subj is None:
            return None
        if how.startswith(("begin", "start")):
            subj = _Subject("leading", subj.cls, subj.words)
        elif how.startswith("end"):
            subj = _Subject("trailing", subj.cls, subj.words)
    test = _matches(subj) if subj is not None else _always

    def apply(name: str) -> str:
        if not test(name):
            return name
        return text + name if kind == "prepend" else name + text

    return apply


def rule(wording: str, reserved: Iterable[str] = ()) -> Rule:
    """The rule a wording states. Raises :class:`UnknownTransformation`. ``reserved``: the
    destination's whole-name reserved keywords, for rules about "reserved words"."""
    words = frozenset(reserved)
    text = " ".join(wording.split()).rstrip(".").strip()
    for pattern in _CASE:
        m = pattern.match(text)
        if m:
            fn: Callable[[str], str] = str.lower if m["case"].lower() == "lower" else str.upper
            return Rule(wording, fn, family="case")
    if _ASCII.match(text):
        return Rule(wording, _ascii, family="replace")
    m = _TRUNCATE.match(text)
    if m:
        n = int(m["n"])
        return Rule(wording, lambda name: name[:n], family="truncate")
    if _QUOTE.match(text):
        return Rule(wording, _keep, family="quote")
    m = _REPLACE.match(text)
    if m:
        subject = _subject(m["subject"], words)
        target = _target(m["target"])
        if subject is not None and target is not None and subject.cls is not None:
            replacement, single = target
            regex = _pattern(_Subject(subject.position, subject.cls, None, subject.runs or single))
            per_char = not (single or subject.runs)
            return Rule(wording, _substitute(regex, replacement, per_char), family="replace")
    m = _REMOVE.match(text)
    if m:
        trim = text.lower().startswith("trim")
        subject = _subject(m["subject"], words)
        if subject is not None and subject.cls is not None:
            if trim and not subject.position:
                subject = _Subject("both", subject.cls, None, subject.runs)
            return Rule(
                wording,
                _substitute(_pattern(subject), "", False),
                family="trim" if trim else "remove",
            )
    for pattern, kind in _ADD:
        m = pattern.match(text)
        if not m:
            continue
        added = _added(m["what"])
        if added is None:
            continue
        fn_add = _add(kind, added, m["cond"], words)
        if fn_add is not None:
            return Rule(wording, fn_add, family=kind)
    m = re.match(r"^(?P<kind>prefix|suffix)\s+(?P<rest>.+)$", text, re.IGNORECASE)
    if m:  # "Prefix names starting with a digit with `c_`": the last " with " adds
        rest = m["rest"]
        cut = rest.lower().rfind(" with ")
        added = _added(rest[cut + 6 :]) if cut > 0 else None
        kind = "prepend" if m["kind"].lower() == "prefix" else "append"
        fn_add = _add(kind, added, rest[:cut], words) if added is not None else None
        if fn_add is not None:
            return Rule(wording, fn_add, family=kind)
    raise UnknownTransformation(wording)


#: words after which a wording names what its subject becomes, not what it acts on
#: ("Swap vowels *for* the digit seven": the names with vowels, not those with digits)
_OBJECT_WORDS = frozenset({"with", "for", "to", "into", "by", "as", "using"})


def _guess(wording: str) -> Callable[[str], bool]:
    """Which names an unread wording may affect: where some span of what it acts on (the
    words before "with", "for", "to", ... which name the replacement) names a character
    class (with a position), the names holding such a character there; else every name
    (when in doubt, a name may differ)."""
    words = " ".join(wording.split()).rstrip(".").split(" ")
    cut = next((i for i, w in enumerate(words) if i and w.lower() in _OBJECT_WORDS), len(words))
    words = words[:cut]
    for size in range(min(len(words), 8), 0, -1):
        for start in range(len(words) - size + 1):
            span = " ".join(words[start : start + size])
            subject = _subject(span, frozenset())
            if subject is not None and subject.cls is not None and subject.cls != r"[\s\S]":
                regex = _pattern(subject)
                return lambda name: regex.search(name) is not None
    return _always


def read(wordings: Sequence[str], reserved: Iterable[str] = ()) -> list[Rule]:
    """Rules in page order; a wording docgen does not read is an unknown rule in its place
    (it changes nothing; :func:`trace` tells the names it may affect)."""
    words = frozenset(reserved)
    out = []
    for w in wordings:
        try:
            out.append(rule(w, words))
        except UnknownTransformation:
            out.append(Rule(w, _keep, known=False, family="unknown", may_affect=_guess(w)))
    return out


def rules(wordings: Sequence[str], reserved: Iterable[str] = ()) -> list[Rule]:
    """Rules in page order; raises :class:`UnknownTransformation` on the first wording
    docgen does not read."""
    words = frozenset(reserved)
    return [rule(w, words) for w in wordings]


def trace(rules_: Sequence[Rule], name: str) -> tuple[str, list[str]]:
    """``name`` through every rule, in page order, and the wordings of the unknown rules
    that may have changed it (each judged on the name as it is at that rule)."""
    maybe: list[str] = []
    for r in rules_:
        if not r.known and r.may_affect(name):
            maybe.append(r.wording)
        name = r.apply(name)
    return name, maybe


def apply(rules_: Sequence[Rule], name: str) -> str:
    """``name`` through every rule, in page order (unknown rules change nothing)."""
    return trace(rules_, name)[0]


def unknown(wordings: Sequence[str]) -> list[str]:
    """The wordings docgen does not read."""
    return [r.wording for r in read(wordings) if not r.known]
