"""Case files: every invariant applied to every case.

``tests/cases/*.md`` are in markdown-it-py's fixture format (a title line, ``.``, the input,
``.``, the expected marker translation, ``.``); ``fixtures/pages/*.md`` are whole realistic
pages whose expected marker translation is ``tests/cases/golden/pages/<name>``. For each case:

- marker translation (every unit wrapped in «»): exactly the expected text;
- every invariant of :mod:`support.invariants` (identity round-trip, the same rendered tag
  structure from two renderers, protected text unchanged), in both modes;
- the inline tokenizer's tokens of every segment match ``tests/cases/golden/<file>.tokens``.

``BLOGBABEL_UPDATE_CASES=1 pytest tests/test_cases.py`` rewrites expectations and golden
files from the current output (review the diff before committing it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from blogbabel.markdown.segments import analyse
from markdown_it.utils import read_fixture_file
from support.invariants import broken_invariants, marker

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases"
GOLDEN = CASES / "golden"
PAGES = sorted((ROOT / "fixtures" / "pages").glob("*.md"))
UPDATE = os.environ.get("BLOGBABEL_UPDATE_CASES") == "1"


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


@pytest.mark.parametrize("case", CASE_LIST, ids=[case[0] for case in CASE_LIST])
def test_case(case):
    _, _, source, expected = case
    if not UPDATE:
        assert marker(source) == expected
    assert broken_invariants(source) == []


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
            text = text.replace(f".\n{source}.\n{expected}.\n", f".\n{source}.\n{marker(source)}.\n", 1)
        path.write_text(text, encoding="utf-8")
    for page in PAGES:
        target = GOLDEN / "pages" / page.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(marker(page.read_text(encoding="utf-8")), encoding="utf-8")


if UPDATE:
    _update_expectations()
