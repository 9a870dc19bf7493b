"""SIGINT and SIGTERM as an exception, so a run that is stopped unwinds like any failure.

Property: a run stopped by Ctrl-C (SIGINT) or ``kill`` (SIGTERM) leaves nothing half-written
and no process behind. The CLI installs :func:`handled` around every command: the signal
becomes :class:`Interrupted`, which unwinds through the code that was running. The write
phase (:mod:`docgen.writes`) rolls back what it had written when it sees it (temporary
files removed, files already renamed into place put back, so output and build manifest
agree); the worker pool (:mod:`docgen.parallel`) terminates its workers. The CLI then prints
one line ("interrupted; nothing half-written") and exits 128 + the signal's number (130 for
SIGINT, 143 for SIGTERM), as shells report a process a signal stopped.

Short sections that must not be cut (a rollback itself) run under :func:`deferred`: a signal
that arrives meanwhile is held and raised when the section ends.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)

_held: list[int] = []  # signals that arrived inside deferred()
_depth = 0  # how many deferred() sections are open
#: the first signal of the run, kept even after it was raised: an exception raised where
#: Python swallows it (a finaliser, a weakref callback: "Exception ignored in ...") must
#: still stop the run at the next :func:`check`
_received: list[int] = []
#: the process the handlers were installed in (a forked child inherits them until reset)
_owner = [os.getpid()]


class Interrupted(BaseException):
    """The run was stopped by a signal. A BaseException, like KeyboardInterrupt, so that
    no ``except Exception`` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _raise(signum: int, _frame: FrameType | None) -> None:
    if os.getpid() != _owner[0]:
        # a forked worker before its initializer reset the handlers (it may even have been
        # forked inside deferred()): what a worker does with a signal, not what its
        # parent does, or the parent's terminate() would be held and lost
        _as_worker(signum)
        return
    if not _received:
        _received.append(signum)
    if _depth:
        _held.append(signum)
        return
    raise Interrupted(signum)


def check() -> None:
    """Raise :class:`Interrupted` if a signal arrived in this run (even one whose exception
    was swallowed where it landed). Called before anything is written."""
    if _received and not _depth:
        raise Interrupted(_received[0])


def _as_worker(signum: int) -> None:
    if signum == signal.SIGTERM:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)  # ends it, as the default action does


def install() -> None:
    """SIGINT and SIGTERM raise :class:`Interrupted` from now on (the console script's
    first step, before the CLI's modules are imported)."""
    _owner[0] = os.getpid()
    _received.clear()
    _held.clear()
    for s in SIGNALS:
        signal.signal(s, _raise)


@contextmanager
def handled() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`Interrupted` inside the block (main thread only;
    elsewhere the block runs as it is). The previous handlers come back afterwards. A
    signal that arrived before the block, and whose exception was swallowed, stops it at
    once; one swallowed inside stops it at its end."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    check()
    _owner[0] = os.getpid()
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    for s in SIGNALS:
        signal.signal(s, _raise)
    try:
        yield
        check()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _received.clear()
        _held.clear()


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends, then raise the first one held."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if not _depth and _held:
            signum = _held[0]
            _held.clear()
            raise Interrupted(signum)


def reset_in_child() -> None:
    """In a forked worker: back to the default actions (SIGTERM ends it quietly) and
    Ctrl-C left to the parent, which ends its workers itself."""
    global _depth
    _depth = 0
    _held.clear()
    _received.clear()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
