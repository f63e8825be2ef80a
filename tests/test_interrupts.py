"""Interrupted and concurrent builds lose nothing (reliability issue).

A real ``blogbabel build`` runs in a child process with a slow (but real, caching) backend
and is stopped mid-run with SIGINT, SIGTERM or SIGKILL. Afterwards every output file is
either absent or exactly what a complete build writes, the manifest and the translation
memory are intact, nothing written is mistaken for a person's edit, and a second build
finishes the job.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from blogbabel.site.manifest import Manifest

pytestmark = pytest.mark.slow

POSTS = 24

RUNNER = textwrap.dedent(
    '''
    """blogbabel's CLI with one more backend: "slow" upper-cases text, one batch per 0.08 s."""
    import sys, time
    from blogbabel import backends
    from blogbabel.backends.base import Backend, BackendInfo
    from blogbabel.cli import main

    class SlowBackend(Backend):
        name = "slow"
        identity = "slow-1"

        def pairs(self):
            return [BackendInfo("slow", "en", "es"), BackendInfo("slow", "es", "en")]

        def translate_batch(self, texts, source, target):
            time.sleep(0.08)
            return [text.upper() for text in texts]

    backends._BUILTIN["slow"] = "__main__:SlowBackend"
    sys.exit(main(sys.argv[1:]))
    '''
)


def make_site(root: Path) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "blogbabel.toml").write_text('locales = ["en", "es"]\nlayout = "jekyll-polyglot"\nchunk_size = 1\nbackend = "slow"\n')
    for n in range(POSTS):
        (root / f"_posts/2024-01-{n + 1:02d}-post-{n}.md").write_text(
            f"---\ntitle: Post number {n}\nlang: en\n---\n"
            f"The robot painted picture {n} with *great* care.\n\n"
            f'<figure><img src="/img/{n}.png" alt="Picture {n}"><figcaption>Picture {n} at dusk.</figcaption></figure>\n\n'
            "```python\nprint('untouched')\n```\n",
            encoding="utf-8",
        )
    return root


def blogbabel(tmp_path: Path, *args: str, **popen) -> subprocess.Popen:
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen([sys.executable, str(runner), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and ".blogbabel" not in p.parts}


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, bytes]:
    """What an uninterrupted build writes."""
    tmp = tmp_path_factory.mktemp("reference")
    site = make_site(tmp / "site")
    proc = blogbabel(tmp, "build", str(site), "-o", str(tmp / "out"), "--quiet")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    out = files(tmp / "out")
    assert len([rel for rel in out if rel.startswith("_posts/es/")]) == POSTS
    return out


def wait_for_translations(out: Path, count: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done = list((out / "_posts/es").glob("*.md")) if (out / "_posts/es").is_dir() else []
        if len(done) >= count:
            return
        assert proc.poll() is None, proc.stderr.read().decode()
        time.sleep(0.02)
    raise AssertionError("the build made no progress")


@pytest.mark.parametrize(
    "signum, jobs, status",
    [
        (signal.SIGINT, 1, 130),
        (signal.SIGTERM, 1, 130),
        (signal.SIGKILL, 1, -signal.SIGKILL),
        (signal.SIGINT, 2, 130),
    ],
    ids=["SIGINT", "SIGTERM", "SIGKILL", "SIGINT-jobs2"],
)
def test_interrupted_build_loses_nothing(tmp_path, reference, signum, jobs, status):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    sources = files(site)
    # its own process group, so SIGINT reaches the workers too, as Ctrl-C in a terminal does
    proc = blogbabel(tmp_path, "build", str(site), "-o", str(out), "--quiet", "--jobs", str(jobs), start_new_session=True)
    wait_for_translations(out, 4, proc)
    os.killpg(proc.pid, signum) if signum == signal.SIGINT else proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == status, err.decode()
    if signum != signal.SIGKILL:
        assert b"interrupted" in err

    # every file is absent or complete, never half-written; sources untouched
    partial = files(out)
    assert 4 <= len([rel for rel in partial if rel.startswith("_posts/es/")]) < POSTS
    for rel, data in partial.items():
        assert data == reference[rel], rel
    assert files(site) == sources
    leftovers = [p.name for p in out.rglob("*.blogbabel.tmp")]
    assert signum == signal.SIGKILL or not leftovers

    # the manifest (plus its journal) knows every file written, so none looks human-edited
    state = out / ".blogbabel"
    if (state / "manifest.json").exists():
        json.loads((state / "manifest.json").read_text(encoding="utf-8"))
    manifest = Manifest(state)
    assert all(manifest.is_ours(rel, data) for rel, data in partial.items()), "a written file is not recorded"

    with sqlite3.connect(site / ".blogbabel/tm.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] > 0

    # the next build finishes the job: same files as an uninterrupted build, no edit "kept"
    again = blogbabel(tmp_path, "build", str(site), "-o", str(out), "--json")
    report, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    report = json.loads(report)
    assert report["kept_human_edits"] == []
    assert files(out) == reference
    assert not list(out.rglob("*.blogbabel.tmp"))
    assert not (state / "build.running").exists() and not (state / "manifest.journal").exists()


def test_two_caching_builds_at_once_share_the_memory_safely(tmp_path, reference):
    site = make_site(tmp_path / "site")
    out = tmp_path / "out"
    procs = [blogbabel(tmp_path, "build", str(site), "-o", str(out), "--json", "--jobs", str(jobs)) for jobs in (1, 2)]
    reports = []
    for proc in procs:
        stdout, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        reports.append(json.loads(stdout))
    assert files(out) == reference
    # the second build to get the lock found everything done by the first
    assert sorted(len(r["written"]) for r in reports)[0] == 0 and all(r["kept_human_edits"] == [] for r in reports)
    with sqlite3.connect(site / ".blogbabel/tm.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_signal_inside_a_weak_reference_callback_is_kept_for_later():
    # Python prints and drops an exception raised in a dead weak reference's callback, as in a
    # ``__del__``: a kill-campaign round printed "Exception ignored in ... WeakKeyDictionary"
    import weakref

    from blogbabel import interrupts

    namespace: dict = {"sys": sys}
    exec(compile("def remove(k):\n    return sys._getframe()\n", weakref.__file__, "exec"), namespace)  # noqa: S102 (a frame of weakref.py)
    assert interrupts._in_finalizer(namespace["remove"](None))
    assert not interrupts._in_finalizer(sys._getframe())
