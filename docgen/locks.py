"""One writer per folder: the lock ``update`` takes on specs/ and ``build`` on its output.

Property: two runs never write the same folder at once, and a read-modify-write never
rewrites a file from a stale read. A run takes the folder's lock before it reads what it
will merge or compare (the specs ``update`` merges into, the manifest and stamp ``build``
skips unchanged connectors by) and holds it until its last write, so a second run reads
what the first one wrote: two updates both keep their edits, and the second of two builds
finds the first's manifest and has nothing left to do.

The lock is ``<folder>/.docgen-lock``, holding the holder's pid and command, and locked with
``flock``: the kernel releases it when its holder ends in any way, so a lock left by a
process that died (SIGKILL, a crash) is simply taken over, and a reused pid can never keep
a folder locked. The file is removed when the lock is released. A second run waits, with
one line saying which process holds the folder, at most ``DOCGEN_LOCK_WAIT`` seconds
(default 120); then it gives up with exit 2 and writes nothing. (Waiting is friendlier than
refusing at once: ``scripts/regenerate`` and an editor's save hook may well overlap.)
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from docgen.writes import WriteError

LOCK_NAME = ".docgen-lock"
DEFAULT_WAIT = 120.0

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: runs are not locked
    fcntl = None  # type: ignore[assignment]


class LockTimeout(Exception):
    """The folder stayed locked by another run for longer than the wait (exit 2)."""


def wait_limit() -> float:
    """Seconds to wait for a folder another run holds: ``DOCGEN_LOCK_WAIT`` or 120."""
    raw = os.environ.get("DOCGEN_LOCK_WAIT", "")
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_WAIT
    return value if value >= 0 else DEFAULT_WAIT


def _holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    pid, _, command = text.partition(" ")
    if pid.isdigit():
        return f"pid {pid}" + (f" ({command})" if command else "")
    return "another docgen run"


@contextmanager
def folder_lock(
    folder: Path,
    command: str,
    *,
    on_wait: Callable[[str], None] | None = None,
    create: bool = True,
    required: bool = True,
) -> Iterator[None]:
    """Hold ``folder``'s lock inside the block (see the module). The folder is created
    if needed (``create``), and removed again afterwards if the run left it empty.
    Raises :class:`WriteError` when the folder or its lock file cannot be made,
    :class:`LockTimeout` after waiting :func:`wait_limit` seconds.
    Without ``required``, a folder whose lock file cannot be made (a folder this user cannot
    write) is not locked: the run cannot write there either, so it cannot overwrite what
    another run wrote; it reads, and fails on its first write with the path named."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    limit = wait_limit()
    made = False
    if create and not folder.is_dir():
        try:
            folder.mkdir(parents=True)
            made = True
        except FileExistsError:
            pass
        except OSError as exc:
            raise WriteError(exc.filename or folder, exc, "cannot create") from None
    path = folder / LOCK_NAME
    try:
        fd = _acquire(path, command, on_wait, limit)
    except WriteError:
        if required:
            raise
        yield
        return
    try:
        yield
    finally:
        with suppress(OSError):
            path.unlink()
        os.close(fd)
        if made:
            with suppress(OSError):
                folder.rmdir()  # only if the run left it empty


def _acquire(path: Path, command: str, on_wait: Callable[[str], None] | None, limit: float) -> int:
    assert fcntl is not None
    deadline = time.monotonic() + limit
    told = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise WriteError(path.parent, exc) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = _holder(path)
            if time.monotonic() >= deadline:
                raise LockTimeout(
                    f"{path.parent} is still locked by {holder} after {limit:g} s; nothing "
                    "was written (DOCGEN_LOCK_WAIT sets how long to wait)"
                ) from None
            if not told and on_wait is not None:
                on_wait(f"waiting for {path.parent}: locked by {holder} (up to {limit:g} s)")
                told = True
            time.sleep(0.05)
            continue
        except BaseException:
            os.close(fd)
            raise
        # the holder before us removes the file when it lets go: a lock on that removed
        # file locks nothing any more, so lock the file that is there now
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            continue
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {command}\n".encode())
        return fd
