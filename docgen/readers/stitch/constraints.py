"""Constraints the docs state in prose: enum, format, pattern, default, secret.

:func:`derive` reads one :class:`~docgen.model.spec.Property` (its name, type and description) and
returns the constraints its description states, each with the sentence it came from.

Input convention (set by the HTML reader,
:func:`docgen.readers.stitch.html_properties.render_text`): the description is displayed
text with whitespace collapsed, inline code as backtick spans (`` `value` ``), literal
backticks escaped as ``\\```, and list items introduced by "• ". A description without
backticks (the plain-text seed, where inline code was lost) simply yields no enum or default
values: nothing is guessed.

Precision beats recall: an accepted-value list is only taken when *every* item of the list
(or the whole rest of the sentence) is a code span; values are coerced to the property type and
the enum is dropped if any value does not fit it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docgen.model.spec import Constraint, Property

BULLET = "•"
_CODE = r"(?<!\\)`([^`]*)`"
_CODE_RE = re.compile(_CODE)
_LEADING_CODE_RE = re.compile(r"\s*" + _CODE)
_TRIGGER_RE = re.compile(
    r"\b(?:(?:the\s+only\s+)?(?:accepted|possible|valid|supported|allowed|permitted)\s+values"
    r"|must\s+be\s+one\s+of(?:\s+the\s+following)?)\b",
    re.IGNORECASE,
)
# "Accepted values are: • `a` • `b`" / "Accepted values, in days: • `1`"
_LIST_LEAD_RE = re.compile(r"[^:.`•]{0,30}:\s*(?=•)")
# "Accepted values are `daily` or `hourly`." / "the only accepted values are `true` and `false`."
_INLINE_LEAD_RE = re.compile(r"\s*(?:are|is|include)?\s*:?\s*(?=`)", re.IGNORECASE)
_SEPARATORS_RE = re.compile(r"^(?:\s*(?:,|\bor\b|\band\b|\bare\b|\bis\b)\s*)*$", re.IGNORECASE)
_SINGLE_VALUE_RE = re.compile(
    r"^(?:this|the)\s+(?:value\s+)?(?:must|will|should)\s+(?:always\s+)?be\s+" + _CODE + r"\.?$",
    re.IGNORECASE,
)
_DEFAULT_RES = [
    re.compile(r"\b(?:the|its)\s+default(?:\s+value)?\s+is\s+" + _CODE, re.IGNORECASE),
    re.compile(
        r"\b(?:the|its)\s+default(?:\s+value)?\s+is\s+(?P<bare>[\w.-]+)\s*\.", re.IGNORECASE
    ),
    re.compile(r"\b(?:will|to)\s+default\s+to\s+" + _CODE, re.IGNORECASE),
    re.compile(
        r"\b(?:this|the)\s+value\s+is\s+defaulted\s+to\s+(?P<bare>[\w.-]+)\s*\.", re.IGNORECASE
    ),
    re.compile(r"\bdefaults\s+to\s+" + _CODE, re.IGNORECASE),
]
_THIS_IS_DEFAULT_RE = re.compile(r"\bthis\s+is\s+the\s+default\b", re.IGNORECASE)
_ISO_RE = re.compile(r"\bISO[\s-]?8601\b", re.IGNORECASE)
_NOT_DATETIME_RE = re.compile(r"\bduration|\binterval", re.IGNORECASE)
_MIDNIGHT_RE = re.compile(r"\bmust\s+be\s+(?:at\s+)?midnight\b", re.IGNORECASE)
MIDNIGHT_PATTERN = r"T00:00:00(\.0+)?(Z|[+-]00:?00)?$"

# --------------------------------------------------------------------------- secrets
_SECRET_LAST = {"password", "passwd", "passphrase", "secret", "token", "jwt", "credentials"}
_KEY_QUALIFIERS = {
    "api",
    "private",
    "secret",
    "access",
    "rsa",
    "ssl",
    "app",
    "user",
    "company",
    "integration",
    "consumer",
    "client",
    "auth",
    "encryption",
    "signing",
    "license",
    "master",
    "shared",
}
_NOT_SECRET_LAST = {
    "id",
    "ids",
    "url",
    "uri",
    "name",
    "type",
    "path",
    "bucket",
    "format",
    "string",
    "enabled",
    "handle",
    "method",
    "file",
    "location",
    "expires",
    "expiry",
    "at",
    "date",
    "prefix",
    "host",
}
_NEVER_RETURNED_RE = re.compile(r"\bnever\s+be\s+returned\s+by\s+the\s+API\b", re.IGNORECASE)
_THIS_CREDENTIAL_RE = re.compile(r"\bthis\s+credential\b", re.IGNORECASE)
_CREDENTIAL_WORDS = _SECRET_LAST | {"key", "json", "credential"}
_SECRET_HEAD_RE = re.compile(
    r"^(?:the|an?|your)\b[^.]{0,60}?\b(?:api\s+(?:key|token|secret)|access\s+token(?:\s+secret)?"
    r"|secret(?:\s+key)?|password|private\s+key|auth\s+token|personal\s+access\s+token)\b"
    r"(?![^.]{0,3}\b(?:id|url|uri)\b)",
    re.IGNORECASE,
)


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def _sentences(text: str) -> list[str]:
    """Sentences (and list items) of a description, code spans kept whole."""
    return list(_split_sentences(text))


_SPLIT_RE = re.compile(r"\\.|`[^`]*`|(?P<bullet>•)|(?P<stop>[.!?])(?= |$)")


@lru_cache(maxsize=4096)
def _split_sentences(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    start = 0
    for m in _SPLIT_RE.finditer(text):
        if m.group("bullet"):
            parts.append(text[start : m.start()])
            start = m.start()
        elif m.group("stop"):
            parts.append(text[start : m.end()])
            start = m.end()
    parts.append(text[start:])
    return tuple(p.strip() for p in parts if p.strip())


def _unescape(code: str) -> str:
    """A code span's value as displayed (backslashes inside code are literal, e.g. `\\t`)."""
    return code


