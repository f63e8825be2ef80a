"""The review report: flags on the right segments, pairing by structure, escaping, the CLI."""

from __future__ import annotations

import html as html_module
import re
import shlex
from pathlib import Path

import pytest
from blogbabel.cli import main
from blogbabel.review import collect_review, write_review
from blogbabel.site import build_site, load_config
from support.review_site import POST, make_site, use_fake_engine


@pytest.fixture
def engine(monkeypatch):
    use_fake_engine(monkeypatch)


def built(root: Path, posts: dict[str, str]):
    site = make_site(root, posts)
    report = build_site(load_config(site, progress=False))
    assert report.exit_code == 0, report.errors
    return site, load_config(site, check=True)


def kept_reviews(site: Path) -> int:
    """How many translation reviews the site's review store keeps."""
    from blogbabel.review.cache import FILE, ReviewStore

    return ReviewStore(site / ".blogbabel" / FILE).count()


def kinds(row) -> set[str]:
    return {flag.kind for flag in row.flags}


def row_with(post, text: str):
    return next(row for row in post.rows if row.source is not None and text in row.source.text)


def test_every_flag_lands_on_its_segment_with_file_and_line(tmp_path, engine):
    site, config = built(tmp_path, {"robots.md": POST})
    review = collect_review(config)
    [post] = review.posts
    assert (post.source, post.locale, post.state, post.target) == ("robots.md", "es", "up-to-date", "es/robots.md")
    title = row_with(post, "Robots that paint")
    [fix] = [f for f in title.flags if f.kind == "mojibake"]
    assert (fix.before, fix.after, fix.where) == ("ðŸŽ¨", "🎨", "robots.md:2")
    dali = row_with(post, "painter robot")
    assert {"mojibake", "glossary"} <= kinds(dali)
    assert any(f.kind == "glossary" and "'Salvador Dalí' is never translated" == f.message and f.where == "robots.md:6" for f in dali.flags)
    assert "".join(p.text for p in dali.source.pieces if p.kind == "term") == "Salvador Dalí"
    assert any(p.kind == "term" and p.fixed and p.text == "Dalí" for p in dali.source.pieces)
    lost = row_with(post, "lose the")
    assert "placeholder" in kinds(lost) and lost.flagged
    assert [f.where for f in lost.flags if f.kind == "placeholder"] == ["robots.md:8"]
    broken = row_with(post, "announcement")
    assert [f.where for f in broken.flags if f.kind == "kept"] == ["robots.md:10"]
    assert any(p.kind == "mark" and p.text == "[" for p in broken.source.pieces)
    assert any(p.kind == "mark" and p.text == "](https://example.com/a)" for p in broken.source.pieces)
    alt = row_with(post, "A red robot")
    assert alt.source.kind == "alt" and alt.target.text == "ES A red robot painting a sunflower"
    assert not row_with(post, "last paragraph").flags
    notice = [row for row in post.rows if row.notice]
    assert len(notice) == 1 and notice[0].source is None and not notice[0].flags
    assert {row.origin for row in post.rows if row.target is not None and not row.notice} == {"machine"}
    # the two engine faults, and the source's own page still showing mojibake (repair_sources = false)
    assert post.counts["repairs"] == 2 and post.counts["warnings"] == 3 and post.needs_attention
    assert any(f.kind == "warning" and "blogbabel clean --in-place robots.md" in f.message for f in post.flags)


def test_a_source_repaired_in_place_is_reviewed_up_to_date_with_nothing_left_to_repair(tmp_path, engine):
    site = make_site(tmp_path, {"robots.md": POST}, repair_sources=True)
    report = build_site(load_config(site, progress=False))
    assert report.exit_code == 0 and [(rel, len(fixes)) for rel, fixes in report.sources_repaired.items()] == [("robots.md", 2)]
    assert "Salvador Dalí" in (site / "robots.md").read_text(encoding="utf-8")
    [post] = collect_review(load_config(site, check=True)).posts  # one translation, not the source
    assert (post.locale, post.state) == ("es", "up-to-date")
    assert post.counts["repairs"] == 0 and post.counts["warnings"] == 2


