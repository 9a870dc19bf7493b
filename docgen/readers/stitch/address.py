"""Where a saved page lives on the site, as the page itself states it, not its file name.

Property: a page is known by what it says. ``mambu.html``, ``Shopify Integration - Stitch
Docs.html`` or ``pägé (copy).html`` is the same page as ``integrations__saas__mambu__v2.html``
and updates the same spec; the site path recorded in ``sources:`` (and the generated README)
is the one the page states, never the local file name.

What Stitch's pages state (checked on every corpus page, destination page and loading-rules
page): no ``<link rel=canonical>``; an ``og:url`` of ``/docs`` (the site, not the page); an
"edit on GitHub" link to the page's Markdown source (not its address); and the site's own
navigation. The address is taken from the first of these that states it:

1. ``<link rel="canonical">``, where a page has one;
2. the navigation: the breadcrumb names the folder the page is in (its last link) and the
   page's title; the page's own entry is then
   - for a page of one version of an integration, the version menu: when the other
     versions' entries live in that folder (``.../mambu`` and ``.../mambu/v1`` beside the
     active "version 2"), the page is ``<folder>/v<version>`` (``integrations/saas/mambu/v2``);
   - else the one link in that folder whose text is the breadcrumb's title (without its
     "(V1)"), as the site's sidebar lists it (``Zendesk Support`` ->
     ``integrations/saas/zendesk``; ``Recharge`` -> ``integrations/saas/recharge/``, the
     folder's ``index``);
3. the address a browser wrote into the saved file (``<!-- saved from url=(N)URL -->``,
   SingleFile's ``url:`` header), or an ``og:url`` that names more than the site;
4. where the navigation names only the folder (destination reference pages, the connection
   property reference, the reserved keywords page: their own entry is not linked), the file
   name is taken when, read as the site's naming (``/`` saved as ``__``), it lies in that
   folder; otherwise the page is not stated, and ``folder`` says what is.

A page that states nothing (a plain-text copy keeps no links) is known by its file name,
read the same way, with ``stated`` False: ``docgen update`` then looks for the page a spec
already records for what the page does state (the integration and version, the connection
property objects' type ids, the destination), and warns when there is none
(``page-address-unstated``). A page fetched by URL that states nothing is known by its URL.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from docgen.readers import BOMS

#: the site's documentation root; paths are recorded relative to it
SITE_ROOT = "/docs/"


@dataclass(frozen=True)
class Address:
    page: str  # site path: "integrations/saas/mambu/v2.html"
    stated: bool  # from the page's content (or the URL it was fetched from), not a file name
    how: str  # what stated it ("navigation", "canonical link", "file name", ...)
    folder: str | None = None  # the folder the page states, when it states no more


_ATTR = re.compile(rb"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TAG = re.compile(rb"<(link|meta)\b([^>]*)>", re.IGNORECASE)
_SAVED_FROM = re.compile(rb"saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)
_SINGLEFILE = re.compile(rb"Page saved with SingleFile\s+url:\s*(\S+)", re.IGNORECASE)
_LINK = re.compile(rb"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_STRONG = re.compile(rb"<strong\b[^>]*>(.*?)</strong>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_TITLE_VERSION = re.compile(r"\s*\((?:v|version\s*)[^()]*\)\s*$", re.IGNORECASE)
_ACTIVE = re.compile(
    rb"""<li\b[^>]*class=["'][^"']*\bactive\b[^"']*["'][^>]*>(.*?)</li>""",
    re.IGNORECASE | re.DOTALL,
)
_MENU_VERSION = re.compile(r"version\s+(\S+)", re.IGNORECASE)
_LINK_REST = re.compile(rb'([^"]*)"[^>]*>([^<]{0,200})</a>')  # after href="<folder>
_NOT_ALNUM = re.compile(rb"[^0-9a-z]+")
_VERSION_SEGMENT = re.compile(r"v[\w.-]+/?")


def page_address(data: bytes, fallback: str, *, fetched: bool = False) -> Address:
    """The page's address (see the module). ``fallback`` is the site path its file name (or
    the URL it was fetched from, with ``fetched``) gives. Reads the bytes (an ASCII-based
    encoding, or UTF-16/32 with a byte-order mark) with a few searches, not a parse:
    about 1 ms for a 1 MB page."""
    data = _ascii_based(data)
    head_end = data.find(b"</head>")
    head = data[: head_end if head_end >= 0 else 262144]
    canonical = _meta(head, b"link", "rel", "canonical", "href")
    if canonical and (path := site_path(canonical)):
        return Address(path, True, "canonical link")
    folder, own = _navigation(data)
    if own and (path := site_path(own)):
        return Address(path, True, "navigation")
    for stated, how in (
        (_first(_SAVED_FROM, data[:8192]), "saved-from URL"),
        (_first(_SINGLEFILE, data[:8192]), "saved-from URL"),
        (_meta(head, b"meta", "property", "og:url", "content"), "og:url"),
    ):
        if stated and (path := site_path(stated)):
            return Address(path, True, how)
    if fetched:
        return Address(fallback, True, "URL")
    if folder is not None:
        if fallback.startswith(folder):
            return Address(fallback, True, "navigation (folder) and file name")
        return Address(fallback, False, "file name", folder)
    return Address(fallback, False, "file name")


