"""Case files: every invariant applied to every case.

``tests/cases/*.md`` are in markdown-it-py's fixture format (a title line, ``.``, the input,
``.``, the expected marker translation, ``.``); ``fixtures/pages/*.md`` are whole realistic
pages whose expected marker translation is ``tests/cases/golden/pages/<name>``. For each case:

- identity round-trip: byte-identical, with placeholders and with plain pieces;
- marker translation (every unit wrapped in «»): exactly the expected text;
- structure: the same HTML tag sequence from two independent renderers (mistune and
  markdown-it-py with the plugins of the generators' dialects), in both modes;
- protected text unchanged: code (code tags, fences, snippets) and template tags without prose
  parameters occur in the output as often as in the input;
- the inline tokenizer's tokens of every segment match ``tests/cases/golden/<file>.tokens``.

``BLOGBABEL_UPDATE_CASES=1 pytest tests/test_cases.py`` rewrites expectations and golden
files from the current output (review the diff before committing it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import mistune
import pytest
from blogbabel.markdown.blocks import parse
from blogbabel.markdown.patterns import template_spans
from blogbabel.markdown.segments import analyse
from blogbabel.translate.job import TranslateOptions, translate_markdown
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from support.markers import FunctionTranslator, IdentityTranslator, MarkerTranslator

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
GOLDEN = CASES / "golden"
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*.md"))
UPDATE = os.environ.get("BLOGBABEL_UPDATE_CASES") == "1"
OPTIONS = TranslateOptions(clean=False)
_PROSE_PARAM = re.compile(r"""\b(?:caption|alt|title|description|text|name|header|content)\s*=""", re.IGNORECASE)


def _case_files() -> list[tuple[str, str, str, str]]:
    """(id, file name, input, expected) for every case."""
    cases = []
    for path in sorted(CASES.glob("*.md")):
        for line, title, source, expected in read_fixture_file(path):
            cases.append((f"{path.stem}:{line + 1}:{title}", path.name, source, expected))
    for page in PAGES:
        golden = GOLDEN / "pages" / page.name
        cases.append((f"page:{page.name}", page.name, page.read_text(encoding="utf-8"), golden.read_text(encoding="utf-8") if golden.exists() else ""))
    return cases


CASE_LIST = _case_files()


def _marker(text: str, tags: bool = True) -> str:
    return translate_markdown(text, source="en", target="es", translator=MarkerTranslator(tags), options=OPTIONS)


def _mistune_tags(text: str) -> list[str]:
    render = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "footnotes", "math", "def_list"])
    return re.findall(r"</?[a-zA-Z][a-zA-Z0-9]*", render(text))


def _markdown_it_tags(text: str) -> list[str]:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(footnote_plugin).use(deflist_plugin).use(admon_plugin)
    return re.findall(r"</?[a-zA-Z][a-zA-Z0-9]*", md.render(text))


def _protected(text: str) -> list[str]:
    """Constructs that must come out byte-identical."""
    _, _, copy = parse(text)
    found = []
    for a, b in copy.code:  # a code pair whole, or after its opening tag when that has prose (a tab's name=)
        opening = text[a : text.find("}}", a) + 2] if text.startswith("{{", a) else ""
        found.append(text[a + len(opening) : b] if _PROSE_PARAM.search(opening) else text[a:b])
    found += [text[a:b] for a, b in template_spans(text) if not _PROSE_PARAM.search(text[a:b])]
    found += [token.content for token in parse(text)[0] if token.type in ("fence", "code_block")]
    return found


@pytest.mark.parametrize("case", CASE_LIST, ids=[case[0] for case in CASE_LIST])
def test_case(case):
    _, _, source, expected = case
    for tags in (True, False):
        assert translate_markdown(source, source="en", target="es", translator=IdentityTranslator(tags), options=OPTIONS) == source
    out = _marker(source)
    if not UPDATE:
        assert out == expected
    for tags in (True, False):
        marked = _marker(source, tags)
        assert _mistune_tags(marked) == _mistune_tags(source)
        assert _markdown_it_tags(marked) == _markdown_it_tags(source)
    for construct in _protected(source):
        assert out.count(construct) >= source.count(construct), construct
    for tags in (True, False):  # nothing protected was sent as prose: an engine that changes every word changes none of it
        shouted = translate_markdown(source, source="en", target="es", translator=FunctionTranslator(_shout, tags), options=OPTIONS)
        for construct in _protected(source):
            assert shouted.count(construct) >= source.count(construct), (tags, construct)


def _shout(text: str) -> str:
    """Every word upper-cased, placeholders (``<x1/>``, ``<g2>…</g2>``) kept."""
    return re.sub(r"(</?[xg]\d+/?>)|([^<]+|<)", lambda m: m.group(1) or m.group(2).upper(), text)


def _token_lines(source: str) -> list[str]:
    post = analyse(source)
    lines = []
    for top in post.segments:
        for segment in top.walk():
            tokens = " ".join(f"{t.kind}:{segment.text[t.start:t.end]!r}" for t in segment.tokens)
            lines.append(f"{segment.line} {segment.kind} [{segment.context}] {tokens}")
    return lines


@pytest.mark.parametrize("name", sorted({case[1] for case in CASE_LIST}))
def test_inline_tokens_match_the_golden_file(name):
    lines = []
    for case_id, file_name, source, _ in CASE_LIST:
        if file_name == name:
            lines.append(f"## {case_id}")
            lines.extend(_token_lines(source))
    golden = GOLDEN / (Path(name).stem + ".tokens")
    text = "\n".join(lines) + "\n"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == text


def _update_expectations() -> None:
    """Rewrite the expectations of every case file from the current marker output."""
    for path in sorted(CASES.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for _, _, source, expected in read_fixture_file(path):
            text = text.replace(f".\n{source}.\n{expected}.\n", f".\n{source}.\n{_marker(source)}.\n", 1)
        path.write_text(text, encoding="utf-8")
    for page in PAGES:
        target = GOLDEN / "pages" / page.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_marker(page.read_text(encoding="utf-8")), encoding="utf-8")


if UPDATE:
    _update_expectations()
