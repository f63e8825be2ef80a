"""Front matter: the metadata block at the top of a post, found and parsed once.

:func:`read_header` is the one detector and parser of the three header formats:

- YAML between ``---`` lines (Jekyll, Hugo, MkDocs, Eleventy, Docusaurus),
- TOML between ``+++`` lines (Hugo),
- ``Key: value`` metadata lines up to the first blank line (Pelican / Python-Markdown
  ``meta``), only when asked for with ``meta_headers=True``.

The :class:`Header` it returns holds the data *and* the exact source span of every string
value and top-level key, so repair, segmentation and the field editors
(:mod:`.frontmatter_edit`) never parse the block again; :meth:`Header.after` carries it
across edits of the text. YAML is composed with the safe loader: no tags are ever
constructed, no code can run. Nothing is ever re-serialised through a YAML dumper.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import FrontMatterError
from .sourcemap import NEWLINE, Edit, shift, sorted_edits

#: top-level keys whose string values are prose
DEFAULT_KEYS = ("title", "subtitle", "excerpt", "description", "summary", "linkTitle", "short-title")
#: keys whose string values are prose at any depth (header.caption, gallery[].alt, ...)
DEFAULT_NESTED_KEYS = ("caption", "alt", "title")
#: keys that name a post's language, in the order they are looked for
LANGUAGE_KEYS = ("lang", "language", "locale")

_OPENERS = {"---": "yaml", "+++": "toml"}
# PyYAML refuses C1 controls and other non-printables (which mojibake has)
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class FieldValue:
    """A string value inside the front matter."""

    path: str  # "title", "header.caption", "gallery[1].alt"
    start: int  # absolute span of the value as written (quotes included)
    end: int
    value: str  # the decoded value
    style: str  # yaml: "plain", "'", '"', "|", ">"; toml: "toml\"" or "toml'"
    line: int
    keys: tuple[str | int, ...] = ()  # the path as keys and list indices
    key: str | None = None  # the mapping key it is the value of (None: a list item)
    depth: int = 0  # 0 for top-level keys

    @property
    def inner(self) -> tuple[int, int]:
        """The span of the characters of the value (quotes, a block scalar's header left out)."""
        if self.style in ('"', "'", 'toml"', "toml'"):
            return self.start + 1, self.end - 1
        return self.start, self.end

    @property
    def verbatim(self) -> bool:
        """The characters inside :attr:`inner` are the value itself (no escapes, folding)."""
        return self.style in ("plain", "'", '"', 'toml"', "toml'") and "\\" not in self.value and "'" not in self.value and "\n" not in self.value


@dataclass
class KeySpan:
    """Where a top-level key and its value stand (what the field editors replace)."""

    key_start: int
    value_start: int
    value_end: int
    inline: bool  # a one-line scalar: replace the value and keep the rest of the line


@dataclass
class Header:
    """The metadata block at the top of a post (``format=None``: the post has none)."""

    format: str | None  # "yaml", "toml", "meta" or None
    data: dict[str, Any] = field(default_factory=dict)
    start: int = 0  # offset of the block's first content line (after an opening delimiter)
    end: int = 0  # offset just after the block's last content line
    body_start: int = 0
    newline: str = "\n"
    strings: list[FieldValue] = field(default_factory=list)  # every string value (YAML, TOML)
    keys: dict[str, KeySpan] = field(default_factory=dict)  # top-level keys (their first occurrence)
    toml_insert: int = 0  # TOML: where a new top-level key goes (before the first table)
    prose_spans: list[tuple[int, int]] = field(default_factory=list)  # what repair may change
    valid: bool = True  # False: YAML/TOML that does not parse (read leniently; nothing to edit)
    exact: bool = True  # False after edits it cannot follow: editors read the text again

    @property
    def language(self) -> str | None:
        """The ``lang``/``language``/``locale`` the header declares, if any."""
        for key in LANGUAGE_KEYS:
            value = self.data.get(key)
            if isinstance(value, str) and value.strip():
                return value
        return None

    def fields(self, keys: tuple[str, ...] = DEFAULT_KEYS, nested_keys: tuple[str, ...] = DEFAULT_NESTED_KEYS) -> list[FieldValue]:
        """The string values that are prose: ``keys`` at the top level, ``nested_keys`` at any depth."""
        return [f for f in self.strings if f.key is not None and f.value.strip() and (f.key in nested_keys or (f.depth == 0 and f.key in keys))]

    def after(self, edits: Sequence[tuple[int, int, str]], values: dict[str, str] | None = None) -> "Header":
        """This header once ``edits`` are applied to the text it was read from.

        An edit that replaces a whole string value takes its new decoded value from
        ``values`` (by path); an edit inside a value is followed when the value is written
        verbatim. Anything else (an edit across keys, inside an escaped value) gives a header
        marked not :attr:`exact`, which the editors read again from the new text."""
        ordered = sorted_edits(edits)
        if self.format is None or not ordered or ordered[0].start >= self.body_start:
            return self
        ordered = [e for e in ordered if e.start <= self.body_start]  # (the body's edits move nothing here)
        values = values or {}
        exact = self.exact
        data = _copy_data(self.data)
        strings = []
        for string in self.strings:
            inside = [e for e in ordered if string.start <= e.start and e.end <= string.end and (e.start, e.end) != (string.end, string.end)]
            if not inside:
                strings.append(replace(string, start=shift(string.start, ordered), end=shift(string.end, ordered, end=True)))
                continue
            value = _edited_value(string, inside, values)
            if value is None:
                exact, value = False, string.value
            start = shift(string.start, [e for e in ordered if e not in inside])
            strings.append(replace(string, start=start, end=start + string.end - string.start + sum(e.delta for e in inside), value=value))
            _set_in(data, string.keys, value)
        covered = [e for e in ordered if e.start < self.body_start and not any(s.start <= e.start and e.end <= s.end for s in self.strings)]
        if covered:
            exact = False
        keys = {key: KeySpan(shift(span.key_start, ordered), shift(span.value_start, ordered), shift(span.value_end, ordered, end=True), span.inline) for key, span in self.keys.items()}
        prose = [(shift(a, ordered), shift(b, ordered, end=True)) for a, b in self.prose_spans]
        return replace(
            self,
            data=data,
            strings=strings,
            keys=keys,
            prose_spans=prose,
            exact=exact,
            end=shift(self.end, ordered, end=True),
            body_start=shift(self.body_start, ordered, end=True),
            toml_insert=shift(self.toml_insert, ordered),
        )

    def edited(self, text: str, edits: Sequence[tuple[int, int, str]], values: dict[str, str] | None = None, *, path: str | None = None, lenient: bool = False) -> "Header":
        """The header of ``text``, the result of ``edits``: carried over (:meth:`after`), or
        read again in the rare case the edits cannot be followed."""
        header = self.after(edits, values)
        if header.exact:
            return header
        return read_header(text, path=path, meta_headers=self.format == "meta", lenient=lenient)


def _edited_value(string: FieldValue, inside: list[Edit], values: dict[str, str]) -> str | None:
    if len(inside) == 1 and (inside[0].start, inside[0].end) == (string.start, string.end):
        return values.get(string.path)
    a, _ = string.inner
    if not string.verbatim or any(e.start < a or e.end > string.inner[1] for e in inside):
        return None
    out, pos = [], 0
    for edit in inside:
        out.append(string.value[pos : edit.start - a])
        out.append(edit.text)
        pos = edit.end - a
    out.append(string.value[pos:])
    return "".join(out)


def _copy_data(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy_data(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy_data(v) for v in data]
    return data


def _set_in(data: Any, keys: tuple[str | int, ...], value: str) -> None:
    for key in keys[:-1]:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return
    if keys and isinstance(data, (dict, list)):
        try:
            data[keys[-1]] = value  # type: ignore[index]
        except (IndexError, TypeError):
            pass


def newline_of(text: str) -> str:
    """The first line ending of ``text`` (``\\n`` when it has none)."""
    match = NEWLINE.search(text)
    return match.group() if match else "\n"


def read_header(text: str, *, path: str | None = None, meta_headers: bool = False, lenient: bool = False) -> Header:
    """The post's metadata block, parsed (``format=None`` when it has none).

    Raises :class:`~blogbabel.errors.FrontMatterError` naming the line for an unclosed block,
    invalid YAML/TOML, or front matter that is not a mapping. With ``lenient`` (mojibake
    repair), an unclosed block is no front matter and invalid YAML gives a header that is
    not :attr:`~Header.valid`, with the positions of its values when they can be found.
    """
    from . import frontmatter_formats as formats  # it builds on the classes above

    newline = newline_of(text)
    first = NEWLINE.search(text)
    opener = text[: first.start()] if first else text
    fmt = _OPENERS.get(opener.lstrip("\ufeff").rstrip(" \t"))  # library input may keep its BOM
    if fmt is not None and first is not None:
        closer = "+++" if fmt == "toml" else "---"
        content_start = pos = first.end()
        for match in itertools.chain(NEWLINE.finditer(text, pos), (None,)):  # lazily: the block is a few lines of a long post
            line_end = match.start() if match else len(text)
            stripped = text[pos:line_end].rstrip(" \t")
            if stripped == closer or (fmt == "yaml" and stripped == "..."):
                header = Header(fmt, {}, content_start, pos, match.end() if match else len(text), newline)
                if fmt == "yaml":
                    _read_yaml(text, header, path, lenient)
                else:
                    formats.read_toml(text, header, path, lenient)
                return header
            if match is None:
                break
            pos = match.end()
        if not lenient:
            raise FrontMatterError(
                f"front matter opened with {opener.strip()} on line 1 is never closed",
                path=path,
                line=1,
                hint=f"add a line with {closer} after the last front matter field",
            )
    if meta_headers:
        meta = formats.read_meta(text, newline)
        if meta is not None:
            return meta
    return Header(None, {}, 0, 0, 0, newline)


def _read_yaml(text: str, header: Header, path: str | None, lenient: bool) -> None:
    import yaml

    content = text[header.start : header.end]
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
    if lenient and _NOT_PRINTABLE.search(content):
        # parse a copy with them replaced one for one, so offsets stay the same; its values
        # are not the text's, so nothing is carried over from it
        content, header.exact = _NOT_PRINTABLE.sub("?", content), False
    try:
        root = yaml.compose(content, Loader=loader_class)
        problem = yaml_graph_problem(root)
        if problem is not None:  # before anything walks or constructs it
            if lenient:
                header.valid = False
                return
            message, at = problem
            line = 2 + (at.start_mark.line if at is not None else 0)
            hint = "flatten the nesting" if "nested" in message else "write the values out instead of repeating aliases (*name)"
            raise FrontMatterError(f"front matter refused: {message}", path=path, line=line, hint=hint)
        data = _construct(yaml, root) if root is not None else {}
    except RecursionError:  # the pure-Python loader composing deep nesting
        if lenient:
            header.valid = False
            return
        raise FrontMatterError(f"front matter refused: values nested deeper than {MAX_YAML_DEPTH} levels", path=path, line=2, hint="flatten the nesting") from None
    except yaml.MarkedYAMLError as exc:
        if lenient:
            header.valid = False
            return
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        reason = exc.problem or exc.context or "syntax error"
        if isinstance(exc, yaml.constructor.ConstructorError):
            hint = "front matter is loaded as plain data: remove the tag (!!python/..., !custom) or quote the value"
        else:
            hint = "fix the YAML syntax (quote values containing ': ')"
        raise FrontMatterError(f"invalid YAML front matter: {reason}", path=path, line=line, hint=hint) from None
    except yaml.YAMLError as exc:
        if lenient:
            header.valid = False
            return
        raise FrontMatterError(f"invalid YAML front matter: {exc}", path=path, line=1) from None
    if data is not None and not isinstance(data, dict):
        if lenient:
            data = {}
        else:
            kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
            raise FrontMatterError(f"front matter must be a mapping of keys to values, found {kind}", path=path, line=2, hint="write it as 'key: value' lines")
    header.data = data or {}
    if root is not None:
        _walk_yaml(yaml, text, header, root, (), None, 0)


#: YAML values a front matter may hold once aliases are expanded (a "billion laughs" post
#: expands nine aliases nine times over into 10^9), and how deeply they may nest
MAX_YAML_VALUES = 10_000
MAX_YAML_DEPTH = 100


def yaml_graph_problem(root: Any) -> tuple[str, Any] | None:
    """Why the composed YAML ``root`` must not be walked, and the node where it shows (None
    when it is fine): an alias that contains itself, more than :data:`MAX_YAML_VALUES` values
    once aliases are expanded, or nesting deeper than :data:`MAX_YAML_DEPTH`. Iterative, and
    linear in the distinct nodes: every later walk of the tree may then be naive."""
    import yaml

    # the common case first: a tree (no node reached twice: no alias) within the limits has
    # nothing to find, and one walk shows it far more cheaply than the bookkeeping below
    seen: set[int] = set()
    walk = [(root, 1)]  # (node, depth); a root of None (empty front matter) has no children
    while walk:
        node, depth = walk.pop()
        if id(node) in seen or depth > MAX_YAML_DEPTH or len(seen) == MAX_YAML_VALUES:
            break
        seen.add(id(node))
        walk.extend((child, depth + 1) for child in _children(node, yaml))
    else:
        return None
    expanded: dict[int, int] = {}  # id(node) -> values under it, aliases expanded
    height: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, list]] = [(root, _children(root, yaml))]
    on_path.add(id(root))
    while stack:
        node, pending = stack[-1]
        if pending:
            child = pending.pop()
            if id(child) in on_path:
                return "an alias refers to the value that contains it", child
            if id(child) not in expanded:
                if len(stack) >= MAX_YAML_DEPTH:
                    return f"values nested deeper than {MAX_YAML_DEPTH} levels", child
                on_path.add(id(child))
                stack.append((child, _children(child, yaml)))
            continue
        stack.pop()
        on_path.discard(id(node))
        kids = _children(node, yaml)
        expanded[id(node)] = 1 + sum(expanded[id(c)] for c in kids)
        height[id(node)] = 1 + max((height[id(c)] for c in kids), default=0)
        if expanded[id(node)] > MAX_YAML_VALUES:
            return f'aliases expand to more than {MAX_YAML_VALUES:,} values (a "billion laughs" bomb?)', node
        if height[id(node)] + len(stack) > MAX_YAML_DEPTH:
            return f"values nested deeper than {MAX_YAML_DEPTH} levels", node
    return None


