"""docgen benchmark: one command, one run, a markdown table of ratios.

    .venv/bin/python bench/run.py [--quick] [--only parse,build,validators,startup,diff,tests]

Rows (each measured in this run; a piece that is not available prints "n/a (reason)"):

parse       ``pipeline.parse_pages`` of a whole-site-sized page set (the corpus integration
            pages repeated to 180 pages, plus the property reference once) vs
            ``lxml.html.fromstring`` alone on the same bytes. Each side runs in its own
            subprocess (docgen's reader modules imported before the clock starts), 3 times,
            alternating (lxml, docgen, lxml, ...): the ratio of the medians; peak memory is
            the largest ``ru_maxrss`` of docgen's runs. Targets: ratio <= 3x and peak
            < 150 MB (every page's model is held: the parse result).
build       cold ``pipeline.build`` of every spec into an empty directory, in a new
            process (docgen imported before the clock starts), vs the naive path, one
            ``datamodel-codegen`` CLI process per table (run on a sample of tables,
            extrapolated to all tables; the naive path makes models only, so the
            comparison favours it). 3 rounds, each a cold build then the naive sample; the
            median of the rounds' ratios. Target: >= 60x.
no-op       a fresh clone (``git clone``; the committed generated/ and no generator
            stamp), its first ``docgen build`` (renders everything, writes only the stamp),
            then ``pipeline.build`` again in a fresh process, each of 5 (median; the
            build's own time, as its summary line reports it; the whole ``docgen build``
            process beside it): target < 2% of the cold build.
validators  the generated ``validate_record`` on 100,000 generated records (99% valid,
            1% with a wrong type) vs a ``fastjsonschema`` validator compiled from the same
            stream schema (target: generated at least as fast) and vs ``jsonschema``
            (Draft 7 with its format checker; run on a 10,000-record slice and scaled;
            target >= 10x). All three must agree on which records are invalid. The stream:
            the one with nested columns whose column count (nested included) is nearest
            to 50, a typical rich record.
startup     wall time of ``docgen --help`` (median of 7). Target < 0.3 s.
diff        ``docgen diff HEAD specs`` in a fresh clone after one spec was edited (one
            column type changed), median of 5, vs ``docgen --help`` in the same run: the
            review step a maintainer runs most. Target: within 5x the CLI start-up.
tests       the README's test command's pytest run (``pytest -q -n auto``), wall time:
            target <= 80 s on the project's 2-core machine (the suite's budget).

Specs: ``specs/`` when it holds specs, else specs made from the corpus by
``pipeline.update_specs`` into a temporary directory (not timed).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "pages"
PY = sys.executable
BIN = Path(PY).parent


@dataclass
class Row:
    name: str
    docgen: str
    baseline: str
    ratio: str
    target: str
    result: str  # "pass" | "FAIL" | "n/a (...)"


def na(name: str, target: str, reason: str) -> Row:
    return Row(name, "-", "-", "-", target, f"n/a ({reason})")


def _secs(t: float) -> str:
    return f"{t * 1000:.0f} ms" if t < 1 else f"{t:.2f} s"


def _mb(kib: int) -> str:
    return f"{kib / 1024:.0f} MB"


# --------------------------------------------------------------------------- parse

_PARSE_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, listing = sys.argv[1], sys.argv[2]
paths = Path(listing).read_text().split("\n")
if mode == "lxml":
    import lxml.html
    t0 = time.perf_counter()
    for p in paths:
        lxml.html.fromstring(Path(p).read_bytes())
    elapsed = time.perf_counter() - t0
    n_ok = len(paths)
else:
    from docgen import pipeline
    # imports not timed: every reader module (the destination reader's is imported by
    # its cheap test on the bytes, which every page meets first)
    import docgen.readers.stitch.html_tables, docgen.readers.stitch.html_properties
    import docgen.readers.stitch.html_destination
    t0 = time.perf_counter()
    result = pipeline.parse_pages(paths)
    elapsed = time.perf_counter() - t0
    n_ok = sum(p is not None for p in result.pages)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "maxrss_kib": rss, "pages": n_ok}))
"""


