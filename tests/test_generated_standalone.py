"""A generated package works in a clean virtualenv that has only pydantic installed: the
validators need the standard library only, the models need pydantic only."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from conftest import emit_support

support = emit_support()

SCRIPT = r"""
import json, sys
import nasty
from nasty.validators import validate_record  # stdlib-only module
problems = validate_record("class", {"id": "x", "address": {"geo": {"lat": "n"}}})
model = nasty.RECORD_MODELS["class"].model_validate({"id": 3, "class": "c", "extra": 1})
config = nasty.NastyConfig.model_validate({
    "api_token": "t", "start_date": "2024-01-01T00:00:00Z", "account-id": "a",
    "credentials": {"client_id": "i", "client_secret": "s"},
})
print(json.dumps({
    "problems": [list(p) for p in problems],
    "record": model.model_dump(by_alias=True, exclude_none=True),
    "mode": config.mode,
    "streams": list(nasty.STREAMS),
    "docgen": "docgen" in sys.modules,
}))
"""


def test_package_runs_in_a_venv_with_only_pydantic(tmp_path: Path, pydantic_python: Path) -> None:
    python = pydantic_python
    generated = support.write_packages([support.nasty()], tmp_path / "generated")
    site = tmp_path / "app"
    shutil.copytree(generated / "nasty", site / "nasty")
    run = subprocess.run(
        [str(python), "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n{SCRIPT}"],
        capture_output=True,
        text=True,
        check=False,
        cwd=site,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["problems"] == [
        ["id", "wrong type: expected integer, got string"],  # the primary key
        ["address.geo.lat", "wrong type: expected number or null, got string"],
    ]
    assert out["record"] == {"id": 3, "class": "c", "extra": 1}
    assert out["mode"] == "fast"
    assert out["streams"] == ["class", "1st table", "Class", "empty", "base"]
    assert out["docgen"] is False


AUTOPILOT_SCRIPT = r"""
import json
import autopilot
from autopilot import validate_config, validate_record
good_config = {"api_key": "k", "start_date": "2024-01-01T00:00:00Z"}
bad_config = {"start_date": "yesterday", "frequency_in_minutes": "7", "colour": "blue"}
good_record = {"contact_id": "c1", "updated_at": "2024-01-01T00:00:00Z",
               "anywhere_form_submits": [{"url": "https://x", "value": True}]}
bad_record = {"contact_id": 5, "anywhere_form_submits": [{"url": "u", "value": "yes"}]}
print(json.dumps({
    "good_config": [list(p) for p in validate_config(good_config)],
    "bad_config": [list(p) for p in validate_config(bad_config)],
    "good_record": [list(p) for p in validate_record("contacts", good_record)],
    "bad_record": [list(p) for p in validate_record("contacts", bad_record)],
    "model": autopilot.RECORD_MODELS["contacts"].model_validate(good_record).contact_id,
}))
"""


def test_committed_autopilot_package_alone(tmp_path: Path, pydantic_python: Path) -> None:
    """generated/autopilot, copied alone, validates a good config and record and reports
    each problem of bad ones."""
    repo = Path(__file__).resolve().parents[1]
    shutil.copytree(repo / "generated" / "autopilot", tmp_path / "autopilot")
    run = subprocess.run(
        [
            str(pydantic_python),
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n{AUTOPILOT_SCRIPT}",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["good_config"] == [] and out["good_record"] == []
    assert out["model"] == "c1"
    config_paths = sorted({path for path, _ in out["bad_config"]})  # start_date: format + midnight
    assert config_paths == ["api_key", "colour", "frequency_in_minutes", "start_date"]
    messages = dict(out["bad_config"])
    assert "missing required" in messages["api_key"]
    assert "unknown property" in messages["colour"]
    assert sorted(path for path, _ in out["bad_record"]) == [
        "anywhere_form_submits[0].value",
        "contact_id",
    ]