def test_a_hand_edit_is_a_human_segment_and_an_added_paragraph_shifts_nothing(tmp_path, engine):
    site, config = built(tmp_path, {"robots.md": POST})
    [before] = collect_review(config).posts  # fills the review cache, which the edit must not fool
    assert before.state == "up-to-date" and not any(row.origin == "human" for row in before.rows)
    cached = collect_review(config).posts[0]
    assert cached == before and kept_reviews(site) == 1
    target = site / "es/robots.md"
    text = target.read_text(encoding="utf-8")
    text = text.replace("ES The last paragraph stays as it is.", "El último párrafo, corregido a mano.")
    text = text.replace("ES You can lose", "Un párrafo nuevo de la traductora.\n\nES You can lose")
    target.write_text(text, encoding="utf-8")
    [post] = collect_review(config).posts
    assert post.state == "human-edited" and kept_reviews(site) == 1
    edited = row_with(post, "last paragraph")
    assert edited.origin == "human" and edited.target.text == "El último párrafo, corregido a mano."
    assert [f.where for f in edited.flags if f.kind == "human"] == [f"es/robots.md:{edited.target.line}"]
    added = [row for row in post.rows if row.source is None and not row.notice]
    assert [row.target.text for row in added] == ["Un párrafo nuevo de la traductora."]
    assert [f.kind for f in added[0].flags] == ["unpaired", "human"]
    # every other segment is still paired with its own translation
    for row in post.rows:
        if row.source is not None and row is not edited:
            assert row.target is not None and row.origin == "machine"
            assert row.target.text.startswith("ES ") or "kept" in kinds(row), row.target.text


def test_a_translation_written_by_a_person_is_all_human(tmp_path, engine):
    site = make_site(tmp_path, {"post.md": "---\ntitle: Hello\nlang: en\n---\n\nOne paragraph.\n",
                                "post.es.md": "---\ntitle: Hola\nlang: es\n---\n\nUn párrafo.\n"})
    (site / "blogbabel.toml").write_text('locales = ["en", "es"]\nbackend = "identity"\nin_place = true\nlayout = "hugo"\n', encoding="utf-8")
    [post] = collect_review(load_config(site, check=True)).posts
    assert post.state == "human-edited" and post.target == "post.es.md"
    assert [(r.source.text, r.target.text, r.origin) for r in post.rows] == [("Hello", "Hola", "human"), ("One paragraph.", "Un párrafo.", "human")]


HOSTILE = """---
title: "Hello <script>document.title='PWNED'</script> world"
lang: en
---

Click [here](javascript:alert(1)) or <img src=x onerror="document.body.setAttribute('data-pwned','1')"> now.

<script>document.body.setAttribute('data-pwned', '2')</script>

A <a href="javascript:alert(2)">link</a> and </div></section><style>body{display:none}</style> text.

""" + ("A very long sentence that goes on and on. " * 2000) + "\n"


