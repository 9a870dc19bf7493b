"""docgen.model.naming: the families of naming rules, worded as pages other than the six
shared ones might word them; an unread wording changes nothing and says what it may affect."""

from __future__ import annotations

import pytest

from docgen.model import naming

CASES = [
    # convert case
    ("Lowercase all names", "CuStomer", "customer"),
    ("Names are converted to upper case", "abc", "ABC"),
    ("Change every letter to lowercase", "ABC", "abc"),
    # replace / convert
    ("Replace hyphens (-) with underscores", "a-b-c", "a_b_c"),
    ("Replace consecutive underscores with a single underscore", "a___b", "a_b"),
    ("Replace `.` with `_`", "a.b", "a_b"),
    ("Change periods to underscores", "a.b.c", "a_b_c"),
    ("Substitute whitespace with underscores", "a b\tc", "a_b_c"),
    ("Convert non-alphanumeric characters to underscores", "a-b#c", "a_b_c"),
    ("Convert tabs and spaces to underscores", "a b", "a_b"),
    (
        "Replace characters other than letters, digits and underscores with an underscore",
        "a$b",
        "a_b",
    ),
    ("Replace spaces with nothing", "a b", "ab"),
    ("Convert accented characters to their ASCII equivalents", "Café", "Cafe"),
    # remove
    ("Strip trailing underscores", "abc__", "abc"),
    ("Delete spaces from column names", "a b", "ab"),
    ("Remove non-ASCII characters", "café", "caf"),
    ("Remove leading digits", "12ab3", "ab3"),
    ("Remove dollar signs", "a$b", "ab"),
    ("Strip accents", "Ünïcode", "Unicode"),
    # trim
    ("Trim whitespace", "  ab  ", "ab"),
    ("Trim underscores at the beginning and end of names", "__ab__", "ab"),
    ("Truncate names to 5 characters", "abcdefgh", "abcde"),
    # prepend / append
    ("Prepend an underscore to names that begin with a number", "4abc", "_4abc"),
    ("Prepend an underscore to names that begin with a number", "abc", "abc"),
    ("Prefix column names starting with a digit with `c_`", "1x", "c_1x"),
    ("Add an underscore to the beginning of names that start with a number", "9a", "_9a"),
    ("Append an underscore to names that are reserved words", "select", "select_"),
    ("Append an underscore to names that are reserved words", "selected", "selected"),
    ("Append `_col` to names that are the words select, from", "from", "from_col"),
    ("Suffix names ending with an underscore with `x`", "a_", "a_x"),
    # quote: a quoted name keeps its characters
    ("Quote names that contain special characters", "a#b", "a#b"),
    ("Wrap reserved words in double quotes", "order", "order"),
]


@pytest.mark.parametrize(("wording", "source", "want"), CASES)
def test_a_family_worded_otherwise_still_reads(wording: str, source: str, want: str) -> None:
    rules = naming.read([wording], reserved=["select", "order"])
    assert rules[0].known, wording
    assert naming.trace(rules, source) == (want, [])


def test_an_unread_wording_changes_nothing_and_names_what_it_may_affect() -> None:
    rules = naming.read(["Frobnicate special characters", "Convert to lowercase"])
    assert [r.known for r in rules] == [False, True]
    assert naming.trace(rules, "A#B") == ("a#b", ["Frobnicate special characters"])
    assert naming.trace(rules, "AB") == ("ab", [])  # no special character: not affected
    anything = naming.read(["Reverse every name"])
    assert naming.trace(anything, "ab") == ("ab", ["Reverse every name"])  # nothing read
    assert naming.unknown(["Reverse every name", "Trim spaces"]) == ["Reverse every name"]
    with pytest.raises(naming.UnknownTransformation):
        naming.rules(["Reverse every name"])


@pytest.mark.parametrize(
    ("wording", "affected", "unaffected"),
    [
        # what the rule acts on comes before the replacement: the digits named after "for",
        # "with" or "into" say what names become, not which names change
        ("Swap vowels for the digit seven", "contacts", None),
        ("Frobnicate special characters with digits", "a#b", "a1b"),
        ("Frobnicate special characters into digits", "a#b", "a1b"),
        ("Frobnicate leading digits", "4a", "a4"),
    ],
)
def test_an_unread_wording_is_judged_by_what_it_acts_on(
    wording: str, affected: str, unaffected: str | None
) -> None:
    """Property: an unread rule may affect a name unless its wording names, before any
    replacement, a character class the name does not hold; when in doubt, every name."""
    rules = naming.read([wording])
    assert not rules[0].known
    assert naming.trace(rules, affected)[1] == [wording]
    if unaffected is not None:
        assert naming.trace(rules, unaffected)[1] == []


def test_rules_apply_in_page_order() -> None:
    rules = naming.read(["Remove special characters", "Remove non-letter leading characters"])
    assert naming.apply(rules, "_4customer#id") == "customerid"
