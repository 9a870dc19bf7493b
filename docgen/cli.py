"""The ``docgen`` command line: a thin typer layer over :mod:`docgen.pipeline`.

Heavy modules (readers, emitters, datamodel-code-generator) are imported inside the
commands so that ``docgen --help`` starts fast. Only this module prints and picks exit
codes: 0 done, 1 a finding (stale output, a breaking change, a lint error, a warning under
``--strict``), 2 bad input (one line naming it; nothing written), 3 a bug in docgen (one
line; the traceback with ``--debug``).
"""

from __future__ import annotations

import errno
import functools
import json
import os
import signal
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, NoReturn, TypeVar

import typer
from typer import _click as click  # the click typer runs on (typer vendors its own copy)
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:
    from docgen.model.spec import Problem

EXIT_BUG = 3
_debug = False

F = TypeVar("F", bound=Callable[..., None])
C = TypeVar("C", bound=Callable[..., Any])
T = TypeVar("T")


# --------------------------------------------------------------------------- output


def _err(line: str) -> None:
    """One line on stderr (nowhere when stderr is closed: never onto stdout)."""
    if sys.stderr is not None:
        print(line, file=sys.stderr)


def _std_fds_open() -> None:
    """Put /dev/null on a standard descriptor the caller closed (``docgen build 2>&-``):
    else the first file docgen opens would get that number, and what is written to
    stderr or stdout (by docgen, libxml2, a formatter it runs) would land in that file."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)


def _pipe_closed() -> NoReturn:
    """stdout or stderr is a pipe nobody reads any more (``docgen lint | head``): output
    ends quietly and docgen ends as any Unix tool ends there, by SIGPIPE (the shell shows
    141), after what was running has cleaned up on the way here."""
    null = os.open(os.devnull, os.O_WRONLY)
    real = True
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(null, stream.fileno())  # nothing left to flush into the closed pipe
        except (AttributeError, OSError, ValueError):  # no descriptor (a test's capture)
            real = False
    if real and hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    raise SystemExit(128 + getattr(signal, "SIGPIPE", 13))


def _quiet_on_closed_pipe(run: Callable[[], T]) -> T:
    """``run()``, its output flushed; a closed pipe ends the run as :func:`_pipe_closed`."""
    try:
        try:
            return run()
        finally:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
    except BrokenPipeError:
        _pipe_closed()
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        _pipe_closed()


# --------------------------------------------------------------------------- every command


_DEBUG_HELP = "On an internal error, show the Python traceback."


def _is_argument(param: click.Parameter) -> bool:
    return param.param_type_name == "argument"


def _is_flag(param: click.Parameter) -> bool:
    return not _is_argument(param) and bool(
        getattr(param, "is_flag", False) or getattr(param, "count", False)
    )


def _metavar(param: click.Parameter) -> str | None:
    """What help and usage show for a parameter's value: its metavar, else the choices
    (``[text|dbt]``), else its name in capitals; None for a flag."""
    if _is_flag(param):
        return None
    if param.metavar:
        return param.metavar
    choices = _choices(param)
    if choices:
        return "[" + "|".join(choices) + "]"
    if _is_argument(param):
        return (param.name or "value").upper()
    longest = max(param.opts, key=len, default=param.name or "value")
    return longest.lstrip("-").replace("-", "_").upper()  # --format -> FORMAT


def _choices(param: click.Parameter) -> list[str]:
    """The values a parameter accepts, when they are a fixed set (an Enum or Literal
    annotation)."""
    descriptor = getattr(param, "type_descriptor", None)
    found = getattr(descriptor, "choices", None)
    return [str(getattr(c, "value", c)) for c in found or ()]


def _default_text(param: click.Parameter) -> str | None:
    default = param.default
    if _is_flag(param):
        return None
    if default is None or default == () or default == [] or callable(default):
        return None
    return str(default)


class DocgenCommand(TyperCommand):
    """Every docgen command (:class:`DocgenTyper` makes each one of these), so that each
    new command gets the same conventions without a line of its own:

    * help and usage show real metavars (``PAGE...``, ``--specs DIR``) and the choices
      (``--format [text|dbt]``), never typer's ``{pages}``, ``<list[str]>`` or ``<str>``;
    * ``--debug`` is listed (:class:`DocgenGroup` takes it after the command name too);
    * what a user can get wrong is one line and exit 2, a bug one line and exit 3
      (:func:`_guard`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if not _is_flag(param):
                if not _choices(param):  # choices are shown as such, never as a name
                    param.metavar = _metavar(param)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if _is_argument(param):
                name = _metavar(param) or ""
                name += "..." if param.nargs != 1 else ""
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = _help_record(param, ctx)
            if record is not None:
                if param.name == "help":  # --debug: taken by the group wherever it is
                    opts.append(("--debug", _DEBUG_HELP))
                (args if _is_argument(param) else opts).append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        return _guard(self.name or "", functools.partial(super().invoke, ctx))


def _help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """One row of a command's help: the parameter as typed, and what it is."""
    if getattr(param, "hidden", False):
        return None
    if param.name == "help":
        return param.get_help_record(ctx)
    value = _metavar(param)
    if _is_argument(param):
        name = (value or "") + ("..." if param.nargs != 1 else "")
    else:
        name = ", ".join(sorted(param.opts, key=len))
        name += f" {value}" if value else ""
    help_text = getattr(param, "help", None) or ""
    extra = []
    default = _default_text(param)
    if default is not None and getattr(param, "show_default", True):
        extra.append(f"default: {default}")
    if not _is_argument(param) and param.required:
        extra.append("required")
    if extra:
        help_text += f"  [{'; '.join(extra)}]"
    return name, help_text.strip()


def _guard(command: str, run: Callable[[], T]) -> T:
    """Turn what a user can type wrong into one line and exit 2 (spec problems as
    ``FILE:LINE:COL: message`` lines, as editors read them), an input docgen cannot read
    into one line naming it and the OS error, and anything else that escapes (a bug) into
    one line saying so and exit 3; ``--debug`` re-raises."""
    from docgen import interrupts
    from docgen.locks import LockTimeout
    from docgen.model.spec import InputError
    from docgen.model.specio import SpecErrors
    from docgen.writes import WriteError

    try:
        with interrupts.handled():
            return run()
    except interrupts.Interrupted as exc:
        # the write phase rolled back what it had written; workers are ended
        _err(f"docgen {command}: interrupted; nothing half-written")
        raise typer.Exit(exc.exit_code) from None
    except SpecErrors as exc:
        for problem in exc.problems:
            _err(str(problem))
        raise typer.Exit(2) from None
    except (InputError, WriteError, LockTimeout) as exc:
        _err(f"docgen {command}: {exc}")
        raise typer.Exit(2) from None
    except (typer.Exit, typer.Abort, click.ClickException, SystemExit):
        raise
    except KeyboardInterrupt:
        raise
    except OSError as exc:
        if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
            raise  # a closed pipe: :func:`_quiet_on_closed_pipe`
        if _debug or exc.filename is None:
            if _debug:
                raise
            _err(f"docgen {command}: {_bug_line(exc)}")
            raise typer.Exit(EXIT_BUG) from None
        # the environment, not docgen: a file it was given or needs cannot be opened
        _err(f"docgen {command}: {exc.filename}: {exc.strerror or exc}")
        raise typer.Exit(2) from None
    except Exception as exc:  # the one place that reports bugs
        if _debug:
            raise
        _err(f"docgen {command}: {_bug_line(exc)}")
        raise typer.Exit(EXIT_BUG) from None


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


class DocgenGroup(TyperGroup):
    """The ``docgen`` group: a usage mistake (an unknown option, a missing argument, a
    value not among the choices) is one line naming the command and how to see its help;
    a closed pipe ends output quietly (:func:`_pipe_closed`), for every command and for
    help itself."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``--debug`` anywhere before ``--`` (``docgen build --debug`` as well as
        ``docgen --debug build``), for every command: the messages tell users to run with
        it, and they type it after the command."""
        global _debug
        cut = args.index("--") if "--" in args else len(args)
        if "--debug" in args[:cut]:
            _debug = True
            args = [a for a in args[:cut] if a != "--debug"] + args[cut:]
        return super().parse_args(ctx, args)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        make = functools.partial(super().make_context, info_name, args, parent, **extra)
        return _quiet_on_closed_pipe(make)

    def invoke(self, ctx: click.Context) -> Any:
        return _quiet_on_closed_pipe(functools.partial(super().invoke, ctx))

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:
            _quiet_on_closed_pipe(exc.show)
            code = exc.exit_code
        except click.ClickException as exc:
            _quiet_on_closed_pipe(functools.partial(_err, _usage_line(exc)))
            code = exc.exit_code
        except typer.Abort:
            _err("docgen: aborted")
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def _usage_line(exc: click.ClickException) -> str:
    """A usage mistake in one line: ``docgen land: invalid value ... (docgen land -h)``."""
    ctx = getattr(exc, "ctx", None)
    where = "docgen" if ctx is None or ctx.parent is None else f"docgen {ctx.info_name}"
    message = " ".join(exc.format_message().split()).rstrip(".")
    hint = f" (see `{where} -h`)" if isinstance(exc, UsageError) else ""
    return f"{where}: {message[:1].lower()}{message[1:]}{hint}"


class DocgenTyper(typer.Typer):
    """``typer.Typer`` whose commands are :class:`DocgenCommand` unless one names another
    class, and whose entry point first makes sure the standard descriptors are open."""

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[C], C]:
        kwargs.setdefault("cls", DocgenCommand)
        decorate: Callable[[C], C] = super().command(name, **kwargs)
        return decorate

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        _std_fds_open()
        return super().__call__(*args, **kwargs)


