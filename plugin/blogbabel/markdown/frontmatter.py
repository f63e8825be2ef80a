"""Front matter (YAML ``---`` or TOML ``+++``): find it, validate it, and locate the exact
source span of each translatable string value so it can be replaced in place.

python-frontmatter would re-serialise the whole block through a YAML dumper (reordering,
re-quoting, dropping comments); here values are edited where they stand and re-quoted in
their original style, so keys, comments, dates and everything else stay byte-identical.
YAML is composed with the safe loader: no tags are ever constructed, no code can run.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import FrontMatterError

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

#: top-level keys whose string values are prose
DEFAULT_KEYS = ("title", "subtitle", "excerpt", "description", "summary")
#: keys whose string values are prose at any depth (header.caption, gallery[].alt, ...)
DEFAULT_NESTED_KEYS = ("caption", "alt", "title")

_OPENERS = {"---": "yaml", "+++": "toml"}
_LINE_END = re.compile(r"\r\n|\r|\n")
_YAML_PLAIN_UNSAFE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: |\s#|:$|\s$|[\r\n\t]""")
_YAML_SPECIAL_WORDS = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?|\.inf|\.nan|\d{4}-\d\d-\d\d.*)$"
)


@dataclass
class FrontMatter:
    """The front matter block of a post."""

    format: str  # "yaml" or "toml"
    start: int  # offset of the opening delimiter
    content_start: int
    content_end: int
    body_start: int  # first character after the closing delimiter line
    data: dict[str, Any] = field(default_factory=dict)
    first_line: int = 1
    node: Any = None  # the composed YAML node (positions of every value)


@dataclass
class FieldValue:
    """A translatable string value inside the front matter."""

    path: str  # "title", "header.caption", "gallery[1].alt"
    start: int  # absolute span of the value as written (quotes included)
    end: int
    value: str  # the decoded value
    style: str  # yaml: "plain", "'", '"', "|", ">"; toml: "toml\"" or "toml'"
    line: int


def _lines_with_offsets(text: str):
    pos = 0
    for match in _LINE_END.finditer(text):
        yield pos, text[pos:match.start()], match.end()
        pos = match.end()
    if pos < len(text):
        yield pos, text[pos:], len(text)


def split_front_matter(text: str, path: str | None = None) -> FrontMatter | None:
    """Locate and parse the front matter at the top of ``text`` (None when there is none).

    Raises :class:`FrontMatterError` naming the line for an unclosed block, invalid YAML/TOML,
    or front matter that is not a mapping.
    """
    first = _LINE_END.search(text)
    opener = text[: first.start()] if first else text
    fmt = _OPENERS.get(opener.rstrip(" \t"))
    if fmt is None or first is None:
        return None
    closer = "+++" if fmt == "toml" else "---"
    content_start = first.end()
    for line_number, (start, line, next_start) in enumerate(_lines_with_offsets(text[content_start:]), start=2):
        stripped = line.rstrip(" \t")
        if stripped == closer or (fmt == "yaml" and stripped == "..."):
            fm = FrontMatter(fmt, 0, content_start, content_start + start, content_start + next_start)
            fm.data = _parse(fm, text, path)
            return fm
    raise FrontMatterError(
        f"front matter opened with {opener.strip()} on line 1 is never closed",
        path=path,
        line=1,
        hint=f"add a line with {closer} after the last front matter field",
    )


def _parse(fm: FrontMatter, text: str, path: str | None) -> dict[str, Any]:
    content = text[fm.content_start:fm.content_end]
    if fm.format == "toml":
        try:
            return tomllib.loads(content.replace("\r\n", "\n"))
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)", str(exc))
            line = int(match.group(1)) + 1 if match else 1
            raise FrontMatterError(f"invalid TOML front matter: {exc}", path=path, line=line, hint="fix the TOML syntax") from None
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
    try:
        node = yaml.compose(content, Loader=loader_class)
        fm.node = node
        data = yaml.SafeLoader("").construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        problem = exc.problem or exc.context or "syntax error"
        if isinstance(exc, yaml.constructor.ConstructorError):
            hint = "front matter is loaded as plain data: remove the tag (!!python/..., !custom) or quote the value"
        else:
            hint = "fix the YAML syntax (quote values containing ': ')"
        raise FrontMatterError(f"invalid YAML front matter: {problem}", path=path, line=line, hint=hint) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"invalid YAML front matter: {exc}", path=path, line=1) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise FrontMatterError(
            f"front matter must be a mapping of keys to values, found {kind}",
            path=path,
            line=2,
            hint="write it as 'key: value' lines",
        )
    return data


