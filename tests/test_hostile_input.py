"""Bad, odd and hostile input (reliability issue): each case gets a clear error naming the
file (and line) or is handled, the rest of the run continues, nothing outside the output
folder is touched and no source is modified."""

from __future__ import annotations

import codecs
import json
import time
from dataclasses import asdict
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from blogbabel.backends.identity import IdentityBackend
from blogbabel.cli import main
from blogbabel.errors import BlogbabelError, ConfigError, UnsupportedLanguageError
from blogbabel.site import build_site
from blogbabel.site.manifest import Manifest
from blogbabel.files import atomic_write
from blogbabel.translate.job import translate_post
from support.markers import MarkerTranslator

GOOD = "---\ntitle: A good post\nlang: en\n---\nThe robot paints a sunflower.\n"


def write(root: Path, rel: str, data: bytes | str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` but blogbabel's own state (manifest, translation memory)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".blogbabel" not in p.relative_to(folder).parts
    }


def build(site: Path, out: Path | None = None, **settings):
    values = {"content_dir": str(site), "backend": "identity", "progress": False, "locales": "en,es"}
    values.update({"in_place": True} if out is None else {"output_dir": str(out)})
    values.update(settings)
    return build_site(values)


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    write(root, "good.md", GOOD)
    return root


def problems(report) -> dict[str, str]:
    return {p.path: str(p) for p in report.errors}


# ----------------------------------------------------------------------------- odd files


def test_odd_files_build_or_fail_alone_with_file_and_line(site, tmp_path):
    write(site, "empty.md", b"")
    write(site, "only-front-matter.md", "---\ntitle: Nothing but a title\nlang: en\n---\n")
    write(site, "cp1252.md", "---\ntitle: Café con leche\nlang: es\n---\nUn café y una canción.\n".encode("cp1252"))
    write(site, "bom-mixed.md", codecs.BOM_UTF8 + b"---\r\ntitle: Line endings\r\nlang: en\r\n---\nOne line.\r\nAnother.\n\rOld Mac.\n")
    write(site, "nul.md", b"---\ntitle: x\n---\nText\x00more\n")
    write(site, "picture.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    write(site, "utf16.md", "---\ntitle: wide\n---\n".encode("utf-16"))
    before = tree(site)
    out = tmp_path / "out"
    report = build(site, out)

    assert report.exit_code == 123
    errors = problems(report)
    assert set(errors) == {"nul.md", "picture.md", "utf16.md"}
    assert errors["nul.md"].startswith("nul.md:4: file contains NUL bytes")
    assert "binary" in errors["picture.md"] and "UTF-16" in errors["utf16.md"]
    warnings = {w.path: w.message for w in report.warnings}
    assert "not UTF-8: decoded as cp1252" in warnings["cp1252.md"]
    assert "no text to detect the language from" in warnings["empty.md"]

    # the others are translated; encodings, BOM and every line ending survive
    assert (out / "es/good.md").is_file() and (out / "es/empty.md").is_file()
    assert b"title: Nothing but a title" in (out / "es/only-front-matter.md").read_bytes()
    # a Spanish source goes to es/ (the folder layout's place for Spanish), its translation to the root
    assert "Un café y una canción." in (out / "cp1252.md").read_text(encoding="utf-8")
    assert (out / "es/cp1252.md").read_text(encoding="utf-8").startswith("---\ntitle: Café con leche")
    mixed = (out / "es/bom-mixed.md").read_bytes()
    assert mixed.startswith(codecs.BOM_UTF8 + b"---\r\n") and mixed.endswith(b"One line.\r\nAnother.\n\rOld Mac.\n")
    assert tree(site) == before  # sources are never modified


def test_post_over_the_size_limit_is_refused_before_it_is_read(site, tmp_path, capsys):
    paragraph = b"The painter met a robot in *Figueres* and it drew [a sunflower](https://example.com/s).\n\n"
    huge = write(site, "huge.md", b"---\ntitle: Huge\nlang: en\n---\n" + paragraph * (50_000_000 // len(paragraph)))
    assert huge.stat().st_size > 49_000_000
    report = build(site, tmp_path / "out")
    assert report.exit_code == 123
    assert "huge.md: file is 50.0 MB, more than the 5 MB a post may have" in problems(report)["huge.md"]
    assert "raise max_post_mb" in problems(report)["huge.md"]
    assert (tmp_path / "out/es/good.md").is_file()  # the rest still builds

    assert main(["clean", str(huge), "--check"]) == 123
    assert "50.0 MB" in capsys.readouterr().err
    small = write(tmp_path, "small/two-mb.md", b"---\nlang: en\n---\n" + paragraph * (2_000_000 // len(paragraph)))
    assert build(small.parent, tmp_path / "out2", max_post_mb=1).exit_code == 123  # the limit is a setting
    assert build(small.parent, tmp_path / "out3").exit_code == 0


def test_deeply_nested_blocks_are_kept_and_what_cannot_be_parsed_is_reported():
    lists = "".join("  " * level + f"- level {level}\n" for level in range(1000))
    quotes = "".join(">" * level + f" quote {level}\n" for level in range(1, 500))
    for text in (lists, quotes):
        post = translate_post(text, source="en", target="es", translator=MarkerTranslator())
        assert post.text.replace("«", "").replace("»", "") == text
        assert post.text.count("«") >= 40  # dozens of levels are translated, not 9
        assert [w.kind for w in post.warnings] == ["structure"] and "nested more than 100 levels" in post.warnings[0].message


def test_ten_thousand_figures_in_one_post_one_call():
    figure = '<figure><img src="/img/{0}.png" alt="A cat number {0}"><figcaption>The cat {0} sleeps.</figcaption></figure>\n\n'
    text = "---\ntitle: Many cats\n---\n" + "".join(figure.format(n) for n in range(10_000))
    translator = MarkerTranslator()
    post = translate_post(text, source="en", target="es", translator=translator)
    assert len(translator.calls) == 1
    assert post.text.count("<figcaption>«The cat") == 10_000 and post.text.count('alt="«A cat number') == 10_000
    assert post.text.count('src="/img/') == 10_000 and post.text.replace("«", "").replace("»", "") == text


# ----------------------------------------------------------------------------- languages


def test_language_values_that_are_not_codes_or_not_supported(site, tmp_path):
    write(site, "klingon.md", "---\ntitle: Qapla\nlang: tlhIngan Hol\n---\nQapla.\n")
    write(site, "escape.md", "---\ntitle: Up\nlang: ../../etc\n---\nUp.\n")
    write(site, "french.md", "---\ntitle: Bonjour\nlocale: fr-CA\n---\nBonjour.\n")
    write(site, "mexican.md", "---\ntitle: Hola\nlang: es-MX\n---\nHola a todos.\n")
    out = tmp_path / "out"
    report = build(site, out)
    errors = problems(report)
    assert errors["klingon.md"].startswith("klingon.md:3: lang: 'tlhIngan Hol' is not a language code")
    assert errors["escape.md"].startswith("escape.md:3: lang: '../../etc' is not a language code")
    assert errors["french.md"].startswith("french.md:3: locale: 'fr-CA': blogbabel translates only en and es")
    # es-MX is Spanish already: the copy goes to es/, the English translation to the root
    assert (out / "mexican.md").read_text(encoding="utf-8").count("lang: en") == 1 and (out / "es/mexican.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


@pytest.mark.parametrize("locales", ["en,xx", "en,../../x", "en,es-../"])
def test_unknown_locales_are_refused_before_anything_is_written(site, tmp_path, locales):
    with pytest.raises((ConfigError, UnsupportedLanguageError)):
        build(site, tmp_path / "out", locales=locales)
    assert not (tmp_path / "out").exists()
    assert main(["build", str(site), "-o", str(tmp_path / "out"), "--locales", locales, "--backend", "identity"]) == 123


# ----------------------------------------------------------------------------- backends


def test_backend_that_hangs_times_out_without_a_partial_file(site, tmp_path, monkeypatch):
    monkeypatch.setattr(IdentityBackend, "translate_batch", lambda self, texts, source, target: time.sleep(60))
    started = time.monotonic()
    report = build(site, tmp_path / "out", timeout=0.5)
    assert time.monotonic() - started < 20
    assert report.exit_code == 123
    assert any("did not answer within 0.5 s" in str(p) for p in report.errors)
    assert not (tmp_path / "out/es").exists() and not list((tmp_path / "out").rglob("*.blogbabel.tmp"))


def mangle(texts):
    """A backend gone wrong in every way a translation can be wrong."""
    out = []
    for text in texts:
        if "sunflower" in text:
            out += ["un girasol", "extra"]  # one text, two results
        elif "empty" in text:
            out.append("")
        elif "<g" in text or "<x" in text:
            out.append("<script>alert(1)</script> " + text.replace("</g1>", "").replace("<x2/>", "").replace("<x1/>", "<x1/><x1/>"))
        else:
            out.append("TRADUCIDO & <b>" + text)
    return out


def block_structure(text: str) -> list[tuple[str, str]]:
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(text)
    return [(t.type, t.tag) for t in tokens if t.type not in ("inline",) and not t.type.startswith("html")]


def test_mangling_backend_falls_back_per_segment_and_the_markdown_stays_valid(tmp_path, monkeypatch):
    monkeypatch.setattr(IdentityBackend, "translate_batch", lambda self, texts, source, target: mangle(texts))
    site = tmp_path / "site"
    body = (
        "# A *bold* heading\n\n"
        "The robot paints a sunflower.\n\n"
        "This sentence comes back empty.\n\n"
        "See [the docs](https://example.com/docs \"Docs\") and `pip install x` now.\n\n"
        "- an item with **strong** text\n- another item\n\n"
        "| a | b |\n|---|---|\n| cell one | cell two |\n\n"
        "```sh\nrm -rf /tmp/x\n```\n\n"
        '<figure><img src="/i.png" alt="A cat"><figcaption>A <em>sleeping</em> cat.</figcaption></figure>\n'
    )
    write(site, "post.md", "---\ntitle: Mangled\nlang: en\n---\n" + body)
    report = build(site, tmp_path / "out")
    # the text the engine gave no usable answer for keeps the post stale: an error, exit 123
    assert report.exit_code == 123
    assert [(e.path, e.line) for e in report.errors] == [("post.md", 7)]
    assert "the identity backend returned 2 results for 1 texts" in report.errors[0].message
    text = (tmp_path / "out/es/post.md").read_text(encoding="utf-8")
    assert block_structure(text[text.index("# A *bold*"):]) == block_structure(body)
    for kept in ("https://example.com/docs", "`pip install x`", "```sh\nrm -rf /tmp/x\n```", 'src="/i.png"'):
        assert kept in text
    # markup a translation invents is escaped where it lands: Markdown, HTML text, attributes
    assert "- TRADUCIDO & \\<b>another item" in text and "| TRADUCIDO & \\<b>cell one |" in text
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'alt="TRADUCIDO &amp; &lt;b&gt;A cat"' in text
    assert "\nThe robot paints a sunflower.\n" in text and "\nThis sentence comes back empty.\n" in text
    warnings = {(w.line, w.message.split(";")[0]) for w in report.warnings if w.path == "es/post.md"}
    assert (9, "translator returned an empty string") in warnings
    assert (5, "translation broke paired markup (emphasis/link)") in warnings
    assert (24, "translation lost or duplicated protected markup") in warnings


# ----------------------------------------------------------------------------- safety


def test_yaml_tags_are_never_constructed(site, tmp_path):
    marker = tmp_path / "pwned"
    write(site, "evil.md", f'---\ntitle: Evil\nx: !!python/object/apply:os.system ["touch {marker}"]\n---\nHi.\n')
    write(site, "custom.md", "---\ntitle: !secret value\n---\nHi.\n")
    report = build(site, tmp_path / "out")
    errors = problems(report)
    assert errors["evil.md"].startswith("evil.md:3: invalid YAML front matter") and "remove the tag" in errors["evil.md"]
    assert errors["custom.md"].startswith("custom.md:2:")
    assert not marker.exists()


ODD_NAMES = ["a b.md", "ñandú.md", "-rf.md", "x..md", "$(touch pwned).md", "semi;colon.md", "quote'd \"name\".md", "tab\there.md", "new\nline.md"]


@pytest.mark.parametrize("layout", ["folder", "hugo", "jekyll-polyglot", "eleventy", "docusaurus", "mkdocs-static-i18n", "pelican"])
def test_odd_names_and_front_matter_paths_never_leave_the_output(tmp_path, layout):
    site = tmp_path / "site"
    for name in ODD_NAMES:
        write(site, f"blog/{name}", f"---\ntitle: Odd {name!r}\nlang: en\n---\nA post.\n")
    write(site, "blog/traversal.md", "---\ntitle: Up\nlang: en\nslug: ../../../../outside\npermalink: /../../../outside/\n"
          "page_id: ../../x\ntranslationKey: ../../y\n---\nUp.\n")
    write(site, "blog/absolute.md", "---\ntitle: Root\nlang: en\nslug: /etc/passwd\npermalink: /etc/passwd\n---\nRoot.\n")
    out = tmp_path / "out"
    before = tree(site)
    report = build(site, out, layout=layout)
    assert report.exit_code == 0, report.errors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]
    assert tree(site) == before
    written = tree(out)
    for name in ODD_NAMES + ["traversal.md", "absolute.md"]:
        assert sum(rel.endswith(name) or rel.endswith(name.replace(".md", ".es.md")) for rel in written) >= 2, (name, sorted(written))
    assert all((out / rel).resolve().is_relative_to(out.resolve()) for rel in written)
    assert all(".." not in Path(rel).parts for rel in written)


def test_symlinks_in_the_output_are_never_followed(site, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("precious\n")
    out = tmp_path / "out"
    build(site, out)
    target = out / "es/good.md"
    target.unlink()
    target.symlink_to(outside)
    write(site, "good.md", GOOD.replace("sunflower", "rose"))
    for force in (False, True):
        report = build(site, out, force=force)
        assert report.exit_code == 123 and "'es/good.md' would land outside" in problems(report)["good.md"]
        assert outside.read_text() == "precious\n"
    target.unlink()
    target.symlink_to(out / "es/../good.md")  # inside the output, yet a link: still never written through
    report = build(site, out)
    assert report.exit_code == 0 and report.kept == ["es/good.md"]
    report = build(site, out, force=True)
    assert report.exit_code == 123 and "refusing to write through a symlink" in problems(report)["es/good.md"]
    assert (out / "good.md").read_text() == GOOD.replace("sunflower", "rose")


@pytest.mark.parametrize("layout", ["hugo", "jekyll-polyglot", "mkdocs-static-i18n", "docusaurus"])
def test_in_place_builds_only_add_files_and_dry_runs_write_nothing(tmp_path, layout):
    site = tmp_path / "site"
    write(site, "docs/guide.md", GOOD)
    write(site, "blog/2024-01-01-hello.md", GOOD)
    # the Spanish post sits where each generator reads Spanish (elsewhere it is refused in place)
    spanish = {
        "hugo": "blog/2024-01-01-hola.es.md",
        "mkdocs-static-i18n": "blog/2024-01-01-hola.es.md",
        "docusaurus": "i18n/es/docusaurus-plugin-content-blog/2024-01-01-hola.md",
    }.get(layout, "blog/2024-01-01-hola.md")
    write(site, spanish, "---\ntitle: Hola\nlang: es\n---\nUn robot pinta un girasol.\n")
    before = tree(site)
    for dry in ({"dry_run": True}, {"check": True}):
        assert build(site, None, layout=layout, **dry).exit_code in (0, 1)
        assert tree(site) == before
    report = build(site, None, layout=layout)
    assert report.exit_code == 0, report.errors
    after = tree(site)
    assert {rel: after[rel] for rel in before} == before and len(after) > len(before)
    manifest = Manifest(site / ".blogbabel")
    assert all(manifest.is_ours(rel, after[rel]) for rel in set(after) - set(before))


def test_errors_are_our_family_with_file_and_hint():
    with pytest.raises(BlogbabelError) as caught:
        translate_post("---\ntitle: [unclosed\n---\nBody.\n", source="en", target="es", translator=MarkerTranslator())
    assert caught.value.line in (2, 3) and caught.value.hint


def test_damaged_state_files(site, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(site, out).exit_code == 0
    state = out / ".blogbabel"
    # a journal whose last line was cut by a crash: the complete records still count
    manifest = Manifest(state)
    entry = asdict(manifest.get("es/good.md"))
    (state / "manifest.journal").write_text(json.dumps({"rel": "es/other.md", **entry}) + "\n" + '{"rel": "es/cut.md", "ha')
    replayed = Manifest(state)
    assert replayed.get("es/other.md") is not None and replayed.get("es/cut.md") is None
    # a manifest that is not JSON stops the build before anything is written, naming the file
    (state / "manifest.json").write_text("{ not json")
    write(site, "good.md", GOOD.replace("sunflower", "rose"))
    assert main(["build", str(site), "-o", str(out), "--backend", "identity", "--locales", "en,es"]) == 123
    err = capsys.readouterr().err
    assert "manifest.json: the manifest is damaged" in err and "delete it" in err
    assert "sunflower" in (out / "es/good.md").read_text(encoding="utf-8")


def test_file_system_refusals_are_errors_about_one_post(site, tmp_path, capsys):
    longest = "a" * 252 + ".md"  # fits as a source; "<name>.es.md" does not (255 bytes max)
    write(site, longest, GOOD)
    write(site, "b" * 240 + ".md", GOOD)  # fits, and so must its temporary file
    report = build(site, None, layout="hugo")
    assert report.exit_code == 123
    assert problems(report)[longest].endswith("File name too long")
    assert (site / ("b" * 240 + ".es.md")).is_file() and (site / "good.es.md").is_file()

    afile = tmp_path / "not-a-folder"
    afile.write_text("x")
    assert main(["build", str(site), "-o", str(afile), "--backend", "identity"]) == 123
    assert "the output folder is a file" in capsys.readouterr().err


def test_a_streamed_write_that_fails_midway_leaves_the_old_file(tmp_path):
    target = tmp_path / "manifest.json"
    target.write_bytes(b"old")

    def chunks():
        yield b"new "
        raise RuntimeError("the disk went away")

    with pytest.raises(RuntimeError):
        atomic_write(target, chunks())
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]
    atomic_write(target, iter([b"new ", b"content"]))
    assert target.read_bytes() == b"new content"


# ----------------------------------------------------------------------------- hostile files and disks


def billion_laughs() -> str:
    """515 bytes that a naive YAML walk expands into 10^9 values."""
    text, previous = '---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n', "a"
    for name in "bcdefghi":
        text += f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]\n"
        previous = name
    return text + "title: Laughs\nlang: en\n---\nBody text.\n"


def test_yaml_bombs_fail_alone_at_once_with_file_and_line(site, tmp_path):
    write(site, "laughs.md", billion_laughs())
    write(site, "loop.md", "---\ntitle: Loop\na: &a [*a]\nlang: en\n---\nBody.\n")
    write(site, "deep.md", "---\ntitle: Deep\nlang: en\nx: " + "[" * 600 + "]" * 600 + "\n---\nBody.\n")
    started = time.monotonic()
    report = build(site, tmp_path / "out")
    assert time.monotonic() - started < 10  # took 49 s per line, or crashed with RecursionError
    errors = problems(report)
    assert set(errors) == {"laughs.md", "loop.md", "deep.md"} and report.exit_code == 123
    assert "expand to more than 10,000 values" in errors["laughs.md"]
    assert errors["loop.md"].startswith("loop.md:3: front matter refused: an alias refers to the value that contains it")
    assert errors["deep.md"].startswith("deep.md:4: front matter refused: values nested deeper than 100 levels")
    assert (tmp_path / "out/es/good.md").is_file()
    assert main(["clean", str(site / "laughs.md"), str(site / "deep.md"), "--check"]) == 0  # repair skips their values


def test_fifos_and_devices_are_never_opened_for_reading(site, tmp_path):
    import os
    import subprocess
    import sys

    os.mkfifo(site / "pipe.md")
    os.mkfifo(site / "asset.png")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for command in (["status", str(site), "-o", str(tmp_path / "out")], ["build", str(site), "-o", str(tmp_path / "out"), "--backend", "identity"]):
        # used to block forever on open(), or read until memory ran out
        done = subprocess.run([sys.executable, "-m", "blogbabel", *command], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    assert "pipe.md: a FIFO; skipped" in done.stderr and "asset.png: a FIFO; skipped" in done.stderr
    assert (tmp_path / "out/es/good.md").is_file()


def test_non_utf8_names_and_symlink_loops_are_reported_not_raised(site, tmp_path, capsys):
    import os

    (site / os.fsdecode(b"caf\xe9.md")).write_text(GOOD)
    (site / os.fsdecode(b"fotos-\xff")).mkdir()
    (site / "loop.md").symlink_to("loop.md")
    (site / "a.md").symlink_to("b.md")
    (site / "b.md").symlink_to("a.md")
    assert main(["build", str(site), "-o", str(tmp_path / "out"), "--backend", "identity", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    warned = {w["path"]: w["message"] for w in report["warnings"]}
    assert warned["caf\ufffd.md"].startswith("file name is not valid UTF-8") and "fotos-\ufffd" in warned
    assert warned["loop.md"] == warned["a.md"] == "symlink is a symlink loop; skipped"
    assert (tmp_path / "out/es/good.md").is_file()


@pytest.fixture
def small_disk(tmp_path):
    """A 200 KB tmpfs when this machine lets us mount one; else None (RLIMIT_FSIZE is used)."""
    import subprocess

    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_fails_posts_alone_and_the_report_is_always_printed(tmp_path, small_disk):
    import os
    import resource
    import signal
    import subprocess
    import sys

    site = tmp_path / "site"
    filler = "The robot paints a sunflower under the stars of the night. " * 300  # ~18 KB
    for n in range(24):
        write(site, f"post-{n:02d}.md", f"---\ntitle: Post {n}\nlang: en\n---\n" + filler * (1 + n % 3))
    out = (small_disk / "out") if small_disk is not None else tmp_path / "out"

    def limit_file_size():  # no tmpfs here: each file may grow to 40 KB, as if the disk filled
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-m", "blogbabel", "build", str(site), "-o", str(out), "--backend", "identity", "--json", "--locales", "en,es"],
        env=env, capture_output=True, text=True, timeout=120, preexec_fn=None if small_disk is not None else limit_file_size,
    )
    assert done.returncode == 123, done.stderr
    report = json.loads(done.stdout)  # the report is printed even when the disk is full
    failed = {e["path"] for e in report["errors"]}
    assert failed and any(path.startswith("post-") or path.startswith("es/") for path in failed)
    assert "Traceback" not in done.stderr
    # nothing torn: every file is whole, and no temporary file is left
    reference = tmp_path / "reference"
    assert build(site, reference).exit_code == 0
    for path in out.rglob("*"):
        if path.is_file() and ".blogbabel" not in path.parts:
            assert path.read_bytes() == (reference / path.relative_to(out)).read_bytes(), path
    assert not list(out.rglob("*.blogbabel.tmp"))


def test_template_tags_a_translation_invents_never_become_templates(tmp_path, monkeypatch):
    invented = "{% include evil.html %} {{ site.secret }} {{< danger >}} {# note #}"
    monkeypatch.setattr(IdentityBackend, "translate_batch", lambda self, texts, s, t: [f"{text} {invented}" for text in texts])
    site = tmp_path / "site"
    body = (
        "The robot paints a sunflower.\n\n"
        '<figure><img src="/i.png" alt="A cat"><figcaption>A sleeping cat.</figcaption></figure>\n\n'
        '[the docs](https://example.com "Docs title") and {{ page.date }} stay.\n'
    )
    write(site, "post.md", "---\ntitle: Templates\nlang: en\n---\n" + body)
    assert build(site, tmp_path / "out").exit_code == 0
    text = (tmp_path / "out/es/post.md").read_text(encoding="utf-8")
    body_out = text[text.index("The robot"):]
    for opener in ("{%", "{{ site", "{{<", "{#"):
        assert opener not in body_out, opener
    assert "{{ page.date }}" in body_out  # the source's own tag is left as it is
    # what a reader sees is the engine's text, braces and all
    html = MarkdownIt("commonmark", {"html": True}).render(body_out)
    assert "{% include evil.html %} {{ site.secret }} {{&lt; danger &gt;}} {# note #}" in html
    assert 'alt="A cat &amp;#123;' not in html and "&#123;% include" in body_out
