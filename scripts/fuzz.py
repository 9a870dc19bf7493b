#!/usr/bin/env python3
"""Seeded fuzzing of docgen with the pages people actually feed it, damaged.

    .venv/bin/python scripts/fuzz.py [--seed 1] [--mutants 3000] [--builds 150] [--json]

Two parts, both through the real CLI (typer's runner, in process):

mutants   corpus pages mutated one way each: truncated, bytes flipped, tags dropped,
          a nesting bomb, re-encoded, junk inserted, hostile names and descriptions.
          Each runs ``docgen parse --json`` and ``docgen update`` into its own folder.
builds    a small corpus table page (and the property fixture) with hostile table names,
          column names, descriptions and property names; ``docgen update`` then
          ``docgen build``, then every generated package is imported and called in a
          fresh Python process (validate_config / validate_record on each stream).

Counted, and every count but the first two must be zero:
  tracebacks     a command that raised (exit 3 "internal error", or any exception)
  injected       a payload's code ran (payloads create files in a canary folder)
  outside        a file written anywhere but the run's specs/ and output folders
  not compiling  a generated .py that does not compile
  import fails   a generated package that does not import or whose validators raise

Exit 1 when any of those is not zero. ``--json`` prints the figures as one JSON object.
Same seed, same mutants: a failure is reproduced with its seed and index (printed).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO.parent / "shared" / "corpus" / "pages"
PROPERTY_FIXTURE = REPO / "tests" / "fixtures" / "properties" / "mini.html"
SMALL_TABLE_PAGES = (
    "integrations__saas__autopilot.html",
    "integrations__saas__appsflyer.html",
    "integrations__saas__marketo.html",
    "integrations__webhooks__segment.html",
)


def payloads(canary: Path) -> list[str]:
    """Names and descriptions meant to break out of wherever docgen writes them."""
    c = str(canary)
    return [
        f'"""); open({c + "/py1"!r}, "w") #',
        f"'); open({c + '/py2'!r}, 'w') #",
        f"\\\"; __import__('os').system('touch {c}/sh1') #",
        f"{{{{ cycler.__init__.__globals__.os.system('touch {c}/jinja') }}}}",
        f"$(touch {c}/sh2)",
        f"`touch {c}/sh3`",
        "</script><script>alert(1)</script>",
        "../../../../escape",
        "class",
        "None",
        "__init__",
        "model_config",
        "a\nb\r\nc",
        "\u202eevil\u202d",
        "trailing backslash \\",
        "x" * 3000,
        "名前",
        "#!/bin/sh",
        '{"$ref": "http://evil.example/x"}',
        "1st",
        "",
    ]


# --------------------------------------------------------------------------- mutations


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(0, max(1, len(data)))]


def flip(data: bytes, rnd: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rnd.randint(1, 64)):
        i = rnd.randrange(len(out))
        out[i] = rnd.randrange(256)
    return bytes(out)


def drop_tags(data: bytes, rnd: random.Random) -> bytes:
    tags = list(re.finditer(rb"</?[a-zA-Z][^<>]{0,200}>", data))
    if not tags:
        return data
    drop = {m.start() for m in rnd.sample(tags, min(len(tags), rnd.randint(1, 200)))}
    out = bytearray()
    last = 0
    for m in tags:
        if m.start() in drop:
            out += data[last : m.start()]
            last = m.end()
    return bytes(out + data[last:])


def nesting_bomb(data: bytes, rnd: random.Random) -> bytes:
    depth = rnd.choice([500, 5000, 50000])
    tag = rnd.choice([b"div", b"table", b"ul", b"p", b"strong"])
    bomb = (b"<" + tag + b">") * depth + b"x" + (b"</" + tag + b">") * rnd.choice([0, depth])
    at = data.find(b'id="table-reference"')
    at = at if at >= 0 and rnd.random() < 0.7 else rnd.randrange(len(data))
    return data[:at] + bomb + data[at:]


def reencode(data: bytes, rnd: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    enc = rnd.choice(["utf-16", "utf-16-be", "latin-1", "cp1252", "utf-32", "utf-8-sig"])
    if rnd.random() < 0.5:  # declared charset left lying about the bytes
        text = re.sub(r'charset="?[\w-]+"?', 'charset="utf-8"', text, count=1)
    return text.encode(enc, errors="replace")


def junk(data: bytes, rnd: random.Random) -> bytes:
    blob = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 4096)))
    where = rnd.choice(["start", "end", "middle"])
    if where == "start":
        return blob + data
    if where == "end":
        return data + blob
    i = rnd.randrange(len(data))
    return data[:i] + blob + data[i:]


