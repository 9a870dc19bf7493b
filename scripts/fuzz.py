#!/usr/bin/env python3
"""Seeded fuzzing of docgen with the pages people actually feed it, damaged.

    .venv/bin/python scripts/fuzz.py [--seed 1] [--mutants 3000] [--builds 150]
                                     [--names 60] [--races 20] [--interrupts 60] [--json]

Five parts, through the real CLI (typer's runner in process, or real processes):

mutants   corpus pages mutated one way each: truncated, bytes flipped, tags dropped,
          a nesting bomb, re-encoded, junk inserted, hostile names and descriptions.
          Each runs ``docgen parse --json`` and ``docgen update`` into its own folder.
builds    a small corpus table page (and the property fixture) with hostile table names,
          column names, descriptions and property names; ``docgen update`` then
          ``docgen build``, then every generated package is imported and called in a
          fresh Python process (validate_config / validate_record on each stream).
names     a corpus page saved under another name (spaces, unicode, "(copy)", a browser's
          "Title - Stitch Docs.html", another extension, a name that looks like an option)
          must update the same spec as under its own name, byte for byte, and record
          none of that name.
races     two ``docgen update`` processes at once whose pages both rewrite one spec (the
          property reference and the integration page), and two ``docgen build``
          processes at once: both edits kept, the second build rewrites nothing.
interrupts  ``docgen build`` (worker processes) or ``docgen update`` stopped by SIGINT or
          SIGTERM at a random moment of its run (up to 1.1 times a whole run's time): exit
          130 or 143 with its one line (or 0 when it ended first), no temporary file, no
          process left in its session, and the folder
          as before (or, when it ended, as a full run leaves it). A signal in the first
          milliseconds, while the Python interpreter itself starts and before any docgen
          code runs, gets Python's defaults; it is counted apart ("before start") and must
          have left everything as it was.

Counted, and every count but the first two must be zero:
  tracebacks     a command that raised (exit 3 "internal error", or any exception)
  injected       a payload's code ran (payloads create files in a canary folder)
  outside        a file written anywhere but the run's specs/ and output folders
  not compiling  a generated .py that does not compile
  import fails   a generated package that does not import or whose validators raise
  renamed        a page saved under another name that changed another spec or recorded its name
  lost edits     a concurrent run that lost another's edit, failed, or redid its work
  debris         a temporary or lock file a stopped run left behind
  orphans        a process a stopped run left running
  inconsistent   a stopped run's folder neither as before nor as a full run leaves it, or
                 a stop that was not one line with exit 130/143

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
import shutil
import signal
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


# --------------------------------------------------------------------------- names


def saved_names(rnd: random.Random, page: Path) -> str:
    """A name a person or a browser might save ``page`` under."""
    slug = page.stem.split("__")[-1]
    title = slug.replace("-", " ").title()
    return rnd.choice(
        [
            f"{title} Integration - Stitch Docs.html",
            "pägé (copy).html",
            f"{slug}.html",
            f"{slug} (1).htm",
            f"{title.upper()}.HTML",
            "名前 ページ.html",
            "page‮gnp.html",
            f"--{slug}.html",
            f"  {slug}  .html",
            f"{slug}",
            "index.html",
            f"{slug}__v9__other.html",
        ]
    )


def fuzz_names(rnd: random.Random, rounds: int, work: Path, tally: Tally) -> None:
    """Each page under its own name once (reference), then under other names."""
    pages = [PAGES / n for n in (*SMALL_TABLE_PAGES, "integrations__saas__mambu__v2.html")]
    pages = [p for p in pages if p.is_file()]
    reference: dict[Path, dict[str, bytes]] = {}
    for i in range(rounds):
        page = rnd.choice(pages)
        run = work / f"n{i}"
        run.mkdir()
        if page not in reference:
            ref = run / "ref"
            invoke(["update", str(page), "--specs", str(ref)], tally, f"names {i} ref")
            reference[page] = tree(ref)
        specs = run / "specs"
        for rel, data in reference[page].items():  # the spec folder a first update left
            (specs / rel).parent.mkdir(parents=True, exist_ok=True)
            (specs / rel).write_bytes(data)
        name = saved_names(rnd, page)
        saved = run / "saved" / name
        saved.parent.mkdir()
        saved.write_bytes(page.read_bytes())
        label = f"seed names {i} ({page.name} as {name!r})"
        invoke(["update", str(saved), "--specs", str(specs)], tally, label)
        got = tree(specs)
        stem = name.strip().rsplit(".", 1)[0].encode()
        if got != reference[page]:
            tally.bad("renamed", f"{label}: {sorted(set(got) ^ set(reference[page]))[:3]}")
        elif any(stem in data for data in got.values()) and stem not in page.read_bytes():
            tally.bad("renamed", f"{label}: its file name is recorded")
        tally.counts["names"] += 1


def tree(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".docgen-generator"
    }


# --------------------------------------------------------------------------- processes

DOCGEN = [sys.executable, "-m", "docgen"]  # what the console script runs
TEMP_FILE = re.compile(r"\.docgen-\d+-[0-9a-f]+\.(tmp|bak)$")


def project(run: Path, names: tuple[str, ...] = ("autopilot", "segment", "asana")) -> Path:
    """A scratch project: committed specs and the packages they give."""
    specs = run / "specs"
    specs.mkdir(parents=True)
    for name in names:
        (specs / f"{name}.yaml").write_bytes((REPO / "specs" / f"{name}.yaml").read_bytes())
    subprocess.run([*DOCGEN, "build"], cwd=run, capture_output=True, check=True, env=_env())
    return run


def _env() -> dict[str, str]:
    return {**os.environ, "DOCGEN_JOBS": "2", "DOCGEN_LOCK_WAIT": "120"}


def spawn(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*DOCGEN, *args],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its workers share its session: none may outlive it
    )


def session(pid: int) -> list[int]:
    """Processes alive in the session ``pid`` led."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == pid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def debris(run: Path) -> list[Path]:
    return [p for p in run.rglob(".*") if TEMP_FILE.search(p.name) or p.name == ".docgen-lock"]


