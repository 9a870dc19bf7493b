"""records.py of a generated package: pydantic models of every table's records.

One JSON Schema per connector holds every table (and nested object) as ``$defs``; one
datamodel-code-generator call turns it into models. Every field is optional and nullable
(Singer records), extra fields are allowed, and value types are the shared ones of
``_types.py`` so the models accept exactly what ``validators.py`` accepts.
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from typing import Any

from docgen.emit.imports import STRINGS_AND_COMMENTS
from docgen.emit.pytext import Names, class_name, lit
from docgen.emit.shapes import Shape
from docgen.emit.templates import render_template
from docgen.emit.wrap import LIMIT
from docgen.model.formats import STRING_FORMATS

#: $defs that are replaced by the package's own types (module ``_types``).
_FORMAT_DEFS = {f.name: f.type_name for f in STRING_FORMATS if f.in_records}
SPECIAL_DEFS: dict[str, dict[str, str]] = {
    "Integer": {"type": "integer"},
    **{type_name: {"type": "string", "format": name} for name, type_name in _FORMAT_DEFS.items()},
}
_PLACEHOLDER = "docgenpkgplaceholder"
#: Names records.py imports or defines: no model may take them.
IMPORTED = {
    "Annotated",
    "Any",
    "AwareDatetime",
    "BaseModel",
    "ConfigDict",
    "Field",
    "RootModel",
    "StrictBool",
    "StrictFloat",
    "StrictInt",
    "StrictStr",
    "RECORD_MODELS",
    "Record",
    "Config",
}


class ModelSchema:
    """Builds the connector's model schema, naming each object model."""

    def __init__(self) -> None:
        self.names = Names(set(SPECIAL_DEFS) | IMPORTED, numbered=True)
        self.defs: dict[str, Any] = {}
        self.cache: dict[Shape, str] = {}
        self.tables: list[str] = []
        self.order: list[str] = []  # nested models, in the order they were made
        self.uses: dict[str, list[tuple[str, str]]] = {}  # model -> (parent model, suffix)
        self.members: dict[str, list[str]] = {}
        self._parents: list[str] = []

    def table(self, name: str, shape: Shape, description: str | None) -> str:
        cls = self.names.get(class_name(name, "Stream") + "Record")
        self.tables.append(cls)
        self._object(cls, shape, description)
        return cls

    def _object(self, cls: str, shape: Shape, description: str | None) -> None:
        props: dict[str, Any] = {}
        self._parents.append(cls)
        self.members[cls] = [m.name for m in shape.members or ()]
        for member in shape.members or ():
            sub = f"{cls.removesuffix('Record')}{class_name(member.name, 'Field')}"
            props[member.name] = self.value(member.shape, sub, member.description, field=True)
        self._parents.pop()
        schema: dict[str, Any] = {"type": "object", "properties": props}
        required = [m.name for m in shape.members or () if m.required]
        if required:  # primary-key columns: present and not null, as validators.py says
            schema["required"] = required
        if description:
            schema["description"] = description
        self.defs[cls] = schema

    def nested(self, shape: Shape, base: str) -> str:
        parent = self._parents[-1]
        use = (parent, base.removeprefix(parent.removesuffix("Record")))
        if shape in self.cache:
            cls = self.cache[shape]
            self.uses[cls].append(use)
            return cls
        cls = self.names.get(base)
        self.cache[shape] = cls
        self.order.append(cls)
        self.uses[cls] = [use]
        self._object(cls, shape, None)
        return cls

    def final_names(self) -> dict[str, str]:
        """Model name -> the name it is emitted under. A model used by one column is named
        after that column (below its parent's final name); one shared by several columns
        after what they have in common (:func:`shared_name`), never after one of them."""
        names = Names(set(SPECIAL_DEFS) | IMPORTED | set(self.tables), numbered=True)
        final = {cls: cls for cls in self.tables}
        for cls in self.order:
            uses = list(dict.fromkeys(self.uses[cls]))
            if len(uses) == 1:
                parent, suffix = uses[0]
                wanted = final[parent].removesuffix("Record") + suffix
            else:
                wanted = shared_name([suffix for _, suffix in uses], self.members[cls])
            final[cls] = names.get(wanted)
        return final

    def value(
        self, shape: Shape, base: str, description: str | None = None, *, field: bool = False
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if description:
            out["description"] = description
        if shape.is_any:
            return out
        alternatives: list[dict[str, Any]] = []
        for kind in shape.kinds:
            alternatives.append(self._alternative(shape, kind, base))
        # An object's fields are optional, and datamodel-code-generator already types an
        # optional field ``X | None = None``: spelling null out there as anyOf made the
        # generation ~2x slower for the same models. Array items still say it.
        if shape.nullable and not field:
            alternatives.append({"type": "null"})
        if len(alternatives) == 1:
            out.update(alternatives[0])
        else:
            out["anyOf"] = alternatives
        return out

    def _alternative(self, shape: Shape, kind: str, base: str) -> dict[str, Any]:
        if kind == "string" and shape.fmt in _FORMAT_DEFS:
            return {"$ref": f"#/$defs/{_FORMAT_DEFS[shape.fmt]}"}
        if kind == "integer":
            return {"$ref": "#/$defs/Integer"}
        if kind == "object" and shape.members is not None:
            return {"$ref": f"#/$defs/{self.nested(shape, base)}"}
        if kind == "array":
            items = shape.items
            if items is None or items.is_any:
                return {"type": "array", "items": {}}
            return {"type": "array", "items": self.value(items, f"{base}Item")}
        return {"type": kind}

    def document(self) -> dict[str, Any]:
        final = self.final_names()

        def renamed(node: Any) -> Any:
            if isinstance(node, dict):
                ref = node.get("$ref", "")
                if ref.startswith("#/$defs/") and ref[8:] in final:
                    return {**node, "$ref": f"#/$defs/{final[ref[8:]]}"}
                return {k: renamed(v) for k, v in node.items()}
            if isinstance(node, list):
                return [renamed(v) for v in node]
            return node

        defs = {final.get(name, name): renamed(schema) for name, schema in self.defs.items()}
        return {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$defs": {**SPECIAL_DEFS, **defs},
        }


_WORD = re.compile(r"[A-Z][a-z0-9]*|[a-z0-9]+")


def shared_name(suffixes: list[str], members: list[str]) -> str:
    """The name of a model several columns share: the column name they all have
    (``Address``); else the words their names begin and end with (``AnywhereForm...Item``
    and ``AnywherePage...Item`` -> ``AnywhereItem``; ``TotalPriceSet`` and ``UnitPriceSet``
    -> ``PriceSet``); else its first members' names and ``Object`` (``UrlValueObject``)."""
    if len(set(suffixes)) == 1:
        return suffixes[0]
    words = [_WORD.findall(s) for s in suffixes]
    head: list[str] = []
    for group in zip(*words, strict=False):
        if len(set(group)) > 1:
            break
        head.append(group[0])
    tail: list[str] = []
    shortest = min(len(w) for w in words)
    for group in zip(*(reversed(w[len(head) :]) for w in words), strict=False):
        if len(set(group)) > 1 or len(head) + len(tail) >= shortest:
            break
        tail.insert(0, group[0])
    common = head + tail
    if common and common not in (["Item"], ["Items"]):
        return "".join(common)
    named = "".join(class_name(m, "Field") for m in members[:2])
    return f"{named or 'Empty'}Object"


def generate_models(schema: dict[str, Any], package: str) -> str:
    """Run datamodel-code-generator (pinned options, no timestamp) on the model schema.

    Property: no field of a model is named like a name its class's annotations use bare
    (:func:`shadowing_fields`): pydantic resolves an annotation in the class's namespace,
    where a field ``str = None`` would make ``dict[str, Any]`` mean ``dict[None, Any]``.
    The pinned generator keeps it by itself for every name but ``str`` in a free object's
    ``dict[str, Any]``. The columns whose fields it missed are generated again renamed
    (``str_``, or with more ``_`` while that is a field's name; the column's name their
    alias), until none is left: a renamed field frees its name for the next column that
    snake-cases to it (``Str``, ``STR``). A model where that makes no progress is an error,
    never written."""
    out = _generate(schema, package)
    aliases: dict[str, str] = {}
    while clash := shadowing_fields(out):
        if clash.keys() <= aliases.keys():
            raise ValueError(f"datamodel-code-generator shadowed names with fields: {clash}")
        taken = set(_FIELD.findall(out)) | set(aliases.values())
        for column, field in clash.items():
            name = f"{field}_"
            while name in taken:  # the generator refuses an alias another field has
                name += "_"
            aliases[column] = name
            taken.add(name)
        out = _generate(schema, package, aliases)
    return out


def _generate(schema: dict[str, Any], package: str, aliases: dict[str, str] | None = None) -> str:
    from datamodel_code_generator import generate
    from datamodel_code_generator._format_types import PythonVersion
    from datamodel_code_generator.enums import DataModelType, InputFileType, StrictTypes

    overrides = {name: f"{_PLACEHOLDER}._types.{name}" for name in SPECIAL_DEFS}
    extra: dict[str, Any] = {"aliases": aliases} if aliases else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = generate(
            json.dumps(schema, sort_keys=False),
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            target_python_version=PythonVersion.PY_311,
            disable_timestamp=True,
            custom_file_header=render_template("records_header.py.j2", package=package).rstrip(),
            use_union_operator=True,
            use_standard_collections=True,
            use_schema_description=True,
            use_annotated=True,
            use_double_quotes=True,
            allow_extra_fields=False,  # extra="allow" comes from the base class, Record
            allow_population_by_field_name=False,
            snake_case_field=True,
            skip_root_model=True,
            keep_model_order=True,
            strict_types=[StrictTypes.str, StrictTypes.float, StrictTypes.bool],
            base_class=f"{_PLACEHOLDER}._types.Record",
            type_overrides=overrides,
            formatters=[],
            **extra,
        )
    if not isinstance(out, str):
        raise TypeError("datamodel-code-generator returned several modules")
    marker = f"from {_PLACEHOLDER}._types import"
    if _PLACEHOLDER in out and marker not in out:
        raise ValueError("unexpected datamodel-code-generator output for the shared types")
    return out.replace(marker, "from ._types import")


#: a field of a model: 4 spaces in, in the generator's output, its name, then its annotation
_FIELD = re.compile(r"^    (\w+) *:", re.MULTILINE)
_NAME = re.compile(r"[A-Za-z_]\w*")


def shadowing_fields(text: str) -> dict[str, str]:
    """The fields of generated models named like a name an annotation of the same class uses
    bare, as {column name (the field's alias, else its name): field name}.

    Parsed only when a field's name is among the names written anywhere in the module outside
    strings, comments and the fields' own names (a superset of what annotations use: a
    module where none is cannot shadow, and most records.py have fields ``id`` and ``type``,
    so a test on builtins alone parsed nearly all of them)."""
    code = STRINGS_AND_COMMENTS.sub(" ", text)
    fields = set(_FIELD.findall(code))
    used = set(_NAME.findall(_FIELD.sub("", code)))
    if fields.isdisjoint(used):
        return {}
    found: dict[str, str] = {}
    for node in ast.parse(text).body:
        if not isinstance(node, ast.ClassDef):
            continue
        names: dict[str, str] = {}
        bare: set[str] = set()
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                names[stmt.target.id] = _alias(stmt.annotation) or stmt.target.id
                bare.update(n.id for n in ast.walk(stmt.annotation) if isinstance(n, ast.Name))
        for name in sorted(names.keys() & bare):
            found[names[name]] = name
    return found


def _alias(annotation: ast.expr) -> str | None:
    """The ``alias`` given to ``Field(...)`` in an ``Annotated[...]`` annotation."""
    for node in ast.walk(annotation):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Field"
        ):
            for keyword in node.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return None


