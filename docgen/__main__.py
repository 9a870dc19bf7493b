"""``docgen`` (the console script) and ``python -m docgen``: the CLI, with SIGINT and
SIGTERM handled from the first moment docgen's code runs.

The handlers are installed before the CLI's modules are imported (typer alone takes most
of start-up), and stay until the process ends: a signal while docgen starts is the same
one line and exit code as one while it works (:mod:`docgen.interrupts`), and one that
arrives after the command finished no longer changes its exit code. Only the interpreter's
own start (before this module runs) is left to Python's defaults.
"""

from __future__ import annotations

import signal
import sys


def main() -> None:
    from docgen import interrupts

    code: int | str | None
    interrupts.install()
    try:
        from docgen.cli import app

        app(prog_name="docgen")
        code = 0
    except SystemExit as exc:
        code = exc.code
    except interrupts.Interrupted as exc:  # outside a command (while starting)
        words = [a for a in sys.argv[1:] if not a.startswith("-")][:1]
        name = " ".join(["docgen", *words])
        print(f"{name}: interrupted; nothing half-written", file=sys.stderr)
        code = exc.exit_code
    finally:
        for s in interrupts.SIGNALS:  # the run is over: a late signal changes nothing
            signal.signal(s, signal.SIG_IGN)
    sys.exit(code)


if __name__ == "__main__":
    main()
