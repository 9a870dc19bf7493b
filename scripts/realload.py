#!/usr/bin/env python3
"""docgen land against a real loader: sample records of generated packages loaded through a
Stitch-style Singer target (datamill-co's target-postgres, ``singer-target-postgres`` on the
package index) into a PostgreSQL this script starts itself, and information_schema compared
with ``docgen land CONNECTOR --destination postgresql --json``.

Every difference is classed:

* ``docgen``: docgen wrong by the docs (nothing below explains it);
* ``target``: the target deviating from the docs: it names columns its own way (lower case,
  other characters as ``_``, 63 characters, ``__1`` on a collision) where the PostgreSQL
  page's rules keep case and remove special characters; it splits a column of several JSON
  types as ``name__s``/``name__i``/``name__f``/``name__b``/``name__t`` where the docs append
  the reserved two-letter suffixes; it types by JSON type (bigint for every integer, the
  system columns the docs type INTEGER included); it writes no ``_sdc_extracted_at``, no
  ``__sdc_primary_key``, and in subtables only ``_sdc_sequence`` of the system columns; it
  drops a property whose schema names no type;
* ``silent``: the docs do not say (the column of an array's plain values: the target's
  ``_sdc_value``; the type of a column documented as "varies"; the Stitch type of a
  ``singer.decimal`` string; columns under an object whose properties the docs do not list).

The sample records are scripts/singer_samples.py's (those of scripts/load-catalogs), only of
streams the package's own ``validate_record`` accepts.

The target is installed into its own virtualenv under bench/out/ (git-ignored) with
``--no-deps``: 0.2.4 pins psycopg2==2.8.5 and psycopg2-binary==2.8.5, which do not build or
install on Python 3.11, so psycopg2-binary comes from the index at its current version; arrow
is pinned to 0.15.5 (arrow 1.x made ``Arrow.timestamp`` a method, and the target reads it as
a number: "Unknown type <class 'method'>"); singer-python 5.9.0 as the target asks.

PostgreSQL: the server binaries on PATH (or /usr/lib/postgresql/*/bin); initdb refuses to run
as root, so as root the server runs as ``nobody`` in a private temporary folder, listening
on a unix socket only (no TCP port).

usage: scripts/realload.py [--only NAME,...] [--json] [--install]
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))
sys.dont_write_bytecode = True  # never a __pycache__ inside generated/

from singer_samples import load_package, messages  # noqa: E402

TARGET_VENV = REPO / "bench" / "out" / "target-postgres-venv"
TARGET_INSTALL = (
    ["--no-deps", "singer-target-postgres==0.2.4"],
    ["psycopg2-binary", "singer-python==5.9.0", "arrow==0.15.5"],
)
#: information_schema's names of the types the PostgreSQL page writes
PG_TYPE_NAMES = {
    "TEXT": "text",
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "BOOLEAN": "boolean",
    "DOUBLE PRECISION": "double precision",
    "DECIMAL": "numeric",
    "TIMESTAMP": "timestamp without time zone",
    "TIMESTAMP WITH TIMEZONE": "timestamp with time zone",
    "TIMESTAMP WITHOUT TIMEZONE": "timestamp without time zone",
}
#: the JSON type (and format) a Stitch type is sent as
STITCH_JSON = {
    "STRING": ("string", None),
    "BIGINT": ("integer", None),
    "DOUBLE": ("number", None),
    "BOOLEAN": ("boolean", None),
    "DATE": ("string", "date-time"),
    "NUMBER": ("string", "singer.decimal"),
}
#: what the target writes for a JSON type (target_postgres.postgres.json_schema_to_sql_type)
TARGET_SQL = {
    ("string", "date-time"): "timestamp with time zone",
    ("integer", None): "bigint",
    ("number", None): "double precision",
    ("boolean", None): "boolean",
}


#: detail text -> the reason shown in the summary (first match)
REASONS = (
    ("the target failed", "stream not loaded: its keys are untyped properties it drops"),
    ("no-key column", "names: _sdc_primary_key for the docs' __sdc_primary_key"),
    ("names it", "names: its own (lower case, _ for other characters, 63, __1)"),
    ("system columns page types it", "types: bigint for the system columns' INTEGER"),
    ("system column", "system columns it does not write"),
    ("drops a property", "untyped property dropped"),
    ("types by JSON type", "types: by JSON type, not the page's type table"),
    ("singer.decimal", "types: Stitch type of a decimal string"),
    ("documented as varies", "types: a column documented as varies"),
    ("plain values", "the column of an array's plain values (_sdc_value)"),
    ("does not describe", "columns under an undescribed property"),
)


# --------------------------------------------------------------------------- the server


def pg_bindir() -> Path | None:
    """The folder of initdb/pg_ctl/postgres: on PATH, else the newest Debian install."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def target_bin() -> Path:
    return TARGET_VENV / "bin" / "target-postgres"


