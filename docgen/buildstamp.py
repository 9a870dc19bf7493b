"""The generator stamp, ``generated/.docgen-generator``: what a no-change build trusts.

A build must notice any file of ``generated/`` that differs from what it would write (a
hand edit, a checkout of another branch, a package restored from a backup), yet a build
that reads and hashes every file (about 20 MB) cannot be as cheap as a build with nothing
to do should be. The stamp lets a build skip reading what cannot have changed:

* its text is the fingerprint of the generator (:func:`docgen.pipeline.generator_fingerprint`)
  per spec folder that built packages there (folders are keyed as the manifest keys them,
  relative to the output folder), the folder the last writing build was of, and the hash
  of the manifest that build wrote (so a build knows the manifest's index rows are its own
  and the top-level README made from them is current). The text depends only on what was
  generated: two builds of the same specs leave the same bytes;
* its modification time is the file system's clock *at the start* of the last build that
  wrote ``generated/`` (:func:`clock`, read before that build read anything there), set
  when that build finished. It vouches only to a build of the same spec folder: a build
  of another folder into the same output leaves that folder's packages unread.

**Property.** A file whose status last changed (``st_ctime``: any write, rename, link, or
mode change sets it, and no user call can set it back) strictly before the last writing
build started holds what that build left in it, and that build left every file as the
manifest records it (it compared or wrote each one). Such a file is not read again. Any
other file is read and hashed as before. A file in a package folder is trusted only when
the folder's own status and entries did not change since then either (a folder renamed
into place, or a file renamed into it, on a file system that does not stamp a renamed
file's ``st_ctime``).

What the stamp cannot be fooled by: a file or folder copied, extracted or checked out after
the build (new ``st_ctime``), a stamp copied without its times (``cp -r``: modification time
equals change time, so it vouches for nothing), an interrupted build (the time is set only
when a build finishes; until then the previous build's time stands). What it trusts: the
file system's clock never stepping back, and nobody setting the stamp's own time by hand
(``touch -d``), which is tampering with a build record.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: the stamp's file name inside the output folder (git-ignored)
NAME = ".docgen-generator"


@dataclass(frozen=True)
class Stamp:
    generators: dict[str, str]  # spec folder key -> fingerprint of the generator it used
    folder: str | None  # the spec folder key of the build that set the stamp's time
    manifest: str | None  # sha256 of the manifest the stamping build wrote (it records the
    # top-level files that build made beside the packages, the index)
    since: int | None  # ns: files whose status changed before this are as that build left them


def read(out_dir: Path) -> Stamp | None:
    """The stamp of ``out_dir``, or None when there is none (a fresh clone)."""
    path = out_dir / NAME
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            lines = fh.read().decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    generators: dict[str, str] = {}
    folder: str | None = None
    manifest: str | None = None
    for line in lines:
        word, _, rest = line.partition(" ")
        if word == "generator":
            fingerprint, _, key = rest.partition(" ")
            generators[key] = fingerprint
        elif word == "folder":
            folder = rest
        elif word == "manifest":
            manifest = rest
    if not generators:  # not a stamp this docgen wrote: it vouches for nothing
        return None
    # set by a build: its start, before the write that set it; equal times mean the stamp
    # was written or copied without a build setting them (vouches for nothing)
    since = info.st_mtime_ns if info.st_mtime_ns < info.st_ctime_ns else None
    return Stamp(generators, folder, manifest, since)


def text(generators: dict[str, str], folder: str, manifest_sha: str) -> bytes:
    """The stamp's text: the same for the same generator and output (no time in it)."""
    lines = [f"generator {fp} {key}" for key, fp in sorted(generators.items())]
    lines += [f"folder {folder}", f"manifest {manifest_sha}"]
    return ("\n".join(lines) + "\n").encode()


def clock(out_dir: Path) -> int | None:
    """The file system's own clock now: ``st_ctime`` of a file created and removed in
    ``out_dir`` (the clock that stamps the files there, wherever the folder is mounted);
    None when no file can be created there (a read-only folder: nothing is stamped)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".docgen-clock-", dir=out_dir)
    except OSError:
        return None
    try:
        return os.fstat(fd).st_ctime_ns
    finally:
        os.close(fd)
        os.unlink(name)


def set_since(out_dir: Path, since: int | None) -> None:
    """Record ``since`` (a :func:`clock` reading from the start of this build) as the
    stamp's modification time. Without one, or when the time cannot be set, the stamp is
    removed: a stamp written now would vouch from its own writing, after this build read
    the files (the next build then renders everything, which is always right)."""
    path = out_dir / NAME
    try:
        if since is None:
            raise OSError("no clock reading")
        os.utime(path, ns=(since, since))
    except OSError:
        path.unlink(missing_ok=True)


class Trust:
    """Answers "is this file as the last writing build left it?" from its status alone."""

    def __init__(self, out_dir: Path, since: int | None):
        self.root = os.fspath(out_dir) + os.sep
        self.since = since
        self._folders: dict[str, bool] = {}

    def unchanged(self, rel: str) -> bool:
        """``rel`` (a path inside the output folder, ``/``-separated) has not changed
        since the stamp's time, nor has the folder holding it (below the output folder)."""
        since = self.since
        if since is None:
            return False
        folder = rel.rpartition("/")[0]
        if folder:
            ok = self._folders.get(folder)
            if ok is None:
                ok = self._folders[folder] = _before(self.root + folder, since, folder=True)
            if not ok:
                return False
        return _before(self.root + rel, since, folder=False)


def _before(path: str, since: int, *, folder: bool) -> bool:
    try:
        info = os.stat(path)
    except OSError:
        return False
    if info.st_ctime_ns >= since:
        return False
    return not folder or info.st_mtime_ns < since
