"""Jinja templates of the generated files (templates/ at the repository root, installed as
``docgen._templates``)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2

#: the one place templates are found: the installed package ``docgen._templates`` (an
#: editable install maps it to templates/ in the checkout; pyproject's package-dir)
TEMPLATE_DIR = Path(str(files("docgen._templates")))


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
