"""config.py of a generated package: the pydantic model of the connection config.

Rendered from templates/config.py.j2. Required properties have no default; optional ones
are ``X | None`` (default None, or the documented default). Secrets are ``SecretStr``;
enumerations are ``Literal``; a name that is not a usable field name gets an alias.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from docgen.emit.pytext import Names, class_name, docstring, lit
from docgen.emit.runtime import json_type
from docgen.emit.shapes import Shape
from docgen.emit.templates import render_template
from docgen.model.formats import FORMAT_TYPES
from docgen.model.spec import identifier

_SCALARS = {
    "string": "StrictStr",
    "integer": "Integer",
    "number": "StrictFloat",
    "boolean": "StrictBool",
}
_FORMATS = FORMAT_TYPES
#: Names config.py imports: no model may take them.
IMPORTED = {
    "Annotated",
    "Any",
    "Literal",
    "Field",
    "SecretStr",
    "StrictBool",
    "StrictFloat",
    "StrictStr",
    "Config",
    "checked",
    "matching",
    *_FORMATS.values(),
    "Integer",
}
#: Names a field must not take: BaseModel's own attributes.
RESERVED = {n for n in dir(BaseModel) if not n.startswith("__")} | {"Config"}


def field_name(name: str, names: Names) -> str:
    """A usable pydantic field name for ``name`` (no leading underscore, no clash with
    BaseModel attributes or keywords, unique within its model)."""
    base = identifier(name, fallback="field").lstrip("_") or "field"
    if base[0].isdigit():
        base = f"field_{base}"
    if base in RESERVED or base.startswith("model_"):
        base = f"{base}_"
    return names.get(base)


@dataclass
class FieldSpec:
    name: str
    annotation: str
    default: str | None


@dataclass
class ModelSpec:
    name: str
    doc: list[str]
    fields: list[FieldSpec] = field(default_factory=list)


class _Builder:
    def __init__(self, root: str) -> None:
        self.classes = Names({root, *IMPORTED}, numbered=True)
        self.models: list[ModelSpec] = []

    def model(self, cls: str, shape: Shape, doc: str) -> None:
        spec = ModelSpec(cls, docstring(doc))
        self.models.append(spec)
        # a documented name that is a usable field name is its own field's name, so no other
        # field's Python name can be it (a key is never two fields)
        usable = {m.name for m in shape.members or () if field_name(m.name, Names()) == m.name}
        names = Names(usable)
        for member in shape.members or ():
            fname = member.name if member.name in usable else field_name(member.name, names)
            sub = f"{cls}{class_name(member.name, 'Field')}"
            annotation = self.annotation(member.shape, sub)
            extras = []
            if fname != member.name:
                extras.append(f"alias={lit(member.name)}")
            if member.description:
                extras.append(f"description={lit(member.description)}")
            default = None
            if member.shape.nullable:
                annotation = f"{annotation} | None" if annotation != "Any" else annotation
                default = lit(member.shape.default) if member.shape.has_default else "None"
                if member.shape.secret and member.shape.has_default:
                    default = f"SecretStr({default})"
            metadata = self.checks(member.shape)
            if extras:
                metadata.append(f"Field({', '.join(extras)})")
            if metadata:  # one Annotated per field: its checks, then its Field
                annotation = f"Annotated[{annotation}, {', '.join(metadata)}]"
            spec.fields.append(FieldSpec(fname, annotation, default))

    def checks(self, shape: Shape) -> list[str]:
        """Validators a string value of ``shape`` needs beyond its type (they pass other
        values): its pattern, stated in the docs' words; a secret's format and pattern,
        checked before ``SecretStr`` hides the value."""
        if "string" not in shape.kinds:
            return []
        rule = lit(shape.rule or "see the documentation")
        if shape.secret:
            base = _FORMATS.get(shape.fmt or "", "StrictStr")
            if shape.pattern:
                return [f"checked({base}, {lit(shape.pattern)}, {rule})"]
            return [] if base == "StrictStr" else [f"checked({base})"]
        return [f"matching({lit(shape.pattern)}, {rule})"] if shape.pattern else []

    def annotation(self, shape: Shape, sub: str) -> str:
        if shape.is_any:
            return "Any"
        alternatives = [self._kind(shape, kind, sub) for kind in shape.kinds]
        return " | ".join(dict.fromkeys(alternatives))

    def _kind(self, shape: Shape, kind: str, sub: str) -> str:
        if shape.enum is not None and kind in _SCALARS:
            values = [v for v in shape.enum if json_type(v) == kind]
            if values:
                return f"Literal[{', '.join(lit(v) for v in values)}]"
        if kind == "string":  # a pattern and a secret's format: see :meth:`checks`
            return "SecretStr" if shape.secret else _FORMATS.get(shape.fmt or "", "StrictStr")
        if kind in _SCALARS:
            return _SCALARS[kind]
        if kind == "object":
            if shape.members is None:
                return "dict[str, Any]"
            cls = self.classes.get(sub)
            self.model(cls, shape, f"The {sub} object.")
            return cls
        items = shape.items
        if items is None or items.is_any:
            return "list[Any]"
        item = self.annotation(items, sub + "Item")
        checks = self.checks(items)
        return f"list[Annotated[{item}, {', '.join(checks)}]]" if checks else f"list[{item}]"


def render_config(module_doc: str, root: str, shape: Shape | None, doc: str) -> str:
    """config.py text; without a documented config the model accepts only ``{}``."""
    builder = _Builder(root)
    builder.model(root, shape or Shape(kinds=("object",), members=(), closed=True), doc)
    models = list(reversed(builder.models))  # nested models first, the root last
    return render_template("config.py.j2", module_doc=module_doc, models=models)