def coerce(value: str, type_: str) -> Any:
    """A displayed value as the property type says (``None`` when it does not fit)."""
    kinds = type_.lower().split("/")
    if kinds == ["integer"]:
        return int(value) if re.fullmatch(r"[+-]?\d+", value) else None
    if kinds == ["number"]:
        try:
            return float(value) if not re.fullmatch(r"[+-]?\d+", value) else int(value)
        except ValueError:
            return None
    if kinds == ["boolean"]:
        low = value.lower()
        return {"true": True, "false": False}.get(low)
    if kinds in (["object"], ["array"]):
        return None
    return value


# --------------------------------------------------------------------------- derive


def derive(prop: Property) -> list[Constraint]:
    """Constraints stated by ``prop``'s description (and, for secrets, its name)."""
    text = prop.description or ""
    found: list[Constraint] = []
    enum = _enum(text, prop.type)
    if enum is not None:
        found.append(enum)
    found.extend(_formats(text, prop))
    default = _default(text, prop.type)
    if default is not None:
        found.append(default)
    secret = _secret(prop)
    if secret is not None:
        found.append(secret)
    return found


def apply(props: list[Property]) -> None:
    """Fill ``constraints`` of every property, children included."""
    for prop in props:
        apply(prop.children)
        prop.constraints = derive(prop)


def _enum(text: str, type_: str) -> Constraint | None:
    if "`" not in text or type_.lower() in {"object", "array"}:
        return None
    for match in _TRIGGER_RE.finditer(text):
        if BULLET in text[: match.start()]:
            continue  # inside a list item: the values belong to what the item describes
        result = _enum_after(text, match)
        if result is None:
            continue
        values, end = result
        coerced = [coerce(v, type_) for v in values]
        if any(v is None for v in coerced) or len(set(map(repr, coerced))) != len(coerced):
            return None
        start = _sentence_start(text, match.start())
        return Constraint(kind="enum", value=coerced, sentence=text[start:end].strip())
    for sentence in _sentences(text):
        single = _SINGLE_VALUE_RE.match(sentence)
        if single:
            value = coerce(_unescape(single.group(1)), type_)
            if value is not None:
                return Constraint(kind="enum", value=[value], sentence=sentence)
    return None


def _sentence_start(text: str, pos: int) -> int:
    cut = max(text.rfind(". ", 0, pos), text.rfind(f"{BULLET} ", 0, pos))
    return 0 if cut < 0 else cut + 2


def _enum_after(text: str, match: re.Match[str]) -> tuple[list[str], int] | None:
    """Values following a trigger: a bullet list whose every item starts with a code span,
    or the rest of the sentence made only of code spans and separators."""
    lead = _LIST_LEAD_RE.match(text, match.end())
    if lead is not None:
        return _bullet_values(text, lead.end())
    lead = _INLINE_LEAD_RE.match(text, match.end())
    if lead is None:
        return None
    rest = text[lead.end() :]
    stop = re.search(r"\.(?:\s|$)|$", _CODE_RE.sub(lambda m: "x" * len(m.group(0)), rest))
    end = stop.start() if stop else len(rest)
    segment = rest[:end]
    codes = list(_CODE_RE.finditer(segment))
    if not codes or not _SEPARATORS_RE.match(_CODE_RE.sub(" ", segment)):
        return None
    return [_unescape(c.group(1)) for c in codes], lead.end() + end + 1


