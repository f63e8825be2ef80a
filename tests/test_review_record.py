"""The build records each translation's review: a review after it analyses nothing, a record
that no longer holds is recomputed, and what is read equals a review made from scratch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from blogbabel.review import collect, collect_review, write_review
from blogbabel.review.cache import FILE, ReviewStore
from blogbabel.site import build_site, load_config
from support.review_site import POST, make_site, use_fake_engine

SECOND = """---
title: Notas de campo
lang: es
---

Escribí esta nota en el tren, con un café.

Una lista:

- primer punto con *énfasis*
- segundo punto con `código`
"""


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    use_fake_engine(monkeypatch)
    site = make_site(tmp_path, {"robots.md": POST, "es/notes.md": SECOND})
    report = build_site(load_config(site, progress=False))
    assert report.exit_code == 0, report.errors
    return site


@pytest.fixture
def analysed(monkeypatch) -> list[str]:
    """The translations a review analyses (instead of reading their kept review)."""
    calls: list[str] = []
    real = collect.review_source

    def counting(task):
        calls.extend(f"{task.rel}:{wanted.locale}" for wanted in task.locales)
        return real(task)

    monkeypatch.setattr(collect, "review_source", counting)
    return calls


def test_a_review_after_a_build_analyses_nothing_and_equals_one_from_scratch(site, analysed, tmp_path):
    config = load_config(site, check=True)
    assert ReviewStore(site / ".blogbabel" / FILE).count() == 2  # one per translation the build wrote
    read = collect_review(config)
    assert analysed == []
    write_review(read, tmp_path / "read")
    assert all(post.loaded_rows is None for post in read.posts)  # the pages used the rows kept as HTML
    fresh = collect_review(config, use_cache=False)
    write_review(fresh, tmp_path / "fresh")
    assert sorted(analysed) == ["es/notes.md:en", "robots.md:es"]
    assert [p.source for p in read.posts] == ["es/notes.md", "robots.md"]
    assert read.posts == fresh.posts and read.errors == fresh.errors
    assert [p.key for p in read.posts] == [p.key for p in fresh.posts]
    assert [(w.word, w.places) for w in read.unknown_words] == [(w.word, w.places) for w in fresh.unknown_words]
    # the pages are the same bytes
    for page in (tmp_path / "fresh").glob("*.html"):
        assert (tmp_path / "read" / page.name).read_bytes() == page.read_bytes(), page.name


def test_a_record_that_no_longer_holds_is_recomputed(site, analysed):
    config = load_config(site, check=True)
    target = site / "es/robots.md"
    target.write_text(target.read_text(encoding="utf-8").replace("ES The last paragraph", "El último párrafo"), encoding="utf-8")
    [robots] = [p for p in collect_review(config).posts if p.source == "robots.md"]
    assert analysed == ["robots.md:es"] and robots.state == "human-edited"
    assert any(row.origin == "human" for row in robots.rows)
    analysed.clear()
    # what the engine said about a text changed (a later build kept a new score for it)
    signals_file = site / ".blogbabel/signals.json"
    kept = json.loads(signals_file.read_text(encoding="utf-8")) if signals_file.is_file() else {}
    [notes] = [p for p in collect_review(config).posts if p.source == "es/notes.md"]
    assert analysed == []  # nothing changed since the last review
    sentence = next(row.source.text for row in notes.rows if row.source is not None and "tren" in row.source.text)
    kept[sentence] = [-3.0, "", []]
    signals_file.write_text(json.dumps(kept), encoding="utf-8")
    [notes] = [p for p in collect_review(config).posts if p.source == "es/notes.md"]
    assert analysed == ["es/notes.md:en"]
    assert any(flag.kind == "low_score" for row in notes.rows for flag in row.flags)


def test_the_store_keeps_one_review_per_translation_and_drops_the_gone(site, analysed):
    source = site / "es/notes.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nUn párrafo más al final.\n", encoding="utf-8")
    assert build_site(load_config(site, progress=False)).exit_code == 0
    store = ReviewStore(site / ".blogbabel" / FILE)
    assert store.count() == 2
    config = load_config(site, check=True)
    collect_review(config)
    assert analysed == []
    (site / "es/notes.md").unlink()
    (site / "notes.md").unlink()
    review = collect_review(config)
    assert [p.source for p in review.posts] == ["robots.md"] and store.count() == 1


def test_the_record_of_a_source_repaired_in_place_shows_no_repair_left(tmp_path, monkeypatch, analysed):
    use_fake_engine(monkeypatch)
    site = make_site(tmp_path, {"robots.md": POST}, repair_sources=True)
    assert [(rel, len(fixes)) for rel, fixes in build_site(load_config(site, progress=False)).sources_repaired.items()] == [("robots.md", 2)]
    config = load_config(site, check=True)
    read = collect_review(config)
    assert analysed == []
    assert read.posts == collect_review(config, use_cache=False).posts and read.posts[0].counts["repairs"] == 0
