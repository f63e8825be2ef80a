"""Nothing hangs, nothing escapes, one bad file or segment fails alone (reliability issue 14).

Each test here failed before its fix: a FIFO named ``*.md``, a lock held by someone else, an
engine that hangs with children of its own, symlinks in blogbabel's state folder, content
inside its output, an engine that fails on one sentence, a kill between rename and record.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from blogbabel.backends.apertium import ApertiumBackend
from blogbabel.cli import main
from blogbabel.errors import BuildLockedError, ConfigError, InputError, UnsafePathError
from blogbabel.files import read_post_bytes
from blogbabel.site import build_site
from blogbabel.site.manifest import Manifest, content_hash
from blogbabel.site.state import build_lock

GOOD = "---\ntitle: A good post\nlang: en\n---\nThe robot paints a sunflower.\n"
APERTIUM = shutil.which("apertium")
needs_apertium = pytest.mark.skipif(APERTIUM is None and not os.environ.get("CI"), reason="apertium is not installed")


def write(root: Path, rel: str, text: str = GOOD) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def build(site: Path, out: Path, **settings):
    values = {"content_dir": str(site), "output_dir": str(out), "backend": "identity", "progress": False, "locales": "en,es"}
    values.update(settings)
    return build_site(values)


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run([sys.executable, "-m", "blogbabel", *args], env=env, capture_output=True, text=True, timeout=timeout)


def fake_apertium(tmp_path: Path, body: str) -> str:
    """An ``apertium`` wrapper: lists the real modes, runs ``body`` for translations."""
    script = tmp_path / "bin" / "apertium"
    script.parent.mkdir(exist_ok=True)
    script.write_text(f'#!/bin/sh\nif [ "$1" = "-l" ]; then echo eng-spa; echo spa-eng; exit 0; fi\n{body}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def processes_running(marker: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"):
                pids.append(int(entry.name))
        except OSError:
            pass
    return pids


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    write(root, "good.md")
    return root


# ----------------------------------------------------------------------------- hangs


def test_the_size_limit_holds_on_what_is_read():
    # /proc files say they are 0 bytes long, as a FIFO or a device does
    with pytest.raises(InputError, match="more than the 0.0001 MB"):
        read_post_bytes("/proc/self/maps", max_mb=0.0001)
    with pytest.raises(InputError, match="a FIFO|a device"):
        read_post_bytes("/dev/null", max_mb=1)


@pytest.mark.parametrize("flag", ["--max-post-mb", "--timeout", "--lock-timeout"])
@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_non_finite_numbers_are_refused_at_the_command_line(site, tmp_path, flag, value, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["build", str(site), "-o", str(tmp_path / "out"), flag, value])
    assert exited.value.code == 2 and "positive finite number" in capsys.readouterr().err
    with pytest.raises(ConfigError, match="positive number"):
        build(site, tmp_path / "out", max_post_mb=float(value))


def test_a_waiting_build_says_who_holds_the_lock_and_gives_up(tmp_path):
    state = tmp_path / "out" / ".blogbabel"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time; os.makedirs(sys.argv[1], exist_ok=True); f = open(sys.argv[1] + '/build.lock', 'a');"
         " fcntl.flock(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)", str(state)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        told = []
        started = time.monotonic()
        with pytest.raises(BuildLockedError, match=rf"pid {holder.pid}\) still holds the build lock after 0.5 s"):
            with build_lock(state, timeout=0.5, on_wait=lambda pids, lock, timeout: told.append(pids)):
                pass
        assert told == [[holder.pid]] and time.monotonic() - started < 5
    finally:
        holder.kill()
        holder.wait()
    with build_lock(state, timeout=0.5):  # free again once its holder is gone
        assert (state / "build.lock").read_text() == str(os.getpid())


def test_jobs_never_fork_more_workers_than_posts(site, tmp_path, monkeypatch):
    from blogbabel.site import build as build_module

    sizes = []
    real = build_module.ProcessPoolExecutor

    def counting(*args, max_workers, **kwargs):
        sizes.append(max_workers)
        return real(*args, max_workers=max_workers, **kwargs)

    monkeypatch.setattr(build_module, "ProcessPoolExecutor", counting)
    write(site, "second.md", GOOD.replace("sunflower", "rose"))
    assert build(site, tmp_path / "out", jobs=8).exit_code == 0
    assert sizes == [2]


@needs_apertium
def test_a_hanging_engine_is_killed_with_its_children_within_the_budget(site, tmp_path):
    marker = f"sleep {300 + os.getpid() % 97}"
    binary = fake_apertium(tmp_path, f"{marker} &\nwait")  # a pipeline stage that never answers
    started = time.monotonic()
    report = build(site, tmp_path / "out", backend="apertium", timeout=2, backend_options={"binary": binary}, cache=False)
    assert time.monotonic() - started < 8
    assert report.exit_code == 123 and "did not answer within 2 s" in str(report.errors)
    time.sleep(0.2)
    assert processes_running(marker) == []


@needs_apertium
def test_the_budget_holds_for_the_whole_batch_with_its_retries(tmp_path):
    # an engine that answers slowly and always with one block too few: halving retries follow
    binary = fake_apertium(tmp_path, "cat >/dev/null; sleep 0.4; echo '<p>x</p>'")
    from blogbabel.backends.memory import CachedTranslator
    from blogbabel.errors import TranslationTimeoutError

    translator = CachedTranslator(ApertiumBackend(binary=binary), None, timeout=1.5)
    texts = [f"Sentence number {n}." for n in range(16)]
    started = time.monotonic()
    with pytest.raises(TranslationTimeoutError):
        translator.translate_batch(texts, "en", "es")
    assert time.monotonic() - started < 3


# ----------------------------------------------------------------------------- containment


@pytest.mark.parametrize("name", ["build.lock", "build.running", "manifest.journal", "manifest.json"])
def test_symlinks_in_the_state_folder_are_never_followed(site, tmp_path, name):
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (out / ".blogbabel").mkdir(parents=True)
    (out / ".blogbabel" / name).symlink_to(victim)
    report = None
    with pytest.raises(UnsafePathError, match="symlink"):
        report = build(site, out)
    assert report is None and victim.read_text() == "precious\n"


def test_a_symlinked_state_folder_is_refused(site, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / ".blogbabel").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(UnsafePathError, match="state folder is a symlink"):
        build(site, out)
    assert list(elsewhere.iterdir()) == []


def test_clean_never_writes_through_a_symlinked_folder_of_out(tmp_path, capsys):
    src, out, elsewhere = tmp_path / "src", tmp_path / "out", tmp_path / "elsewhere"
    write(src, "posts/a.md", "Dal\u00c3\u00ad painted.\n")
    out.mkdir()
    elsewhere.mkdir()
    (out / "posts").symlink_to(elsewhere, target_is_directory=True)
    assert main(["clean", str(src), "-o", str(out)]) == 123
    assert "would land outside" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_content_inside_the_output_is_refused(site, tmp_path):
    out = tmp_path / "out"
    assert build(site, out).exit_code == 0
    before = (out / "es/good.md").read_bytes()
    for force in (False, True):
        with pytest.raises(ConfigError, match="content folder is inside the output folder"):
            build(out / "es", out, force=force)
    with pytest.raises(ConfigError, match="content folder is inside the output folder"):
        build(site, tmp_path)  # OUT above the content
    assert (out / "es/good.md").read_bytes() == before


# ----------------------------------------------------------------------------- one bad segment


@needs_apertium
def test_one_segment_apertium_fails_on_fails_that_post_alone(tmp_path):
    # this apertium dies on one sentence, as a real pair does on input it cannot handle
    binary = fake_apertium(tmp_path, f'input=$(cat)\ncase "$input" in *POISON*) echo "lt-proc: fatal" >&2; exit 1;; esac\nprintf "%s" "$input" | {APERTIUM} "$@"')
    site = tmp_path / "site"
    for n in range(6):
        write(site, f"post-{n}.md", f"---\ntitle: Post {n}\nlang: en\n---\nThe cat number {n} sleeps.\n")
    write(site, "bad.md", "---\ntitle: Bad\nlang: en\n---\nThe dog runs.\n\nThis POISON sentence breaks it.\n")
    report = build(site, tmp_path / "out", backend="apertium", backend_options={"binary": binary})
    assert report.exit_code == 123
    assert [(p.path, p.line) for p in report.errors] == [("bad.md", 7)]
    assert "lt-proc: fatal" in report.errors[0].message and "POISON" in report.errors[0].message
    for n in range(6):
        assert "gato" in (tmp_path / f"out/es/post-{n}.md").read_text(encoding="utf-8")
    bad = (tmp_path / "out/es/bad.md").read_text(encoding="utf-8")
    assert "perro" in bad and "This POISON sentence breaks it." in bad


def test_a_translation_with_failed_segments_stays_stale_and_is_retried(site, tmp_path, monkeypatch):
    from blogbabel.backends.identity import IdentityBackend

    healthy = IdentityBackend.translate_batch
    monkeypatch.setattr(IdentityBackend, "translate_batch", lambda self, texts, s, t: [None] * len(texts))
    out = tmp_path / "out"
    report = build(site, out)
    assert report.exit_code == 123 and {p.path for p in report.errors} == {"good.md"}
    assert (out / "es/good.md").is_file()  # written (the rest of a post is translated) but not done:
    assert [row.state for row in build(site, out, check=True).rows if row.locale == "es"] == ["stale"]
    monkeypatch.setattr(IdentityBackend, "translate_batch", healthy)
    again = build(site, out)
    assert again.exit_code == 0 and again.kept == [] and again.model_calls == 1  # tried again
    assert [row.state for row in again.rows if row.locale == "es"] == ["up-to-date"]


# ----------------------------------------------------------------------------- journal


KILLED_WRITE = """
import os, sys
import blogbabel.site.manifest as manifest
from blogbabel.site import build_site
real, name, when = manifest.atomic_write, sys.argv[3], sys.argv[4]

