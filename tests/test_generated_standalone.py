"""A generated package works in a clean virtualenv that has only pydantic installed: the
validators need the standard library only, the models need pydantic only."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import venv
from pathlib import Path
from types import ModuleType

import pytest


def _load_support() -> ModuleType:
    path = Path(__file__).resolve().parent / "fixtures" / "emit" / "support.py"
    spec = importlib.util.spec_from_file_location("emit_support", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


support = _load_support()

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


def test_package_runs_in_a_venv_with_only_pydantic(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "pydantic>=2.7,<3"],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode != 0:
        pytest.skip(f"pydantic could not be installed into a fresh venv: {install.stderr[-500:]}")
    generated = support.write_packages([support.nasty()], tmp_path / "generated")
    site = tmp_path / "app"
    shutil.copytree(generated / "nasty", site / "nasty")
    # no docgen, no datamodel-code-generator, no jsonschema in this interpreter
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json"],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert "pydantic" in names
    assert not names & {"docgen", "datamodel-code-generator", "jsonschema", "singer-sdk"}
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
        ["id", "wrong type: expected integer or null, got string"],
        ["address.geo.lat", "wrong type: expected number or null, got string"],
    ]
    assert out["record"] == {"id": 3, "class": "c", "extra": 1}
    assert out["mode"] == "fast"
    assert out["streams"] == ["class", "1st table", "Class", "empty", "base"]
    assert out["docgen"] is False