_CLASS = re.compile(r"^class (\w+)\(", re.MULTILINE)


def _entry(key: str, cls: str) -> str:
    """One ``RECORD_MODELS`` entry. The formatter puts each on a line of its own (``    key:
    Cls,``) and never breaks one, so an entry over :data:`~docgen.emit.wrap.LIMIT` gets its
    value in parentheses (the formatter then puts the class on a line of its own) when that
    line is short enough; a class name too long for any line is one identifier from the docs
    and stays as it is."""
    if 4 + len(key) + 2 + len(cls) + 1 > LIMIT and 8 + len(cls) <= LIMIT:
        return f"{key}: ({cls})"
    return f"{key}: {cls}"


def render_records(
    package: str, tables: list[tuple[str, Shape, str | None]]
) -> tuple[str, list[str]]:
    """records.py (the models, then ``RECORD_MODELS``: stream name -> model class) and the
    record model class names in page order."""
    builder = ModelSchema()
    classes = [(name, builder.table(name, shape, desc)) for name, shape, desc in tables]
    if not classes:
        return render_template("records.py.j2", package=package, models=None), []
    text = generate_models(builder.document(), package)
    emitted = set(_CLASS.findall(text))
    missing = [cls for _, cls in classes if cls not in emitted]
    if missing:
        raise ValueError(f"datamodel-code-generator renamed models: {missing}")
    entries = ", ".join(_entry(lit(name), cls) for name, cls in classes)
    records = render_template("records.py.j2", models=text.rstrip("\n"), entries=entries)
    return records, [cls for _, cls in classes]
