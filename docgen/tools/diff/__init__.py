"""Semantic changelog between two spec sets: ``docgen diff OLD [NEW]``.

Three parts: :mod:`.rules` (what changed and whether it breaks users of the OLD spec's
generated code), :mod:`.inputs` (spec files, folders and git revisions as the two sides) and
:mod:`.report` (text and JSON). The functions return changes; :mod:`docgen.cli` prints them
and picks the exit code (1 when a change is breaking, 0 otherwise, 2 on bad input).
"""

from docgen.tools.diff.inputs import InputError, diff_args, load_side
from docgen.tools.diff.report import render_json, render_text
from docgen.tools.diff.rules import Change, diff_connectors, diff_sets

__all__ = [
    "Change",
    "InputError",
    "diff_args",
    "diff_connectors",
    "diff_sets",
    "load_side",
    "render_json",
    "render_text",
]