def _bullet_values(text: str, pos: int) -> tuple[list[str], int] | None:
    values: list[str] = []
    end = pos
    while pos < len(text) and text.startswith(BULLET, pos):
        item_start = pos + len(BULLET)
        lead = _LEADING_CODE_RE.match(text, item_start)
        if lead is None:
            return None  # an item that is not a value: not an accepted-value list
        values.append(_unescape(lead.group(1)))
        end = lead.end()
        nxt = text.find(f" {BULLET} ", end)
        if nxt < 0:
            break
        between = text[end:nxt]
        if re.search(r"[.:]\s+[A-Z]", between) and not _is_item_explanation(between):
            break
        pos = nxt + 1
    return (values, end) if values else None


def _is_item_explanation(between: str) -> bool:
    """Text after an item's value that explains it ("- No encryption.", ": Existing rows ...",
    ", which will ...", "(comma)") rather than ending the list."""
    return bool(re.match(r"\s*(?:[-–—:,]|\(|which\b)", between))


def _formats(text: str, prop: Property) -> list[Constraint]:
    out: list[Constraint] = []
    kinds = prop.type.lower().split("/")
    if "string" not in kinds:
        return out
    words = _words(prop.name)
    has_iso = _ISO_RE.search(text) is not None
    for sentence in _sentences(text) if has_iso else ():
        iso = _ISO_RE.search(sentence) and not _NOT_DATETIME_RE.search(sentence)
        if iso and not any(c.kind == "format" for c in out):
            out.append(Constraint(kind="format", value="date-time", sentence=sentence))
        if _MIDNIGHT_RE.search(sentence):
            out.append(Constraint(kind="pattern", value=MIDNIGHT_PATTERN, sentence=sentence))
    if out:
        return out
    last = words[-1] if words else ""
    first = _sentences(text)[0] if text else ""
    if last in {"url", "uri"} and re.search(r"\b(?:URL|URI)\b", first):
        out.append(Constraint(kind="format", value="uri", sentence=first))
    elif last == "email" and re.search(r"\be-?mail(?:\s+address)?\b", first, re.IGNORECASE):
        out.append(Constraint(kind="format", value="email", sentence=first))
    return out


def _default(text: str, type_: str) -> Constraint | None:
    if "default" not in text.lower():
        return None
    for sentence in _sentences(text):
        for pattern in _DEFAULT_RES:
            m = pattern.search(sentence)
            if not m:
                continue
            raw = m.groupdict().get("bare") or _unescape(m.group(1))
            if raw == "":
                continue
            value = coerce(raw, type_)
            if value is not None:
                return Constraint(
                    kind="default", value=value, sentence=_clause(sentence, m.start())
                )
    # "• `1` - Use the v1 message format. This is the default." inside an accepted-value list
    items = text.split(f" {BULLET} ")
    for item in items[1:]:
        lead = _LEADING_CODE_RE.match(item)
        if lead and _THIS_IS_DEFAULT_RE.search(item):
            value = coerce(_unescape(lead.group(1)), type_)
            if value is not None:
                return Constraint(kind="default", value=value, sentence=f"{BULLET} {item.strip()}")
    return None


def _clause(sentence: str, pos: int) -> str:
    """The sentence from where the statement at ``pos`` starts: a list item's value that the
    collapsed text ran into ("• `slow` The default is `fast`.") is cut off."""
    if not sentence.startswith(BULLET):
        return sentence
    starts = [m.end() for m in re.finditer(r"(?:[.:;]|`)\s+(?=[A-Z])", sentence[: pos + 1])]
    return sentence[starts[-1] :] if starts else sentence


def _secret(prop: Property) -> Constraint | None:
    words = _words(prop.name)
    if not words or prop.type.lower() in {"boolean", "integer", "number", "array", "object"}:
        return None
    last = words[-1]
    if last in _NOT_SECRET_LAST:
        return None
    text = prop.description or ""
    sentences = _sentences(text)
    credential_word = bool(set(words) & _CREDENTIAL_WORDS)
    for sentence in sentences:
        if _NEVER_RETURNED_RE.search(sentence) or (
            credential_word and _THIS_CREDENTIAL_RE.search(sentence)
        ):
            return Constraint(kind="secret", value=True, sentence=sentence)
    if sentences and _SECRET_HEAD_RE.search(sentences[0]):
        return Constraint(kind="secret", value=True, sentence=sentences[0])
    by_name = last in _SECRET_LAST or (
        last == "key" and len(words) > 1 and words[-2] in _KEY_QUALIFIERS
    )
    if by_name:
        return Constraint(kind="secret", value=True, sentence=f"name: {prop.name}")
    return None
