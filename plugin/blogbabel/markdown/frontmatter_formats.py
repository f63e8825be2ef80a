"""The TOML (``+++``) and ``Key: value`` (Pelican) readers of :func:`.frontmatter.read_header`.

TOML values are located line by line (the standard library parses but gives no positions):
single-line string pairs for translation, every string for repair, and the top-level keys
with the extent of their values (a value may span lines) for the field editors.
"""

from __future__ import annotations

import re

from .._compat import tomllib
from ..errors import FrontMatterError
from .frontmatter import FieldValue, Header, KeySpan
from .sourcemap import NEWLINE

_META_LINE = re.compile(r"^(?P<key>[A-Za-z0-9_-]+)[ \t]*:(?:[ \t]+(?P<value>.*))?$")
_TOML_PAIR = re.compile(r"""^\s*(?P<key>[A-Za-z0-9_.\-"' ]+?)\s*=\s*(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*')\s*(?:#.*)?$""")
_TOML_TABLE = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]+\"|'[^']+')\s*=\s*")
_TOML_STRING = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*')


def read_toml(text: str, header: Header, path: str | None, lenient: bool) -> None:
    content = text[header.start : header.end]
    try:
        header.data = tomllib.loads(NEWLINE.sub("\n", content))  # TOML knows no lone \r
    except tomllib.TOMLDecodeError as exc:
        if not lenient:
            match = re.search(r"line (\d+)", str(exc))
            line = int(match.group(1)) + 1 if match else 1
            raise FrontMatterError(f"invalid TOML front matter: {exc}", path=path, line=line, hint="fix the TOML syntax") from None
        header.valid = False
    header.prose_spans = _toml_prose(text, header.start, header.end)
    _toml_positions(text, header)


def _lines(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """(start, end, next start) of each line of ``text[start:end]``."""
    lines, pos = [], start
    for match in NEWLINE.finditer(text, start, end):
        lines.append((pos, match.start(), match.end()))
        pos = match.end()
    if pos < end:
        lines.append((pos, end, end))
    return lines


def _toml_positions(text: str, header: Header) -> None:
    """Top-level keys (for the editors) and single-line string pairs (for translation)."""
    lines = _lines(text, header.start, header.end)
    table, top = "", True
    counters: dict[str, int] = {}
    header.toml_insert = header.end
    index = 0
    while index < len(lines):
        start, end, _ = lines[index]
        line = text[start:end]
        table_header = _TOML_TABLE.match(line)
        if table_header:
            if top:
                header.toml_insert, top = start, False
            name = table_header.group(2).replace('"', "").replace("'", "")
            if table_header.group(1) == "[[":
                counters[name] = counters.get(name, -1) + 1
                table = f"{name}[{counters[name]}]"
            else:
                table = name
            index += 1
            continue
        pair = _TOML_PAIR.match(line)
        if pair:
            key_path = pair.group("key").replace('"', "").replace("'", "").replace(" ", "")
            raw = pair.group("value")
            a = start + pair.start("value")
            parts = tuple(key_path.split("."))
            keys: tuple[str | int, ...] = (*table.replace("[", ".").replace("]", "").split("."), *parts) if table else parts
            nested = bool(table) or "." in key_path
            header.strings.append(
                FieldValue(
                    f"{table}.{key_path}" if table else key_path,
                    a,
                    a + len(raw),
                    tomllib.loads(f"v = {raw}")["v"],
                    'toml"' if raw[0] == '"' else "toml'",
                    2 + index,
                    _numbered(keys),
                    parts[-1],
                    1 if nested else 0,
                )
            )
        key_match = _TOML_KEY.match(line) if top else None
        if key_match is None:
            index += 1
            continue
        # the value may span lines (arrays, multi-line strings): extend until it parses
        last = index
        while last < len(lines):
            try:
                tomllib.loads("v = " + NEWLINE.sub("\n", text[start + key_match.end() : lines[last][1]]))
                break
            except tomllib.TOMLDecodeError:
                last += 1
        last = min(last, len(lines) - 1)
        value_start = start + key_match.end()
        if last == index:
            value_text = text[value_start:end]
            comment = re.search(r"\s+#[^\"']*$", value_text)
            value_end = value_start + (comment.start() if comment else len(value_text.rstrip()))
        else:
            value_end = lines[last][1]
        header.keys.setdefault(key_match.group(1).strip("\"'"), KeySpan(start, value_start, value_end, True))
        index = last + 1


def _numbered(keys: tuple[str | int, ...]) -> tuple[str | int, ...]:
    return tuple(int(k) if isinstance(k, str) and k.isdigit() else k for k in keys)


def _toml_prose(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the string values of the TOML between ``start`` and ``end`` (keys, quoted or
    not, and table headers are left out)."""
    spans = []
    for match in _TOML_STRING.finditer(text, start, end):
        token = match.group()
        if token.startswith("#"):
            continue
        after = text[match.end() : end].lstrip(" \t")
        line_start = max(text.rfind("\n", start, match.start()), text.rfind("\r", start, match.start())) + 1
        before = text[line_start : match.start()]
        if (after.startswith(("=", ".")) or before.lstrip().startswith("[")) and "=" not in before:
            continue  # a key or a table header
        quote = 3 if token[:3] in ('"""', "'''") else 1
        spans.append((match.start() + quote, match.end() - quote))
    return spans


def read_meta(text: str, newline: str) -> Header | None:
    """A Python-Markdown ``meta`` block: ``Key: value`` lines (continuations indented) to a blank line."""
    pos, data, last_key = 0, {}, None
    keys: dict[str, KeySpan] = {}
    for match in [*NEWLINE.finditer(text), None]:
        end = match.start() if match else len(text)
        line = text[pos:end]
        if not line.strip():
            break
        meta = _META_LINE.match(line)
        if meta:
            last_key = meta.group("key").lower()
            data[last_key] = (meta.group("value") or "").strip()
            value_start = pos + (meta.start("value") if meta.group("value") is not None else meta.end())
            keys.setdefault(last_key, KeySpan(pos, value_start, end, meta.group("value") is not None))
        elif last_key and line[:1] in " \t":
            data[last_key] += "\n" + line.strip()
        else:
            break  # Python-Markdown ends the block at the first line that is not metadata
        pos = match.end() if match else len(text)
        if match is None:
            break
    if not data:
        return None
    return Header("meta", data, 0, pos, pos, newline, keys=keys)
