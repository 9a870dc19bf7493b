"""Readers are plug-ins: docgen's own readers come from the ``docgen.readers`` entry points,
and a package docgen has never heard of adds a kind of page with no change to docgen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

from docgen.readers import Reader, readers

DOCGEN = [sys.executable, "-c", "from docgen.cli import app; app()"]

TOY_PACKAGE = '''
"""A documentation family docgen does not know: "Toy" pages (HTML and text)."""

from dataclasses import dataclass, field
import re


@dataclass
class ToyPage:
    page: str
    title: str
    fields: list[str]
    problems: list = field(default_factory=list)

    def contract(self):
        return {"page": self.page, "toy": self.title, "fields": self.fields}

    def summary(self):
        return f"toy page {self.title!r}: {len(self.fields)} fields"


class ToyReader:
    name = "toy reference"
    looks_for = "a div id toy-reference"
    html = True

    def accepts(self, data):
        return b'id="toy-reference"' in data

    def read(self, data, page):
        text = data.decode("utf-8")
        title = re.search(r"<h1>(.*?)</h1>", text).group(1)
        return ToyPage(page, title, re.findall(r"<li>(.*?)</li>", text))


class ToyText:
    name = "toy text"
    looks_for = "a first line 'TOY: title'"
    html = False

    def accepts(self, data):
        return data.startswith(b"TOY: ")

    def read(self, data, page):
        first, *rest = data.decode("utf-8").splitlines()
        return ToyPage(page, first[5:], [line for line in rest if line])


READER = ToyReader()
TEXT_READER = ToyText()
'''


def _toy_site(root: Path) -> Path:
    """An installed-looking distribution: the module and its dist-info with entry points."""
    site = root / "site"
    (site / "toy_docs").mkdir(parents=True)
    (site / "toy_docs" / "__init__.py").write_text(TOY_PACKAGE, encoding="utf-8")
    info = site / "toy_docs-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: toy-docs\nVersion: 0.1\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        textwrap.dedent(
            """\
            [docgen.readers]
            toy-reference = toy_docs:READER
            toy-text = toy_docs:TEXT_READER
            """
        ),
        encoding="utf-8",
    )
    return site


def _docgen(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [*DOCGEN, *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_entry_points_list_docgens_readers() -> None:
    registered = {ep.name: ep.value for ep in entry_points(group="docgen.readers")}
    assert registered == {
        "stitch-destination-reference": "docgen.readers.stitch:DESTINATION_REFERENCE",
        "stitch-keywords-reference": "docgen.readers.stitch:RESERVED_KEYWORDS",
        "stitch-property-reference": "docgen.readers.stitch:PROPERTY_REFERENCE",
        "stitch-property-text": "docgen.readers.stitch:PROPERTY_TEXT",
        "stitch-table-reference": "docgen.readers.stitch:TABLE_REFERENCE",
        "stitch-table-text": "docgen.readers.stitch:TABLE_TEXT",
    }
    found = readers()
    assert all(isinstance(r, Reader) for r in found)
    assert [r.name for r in found] == [
        "destination reference",
        "reserved keywords reference",
        "connection property reference",
        "text copy of the connection property reference",
        "integration table reference",
        "text copy of an integration page",
    ]


def test_a_toy_reader_plugs_in_with_no_change_to_docgen(tmp_path: Path) -> None:
    site = _toy_site(tmp_path)
    html = tmp_path / "toys__robot.html"
    html.write_text(
        '<!doctype html><html><body><div id="toy-reference"><h1>Robot</h1>'
        "<ul><li>arms</li><li>legs</li></ul></div></body></html>\n",
        encoding="utf-8",
    )
    text = tmp_path / "toys__kite.txt"
    text.write_text("TOY: Kite\nstring\ntail\n", encoding="utf-8")

    result = _docgen(site, "parse", str(html), str(text), "--json")
    assert result.returncode == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert docs == [
        {"page": "toys/robot.html", "toy": "Robot", "fields": ["arms", "legs"], "problems": []},
        {"page": "toys/kite.html", "toy": "Kite", "fields": ["string", "tail"], "problems": []},
    ]
    summary = _docgen(site, "parse", str(html))
    assert summary.returncode == 0, summary.stderr
    assert summary.stdout.strip() == f"{html}: toy page 'Robot': 2 fields"

    # update turns connector and destination pages into specs; a toy page is said, not dropped
    specs = tmp_path / "specs"
    updated = _docgen(site, "update", str(html), "--specs", str(specs))
    assert updated.returncode == 0, updated.stderr
    assert "[no-spec-for-page]" in updated.stderr and "toys/robot.html" in updated.stderr
    assert not list(specs.glob("*.yaml"))

    # docgen's own readers still read their pages beside the toy ones
    stitch = tmp_path / "integrations__saas__acme.txt"
    stitch.write_text("Acme feature snapshot\n", encoding="utf-8")
    both = _docgen(site, "parse", str(stitch), str(html), "--json")
    assert [json.loads(line).get("toy") for line in both.stdout.splitlines()] == [None, "Robot"]

    # a page no reader takes names every reader it asked, the toy's included
    other = tmp_path / "other.html"
    other.write_text("<html><body><p>hello</p></body></html>\n", encoding="utf-8")
    refused = _docgen(site, "parse", str(other))
    assert refused.returncode == 2
    assert "toy reference: a div id toy-reference" in refused.stderr
    assert "integration table reference" in refused.stderr


def test_without_the_plugin_the_toy_page_is_refused(tmp_path: Path) -> None:
    html = tmp_path / "toys__robot.html"
    html.write_text(
        '<html><body><div id="toy-reference"><h1>Robot</h1></div></body></html>\n',
        encoding="utf-8",
    )
    result = _docgen(tmp_path / "nothing-here", "parse", str(html))
    assert result.returncode == 2 and "not documentation docgen reads" in result.stderr