def fuzz_races(rnd: random.Random, rounds: int, work: Path, tally: Tally) -> None:
    properties = PAGES / "developers__stitch-connect__guides__source-destination-reference.html"
    autopilot = PAGES / "integrations__saas__autopilot.html"
    for i in range(rounds):
        run = project(work / f"r{i}")
        label = f"seed races {i}"
        spec = run / "specs" / "autopilot.yaml"
        spec.unlink()
        first = spawn(["update", str(properties)], run)
        time.sleep(rnd.uniform(0, 0.6))
        second = spawn(["update", str(autopilot)], run)
        codes = [p.wait(timeout=300) for p in (first, second)]
        text = spec.read_text(encoding="utf-8") if spec.is_file() else ""
        if codes != [0, 0] or "\nconfig:" not in text or "\ntables:" not in text:
            tally.bad("lost edits", f"{label}: updates exit {codes}, autopilot.yaml lost an edit")
        asana = run / "specs" / "asana.yaml"
        asana.write_text(asana.read_text().replace("Asana", f"Asana {i}"), encoding="utf-8")
        builds = [spawn(["build"], run)]
        time.sleep(rnd.uniform(0, 0.3))
        builds.append(spawn(["build"], run))
        outs = [p.communicate(timeout=300) for p in builds]
        written = sorted(
            o.strip().splitlines()[-1].split(" ")[0] if o.strip() else "?" for o, _ in outs
        )
        if [p.returncode for p in builds] != [0, 0] or written[0] != "0":
            tally.bad(
                "lost edits",
                f"{label}: builds exit {[p.returncode for p in builds]}, wrote {written}",
            )
        if debris(run):
            tally.bad("debris", f"{label}: {debris(run)[:3]}")
        tally.counts["races"] += 1


