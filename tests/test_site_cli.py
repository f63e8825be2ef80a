"""``blogbabel build`` and ``blogbabel status`` through the real CLI dispatcher."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from blogbabel import cli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".blogbabel"))
    return root


@pytest.fixture(autouse=True)
def only_site_commands(monkeypatch):
    # these tests are about build/status; other commands are tested on their own
    monkeypatch.setattr(cli, "COMMANDS", ("build", "status"))


def test_check_then_build_then_check(site, tmp_path, capsys):
    out = str(tmp_path / "out")
    assert cli.main(["build", str(site), "-o", out, "--check", "--backend", "identity"]) == 1
    captured = capsys.readouterr()
    assert "missing  es  about.md -> es/about.md" in captured.out
    assert not Path(out).exists()
    assert cli.main(["build", str(site), "-o", out, "--backend", "identity", "-q"]) == 0
    assert capsys.readouterr().out == ""
    assert cli.main(["build", str(site), "-o", out, "--check"]) == 0


def test_json_report(site, tmp_path, capsys):
    code = cli.main(["build", str(site), "-o", str(tmp_path / "out"), "--backend", "identity", "--json", "--jobs", "2"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["exit_code"] == 0 and report["posts"] == 5
    assert {"_posts/es/2023-03-14-painting-robots.md", "es/about.md"} <= set(report["written"])
    assert report["states"]["up-to-date"] == 4 and report["cache"] == {"hits": 0, "misses": report["cache"]["misses"]}


def test_status_lists_every_post_and_locale(site, tmp_path, capsys):
    out = tmp_path / "out"
    cli.main(["build", str(site), "-o", str(out), "--backend", "identity", "-q"])
    (out / "es/about.md").write_text("---\ntitle: Acerca de\n---\nEscrito a mano.\n", encoding="utf-8")
    (out / "_posts/en/2023-05-02-cuaderno-de-campo.md").unlink()
    capsys.readouterr()
    assert cli.main(["status", str(site), "-o", str(out), "--json"]) == 0
    rows = {(r["source"], r["locale"]): r["state"] for r in json.loads(capsys.readouterr().out)["rows"]}
    assert rows[("about.md", "es")] == "human-edited"
    assert rows[("_posts/2023-05-02-cuaderno-de-campo.md", "en")] == "missing"
    assert rows[("_posts/2023-03-14-painting-robots.md", "es")] == "up-to-date"
    assert rows[("_posts/2023-08-01-changelog.md", "es")] == "skipped"
    assert len(rows) == 10


def test_broken_post_exit_123_names_file_and_line(site, tmp_path, capsys):
    (site / "_posts/2023-09-01-broken.md").write_text("---\ntitle: ok\ntags: [one, two\n---\nBody.\n")
    assert cli.main(["build", str(site), "-o", str(tmp_path / "out"), "--backend", "identity", "-q"]) == 123
    err = capsys.readouterr().err
    assert "error: _posts/2023-09-01-broken.md:" in err and "invalid YAML" in err


def test_usage_errors(site, capsys):
    assert cli.main(["build", str(site), "--backend", "identity"]) == 123  # no output folder: a ConfigError
    assert "no output folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        cli.main(["build", str(site), "--layout", "gatsby"])
    assert info.value.code == 2
