"""Editing front matter in place through a :class:`~.frontmatter.Header`.

Nothing is ever re-dumped: a field that exists gets its value replaced where it stands (its
comment and every other line stay byte-identical), a new field is added as one line before
the closing delimiter (YAML) or before the first table (TOML); a translated value is written
back in its original quoting style (:func:`render_value`). Each editor takes the header of
the text it edits (read once by the caller) and :func:`edit_fields` gives back the header of
the result, so a post's header is parsed once on its way through a build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .frontmatter import FieldValue, Header, read_header
from .sourcemap import NEWLINE, Edit, splice

_PLAIN_SAFE = re.compile(r"^[A-Za-z0-9_/][A-Za-z0-9_./ -]*$")
_YAML_WORDS = re.compile(r"^(?:~|null|true|false|yes|no|on|off|y|n|[-+.\d][\d._:eE+-]*)$", re.IGNORECASE)
_YAML_PLAIN_UNSAFE = re.compile(r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|: |\s#|:$|\s$|[\r\n\t]""")
_YAML_SPECIAL_WORDS = re.compile(
    r"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF"
    r"|[-+]?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?|\.inf|\.nan|\d{4}-\d\d-\d\d.*)$"
)


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
    """``value`` as the value of a ``Key: value`` line."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("\r", " ").replace("\n", " ")


def _line(fmt: str | None, key: str, value: Any, nl: str) -> str:
    if fmt == "toml":
        return f"{key} = {toml_value(value)}{nl}"
    if fmt == "meta":
        return f"{key}: {meta_value(value)}{nl}"
    return f"{yaml_scalar(key)}: {yaml_scalar(value)}{nl}"


def _current(text: str, header: Header | None, path: str | None, meta_headers: bool) -> Header:
    if header is not None and header.exact:
        return header
    return read_header(text, path=path, meta_headers=meta_headers or (header is not None and header.format == "meta"))


def edit_fields(text: str, fields: Mapping[str, Any], header: Header | None = None, *, path: str | None = None, meta_headers: bool = False, create: str = "yaml") -> tuple[str, Header]:
    """``text`` with each top-level field of ``fields`` set (replaced or added), and its header.

    ``header`` is the header of ``text`` (read when not given). A post without a header gets
    one in format ``create`` ("yaml", "toml" or "meta").
    """
    header = _current(text, header, path, meta_headers)
    if not fields:
        return text, header
    nl = header.newline
    if header.format is None:
        lines = "".join(_line(create, k, v, nl) for k, v in fields.items())
        block = {"meta": lines + nl, "toml": "+++" + nl + lines + "+++" + nl}.get(create, "---" + nl + lines + "---" + nl)
        new = block + text
        return new, read_header(new, path=path, meta_headers=create == "meta")
    edits: list[Edit] = []
    missing = []
    by_key = {k.lower(): v for k, v in header.keys.items()} if header.format == "meta" else header.keys
    for key, value in fields.items():
        span = by_key.get(key.lower() if header.format == "meta" else key)
        if span is None:
            missing.append(key)
        elif header.format == "yaml" and not span.inline:
            # a block value: replace from the key to the end of the value's last line
            edits.append(Edit(span.key_start, span.value_end, _line("yaml", key, value, nl)))
        else:
            new = toml_value(value) if header.format == "toml" else meta_value(value) if header.format == "meta" else yaml_scalar(value)
            gap = " " if span.value_start == span.value_end and header.format != "toml" else ""  # "key:" with no value
            edits.append(Edit(span.value_start, span.value_end, gap + new))
    if missing:
        insert_at = header.toml_insert if header.format == "toml" else header.end
        # a block whose last line has no newline ("key: v" at the end of a file)
        prefix = nl if insert_at > 0 and text[insert_at - 1] not in "\r\n" else ""
        edits.append(Edit(insert_at, insert_at, prefix + "".join(_line(header.format, k, fields[k], nl) for k in missing)))
    new_text = splice(text, edits)
    values = {k: str(v) for k, v in fields.items()}
    after = header.after(edits, values)
    data = {**after.data, **{(key.lower() if header.format == "meta" else key): value for key, value in fields.items()}}
    # new lines: their positions are not tracked, an editor reads the text again
    # every edit is inside the block (a meta block ends where the body starts: its new lines too)
    body_start = header.body_start + sum(edit.delta for edit in edits)
    return new_text, replace(after, data=data, exact=after.exact and not missing, body_start=body_start)


def set_fields(text: str, fields: Mapping[str, Any], *, path: str | None = None, meta_headers: bool = False, create: str = "yaml", header: Header | None = None) -> str:
    """Return ``text`` with each top-level field of ``fields`` set (see :func:`edit_fields`)."""
    return edit_fields(text, fields, header, path=path, meta_headers=meta_headers, create=create)[0]


def insert_after_header(text: str, paragraph: str, *, path: str | None = None, meta_headers: bool = False, header: Header | None = None) -> str:
    """Insert ``paragraph`` as the first paragraph of the body (blank lines kept around it)."""
    if header is None:
        header = read_header(text, path=path, meta_headers=meta_headers)
    nl = header.newline
    at = header.body_start
    blank = NEWLINE.match(text, at)
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
    return "---" + nl + lines + "---" + nl + text[header.body_start :]


def yaml_back_to_meta(translated: str, original: str, header: Header, translated_header: Header | None = None) -> str:
    """Undo :func:`meta_as_yaml` on a translated text: changed values go back into the
    original ``Key: value`` lines; every other header line stays as it was."""
    back = translated_header if translated_header is not None and translated_header.exact else read_header(translated)
    edits = {key: value for key, value in back.data.items() if header.data.get(key) != value}
    head = original[: header.body_start]
    rebuilt = set_fields(head, edits, meta_headers=True, header=header) if edits else head
    return rebuilt + translated[back.body_start :]


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
        original = source[field_value.start : field_value.end]
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