app = DocgenTyper(
    name="docgen",  # the program name in usage lines however it is run (tests too)
    cls=DocgenGroup,
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
    list[str],
    typer.Argument(metavar="PAGE", help="Saved pages (HTML or plain-text copy) or http(s) URLs."),
]
SpecsOpt = Annotated[Path, typer.Option("--specs", metavar="DIR", help="Spec folder (*.yaml).")]
OutOpt = Annotated[Path, typer.Option("--out", metavar="DIR", help="Generated code folder.")]
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        min=0.1,
        help="For URLs: seconds to wait for each attempt to connect and answer (a page is "
        "tried up to 4 times; each retry is said on stderr).",
    ),
]


def _flag(name: str, help_text: str) -> Any:
    """A boolean option shown as a flag (no ``<bool>`` value in the help)."""
    return typer.Option(name, metavar="", help=help_text)


StrictOpt = Annotated[bool, _flag("--strict", "Exit 1 on any warning.")]
DryRunOpt = Annotated[
    bool, _flag("--dry-run", "Print what would be written or removed; write nothing.")
]


def _finish(
    lines: Iterable[str], problems: Sequence[Problem], strict: bool, last: str | None = None
) -> NoReturn:
    """Print a command's lines (stdout) and problems (stderr), then its summary line
    (``last``, stdout: the last line a terminal shows), and exit with their code."""
    from docgen import pipeline

    for line in lines:
        print(line)
    sys.stdout.flush()  # before the problems, so a terminal shows them in this order
    for problem in problems:
        _err(str(problem))
    if last is not None:
        if sys.stderr is not None:
            sys.stderr.flush()
        print(last)
    raise typer.Exit(pipeline.exit_code(problems, strict=strict))


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
    debug: Annotated[bool, _flag("--debug", _DEBUG_HELP)] = False,
) -> None:
    global _debug
    _debug = debug or _debug