def hostile(data: bytes, rnd: random.Random, canary: Path) -> bytes:
    """Hostile text in table names, column names, descriptions and property names."""
    text = data.decode("utf-8", errors="replace")
    evil = payloads(canary)

    def sub(pattern: str, group: int, count: int) -> None:
        nonlocal text
        found = list(re.finditer(pattern, text))
        for m in sorted(rnd.sample(found, min(count, len(found))), key=lambda m: -m.start()):
            value = html.escape(rnd.choice(evil), quote=False)
            text = text[: m.start(group)] + value + text[m.end(group) :]

    sub(r'<h3 id="[^"]*">([^<]*)</h3>', 1, rnd.randint(1, 4))  # table names
    sub(r"<strong>\s*([A-Za-z0-9_.\-]+)\s*</strong>", 1, rnd.randint(1, 20))  # columns
    sub(r"<p>([^<]{20,})</p>", 1, rnd.randint(1, 20))  # descriptions
    sub(r"<td><code>([A-Za-z0-9_]+)</code></td>", 1, rnd.randint(1, 6))  # property names
    sub(r"<h1[^>]*>([^<]*)</h1>", 1, 1)  # the integration's name
    return text.encode("utf-8")


MUTATIONS = ["truncate", "flip", "drop_tags", "nesting_bomb", "reencode", "junk", "hostile"]


def mutate(kind: str, data: bytes, rnd: random.Random, canary: Path) -> bytes:
    if kind == "hostile":
        return hostile(data, rnd, canary)
    fn = {
        "truncate": truncate,
        "flip": flip,
        "drop_tags": drop_tags,
        "nesting_bomb": nesting_bomb,
        "reencode": reencode,
        "junk": junk,
    }[kind]
    return fn(data, rnd)  # type: ignore[operator]


# --------------------------------------------------------------------------- running


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.failures: list[str] = []

    def bad(self, what: str, detail: str) -> None:
        self.counts[what] += 1
        if len(self.failures) < 20:
            self.failures.append(f"{what}: {detail}")


def invoke(args: list[str], tally: Tally, label: str) -> int:
    from typer.testing import CliRunner

    from docgen.cli import app

    result = CliRunner().invoke(app, args)
    code = result.exit_code
    raised = result.exception is not None and not isinstance(result.exception, SystemExit)
    if raised or code == 3 or "Traceback" in result.stderr:
        tally.bad("tracebacks", f"{label}: docgen {' '.join(args[:1])}: {result.stderr[-300:]}")
    tally.counts[f"{args[0]} exit {code}"] += 1
    return code


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def check_writes(
    run: Path, before: set[Path], allowed: list[Path], tally: Tally, label: str
) -> None:
    for path in files_under(run) - before:
        if not any(path.is_relative_to(a) for a in allowed):
            tally.bad("outside", f"{label}: {path}")


def check_root(work: Path, tally: Tally, label: str) -> None:
    """Nothing beside the run folders and the canary in the fuzz folder (a path that
    escaped its run folder with ``..`` lands here)."""
    for entry in work.iterdir():
        if not re.fullmatch(r"[mb]\d+|canary", entry.name):
            tally.bad("outside", f"{label}: {entry}")


def check_canary(canary: Path, tally: Tally, label: str) -> None:
    for path in canary.iterdir():
        tally.bad("injected", f"{label}: {path.name}")
        path.unlink()


_IMPORT = r"""
import importlib, json, sys
out, names = sys.argv[1], sys.argv[2:]
sys.path.insert(0, out)
failed = []
for name in names:
    try:
        pkg = importlib.import_module(name)
        if hasattr(pkg, "validate_config"):
            pkg.validate_config({})
        if hasattr(pkg, "validate_record"):
            catalog = json.load(open(f"{out}/{name}/catalog.json"))
            for stream in catalog.get("streams", []):
                pkg.validate_record(stream["tap_stream_id"], {})
                pkg.validate_record(stream["tap_stream_id"], {"x": [1, {"y": None}]})
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}"[:300])
print(json.dumps(failed))
"""