def fuzz_interrupts(rnd: random.Random, rounds: int, work: Path, tally: Tally) -> None:
    """Stop real runs at random moments; see the module's docstring for what must hold."""
    pages = [str(PAGES / "integrations__webhooks__segment.html")]
    base = project(work / "i-base", ("segment", "asana", "adroll"))  # small, quick to render
    full: dict[str, dict[str, bytes]] = {}
    took: dict[str, float] = {}
    for i in range(rounds):
        run = work / f"i{i}"
        shutil.copytree(base, run)
        command = rnd.choice(["build", "update"])
        if command == "build":  # everything rendered again, by worker processes
            (run / "generated" / ".docgen-generator").unlink()
            (run / "specs" / "asana.yaml").unlink()  # and a package to remove
            args, folder = ["build"], run / "generated"
        else:
            (run / "specs" / "segment.yaml").unlink()
            args, folder = ["update", *pages], run / "specs"
        before = tree(folder)
        if command not in full:  # what a whole run leaves, and how long it takes
            ref = work / f"i-ref-{command}"
            shutil.copytree(run, ref)
            started = time.monotonic()
            subprocess.run([*DOCGEN, *args], cwd=ref, capture_output=True, env=_env(), check=False)
            took[command] = time.monotonic() - started
            full[command] = tree(ref / folder.name)
        signum = rnd.choice([signal.SIGINT, signal.SIGTERM])
        proc = spawn(args, run)
        time.sleep(rnd.uniform(0.05, 1.1 * took[command]))  # mostly while it works
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=300)
        label = f"seed interrupts {i} ({command}, {signum.name})"
        deadline = time.monotonic() + 10
        while session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if session(proc.pid):
            tally.bad("orphans", f"{label}: {session(proc.pid)}")
        if debris(run):
            tally.bad("debris", f"{label}: {debris(run)[:3]}")
        after = tree(folder)
        code = proc.returncode
        if code == 128 + signum:
            ok = after == before and err.strip().endswith("interrupted; nothing half-written")
            ok = ok and len(err.strip().splitlines()) == 1
        elif code == 0:
            ok = after == full[command]
        else:
            # the signal came while the Python interpreter itself started, before any of
            # docgen's code ran (Python's defaults: SIGTERM ends it, SIGINT is Python's
            # KeyboardInterrupt): nothing may have been read or written
            early = code == -signum or (code == 1 and err.rstrip().endswith("KeyboardInterrupt"))
            ok = early and after == before and "docgen" not in err.split("Traceback")[0]
            code = "before start" if ok else code
        if not ok:
            tally.bad("inconsistent", f"{label}: exit {code}: {err.strip()[-200:]}")
        tally.counts[f"interrupt {command} exit {code}"] += 1


def fuzz(
    seed: int,
    mutants: int,
    builds: int,
    work: Path,
    names: int = 0,
    races: int = 0,
    interrupts: int = 0,
) -> dict[str, object]:
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
        fuzz_names(rnd, names, work, tally)
        if races or interrupts:
            if not Path("/proc/self/stat").exists():
                raise SystemExit("races and interrupts read /proc (Linux)")
            fuzz_races(rnd, races, work, tally)
            fuzz_interrupts(rnd, interrupts, work, tally)
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
        "names": names,
        "renamed": tally.counts["renamed"],
        "races": races,
        "lost edits": tally.counts["lost edits"],
        "interrupts": interrupts,
        "debris": tally.counts["debris"],
        "orphans": tally.counts["orphans"],
        "inconsistent": tally.counts["inconsistent"],
        "seconds": round(time.perf_counter() - started, 1),
        "exits": {k: v for k, v in sorted(tally.counts.items()) if " exit " in k},
        "failures": tally.failures,
    }
    return figures


BAD_KEYS = (
    "tracebacks",
    "injected",
    "outside",
    "not compiling",
    "import fails",
    "renamed",
    "lost edits",
    "debris",
    "orphans",
    "inconsistent",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mutants", type=int, default=3000)
    parser.add_argument("--builds", type=int, default=150)
    parser.add_argument("--names", type=int, default=60, help="pages saved under other names")
    parser.add_argument("--races", type=int, default=20, help="concurrent update/build pairs")
    parser.add_argument("--interrupts", type=int, default=60, help="runs stopped by a signal")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("DOCGEN_JOBS", "1")
    with tempfile.TemporaryDirectory(prefix="docgen-fuzz-") as tmp:
        figures = fuzz(
            args.seed,
            args.mutants,
            args.builds,
            Path(tmp),
            names=args.names,
            races=args.races,
            interrupts=args.interrupts,
        )
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
