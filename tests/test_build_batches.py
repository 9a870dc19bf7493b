"""The render phase in batches: which specs go together never changes what is written."""

from __future__ import annotations

from docgen import pipeline
from docgen.emit import format_packages


def _stale(name: str, columns: int) -> pipeline._Stale:
    raw = f"name: {name}\n".encode() + b"    types:\n" * columns
    return pipeline._Stale(f"specs/{name}.yaml", raw, name)


def test_batches_hold_every_spec_once_most_expensive_first() -> None:
    specs = sorted(
        (_stale(f"s{i}", (i * 3700) % 5000) for i in range(30)),
        key=lambda s: (-pipeline._cost(s), s.where),
    )
    total = sum(pipeline._cost(s) for s in specs)
    assert pipeline._batches(specs, 1) == [specs]
    for jobs in (2, 3, 8):
        batches = pipeline._batches(specs, jobs)
        assert len(batches) == min(len(specs), 4 * jobs, max(jobs, total // pipeline.BATCH_COST))
        assert sorted(s.where for b in batches for s in b) == sorted(s.where for s in specs)
        costs = [sum(pipeline._cost(s) for s in b) for b in batches]
        assert costs == sorted(costs, reverse=True)
    # a small build: one batch per worker (each worker still renders; ruff starts twice)
    small = [_stale(f"t{i}", 5) for i in range(3)]
    assert [len(b) for b in pipeline._batches(small, 2)] == [2, 1]
    assert pipeline._batches(small[:1], 2) == [small[:1]]


def test_a_package_is_formatted_alike_whatever_is_formatted_with_it() -> None:
    """ruff sorts an import of a module it finds beside the files as first-party: packages
    named like the modules another one imports must not change how it is formatted."""
    code = "import re\nimport pydantic\nimport os\nfrom typing import Any\nx: Any = (re, os, pydantic)\n"
    alone = format_packages({"mine": {"m.py": code}})
    crowd = format_packages(
        {
            "mine": {"m.py": code},
            "re": {"__init__.py": "X = 1\n"},
            "pydantic": {"__init__.py": "Y = 2\n"},
            "typing": {"__init__.py": "Z = 3\n"},
        }
    )
    assert crowd["mine"] == alone["mine"]
    assert crowd["re"] == {"__init__.py": "X = 1\n"}