def translatable_fields(
    text: str,
    fm: FrontMatter,
    keys: tuple[str, ...] = DEFAULT_KEYS,
    nested_keys: tuple[str, ...] = DEFAULT_NESTED_KEYS,
) -> list[FieldValue]:
    """The string values to translate: ``keys`` at the top level, ``nested_keys`` at any depth."""
    if fm.format == "toml":
        return _toml_fields(text, fm, keys, nested_keys)
    return _yaml_fields(text, fm, keys, nested_keys)


def _yaml_fields(text, fm, keys, nested_keys) -> list[FieldValue]:
    import yaml

    root = fm.node
    found: list[FieldValue] = []
    base_line = text.count("\n", 0, fm.content_start) + 1

    def walk(node, path: str, depth: int) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value)
                child_path = f"{path}.{key}" if path else key
                if isinstance(value_node, yaml.ScalarNode):
                    wanted = key in nested_keys or (depth == 0 and key in keys)
                    if wanted and value_node.tag == "tag:yaml.org,2002:str" and value_node.value.strip():
                        style = value_node.style or "plain"
                        start = fm.content_start + value_node.start_mark.index
                        end = fm.content_start + value_node.end_mark.index
                        if style in "|>":
                            end = start + len(text[start:end].rstrip("\r\n"))
                        found.append(FieldValue(child_path, start, end, value_node.value, style, base_line + value_node.start_mark.line))
                else:
                    walk(value_node, child_path, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, f"{path}[{index}]", depth + 1)

    walk(root, "", 0)
    return found


_TOML_TABLE = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_PAIR = re.compile(
    r"""^\s*(?P<key>[A-Za-z0-9_.\-"' ]+?)\s*=\s*(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*')\s*(?:#.*)?$"""
)


def _toml_fields(text, fm, keys, nested_keys) -> list[FieldValue]:
    found: list[FieldValue] = []
    table = ""
    counters: dict[str, int] = {}
    base_line = text.count("\n", 0, fm.content_start) + 1
    content = text[fm.content_start:fm.content_end]
    for line_index, (start, line, _) in enumerate(_lines_with_offsets(content)):
        header = _TOML_TABLE.match(line)
        if header:
            name = header.group(2).replace('"', "").replace("'", "")
            if header.group(1) == "[[":
                counters[name] = counters.get(name, -1) + 1
                table = f"{name}[{counters[name]}]"
            else:
                table = name
            continue
        pair = _TOML_PAIR.match(line)
        if not pair:
            continue
        key_path = pair.group("key").replace('"', "").replace("'", "").replace(" ", "")
        leaf = key_path.rsplit(".", 1)[-1]
        full = f"{table}.{key_path}" if table else key_path
        wanted = leaf in nested_keys or (not table and "." not in key_path and leaf in keys)
        if not wanted:
            continue
        raw = pair.group("value")
        value = tomllib.loads(f"v = {raw}")["v"]
        if not value.strip():
            continue
        a = fm.content_start + start + pair.start("value")
        found.append(FieldValue(full, a, a + len(raw), value, 'toml"' if raw[0] == '"' else "toml'", base_line + line_index))
    return found


def render_value(field_value: FieldValue, new_value: str, source: str) -> str:
    """The source text for ``new_value`` written in the style of ``field_value``."""
    style = field_value.style
    new_value = new_value.replace("\r", " ").replace("\n", " ") if style not in "|>" else new_value
    if style.startswith("toml"):
        if style == "toml'" and "'" not in new_value:
            return f"'{new_value}'"
        return json.dumps(new_value, ensure_ascii=False)
    if style == "'":
        return "'" + new_value.replace("'", "''") + "'"
    if style == '"':
        return _yaml_double(new_value)
    if style in ("|", ">"):
        original = source[field_value.start:field_value.end]
        header, _, rest = original.partition("\n")
        indent_match = re.match(r"[ \t]*", rest)
        indent = indent_match.group() if indent_match else "  "
        line_end = "\r\n" if header.endswith("\r") else "\n"
        header = header.rstrip("\r")
        return header + line_end + line_end.join(indent + line if line else "" for line in new_value.rstrip("\n").split("\n"))
    if _YAML_PLAIN_UNSAFE.search(new_value) or _YAML_SPECIAL_WORDS.match(new_value) or not new_value:
        return _yaml_double(new_value)
    return new_value


def _yaml_double(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " or ch == "\t" else f"\\x{ord(ch):02x}" for ch in escaped)
    return f'"{escaped}"'
