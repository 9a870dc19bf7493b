"""The committed packages of generated/, as a downstream team runs them: in a virtualenv that
has only pydantic (tests/generated_probe.py imports every package there and reports)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
PROBE = Path(__file__).with_name("generated_probe.py")


@pytest.fixture(scope="module")
def report(pydantic_python: Path) -> dict[str, Any]:
    run = subprocess.run(
        [str(pydantic_python), "-I", str(PROBE), str(REPO / "generated")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    data: dict[str, Any] = json.loads(run.stdout)
    return data


def test_every_package_imports_without_docgen(report: dict[str, Any]) -> None:
    packages = [p for p in (REPO / "generated").iterdir() if (p / "__init__.py").exists()]
    assert report["packages"] == len(packages) > 100
    assert report["docgen_imported"] is False


def test_every_package_is_its_spec_under_its_own_name(report: dict[str, Any]) -> None:
    """Each spec's package imports under its own name, with one validator per documented
    table (its STREAMS), and there is no package without a spec."""
    from docgen.model.specio import load_specs

    conns, problems = load_specs(REPO / "specs")
    assert problems == [] and len(conns) > 100
    expected = {c.name: [c.name, len({t.name for t in c.tables or []})] for c in conns}
    assert report["names"] == expected


def test_every_catalog_key_is_a_property_and_stream_ids_are_unique(
    report: dict[str, Any],
) -> None:
    assert report["keys"] > 1000
    assert report["keys_not_properties"] == []
    assert report["duplicate_streams"] == []


def test_every_aliased_record_field_is_checked_or_refused(report: dict[str, Any]) -> None:
    """Given by its Python name, a field whose documented name differs is checked as that
    field (an opaque value is refused there) or refused; never kept as an unchecked extra."""
    assert report["aliased"] > 2000
    assert report["unchecked"] == []
    assert report["aliased_checked"] + report["aliased_shadowed"] == report["aliased"]


def test_valid_records_round_trip_through_both_judges(report: dict[str, Any]) -> None:
    """A sample record of every stream (every property set, and only the keys set) passes
    validate_record and the model; model_dump(by_alias=True) passes both again."""
    assert report["round_trips"] > 1000
    assert report["model_rejects_valid"] == []
    assert report["round_trip"] == []


def test_issue_reproductions(report: dict[str, Any]) -> None:
    repro = report["reproductions"]
    # shopify: the Python name is checked as the column (createdAt is a plain string there);
    # without the primary key the model refuses the record, as validate_record does
    assert repro["shopify"]["True"] == {"field": "not-a-date", "extra": {}}
    assert repro["shopify"]["False"] == {"locs": [["id"]]}
    # autopilot contacts: the primary key contact_id missing or null is a problem
    assert repro["contacts"] == [
        ["contact_id", "missing required property; it is the table's primary key"]
    ]
    assert repro["contacts_null"] == [
        ["contact_id", "must not be null; it is the table's primary key"]
    ]
    assert repro["model_agrees"] is True
    # autopilot config: the docs' sentence, with the value; no regular expression
    [[path, message]] = repro["config"]
    assert path == "start_date"
    assert message == (
        "'2018-01-10T05:00:00Z' is not accepted: it must contain an ISO 8601-compliant date, "
        "and the timestamp must be midnight"
    )
