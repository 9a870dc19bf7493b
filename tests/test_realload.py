"""docgen land against a real loader: one small connector's sample records through a
Stitch-style Singer target (target-postgres) into a PostgreSQL this test starts itself,
information_schema compared with `docgen land autopilot --destination postgresql --json`.
Every difference must be the target's or the docs' silence, none docgen's
(scripts/realload.py does this for every connector; its latest result is in the README).

Needs the PostgreSQL server binaries and the target's virtualenv (`scripts/realload.py
--install`, which .ci/run runs); outside CI it skips, with the reason, when either is absent.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any

import pytest
from conftest import REPO

SCRIPTS = REPO / "scripts"


def _realload() -> Any:
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("docgen_realload", SCRIPTS / "realload.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["docgen_realload"] = module
    spec.loader.exec_module(module)
    return module


realload = _realload()


def _require(ok: bool, why: str) -> None:
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {why} (.ci/run installs it)")
        pytest.skip(why)


@pytest.fixture(scope="module")
def server() -> Any:
    _require(realload.pg_bindir() is not None, "no PostgreSQL server binaries (initdb) on PATH")
    _require(
        realload.target_bin().exists(),
        f"target-postgres is not installed at {realload.TARGET_VENV} "
        "(run scripts/realload.py --install)",
    )
    with realload.postgres() as pg:
        yield pg


def test_autopilot_lands_in_postgresql_as_predicted(server: Any) -> None:
    got = realload.check(server, realload.target_bin(), REPO / "generated", "autopilot")
    counts = got.counts()
    docgen = [d for d in got.differences if d.kind == "docgen"]
    assert docgen == [], docgen[:5]
    assert got.tables_predicted == got.tables_loaded == 16 and not got.not_loaded
    assert got.columns_same > 0 and counts["target"] > 0  # it does deviate, in known ways
    reasons = {d.reason for d in got.differences}
    assert "system columns it does not write" in reasons  # no _sdc_extracted_at
    # what matched exactly: names the page keeps, types by the type table and Timezones
    landed = realload.land_json("autopilot")
    contacts = next(t for t in landed["tables"] if t["name"] == "contacts")
    types = {c["name"]: c["type"] for c in contacts["columns"]}
    assert types["updated_at"] == "TIMESTAMP WITH TIMEZONE"
    rows = server.psql(
        "SELECT data_type FROM information_schema.columns WHERE table_schema = 'autopilot' "
        "AND table_name = 'contacts' AND column_name = 'updated_at'"
    )
    assert rows.strip() == "timestamp with time zone"


def test_a_difference_docgen_cannot_explain_is_docgens() -> None:
    """The classes are not a blanket: a column the target made that no rule predicts, a
    predicted column it did not make, and a type of another JSON kind are docgen's."""
    landing = {
        "connector": "x",
        "tables": [
            {
                "name": "t",
                "source_table": "t",
                "path": [],
                "undetermined": [],
                "columns": [
                    {"name": "a", "type": "BIGINT", "source": "a", "origin": "source"},
                    {"name": "b", "type": "TEXT", "source": "b", "origin": "source"},
                ],
            }
        ],
    }
    loaded = realload.Loaded(
        tables={
            ("t",): {
                "name": "t",
                "columns": {
                    "a": ("text", ("a",), "string", None),
                    "c": ("text", ("c",), "string", None),
                },
            }
        },
        sent=["t"],
    )
    got = realload.compare(landing, loaded)
    assert sorted((d.column, d.kind) for d in got.differences) == [
        ("a", "docgen"),
        ("b", "docgen"),
        ("c", "docgen"),
    ]
