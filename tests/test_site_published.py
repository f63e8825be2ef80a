"""What the generator publishes from a build (quick tests, identity backend): one test per
point of issue 12 that the page checker (tests/test_published_site.py) also sees on real HTML."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from blogbabel.markdown.segments import extract_segments
from blogbabel.site import build_site
from blogbabel.markdown.frontmatter import read_header
from blogbabel.site.manifest import Manifest

POST = """---
title: A walk
lang: en
date: 2024-01-02
---

We walked along the river.[^1]

[^1]: The river was very cold that morning.
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def build(site: Path, out: Path | None = None, **settings):
    values = {"content_dir": str(site), "backend": "identity", "progress": False, "layout": "jekyll-polyglot"}
    values.update({"in_place": True} if out is None else {"output_dir": str(out)})
    values.update(settings)
    return build_site(values)


def header(path: Path) -> dict:
    return read_header(path.read_text(encoding="utf-8")).data


def blogbabel(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "blogbabel", *args], capture_output=True, text=True, timeout=120)


def test_footnote_bodies_are_segments():
    segments = extract_segments(POST)
    assert [(s.kind, s.text) for s in segments if s.kind == "footnote"] == [("footnote", "The river was very cold that morning.")]


def test_polyglot_readme_without_front_matter_is_a_static_file(tmp_path):
    site = write(tmp_path / "site", {"README.md": "# Sources\n\nRun jekyll build.\n", "_posts/2024-01-02-walk.md": POST})
    report = build(site, tmp_path / "out")
    assert report.exit_code == 0, report.errors
    assert (tmp_path / "out/README.md").read_bytes() == (site / "README.md").read_bytes()
    assert not (tmp_path / "out/es/README.md").exists()
    assert all(row.source != "README.md" for row in report.rows)


def test_polyglot_page_without_permalink_gets_the_source_url(tmp_path):
    site = write(tmp_path / "site", {"_config.yml": "permalink: pretty\n", "colophon.md": "---\ntitle: Colophon\nlang: en\n---\n\nHow it is made.\n"})
    assert build(site, tmp_path / "out").exit_code == 0
    assert header(tmp_path / "out/es/colophon.md")["permalink"] == "/colophon/"  # served at /es/colophon/, not /es/es/colophon/
    assert header(tmp_path / "out/colophon.md")["permalink"] == "/colophon/"  # hreflang of the English page


@pytest.mark.parametrize("in_place", [False, True])
def test_deleted_post_outputs_are_removed(tmp_path, in_place):
    site = write(tmp_path / "site", {"_posts/2024-01-02-walk.md": POST, "_posts/2024-01-03-keep.md": POST.replace("A walk", "Kept")})
    out = None if in_place else tmp_path / "out"
    root = site if in_place else out
    assert build(site, out).exit_code == 0
    assert (root / "_posts/es/2024-01-02-walk.md").is_file()
    (site / "_posts/2024-01-02-walk.md").unlink()
    check = build(site, out, check=True)
    assert check.exit_code == 1
    assert {(row.path, row.state) for row in check.pending} >= {("_posts/es/2024-01-02-walk.md", "orphaned")}
    dry = build(site, out, dry_run=True)
    assert any(row.state == "orphaned" for row in dry.rows)
    report = build(site, out)
    assert report.exit_code == 0
    assert "_posts/es/2024-01-02-walk.md" in report.removed
    assert not (root / "_posts/es/2024-01-02-walk.md").exists()
    assert (root / "_posts/es/2024-01-03-keep.md").is_file()
    assert "_posts/es/2024-01-02-walk.md" not in Manifest(root / ".blogbabel").entries
    if not in_place:
        assert not (out / "_posts/2024-01-02-walk.md").exists()  # the cleaned copy too
    assert build(site, out, check=True).exit_code == 0


def test_edited_output_of_a_deleted_post_is_kept_and_reported(tmp_path):
    site = write(tmp_path / "site", {"_posts/2024-01-02-walk.md": POST})
    out = tmp_path / "out"
    build(site, out)
    translation = out / "_posts/es/2024-01-02-walk.md"
    translation.write_text(translation.read_text(encoding="utf-8") + "\nA note by a person.\n", encoding="utf-8")
    (site / "_posts/2024-01-02-walk.md").unlink()
    report = build(site, out)
    assert translation.is_file() and "_posts/es/2024-01-02-walk.md" not in report.removed
    row = next(row for row in report.rows if row.path == "_posts/es/2024-01-02-walk.md")
    assert row.state == "human-edited" and "source removed" in row.detail


def test_status_and_check_name_the_orphan(tmp_path):
    site = write(tmp_path / "site", {"_posts/2024-01-02-walk.md": POST})
    out = tmp_path / "out"
    build(site, out)
    (site / "_posts/2024-01-02-walk.md").unlink()
    status = blogbabel("status", str(site), "-o", str(out), "--layout", "jekyll-polyglot")
    assert "orphaned" in status.stdout and "_posts/es/2024-01-02-walk.md" in status.stdout
    check = blogbabel("build", str(site), "-o", str(out), "--layout", "jekyll-polyglot", "--check", "--backend", "identity")
    assert check.returncode == 1 and "_posts/es/2024-01-02-walk.md" in check.stdout and "blogbabel build" in check.stdout