@app.command()
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
    timeout: TimeoutOpt = 20.0,
) -> None:
    """Read pages and print what they state. Warnings and errors go to stderr.

    Exit codes: 0 read, 1 warnings under --strict, 2 a page could not be read.

    \b
    Example:
      docgen parse ../shared/corpus/pages/integrations__saas__zoom.html --json
    """
    from docgen import pipeline

    result = pipeline.parse_pages(pages, fetching=_fetching("parse", timeout))
    _finish(pipeline.render_parse(result, as_json=json_out), result.problems, strict)


@app.command()
def update(
    pages: PagesArg,
    specs: Annotated[
        Path | None,
        typer.Option(
            "--specs",
            metavar="DIR",
            help="Spec folder (*.yaml); created when named here and missing (its parent must "
            "exist). Default: specs, which must exist.",
        ),
    ] = None,
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
            "(accepted values, key icons, nested columns), and a spec that does not load be "
            "replaced by what the pages state.",
        ),
    ] = False,
    timeout: TimeoutOpt = 20.0,
) -> None:
    """Parse pages and write or refresh specs/ (one YAML per connector and version).

    Nothing is written when a page or a spec cannot be read. Ends with one line: N specs
    changed, N unchanged, N warnings.

    Exit codes: 0 done, 1 warnings under --strict, 2 a page, a spec or --specs is bad.

    \b
    Example:
      docgen update --prune --dry-run ../shared/corpus/pages/*.html
    """
    from docgen import pipeline

    result = pipeline.update_specs(
        pages,
        specs or Path("specs"),
        prune=prune,
        dry_run=dry_run,
        force=force,
        create=specs is not None,  # never a spec folder that was not asked for
        fetching=_fetching("update", timeout),
        on_wait=_waiting("update"),
    )
    _finish(result.changes, result.problems, strict, last=result.summary())


