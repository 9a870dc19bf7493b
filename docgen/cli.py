"""The ``docgen`` command line: a thin typer layer over :mod:`docgen.pipeline`.

Heavy modules (readers, emitters, datamodel-code-generator) are imported inside the
commands so that ``docgen --help`` starts fast. Only this module prints and picks exit
codes: 0 done, 1 a finding (stale output, a breaking change, a lint error, a warning under
``--strict``), 2 bad input (one line naming it; nothing written), 3 a bug in docgen (one
line; the traceback with ``--debug``).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

if TYPE_CHECKING:
    from docgen.model.spec import Problem

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Turn Stitch connector documentation into specs/ and generated connector code.\n\n"
    "Exit codes: 0 done; 1 a finding (stale output, breaking change, lint error, warning "
    "under --strict); 2 bad input (nothing written); 3 a bug in docgen (--debug shows the "
    "traceback).",
)

PagesArg = Annotated[
    list[str], typer.Argument(help="Saved pages (HTML or plain-text copy) or http(s) URLs.")
]
SpecsOpt = Annotated[Path, typer.Option("--specs", help="Spec folder (*.yaml).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Generated code folder.")]


def _flag(name: str, help_text: str) -> Any:
    """A boolean option shown as a flag (no ``<bool>`` value in the help)."""
    return typer.Option(name, metavar="", help=help_text)


StrictOpt = Annotated[bool, _flag("--strict", "Exit 1 on any warning.")]
DryRunOpt = Annotated[
    bool, _flag("--dry-run", "Print what would be written or removed; write nothing.")
]

EXIT_BUG = 3
_debug = False

F = TypeVar("F", bound=Callable[..., None])


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _finish(lines: Iterable[str], problems: Sequence[Problem], strict: bool) -> NoReturn:
    """Print a command's lines (stdout) and problems (stderr), exit with their code."""
    from docgen import pipeline

    for line in lines:
        print(line)
    for problem in problems:
        _err(str(problem))
    raise typer.Exit(pipeline.exit_code(problems, strict=strict))


def _guarded(command: str) -> Callable[[F], F]:
    """Turn what a user can type wrong into one line and exit 2, and anything else that
    escapes (a bug) into one line saying so and exit 3; ``--debug`` re-raises."""

    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> None:
            from docgen import interrupts
            from docgen.inputs import InputError
            from docgen.locks import LockTimeout
            from docgen.writes import WriteError

            try:
                with interrupts.handled():
                    fn(*args, **kwargs)
            except interrupts.Interrupted as exc:
                # the write phase rolled back what it had written; workers are ended
                _err(f"docgen {command}: interrupted; nothing half-written")
                raise typer.Exit(exc.exit_code) from None
            except (InputError, WriteError, LockTimeout) as exc:
                _err(f"docgen {command}: {exc}")
                raise typer.Exit(2) from None
            except (typer.Exit, typer.Abort, SystemExit, KeyboardInterrupt):
                raise
            except Exception as exc:  # the one place that reports bugs
                if _debug:
                    raise
                _err(f"docgen {command}: {_bug_line(exc)}")
                raise typer.Exit(EXIT_BUG) from None

        return run  # type: ignore[return-value]

    return wrap


def _waiting(command: str) -> Callable[[str], None]:
    """The one line a run prints when another holds the folder it writes."""
    return lambda line: _err(f"docgen {command}: {line}")


def _bug_line(exc: BaseException) -> str:
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    message = " ".join(str(exc).split())[:200]
    return (
        f"internal error (a bug in docgen, please report it): {type(exc).__name__}: "
        f"{message}{where}; run with --debug for the traceback"
    )


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"docgen {version('docgen')}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", metavar="", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
    debug: Annotated[
        bool, _flag("--debug", "On an internal error, show the Python traceback.")
    ] = False,
) -> None:
    global _debug
    _debug = debug


@app.command()
@_guarded("parse")
def parse(
    pages: PagesArg,
    json_out: Annotated[
        bool,
        _flag(
            "--json",
            "One JSON object per page, one per line: the page's facts (corpus truth shape) "
            'with "problems" (its warnings: severity, code, message, location), or '
            '{"page": INPUT, "error": PROBLEM} for a page that could not be read.',
        ),
    ] = False,
    strict: StrictOpt = False,
) -> None:
    """Read pages and print what they state. Warnings and errors go to stderr.

    Exit codes: 0 read, 1 warnings under --strict, 2 a page could not be read.

    \b
    Example:
      docgen parse ../shared/corpus/pages/integrations__saas__zoom.html --json
    """
    from docgen import pipeline

    result = pipeline.parse_pages(pages)
    _finish(pipeline.render_parse(result, as_json=json_out), result.problems, strict)


