"""A real LibreTranslate 1.9.6 server on 127.0.0.1 translating the example site (slow).

The servers run in their own virtualenv (``scripts/setup.sh`` makes ``.venv-libretranslate``)
with the tiny Argos packages of tests/tiny_argos.py: the output is gibberish, but every byte
goes through LibreTranslate's real ``/translate``. Checked: the site builds and reads like any
other backend's (structure, protected text, Jekyll pages), a rebuild asks the server nothing,
two servers give the same output as one, and a server killed mid-build fails the build
cleanly, with the next build resuming from the translation memory.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from blogbabel.backends.http import Server
from blogbabel.backends.memory import CachedTranslator, TranslationMemory
from blogbabel.files import TEMP_SUFFIX
from blogbabel.site import build_site
from blogbabel.markdown.frontmatter import read_header
from support.libretranslate_server import libretranslate_python, start_server

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "site"
TRANSLATIONS = {
    "_posts/es/2023-03-14-painting-robots.md": "_posts/2023-03-14-painting-robots.md",
    "_posts/es/2023-07-08-moving-to-hugo.md": "_posts/2023-07-08-moving-to-hugo.md",
    "_posts/en/2023-05-02-cuaderno-de-campo.md": "_posts/2023-05-02-cuaderno-de-campo.md",
    "es/about.md": "about.md",
}


@pytest.fixture(scope="module")
def lt_python() -> Path:
    python = libretranslate_python()
    if python is None:
        if os.environ.get("CI"):
            pytest.fail("LibreTranslate is missing: scripts/setup.sh installs it in .venv-libretranslate")
        pytest.skip("LibreTranslate is not installed (run scripts/setup.sh)")
    return python


@pytest.fixture(scope="module")
def servers(lt_python, tiny_argos_package, tmp_path_factory, request):
    """``start()`` -> a new server on the tiny packages; every server is stopped at the end."""
    started = []

    def start():
        server = start_server(tiny_argos_package, tmp_path_factory.mktemp("libretranslate"))
        started.append(server)
        return server

    def stop_all():
        for server in started:
            server.stop()

    request.addfinalizer(stop_all)
    return start


@pytest.fixture(scope="module")
def first_server(servers):
    return servers()


def copy_site(dest: Path) -> Path:
    shutil.copytree(FIXTURE, dest, ignore=shutil.ignore_patterns(".blogbabel"))
    return dest


def build(site: Path, out: Path, urls, **settings):
    options = {"url": urls, "retries": 1, "backoff": 0.1, **settings.pop("backend_options", {})}
    return build_site({"content_dir": str(site), "output_dir": str(out), "backend": "libretranslate", "progress": False, "backend_options": options, **settings})


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and ".blogbabel" not in p.parts}


@pytest.fixture(scope="module")
def reference(first_server, tmp_path_factory):
    """The example site built through one server: (source folder, output folder, report)."""
    root = tmp_path_factory.mktemp("reference")
    site, out = copy_site(root / "site"), root / "out"
    report = build(site, out, first_server.url)
    return site, out, report


def blocks(markdown: str) -> list[str]:
    """The block structure markdown-it sees (token types and tags, no text)."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    return [f"{t.type}:{t.tag}" for t in MarkdownIt("commonmark").enable("table").parse(body) if t.type != "inline"]


def test_the_example_site_builds_through_a_real_server(reference):
    site, out, report = reference
    assert report.exit_code == 0, report.errors
    with TranslationMemory.for_site(site) as memory:  # keys name the server's version and models
        assert {engine.rsplit(":", 1)[0] for engine, *_ in memory.stats().pairs} == {"libretranslate:1.9.6:en-es", "libretranslate:1.9.6:es-en"}
    assert sorted(p for p in snapshot(out) if p in TRANSLATIONS) == sorted(TRANSLATIONS)
    for rel, source_rel in TRANSLATIONS.items():
        source, translated = (site / source_rel).read_text(encoding="utf-8"), (out / rel).read_text(encoding="utf-8")
        source_header, header = read_header(source), read_header(translated)
        assert header.data["title"] != source_header.data["title"], rel
        assert set(source_header.data) <= set(header.data) and header.data["machine_translated"] is True
        notice_blocks = ["paragraph_open:p", "paragraph_close:p"]
        assert blocks(translated) == notice_blocks + blocks(source), rel
        for protected in re.findall(r"```.*?```|\]\([^)]+\)|src=\"[^\"]+\"|\{\{<.*?>\}\}|`[^`\n]+`", source, re.S):
            if "caption=" not in protected:
                assert protected in translated, (rel, protected)
        source_captions = re.findall(r"<figcaption>(.*?)</figcaption>", source)
        captions = re.findall(r"<figcaption>(.*?)</figcaption>", translated)
        assert len(captions) == len(source_captions) and all(a != b for a, b in zip(captions, source_captions))


