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


# --------------------------------------------------------------------------- UTF-16 / UTF-32

_MARKS = {
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
    "utf-32-le": b"\xff\xfe\x00\x00",
    "utf-32-be": b"\x00\x00\xfe\xff",
}


def _reencoded(data: bytes, codec: str) -> bytes:
    return _MARKS[codec] + data.decode("utf-8").encode(codec)


@pytest.mark.parametrize("codec", list(_MARKS))
@pytest.mark.parametrize(
    "page",
    [
        "pages/integrations__saas__autopilot.html",  # a table reference (HTML)
        "pages/integrations__saas__zoom.html",
        "destinations/pages/destinations__postgresql__reference.html",  # another reader
    ],
)
def test_a_page_saved_as_utf16_or_utf32_reads_as_its_utf8_copy(
    shared_dir: Path, page: str, codec: str
) -> None:
    path = shared_dir / "corpus" / page
    if not path.exists():
        pytest.skip(f"{page} is not in the corpus")
    data = path.read_bytes()
    utf8 = read_page(data, "p.html")
    again = read_page(_reencoded(data, codec), "p.html")
    assert again.contract() == utf8.contract()
    assert [p.message for p in again.problems] == [p.message for p in utf8.problems]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-32-be"])
def test_a_text_copy_saved_as_utf16_reads_as_its_utf8_copy(shared_dir: Path, codec: str) -> None:
    seed = shared_dir / "seeds" / "002_ecc871c58e7e87a5.txt"
    data = seed.read_bytes()
    assert (
        read_page(_reencoded(data, codec), "p.txt").contract()
        == read_page(data, "p.txt").contract()
    )


def test_the_mark_outranks_a_charset_the_page_declares() -> None:
    """A browser saving as UTF-16 keeps the page's meta charset (here windows-1252, and
    utf-16 itself): the byte-order mark decides, as it does in the browser."""
    text = (FIXTURES / "legacy_edge.html").read_text(encoding="utf-8")
    want = read_page(text.encode("utf-8"), "edge.html").contract()
    for declared in ("windows-1252", "utf-16"):
        marked = text.replace("<head>", f'<head><meta charset="{declared}">', 1)
        assert read_page(_reencoded(marked.encode(), "utf-16-le"), "edge.html").contract() == want


def test_utf16_that_is_not_is_one_located_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from docgen.cli import app

    cases = {
        "odd.html": b"\xff\xfe<\x00h\x00t",  # cut in the middle of a character
        "surrogate.html": b"\xff\xfe\x00\xd8a\x00",
        "unmarked.html": "<html><body>x</body></html>".encode("utf-16-le"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        result = CliRunner().invoke(app, ["parse", str(tmp_path / name)])
        assert result.exit_code == 2, name
        (line,) = result.stderr.strip().splitlines()
        assert f"{tmp_path / name}: " in line and "binary" not in line, line
        assert "byte-order mark" in line, line
