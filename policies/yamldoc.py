"""YAML documents that remember where each value came from, and validation that says so.

The config file and the policy file are both YAML edited by hand, so every error
must name the file, the line and the key. This module is pure: text in, values out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pydantic
import yaml

Path = tuple[str | int, ...]
M = TypeVar("M", bound=pydantic.BaseModel)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, located as precisely as we can."""

    key: str
    message: str
    line: int | None = None

    def render(self, filename: str) -> str:
        """Format as `file:line: key: message`, the shape editors can jump to."""
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class DocumentError(Exception):
    """A YAML document is unreadable or invalid; holds every problem found."""

    def __init__(self, filename: str, problems: Sequence[Problem]) -> None:
        self.filename = filename
        self.problems = tuple(sorted(problems, key=lambda p: (p.line or 0, p.key)))
        super().__init__("\n".join(p.render(filename) for p in self.problems))


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 scalars: `no` is a string, `17:00` is not 1020."""


# YAML 1.1 reads `NO` (Norway) as false and `9:30` as the sexagesimal 570: both
# are classic traps in hand-written config. Keep only the YAML 1.2 core forms.
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, rx)
        for tag, rx in resolvers
        if tag not in {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int"}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    # YAML 1.2: `010` is ten (1.1 read it as octal eight); octal is spelled `0o10`.
    text = str(loader.construct_scalar(node))
    base = {"0o": 8, "0x": 16}.get(text[:2], 10)
    return int(text[2:] if base != 10 else text, base)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


@dataclass(frozen=True)
class Document:
    """Plain data parsed from YAML, plus the line of every key and item in it."""

    filename: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest located ancestor."""
        for end in range(len(path), -1, -1):
            if (line := self.lines.get(path[:end])) is not None:
                return line
        return None


def parse(text: str, filename: str) -> Document:
    """Parse YAML text; raise DocumentError naming the line of a syntax error or duplicate key."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(filename, None)
        problems = list(_duplicate_keys(node, ()))
        if problems:
            raise DocumentError(filename, problems)
        return Document(filename, loader.construct_document(node), dict(_lines(node, ())))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise DocumentError(filename, [Problem("", f"invalid YAML: {exc.problem}", line)]) from None
    except yaml.YAMLError as exc:
        raise DocumentError(filename, [Problem("", f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()


def _lines(node: yaml.Node, path: Path) -> Iterator[tuple[Path, int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            yield child, key.start_mark.line + 1
            yield from ((p, n) for p, n in _lines(value, child) if p != child)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _lines(item, (*path, index))


def _duplicate_keys(node: yaml.Node, path: Path) -> Iterator[Problem]:
    # PyYAML silently keeps the last of two equal keys; a user editing by hand
    # would then wonder why their first value is ignored.
    if isinstance(node, yaml.MappingNode):
        first_seen: dict[str, int] = {}
        for key, value in node.value:
            name, line = str(key.value), key.start_mark.line + 1
            if name in first_seen:
                dotted = dotted_key((*path, name))
                yield Problem(
                    dotted, f"duplicate key (first given on line {first_seen[name]})", line
                )
            first_seen.setdefault(name, line)
            yield from _duplicate_keys(value, (*path, name))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _duplicate_keys(item, (*path, index))


def dotted_key(path: Path) -> str:
    """`('references', 0, 'email')` -> `references[0].email`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def validate(model: type[M], doc: Document) -> M:
    """Validate a document against a model; raise DocumentError with a line per problem."""
    try:
        return model.model_validate(doc.data if doc.data is not None else {})
    except pydantic.ValidationError as exc:
        problems = [_problem(model, doc, error) for error in exc.errors(include_url=False)]
        raise DocumentError(doc.filename, problems) from None


def _problem(model: type[pydantic.BaseModel], doc: Document, error: Any) -> Problem:
    path: Path = tuple(part for part in error["loc"] if not _is_union_tag(part))
    return Problem(dotted_key(path), _describe(model, path, error), doc.line_of(path))


def _is_union_tag(part: str | int) -> bool:
    # pydantic inserts the chosen union member ("function-after[...]", "str") into locations.
    return isinstance(part, str) and ("[" in part or part in {"str", "int", "list", "dict"})


_EXPECTED = {
    "int_parsing": "an integer",
    "int_type": "an integer",
    "int_from_float": "a whole number",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "string_type": "a string",
    "float_parsing": "a number",
    "list_type": "a list",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "time_parsing": "a time such as '09:00'",
    "time_type": "a time such as '09:00'",
}


def _describe(model: type[pydantic.BaseModel], path: Path, error: Any) -> str:
    kind, given = error["type"], error.get("input")
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return _unknown_key(model, path)
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {_show(given)}"
    if kind == "literal_error":
        return f"expected {error['ctx']['expected']}, got {_show(given)}"
    if kind in {"value_error", "assertion_error"}:
        return str(error["ctx"]["error"])
    message = str(error["msg"])
    return message[:1].lower() + message[1:]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unknown_key(model: type[pydantic.BaseModel], path: Path) -> str:
    known = _fields_at(model, path[:-1])
    suggestion = difflib.get_close_matches(str(path[-1]), known, n=1, cutoff=0.6)
    hint = f"; did you mean '{suggestion[0]}'?" if suggestion else ""
    listing = f" (known keys: {', '.join(sorted(known))})" if known and not suggestion else ""
    return f"unknown key{hint}{listing}"


def _fields_at(model: type[pydantic.BaseModel], path: Path) -> list[str]:
    """Names of the fields of the model found by walking `path` from `model`."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
    return [info.alias or name for name, info in getattr(current, "model_fields", {}).items()]


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside `Model`, `Model | None`, `list[Model]` or `tuple[Model, ...]`."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if (found := _model_in(arg)) is not None:
            return found
    return None