def _site_pages(tmp: Path, copies: int) -> list[Path]:
    """The corpus integration pages ``copies`` times (distinct file names, so distinct site
    paths) plus the property reference once: a whole-site-sized set."""
    pages = sorted(CORPUS.glob("*.html"))
    table_pages = [p for p in pages if p.name.startswith("integrations__")]
    other = [p for p in pages if p not in table_pages]
    out: list[Path] = []
    for i in range(copies):
        for page in table_pages:
            dest = tmp / (page.stem + (f"-copy{i}" if i else "") + ".html")
            dest.symlink_to(page)
            out.append(dest)
    for page in other:
        dest = tmp / page.name
        dest.symlink_to(page)
        out.append(dest)
    return out


def _child(mode: str, listing: Path) -> dict[str, Any]:
    return _run_child(_PARSE_CHILD, mode, str(listing))


def _run_child(code: str, *args: str, cwd: Path = REPO) -> dict[str, Any]:
    """``code`` in a new Python (in ``cwd``, the repository unless given), its last line of
    output read as JSON; its error's last line raised when it fails."""
    proc = subprocess.run(
        [PY, "-c", code, *args], capture_output=True, text=True, cwd=cwd, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


PEAK_MB = 150


def bench_parse(copies: int, repeat: int) -> list[Row]:
    target = f"<= 3x, peak < {PEAK_MB} MB"
    if not CORPUS.is_dir():
        return [na("parse", target, f"no corpus at {CORPUS}")]
    base: list[dict[str, Any]] = []
    ours: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = _site_pages(Path(tmp), copies)
        listing = Path(tmp) / "pages.txt"
        listing.write_text("\n".join(map(str, paths)))
        size = sum(p.stat().st_size for p in paths)
        for _ in range(repeat):  # alternating, so a slow spell of the machine hits both
            base.append(_child("lxml", listing))
            ours.append(_child("docgen", listing))
    took = statistics.median(r["seconds"] for r in ours)
    lxml_s = statistics.median(r["seconds"] for r in base)
    ratio = took / lxml_s
    peak = max(r["maxrss_kib"] for r in ours)
    peak_ok = peak < PEAK_MB * 1024
    label = f"parse ({len(paths)} pages, {size / 1e6:.0f} MB)"
    read = min(r["pages"] for r in ours)
    note = "" if read == len(paths) else f" ({len(paths) - read} unreadable)"
    return [
        Row(
            label,
            f"{_secs(took)} {_spread(ours)}, peak {_mb(peak)}{note}",
            f"{_secs(lxml_s)} {_spread(base)}, peak {_mb(max(r['maxrss_kib'] for r in base))}",
            f"{ratio:.2f}x",
            target,
            "pass" if ratio <= 3 and peak_ok else "FAIL",
        ),
    ]


def _spread(runs: list[dict[str, Any]]) -> str:
    """``(median of 3: 3.10-3.32 s)``: how many runs the median is of, and their range."""
    times = [r["seconds"] for r in runs]
    if len(times) == 1:
        return "(one run)"
    return f"(median of {len(times)}: {_secs(min(times))}-{_secs(max(times))})"


# --------------------------------------------------------------------------- specs


def _specs_dir(tmp: Path) -> tuple[Path, str]:
    repo_specs = REPO / "specs"
    if repo_specs.is_dir() and any(repo_specs.glob("*.yaml")):
        return repo_specs, "specs/"
    from docgen import pipeline

    out = tmp / "specs"
    pipeline.update_specs(sorted(str(p) for p in CORPUS.glob("*.html")), out, progress=False)
    if not any(out.glob("*.yaml")):
        raise RuntimeError("update_specs wrote no specs")
    return out, "specs made from the corpus"


def _all_tables(spec_dir: Path) -> list[tuple[Any, Any]]:
    from docgen.emit import unique_tables
    from docgen.model.specio import load_specs

    conns, problems = load_specs(spec_dir)
    if problems:
        raise RuntimeError(f"{len(problems)} spec(s) do not load: {problems[0].message}")
    return [(conn, table) for conn in conns for table in unique_tables(conn)]


# --------------------------------------------------------------------------- build


def _table_schema(table: Any) -> dict[str, Any]:
    from docgen.emit.schemas import record_schema

    return record_schema(table)


def _naive_sample(tables: list[tuple[Any, Any]], n: int, tmp: Path) -> list[float]:
    exe = BIN / "datamodel-codegen"
    if not exe.exists():
        raise FileNotFoundError("datamodel-codegen CLI not in the venv")
    step = max(1, len(tables) // n)
    sample = tables[::step][:n]
    times = []
    for i, (_conn, table) in enumerate(sample):
        src = tmp / f"t{i}.json"
        src.write_text(json.dumps(_table_schema(table)))
        t0 = time.perf_counter()
        subprocess.run(
            [
                str(exe),
                "--input",
                str(src),
                "--input-file-type",
                "jsonschema",
                "--output",
                str(tmp / f"t{i}.py"),
                "--output-model-type",
                "pydantic_v2.BaseModel",
                "--disable-timestamp",
            ],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - t0)
    return times


COLD_TARGET = 60  # x the naive path
NOOP_SHARE = 0.02  # of the cold build

_COLD_CHILD = r"""
import json, sys, time
from pathlib import Path
from docgen import pipeline  # the import is not the build
specs, out = Path(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
result = pipeline.build(specs, out)
elapsed = time.perf_counter() - t0
errors = [p.message for p in result.problems if p.severity == "error"]
print(json.dumps({"seconds": elapsed, "errors": errors}))
"""


def _cold_build(spec_dir: Path, out: Path) -> dict[str, Any]:
    run = _run_child(_COLD_CHILD, str(spec_dir), str(out))
    if run["errors"]:
        raise RuntimeError(f"build failed: {run['errors'][0]}")
    return run


_NOOP_CHILD = r"""
import json, sys, time
from pathlib import Path
from docgen import pipeline  # the import is not the build
t0 = time.perf_counter()
result = pipeline.build(Path("specs"), Path("generated"))
elapsed = time.perf_counter() - t0
done = {"changes": len(result.changes), "rendered": len(result.rendered)}
print(json.dumps({"seconds": elapsed, **done}))
"""


def bench_build(spec_dir: Path, spec_note: str, sample: int, repeat: int) -> list[Row]:
    rows: list[Row] = []
    target = f">= {COLD_TARGET}x"
    with tempfile.TemporaryDirectory() as tmp:
        tables = _all_tables(spec_dir)
        runs: list[dict[str, Any]] = []
        pers: list[float] = []
        failed: Exception | None = None
        for i in range(repeat):
            # a cold build in a new process (nothing loaded, no cache warm: a user's build)
            # into an empty folder, then the naive path's sample: both sides of a round's
            # ratio meet the machine in the same state
            runs.append(_cold_build(spec_dir, Path(tmp) / f"cold{i}" / "generated"))
            if failed is None:
                try:
                    pers.append(statistics.mean(_naive_sample(tables, sample, Path(tmp))))
                except (OSError, subprocess.CalledProcessError) as exc:
                    failed = exc
        cold_s = statistics.median(r["seconds"] for r in runs)
        if failed is not None:
            rows.append(
                Row(
                    f"build cold ({len(tables)} tables)",
                    f"{_secs(cold_s)} {_spread(runs)}",
                    "-",
                    "-",
                    target,
                    f"n/a (naive path: {failed})",
                )
            )
        else:
            ratios = [per * len(tables) / r["seconds"] for per, r in zip(pers, runs, strict=True)]
            ratio = statistics.median(ratios)
            per = statistics.median(pers)
            each = ", ".join(f"{r:.0f}x" for r in ratios)
            rounds = f"median of {len(pers)} rounds, " if len(pers) > 1 else ""
            rows.append(
                Row(
                    f"build cold ({len(tables)} tables, {spec_note})",
                    f"{_secs(cold_s)} {_spread(runs)}",
                    f"~{_secs(per * len(tables))} (datamodel-codegen CLI per table: "
                    f"{_secs(per)}, {rounds}each the mean of {sample} sampled tables; "
                    f"x {len(tables)} tables, extrapolated)",
                    f"{ratio:.0f}x" + (f" (rounds: {each})" if len(ratios) > 1 else ""),
                    target,
                    "pass" if ratio >= COLD_TARGET else "FAIL",
                )
            )
    rows += _guard("no-op build", f"< {NOOP_SHARE:.0%}", lambda: bench_noop(cold_s))
    return rows


def bench_noop(cold_s: float, repeat: int = 5) -> list[Row]:
    """The second ``docgen build`` of a fresh clone (the first writes the generator stamp)."""
    name, target = "build again in a fresh clone, nothing changed", f"< {NOOP_SHARE:.0%}"
    exe = BIN / "docgen"
    if not exe.exists() or shutil.which("git") is None or not (REPO / ".git").exists():
        return [na(name, target, "needs git, a git clone and docgen in the venv")]
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        t0 = time.perf_counter()
        first = subprocess.run([str(exe), "build"], cwd=clone, capture_output=True, text=True)
        first_s = time.perf_counter() - t0
        if first.returncode != 0:
            return [na(name, target, f"first build: {first.stderr.strip()[-120:]}")]
        builds = [_run_child(_NOOP_CHILD, cwd=clone) for _ in range(repeat)]
        process = _median_run([str(exe), "build"], clone, repeat)
    took = statistics.median(b["seconds"] for b in builds)
    idle = all(b["changes"] == 0 and b["rendered"] == 0 for b in builds)
    share = took / cold_s
    return [
        Row(
            name,
            f"{_secs(took)} (median of {repeat}; 0 files written: {idle}; "
            f"whole `docgen build` process {_secs(process)}; first build {_secs(first_s)})",
            f"cold {_secs(cold_s)}",
            f"{share * 100:.1f}% of cold",
            target,
            "pass" if share < NOOP_SHARE and idle else "FAIL",
        )
    ]


# --------------------------------------------------------------------------- validators


class _Gen:
    """Deterministic records for a JSON schema (Singer style: nullable everything)."""

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)

    def value(self, schema: dict[str, Any], depth: int = 0) -> Any:
        rng = self.rng
        types = schema.get("type")
        if isinstance(types, str):
            types = [types]
        if not types:
            return rng.choice(["x", 1, 2.5, True, None])
        non_null = [t for t in types if t != "null"]
        if not non_null or ("null" in types and rng.random() < 0.1):
            return None
        kind = non_null[0]
        fmt = str(schema.get("format") or "")
        if kind == "string":
            return {
                "date-time": f"2021-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T12:34:56Z",
                "date": f"2021-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "time": f"1{rng.randint(0, 9)}:30:00",
                "singer.decimal": f"{rng.randint(0, 9999)}.{rng.randint(0, 99)}",
            }.get(fmt, f"s{rng.randint(0, 10**6)}")
        if kind == "integer":
            return rng.randint(-(10**6), 10**6)
        if kind == "number":
            return rng.random() * 1000
        if kind == "boolean":
            return rng.random() < 0.5
        if kind == "object":
            props = schema.get("properties") or {}
            if depth > 3:
                return {}
            return {k: self.value(v, depth + 1) for k, v in props.items()}
        if kind == "array":
            items = schema.get("items") or {}
            return [self.value(items, depth + 1) for _ in range(rng.randint(0, 2))]
        return None

    def records(self, schema: dict[str, Any], n: int) -> tuple[list[Any], set[int]]:
        """``n`` records; about 1% get one top-level value of a wrong type."""
        out, bad = [], set()
        props = schema.get("properties") or {}
        typed = [
            k
            for k, v in props.items()
            if v.get("type")
            and "string" not in (v["type"] if isinstance(v["type"], list) else [v["type"]])
        ]
        for i in range(n):
            rec = self.value(schema)
            if typed and self.rng.random() < 0.01:
                rec[self.rng.choice(typed)] = "not-the-type"
                bad.add(i)
            out.append(rec)
        return out, bad


def _load_validators(pkg_dir: Path) -> Callable[[str, Any], list[Any]]:
    path = pkg_dir / "validators.py"
    if not path.exists():
        raise FileNotFoundError(f"{path} not generated")
    # validators.py imports the package's _runtime.py: load the package under a private
    # name (its __init__ too, as a user's import does), then its validators module
    package = f"_bench_{pkg_dir.name}"
    spec = importlib.util.spec_from_file_location(
        package, pkg_dir / "__init__.py", submodule_search_locations=[str(pkg_dir)]
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[package] = module
    spec.loader.exec_module(module)
    validators = importlib.import_module(f"{package}.validators")
    validate: Callable[[str, Any], list[Any]] = validators.validate_record
    return validate


WIDTH = 50
DECIMAL = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"


def _stream_schema(pkg: Path, table: Any) -> dict[str, Any]:
    """The stream's schema from the generated catalog (what a Singer target validates
    against), else docgen's record schema for the table."""
    catalog = pkg / "catalog.json"
    if catalog.exists():
        for stream in json.loads(catalog.read_text()).get("streams", []):
            if table.name in (stream.get("tap_stream_id"), stream.get("stream")):
                schema: dict[str, Any] = stream["schema"]
                return schema
    return _table_schema(table)


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def bench_validators(spec_dir: Path, n: int, slice_n: int) -> list[Row]:
    import fastjsonschema
    import jsonschema  # type: ignore[import-untyped]

    from docgen import pipeline
    from docgen.model import specio
    from docgen.model.spec import count_columns

    tables = _all_tables(spec_dir)
    if not tables:
        return [na("validators", "", "no tables in specs")]
    # a typical rich stream: nested columns, about WIDTH columns in all (nearest; then name)
    nested = [ct for ct in tables if any(c.children for c in ct[1].columns)] or tables
    conn, table = min(
        nested,
        key=lambda ct: (abs(count_columns(ct[1].columns) - WIDTH), ct[0].name, ct[1].name),
    )
    with tempfile.TemporaryDirectory() as tmp:
        specs = Path(tmp) / "specs"  # the generated package, built as docgen build does
        specs.mkdir()
        (specs / f"{conn.name}.yaml").write_text(specio.dump(conn), encoding="utf-8")
        pipeline.build(specs, Path(tmp) / "out")
        pkg = Path(tmp) / "out" / conn.name
        validate_record = _load_validators(pkg)
        schema = _stream_schema(pkg, table)
        records, bad = _Gen(0).records(schema, n)
        fast = fastjsonschema.compile(schema, formats={"singer.decimal": DECIMAL})
        slow = jsonschema.Draft7Validator(
            schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
        )

        def run_ours() -> set[int]:
            return {i for i, r in enumerate(records) if validate_record(table.name, r)}

        def run_fast() -> set[int]:
            flagged = set()
            for i, r in enumerate(records):
                try:
                    fast(r)
                except fastjsonschema.JsonSchemaException:
                    flagged.add(i)
            return flagged

        part = records[:slice_n]

        def run_slow() -> set[int]:
            return {i for i, r in enumerate(part) if not slow.is_valid(r)}

        agree = run_ours() == run_fast() == bad and run_slow() == {i for i in bad if i < slice_n}
        ours_s = _best(run_ours, 3)
        fast_s = _best(run_fast, 3)
        slow_s = _best(run_slow, 1) * (n / slice_n)
    stream = f"{conn.name}.{table.name}, {count_columns(table.columns)} columns"
    mark = "" if agree else " (DISAGREE on invalid records)"
    per = f"{ours_s / n * 1e6:.1f} us/record"
    return [
        Row(
            f"validators vs fastjsonschema ({n:,} records, {stream})",
            f"{_secs(ours_s)} ({per}){mark}",
            _secs(fast_s),
            f"{fast_s / ours_s:.1f}x faster",
            ">= 1x",
            "pass" if fast_s >= ours_s and agree else "FAIL",
        ),
        Row(
            f"validators vs jsonschema (same records; {slice_n:,} run, scaled)",
            _secs(ours_s),
            f"~{_secs(slow_s)}",
            f"{slow_s / ours_s:.0f}x faster",
            ">= 10x",
            "pass" if slow_s / ours_s >= 10 and agree else "FAIL",
        ),
    ]


# --------------------------------------------------------------------------- startup


def bench_startup(repeat: int = 7) -> list[Row]:
    exe = BIN / "docgen"
    if not exe.exists():
        return [na("startup: docgen --help", "< 0.3 s", "docgen not installed in the venv")]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return [
        Row(
            "startup: docgen --help",
            f"{_secs(med)} (median of {repeat})",
            "-",
            "-",
            "< 0.3 s",
            "pass" if med < 0.3 else "FAIL",
        )
    ]


def _median_run(cmd: list[str], cwd: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=False, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_diff(repeat: int = 5) -> list[Row]:
    name, target = "diff HEAD specs, one spec edited", "<= 5x start-up"
    exe = BIN / "docgen"
    if not exe.exists() or shutil.which("git") is None or not (REPO / ".git").exists():
        return [na(name, target, "needs git, a git clone and docgen in the venv")]
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
        specs = sorted((clone / "specs").glob("*.yaml"))
        if not specs:
            return [na(name, target, "no committed specs")]
        spec = specs[len(specs) // 2]
        text = spec.read_text(encoding="utf-8")
        spec.write_text(text.replace("- string\n", "- integer\n", 1), encoding="utf-8")
        startup = _median_run([str(exe), "--help"], clone, repeat)
        took = _median_run([str(exe), "diff", "HEAD", "specs"], clone, repeat)
    ratio = took / startup
    return [
        Row(
            f"{name} ({len(specs)} specs)",
            f"{_secs(took)} (median of {repeat})",
            f"{_secs(startup)} (docgen --help)",
            f"{ratio:.1f}x",
            target,
            "pass" if ratio <= 5 else "FAIL",
        )
    ]


# --------------------------------------------------------------------------- tests

TESTS_BUDGET = 80.0  # seconds, on the project's 2-core machine


def bench_tests() -> list[Row]:
    """The README's test command's pytest run (its second line: ``pytest -q -n auto``)."""
    name, target = "test suite (README's test command)", f"<= {TESTS_BUDGET:.0f} s"
    t0 = time.perf_counter()
    run = subprocess.run(
        [PY, "-m", "pytest", "-q", "-n", "auto", "-p", "no:cacheprovider"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - t0
    last = (run.stdout.strip().splitlines() or ["no output"])[-1].strip("= ")
    if run.returncode != 0:
        return [na(name, target, f"pytest exit {run.returncode}: {last[:100]}")]
    return [
        Row(
            name,
            f"{_secs(took)} ({last.split(' in ')[0]}, {os.cpu_count()} cores)",
            f"budget {TESTS_BUDGET:.0f} s",
            f"{took / TESTS_BUDGET * 100:.0f}% of budget",
            target,
            "pass" if took <= TESTS_BUDGET else "FAIL",
        )
    ]


# --------------------------------------------------------------------------- main


def _guard(name: str, target: str, fn: Callable[[], list[Row]]) -> list[Row]:
    try:
        return fn()
    except Exception as exc:
        if os.environ.get("BENCH_DEBUG"):
            traceback.print_exc()
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:120]
        return [na(name, target, reason)]


def render(rows: list[Row]) -> str:
    head = ["benchmark", "docgen", "baseline", "ratio", "target", "result"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.name, r.docgen, r.baseline, r.ratio, r.target, r.result]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def _spec_rows(only: set[str], sample: int, n: int, slice_n: int, repeat: int) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            spec_dir, note = _specs_dir(Path(tmp))
        except Exception as exc:
            reason = f"no specs: {type(exc).__name__}: {exc}".splitlines()[0][:120]
            return [na("build", f">= {COLD_TARGET}x", reason), na("validators", ">= 1x", reason)]
        if "build" in only:
            cold = f">= {COLD_TARGET}x"
            rows += _guard("build", cold, lambda: bench_build(spec_dir, note, sample, repeat))
        if "validators" in only:
            rows += _guard(
                "validators", ">= 1x / >= 10x", lambda: bench_validators(spec_dir, n, slice_n)
            )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smaller sizes (for trying the script, not for reporting)",
    )
    parser.add_argument(
        "--only",
        default="parse,build,validators,startup,diff,tests",
        help="comma-separated rows to run (default: all)",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    quick, full = (1, 2, 10_000, 1_000, 1), (6, 6, 100_000, 10_000, 3)
    copies, sample, n, slice_n, repeat = quick if args.quick else full
    sys.path.insert(0, str(REPO))
    rows: list[Row] = []
    if "parse" in only:
        rows += _guard("parse", "<= 3x", lambda: bench_parse(copies, repeat))
    if only & {"build", "validators"}:
        rows += _spec_rows(only, sample, n, slice_n, repeat)
    if "startup" in only:
        rows += _guard("startup: docgen --help", "< 0.3 s", bench_startup)
    if "diff" in only:
        rows += _guard("diff HEAD specs", "<= 5x start-up", bench_diff)
    if "tests" in only:
        rows += _guard("test suite", f"<= {TESTS_BUDGET:.0f} s", bench_tests)
    print(render(rows))
    return 0


if __name__ == "__main__":
    shutil.rmtree(REPO / "bench" / "__pycache__", ignore_errors=True)
    raise SystemExit(main())