def test_the_jekyll_site_shows_the_servers_translations(reference, tmp_path):
    jekyll = shutil.which("jekyll")
    if jekyll is None:
        pytest.skip("jekyll is not installed (scripts/setup.sh installs it)")
    _, out, _ = reference
    site = tmp_path / "jekyll"
    shutil.copytree(out, site)
    shutil.copytree(ROOT / "fixtures" / "generators" / "jekyll", site, dirs_exist_ok=True)
    done = subprocess.run([jekyll, "build", "-s", str(site), "-d", str(tmp_path / "html")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    english = html.unescape((tmp_path / "html/blog/painting-robots/index.html").read_text(encoding="utf-8"))
    spanish = html.unescape((tmp_path / "html/es/blog/painting-robots/index.html").read_text(encoding="utf-8"))
    markdown = (out / "_posts/es/2023-03-14-painting-robots.md").read_text(encoding="utf-8")
    assert read_header(markdown).data["title"] in spanish and "Robots that paint" in english
    for caption in re.findall(r"<figcaption>(.*?)</figcaption>", markdown):
        caption = html.unescape(caption.strip())  # escaped in the Markdown, as it must be
        assert caption in spanish and caption not in english


def test_a_rebuild_asks_the_server_nothing(reference, first_server):
    site, out, _ = reference
    again = build(site, out, first_server.url)
    assert again.exit_code == 0 and again.model_calls == 0 and again.written == []


def test_two_servers_give_the_same_output_as_one(reference, first_server, servers, tmp_path, monkeypatch):
    second = servers()
    by_url: dict[str, int] = {}
    post = Server.post

    def counting(self, path, payload):
        by_url[self.url] = by_url.get(self.url, 0) + 1
        return post(self, path, payload)

    monkeypatch.setattr(Server, "post", counting)
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    report = build(site, out, [first_server.url, second.url], backend_options={"batch_size": 4})
    assert report.exit_code == 0, report.errors
    assert snapshot(out) == snapshot(reference[1])
    assert by_url.get(first_server.url, 0) > 0 and by_url.get(second.url, 0) > 0


def kill_on_call(monkeypatch, server, number: int) -> None:
    """Kill ``server`` just before the build's ``number``-th translation batch (one per chunk and pair)."""
    calls = {"n": 0}
    translate_batch = CachedTranslator.translate_batch

    def killing(self, texts, source, target):
        calls["n"] += 1
        if calls["n"] == number:
            server.kill()
        return translate_batch(self, texts, source, target)

    monkeypatch.setattr(CachedTranslator, "translate_batch", killing)


def test_a_server_killed_between_chunks_leaves_whole_files_and_the_rest_is_built_next_time(reference, servers, tmp_path, monkeypatch):
    doomed = servers()
    kill_on_call(monkeypatch, doomed, 2)
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    failed = build(site, out, doomed.url, chunk_size=1)
    assert failed.exit_code == 123
    assert any(f"the LibreTranslate server at {doomed.url} is unreachable" in str(e) for e in failed.errors), failed.errors
    written, expected = snapshot(out), snapshot(reference[1])
    assert 1 <= len([rel for rel in TRANSLATIONS if rel in written]) < len(TRANSLATIONS)
    assert all(written[rel] == expected[rel] for rel in written)  # whatever is there is whole and right
    assert not [p for p in out.rglob("*") if p.name.endswith(TEMP_SUFFIX)]
    monkeypatch.undo()

    resumed = build(site, out, servers().url, chunk_size=1)
    assert resumed.exit_code == 0, resumed.errors
    assert not resumed.kept  # nothing the killed build wrote is mistaken for a person's edit
    assert sorted(resumed.written) == sorted(rel for rel in TRANSLATIONS if rel not in written)
    assert snapshot(out) == expected


def test_a_server_killed_mid_chunk_writes_none_of_it_and_the_next_build_resumes_from_the_memory(reference, servers, tmp_path, monkeypatch):
    doomed = servers()
    kill_on_call(monkeypatch, doomed, 2)  # the chunk's en->es batch is done, its es->en batch is not
    site, out = copy_site(tmp_path / "site"), tmp_path / "out"
    failed = build(site, out, doomed.url)
    assert failed.exit_code == 123
    assert not [rel for rel in TRANSLATIONS if (out / rel).exists()]
    monkeypatch.undo()

    resumed = build(site, out, servers().url)
    assert resumed.exit_code == 0, resumed.errors
    assert resumed.cache_hits > 0 and resumed.cache_hits + resumed.cache_misses == reference[2].cache_misses
    assert snapshot(out) == snapshot(reference[1])