@app.command()
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

    Exit codes: 0 done, 1 the output folder is stale (--check), 2 a spec or a folder is bad.

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
        from docgen.model.specio import SpecErrors

        raise SpecErrors(result.problems)  # one FILE:LINE:COL line each; nothing written
    if verbose or check or dry_run:
        for line in result.changes:
            print(line)
    done = "replaced; your version is kept" if not (check or dry_run) else "would be kept"
    for rel, copy in result.edited:
        _err(
            f"note: {out / rel} was edited by hand since docgen wrote it: {done} as "
            f"{out / copy} (generated/ is rewritten from specs/; change the spec or the "
            "templates instead)"
        )
    for rel, copy in result.strangers:
        _err(
            f"note: {out / rel} is not a file docgen wrote (its build manifest does not "
            f"record it) and a package goes there now: {done} as {out / copy}"
        )
    print(result.summary(dry_run=check or dry_run))
    if check and result.changes:
        import shlex

        from docgen.model.words import plural

        stale = plural(len(result.changes), "file")
        again = "docgen build"  # with the folders this check was given
        if specs != Path("specs"):
            again += f" --specs {shlex.quote(str(specs))}"
        if out != Path("generated"):
            again += f" --out {shlex.quote(str(out))}"
        _err(f"{out}/ is stale: {stale} would change; run `{again}`")
        raise typer.Exit(1)


@app.command()
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
    from docgen.model.specio import SpecErrors
    from docgen.tools import diff as diff_mod

    try:
        changes = diff_mod.diff_args(old, new)
    except SpecErrors as exc:
        if json_out:
            from docgen.pipeline import problem_json

            first = str(exc.problems[0])
            errors = [problem_json(p) for p in exc.problems]
            print(json.dumps({"error": first, "errors": errors}, ensure_ascii=False))
        raise
    except diff_mod.InputError as exc:
        if json_out:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        raise
    print(diff_mod.render_json(changes) if json_out else "\n".join(diff_mod.render_text(changes)))
    raise typer.Exit(1 if any(c.breaking for c in changes) else 0)