SPANISH_NO_LANG = """---
title: Un paseo
---

El domingo subimos a la sierra con mis primos y una mochila llena de bocadillos para todo el día.
"""


def test_detected_language_is_written_where_polyglot_reads_it(tmp_path):
    site = write(tmp_path / "site", {"_posts/2024-01-02-paseo.md": SPANISH_NO_LANG})
    assert build(site, tmp_path / "out").exit_code == 0
    assert header(tmp_path / "out/_posts/2024-01-02-paseo.md")["lang"] == "es"  # not published as English
    assert header(tmp_path / "out/_posts/en/2024-01-02-paseo.md")["lang"] == "en"


@pytest.mark.parametrize(
    "layout, copy, translation",
    [
        ("folder", "es/paseo.md", "paseo.md"),
        ("eleventy", "es/paseo.md", "paseo.md"),
        ("hugo", "paseo.es.md", "paseo.en.md"),
        ("pelican", "paseo.md", "paseo.en.md"),
        ("docusaurus", "i18n/es/docusaurus-plugin-content-blog/paseo.md", "blog/paseo.md"),
    ],
)
def test_detected_language_publishes_both_versions(tmp_path, layout, copy, translation):
    rel = "blog/paseo.md" if layout == "docusaurus" else "paseo.md"
    site = write(tmp_path / "site", {rel: SPANISH_NO_LANG})
    assert build(site, tmp_path / "out", layout=layout).exit_code == 0
    assert header(tmp_path / "out" / copy)["lang"] == "es"
    assert header(tmp_path / "out" / translation)["lang"] == "en"


def test_a_build_with_another_layout_into_the_same_output_is_refused(tmp_path):
    from blogbabel.errors import ConfigError

    site = write(tmp_path / "site", {"_posts/2024-01-02-walk.md": POST})
    out = tmp_path / "out"
    assert build(site, out, layout="jekyll-polyglot").exit_code == 0
    with pytest.raises(ConfigError, match="built with layout jekyll-polyglot; this build asks for folder") as refused:
        build(site, out, layout="folder")
    assert "--layout jekyll-polyglot" in (refused.value.hint or "")
    assert not (out / "es/_posts").exists()
    done = blogbabel("build", str(site), "-o", str(out), "--layout", "folder", "--backend", "identity")
    assert done.returncode == 123 and "jekyll-polyglot" in done.stderr
    assert build(site, out, layout="folder", force=True).exit_code == 0
    assert build(site, out, layout="folder", check=True).exit_code in (0, 1)  # now recorded as folder


@pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed (scripts/setup.sh installs it)")
def test_site_glossary_is_read_by_default_and_a_change_makes_exactly_its_posts_stale(tmp_path):
    river = POST.replace("We walked along the river.", "We walked along the Tagus river.\n\nThe birds were singing.")
    site = write(tmp_path / "site", {"_posts/2024-01-02-walk.md": river, "_posts/2024-01-03-other.md": POST.replace("A walk", "Other")})
    out = tmp_path / "out"
    assert build(site, out, backend="apertium").exit_code == 0
    (site / "glossary.toml").write_text('protected = ["Tagus"]\n', encoding="utf-8")
    states = {row.source: row.state for row in build(site, out, check=True, backend="apertium").rows if row.locale == "es"}
    assert states == {"_posts/2024-01-02-walk.md": "stale", "_posts/2024-01-03-other.md": "up-to-date"}
    report = build(site, out, backend="apertium")
    assert "Tagus" in (out / "_posts/es/2024-01-02-walk.md").read_text(encoding="utf-8")
    assert report.cache_misses == 1  # the one sentence with the term; the rest comes from memory
    assert not (out / "glossary.toml").exists()  # blogbabel's settings are not site content
    assert build(site, out, check=True, backend="apertium").exit_code == 0


def test_glossary_use_is_looked_for_only_when_the_glossary_changed(tmp_path, monkeypatch):
    # reading and repairing every post to find its glossary terms made every status and build
    # scan the whole site's text; with the glossary a translation was made with, its terms stand
    from blogbabel.site import status

    broken = POST.replace("We walked along the river.", "We met the AÃ±orga team by the river.")
    site = write(tmp_path / "site", {"_posts/2024-01-02-team.md": broken, "_posts/2024-01-03-other.md": POST.replace("A walk", "Other")})
    out = tmp_path / "out"
    assert build(site, out).exit_code == 0
    reads: list[str] = []
    text_of = status._RepairedText.__call__
    monkeypatch.setattr(status._RepairedText, "__call__", lambda self: (self.was_read or reads.append(str(self.source.rel)), text_of(self))[1])
    assert build(site, out, check=True).exit_code == 0 and reads == []
    (site / "glossary.toml").write_text('protected = ["Añorga"]\n', encoding="utf-8")  # found only once repaired
    states = {row.source: row.state for row in build(site, out, check=True).rows if row.locale == "es"}
    assert states == {"_posts/2024-01-02-team.md": "stale", "_posts/2024-01-03-other.md": "up-to-date"}
    assert sorted(reads) == ["_posts/2024-01-02-team.md", "_posts/2024-01-03-other.md"]
    assert build(site, out).exit_code == 0
    reads.clear()
    assert build(site, out, check=True).exit_code == 0 and reads == []


