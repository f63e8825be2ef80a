"""`blogbabel clean` on real files: exit codes, --diff, --report, -o, --in-place, encodings."""

from __future__ import annotations

import codecs
import json
import os
import shutil
from pathlib import Path

import pytest

from blogbabel.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clean"
BROKEN = "---\ntitle: Un día en el museo\n---\n\nSalvador DalÃ pintó aquÃ.\n"
FIXED = "---\ntitle: Un día en el museo\n---\n\nSalvador Dalí pintó aquí.\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    shutil.copy(FIXTURES / "mojibake-es.md", root / "posts" / "broken.md")
    shutil.copy(FIXTURES / "clean.md", root / "posts" / "clean.markdown")
    (root / "images").mkdir()
    (root / "images" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00Dal\xc3\x83")
    for hidden in (".git", "node_modules", "_site"):
        (root / hidden).mkdir()
        (root / hidden / "skip.md").write_text("DalÃ\n", encoding="utf-8")
    return root


def test_check_reports_work_and_writes_nothing(site, capsys):
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert main(["clean", "--check", str(site)]) == 1
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    err = capsys.readouterr().err
    assert "2 file(s) scanned, 1 would change" in err


def test_check_passes_on_clean_files(site):
    assert main(["clean", "--check", "--quiet", str(site / "posts" / "clean.markdown")]) == 0


def test_diff_prints_a_unified_diff(site, capsys):
    main(["clean", "--diff", "--quiet", str(site / "posts")])
    out = capsys.readouterr().out
    assert out.startswith("--- ") and "\n-description: AquÃ hablamos" in out and "\n+description: Aquí hablamos" in out
    assert "clean.markdown" not in out


def test_report_json_lists_fixes_unresolved_and_notes(site, tmp_path):
    (site / "posts" / "odd.md").write_text("Un nombre: XqzwvÃ y DalÃ.\n", encoding="utf-8")
    report_path = tmp_path / "report.json"
    assert main(["clean", "--check", "--quiet", "--report", str(report_path), str(site / "posts")]) == 1
    report = json.loads(report_path.read_text(encoding="utf-8"))
    files = {Path(f["file"]).name: f for f in report["files"]}
    assert report["summary"]["scanned"] == 3
    fix = next(f for f in files["odd.md"]["fixes"])
    assert fix == {"line": 1, "column": 21, "before": "DalÃ.", "after": "Dalí.", "rule": "lost-byte"}
    assert files["odd.md"]["unresolved"][0]["before"] == "XqzwvÃ"
    assert files["clean.markdown"]["fixes"] == [] and files["clean.markdown"]["changed"] is False
    assert all({"line", "before", "after", "rule"} <= set(f) for f in files["broken.md"]["fixes"])


def test_output_mirrors_the_tree_and_copies_other_files(site, tmp_path):
    out = tmp_path / "out"
    assert main(["clean", "--quiet", "-o", str(out), str(site)]) == 0
    assert (out / "images" / "photo.png").read_bytes() == (site / "images" / "photo.png").read_bytes()
    assert (out / "posts" / "broken.md").read_text(encoding="utf-8") == (FIXTURES / "mojibake-es.expected.md").read_text(encoding="utf-8")
    assert (out / "posts" / "clean.markdown").read_bytes() == (site / "posts" / "clean.markdown").read_bytes()
    assert not (out / ".git").exists() and not (out / "node_modules").exists() and not (out / "_site").exists()
    assert (site / "posts" / "broken.md").read_bytes() == (FIXTURES / "mojibake-es.md").read_bytes()


def test_output_inside_the_sources_is_refused(site):
    assert main(["clean", "-o", str(site / "out"), str(site)]) == 2


def test_in_place_is_atomic_and_keeps_permissions(site):
    target = site / "posts" / "broken.md"
    os.chmod(target, 0o640)
    untouched = site / "posts" / "clean.markdown"
    mtime = untouched.stat().st_mtime_ns
    assert main(["clean", "--in-place", "--quiet", str(site / "posts")]) == 0
    assert target.read_text(encoding="utf-8") == (FIXTURES / "mojibake-es.expected.md").read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o640
    assert untouched.stat().st_mtime_ns == mtime  # unchanged files are not rewritten
    assert not list(target.parent.glob(".*.blogbabel.tmp"))
    assert main(["clean", "--check", "--quiet", str(site / "posts")]) == 0


def test_cp1252_file_is_decoded_converted_and_reported(tmp_path, capsys):
    path = tmp_path / "latin.md"
    path.write_bytes("---\ntitle: Canción\n---\n\nEl niño comió piña.\n".encode("cp1252"))
    report_path = tmp_path / "r.json"
    assert main(["clean", "--check", "--report", str(report_path), str(path)]) == 1
    assert "decoded as cp1252" in capsys.readouterr().err
    assert json.loads(report_path.read_text())["files"][0]["encoding"] == "cp1252"
    assert main(["clean", "--in-place", "--quiet", str(path)]) == 0
    assert path.read_bytes() == "---\ntitle: Canción\n---\n\nEl niño comió piña.\n".encode("utf-8")


def test_crlf_and_bom_are_preserved(tmp_path):
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(BROKEN.replace("\n", "\r\n").encode("utf-8"))
    bom = tmp_path / "bom.md"
    bom.write_bytes(codecs.BOM_UTF8 + BROKEN.encode("utf-8"))
    no_final_newline = tmp_path / "nofinal.md"
    no_final_newline.write_bytes(BROKEN.rstrip("\n").encode("utf-8"))
    assert main(["clean", "--in-place", "--quiet", str(tmp_path)]) == 0
    assert crlf.read_bytes() == FIXED.replace("\n", "\r\n").encode("utf-8")
    assert bom.read_bytes() == codecs.BOM_UTF8 + FIXED.encode("utf-8")
    assert no_final_newline.read_bytes() == FIXED.rstrip("\n").encode("utf-8")


def test_unreadable_file_is_named_and_the_rest_continues(tmp_path, capsys):
    (tmp_path / "binary.md").write_bytes(b"Dal\xc3\x83\x00\x01\x02")
    good = tmp_path / "good.md"
    good.write_text(BROKEN, encoding="utf-8")
    assert main(["clean", "--in-place", str(tmp_path)]) == 123
    err = capsys.readouterr().err
    assert "binary.md" in err and "NUL" in err
    assert good.read_text(encoding="utf-8") == FIXED


def test_single_file_without_target_goes_to_stdout(tmp_path, capsys):
    path = tmp_path / "post.md"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["clean", "--quiet", str(path)]) == 0
    assert capsys.readouterr().out == FIXED
    assert path.read_text(encoding="utf-8") == BROKEN


def test_pre_commit_hooks_are_declared():
    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text())
    by_id = {hook["id"]: hook for hook in hooks}
    assert by_id["blogbabel-clean-check"]["entry"] == "blogbabel clean --check"
    assert by_id["blogbabel-clean"]["entry"] == "blogbabel clean --in-place"
    assert all(hook["types"] == ["markdown"] for hook in hooks)


def test_code_tag_keeps_a_sites_own_code_tag_as_it_is(tmp_path):
    post = tmp_path / "post.md"
    code = '{{< myexample >}}\nprint("cafÃ©")\n{{< /myexample >}}'
    post.write_text(BROKEN + "\n" + code + "\n", encoding="utf-8")
    assert main(["clean", "--in-place", "--quiet", "--code-tag", "myexample", str(post)]) == 0
    assert post.read_text(encoding="utf-8") == FIXED + "\n" + code + "\n"
    post.write_text(BROKEN + "\n" + code + "\n", encoding="utf-8")
    main(["clean", "--in-place", "--quiet", str(post)])  # without it the sample reads as prose
    assert 'print("café")' in post.read_text(encoding="utf-8")
