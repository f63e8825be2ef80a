"""Reading the output of the CLI (issue 12, point 11): usage errors exit 2, `wrote` lines only
with --verbose, `clean --check` names each file, a closed pipe is not an error."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def blogbabel(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "blogbabel", *args], capture_output=True, text=True, timeout=120, **kwargs)


def test_unknown_backend_is_a_usage_error(tmp_path):
    done = blogbabel("build", str(FIXTURE), "-o", str(tmp_path / "out"), "--backend", "nope")
    assert done.returncode == 2
    assert "invalid choice: 'nope'" in done.stderr and "identity" in done.stderr
    assert not (tmp_path / "out").exists()


def test_written_files_are_listed_only_with_verbose(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    quiet = blogbabel("build", str(site), "-o", str(tmp_path / "a"), "--backend", "identity")
    assert quiet.returncode == 0 and "wrote " not in quiet.stdout
    verbose = blogbabel("build", str(site), "-o", str(tmp_path / "b"), "--backend", "identity", "--verbose")
    assert verbose.returncode == 0 and "wrote _posts/es/2023-03-14-painting-robots.md" in verbose.stdout


def test_clean_check_names_each_file():
    done = blogbabel("clean", str(FIXTURE), "--check")
    assert done.returncode == 1
    named = [line for line in done.stdout.splitlines() if line.startswith("would repair ")]
    assert any("2023-03-14-painting-robots.md" in line and "line" in line for line in named)
    assert any("2023-05-02-cuaderno-de-campo.md" in line for line in named)
    assert not any("about.md" in line for line in named)  # clean files are not named


def test_status_into_a_closed_pipe_prints_no_error(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    for index in range(300):  # more rows than a pipe buffer holds
        (site / f"_posts/2024-01-01-note-{index}.md").write_text(f"---\ntitle: Note {index}\nlang: en\n---\n\nA short note.\n", encoding="utf-8")
    status = subprocess.Popen([sys.executable, "-m", "blogbabel", "status", str(site), "-o", str(tmp_path / "out")], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert status.stdout is not None and status.stderr is not None
    status.stdout.readline()
    status.stdout.close()  # what `| head -1` does
    errors = status.stderr.read().decode()
    status.wait(timeout=120)
    assert "Broken pipe" not in errors and "Traceback" not in errors


class _RecordingBar:
    def __init__(self, total: int):
        self.total, self.moves, self.labels = total, [], []

    def update(self, n: int) -> None:
        self.moves.append(n)

    def set_description_str(self, text: str) -> None:
        self.labels.append(text)

    def close(self) -> None:
        pass


def test_progress_bar_is_labelled_by_stage_and_moves_per_post(tmp_path, monkeypatch):
    from blogbabel.site import build as build_module
    from blogbabel.site import build_site

    bars = []
    monkeypatch.setattr(build_module, "_progress_factory", lambda config: lambda total: bars.append(_RecordingBar(total)) or bars[-1])
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    report = build_site({"content_dir": str(site), "output_dir": str(tmp_path / "out"), "backend": "identity", "chunk_size": 2})
    assert report.exit_code == 0
    bar = bars[0]
    assert bar.moves == [1] * bar.total and bar.total == report.posts
    assert bar.labels[0] == "cleaning posts 1-2" and any(label.startswith("translating") for label in bar.labels) and "writing" in bar.labels


def test_summary_numbers_add_up(tmp_path):
    from blogbabel.site import build_site

    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    report = build_site({"content_dir": str(site), "output_dir": str(tmp_path / "out"), "backend": "identity"})
    first = report.summary().splitlines()[0]
    assert first.startswith(f"{report.posts} posts: {len(report.rows)} post x locale rows (")
    counted = sum(int(part.split()[0]) for part in first.split("(", 1)[1].split(")")[0].split(", "))
    assert counted == len(report.rows)
    second = report.summary().splitlines()[1]
    assert f"as {report.cache_hits + report.cache_misses} distinct texts" in second and "segments translated (paragraphs" in second