def test_edited_translation_whose_source_changed_fails_check_and_force_keeps_the_edit(tmp_path):
    site = write(tmp_path / "site", {"_posts/2024-01-02-walk.md": POST})
    out = tmp_path / "out"
    build(site, out)
    translation = out / "_posts/es/2024-01-02-walk.md"
    edited = translation.read_text(encoding="utf-8").replace("We walked along the river.", "Caminamos junto al río.")
    translation.write_text(edited, encoding="utf-8")
    assert build(site, out, check=True).exit_code == 0  # an edit alone is fine
    (site / "_posts/2024-01-02-walk.md").write_text(POST + "\nA new paragraph.\n", encoding="utf-8")
    check = build(site, out, check=True)
    assert check.exit_code == 1
    assert any(row.path == "_posts/es/2024-01-02-walk.md" and "human-edited, source changed" in row.detail for row in check.pending)
    status = blogbabel("status", str(site), "-o", str(out), "--layout", "jekyll-polyglot")
    assert "human-edited, source changed" in status.stdout
    dry = blogbabel("build", str(site), "-o", str(out), "--layout", "jekyll-polyglot", "--backend", "identity", "--force", "--dry-run")
    assert "would replace _posts/es/2024-01-02-walk.md" in dry.stdout and "1 translations would write" in dry.stderr
    assert translation.read_text(encoding="utf-8") == edited
    forced = build(site, out, force=True)
    assert forced.backups == {"_posts/es/2024-01-02-walk.md": "_posts/es/.2024-01-02-walk.md.orig"}
    assert (out / "_posts/es/.2024-01-02-walk.md.orig").read_text(encoding="utf-8") == edited
    assert "A new paragraph." in translation.read_text(encoding="utf-8")
    assert build(site, out, check=True).exit_code == 0  # the backup is no content


FIGURES = """---
title: Pictures
lang: en
---

<figure>
  <img src="/images/iguana.jpg" alt = "IMG" />
  <figcaption>A giant iguana from space</figcaption>
</figure>

<figure>
  <img src="/images/robot.jpg" alt="robot.jpg" />
  <figcaption> </figcaption>
</figure>

![DSC_0042](/images/garden.jpg)

<figure><img src="/images/ok.jpg" alt="A described picture"><figcaption>Fine</figcaption></figure>
"""


def test_placeholder_alts_and_empty_captions_are_listed_with_their_line(tmp_path):
    from blogbabel.markdown.figures import figure_issues

    assert [(issue.line, issue.message.split(":")[0]) for issue in figure_issues(FIGURES)] == [
        (7, "placeholder alt text 'IMG' for /images/iguana.jpg"),
        (12, "placeholder alt text 'robot.jpg' for /images/robot.jpg"),
        (13, "empty <figcaption>"),
        (16, "placeholder alt text 'DSC_0042' for /images/garden.jpg"),
    ]
    site = write(tmp_path / "site", {"_posts/2024-01-02-pictures.md": FIGURES})
    report = build(site, tmp_path / "out")
    assert {(w.path, w.line) for w in report.warnings} >= {("_posts/2024-01-02-pictures.md", 7), ("_posts/2024-01-02-pictures.md", 13)}


def test_alt_from_caption_fills_placeholders_in_every_language(tmp_path):
    site = write(tmp_path / "site", {"_posts/2024-01-02-pictures.md": FIGURES, "blogbabel.toml": "alt_from_caption = true\n"})
    out = tmp_path / "out"
    assert build(site, out).exit_code == 0
    for rel in ("_posts/2024-01-02-pictures.md", "_posts/es/2024-01-02-pictures.md"):
        text = (out / rel).read_text(encoding="utf-8")
        assert 'alt = "A giant iguana from space"' in text, rel
        assert 'alt="robot.jpg"' in text  # an empty caption gives nothing to fill from
    assert (site / "_posts/2024-01-02-pictures.md").read_text(encoding="utf-8") == FIGURES  # the source is not touched


@pytest.mark.parametrize(
    "layout, rel, fix",
    [
        ("hugo", "posts/paseo.md", "rename it posts/paseo.es.md (git mv posts/paseo.md posts/paseo.es.md)"),
        ("mkdocs-static-i18n", "paseo.md", "rename it paseo.es.md"),
        ("jekyll-polyglot", "_posts/2024-01-02-paseo.md", "add `lang: es` to its front matter"),
        ("eleventy", "paseo.md", "rename it es/paseo.md"),
    ],
)
def test_in_place_a_post_the_generator_would_misread_is_refused_naming_the_fix(tmp_path, layout, rel, fix):
    site = write(tmp_path / "site", {rel: SPANISH_NO_LANG})
    report = build(site, layout=layout)
    assert report.exit_code == 123
    assert any(p.path == rel and fix in p.message for p in report.errors), report.errors
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.md")) == [rel]  # nothing written beside it
