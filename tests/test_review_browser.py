"""The review report in a real browser (headless Chromium from file://): the rows and flags
are in the DOM, the report's own script runs, a hostile post's never does."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from blogbabel.review import collect_review, write_review
from blogbabel.site import build_site, load_config
from support.browser import DevTools, dump_dom, screenshot
from support.review_site import POST, make_site, use_fake_engine

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "site"
ARTIFACTS = Path(__file__).resolve().parent.parent / "build" / "artifacts"
pytestmark = pytest.mark.slow  # a browser start costs seconds
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The example site built with Apertium, one translation edited by hand, then reviewed."""
    if shutil.which("apertium") is None:
        pytest.skip("apertium is not installed")
    root = tmp_path_factory.mktemp("review-site")
    site = root / "site"
    shutil.copytree(FIXTURE, site)
    out = root / "out"
    result = build_site(load_config(site, output_dir=str(out), backend="apertium", progress=False))
    assert result.exit_code == 0, result.errors
    edited = out / "_posts/es/2023-03-14-painting-robots.md"
    text = edited.read_text(encoding="utf-8")
    first = re.search(r"^Esta semana.*$", text, re.MULTILINE)
    assert first, text
    edited.write_text(text.replace(first.group(0), "Esta semana probé tres generadores de imágenes (corregido a mano)."), encoding="utf-8")
    review = collect_review(load_config(site, output_dir=str(out), check=True))
    write_review(review, root / "report")
    return root / "report"


@needs_apertium
def test_the_post_page_shows_side_by_side_rows_and_flags(report):
    dom = dump_dom(report / "posts_2023-03-14-painting-robots.es.html")
    rows = re.findall(r'<section class="row[^"]*" id="s\d+"', dom)
    assert len(rows) > 15
    assert dom.count('class="side source"') == dom.count('class="side target"') == len(rows)
    # a source paragraph and its Apertium translation in one row
    row = re.search(r'<section class="row[^>]*>(?:(?!</section>).)*This week I tried(?:(?!</section>).)*</section>', dom, re.DOTALL).group(0)
    assert "corregido a mano" in row and "human segment" in row and "_posts/es/2023-03-14-painting-robots.md:" in row
    assert re.search(r'<span class="p-term p-fixed" title="[^"]*mojibake repaired">Dalí</span>', row)
    assert "mojibake fixed" in row and "<del>DalÃ</del>" in row and "<ins>Dalí</ins>" in row
    assert "glossary term" in row and "_posts/2023-03-14-painting-robots.md:12" in row
    # inline markup is shown, set apart from the prose
    assert '<span class="p-mark">[</span>original announcement<span class="p-mark">](https://example.com/announcement)</span>' in dom
    assert '<span class="badge">notice</span>' in dom


@needs_apertium
def test_the_index_runs_its_own_script_sorts_and_filters(report):
    dom = dump_dom(report / "index.html")
    assert dom.count('<th data-type=') == 9 and dom.count('tabindex="0"') == 9  # added by the report's script
    assert re.search(r'<tr class="attention" data-attention="1">\s*<td class="post"><a href="posts_2023-03-14-painting-robots.es.html">', dom)
    assert "human-edited" in dom and "up-to-date" in dom


HOSTILE = """---
title: "Hello <script>document.title='PWNED'</script> world"
lang: en
---

Click [here](javascript:document.body.setAttribute('data-pwned','link')) or
<img src=x onerror="document.body.setAttribute('data-pwned','img')"> now.

<script>document.body.setAttribute('data-pwned', 'script')</script>

A </div></section></main><style>body{display:none}</style><svg onload="document.body.setAttribute('data-pwned','svg')"> text.

""" + ("A very long sentence that goes on and on. " * 3000) + "\n"


def test_a_hostile_post_runs_no_script(tmp_path, monkeypatch):
    from blogbabel.backends.identity import IdentityBackend

    monkeypatch.setattr(IdentityBackend, "translates", True)
    monkeypatch.setattr(IdentityBackend, "translate_batch", lambda self, texts, source, target: ["ES " + t for t in texts])
    site = tmp_path / "site"
    site.mkdir()
    (site / "evil.md").write_text(HOSTILE, encoding="utf-8")
    config = load_config(site, locales="en,es", backend="identity", in_place=True, progress=False)
    assert build_site(config).exit_code == 0
    write_review(collect_review(load_config(site, locales="en,es", in_place=True, check=True)), tmp_path / "report")
    for page in ("evil.es.html", "index.html"):
        dom = dump_dom(tmp_path / "report" / page)
        assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
        assert "<title>PWNED" not in dom and "<svg" not in dom and "<img" not in dom
    dom = dump_dom(tmp_path / "report/evil.es.html")
    assert "javascript:document" in dom and 'href="javascript' not in dom  # shown as text, never a link
    assert "more characters" in dom


def test_keys_move_between_flagged_segments_and_the_index_sorts_and_filters(tmp_path, monkeypatch):
    use_fake_engine(monkeypatch)
    site = make_site(tmp_path, {"robots.md": POST, "quiet.md": "---\nlang: en\n---\n\nNothing to see here.\n"})
    assert build_site(load_config(site, progress=False)).exit_code == 0
    write_review(collect_review(load_config(site, check=True)), tmp_path / "report")
    with DevTools() as browser:
        browser.open(tmp_path / "report/robots.es.html")
        flagged = browser.evaluate("Array.from(document.querySelectorAll('.row.flagged'), r => r.id)")
        assert len(flagged) == 2
        for expected in (flagged[0], flagged[1], flagged[0]):  # j, j, then wraps around
            browser.press("j")
            assert browser.evaluate("document.activeElement.id") == expected
            assert browser.evaluate("document.querySelectorAll('.row.current').length") == 1
        browser.press("k")
        assert browser.evaluate("document.activeElement.id") == flagged[1]
        assert browser.evaluate("document.getElementById('position').textContent") == "· flagged 2 of 2"
        assert "placeholder" in browser.evaluate("document.activeElement.textContent") or "source kept" in browser.evaluate("document.activeElement.textContent")

        browser.open(tmp_path / "report/index.html")
        posts = "Array.from(document.querySelectorAll('#posts tbody tr'), r => r.cells[0].querySelector('a').textContent)"
        visible = "Array.from(document.querySelectorAll('#posts tbody tr')).filter(r => r.offsetParent !== null).length"
        assert browser.evaluate(posts) == ["quiet.md", "robots.md"] and browser.evaluate(visible) == 2
        browser.click("#posts th:nth-child(4)")  # warnings, ascending then descending
        browser.click("#posts th:nth-child(4)")
        assert browser.evaluate(posts) == ["robots.md", "quiet.md"]
        browser.click("#only-attention")
        assert browser.evaluate(visible) == 1


@needs_apertium
def test_screenshot_of_a_post_page(report):
    """Saved as an artifact (build/artifacts/) for a person to look at."""
    shot = screenshot(report / "posts_2023-03-14-painting-robots.es.html", ARTIFACTS / "review-post.png")
    index = screenshot(report / "index.html", ARTIFACTS / "review-index.png", height=700)
    assert shot.stat().st_size > 50_000 and index.is_file()
