"""The invariants every translated page must keep, shared by the case files
(tests/test_cases.py) and any folder of real pages (tests/test_real_pages.py).

- identity round-trip: byte-identical, with placeholders and with plain pieces;
- structure: the same HTML tag sequence from two independent renderers (mistune and
  markdown-it-py with the plugins of the generators' dialects), in both modes;
- protected text unchanged: code (code tags, fences, snippets) and template tags without prose
  parameters occur in the output as often as in the input, with the marker translator and with
  one that upper-cases every word it is sent.
"""

from __future__ import annotations

import re
from collections import Counter

import mistune
from blogbabel.markdown.blocks import parse
from blogbabel.markdown.frontmatter import read_header
from blogbabel.markdown.patterns import template_spans
from blogbabel.translate.job import TranslateOptions, translate_markdown
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from support.markers import FunctionTranslator, IdentityTranslator, MarkerTranslator

OPTIONS = TranslateOptions(clean=False)
_PROSE_PARAM = re.compile(r"""\b(?:caption|alt|title|subtitle|description|text|name|header|content)\s*=""", re.IGNORECASE)


def marker(text: str, tags: bool = True) -> str:
    """``text`` with every unit wrapped in «»."""
    return translate_markdown(text, source="en", target="es", translator=MarkerTranslator(tags), options=OPTIONS)


def identity(text: str, tags: bool = True) -> str:
    return translate_markdown(text, source="en", target="es", translator=IdentityTranslator(tags), options=OPTIONS)


def shouted(text: str, tags: bool = True) -> str:
    """``text`` translated by an engine that upper-cases every word it is sent."""
    return translate_markdown(text, source="en", target="es", translator=FunctionTranslator(_shout, tags), options=OPTIONS)


def _shout(text: str) -> str:
    """Every word upper-cased, placeholders (``<x1/>``, ``<g2>…</g2>``) kept."""
    return re.sub(r"(</?[xg]\d+/?>)|([^<]+|<)", lambda m: m.group(1) or m.group(2).upper(), text)


def mistune_tags(text: str) -> list[str]:
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "footnotes", "math", "def_list"])
    return re.findall(r"</?[a-zA-Z][a-zA-Z0-9]*", render(text))


def markdown_it_tags(text: str) -> list[str]:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(footnote_plugin).use(deflist_plugin).use(admon_plugin)
    return re.findall(r"</?[a-zA-Z][a-zA-Z0-9]*", md.render(text))


def protected(source: str) -> list[str]:
    """Constructs of the body (the front matter is YAML or TOML, no template) that must come
    out byte-identical."""
    text = source[read_header(source, lenient=True).body_start :]
    _, _, copy = parse(text)
    found = []
    for a, b in copy.code:  # a code pair whole, or after its opening tag when that has prose (a tab's name=)
        opening = text[a : text.find("}}", a) + 2] if text.startswith("{{", a) else ""
        found.append(text[a + len(opening) : b] if _PROSE_PARAM.search(opening) else text[a:b])
    found += [text[a:b] for a, b in template_spans(text) if not _PROSE_PARAM.search(text[a:b])]
    found += [token.content for token in parse(text)[0] if token.type in ("fence", "code_block")]
    return found


def broken_invariants(source: str) -> list[str]:
    """What ``source`` loses through translation, one line per broken invariant ([] when none)."""
    broken = []
    for tags in (True, False):
        mode = "tags" if tags else "pieces"
        if identity(source, tags) != source:
            broken.append(f"{mode}: the identity round-trip changed the text")
        marked, upper = marker(source, tags), shouted(source, tags)
        for name, tags_of in (("mistune", mistune_tags), ("markdown-it", markdown_it_tags)):
            if tags_of(marked) != tags_of(source):
                broken.append(f"{mode}: {name} renders another tag structure")
        # (a construct found twice, as a code pair and as a template tag, or inside a list
        # item's fence with its indentation removed, counts as often as the source holds it)
        for construct, times in Counter(protected(source)).items():
            times = min(times, source.count(construct))
            if marked.count(construct) < times or upper.count(construct) < times:
                broken.append(f"{mode}: protected text changed: {construct[:80]!r}")
    return broken