def test_a_hostile_post_is_escaped_everywhere(tmp_path, engine):
    site, config = built(tmp_path, {"evil.md": HOSTILE})
    review = collect_review(config)
    pages = write_review(review, tmp_path / "report")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script>document" not in html and "<img src=x" not in html and "<style>body" not in html
        assert not re.search(r"""(?:href|src)\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
        policy = html_module.unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1))
        assert policy.startswith("default-src 'none'; style-src 'sha256-") and "script-src 'sha256-" in policy
        assert html.count("<script>") == 1  # the report's own
    post = next(p for p in pages if p.name.startswith("evil"))
    html = post.read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in html
    assert "more characters" in html and len(html) < 400_000  # a huge segment is cut, the file has it all


def test_cli_review_and_build_review(tmp_path, engine, capsys):
    site = make_site(tmp_path, {"robots.md": POST, "_drafts/other.md": "---\nlang: en\n---\n\nAnother post.\n"})
    assert main(["build", str(site), "-q", "--review", str(tmp_path / "after-build")]) == 0
    assert (tmp_path / "after-build/index.html").is_file()
    assert main(["review", str(site), "-o", str(tmp_path / "report")]) == 0
    err = capsys.readouterr().err
    assert "review: 2 translations (1 need attention)" in err and (tmp_path / "report/index.html").as_uri() in err
    names = sorted(p.name for p in (tmp_path / "report").iterdir())
    assert names == [".pages.json", "drafts_other.es.html", "index.html", "robots.es.html", "unknown-words.html"]
    index = (tmp_path / "report/index.html").read_text(encoding="utf-8")
    assert index.count('data-attention="1"') == 1 and '<a href="robots.es.html">robots.md</a>' in index
    (site / "_drafts/other.md").unlink()
    (tmp_path / "report/notes.html").write_text("mine", encoding="utf-8")
    assert main(["review", str(site), "-o", str(tmp_path / "report"), "--jobs", "2"]) == 0
    names = sorted(p.name for p in (tmp_path / "report").iterdir())
    assert names == [".pages.json", "index.html", "notes.html", "robots.es.html", "unknown-words.html"]  # old pages gone, others kept
    page = tmp_path / "report/robots.es.html"
    stamp = page.stat().st_mtime_ns
    page_text = page.read_text(encoding="utf-8")
    assert main(["review", str(site), "-o", str(tmp_path / "report")]) == 0
    assert page.stat().st_mtime_ns == stamp and page.read_text(encoding="utf-8") == page_text  # unchanged: not rewritten
    page.write_text("tampered", encoding="utf-8")
    assert main(["review", str(site), "-o", str(tmp_path / "report")]) == 0
    assert page.read_text(encoding="utf-8") == page_text


def test_scores_and_fallbacks_the_engine_reported_are_flagged_on_their_segments(tmp_path, monkeypatch):
    from blogbabel.backends.identity import IdentityBackend
    from blogbabel.site.signals import save_signals
    from blogbabel.translate.aligned import UnitSignal

    signals: dict = {}

    def engine(self, texts, source, target):
        for text in texts:
            if "lose" in text:
                signals[text] = UnitSignal(score=-2.75, fallback="crossing pairs")
            elif "painter" in text:
                signals[text] = UnitSignal(score=-0.25)
        return ["ES " + text for text in texts]

    monkeypatch.setattr(IdentityBackend, "translates", True)
    monkeypatch.setattr(IdentityBackend, "signals", signals, raising=False)
    monkeypatch.setattr(IdentityBackend, "translate_batch", engine)
    site, config = built(tmp_path, {"robots.md": POST})
    assert (site / ".blogbabel/signals.json").is_file()
    [post] = collect_review(config).posts
    low = row_with(post, "lose the")
    assert low.score == -2.75 and [f.where for f in low.flags if f.kind in ("low_score", "fallback")] == ["robots.md:8"] * 2
    fine = row_with(post, "painter robot")
    assert fine.score == -0.25 and "low_score" not in kinds(fine)
    assert post.counts["low_scores"] == 1 and post.counts["fallbacks"] == 1
    html = (write_review(collect_review(config), tmp_path / "report")[1]).read_text(encoding="utf-8")
    assert "score -2.75" in html and "low model score" in html and "fragment fallback" in html
    # an incremental build takes the other sentences from the memory: their signals still count,
    # and a new signal for one of them is seen by the next review (its cached review is stale)
    (site / "robots.md").write_text(POST.replace("last paragraph", "final paragraph"), encoding="utf-8")
    signals.clear()
    assert build_site(load_config(site, progress=False)).exit_code == 0
    [post] = collect_review(config).posts
    assert row_with(post, "lose the").score == -2.75 and post.counts["fallbacks"] == 1
    save_signals(site / ".blogbabel", {"The final paragraph stays as it is.": UnitSignal(score=-3.5)})
    [post] = collect_review(config).posts
    assert row_with(post, "final paragraph").score == -3.5 and post.counts["low_scores"] == 2


@pytest.mark.skipif(__import__("shutil").which("apertium") is None and not __import__("os").environ.get("CI"), reason="apertium is not installed")
def test_words_apertium_did_not_know_are_listed_site_wide(tmp_path):
    post = "---\ntitle: Zorblaxian robots\nlang: en\n---\n\nThe zorblaxian robot paints a house.\n\nA second zorblaxian painter.\n"
    site = make_site(tmp_path, {"a.md": post})
    report = build_site(load_config(site, backend="apertium", progress=False))
    assert report.exit_code == 0, report.errors
    review = collect_review(load_config(site, check=True))
    [post_review] = review.posts
    rows = [row for row in post_review.rows if "zorblaxian" in row.unknown_words]
    assert len(rows) == 2 and all(any(f.kind == "unknown_word" for f in row.flags) for row in rows)
    assert any(p.kind == "unknown" and p.text == "zorblaxian" for p in rows[0].target.pieces)
    word = next(w for w in review.unknown_words if w.word == "zorblaxian")
    assert (word.source_lang, word.target_lang, [place[:2] for place in word.places]) == ("en", "es", [("a.md", 6), ("a.md", 8)])
    pages = write_review(review, tmp_path / "report")
    unknown = (tmp_path / "report/unknown-words.html").read_text(encoding="utf-8")
    assert '<td class="word">zorblaxian</td>' in unknown
    command = html_module.unescape(re.search(r'<code class="command">(blogbabel glossary add [^<]*zorblaxian)</code>', unknown).group(1))
    assert main(shlex.split(command)[1:]) == 0  # the command shown adds the word to the glossary
    assert 'protected = ["zorblaxian"]' in (site / "glossary.toml").read_text(encoding="utf-8")
    assert load_config(site).glossary == ((site / "glossary.toml").resolve(),)
    assert '<a href="a.es.html"><code class="where">a.md:6</code></a>' in unknown and len(pages) == 3


def test_a_kept_hand_edit_is_human_and_the_changed_paragraph_needs_review(tmp_path, engine):
    site, config = built(tmp_path, {"robots.md": POST})
    target = site / "es/robots.md"
    target.write_text(target.read_text(encoding="utf-8").replace("ES The last paragraph stays as it is.", "El último párrafo, a mano."), encoding="utf-8")
    (site / "robots.md").write_text(POST.replace("This week I tried", "Last week I tried"), encoding="utf-8")
    assert build_site(load_config(site, progress=False)).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "El último párrafo, a mano." in text and "ES Last week I tried" in text  # the build kept the edit
    [post] = collect_review(config).posts
    edited = row_with(post, "last paragraph")
    assert edited.origin == "human" and "human" in kinds(edited) and not edited.needs_review
    changed = row_with(post, "Last week")
    assert changed.needs_review and [f.where for f in changed.flags if f.kind == "needs_review"] == [f"es/robots.md:{changed.target.line}"]
    assert changed.flagged and post.needs_attention
    assert row_with(post, "announcement").origin == "machine" and not row_with(post, "announcement").needs_review


def test_review_asks_where_the_built_site_is(tmp_path, capsys):
    (tmp_path / "post.md").write_text("---\nlang: en\n---\n\nHello.\n", encoding="utf-8")
    assert main(["review", str(tmp_path), "-o", str(tmp_path / "report")]) == 123
    assert "pass --site OUT" in capsys.readouterr().err and not (tmp_path / "report").exists()


def test_the_notice_pairs_with_no_source_paragraph_when_one_was_deleted(tmp_path, engine):
    site, config = built(tmp_path, {"robots.md": POST})
    target = site / "es/robots.md"
    text = target.read_text(encoding="utf-8")
    [first] = [line for line in text.splitlines() if line.startswith("ES This week")]
    target.write_text(text.replace(first + "\n\n", ""), encoding="utf-8")  # a person deleted it
    [post] = collect_review(config).posts
    [notice] = [row for row in post.rows if row.notice]
    assert notice.source is None and not notice.flags
    deleted = row_with(post, "painter robot")
    assert deleted.target is None and "unpaired" in kinds(deleted)
    assert post.rows.index(deleted) < post.rows.index(notice) < post.rows.index(row_with(post, "lose the"))