def import_packages(out: Path, tally: Tally, label: str) -> int:
    names = sorted(p.name for p in out.iterdir() if (p / "__init__.py").is_file())
    for py in out.rglob("*.py"):
        try:
            compile(py.read_text(encoding="utf-8"), str(py), "exec")
        except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
            tally.bad("not compiling", f"{label}: {py}: {exc}")
    if not names:
        return 0
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORT, str(out), *names],
        capture_output=True,
        text=True,
        check=False,
        cwd=out,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    try:
        failed = json.loads(proc.stdout)
    except ValueError:
        failed = [proc.stderr[-300:]]
    for line in failed:
        tally.bad("import fails", f"{label}: {line}")
    return len(names)


def fuzz(seed: int, mutants: int, builds: int, work: Path) -> dict[str, object]:
    rnd = random.Random(seed)
    canary = work / "canary"
    canary.mkdir()
    pages = sorted(PAGES.glob("*.html"))
    if not pages:
        raise SystemExit(f"no corpus pages at {PAGES}")
    sources = {p: p.read_bytes() for p in pages}
    tally = Tally()
    started = time.perf_counter()
    old_cwd = Path.cwd()
    try:
        for i in range(mutants):
            page = rnd.choice(pages)
            kind = MUTATIONS[i % len(MUTATIONS)]
            run = work / f"m{i}"
            run.mkdir()
            os.chdir(run)
            target = run / page.name
            target.write_bytes(mutate(kind, sources[page], rnd, canary))
            label = f"seed {seed} mutant {i} ({kind} of {page.name})"
            before = files_under(run)
            invoke(["parse", str(target), "--json"], tally, label)
            invoke(["update", str(target), "--specs", str(run / "specs")], tally, label)
            check_writes(run, before, [run / "specs"], tally, label)
            check_canary(canary, tally, label)
            tally.counts[f"mutation {kind}"] += 1
        packages = 0
        for b in range(builds):
            run = work / f"b{b}"
            run.mkdir()
            os.chdir(run)
            inputs = []
            for name in rnd.sample(SMALL_TABLE_PAGES, rnd.randint(1, 2)):
                page = PAGES / name
                target = run / name
                target.write_bytes(hostile(page.read_bytes(), rnd, canary))
                inputs.append(str(target))
            if PROPERTY_FIXTURE.is_file():
                target = run / "properties.html"
                target.write_bytes(hostile(PROPERTY_FIXTURE.read_bytes(), rnd, canary))
                inputs.append(str(target))
            label = f"seed {seed} build {b}"
            before = files_under(run)
            specs, out = run / "specs", run / "out"
            invoke(["update", *inputs, "--specs", str(specs)], tally, label)
            if specs.is_dir() and any(specs.glob("*.yaml")):
                invoke(["build", "--specs", str(specs), "--out", str(out)], tally, label)
            if out.is_dir():
                packages += import_packages(out, tally, label)
            check_writes(run, before, [specs, out], tally, label)
            check_root(work, tally, label)
            check_canary(canary, tally, label)
    finally:
        os.chdir(old_cwd)
    figures = {
        "seed": seed,
        "mutants": mutants,
        "builds": builds,
        "packages imported": packages,
        "tracebacks": tally.counts["tracebacks"],
        "injected": tally.counts["injected"],
        "outside": tally.counts["outside"],
        "not compiling": tally.counts["not compiling"],
        "import fails": tally.counts["import fails"],
        "seconds": round(time.perf_counter() - started, 1),
        "exits": {k: v for k, v in sorted(tally.counts.items()) if " exit " in k},
        "failures": tally.failures,
    }
    return figures


BAD_KEYS = ("tracebacks", "injected", "outside", "not compiling", "import fails")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mutants", type=int, default=3000)
    parser.add_argument("--builds", type=int, default=150)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("DOCGEN_JOBS", "1")
    with tempfile.TemporaryDirectory(prefix="docgen-fuzz-") as tmp:
        figures = fuzz(args.seed, args.mutants, args.builds, Path(tmp))
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for key, value in figures.items():
            if key not in ("exits", "failures"):
                print(f"{key}: {value}")
        print("exit codes: " + ", ".join(f"{k} x{v}" for k, v in figures["exits"].items()))  # type: ignore[union-attr]
        for line in figures["failures"]:  # type: ignore[union-attr]
            print(f"  {line}")
    return 1 if any(figures[k] for k in BAD_KEYS) else 0


if __name__ == "__main__":
    sys.exit(main())
