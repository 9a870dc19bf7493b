"""docgen.tools.fetch against a local HTTP server (127.0.0.1, a thread): no internet."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from docgen.tools.fetch import fetch

FIXTURE_PAGE = b"""<!DOCTYPE html><html><head><title>Widget</title></head><body>
<h1>Widget (v1)</h1><p>No tables documented.</p></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[dict[str, int]] = {}
    pages: ClassVar[dict[str, bytes]] = {}  # extra paths a test serves
    slow_seconds = 2.0

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
            pass

    def do_GET(self) -> None:
        count = self.hits.get(self.path, 0) + 1
        self.hits[self.path] = count
        if self.path == "/ok":
            self._send(200, FIXTURE_PAGE)
        elif self.path == "/flaky":  # 500 twice, then fine
            self._send(500 if count <= 2 else 200, b"oops" if count <= 2 else FIXTURE_PAGE)
        elif self.path == "/always-500":
            self._send(503, b"down")
        elif self.path == "/busy":  # 429 once, then fine
            self._send(429 if count == 1 else 200, b"slow down" if count == 1 else FIXTURE_PAGE)
        elif self.path == "/missing":
            self._send(404, b"not here")
        elif self.path == "/moved":
            self._send(301, headers={"Location": "/ok"})
        elif self.path == "/slow":
            time.sleep(self.slow_seconds)
            self._send(200, FIXTURE_PAGE)
        elif self.path in self.pages:
            self._send(200, self.pages[self.path])
        elif self.path.startswith("/docs/integrations/saas/"):
            self._send(200, FIXTURE_PAGE)
        else:
            self._send(404)


@pytest.fixture()
def server() -> Iterator[str]:
    _Handler.hits = {}
    _Handler.pages = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    # shutdown() waits for the serving loop's next poll: 0.5 s by default, per test
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_ok(server: str) -> None:
    assert fetch(f"{server}/ok") == FIXTURE_PAGE
    assert _Handler.hits["/ok"] == 1


def test_follows_redirects(server: str) -> None:
    assert fetch(f"{server}/moved") == FIXTURE_PAGE
    assert _Handler.hits == {"/moved": 1, "/ok": 1}


def test_retries_5xx_then_succeeds(server: str) -> None:
    assert fetch(f"{server}/flaky", retries=3, backoff=0.01) == FIXTURE_PAGE
    assert _Handler.hits["/flaky"] == 3


def test_gives_up_after_retries_naming_url_and_error(server: str) -> None:
    url = f"{server}/always-500"
    with pytest.raises(RuntimeError) as info:
        fetch(url, retries=2, backoff=0.01)
    message = str(info.value)
    assert url in message and "HTTP 503" in message and "3 attempts" in message
    assert _Handler.hits["/always-500"] == 3


def test_4xx_fails_at_once(server: str) -> None:
    url = f"{server}/missing"
    with pytest.raises(RuntimeError, match="HTTP 404") as info:
        fetch(url, retries=3, backoff=0.01)
    assert url in str(info.value)
    assert _Handler.hits["/missing"] == 1


def test_timeout_is_retried_then_reported(server: str) -> None:
    _Handler.slow_seconds = 1.0
    url = f"{server}/slow"
    with pytest.raises(RuntimeError, match="timed out") as info:
        fetch(url, timeout=0.2, retries=1, backoff=0.01)
    assert url in str(info.value)
    assert _Handler.hits["/slow"] == 2


def test_connection_refused_is_reported() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    retried: list[str] = []
    with pytest.raises(RuntimeError, match="connection refused") as info:
        fetch(url, retries=3, backoff=0.01, on_retry=retried.append)
    assert url in str(info.value) and "not retried" in str(info.value)
    assert retried == []  # nothing listens there: asking again changes nothing


def test_parse_pages_reports_unfetchable_url_as_located_error(server: str) -> None:
    from docgen import pipeline

    bad = f"{server}/missing"
    result = pipeline.parse_pages([bad])
    assert result.inputs == [bad] and result.pages == [None]
    errors = [p for p in result.problems if p.code == "unreadable-page"]
    assert len(errors) == 1 and errors[0].severity == "error"
    assert bad in errors[0].message and "HTTP 404" in errors[0].message
    assert errors[0].location.page == bad


