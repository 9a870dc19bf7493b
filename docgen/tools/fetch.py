"""Fetch a documentation page over HTTP(S).

``fetch(url)`` follows redirects and retries what may pass (a timeout, a connection cut
off, an answer 5xx, 408 or 429) with exponential backoff, and never retries what will not:
a host name that does not resolve, a connection refused (nothing listens there), a TLS
certificate that does not verify, too many redirects, an invalid URL, any other 4xx.
``timeout`` bounds each attempt (connecting, then each read); every retry is announced
through ``on_retry`` (one line: the URL, what happened, when the next attempt comes), so a
URL that never answers is never silence (the CLI prints those lines on stderr). Every
failure is a :class:`RuntimeError` naming the URL and the last error, which
:func:`docgen.pipeline.parse_pages` turns into a located ``unreadable-page`` problem.
"""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from docgen.model.words import plural

USER_AGENT = "docgen (+https://github.com/stitchdata/docs reader)"
BACKOFF = 0.5  # seconds before the first retry; doubles each time
TIMEOUT = 20.0  # seconds each attempt may take to connect, and to each read
RETRIES = 3  # extra attempts after the first: 4 in all
RETRY_STATUS = frozenset({408, 429})  # 4xx answers that say "try again later"


@dataclass(frozen=True)
class FetchOptions:
    """How pages given as URLs are fetched: the timeout of each attempt, the number of
    retries, and who is told about each retry (the CLI prints the line on stderr)."""

    timeout: float = TIMEOUT
    retries: int = RETRIES
    backoff: float = BACKOFF
    on_retry: Callable[[str], None] | None = None


class _Transient(Exception):
    """A failure worth retrying."""


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    on_retry: Callable[[str], None] | None = None,
) -> bytes:
    """The body of ``url``. ``retries`` is the number of extra attempts after the first;
    ``on_retry`` gets one line before each.

    Raises :class:`RuntimeError` ("cannot fetch URL: ...") when every attempt failed or
    the failure is not worth retrying.
    """
    attempts = max(0, retries) + 1
    last = "no attempt made"
    with httpx.Client(
        follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT}
    ) as client:
        for attempt in range(attempts):
            if attempt:
                delay = backoff * 2 ** (attempt - 1)
                if on_retry is not None:
                    on_retry(
                        f"{url}: {last}; retrying in {delay:g} s "
                        f"(attempt {attempt + 1} of {attempts})"
                    )
                time.sleep(delay)
            try:
                return _get(client, url, timeout)
            except _Transient as exc:
                last = str(exc)
    raise RuntimeError(f"cannot fetch {url}: {last} (after {plural(attempts, 'attempt')})")


def fetch_with(url: str, options: FetchOptions | None) -> bytes:
    """:func:`fetch` with the options of a run (the defaults when None)."""
    options = options or FetchOptions()
    return fetch(
        url,
        timeout=options.timeout,
        retries=options.retries,
        backoff=options.backoff,
        on_retry=options.on_retry,
    )


def _cause(exc: BaseException, kinds: tuple[type[BaseException], ...]) -> BaseException | None:
    """The first exception of ``kinds`` in the chain that raised ``exc``."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kinds):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _get(client: httpx.Client, url: str, timeout: float) -> bytes:
    try:
        response = client.get(url)
    except httpx.TimeoutException as exc:
        what = "no connection" if isinstance(exc, httpx.ConnectTimeout) else "no answer"
        raise _Transient(f"timed out ({what} within {timeout:g} s)") from None
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        raise RuntimeError(f"cannot fetch {url}: {exc}") from None
    except httpx.TransportError as exc:
        raise _not_worth_retrying(url, exc) or _Transient(f"{type(exc).__name__}: {exc}") from None
    except httpx.HTTPError as exc:  # too many redirects, ...: not transient
        raise RuntimeError(f"cannot fetch {url}: {type(exc).__name__}: {exc}") from None
    status = response.status_code
    if status >= 500 or status in RETRY_STATUS:
        raise _Transient(f"HTTP {status} {response.reason_phrase}")
    if status >= 400:
        raise RuntimeError(f"cannot fetch {url}: HTTP {status} {response.reason_phrase}")
    return response.content


def _not_worth_retrying(url: str, exc: httpx.TransportError) -> RuntimeError | None:
    """The error for a transport failure that asking again in a few seconds will not
    change: a name that does not resolve, a refused connection, a certificate that does
    not verify. None for the others (a connection cut off, reset, ...)."""
    host = httpx.URL(url).host
    if _cause(exc, (socket.gaierror,)) is not None:
        return RuntimeError(
            f"cannot fetch {url}: host {host!r} not found (the name does not resolve: "
            "check the URL and the network; not retried)"
        )
    if _cause(exc, (ConnectionRefusedError,)) is not None:
        return RuntimeError(
            f"cannot fetch {url}: connection refused by {host} (nothing listens there; not retried)"
        )
    cert = _cause(exc, (ssl.SSLCertVerificationError,))
    if cert is not None:
        reason = getattr(cert, "verify_message", None) or str(cert)
        return RuntimeError(
            f"cannot fetch {url}: the TLS certificate does not verify ({reason}; not retried)"
        )
    return None
