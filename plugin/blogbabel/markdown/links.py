"""Link syntax after a closing bracket, bare URLs, and their translatable titles.

Every scan here is bounded (a destination by whitespace and 32 levels of parentheses as in
cmark, a ``<…>`` destination by the next ``<``/``>``/newline, a title by its closing quote
found through :class:`~.patterns.Closers`), so a text full of unclosed links stays linear.
"""

from __future__ import annotations

import re as stdlib_re

import regex as re

from .patterns import FILE_DOT, URL_CONTINUATION, Closers, Templates

#: cmark's limit on nested parentheses in a link destination
MAX_DESTINATION_PARENS = 32
#: CommonMark: a link label has at most 999 characters
MAX_LABEL = 999
_SPACE = " \t\n"
_ENTITY_AT_END = re.compile(r"&#?[A-Za-z0-9]+;$")
#: a run of destination characters that need no look (the stdlib module: its ``\s`` is
#: ``str.isspace``, as the loop below asks)
_PLAIN_DESTINATION = stdlib_re.compile(r"[^\\{()\s\x00-\x1f]*")
Title = tuple[int, int, str]  # start, end, delimiter


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _destination_end(text: str, i: int, templates: Templates) -> int:
    """End of a link destination starting at ``i`` (may be ``i`` for an empty one), or -1.
    Template tags inside it (``{{ site.baseurl }}/x``, ``{% link a.md %}#y``) are skipped
    whole: Liquid and Hugo expand them before Markdown sees the link."""
    n = len(text)
    if i < n and text[i] == "<":
        j = i + 1
        while j < n and text[j] not in "<>\n":
            j += 2 if text[j] == "\\" else 1
        return j + 1 if j < n and text[j] == ">" else -1
    depth = 0
    while i < n:
        i = _PLAIN_DESTINATION.match(text, i).end()  # type: ignore[union-attr]
        if i >= n:
            break
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            i += 2
            continue
        if ch == "{":
            end = templates.tag_end(i)
            i = end if end > 0 else i + 1
            continue
        if ch.isspace() or ord(ch) < 32:
            break
        if ch == "(":
            depth += 1
            if depth > MAX_DESTINATION_PARENS:
                return -1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        i += 1
    return i


def _title_end(text: str, j: int, closers: Closers) -> int:
    """Index of the delimiter closing the title that opens at ``j``, or -1."""
    delim = text[j]
    if delim == "(":
        k = j + 1
        while k < len(text) and text[k] not in "()":
            k += 2 if text[k] == "\\" else 1
        return k if k < len(text) and text[k] == ")" else -1
    k = j + 1
    blank = closers.blank_line(j)
    while True:
        k = closers.find(delim, k)
        if k < 0 or k > blank:
            return -1
        backslashes = 0
        while text[k - 1 - backslashes] == "\\":
            backslashes += 1
        if backslashes % 2 == 0:
            return k
        k += 1


def link_tail(text: str, pos: int, templates: Templates) -> tuple[int, Title | None] | None:
    """Parse ``(dest "title")`` starting at ``pos`` (the ``(``): (end offset, title or None),
    or None when it is not a valid inline link tail."""
    n = len(text)
    i = _destination_end(text, _skip_space(text, pos + 1), templates)
    if i < 0:
        return None
    j = _skip_space(text, i)
    title = None
    if j < n and text[j] in "\"'(" and j > i:
        k = _title_end(text, j, templates.closers)
        if k < 0:
            return None
        title = (j + 1, k, text[j])
        j = _skip_space(text, k + 1)
    if j < n and text[j] == ")":
        return j + 1, title
    return None


def label_end(text: str, pos: int) -> int:
    """End of a link label ``[...]`` starting at ``pos`` (escapes allowed), or -1."""
    i = pos + 1
    limit = min(len(text), pos + MAX_LABEL + 2)
    while i < limit:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            return -1
        if ch == "]":
            return i + 1
        i += 1
    return -1


