"""A table's "Useful links" row, read the Stitch way (the HTML and the text reader share it).

The current table reference ends each table's attribute list with a "Useful links" row (see
any ``integrations/saas/*`` page): the table's schema in the Singer tap's repository
("contacts schema on GitHub"), the API method the tap calls ("Autopilot API method") and
the API's own documentation ("Stripe documentation"). What a link is for is told by its
displayed text (:func:`link_kind`); the page states nothing else about it.

Rules, each a property the readers keep:

* a link's URL is absolute http(s): an href relative to the page is resolved against the
  page's address on the site (:func:`docgen.model.specio.page_url`), so a spec never holds
  a path that depends on where the page was saved; whitespace inside it is
  percent-encoded, as a browser sends it;
* a link the page shows with no usable target (an empty href: the GitHub, Harvest, Square
  and Stripe pages have some; another scheme) is not a link: it is left out and warned
  (``link-without-url``), never guessed;
* links keep page order; their provenance is the table heading's element (the row has no
  id of its own) or, in a text copy, the line they were read from.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urljoin, urlparse, urlsplit, urlunparse

from docgen.model.problems import Problems
from docgen.model.spec import Link, LinkKind
from docgen.model.specio import page_url

#: where the site's pages live: a page's path (``integrations/saas/autopilot.html``) is
#: relative to it

_KINDS: tuple[tuple[re.Pattern[str], LinkKind], ...] = (
    (re.compile(r"\bAPI method\s*$", re.IGNORECASE), "api"),
    (re.compile(r"\bschema on GitHub\s*$", re.IGNORECASE), "schema"),
    (re.compile(r"\bdocumentation\s*$", re.IGNORECASE), "docs"),
)


_SPACE = re.compile(r"\s")


def link_kind(title: str) -> LinkKind:
    """What a useful link is for, from its displayed text."""
    for pattern, kind in _KINDS:
        if pattern.search(title):
            return kind
    return "other"


@functools.lru_cache(maxsize=256)
def absolute(href: str, page: str) -> str | None:
    """``href`` as an absolute http(s) URL (relative ones resolved against the page's
    address); None when it names nothing usable (empty, another scheme, no host)."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    if href.startswith("https://"):
        # what urljoin gives for an absolute URL of the base's own scheme (one parse, not
        # three: most useful links are absolute)
        url = urlunparse(urlparse(href))
    else:
        url = urljoin(page_url(page), href)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return _SPACE.sub(lambda m: quote(m.group()), url)  # as a browser sends it


def make_link(
    title: str,
    href: str,
    found: Problems,
    *,
    table: str,
    element: str | None,
) -> Link | None:
    """The link a page shows as ``title`` -> ``href``, or None (warned) when the href is
    not usable."""
    url = absolute(href, found.page)
    if url is None:
        shown = f"{href.strip()!r}" if href.strip() else "an empty target"
        found.warn(
            "link-without-url",
            f"useful link {title!r} of table {table!r} has {shown}, not an http(s) URL: left out",
            element,
            table=table,
        )
        return None
    return Link(kind=link_kind(title), title=title, url=url, element=element)
