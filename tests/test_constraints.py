"""Constraints stated in prose: on real properties of the corpus page and on written sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS

from docgen.model.spec import Constraint, Property, PropertyPage
from docgen.readers import read_path
from docgen.readers.stitch.constraints import MIDNIGHT_PATTERN, apply, coerce, derive

PAGE = "developers__stitch-connect__guides__source-destination-reference"


def _walk(props: list[Property]) -> Iterator[Property]:
    for prop in props:
        yield prop
        yield from _walk(prop.children)


@pytest.fixture(scope="module")
def corpus_props(shared_dir: Path) -> list[Property]:
    page = read_path(CORPUS / "pages" / f"{PAGE}.html")
    assert isinstance(page, PropertyPage)
    return [p for o in page.objects for p in _walk(o.properties + o.oauth)]


def _kind(prop: Property, kind: str) -> list[Constraint]:
    return [c for c in prop.constraints if c.kind == kind]


# --------------------------------------------------------------------------- real properties


def test_enum_from_bullet_list_of_code_spans(corpus_props: list[Property]) -> None:
    listing = re.compile(r"Accepted values are: ((?:• `[^`]+` )+)Refer")
    checked = 0
    for prop in corpus_props:
        m = listing.search(prop.description or "")
        if not m:
            continue
        stated = re.findall(r"`([^`]+)`", m.group(1))
        enums = _kind(prop, "enum")
        assert enums and enums[0].value == [coerce(v, prop.type) for v in stated], prop.name
        assert enums[0].sentence.startswith("Accepted values are:")
        checked += 1
    assert checked > 50


def test_enum_inline_and_items_with_explanations(corpus_props: list[Property]) -> None:
    inline = [
        p for p in corpus_props if re.search(r"values are `\w+` or `\w+`\.", p.description or "")
    ]
    assert inline
    for prop in inline:
        values = re.findall(r"values are `(\w+)` or `(\w+)`\.", prop.description or "")[0]
        assert _kind(prop, "enum")[0].value == list(values)
    explained = [
        p for p in corpus_props if re.search(r"Valid values are: • `\w+` - ", p.description or "")
    ]
    assert explained
    for prop in explained:
        enum = _kind(prop, "enum")[0].value
        assert len(enum) == 2 and all(isinstance(v, str) and " " not in v for v in enum)


def test_no_enum_from_a_broken_list_or_a_nested_item(corpus_props: list[Property]) -> None:
    # an item whose code span is not closed in the markup (literal backtick) spoils the list
    broken = [
        p
        for p in corpus_props
        if "\\`" in (p.description or "") and "Accepted values" in (p.description or "")
    ]
    assert broken
    assert all(not _kind(p, "enum") for p in broken)
    # accepted values stated inside a list item describe that item's sub-field, not the property
    nested = [
        p for p in corpus_props if re.search(r"• \w+ - .*Accepted values are:", p.description or "")
    ]
    assert nested
    assert all(not _kind(p, "enum") for p in nested)


def test_format_date_time_and_midnight_pattern(corpus_props: list[Property]) -> None:
    midnight = [p for p in corpus_props if "timestamp must be midnight" in (p.description or "")]
    assert len(midnight) > 50
    for prop in midnight:
        assert _kind(prop, "format")[0].value == "date-time"
        pattern = _kind(prop, "pattern")[0]
        assert pattern.value == MIDNIGHT_PATTERN and "midnight" in pattern.sentence
        assert re.search(pattern.value, "2018-01-01T00:00:00Z")
        assert not re.search(pattern.value, "2018-01-01T17:00:00Z")
    anchors = [
        p
        for p in corpus_props
        if "ISO 8601" in (p.description or "") and "midnight" not in (p.description or "")
    ]
    assert anchors and all(_kind(p, "format") and not _kind(p, "pattern") for p in anchors)


def test_format_uri_and_email(corpus_props: list[Property]) -> None:
    uris = [p for p in corpus_props if _kind(p, "format") and _kind(p, "format")[0].value == "uri"]
    assert len(uris) > 10
    assert all(re.search(r"_(url|uri)$", p.name) for p in uris)
    emails = [
        p for p in corpus_props if _kind(p, "format") and _kind(p, "format")[0].value == "email"
    ]
    assert emails and all("email address" in (p.description or "") for p in emails)
    # a URL property whose description is about something else gets no format
    assert not any(_kind(p, "format") for p in corpus_props if p.name.endswith("_id"))


def test_default_values_coerced(corpus_props: list[Property]) -> None:
    ports = [
        p
        for p in corpus_props
        if p.type == "integer" and re.search(r"The default is `\d+`", p.description or "")
    ]
    assert ports
    for prop in ports:
        stated = int(re.search(r"The default is `(\d+)`", prop.description or "").group(1))
        d = _kind(prop, "default")[0]
        assert d.value == stated and isinstance(d.value, int)
    in_list = [
        p
        for p in corpus_props
        if re.search(r"• `\w+` - [^•]*This is the default", p.description or "")
    ]
    assert in_list
    for prop in in_list:
        value = re.search(r"• `(\w+)` - [^•]*This is the default", prop.description or "").group(1)
        assert _kind(prop, "default")[0].value == coerce(value, prop.type)
    # the default of *another* property mentioned in a description is not this one's
    crons = [p for p in corpus_props if p.name == "cron_expression"]
    assert crons and all(not _kind(p, "default") for p in crons)


def test_secrets_by_name_and_description(corpus_props: list[Property]) -> None:
    never_returned = [
        p for p in corpus_props if "never be returned by the API" in (p.description or "")
    ]
    assert never_returned and all(_kind(p, "secret") for p in never_returned)
    for suffix in ("_secret", "_token", "password"):
        props = [p for p in corpus_props if p.name.endswith(suffix)]
        assert props and all(_kind(p, "secret") for p in props), suffix
    for name in ("client_id", "token_uri", "private_key_id", "public_key", "token_id", "username"):
        props = [p for p in corpus_props if p.name == name]
        assert all(not _kind(p, "secret") for p in props), name


# --------------------------------------------------------------------------- written sentences


def prop(name: str, description: str, type_: str = "string") -> Property:
    return Property(name=name, type=type_, description=description)


@pytest.mark.parametrize(
    ("text", "type_", "values"),
    [
        ("Possible values are: • `a` • `b` • `c`", "string", ["a", "b", "c"]),
        ("Accepted values: `x`, `y`.", "string", ["x", "y"]),
        ("The only accepted values are `true` and `false`.", "boolean", [True, False]),
        ("Accepted values, in days: • `1` • `7`", "integer", [1, 7]),
        (
            "It must be one of the following: • `eu` - Europe • `us` - America",
            "string",
            ["eu", "us"],
        ),
        ("This value must be `v3`.", "string", ["v3"]),
    ],
)
def test_enum_sentences(text: str, type_: str, values: list) -> None:
    (enum,) = [c for c in derive(prop("p", text, type_)) if c.kind == "enum"]
    assert enum.value == values
    assert enum.sentence in text or text.startswith(enum.sentence.rstrip("."))


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("Refer to the docs for a list of accepted values.", "string"),
        ("Accepted values are: • `a` • see the docs for more", "string"),
        ("Accepted values are `1` or `two`.", "integer"),  # `two` is not an integer
        ("Accepted values are `a`, among others like `b`.", "string"),
        ("`a,b` is an accepted value.", "string"),
        ("If `ssh` is `true`, this must be `22`.", "string"),
        ("Accepted values are: a, b, c.", "string"),  # inline code lost: nothing to take
        ("Accepted values are: • `a` • `a`", "string"),  # a repeated value: not a clean list
    ],
)
def test_enum_negatives(text: str, type_: str) -> None:
    assert not [c for c in derive(prop("p", text, type_)) if c.kind == "enum"]


@pytest.mark.parametrize(
    ("text", "type_", "value"),
    [
        ("The default is `5432`.", "integer", 5432),
        ("The default value is false.", "boolean", False),
        ("Unless set, this property will default to `true`.", "string", "true"),
        ("Defaults to `daily`.", "string", "daily"),
        ("The value is defaulted to 60.", "integer", 60),
    ],
)
def test_default_sentences(text: str, type_: str, value: object) -> None:
    (default,) = [c for c in derive(prop("p", text, type_)) if c.kind == "default"]
    assert default.value == value and type(default.value) is type(value)
    assert default.sentence == text


@pytest.mark.parametrize(
    "text",
    [
        "The default is ``.",
        "Stitch will use the source's default `frequency_in_minutes` value (`60`).",
        "This is likely the default SSH port (`22`).",
        "The default is `abc`.",  # integer property, not an integer
    ],
)
def test_default_negatives(text: str) -> None:
    assert not [c for c in derive(prop("p", text, "integer")) if c.kind == "default"]


def test_format_sentences() -> None:
    got = derive(prop("begin", "This field must contain an ISO 8601-compliant date."))
    assert [(c.kind, c.value) for c in got] == [("format", "date-time")]
    got = derive(prop("begin", "An ISO 8601 date. The timestamp must be midnight."))
    assert [(c.kind, c.value) for c in got] == [
        ("format", "date-time"),
        ("pattern", MIDNIGHT_PATTERN),
    ]
    assert [c.value for c in derive(prop("home_url", "The URL of your site."))] == ["uri"]
    assert [c.value for c in derive(prop("admin_email", "The email address of the admin."))] == [
        "email"
    ]
    # negatives: durations, integers, names without the url/email word, descriptions without it
    assert not derive(prop("lag", "An ISO 8601 duration, e.g. P1D."))
    assert not derive(prop("begin", "An ISO 8601 date.", "integer"))
    assert not derive(prop("home", "The URL of your site."))
    assert not derive(prop("callback_url", "Where to go next."))


@pytest.mark.parametrize(
    ("name", "text", "secret"),
    [
        ("api_key", "Your API key.", True),
        ("client_secret", "The client secret.", True),
        ("refresh_token", "", True),
        ("service_credentials", "", True),
        ("rsa_key", "", True),
        ("pw", "The password for the user.", True),
        ("blob", "Note: This property will never be returned by the API.", True),
        ("vendor_key", "Refer to the docs for instructions on creating this credential.", True),
        ("client_id", "The OAuth client ID.", False),
        ("token_uri", "The token URL.", False),
        ("private_key_id", "The ID of the private key.", False),
        ("public_key", "The account's public key.", False),
        ("store_hash", "Refer to the docs for instructions on retrieving this credential.", False),
        ("username", "The user name.", False),
        ("sentinel_key", "The name the challenge file must have.", False),
    ],
)
def test_secret_cases(name: str, text: str, secret: bool) -> None:
    got = [c for c in derive(prop(name, text)) if c.kind == "secret"]
    assert bool(got) is secret
    if got:
        assert got[0].value is True and got[0].sentence


def test_secret_not_on_booleans() -> None:
    assert not derive(prop("use_token", "If `true`, use the access token.", "boolean"))


def test_apply_recurses_into_children() -> None:
    child = prop("password", "The password.")
    parent = Property(name="conn", type="object", children=[child])
    apply([parent])
    assert [c.kind for c in parent.children[0].constraints] == ["secret"]
    assert parent.constraints == []


def test_coerce() -> None:
    assert coerce("42", "integer") == 42
    assert coerce("4.2", "integer") is None
    assert coerce("TRUE", "boolean") is True
    assert coerce("yes", "boolean") is None
    assert coerce("42", "string") == "42"
    assert coerce("x", "object") is None
