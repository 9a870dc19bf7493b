"""Jinja templates of the generated files (templates/ at the repository root, installed as
``docgen._templates``)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2


def _template_dir() -> Path:
    try:
        import docgen._templates as installed

        return Path(installed.__file__).parent
    except ImportError:  # running from a checkout without installing
        return Path(__file__).resolve().parents[2] / "templates"


TEMPLATE_DIR = _template_dir()


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def render_template(template: str, /, **values: Any) -> str:
    return environment().get_template(template).render(**values)