def site_path(url: str) -> str | None:
    """``https://www.stitchdata.com/docs/integrations/saas/recharge/`` ->
    ``integrations/saas/recharge/index.html``; None for the site itself (``/docs``)."""
    try:
        path = unquote(urlsplit(url.strip()).path)
    except ValueError:
        return None
    if path.startswith(SITE_ROOT):
        path = path[len(SITE_ROOT) :]
    elif path.rstrip("/") + "/" == SITE_ROOT:
        return None
    path = path.lstrip("/")
    if not path or ".." in path.split("/"):
        return None
    if path.endswith("/"):
        path += "index"
    return path if path.endswith((".html", ".htm")) else path + ".html"


def folder_path(url: str) -> str | None:
    """A folder link of the site as a path prefix: ``/docs/destinations/postgresql/`` ->
    ``destinations/postgresql/``."""
    path = site_path(url.rstrip("/") + "/")
    return path.removesuffix("index.html") if path else None


def _ascii_based(data: bytes) -> bytes:
    """The page's bytes in an encoding where the markup is ASCII (UTF-16/32 re-encoded)."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace").encode("utf-8")
    return data


def _str(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _first(pattern: re.Pattern[bytes], data: bytes) -> str | None:
    m = pattern.search(data)
    return _str(m.group(1)) if m else None


def _attrs(tag: bytes) -> dict[str, str]:
    return {
        _str(m.group(1)).lower(): html.unescape(
            _str(next(g for g in m.groups()[1:] if g is not None))
        )
        for m in _ATTR.finditer(tag)
    }


def _meta(head: bytes, tag: bytes, key: str, value: str, want: str) -> str | None:
    if value.encode("ascii") not in head.lower():
        return None  # one search instead of a regex over every tag of the head
    for m in _TAG.finditer(head):
        if m.group(1).lower() != tag:
            continue
        attrs = _attrs(m.group(2))
        if value in attrs.get(key, "").lower().split() and attrs.get(want):
            return attrs[want]
    return None


def _shown(fragment: bytes) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", _str(fragment))).split())


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", name.casefold())


def _navigation(data: bytes) -> tuple[str | None, str | None]:
    """(the folder the breadcrumb names, the page's own link) from the site's navigation."""
    start = data.find(b'id="breadcrumb-menu"')
    if start < 0:
        return None, None
    end = data.find(b"</div>", start)
    crumbs = _COMMENT.sub(b"", data[start : end if end >= 0 else start + 8192])
    links = [_attrs(m.group(1)).get("href", "") for m in _LINK.finditer(crumbs)]
    links = [h for h in links if h]
    titles = [_shown(m.group(1)) for m in _STRONG.finditer(crumbs)]
    if not links:
        return None, None
    parent = links[-1] if links[-1].endswith("/") else links[-1] + "/"
    folder = folder_path(parent)
    own = _versioned(data, end, parent) or _named(data, parent, titles[-1] if titles else "")
    return folder, own


def _versioned(data: bytes, after: int, parent: str) -> str | None:
    """``<parent>v<version>`` when the version menu's other entries live in ``parent``."""
    start = data.find(b"version-menu", max(after, 0))
    if start < 0:
        return None
    end = data.find(b"</ol>", start)
    menu = _COMMENT.sub(b"", data[start : end if end >= 0 else start + 16384])
    active = _ACTIVE.search(menu)
    version = _MENU_VERSION.search(_shown(active.group(1))) if active else None
    if version is None:
        return None
    base = parent.rstrip("/")
    for m in _LINK.finditer(menu):
        href = _attrs(m.group(1)).get("href", "")
        rest = href[len(parent) :] if href.startswith(parent) else None
        if href.rstrip("/") == base or (rest and _VERSION_SEGMENT.fullmatch(rest)):
            return f"{parent}v{version.group(1).lstrip('vV')}"
    return None


def _named(data: bytes, parent: str, title: str) -> str | None:
    """The one link directly in ``parent`` whose text is the page's title. (The sidebar
    lists a hundred links or more per folder: each is matched with one regex call and
    compared on its bytes where they are plain ASCII.)"""
    want = _key(_TITLE_VERSION.sub("", title))
    if not want:
        return None
    plain_want = want.encode("ascii") if want.isascii() else None
    found: set[str] = set()
    needle = b'href="' + parent.encode("utf-8")
    at = data.find(needle)
    while at >= 0:
        m = _LINK_REST.match(data, at + len(needle))
        if m is not None:
            rest, shown = m.group(1).split(b"#")[0], m.group(2)
            if rest and b"/" not in rest.rstrip(b"/"):
                if plain_want is not None and shown.isascii() and b"&" not in shown:
                    same = _NOT_ALNUM.sub(b"", shown.lower()) == plain_want
                else:
                    same = _key(_shown(shown)) == want
                if same:
                    found.add(html.unescape(parent + _str(rest)))
        at = data.find(needle, at + len(needle))
    return found.pop() if len(found) == 1 else None
