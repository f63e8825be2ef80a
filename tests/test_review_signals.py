"""What a reviewer is told after a build: the lowest-scoring sentences with file:line, the
sentences translated in pieces, and the words the engine did not know (issue 15)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from blogbabel.site.build import build_site

#: apertium is installed by scripts/setup.sh: in CI these tests never skip
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None and not os.environ.get("CI"), reason="apertium is not installed")

POST = """---
title: Painting with robots
lang: en
---

The painter made a [picture of the sea](https://example.com/sea) at night.

We wrote this *blog post* about the zorblax and the glimmerwug.

Read the `docs` before you install the package.
"""


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "posts" / "robots.md").write_text(POST, encoding="utf-8")
    (site / "posts" / "second.md").write_text(POST.replace("robots", "second").replace("zorblax", "quibbleton"), encoding="utf-8")
    return site


def test_argos_build_lists_the_lowest_scores_with_file_and_line(tmp_path, tiny_argos_package):
    site = _site(tmp_path)
    report = build_site({"content_dir": str(site), "output_dir": str(tmp_path / "out"), "locales": ["en", "es"], "backend": "argos", "progress": False})
    assert report.return_code == 0, report.errors
    review = report.review
    assert review.scored >= 6 and review.lowest
    assert [s.score for s in review.lowest] == sorted(s.score for s in review.lowest)
    first = review.lowest[0]
    assert first.path in ("posts/robots.md", "posts/second.md") and first.line in (6, 8, 10) and first.source
    assert first.output == "es/" + first.path
    data = report.to_dict()["review"]
    assert data["lowest_scores"][0]["line"] == first.line and data["scored_sentences"] == review.scored
    summary = report.summary()
    assert "lowest model scores" in summary and f"{first.path}:{first.line}" in summary
    fallbacks = sum(1 for w in report.warnings if "translated in pieces" in w.message)
    assert sum(review.fallbacks.values()) == fallbacks


@needs_apertium
def test_apertium_unknown_words_per_post_and_site_wide(tmp_path):
    site = _site(tmp_path)
    report = build_site({"content_dir": str(site), "output_dir": str(tmp_path / "out"), "locales": ["en", "es"], "backend": "apertium", "progress": False})
    assert report.return_code == 0, report.errors
    words = report.review.unknown_words
    assert words["glimmerwug"] == 2 and words["zorblax"] == 1 and words["quibbleton"] == 1
    by_post = report.review.unknown_by_post
    assert {"zorblax", "glimmerwug"} <= set(next(v for k, v in by_post.items() if "robots" in k))
    out = json.loads(json.dumps(report.to_dict()))["review"]
    assert next(iter(out["unknown_words"])) == "glimmerwug"  # most frequent first
    assert "glimmerwug (2)" in report.summary()
    for path in (tmp_path / "out").rglob("*.md"):
        assert "*zorblax" not in path.read_text(encoding="utf-8")


@needs_apertium
def test_unknown_word_marks_next_to_entities_are_not_words():
    from blogbabel.backends.apertium import ApertiumBackend

    backend = ApertiumBackend()
    text = "Tom & Jerry met the zorblax, 3 < 4."
    [out] = backend.translate_batch([text], "en", "es")
    assert "Tom & Jerry" in out and "3 < 4" in out and "*" not in out
    assert "zorblax" in backend.signals[text].unknown and "amp" not in backend.signals[text].unknown
