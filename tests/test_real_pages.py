"""Every invariant of :mod:`support.invariants`, and the repair's, on folders of real pages.

Real sites are the measure of this project (the layout issue's 3,814 pages from eleven sites),
but their pages are other people's text and stay out of this repository. Point
``BLOGBABEL_REAL_PAGES`` at one or more folders (separated like ``PATH``) of ``.md``/``.mdx``
files, or put them in ``../shared/real-pages``; without either, these tests skip.

    BLOGBABEL_REAL_PAGES=~/sites/hugo-docs/content:~/sites/mdn/files pytest tests/test_real_pages.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from blogbabel.repair import clean_markdown
from support.invariants import broken_invariants

SHARED = Path(__file__).resolve().parents[2] / "shared" / "real-pages"
FOLDERS = [Path(folder).expanduser() for folder in os.environ.get("BLOGBABEL_REAL_PAGES", "").split(os.pathsep) if folder]
PAGES = sorted(page for folder in (FOLDERS or [SHARED]) if folder.is_dir() for page in folder.rglob("*.md*") if page.suffix in (".md", ".mdx"))


@pytest.mark.skipif(not PAGES, reason="no real pages: set BLOGBABEL_REAL_PAGES (see the module docstring)")
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_a_real_page_keeps_every_invariant(page):
    text = page.read_text(encoding="utf-8")
    assert broken_invariants(text) == []
    assert clean_markdown(text).text == text  # real pages are clean: the repair must find nothing
