"""Fetch a documentation page over HTTP(S).

``fetch(url)`` follows redirects and retries transient failures (connection errors,
timeouts, 5xx) with exponential backoff. A 4xx answer fails at once: asking again will not
change it. Every failure is a :class:`RuntimeError` naming the URL and the last error, which
:func:`docgen.pipeline.parse_pages` turns into a located ``unreadable-page`` problem.
"""

from __future__ import annotations

import time

import httpx

USER_AGENT = "docgen (+https://github.com/stitchdata/docs reader)"
BACKOFF = 0.5  # seconds before the first retry; doubles each time


class _Transient(Exception):
    """A failure worth retrying."""


def fetch(url: str, *, timeout: float = 20.0, retries: int = 3, backoff: float = BACKOFF) -> bytes:
    """The body of ``url``. ``retries`` is the number of extra attempts after the first.

    Raises :class:`RuntimeError` ("cannot fetch URL: ...") when every attempt failed or the
    server answered 4xx.
    """
    attempts = max(0, retries) + 1
    last = "no attempt made"
    with httpx.Client(
        follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT}
    ) as client:
        for attempt in range(attempts):
            if attempt:
                time.sleep(backoff * 2 ** (attempt - 1))
            try:
                return _get(client, url)
            except _Transient as exc:
                last = str(exc)
    plural = "attempt" if attempts == 1 else "attempts"
    raise RuntimeError(f"cannot fetch {url}: {last} (after {attempts} {plural})")


def _get(client: httpx.Client, url: str) -> bytes:
    try:
        response = client.get(url)
    except httpx.TimeoutException as exc:
        raise _Transient(f"timed out ({type(exc).__name__})") from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise RuntimeError(f"cannot fetch {url}: {exc}") from None
    except httpx.TransportError as exc:
        raise _Transient(f"{type(exc).__name__}: {exc}") from None
    except httpx.HTTPError as exc:  # invalid URL, too many redirects: not transient
        raise RuntimeError(f"cannot fetch {url}: {type(exc).__name__}: {exc}") from None
    status = response.status_code
    if status >= 500:
        raise _Transient(f"HTTP {status} {response.reason_phrase}")
    if status >= 400:
        raise RuntimeError(f"cannot fetch {url}: HTTP {status} {response.reason_phrase}")
    return response.content