def install_target() -> Path:
    """The target's own virtualenv (created and filled on first use)."""
    if target_bin().exists():
        return target_bin()
    venv.EnvBuilder(with_pip=True, clear=True).create(TARGET_VENV)
    pip = [str(TARGET_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
    for args in TARGET_INSTALL:
        done = subprocess.run([*pip, *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or ["(no output)"])[-1]
            raise SystemExit(f"error: cannot install {' '.join(args)}: {tail}")
    return target_bin()


@dataclass
class Postgres:
    """A throw-away PostgreSQL on a unix socket in ``root`` (its own data folder)."""

    root: Path
    bindir: Path
    user: str | None  # the unprivileged user the server runs as, when we are root
    port: int = 5432  # names the socket file only: no TCP

    def _run(self, *args: str) -> None:
        kw: dict[str, Any] = {}
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            kw = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        done = subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.root,
            **kw,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def psql(self, sql: str) -> str:
        psql = shutil.which("psql") or str(self.bindir / "psql")
        where = ["-h", str(self.root), "-p", str(self.port), "-U", "postgres", "-d", "postgres"]
        done = subprocess.run(
            [psql, *where, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"psql: {done.stderr.strip()}")
        return done.stdout

    def config(self, schema: str) -> dict[str, Any]:
        return {
            "postgres_host": str(self.root),
            "postgres_port": self.port,
            "postgres_database": "postgres",
            "postgres_username": "postgres",
            "postgres_schema": schema,
            "disable_collection": True,
        }


@contextlib.contextmanager
def postgres() -> Iterator[Postgres]:
    """Start a PostgreSQL in a temporary folder; stop it and remove the folder after."""
    bindir = pg_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb) on PATH")
    root = Path(tempfile.mkdtemp(prefix="docgen-pg-"))
    user = "nobody" if os.geteuid() == 0 else None
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    server = Postgres(root, bindir, user)
    data = root / "data"
    started = False
    try:
        server._run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
        opts = f"-k {root} -p {server.port} -c listen_addresses='' -c fsync=off"
        server._run("pg_ctl", "-D", str(data), "-l", str(root / "log"), "-o", opts, "-w", "start")
        started = True
        yield server
    finally:
        if started:
            with contextlib.suppress(RuntimeError):
                server._run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


# --------------------------------------------------------------------------- loading


@dataclass
class Loaded:
    """What the target made of one connector: tables by source path, with the columns of
    each (name -> (data type, source path, JSON type, format)) and the streams it failed."""

    tables: dict[tuple[str, ...], dict[str, Any]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    sent: list[str] = field(default_factory=list)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def load(server: Postgres, pkg: Any, target: Path, schema: str) -> Loaded:
    """Send the package's sample records through the target into ``schema``; when the
    target stops, each stream again on its own, so one failure hides no other."""
    lines, _, _ = messages(pkg)
    out = Loaded()
    streams = [m["stream"] for m in map(json.loads, lines) if m["type"] == "SCHEMA"]
    out.sent = streams
    server.psql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
    config = server.root / f"{schema}.json"
    config.write_text(json.dumps(server.config(schema)))

    def run(batch: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(target), "-c", str(config)],
            input="\n".join(batch) + "\n",
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )

    done = run(lines)
    if done.returncode != 0:
        for stream in streams:
            own = [ln for ln in lines if json.loads(ln).get("stream") in (stream, None)]
            one = run(own)
            if one.returncode != 0:
                out.failed[stream] = _last_error(one.stderr)
    rows = server.psql(
        "SELECT coalesce(json_agg(json_build_array(c.relname, obj_description(c.oid))), '[]') "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        f"WHERE n.nspname = {_quote(schema)} AND c.relkind = 'r'"
    )
    types = server.psql(
        "SELECT coalesce(json_agg(json_build_array(table_name, column_name, data_type)), '[]') "
        f"FROM information_schema.columns WHERE table_schema = {_quote(schema)}"
    )
    by_table: dict[str, dict[str, str]] = {}
    for table, column, dtype in json.loads(types):
        by_table.setdefault(table, {})[column] = dtype
    for name, comment in json.loads(rows):
        meta = json.loads(comment) if comment else {}
        path = tuple(meta.get("path") or [name])
        columns = {}
        for col, dtype in by_table.get(name, {}).items():
            m = meta.get("mappings", {}).get(col, {})
            kinds = [t for t in m.get("type", []) if t != "null"]
            kind = kinds[0] if kinds else None
            columns[col] = (dtype, tuple(m.get("from") or [col]), kind, m.get("format"))
        out.tables[path] = {"name": name, "columns": columns}
    return out


def _last_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"[\w.]+(Error|Exception)\b", line)]
    return (errors or lines or ["(no output)"])[-1][:300]


# --------------------------------------------------------------------------- comparing


@dataclass
class Difference:
    kind: str  # "docgen" | "target" | "silent"
    table: str
    column: str | None
    detail: str

    @property
    def reason(self) -> str:
        """The difference in a few words, for the summary."""
        for needle, words in REASONS:
            if needle in self.detail:
                return words
        return "other"

    def to_json(self) -> dict[str, Any]:
        return {
            "class": self.kind,
            "table": self.table,
            "column": self.column,
            "detail": self.detail,
        }


def _target_name(raw: str) -> str:
    """target-postgres's own name for a path (its canonicalize_identifier, 63 characters)."""
    return re.sub(r"[^\w\d_$]", "_", raw.lower())[:63]


def _target_explains(got: str, raw: str) -> bool:
    """``got`` is the target's own name for ``raw``: its canonical name, cut to make room
    for its type suffix (``__s``, ``__i``, ...) and its collision number (``__1``)."""
    own = re.sub(r"[^\w\d_$]", "_", raw.lower())
    stem = re.sub(r"(?:__[sifbt]+)?(?:__\d+)?$", "", got)
    return (
        got == own[:63]
        or (bool(stem) and own.startswith(stem) and stem != got)
        or (stem == got and own.startswith(got) and len(got) == 63)
    )


@dataclass
class Comparison:
    connector: str
    tables_predicted: int = 0
    tables_loaded: int = 0
    columns_predicted: int = 0
    columns_same: int = 0
    differences: list[Difference] = field(default_factory=list)
    not_loaded: list[str] = field(default_factory=list)  # streams not sent or failed

    def counts(self) -> dict[str, int]:
        out = {"docgen": 0, "target": 0, "silent": 0}
        for d in self.differences:
            out[d.kind] += 1
        return out


def compare(landing: dict[str, Any], loaded: Loaded) -> Comparison:
    """Class every difference between ``docgen land --json`` and what the target made."""
    cmp = Comparison(landing["connector"])
    sent = set(loaded.sent) - set(loaded.failed)
    cmp.not_loaded = sorted({t["source_table"] for t in landing["tables"]} - sent)
    for table in landing["tables"]:
        if table["source_table"] not in sent:
            continue
        cmp.tables_predicted += 1
        key = (table["source_table"], *table["path"])
        got = loaded.tables.get(key)
        if got is None:
            cmp.differences.append(
                Difference("docgen", table["name"], None, "predicted table the target did not make")
            )
            continue
        cmp.tables_loaded += 1
        if got["name"] != table["name"]:
            raw = "__".join(key)
            kind = "target" if _target_explains(got["name"], raw) else "docgen"
            cmp.differences.append(
                Difference(kind, table["name"], None, f"the target names it {got['name']!r}")
            )
        _compare_columns(cmp, table, got, key)
    return cmp


def _compare_columns(
    cmp: Comparison, table: dict[str, Any], got: dict[str, Any], key: tuple[str, ...]
) -> None:
    actual: dict[str, tuple[str, tuple[str, ...], str | None, str | None]] = got["columns"]
    by_from: dict[tuple[str, ...], list[str]] = {}
    for col, (_, src, _, _) in actual.items():
        by_from.setdefault(src, []).append(col)
    used: set[str] = set()
    undetermined = [u["source"] for u in table["undetermined"]]
    depth = len(table["path"])
    name = table["name"]
    for col in table["columns"]:
        cmp.columns_predicted += 1
        if col["origin"] in ("source", "split"):
            src = tuple(col["source"].split(".")[depth:])
        elif col["name"].startswith("_sdc_source_key_"):
            src = (f"_sdc_source_key_{col['source']}",)
        else:
            src = (col["name"],)
        # the target's no-key column is _sdc_primary_key, the docs' __sdc_primary_key
        alias = tuple(p.replace("__sdc_primary_key", "_sdc_primary_key") for p in src)
        candidates = [c for c in by_from.get(src, by_from.get(alias, [])) if c not in used]
        match = _pick(candidates, actual, col)
        if match is None:
            cmp.differences.append(_missing(name, col))
            continue
        used.add(match)
        dtype, _, kind, fmt = actual[match]
        same_name = match == col["name"]
        want = PG_TYPE_NAMES.get((col["type"] or "").upper())
        same_type = want == dtype
        if same_name and same_type:
            cmp.columns_same += 1
            continue
        if not same_name:
            explained = _target_explains(match, "__".join(src)) or _target_explains(
                match, "__".join(alias)
            )
            cmp.differences.append(
                Difference(
                    "target" if explained else "docgen",
                    name,
                    col["name"],
                    f"the target names it {match!r} (its own naming: lower case, other "
                    "characters as _, 63 characters, its own split suffixes)"
                    if explained
                    else f"the target names it {match!r}",
                )
            )
        if not same_type:
            cmp.differences.append(_type_difference(name, col, dtype, kind, fmt))
    for col_name, (dtype, src, _, _) in actual.items():
        if col_name in used:
            continue
        dotted = ".".join([*key[1:], *src])
        if col_name == "_sdc_value" and any(u.endswith("[]") for u in undetermined):
            kind, why = "silent", "the target's column for an array's plain values (docs: none)"
        elif col_name == "_sdc_primary_key":
            kind, why = "target", "the target's no-key column (the docs name it __sdc_primary_key)"
        elif any(dotted == u or dotted.startswith(u + ".") for u in undetermined):
            kind, why = "silent", "under a property the docs do not describe"
        else:
            kind, why = "docgen", f"a column docgen does not predict (from {'.'.join(src)})"
        cmp.differences.append(Difference(kind, name, col_name, f"{why}: {dtype}"))


def _pick(candidates: list[str], actual: dict[str, Any], col: dict[str, Any]) -> str | None:
    """The target's column for a predicted one: by source path, and by JSON type where the
    property was split."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    want = STITCH_JSON.get(col.get("stitch_type") or "", (None, None))
    for c in candidates:
        _, _, kind, fmt = actual[c]
        if kind == want[0] and (fmt == "date-time") == (want[1] == "date-time"):
            return c
    return candidates[0]


def _missing(table: str, col: dict[str, Any]) -> Difference:
    name = col["name"]
    if col["origin"] in ("system", "link"):
        return Difference(
            "target",
            table,
            name,
            "a system column the docs put in every table; the target "
            "writes none (in subtables it writes only _sdc_sequence and the links)",
        )
    if col["type"] is None:
        return Difference(
            "target",
            table,
            name,
            "sent with a value; the target drops a property whose schema names no type",
        )
    return Difference("docgen", table, name, "predicted column the target did not make")


def _type_difference(
    table: str, col: dict[str, Any], dtype: str, kind: str | None, fmt: str | None
) -> Difference:
    st = col.get("stitch_type")
    detail = f"docgen {col['type']}, the target {dtype}"
    if col["type"] is None:
        return Difference("silent", table, col["name"], f"{detail} (documented as varies)")
    if st == "NUMBER":
        return Difference(
            "silent",
            table,
            col["name"],
            f"{detail} (the docs give no Stitch type for a singer.decimal string; docgen's NUMBER)",
        )
    if col["origin"] in ("system", "link"):
        return Difference(
            "target",
            table,
            col["name"],
            f"{detail} (the system columns page types it; the target types every integer bigint)",
        )
    own = TARGET_SQL.get((kind, fmt if fmt == "date-time" else None), "text")
    if st in STITCH_JSON and STITCH_JSON[st][0] == kind and own == dtype:
        return Difference(
            "target",
            table,
            col["name"],
            f"{detail} (the target types by JSON type, the page's type table says otherwise)",
        )
    if st in STITCH_JSON and STITCH_JSON[st][0] == kind:
        return Difference("target", table, col["name"], detail)
    return Difference("docgen", table, col["name"], detail)


# --------------------------------------------------------------------------- running


def land_json(connector: str) -> dict[str, Any]:
    """``docgen land CONNECTOR --destination postgresql --json``, as the CLI prints it."""
    from docgen.tools import land

    run = land.run(REPO / "specs", connector=connector, destination="postgresql")
    if run.error is not None:
        raise RuntimeError(run.error)
    ((_, landing),) = run.pairs
    return landing.to_json()


def check(server: Postgres, target: Path, generated: Path, name: str) -> Comparison:
    pkg = load_package(generated, name)
    loaded = load(server, pkg, target, name)
    out = compare(land_json(name), loaded)
    for stream, error in loaded.failed.items():
        out.differences.append(Difference("target", stream, None, f"the target failed: {error}"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--generated", type=Path, default=REPO / "generated")
    ap.add_argument("--only", default="", help="comma-separated connector names")
    ap.add_argument("--json", action="store_true", help="every difference, as JSON")
    ap.add_argument("--install", action="store_true", help="install the target and stop")
    args = ap.parse_args()
    target = install_target()
    if args.install:
        print(target)
        return 0
    names = sorted(
        p.parent.name
        for p in args.generated.glob("*/catalog.json")
        if json.loads(p.read_text())["streams"]
    )
    only = {n for n in args.only.split(",") if n}
    if only - set(names):
        print(f"error: no package with tables named {', '.join(sorted(only - set(names)))}")
        return 2
    results = []
    with postgres() as server:
        for name in names:
            if not only or name in only:
                results.append(check(server, target, args.generated, name))
    if args.json:
        print(
            json.dumps(
                [
                    {"connector": r.connector, "differences": [d.to_json() for d in r.differences]}
                    for r in results
                ],
                indent=1,
            )
        )
    print(
        "| connector | tables predicted / loaded | columns predicted / same "
        "| docgen | target | silent |"
    )
    print("|---|---|---|---|---|---|")
    total = {"docgen": 0, "target": 0, "silent": 0}
    for r in results:
        c = r.counts()
        for k in total:
            total[k] += c[k]
        print(
            f"| {r.connector} | {r.tables_predicted} / {r.tables_loaded} | "
            f"{r.columns_predicted} / {r.columns_same} | {c['docgen']} | {c['target']} | "
            f"{c['silent']} |"
        )
    print(
        f"| **all** | {sum(r.tables_predicted for r in results)} / "
        f"{sum(r.tables_loaded for r in results)} | {sum(r.columns_predicted for r in results)} "
        f"/ {sum(r.columns_same for r in results)} | {total['docgen']} | {total['target']} | "
        f"{total['silent']} |"
    )
    reasons: dict[tuple[str, str], int] = {}
    for r in results:
        for d in r.differences:
            reasons[(d.kind, d.reason)] = reasons.get((d.kind, d.reason), 0) + 1
            if d.kind == "docgen":
                print(f"docgen: {r.connector} {d.table}.{d.column}: {d.detail}", file=sys.stderr)
    print("\n| class | why | differences |\n|---|---|---|")
    for (kind, why), n in sorted(reasons.items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"| {kind} | {why} | {n} |")
    return 1 if total["docgen"] else 0


if __name__ == "__main__":
    sys.exit(main())
