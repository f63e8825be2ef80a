"""Read and set top-level front matter fields by editing lines in place.

Nothing is ever re-dumped: a field that exists gets its value replaced where it stands (its
comment and every other line stay byte-identical), a new field is added as one line before
the closing delimiter (YAML) or before the first table (TOML). Three header formats:

- YAML between ``---`` lines (Jekyll, Hugo, MkDocs, Eleventy, Docusaurus),
- TOML between ``+++`` lines (Hugo),
- ``Key: value`` metadata lines up to the first blank line (Pelican / Python-Markdown
  ``meta``), only when asked for with ``meta_headers=True``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..markdown.frontmatter import split_front_matter

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

_LINE_END = re.compile(r"\r\n|\r|\n")
_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_/][A-Za-z0-9_./ -]*$")
_YAML_WORDS = re.compile(r"^(?:~|null|true|false|yes|no|on|off|y|n|[-+.\d][\d._:eE+-]*)$", re.IGNORECASE)
_META_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+)[ \t]*:(?:[ \t]+(?P<value>.*))?$")
_TOML_TABLE = re.compile(r"^\s*\[")


@dataclass
class Header:
    """The metadata block at the top of a post."""

    format: str | None  # "yaml", "toml", "meta" or None (no header)
    data: dict[str, Any] = field(default_factory=dict)
    start: int = 0  # offset of the block's first line (content, after an opening delimiter)
    end: int = 0  # offset just after the block's last content line
    body_start: int = 0
    newline: str = "\n"


def _newline_of(text: str) -> str:
    match = _LINE_END.search(text)
    return match.group() if match else "\n"


def _meta_header(text: str) -> Header | None:
    """A Python-Markdown ``meta`` block: ``Key: value`` lines (continuations indented) to a blank line."""
    pos, data, last_key = 0, {}, None
    for match in list(_LINE_END.finditer(text)) + [None]:
        end = match.start() if match else len(text)
        line = text[pos:end]
        if not line.strip():
            break
        meta = _META_LINE.match(line)
        if meta:
            last_key = meta.group("key").lower()
            data[last_key] = (meta.group("value") or "").strip()
        elif last_key and line[:1] in " \t":
            data[last_key] += "\n" + line.strip()
        else:
            break  # Python-Markdown ends the block at the first line that is not metadata
        pos = match.end() if match else len(text)
        if match is None:
            break
    if not data:
        return None
    return Header("meta", data, 0, pos, pos, _newline_of(text))


def read_header(text: str, *, path: str | None = None, meta_headers: bool = False) -> Header:
    """The post's metadata block (``format=None`` when it has none).

    Raises :class:`~blogbabel.errors.FrontMatterError` (file and line) for broken YAML/TOML.
    """
    fm = split_front_matter(text, path)
    if fm is not None:
        return Header(fm.format, fm.data, fm.content_start, fm.content_end, fm.body_start, _newline_of(text))
    if meta_headers:
        meta = _meta_header(text)
        if meta is not None:
            return meta
    return Header(None, {}, 0, 0, 0, _newline_of(text))


def yaml_scalar(value: Any) -> str:
    """``value`` as a one-line YAML scalar (plain when unambiguous, else double-quoted)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN_SAFE.fullmatch(text) and not _YAML_WORDS.fullmatch(text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def toml_value(value: Any) -> str:
    """``value`` as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def meta_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("\r", " ").replace("\n", " ")


def _yaml_edits(text: str, header: Header, fields: Mapping[str, Any]) -> tuple[list[tuple[int, int, str]], list[str]]:
    import yaml

    content = text[header.start:header.end]
    root = yaml.compose(content, Loader=yaml.SafeLoader)
    edits, found = [], set()
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            key = str(key_node.value)
            if key not in fields or key in found:
                continue
            found.add(key)
            new = yaml_scalar(fields[key])
            if isinstance(value_node, yaml.ScalarNode) and value_node.style not in ("|", ">") and value_node.start_mark.line == value_node.end_mark.line:
                # keeps a trailing comment and anything else on the line
                if value_node.start_mark.index == value_node.end_mark.index:  # "key:" with no value
                    new = " " + new
                edits.append((header.start + value_node.start_mark.index, header.start + value_node.end_mark.index, new))
            else:
                # a block value: replace from the key to the end of the value's last line
                a = header.start + key_node.start_mark.index
                b = header.start + value_node.end_mark.index
                b = b if value_node.end_mark.column == 0 else _line_end(text, b)
                edits.append((a, b, f"{yaml_scalar(key)}: {new}" + (header.newline if value_node.end_mark.column == 0 else "")))
    return edits, [k for k in fields if k not in found]


def _line_end(text: str, pos: int) -> int:
    match = _LINE_END.search(text, pos)
    return match.start() if match else len(text)


def _toml_edits(text: str, header: Header, fields: Mapping[str, Any]) -> tuple[list[tuple[int, int, str]], list[str], int]:
    """Edits for top-level keys that exist, the keys still to add, and where to add them."""
    edits, found = [], set()
    insert_at = header.end
    lines = []
    pos = header.start
    for match in _LINE_END.finditer(text, header.start, header.end):
        lines.append((pos, match.start(), match.end()))
        pos = match.end()
    if pos < header.end:
        lines.append((pos, header.end, header.end))
    index = 0
    while index < len(lines):
        start, end, next_start = lines[index]
        line = text[start:end]
        if _TOML_TABLE.match(line):
            insert_at = start
            break
        key_match = re.match(r"^\s*([A-Za-z0-9_-]+|\"[^\"]+\"|'[^']+')\s*=\s*", line)
        if key_match:
            key = key_match.group(1).strip("\"'")
            # the value may span lines (arrays, multi-line strings): extend until it parses
            last = index
            while last < len(lines):
                chunk = text[start + key_match.end():lines[last][1]]
                try:
                    tomllib.loads("v = " + chunk)
                    break
                except tomllib.TOMLDecodeError:
                    last += 1
            last = min(last, len(lines) - 1)
            if key in fields and key not in found:
                found.add(key)
                value_start = start + key_match.end()
                if last == index:
                    value_text = text[value_start:end]
                    comment = re.search(r"\s+#[^\"']*$", value_text)
                    value_end = value_start + (comment.start() if comment else len(value_text.rstrip()))
                else:
                    value_end = lines[last][1]
                edits.append((value_start, value_end, toml_value(fields[key])))
            index = last + 1
            continue
        index += 1
    return edits, [k for k in fields if k not in found], insert_at


def _meta_edits(text: str, header: Header, fields: Mapping[str, Any]) -> tuple[list[tuple[int, int, str]], list[str]]:
    edits, found = [], set()
    lowered = {k.lower(): k for k in fields}
    pos = header.start
    for match in _LINE_END.finditer(text, header.start, header.end):
        meta = _META_LINE.match(text[pos:match.start()])
        if meta and meta.group("key").lower() in lowered:
            key = lowered[meta.group("key").lower()]
            if key not in found:
                found.add(key)
                new = meta_value(fields[key])
                if meta.group("value") is None:
                    edits.append((pos + meta.end(), pos + meta.end(), " " + new))
                else:
                    edits.append((pos + meta.start("value"), match.start(), new))
        pos = match.end()
    return edits, [k for k in fields if k not in found]


def _splice(text: str, edits: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for a, b, new in sorted(edits):
        out.append(text[pos:a])
        out.append(new)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def set_fields(text: str, fields: Mapping[str, Any], *, path: str | None = None, meta_headers: bool = False, create: str = "yaml") -> str:
    """Return ``text`` with each top-level field of ``fields`` set (replaced or added).

    A post without a header gets one in format ``create`` ("yaml", "toml" or "meta").
    """
    if not fields:
        return text
    header = read_header(text, path=path, meta_headers=meta_headers)
    nl = header.newline
    if header.format is None:
        if create == "meta":
            lines = "".join(f"{k}: {meta_value(v)}{nl}" for k, v in fields.items())
            return lines + nl + text
        if create == "toml":
            return "+++" + nl + "".join(f"{k} = {toml_value(v)}{nl}" for k, v in fields.items()) + "+++" + nl + text
        return "---" + nl + "".join(f"{yaml_scalar(k)}: {yaml_scalar(v)}{nl}" for k, v in fields.items()) + "---" + nl + text
    if header.format == "yaml":
        edits, missing = _yaml_edits(text, header, fields)
        insert_at, render = header.end, lambda k, v: f"{yaml_scalar(k)}: {yaml_scalar(v)}{nl}"
    elif header.format == "toml":
        edits, missing, insert_at = _toml_edits(text, header, fields)
        render = lambda k, v: f"{k} = {toml_value(v)}{nl}"  # noqa: E731
    else:
        edits, missing = _meta_edits(text, header, fields)
        insert_at, render = header.end, lambda k, v: f"{k}: {meta_value(v)}{nl}"
    if missing:
        # a block whose last line has no newline (e.g. "---\nkey: v---" never happens; "key: v" at EOF does)
        prefix = nl if insert_at > 0 and text[insert_at - 1] not in "\r\n" else ""
        edits.append((insert_at, insert_at, prefix + "".join(render(k, fields[k]) for k in missing)))
    return _splice(text, edits)


def insert_after_header(text: str, paragraph: str, *, path: str | None = None, meta_headers: bool = False) -> str:
    """Insert ``paragraph`` as the first paragraph of the body (blank lines kept around it)."""
    header = read_header(text, path=path, meta_headers=meta_headers)
    nl = header.newline
    at = header.body_start
    blank = _LINE_END.match(text, at)
    if header.format == "meta" or blank:
        # the body opens with a blank line (always so after a meta block): notice between blanks
        at = blank.end() if blank else at
        return text[:at] + paragraph + nl + nl + text[at:]
    lead = nl if header.format is not None else ""
    return text[:at] + lead + paragraph + nl + nl + text[at:]


def meta_as_yaml(text: str, header: Header) -> str:
    """A ``Key: value`` header rewritten as YAML front matter (keys lower-cased, values quoted),
    so the translation core sees an ordinary front matter block."""
    nl = header.newline
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}{nl}" for key, value in header.data.items())
    return "---" + nl + lines + "---" + nl + text[header.body_start:]


def yaml_back_to_meta(translated: str, original: str, header: Header) -> str:
    """Undo :func:`meta_as_yaml` on a translated text: changed values go back into the
    original ``Key: value`` lines; every other header line stays as it was."""
    back = read_header(translated)
    edits = {key: value for key, value in back.data.items() if header.data.get(key) != value}
    rebuilt = set_fields(original[: header.body_start], edits, meta_headers=True) if edits else original[: header.body_start]
    return rebuilt + translated[back.body_start:]