@app.command()
def lint(
    pages: Annotated[
        list[str] | None,
        typer.Argument(metavar="PAGE", help="Pages or URLs to lint; default: the specs."),
    ] = None,
    specs: SpecsOpt = Path("specs"),
    json_out: Annotated[
        bool,
        _flag(
            "--json",
            'One JSON document on stdout: {"findings": [PROBLEM...], "errors": '
            "[PROBLEM...]} (errors: inputs that could not be read); with --baseline also "
            '"new": [PROBLEM...] and "fixed": [ENTRY...].',
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
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            help="Findings listed in FILE are known: only the others count for the exit code "
            "(shown first); entries no longer found are named so the baseline can shrink.",
        ),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option(
            "--write-baseline",
            metavar="FILE",
            help="Write every finding to FILE (a baseline for --baseline) and exit 0.",
        ),
    ] = None,
    timeout: TimeoutOpt = 20.0,
) -> None:
    """Report contradictions inside the docs themselves.

    A baseline lets CI gate on lint where the docs already contradict themselves: a
    finding is known by its code, where it is (page, table, column, property) and the
    names its message quotes, so it survives lines moving and descriptions changing.

    Exit codes: 0 warnings only (or only known findings, with --baseline), 1 a new finding
    is an error (a contradiction that makes generated code wrong), 2 an input cannot be
    read or a code is unknown.

    \b
    Example:
      docgen lint --ignore key-icon-mismatch,fk-unknown-table
      docgen lint --baseline lint-baseline.json
    """
    from docgen.model.specio import write_atomic
    from docgen.model.words import plural
    from docgen.pipeline import problem_json
    from docgen.tools import lint as lint_mod

    known = lint_mod.read_baseline(baseline) if baseline is not None else None
    if write_baseline is not None:
        from docgen.inputs import writable_folder

        writable_folder(write_baseline.parent, "--write-baseline", "the baseline")
        if write_baseline.is_dir():
            raise _input_error(f"--write-baseline {write_baseline}: is a folder; expected a file")
    chosen, dropped = _codes(select), _codes(ignore)
    fetching = _fetching("lint", timeout)
    result = lint_mod.run(
        pages or [],
        specs,
        select=chosen,
        ignore=dropped,
        read_pages=lambda sources: _read_pages(sources, fetching),
    )
    split = (
        lint_mod.split_baseline(result.findings, known, chosen, dropped)
        if known is not None
        else None
    )
    if json_out:
        doc: dict[str, Any] = {
            "findings": [problem_json(p) for p in result.findings],
            "errors": [problem_json(p) for p in result.errors],
        }
        if split is not None and not result.errors:
            doc["new"] = [problem_json(p) for p in split.new]
            doc["fixed"] = [lint_mod.describe_key(k) for k in split.fixed]
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    for p in result.errors:  # an input that cannot be read: that alone, no counts
        _err(f"docgen lint: {p.message}" if p.code == "bad-input" else str(p))
    if result.errors:
        raise typer.Exit(2)
    if write_baseline is not None:
        write_atomic(write_baseline, lint_mod.write_baseline(result.findings).encode("utf-8"))
        counted = plural(len(result.findings), "finding")
        print(f"wrote {write_baseline}: {counted} known", file=sys.stderr if json_out else None)
        raise typer.Exit(0)
    if split is None:
        if not json_out:
            for line in lint_mod.render_text(result.findings):
                print(line)
        raise typer.Exit(1 if any(p.severity == "error" for p in result.findings) else 0)
    if not json_out:
        for line in _baseline_text(split, baseline):
            print(line)
    raise typer.Exit(1 if any(p.severity == "error" for p in split.new) else 0)


def _baseline_text(split: Any, baseline: Path | None) -> list[str]:
    """New findings first (each, then their counts), then the known ones, then the
    baseline entries no longer found."""
    from docgen.model.words import plural
    from docgen.tools import lint as lint_mod

    lines = [str(p) for p in split.new]
    lines += lint_mod.summary_lines(split.new, "new finding")
    lines += [f"known: {p}" for p in split.known]
    lines.append(f"{plural(len(split.known), 'finding')} known in {baseline}")
    for key in split.fixed:
        lines.append(f"fixed: {lint_mod.describe_key(key)}")
    if split.fixed:
        lines.append(
            f"{plural(len(split.fixed), 'baseline entry', 'baseline entries')} no longer "
            f"found: `docgen lint --write-baseline {baseline}` drops them"
        )
    return lines


def _input_error(message: str) -> Exception:
    from docgen.model.spec import InputError

    return InputError(message)


def _fetching(command: str, timeout: float) -> Any:
    """How a command fetches pages given as URLs: ``--timeout`` per attempt, and one line
    on stderr per retry (the fetcher says what happened; only the CLI prints)."""
    from docgen.tools.fetch import FetchOptions

    return FetchOptions(timeout=timeout, on_retry=lambda line: _err(f"docgen {command}: {line}"))