@app.command()
@_guarded("update")
def update(
    pages: PagesArg,
    specs: SpecsOpt = Path("specs"),
    strict: StrictOpt = False,
    prune: Annotated[
        bool,
        _flag(
            "--prune",
            "Remove specs that no page of this run states, when every page they were read "
            "from is among the inputs (others are kept, with a note).",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    force: Annotated[
        bool,
        _flag(
            "--force",
            "Let a text copy replace what a spec read from the HTML page states "
            "(accepted values, key icons, nested columns).",
        ),
    ] = False,
) -> None:
    """Parse pages and write or refresh specs/ (one YAML per connector and version).

    Nothing is written when a page or a spec cannot be read.

    Exit codes: 0 done, 1 warnings under --strict, 2 a page, a spec or --specs is bad.

    \b
    Example:
      docgen update --prune --dry-run ../shared/corpus/pages/*.html
    """
    from docgen import pipeline

    result = pipeline.update_specs(
        pages, specs, prune=prune, dry_run=dry_run, force=force, on_wait=_waiting("update")
    )
    _finish(result.changes, result.problems, strict)


@app.command()
@_guarded("build")
def build(
    specs: SpecsOpt = Path("specs"),
    out: OutOpt = Path("generated"),
    check: Annotated[
        bool, _flag("--check", "Write nothing; list the stale files; exit 1 if any.")
    ] = False,
    dry_run: DryRunOpt = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", metavar="", help="One line per file written.")
    ] = False,
) -> None:
    """Read specs/ and write generated/ (only files whose content changed).

    Prints one summary line (written, unchanged, removed, seconds). A package is removed
    only when its spec is gone from a spec folder that holds the others.

    Exit codes: 0 done, 1 generated/ is stale (--check), 2 a spec or a folder is bad.

    \b
    Example:
      docgen build --check
    """
    from docgen import pipeline

    result = pipeline.build(
        specs,
        out,
        check=check,
        dry_run=dry_run,
        progress=not (check or dry_run),
        on_wait=_waiting("build"),
    )
    if result.problems:
        for problem in result.problems:
            _err(str(problem))
        _err(f"docgen build: nothing written: {len(result.problems)} spec problem(s)")
        raise typer.Exit(2)
    if verbose or check or dry_run:
        for line in result.changes:
            print(line)
    print(result.summary(dry_run=check or dry_run))
    if check and result.changes:
        _err(f"generated/ is stale: {len(result.changes)} file(s) would change; run `docgen build`")
        raise typer.Exit(1)


@app.command()
@_guarded("diff")
def diff(
    old: Annotated[str, typer.Argument(help="Spec file, spec folder, or git revision.")],
    new: Annotated[str, typer.Argument(help="Spec file or folder.")] = "specs",
    json_out: Annotated[
        bool,
        _flag(
            "--json",
            'One JSON document on stdout: {"breaking", "non_breaking", "changes"}, or '
            '{"error": MESSAGE} on bad input.',
        ),
    ] = False,
) -> None:
    """Semantic changelog between two spec sets (files, folders or a git revision).

    A spec file against a folder or revision compares that connector only.

    Exit codes: 0 no breaking change, 1 a change is breaking for users of the generated
    code, 2 bad input.

    \b
    Example:
      docgen diff HEAD specs
    """
    from docgen.tools import diff as diff_mod

    try:
        changes = diff_mod.diff_args(old, new)
    except diff_mod.InputError as exc:
        if json_out:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        _err(f"docgen diff: {exc}")
        raise typer.Exit(2) from None
    print(diff_mod.render_json(changes) if json_out else "\n".join(diff_mod.render_text(changes)))
    raise typer.Exit(1 if any(c.breaking for c in changes) else 0)


@app.command()
@_guarded("lint")
def lint(
    pages: Annotated[
        list[str] | None, typer.Argument(help="Pages to lint; default: the specs.")
    ] = None,
    specs: SpecsOpt = Path("specs"),
    json_out: Annotated[
        bool,
        _flag(
            "--json",
            'One JSON document on stdout: {"findings": [PROBLEM...], "errors": '
            "[PROBLEM...]} (errors: inputs that could not be read).",
        ),
    ] = False,
    select: Annotated[
        str | None,
        typer.Option("--select", metavar="CODE,...", help="Report only these finding codes."),
    ] = None,
    ignore: Annotated[
        str | None,
        typer.Option("--ignore", metavar="CODE,...", help="Do not report these finding codes."),
    ] = None,
) -> None:
    """Report contradictions inside the docs themselves.

    Exit codes: 0 warnings only, 1 a finding is an error (a contradiction that makes
    generated code wrong), 2 an input cannot be read or a code is unknown.

    \b
    Example:
      docgen lint --ignore key-icon-mismatch,fk-unknown-table
    """
    from docgen.pipeline import problem_json
    from docgen.tools import lint as lint_mod

    result = lint_mod.run(pages or [], specs, select=_codes(select), ignore=_codes(ignore))
    if json_out:
        doc = {
            "findings": [problem_json(p) for p in result.findings],
            "errors": [problem_json(p) for p in result.errors],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    elif not result.bad_input:
        for line in lint_mod.render_text(result.findings):
            print(line)
    for p in result.errors:
        _err(f"docgen lint: {p.message}" if p.code == "bad-input" else str(p))
    if result.errors:
        raise typer.Exit(2)
    raise typer.Exit(1 if any(p.severity == "error" for p in result.findings) else 0)


def _codes(text: str | None) -> set[str] | None:
    if text is None:
        return None
    return {c.strip() for c in text.split(",") if c.strip()}


@app.command()
@_guarded("land")
def land(
    connector: Annotated[
        str | None, typer.Argument(help="Connector spec name or display name.")
    ] = None,
    destination: Annotated[
        str | None, typer.Option("--destination", help="Destination spec name or display name.")
    ] = None,
    specs: SpecsOpt = Path("specs"),
    json_out: Annotated[bool, _flag("--json", "Machine-readable output.")] = False,
    all_: Annotated[bool, _flag("--all", "One row per connector.")] = False,
    column: Annotated[
        str | None, typer.Option("--column", help="Print the name a column NAME lands as.")
    ] = None,
    table: Annotated[
        str | None, typer.Option("--table", help="Print the name a table NAME lands as.")
    ] = None,
    list_destinations: Annotated[
        bool, _flag("--list-destinations", "Destination specs: name and page.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="text (default) or dbt.")] = "text",
) -> None:
    """How a connector's tables land in a destination, predicted from the docs.

    Exit codes: 0 nothing breaks, 1 a name, column count, collision or reserved keyword
    breaks a destination rule, 2 bad input.

    \b
    Example:
      docgen land autopilot --destination postgresql
      docgen land --column "customer#id" --destination postgresql
    """
    from docgen.tools import land as land_mod

    run = land_mod.run(
        specs,
        connector=connector,
        destination=destination,
        all_=all_,
        column=column,
        table=table,
        list_destinations=list_destinations,
        fmt=fmt,
        as_json=json_out,
    )
    for problem in run.problems:
        _err(str(problem))
    if run.error is not None:
        _err(f"docgen land: {run.error}")
        raise typer.Exit(2)
    if run.destinations is not None:
        for d in run.destinations:
            print(f"{d.name}\t{d.sources[0].page if d.sources else ''}")
        raise typer.Exit(0)
    if run.name is not None:
        print(run.name)
        raise typer.Exit(0)
    assert run.dest is not None
    dest = run.dest
    if fmt == "dbt":
        from docgen.tools.dbt import sources_yml

        print(sources_yml(run.pairs, dest), end="")
    elif all_:
        rows = [land_mod.summary_row(c, landing, dest) for c, landing in run.pairs]
        if json_out:
            data = {"destination": dest.name, "connectors": [r.to_json() for r in rows]}
            print(json.dumps(data, ensure_ascii=False))
        else:
            print("\n".join(land_mod.render_all(rows, dest)))
    else:
        ((_, landing),) = run.pairs
        if json_out:
            print(json.dumps(landing.to_json(), ensure_ascii=False))
            for note in landing.notes:  # the text output lists them after the violations
                _err(f"note: {note}")
        else:
            print("\n".join(land_mod.render_text(landing, dest)))
    raise typer.Exit(1 if run.broken else 0)


@app.command(
    help=(
        "Compare what the docs state (a spec) with the tap they describe.\n\n"
        'Streams match docs tables by name, case-insensitive, with "-" and spaces read '
        'as "_".\n\n'
        "Key properties, valid replication keys and the forced replication method are "
        "compared only where the tap states them (catalog metadata; schema files state "
        "none).\n\n"
        "Columns are compared as dotted paths through object properties and array items, "
        "with anyOf/oneOf branches merged.\n\n"
        "Types are compared as sets of non-null JSON types, where a string with format "
        "date-time, date or time counts as its own type and singer.decimal as a decimal: "
        "same; compatible (they differ only by integer vs number, or a decimal vs number or "
        "string); format-only (they differ only by a date/time format on one side); "
        "different otherwise.\n\n"
        "Exit codes: 0 docs and tap agree on everything compared, 1 they differ, 2 an input "
        "cannot be read.\n\n"
        "\b\nExample:\n  docgen drift stripe tap-stripe-3.3.0.tar.gz --json"
    )
)
@_guarded("drift")
def drift(
    connector: Annotated[str, typer.Argument(help="Spec name (in --specs) or spec file.")],
    tap: Annotated[
        Path,
        typer.Argument(
            help="A Singer catalog (--discover output), a schemas/ folder, or a tap's sdist "
            "(.tar.gz) or wheel (.whl/.zip)."
        ),
    ],
    specs: SpecsOpt = Path("specs"),
    json_out: Annotated[bool, _flag("--json", "One JSON object: summary, findings.")] = False,
) -> None:
    from docgen.tools import drift as drift_mod

    try:
        report = drift_mod.drift(connector, tap, specs)
    except drift_mod.DriftInputError as exc:
        for line in exc.lines:
            _err(f"docgen drift: {line}")
        raise typer.Exit(2) from None
    if json_out:
        print(drift_mod.render_json(report))
    else:
        for line in drift_mod.render_text(report):
            print(line)
    raise typer.Exit(0 if report.agree else 1)
