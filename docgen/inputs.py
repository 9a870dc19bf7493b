"""Paths the user typed: checked before anything is read or written.

A wrong path is the most common mistake (a letter missing, a file where a folder belongs),
and the one that costs most when it is not caught: a build from an empty or missing spec
folder would remove every package it made before. Each check raises :class:`InputError`
with one line naming the path and what was expected; the CLI prints it and exits 2.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from docgen.model.spec import InputError
from docgen.model.specio import SPEC_GLOB
from docgen.model.words import did_you_mean

__all__ = ["InputError", "page_read_reason", "writable_folder"]


def writable_folder(path: Path, option: str, what: str) -> None:
    """A folder docgen may create or write into: it must not be an existing file (or sit
    under one)."""
    for part in (path, *path.parents):
        if part.is_symlink() and not part.exists():
            where = "is" if part == path else f"is inside {part}, which is"
            raise InputError(
                f"{option} {path}: {where} a link to {os.readlink(part)}, which does not "
                f"exist; expected a folder for {what}"
            )
        if part.exists() and not part.is_dir():
            where = "is a file" if part == path else f"is inside {part}, which is a file"
            raise InputError(f"{option} {path}: {where}; expected a folder for {what}")


def page_read_reason(source: str, exc: OSError) -> str:
    """Why a page argument cannot be read and what was expected, in a few words."""
    expected = "expected a page (saved HTML or text copy) or an http(s) URL"
    if isinstance(exc, IsADirectoryError) or Path(source).is_dir():
        if any(Path(source).glob(SPEC_GLOB)):  # `docgen lint specs`: a spec folder
            return f"is a folder; {expected} (it holds specs: pass it as --specs {source})"
        return f"is a folder; {expected} (pass the pages inside it: {source}/*.html)"
    scheme, sep, _ = source.partition("://")
    if sep and scheme.isalpha() and not Path(source).exists():
        return f"only http(s) URLs are fetched, not {scheme}://; {expected}"
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return f"no such file{did_you_mean(Path(source))}; {expected}"
    if isinstance(exc, PermissionError):
        return f"permission denied; {expected} that you can read"
    return f"cannot read it ({exc.strerror or exc}); {expected}"
