"""Pages that declare no charset: UTF-8 (what the site serves) or what the bytes show."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.readers import read_page
from docgen.readers.html import declares_encoding, sniff_encoding

FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def _without_charset(text: str) -> str:
    assert "charset" not in text.lower()[:4096]
    return text


@pytest.mark.parametrize("encoding", ["utf-8", "windows-1252"])
def test_table_page_without_charset_keeps_its_letters(encoding: str) -> None:
    text = _without_charset((FIXTURES / "legacy_edge.html").read_text(encoding="utf-8"))
    data = text.encode(encoding, errors="strict")
    assert not declares_encoding(data)
    page = read_page(data, "integrations/saas/edge.html")
    names = [c.name for t in page.tables for c in t.columns]
    assert "author\u2019s details" in names  # the curly apostrophe survives either way


def test_sniffing_prefers_utf8_then_what_the_bytes_show() -> None:
    assert sniff_encoding("caf\u00e9 \u2019".encode()) == "utf-8"
    assert sniff_encoding("<p>caf\u00e9 \u2019s</p>".encode("windows-1252")) in {
        "windows-1252",
        "cp1252",
    }


def test_declared_charset_is_left_to_the_parser() -> None:
    assert declares_encoding(b'<html><head><meta charset="latin-1"></head>')
    assert declares_encoding(b"\xef\xbb\xbf<html>")