def _read_pages(pages: list[str], fetching: Any) -> tuple[list[Any], list[Problem]]:
    """Pages read by the pipeline, for the tools that take page models (lint)."""
    from docgen import pipeline

    result = pipeline.parse_pages(pages, fetching=fetching)
    return list(result.pages), result.problems


def _codes(text: str | None) -> set[str] | None:
    if text is None:
        return None
    return {c.strip() for c in text.split(",") if c.strip()}


@app.command()
def land(
    connector: Annotated[
        str | None, typer.Argument(help="Connector spec name or display name.")
    ] = None,
    destination: Annotated[
        str | None,
        typer.Option(
            "--destination", metavar="DEST", help="Destination spec name or display name."
        ),
    ] = None,
    specs: SpecsOpt = Path("specs"),
    json_out: Annotated[bool, _flag("--json", "Machine-readable output.")] = False,
    all_: Annotated[bool, _flag("--all", "One row per connector.")] = False,
    column: Annotated[
        str | None,
        typer.Option("--column", metavar="NAME", help="Print the name a column NAME lands as."),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option("--table", metavar="NAME", help="Print the name a table NAME lands as."),
    ] = None,
    schema: Annotated[
        str | None,
        typer.Option(
            "--schema",
            help="Print the schema an integration named NAME loads into.",
            metavar="NAME",
        ),
    ] = None,
    list_destinations: Annotated[
        bool, _flag("--list-destinations", "Destination specs: name and page.")
    ] = False,
    list_system_tables: Annotated[
        bool, _flag("--system-tables", "The system tables the destination's page documents.")
    ] = False,
    storage_format: Annotated[
        str | None,
        typer.Option(
            "--storage-format",
            help="For destinations whose landing depends on it (Amazon S3): csv or json.",
            metavar="FORMAT",
        ),
    ] = None,
    fmt: Annotated[
        Literal["text", "dbt", "mermaid"],
        typer.Option(
            "--format",
            help="text; dbt: a dbt sources.yml of what lands; mermaid: an erDiagram of it.",
        ),
    ] = "text",
) -> None:
    """How a connector's tables land in a destination, predicted from the docs.

    Exit codes: 0 nothing breaks, 1 a name, column count, collision or reserved keyword
    breaks a destination rule, or a naming rule docgen does not read may change a name,
    2 bad input.

    \b
    Example:
      docgen land autopilot --destination postgresql
      docgen land autopilot --destination postgresql --format mermaid
      docgen land autopilot --destination amazon_s3 --storage-format csv
      docgen land --column "customer#id" --destination postgresql
      docgen land --schema "Recurly Stitch" --destination postgresql
      docgen land --system-tables --destination google_bigquery_v2
    """
    from docgen.tools import land as land_mod

    run = land_mod.run(
        specs,
        connector=connector,
        destination=destination,
        all_=all_,
        column=column,
        table=table,
        schema=schema,
        list_destinations=list_destinations,
        list_system_tables=list_system_tables,
        storage_format=storage_format,
        fmt=fmt,
        as_json=json_out,
    )
    if run.error is not None:
        _err(f"docgen land: {run.error}")
        raise typer.Exit(2)
    for warning in run.warnings():
        _err(f"warning: {warning}")
    if run.destinations is not None:
        for d in run.destinations:
            print(f"{d.name}\t{d.sources[0].page if d.sources else ''}")
        raise typer.Exit(0)
    if run.system_tables is not None:
        print("\n".join(run.system_tables))
        raise typer.Exit(0)
    if run.answer is not None:
        print(run.answer.name)
        raise typer.Exit(1 if run.broken else 0)
    assert run.dest is not None
    dest = run.dest
    if fmt == "dbt":
        from docgen.tools.dbt import sources_yml

        print(sources_yml(run.pairs, dest), end="")
    elif fmt == "mermaid":
        from docgen.tools.land_erd import mermaid

        ((_, landing),) = run.pairs
        print(mermaid(landing), end="")
    elif all_:
        rows = [land_mod.summary_row(c, landing, dest) for c, landing in run.pairs]
        if json_out:
            data = {"destination": dest.name, "connectors": [r.to_json() for r in rows]}
            print(json.dumps(data, ensure_ascii=False))
        else:
            print("\n".join(land_mod.render_all(rows, dest)))
    else:
        ((_, landing),) = run.pairs
        if json_out:  # the notes are in the JSON
            print(json.dumps(landing.to_json(), ensure_ascii=False))
        else:
            print("\n".join(land_mod.render_text(landing, dest)))
    raise typer.Exit(1 if run.broken else 0)