def write_then_die(path, data):
    if path.as_posix().endswith(name) and when == "before":  # killed with its temporary file not yet renamed
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / ("." + path.name + ".x1.blogbabel.tmp")).write_bytes(b"half")
        os._exit(9)
    real(path, data)
    if path.as_posix().endswith(name):  # killed right after the rename, before the record
        os._exit(9)

manifest.atomic_write = write_then_die
build_site({"content_dir": sys.argv[1], "output_dir": sys.argv[2], "backend": "identity", "progress": False, "chunk_size": 1})
"""


# the last case: killed while the manifest itself is saved (its temporary file is in the state folder)
@pytest.mark.parametrize("name, when", [("es/good.md", "after"), ("out/new/first.md", "before"), ("out/.blogbabel/manifest.json", "before")])
def test_a_kill_between_rename_and_record_is_recovered(site, tmp_path, name, when):
    out = tmp_path / "out"
    assert build(site, out).exit_code == 0
    write(site, "good.md", GOOD.replace("sunflower", "rose"))
    write(site, "new/first.md", GOOD)  # the first file of a new folder
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(site), str(out), name, when], env=env, capture_output=True, text=True, timeout=60)
    assert killed.returncode == 9, killed.stderr
    if when == "after":
        assert "rose" in (out / "es/good.md").read_text(encoding="utf-8")
        assert Manifest(out / ".blogbabel").is_ours("es/good.md", (out / "es/good.md").read_bytes())
    else:
        assert list((tmp_path / name).parent.glob("*.blogbabel.tmp"))
    again = build(site, out)
    assert again.exit_code == 0 and again.kept == []
    assert not list(out.rglob("*.blogbabel.tmp"))
    assert "rose" in (out / "es/good.md").read_text(encoding="utf-8") and (out / "es/new/first.md").is_file()


def test_a_manifest_of_the_wrong_shape_is_a_clear_error(site, tmp_path, capsys):
    out = tmp_path / "out"
    assert build(site, out).exit_code == 0
    for shape in ("[]", '{"files": []}', '{"files": {"es/good.md": 3}}'):
        (out / ".blogbabel/manifest.json").write_text(shape)
        assert main(["build", str(site), "-o", str(out), "--backend", "identity"]) == 123
        assert "the manifest is damaged" in capsys.readouterr().err


# ----------------------------------------------------------------------------- model packages


def test_a_corrupt_package_never_replaces_a_working_model(tmp_path, empty_argos_home, tiny_argos_archives):
    import zipfile

    from blogbabel.backends.argos import ArgosBackend
    from blogbabel.backends.packages import install_model
    from blogbabel.errors import ModelPackageError

    good = tiny_argos_archives[("en", "es")]
    installed = Path(install_model(good).path)
    before = {p.relative_to(installed): p.read_bytes() for p in installed.rglob("*") if p.is_file()}
    reference = ArgosBackend().translate_batch(["The robot paints."], "en", "es")
    corrupt = tmp_path / "corrupt.argosmodel"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(corrupt, "w") as out:
        for entry in source.infolist():
            data = source.read(entry)
            out.writestr(entry, b"\x00garbage" * 64 if entry.filename.endswith("model/model.bin") else data)
    with pytest.raises(ModelPackageError, match="does not load"):
        install_model(corrupt)
    assert {p.relative_to(installed): p.read_bytes() for p in installed.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in empty_argos_home.iterdir()) == [installed.name]
    assert ArgosBackend().translate_batch(["The robot paints."], "en", "es") == reference


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, empty_argos_home, tiny_argos_archives):
    import zipfile

    from blogbabel.backends.packages import check_archive
    from blogbabel.errors import ModelPackageError

    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(tiny_argos_archives[("en", "es")]) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            out.writestr(entry.filename, source.read(entry))
        out.writestr(f"{entry.filename.split('/')[0]}/padding.bin", bytes(64 * 1024**2))  # 64 MB of zeros, ~64 KB packed
    assert bomb.stat().st_size < 2 * 1024**2
    with pytest.raises(ModelPackageError, match="zip bomb"):
        check_archive(bomb)
    assert list(empty_argos_home.iterdir()) == []


def test_a_state_folder_made_by_another_build_in_the_same_instant_is_used(tmp_path, monkeypatch):
    """Two builds that start together both find no ``.blogbabel`` and both create it: the one
    that loses the race uses the folder the other made (it crashed with FileExistsError)."""
    from blogbabel.site import state

    state_dir = tmp_path / "out" / ".blogbabel"
    real_lstat = os.lstat
    calls = []

    def lstat_as_the_race_sees_it(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 1:  # the other build creates the folder right after this look
            os.makedirs(state_dir)
            raise FileNotFoundError(path)
        return real_lstat(path, *args, **kwargs)

    monkeypatch.setattr(state.os, "lstat", lstat_as_the_race_sees_it)
    assert state.check_state_dir(state_dir, create=True) is True