def test_parse_pages_reads_fetched_page(server: str) -> None:
    pytest.importorskip("docgen.readers.stitch.html_tables")
    from docgen import pipeline

    good = f"{server}/docs/integrations/saas/widget"
    result = pipeline.parse_pages([good])
    assert _Handler.hits["/docs/integrations/saas/widget"] == 1
    page = result.pages[0]
    if page is None:  # unreadable pages must say why, at the URL's site path
        assert result.problems and result.problems[0].severity == "error"
    else:
        assert page.page == "integrations/saas/widget.html"


def test_update_from_url_writes_the_same_spec_as_from_the_file(server: str, tmp_path: Path) -> None:
    """`docgen update URL` end to end: a real corpus page served over HTTP."""
    from conftest import _require_shared
    from typer.testing import CliRunner

    from docgen.cli import app
    from docgen.model.specio import load_spec

    shared = _require_shared()
    page = shared / "corpus" / "pages" / "integrations__saas__autopilot.html"
    _Handler.pages["/docs/integrations/saas/autopilot"] = page.read_bytes()
    url = f"{server}/docs/integrations/saas/autopilot"
    by_url, by_file = tmp_path / "by_url", tmp_path / "by_file"
    run = CliRunner().invoke(app, ["update", url, "--specs", str(by_url)])
    import traceback

    assert run.exit_code == 0, "".join(traceback.format_exception(*run.exc_info))
    assert _Handler.hits["/docs/integrations/saas/autopilot"] == 1
    local = tmp_path / page.name
    local.write_bytes(page.read_bytes())
    assert CliRunner().invoke(app, ["update", str(local), "--specs", str(by_file)]).exit_code == 0
    written = sorted(p.name for p in by_url.glob("*.yaml"))
    assert written and written == sorted(p.name for p in by_file.glob("*.yaml"))
    for name in written:
        from_url, from_file = load_spec(by_url / name), load_spec(by_file / name)
        assert from_url == from_file
        assert from_url.tables, "the served page's tables were read"


def test_every_retry_is_announced_and_429_is_retried(server: str) -> None:
    lines: list[str] = []
    assert fetch(f"{server}/busy", backoff=0.01, on_retry=lines.append) == FIXTURE_PAGE
    assert _Handler.hits["/busy"] == 2
    (line,) = lines
    assert line.startswith(f"{server}/busy: HTTP 429") and "(attempt 2 of 4)" in line
    with pytest.raises(RuntimeError, match="after 3 attempts"):
        fetch(f"{server}/always-500", retries=2, backoff=0.01, on_retry=lines.append)
    assert len(lines) == 3  # one per retry, none for the first attempt


def test_a_name_that_does_not_resolve_is_not_retried() -> None:
    lines: list[str] = []
    url = "http://no-such-host.invalid/docs/page"  # .invalid never resolves (RFC 2606)
    with pytest.raises(RuntimeError, match="does not resolve") as info:
        fetch(url, retries=3, backoff=5.0, on_retry=lines.append)  # a retry would take 5 s
    assert lines == [] and "not retried" in str(info.value) and url in str(info.value)


def test_cli_timeout_and_retry_lines(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`docgen parse URL --timeout S`: each attempt waits S seconds, each retry is a line on
    stderr, the failure one located line; the same option on update and lint."""
    from typer.testing import CliRunner

    from docgen import pipeline
    from docgen.cli import app

    _Handler.slow_seconds = 1.0
    url = f"{server}/slow"
    real = pipeline.parse_pages

    def quick(sources, **kwargs):  # no backoff to wait out in a test
        from dataclasses import replace

        return real(sources, **{**kwargs, "fetching": replace(kwargs["fetching"], backoff=0.01)})

    monkeypatch.setattr(pipeline, "parse_pages", quick)
    result = CliRunner().invoke(app, ["parse", url, "--timeout", "0.2"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    retries = [x for x in lines if x.startswith("docgen parse: ")]
    assert len(retries) == 3 and all("no answer within 0.2 s" in x for x in retries)
    assert lines[-1].startswith(f"error: {url}: cannot fetch") and "after 4 attempts" in lines[-1]
    for command in ("update", "lint"):
        text = CliRunner().invoke(app, [command, "-h"]).stdout
        assert "--timeout SECONDS" in text
