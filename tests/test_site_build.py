"""Site builds end to end on the example site (identity backend unless said otherwise)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from blogbabel.errors import BackendError
from blogbabel.site import build_site
from blogbabel.markdown.frontmatter import read_header
from blogbabel.site.manifest import Manifest
from blogbabel.site.status import make_plan
from blogbabel.site.config import load_config
from blogbabel.repair import clean_markdown

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
PAINTING = "_posts/2023-03-14-painting-robots.md"
CUADERNO = "_posts/2023-05-02-cuaderno-de-campo.md"


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".blogbabel"))
    return root


def build(site: Path, out: Path | None, **settings):
    values = {"content_dir": str(site), "backend": "identity", "progress": False, "layout": "jekyll-polyglot"}
    if out is None:
        values["in_place"] = True
    else:
        values["output_dir"] = str(out)
    values.update(settings)
    return build_site(values)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".blogbabel" not in p.relative_to(folder).parts
    }


def states(report) -> dict[tuple[str, str], str]:
    return {(row.source, row.locale): row.state for row in report.rows}


def test_output_folder_build(site, tmp_path):
    before = snapshot(site)
    out = tmp_path / "out"
    report = build(site, out)
    assert report.exit_code == 0, report.errors
    assert snapshot(site) == before  # sources are never modified
    files = snapshot(out)
    # every source (cleaned), every missing locale, every other file
    for rel in (PAINTING, "_posts/es/2023-03-14-painting-robots.md", CUADERNO, "_posts/en/2023-05-02-cuaderno-de-campo.md",
                "about.md", "es/about.md", "_posts/2023-08-01-changelog.md", "images/heron.png"):
        assert rel in files, rel
    assert files["images/heron.png"] == before["images/heron.png"]
    assert "_posts/es/2023-08-01-changelog.md" not in files  # translate: false
    assert "_posts/es/2023-05-02-cuaderno-de-campo.md" not in files  # already Spanish
    assert "blogbabel.toml" not in files
    cleaned = files[PAINTING].decode()
    assert "🎨" in cleaned and "ðŸŽ¨" not in cleaned
    spanish = files["_posts/es/2023-03-14-painting-robots.md"].decode()
    data = read_header(spanish).data
    assert data["lang"] == "es" and data["machine_translated"] is True
    assert data["translation_of"] == PAINTING and data["permalink"] == "/blog/painting-robots/"
    assert len(data["source_hash"]) == 16
    assert "*Esta entrada se tradujo automáticamente del inglés" in spanish
    english = read_header(files["_posts/en/2023-05-02-cuaderno-de-campo.md"].decode()).data
    assert english["lang"] == "en"
    assert states(report)[(CUADERNO, "en")] == "up-to-date"
    assert report.posts == 5 and report.segments > 0


def test_rebuild_writes_nothing_and_source_change_makes_stale(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    first = snapshot(out)
    again = build(site, out)
    assert again.written == [] and snapshot(out) == first
    assert set(states(again).values()) <= {"up-to-date", "source", "skipped"}
    post = site / PAINTING
    post.write_text(post.read_text(encoding="utf-8").replace("This week", "Last week"), encoding="utf-8")
    plan = make_plan(load_config(site, output_dir=str(out), layout="jekyll-polyglot"))
    assert {(r.source, r.locale): r.state for r in plan.rows}[(PAINTING, "es")] == "stale"
    rebuilt = build(site, out)
    assert sorted(rebuilt.written) == [PAINTING, "_posts/es/2023-03-14-painting-robots.md"]
    assert "Last week" in (out / "_posts/es/2023-03-14-painting-robots.md").read_text(encoding="utf-8")


def test_rebuild_into_a_fresh_folder_segments_each_post_once(site, tmp_path, monkeypatch):
    """The memory remembers what each output was made from; when nobody edited it, the old
    source is not segmented a second time (it doubled the per-post cost of such a build)."""
    from blogbabel.site.human_step import HumanStep

    build(site, tmp_path / "first")
    calls = []
    original = HumanStep._source_segments
    monkeypatch.setattr(HumanStep, "_source_segments", lambda self, record: calls.append(record.path) or original(self, record))
    report = build(site, tmp_path / "second")
    assert report.exit_code == 0 and report.written
    assert calls == []
    assert snapshot(tmp_path / "second") == snapshot(tmp_path / "first")


def test_human_edit_is_merged_when_another_paragraph_changes(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    target = out / "_posts/es/2023-03-14-painting-robots.md"
    edited = target.read_text(encoding="utf-8").replace("Robots that paint", "Robots que pintan")
    target.write_text(edited, encoding="utf-8")
    post = site / PAINTING
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    report = build(site, out)
    text = target.read_text(encoding="utf-8")
    assert "Robots que pintan" in text and "One more line." in text
    assert states(report)[(PAINTING, "es")] == "up-to-date"
    assert build(site, out, check=True).exit_code == 0


def test_human_edit_whose_source_changed_is_kept_for_review_until_force(site, tmp_path):
    out = tmp_path / "out"
    build(site, out)
    target = out / "_posts/es/2023-03-14-painting-robots.md"
    edited = target.read_text(encoding="utf-8").replace("Robots that paint", "Robots que pintan")
    target.write_text(edited, encoding="utf-8")
    post = site / PAINTING
    post.write_text(post.read_text(encoding="utf-8").replace("Robots that paint", "Robots that draw"), encoding="utf-8")
    report = build(site, out)
    assert "_posts/es/2023-03-14-painting-robots.md" in report.kept
    assert target.read_text(encoding="utf-8") == edited
    assert states(report)[(PAINTING, "es")] == "needs-review"
    assert any("needs review" in w.message and "Robots that paint" in w.message for w in report.warnings)
    assert build(site, out, check=True).exit_code == 1
    forced = build(site, out, force=True)
    assert "_posts/es/2023-03-14-painting-robots.md" in forced.written
    assert "Robots that draw" in target.read_text(encoding="utf-8")
    assert build(site, out, check=True).exit_code == 0


def test_check_and_dry_run_write_nothing(site, tmp_path):
    out = tmp_path / "out"
    check = build(site, out, check=True)
    assert check.exit_code == 1 and not out.exists()
    assert {row.path for row in check.pending} == {"_posts/es/2023-03-14-painting-robots.md", "_posts/en/2023-05-02-cuaderno-de-campo.md",
                                                  "_posts/es/2023-07-08-moving-to-hugo.md", "es/about.md"}
    dry = build(site, out, dry_run=True)
    assert dry.exit_code == 0 and not out.exists()
    build(site, out)
    assert build(site, out, check=True).exit_code == 0


def test_broken_posts_fail_alone(site, tmp_path):
    (site / "_posts/2023-09-01-unclosed.md").write_text("---\ntitle: Never closed\n\nBody.\n")
    (site / "_posts/2023-09-02-bad-yaml.md").write_text("---\ntitle: ok\ntags: [one, two\n---\nBody.\n")
    (site / "_posts/2023-09-03-list.md").write_text("---\n- a\n- b\n---\nBody.\n")
    (site / "_posts/2023-09-04-french.md").write_text("---\ntitle: Bonjour\nlang: fr\n---\nBonjour.\n")
    out = tmp_path / "out"
    report = build(site, out)
    assert report.exit_code == 123
    problems = {p.path: p for p in report.errors}
    assert set(problems) == {"_posts/2023-09-01-unclosed.md", "_posts/2023-09-02-bad-yaml.md", "_posts/2023-09-03-list.md", "_posts/2023-09-04-french.md"}
    assert problems["_posts/2023-09-01-unclosed.md"].line == 1
    assert problems["_posts/2023-09-02-bad-yaml.md"].line in (3, 4)
    assert problems["_posts/2023-09-04-french.md"].line == 3 and "fr" in problems["_posts/2023-09-04-french.md"].message
    assert (out / "_posts/es/2023-03-14-painting-robots.md").is_file()  # the others still build
    assert not (out / "_posts/2023-09-01-unclosed.md").exists()


def test_backend_failing_mid_run_writes_no_partial_file(site, tmp_path, monkeypatch):
    from blogbabel.backends.identity import IdentityBackend

    calls = []

    def flaky(self, texts, source, target):
        calls.append(len(texts))
        if len(calls) >= 2:
            raise BackendError("engine crashed")
        return list(texts)

    monkeypatch.setattr(IdentityBackend, "translate_batch", flaky)
    out = tmp_path / "out"
    report = build(site, out, chunk_size=1)
    assert report.exit_code == 123
    written = [rel for rel in report.written if "/es/" in f"/{rel}" or "/en/" in f"/{rel}"]
    assert len(written) == 1  # the chunk before the crash
    assert all("engine crashed" in p.message for p in report.errors)
    assert not [p for p in out.rglob("*.tmp")]
    monkeypatch.undo()
    assert build(site, out).exit_code == 0  # the next run finishes the job


def test_missing_engine_names_the_install_command(site, tmp_path):
    # in a child process: backends remember what they found installed
    code = (
        "from blogbabel.site import build_site; from blogbabel.errors import BackendUnavailableError\n"
        "try:\n"
        f"    build_site({{'content_dir': {str(site)!r}, 'output_dir': {str(tmp_path / 'out')!r}, 'backend': 'apertium'}})\n"
        "except BackendUnavailableError as exc:\n"
        "    print('HINT', exc.hint)\n"
    )
    env = {**os.environ, "PATH": str(tmp_path / "empty"), "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert "HINT" in done.stdout and "apt-get install apertium" in done.stdout, done.stdout + done.stderr
    assert not any((tmp_path / "out").rglob("*.md"))


def test_in_place_hugo_keeps_human_translations(site):
    human = site / "_posts/2023-07-08-moving-to-hugo.es.md"
    human.write_text('+++\ntitle = "Notas sobre la mudanza a Hugo"\n+++\nEscrito a mano.\n', encoding="utf-8")
    before = snapshot(site)
    report = build(site, None, layout="hugo")
    after = snapshot(site)
    # a person's translation is never touched; the only source changed is the one with mojibake,
    # repaired in place (and listed) so its own page is clean too
    changed = sorted(k for k in before if after.get(k) != before[k])
    assert changed == [PAINTING]
    assert [(f["line"], f["before"], f["after"]) for f in report.sources_repaired[PAINTING]] == [(f.line, f.before, f.after) for f in clean_markdown(before[PAINTING].decode()).fixes]
    assert after[PAINTING].decode() == clean_markdown(before[PAINTING].decode()).text
    assert human.read_text(encoding="utf-8") == '+++\ntitle = "Notas sobre la mudanza a Hugo"\n+++\nEscrito a mano.\n'
    # the Spanish x.md Hugo would read as English is refused (an x.en.md beside it would hide it)
    assert report.exit_code == 123
    assert [p.path for p in report.errors] == ["_posts/2023-05-02-cuaderno-de-campo.md"]
    assert "rename it _posts/2023-05-02-cuaderno-de-campo.es.md" in report.errors[0].message
    assert sorted(set(after) - set(before)) == ["_posts/2023-03-14-painting-robots.es.md", "about.es.md"]
    assert states(report)[("_posts/2023-07-08-moving-to-hugo.md", "es")] == "human-edited"
    # generated files are recognised as translations, not new sources
    again = build(site, None, layout="hugo")
    assert again.written == [] and again.posts == 5


def test_output_symlink_out_of_the_site_is_refused(site, tmp_path):
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "_posts").mkdir(parents=True)
    (out / "_posts/es").symlink_to(outside)
    report = build(site, out)
    assert report.exit_code == 123
    assert any("outside" in p.message for p in report.errors)
    assert list(outside.iterdir()) == []


def test_symlinked_source_outside_is_skipped(site, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nDo not publish.\n")
    (site / "secret.md").symlink_to(secret)
    out = tmp_path / "out"
    report = build(site, out)
    assert not (out / "secret.md").exists() and not (out / "es/secret.md").exists()
    assert any(w.path == "secret.md" for w in report.warnings)


@pytest.mark.parametrize(
    "layout, expected",
    [
        ("hugo", ["_posts/2023-03-14-painting-robots.es.md", "_posts/2023-05-02-cuaderno-de-campo.es.md", "_posts/2023-05-02-cuaderno-de-campo.en.md"]),
        ("mkdocs-static-i18n", ["about.es.md", "_posts/2023-05-02-cuaderno-de-campo.en.md"]),
        ("pelican", ["about.es.md"]),
        # a Spanish source goes to es/ (its copy), its English translation to the default place
        ("eleventy", ["es/about.md", "es/es.json", "es/_posts/2023-05-02-cuaderno-de-campo.md", "_posts/2023-05-02-cuaderno-de-campo.md"]),
        ("folder", ["es/about.md", "es/_posts/2023-03-14-painting-robots.md"]),
    ],
)
def test_layouts_write_what_the_generator_expects(site, tmp_path, layout, expected):
    out = tmp_path / "out"
    report = build(site, out, layout=layout)
    assert report.exit_code == 0, report.errors
    files = snapshot(out)
    for rel in expected:
        assert rel in files, (rel, sorted(files))
    if layout == "pelican":
        data = read_header(files["about.es.md"].decode()).data
        assert data["translation"] is True and data["slug"] == "about-this-blog"
        assert read_header(files["about.md"].decode()).data["slug"] == "about-this-blog"
    if layout == "eleventy":
        assert json.loads(files["es/es.json"]) == {"lang": "es"}


def test_docusaurus_layout(tmp_path):
    site = tmp_path / "docusaurus"
    (site / "blog").mkdir(parents=True)
    (site / "docs").mkdir()
    (site / "blog/2023-03-14-robots.md").write_text("---\ntitle: Robots that paint\nauthors: [ana]\n---\nA robot paints a sunflower.\n")
    (site / "blog/authors.yml").write_text("ana:\n  name: Ana\n")
    (site / "docs/intro.md").write_text("# Getting started\n\nInstall the tool first.\n")
    report = build(site, None, layout="docusaurus")
    assert report.exit_code == 0, report.errors
    i18n = site / "i18n/es"
    assert (i18n / "docusaurus-plugin-content-blog/2023-03-14-robots.md").is_file()
    assert (i18n / "docusaurus-plugin-content-blog/authors.yml").read_text() == "ana:\n  name: Ana\n"
    assert (i18n / "docusaurus-plugin-content-docs/current/intro.md").is_file()


def test_notice_can_be_changed_or_disabled(site, tmp_path):
    changed = build(site, tmp_path / "a", notice_text={"es": "> Traducción automática ({source_language})."})
    assert changed.exit_code == 0
    assert "> Traducción automática (inglés)." in (tmp_path / "a/es/about.md").read_text(encoding="utf-8")
    build(site, tmp_path / "b", notice=False)
    text = (tmp_path / "b/es/about.md").read_text(encoding="utf-8")
    assert "automática" not in text and text.endswith((site / "about.md").read_text(encoding="utf-8").split("---\n", 2)[2])


def test_jobs_give_the_same_output(site, tmp_path):
    build(site, tmp_path / "one", jobs=1)
    build(site, tmp_path / "two", jobs=2, chunk_size=2)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


def test_two_builds_at_once(site, tmp_path):
    out = tmp_path / "out"
    code = (
        "import sys; from blogbabel.site import build_site; "
        f"r = build_site({{'content_dir': {str(site)!r}, 'output_dir': {str(out)!r}, 'backend': 'identity', "
        "'layout': 'jekyll-polyglot', 'progress': False}); sys.exit(r.exit_code)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE) for _ in range(2)]
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    single = tmp_path / "single"
    build(site, single)
    assert snapshot(out) == snapshot(single)
    manifest = json.loads((out / ".blogbabel/manifest.json").read_text())
    assert set(manifest["files"]) == set(snapshot(single))


def test_manifest_streams_valid_json_and_reloads(tmp_path):
    manifest = Manifest(tmp_path)
    names = ['es/año "uno".md', "es/b\\c.md", "zz.md", "a.md"]
    for number, rel in enumerate(names):
        manifest.record(rel, f"data {number}".encode(), source=f"src/{number}.md", source_hash="abc", locale="es")
    manifest.save()
    assert not manifest.journal_path.exists()
    raw = json.loads(manifest.path.read_text(encoding="utf-8"))
    assert raw["version"] == 1 and list(raw["files"]) == sorted(names)
    assert raw["files"]["zz.md"] == asdict(manifest.get("zz.md"))
    assert Manifest(tmp_path).entries == manifest.entries
    empty = Manifest(tmp_path / "empty")
    empty._dirty = True
    empty.save()
    assert json.loads(empty.path.read_text()) == {"version": 1, "files": {}}