def url_end(text: str, start: int, end: int, templates: Templates) -> int:
    """End of the bare URL matched at ``text[start:end]``, continued through template tags
    (``https://github.com/{{ site.repository }}/issues``, spaces inside the tag included) and
    trimmed the way GFM trims."""
    brace = text.find("{", start, end)
    while brace >= 0:
        stop = templates.tag_end(brace)
        if stop < 0:
            if text.startswith(("{{", "{%"), brace):
                end = brace  # a "{{" that is not a whole tag is not part of the URL
                break
            brace = text.find("{", brace + 1, end)
            continue
        end = max(end, stop)  # the match stopped inside the tag (at a space) or right before it
        more = URL_CONTINUATION.match(text, stop)
        if more is not None:
            end = max(end, more.end())
        brace = text.find("{", stop, end + 1)  # (a tag right after the URL goes on too)
    return start + len(trim_url(text[start:end]))


def trim_url(url: str) -> str:
    """Drop trailing punctuation that ends the sentence, keeping balanced parentheses
    (GFM's autolink_delim, trimming from the end until nothing changes)."""
    opened, closed = url.count("("), url.count(")")
    while url:
        last = url[-1]
        if last == ";":
            entity = _ENTITY_AT_END.search(url)  # an entity at the end is not part of it
            url = url[: entity.start()] if entity else url[:-1]
        elif last in ".,:!?*_~'\"":
            url = url[:-1]
        elif last == ")" and closed > opened:
            url = url[:-1]
            closed -= 1
        else:
            return url
    return url


#: what a file name or path holds (ASCII, as :data:`.patterns.FILE_DOT` reads them)
_PATH_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./~")
_FOLDER_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")
_PATH_RUN = stdlib_re.compile(r"[A-Za-z0-9_.~/-]*")


def path_spans(text: str) -> list[tuple[int, int]]:
    """Bare file names and paths in prose, in order and apart: they are not words to translate
    (Apertium made "images/profile.png" "Perfil/de imágenes.png"). A path is one by its shape:
    from ``/``, ``./``, ``../`` or ``~/`` (``/files/``, not the ``/or`` of "and/or") or from a
    ``_name/`` folder (Jekyll's ``_posts/``); a file name by its extension (``_config.yml``,
    ``images/profile.png``, ``Node.js``). Each character is looked at a bounded number of times."""
    spans: list[tuple[int, int]] = []
    slash = text.find("/")
    while slash >= 0:
        start = _path_start(text, slash)
        if start is None:
            slash = text.find("/", slash + 1)
            continue
        run = _PATH_RUN.match(text, slash)
        end = run.end() if run else slash + 1
        while end > slash + 1 and text[end - 1] in ".-~_":  # a sentence's period (an emphasis's _) is not the path's
            end -= 1
        spans.append((start, end))
        slash = text.find("/", end)
    floor = 0  # a name never reaches back past the one before it
    for match in FILE_DOT.finditer(text) if "." in text else ():
        start = match.start()
        if not start or text[start - 1] not in _PATH_CHARS or text[start - 1] in "./~":
            continue
        while start > floor and text[start - 1] in _PATH_CHARS:
            start -= 1
        spans.append((start, match.end()))
        floor = match.end()
    if len(spans) < 2:
        return spans
    spans.sort()
    merged = [spans[0]]
    for a, b in spans[1:]:
        if a < merged[-1][1]:  # (a name inside a path, or a path around a name)
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _path_start(text: str, slash: int) -> int | None:
    """Where the path whose first ``/`` is at ``slash`` starts, or None when that slash opens none."""
    after = text[slash + 1] if slash + 1 < len(text) else " "
    if after == "/":  # (a URL's "//")
        return None
    before = text[slash - 1] if slash else " "
    if before not in _PATH_CHARS:
        return slash if after in _PATH_CHARS else None  # "/files/"
    if before in ".~":  # "./x", "../x", "~/x"
        if after not in _PATH_CHARS:
            return None
        start = slash - 1
        while before == "." and start > 0 and text[start - 1] == "." and slash - start < 2:
            start -= 1
        return start if (not start or text[start - 1] not in _PATH_CHARS) and (before == "." or slash - start == 1) else None
    start = slash
    while start > 0 and text[start - 1] in _FOLDER_NAME:
        start -= 1
    if start < slash and start > 0 and text[start - 1] == "_" and (start == 1 or text[start - 2] not in _PATH_CHARS):
        return start - 1  # "_posts/"
    return None