@app.command()
def erd(
    connector: Annotated[str, typer.Argument(help="Spec name (in --specs) or spec file.")],
    specs: SpecsOpt = Path("specs"),
    fmt: Annotated[
        Literal["mermaid", "dot", "svg"],
        typer.Option(
            "--format",
            help="mermaid (erDiagram, default), dot (Graphviz) or svg (runs Graphviz's dot).",
        ),
    ] = "mermaid",
    table: Annotated[
        str | None,
        typer.Option("--table", metavar="NAME", help="Draw the neighbourhood of table NAME."),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth", metavar="N", help="With --table: tables at most N joins away (default 1)."
        ),
    ] = None,
) -> None:
    """Draw a connector's tables and the joins its docs state (an entity-relationship diagram).

    Every table with its primary key (PK) and the columns joins name (FK); one relation per
    documented join (a join the page states from both tables is one), both columns named;
    a side whose column is its table's whole primary key is zero-or-one, every other side
    zero-or-more (the pages state no cardinality); a join to a column or table the page
    does not list is dashed and marked. Output on stdout.

    Exit codes: 0 drawn, 2 bad input (or Graphviz missing for svg: one line saying how to
    get it).

    \b
    Example:
      docgen erd autopilot
      docgen erd hubspot --table deals --depth 2 --format dot
    """
    from docgen.tools import erd as erd_mod

    try:
        drawn = erd_mod.run(connector, specs, fmt, table, depth)
    except erd_mod.ErdError as exc:
        _err(f"docgen erd: {exc}")
        raise typer.Exit(2) from None
    sys.stdout.write(drawn.text)
    raise typer.Exit(0)


@app.command(
    help=(
        "Compare what the docs state (a spec) with the tap they describe.\n\n"
        'Streams match docs tables by name, case-insensitive, with "-" and spaces read '
        'as "_".\n\n'
        "Key properties, valid replication keys and the forced replication method are "
        "compared only where the tap states them (catalog metadata; schema files state "
        "none), the docs' keys resolved as the generated catalog resolves them; a key the "
        "page spells otherwise than its column is a key-named-differently finding.\n\n"
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


@app.command()
def scaffold(
    connector: Annotated[
        str, typer.Argument(help="Connector spec name (in --specs) or spec file.")
    ],
    specs: SpecsOpt = Path("specs"),
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Folder that holds (or will hold) the tap project tap-CONNECTOR/.",
        ),
    ] = Path("."),
    dry_run: DryRunOpt = False,
) -> None:
    """Write OUT/tap-<name>/, a runnable singer-sdk tap project, or bring docgen's part of
    an existing one (tap_<name>/_docgen/) up to date with the docs.

    A new project gets everything; on a project docgen made, only _docgen/ is rewritten and
    the changes in the docs since the last run are listed in docgen diff's words. A folder
    docgen did not make is refused.

    Exit codes: 0 done, 1 the project's stream classes are out of step with the docs (a
    class whose table is gone, a new table without a class: printed, keys or method
    changed), 2 bad input (nothing written).

    \b
    Example:
      docgen scaffold autopilot --out ../taps --dry-run
    """
    from docgen.tools.scaffold import scaffold as run

    result = run(connector, specs, out, dry_run=dry_run, on_wait=_waiting("scaffold"))
    for line in result.lines():
        print(line)
    for note in result.notes:
        _err(f"note: {note}")
    for finding in result.findings:
        _err(f"warning: {finding}")
    for table, _ in result.additions:
        _err(f"warning: table {table!r} is new in the docs and the project has no class for it")
    raise typer.Exit(1 if result.needs_attention else 0)
