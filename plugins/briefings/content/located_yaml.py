"""YAML parsing that keeps every value's line and coerces nothing silently.

Only `null` and `true`/`false` (YAML 1.2 spelling) are resolved; every other plain scalar
stays a string, so `language: no` is "no" and `date: 2022-13-45` is a string the schema can
reject. Duplicate keys, non-scalar keys and custom tags are reported, never guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml's parser is much faster; the pure-Python one behaves the same
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


Path = tuple[str | int, ...]
MAX_NODES = 20_000  # guards against alias bombs ("billion laughs")
#: How deep lists and mappings may nest (the format needs 3; registries 4). Deeper values
#: are reported and dropped, so nothing after the parser recurses without bound.
MAX_DEPTH = 20

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema, reduced to null and booleans."""


_Resolver.add_implicit_resolver(
    _BOOL, re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z"), list("tTfF")
)
_Resolver.add_implicit_resolver(_NULL, re.compile(r"(?:~|null|Null|NULL|)\Z"), ["~", "n", "N", ""])


#: First characters of the plain scalars an implicit resolver may match ("" aside).
_RESOLVED_FIRST = frozenset(k for k in _Resolver.yaml_implicit_resolvers if k)


class _NodeLoader(_Parser, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Resolver.__init__(self)

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        """`BaseResolver.resolve` without its lists and path lookups for the values no
        resolver can match (this loader has no path resolvers): most scalars are text."""
        if kind is ScalarNode:
            if implicit[0] and (not value or value[0] in _RESOLVED_FIRST):
                return str(super().resolve(kind, value, implicit))
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


class YamlError(Exception):
    """Malformed YAML, with the 1-based line where the parser stopped."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Located:
    """A parsed document: plain Python data plus the line of every key and item."""

    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    problems: list[tuple[int, Path, str]] = field(default_factory=list)

    def line_of(self, path: Path, default: int = 1) -> int:
        """The line of `path`, or of its nearest ancestor that exists."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), default)


def compose(text: str, first_line: int = 1) -> Node | None:
    """Compose one YAML document into nodes; lines are offset by `first_line - 1`."""
    loader = _NodeLoader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line if mark else 0) + first_line
        message = _describe(exc)
        if (
            exc.context_mark
            and mark is not None
            and exc.context
            and exc.context_mark.line != mark.line
        ):
            message += f" (the {exc.context.split()[-1]} began at line "
            message += f"{exc.context_mark.line + first_line})"
        raise YamlError(message, line) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0], first_line) from None
    except RecursionError:  # pragma: no cover - only PyYAML's pure-Python composer recurses
        raise YamlError(
            f"nested too deeply (the limit is {MAX_DEPTH} levels)", first_line
        ) from None
    finally:
        loader.dispose()


def _describe(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "malformed YAML: " + "; ".join(parts)


def load(text: str, first_line: int = 1) -> Located:
    """Parse `text` into a `Located` document; raises `YamlError` if it is not YAML."""
    node = compose(text, first_line)
    doc = Located(data=None)
    if node is None:
        return doc
    budget = [MAX_NODES]
    doc.lines[()] = node.start_mark.line + first_line
    doc.data = _convert(node, (), doc, first_line, budget)
    return doc


def _convert(node: Node, path: Path, doc: Located, offset: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlError("document too large (too many values or aliases)", offset)
    line = node.start_mark.line + offset
    if len(path) >= MAX_DEPTH and not isinstance(node, ScalarNode):
        doc.problems.append((line, path[:1], f"nested more than {MAX_DEPTH} levels deep"))
        return None
    if isinstance(node, ScalarNode):
        return _scalar(node, path, doc, line)
    if isinstance(node, SequenceNode):
        _check_tag(node, _SEQ, path, doc, line)
        items = []
        for index, item in enumerate(node.value):
            child: Path = (*path, index)
            doc.lines[child] = item.start_mark.line + offset
            items.append(_convert(item, child, doc, offset, budget))
        return items
    if isinstance(node, MappingNode):
        _check_tag(node, _MAP, path, doc, line)
        return _mapping(node, path, doc, offset, budget)
    raise YamlError(f"unsupported YAML node {type(node).__name__}", line)  # pragma: no cover


def _mapping(node: MappingNode, path: Path, doc: Located, offset: int, budget: list[int]) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + offset
        if not isinstance(key_node, ScalarNode):
            doc.problems.append((key_line, path, "keys must be plain words, not lists or maps"))
            continue
        key = str(key_node.value)
        child = (*path, key)
        if key in result:
            first = doc.lines.get(child, key_line)
            doc.problems.append((key_line, child, f"duplicate key '{key}' (first at line {first})"))
            continue
        doc.lines[child] = key_line
        result[key] = _convert(value_node, child, doc, offset, budget)
    return result


def _scalar(node: ScalarNode, path: Path, doc: Located, line: int) -> Any:
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL:
        return node.value.lower() == "true"
    if node.tag not in (_STR, "!"):
        doc.problems.append((line, path, _tag_message(node.tag)))
    return node.value


def _check_tag(node: Node, expected: str, path: Path, doc: Located, line: int) -> None:
    if node.tag != expected:
        doc.problems.append((line, path, _tag_message(node.tag)))


def _tag_message(tag: str) -> str:
    return (f"unsupported YAML tag {tag!r}: a value starting with '!' is read as a YAML "
            "tag; put the value in quotes")  # fmt: skip


def field_name(path: Path) -> str:
    """`('sources', 0, 'url')` -> `sources[0].url`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
