"""The ``docgen`` command line: a thin typer layer over :mod:`docgen.pipeline`.

Heavy modules (readers, emitters, datamodel-code-generator) are imported inside the
commands so that ``docgen --help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn Stitch connector documentation into specs/ and generated connector code.",
)

PagesArg = Annotated[list[str], typer.Argument(help="Saved pages (HTML or plain text) or URLs.")]
SpecsOpt = Annotated[Path, typer.Option("--specs", help="Spec directory.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Generated code directory.")]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Exit non-zero on any warning.")]


def _err(line: str) -> None:
    print(line, file=sys.stderr)


@app.command()
def parse(
    pages: PagesArg,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per page.")] = False,
    strict: StrictOpt = False,
) -> None:
    """Read pages and print what they state (the corpus truth shape with --json)."""
    from docgen import pipeline

    result = pipeline.parse_pages(pages)
    for line in pipeline.render_parse(result, as_json=json_out):
        print(line)
    for problem in result.problems:
        _err(str(problem))
    raise typer.Exit(pipeline.exit_code(result.problems, strict=strict))


@app.command()
def update(
    pages: PagesArg,
    specs: SpecsOpt = Path("specs"),
    strict: StrictOpt = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove specs that no page of this run states.")
    ] = False,
) -> None:
    """Parse pages and write or refresh specs/ (one YAML per connector and version)."""
    from docgen import pipeline

    result = pipeline.update_specs(pages, specs, prune=prune)
    for line in result.changes:
        print(line)
    for problem in result.problems:
        _err(str(problem))
    raise typer.Exit(pipeline.exit_code(result.problems, strict=strict))


@app.command()
def build(
    specs: SpecsOpt = Path("specs"),
    out: OutOpt = Path("generated"),
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 1 when generated/ is stale.")
    ] = False,
) -> None:
    """Read specs/ and write generated/ (only files whose content changed)."""
    from docgen import pipeline

    result = pipeline.build(specs, out, check=check)
    for line in result.changes:
        print(line)
    for problem in result.problems:
        _err(str(problem))
    if result.problems and any(p.severity == "error" for p in result.problems):
        raise typer.Exit(2)
    if check and result.changes:
        _err(f"generated/ is stale: {len(result.changes)} file(s) would change; run `docgen build`")
        raise typer.Exit(1)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="Spec file, spec directory, or git revision.")],
    new: Annotated[str, typer.Argument(help="Spec file or directory.")] = "specs",
    json_out: Annotated[bool, typer.Option("--json", help="Machine-readable changes.")] = False,
) -> None:
    """Semantic changelog between two spec sets (files, directories or a git revision).

    Exit 1 when a change is breaking for users of the generated code, 0 otherwise, 2 on
    bad input."""
    from docgen import diff as diff_mod

    raise typer.Exit(diff_mod.main(old, new, as_json=json_out))


@app.command()
def lint(
    pages: Annotated[
        list[str] | None, typer.Argument(help="Pages to lint; default: the specs.")
    ] = None,
    specs: SpecsOpt = Path("specs"),
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per finding.")] = False,
) -> None:
    """Report contradictions inside the docs themselves.

    Exit 1 when a finding is an error (a contradiction that makes generated code wrong),
    0 for warnings only, 2 when the input cannot be read."""
    from docgen import lint as lint_mod

    raise typer.Exit(lint_mod.main(pages or [], specs, as_json=json_out))


@app.command()
def land(
    connector: Annotated[
        str | None, typer.Argument(help="Connector spec name or display name.")
    ] = None,
    destination: Annotated[
        str | None, typer.Option("--destination", help="Destination spec name or display name.")
    ] = None,
    specs: SpecsOpt = Path("specs"),
    json_out: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="One row per connector.")] = False,
    column: Annotated[
        str | None, typer.Option("--column", help="Print the name a column NAME lands as.")
    ] = None,
    table: Annotated[
        str | None, typer.Option("--table", help="Print the name a table NAME lands as.")
    ] = None,
    list_destinations: Annotated[
        bool, typer.Option("--list-destinations", help="Destination specs: name and page.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="text (default) or dbt.")] = "text",
) -> None:
    """How a connector's tables land in a destination, predicted from the docs.

    Exit 0 when nothing breaks, 1 when a name, column count, collision or reserved keyword
    breaks a destination rule, 2 on bad input."""
    from docgen import land as land_mod
    from docgen.destinations import destination_dir, load_destinations
    from docgen.spec import Problem

    def fail(message: str) -> NoReturn:
        _err(f"error: {message}")
        raise typer.Exit(2)

    modes = [connector is not None, all_, column is not None, table is not None]
    modes.append(list_destinations)
    if sum(modes) != 1:
        fail("give exactly one of CONNECTOR, --all, --column, --table, --list-destinations")
    if fmt not in ("text", "dbt"):
        fail(f"--format {fmt!r}: use text or dbt")
    if fmt == "dbt" and (json_out or not (connector is not None or all_)):
        fail("--format dbt goes with CONNECTOR or --all, without --json")
    if not specs.is_dir():
        fail(f"{specs} is not a spec directory")
    dests, problems = load_destinations(specs)
    if list_destinations:
        for problem in problems:
            _err(str(problem))
    if list_destinations:
        if not dests:
            fail(f"no destination specs in {destination_dir(specs)}")
        for d in dests:
            print(f"{d.name}\t{d.sources[0].page if d.sources else ''}")
        raise typer.Exit(0)
    if destination is None:
        fail("--destination is required (see --list-destinations)")
    wanted = destination.strip().lower()
    broken_spec = next((p for p in problems if f"/{wanted}.yaml" in p.location.page), None)
    if broken_spec is not None and not any(d.name == wanted for d in dests):
        fail(f"{broken_spec.location.page}: {broken_spec.message}")
    try:
        dest = land_mod.find_destination(dests, destination)
        if column is not None or table is not None:
            name = land_mod.column_name(dest, column) if column is not None else None
            if table is not None:
                name = land_mod.table_name(dest, table)
            print(name)
            raise typer.Exit(0)
        from docgen import specio

        one = specs / f"{connector}.yaml" if connector is not None else None
        if one is not None and one.is_file():  # a spec name: read that file only
            try:
                conns, bad = [specio.load_spec(one)], list[Problem]()
            except specio.SpecError as exc:
                fail(f"{one}: {exc.problem.message}")
        else:
            conns, bad = specio.load_specs(specs)
        for problem in bad:
            _err(str(problem))
        if connector is not None:
            conn = land_mod.find_connector(conns, connector)
            if conn.tables is None:
                fail(f"{conn.name} has no table reference in its spec: nothing lands")
            pairs = [(conn, land_mod.land(conn, dest))]
        else:
            pairs = [(c, land_mod.land(c, dest)) for c in conns if c.tables]
    except land_mod.LandError as exc:
        fail(str(exc))
    broken = any(landing.violations for _, landing in pairs)
    if fmt == "dbt":
        from docgen.dbt import sources_yml

        print(sources_yml(pairs, dest), end="")
    elif all_:
        rows = [land_mod.summary_row(c, landing, dest) for c, landing in pairs]
        if json_out:
            data = {"destination": dest.name, "connectors": [r.to_json() for r in rows]}
            print(json.dumps(data, ensure_ascii=False))
        else:
            print("\n".join(land_mod.render_all(rows, dest)))
    else:
        ((_, landing),) = pairs
        if json_out:
            print(json.dumps(landing.to_json(), ensure_ascii=False))
            for note in landing.notes:  # the text output lists them after the violations
                _err(f"note: {note}")
        else:
            print("\n".join(land_mod.render_text(landing, dest)))
    raise typer.Exit(1 if broken else 0)


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
        "Exit 0 when docs and tap agree on everything compared, 1 when they differ, 2 when "
        "an input cannot be read."
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
    json_out: Annotated[
        bool, typer.Option("--json", help="One JSON object: summary, findings.")
    ] = False,
) -> None:
    from docgen import drift as drift_mod

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


def main() -> None:  # pragma: no cover - console entry
    app()