def _construct(yaml: Any, root: Any) -> Any:
    """Python values of the composed ``root``, by the safe loader's constructor alone (a whole
    loader would build a reader, scanner and parser it never uses, and leave a reference cycle)."""
    return yaml.constructor.SafeConstructor().construct_document(root)


def _children(node: Any, yaml: Any) -> list:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _walk_yaml(yaml: Any, text: str, header: Header, node: Any, keys: tuple[str | int, ...], key: str | None, depth: int) -> None:
    """Record the strings and top-level keys under ``node`` (a function of its own, not a
    recursive closure: that is a reference cycle holding the header until a full collection)."""
    base = header.start
    if isinstance(node, yaml.ScalarNode):
        if node.tag != "tag:yaml.org,2002:str":
            return
        a, b = base + node.start_mark.index, base + node.end_mark.index
        style = node.style or "plain"
        if style in "|>":
            b = a + len(text[a:b].rstrip("\r\n"))
            newline = NEWLINE.search(text, a, b)
            inner = (b if newline is None else newline.end(), b)
        else:
            inner = (a + 1, b - 1) if style in "\"'" else (a, b)
        if inner[0] < inner[1]:
            header.prose_spans.append(inner)
        path = "".join(f"[{k}]" if isinstance(k, int) else (f".{k}" if i else k) for i, k in enumerate(keys))
        header.strings.append(FieldValue(path, a, b, node.value, style, 2 + node.start_mark.line, keys, key, depth))
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if not keys and name not in header.keys:
                one_line = isinstance(value_node, yaml.ScalarNode) and value_node.style not in ("|", ">") and value_node.start_mark.line == value_node.end_mark.line
                end = base + value_node.end_mark.index
                if not one_line and value_node.end_mark.column != 0:
                    line_end = NEWLINE.search(text, end)
                    end = line_end.end() if line_end else len(text)
                start = base + value_node.start_mark.index
                header.keys[name] = KeySpan(base + key_node.start_mark.index, start, end, one_line)
            _walk_yaml(yaml, text, header, value_node, (*keys, name), name, len(keys))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk_yaml(yaml, text, header, item, (*keys, index), None, len(keys))
