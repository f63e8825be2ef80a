"""What keeps a 100,000-post build in flat memory: the manifest's entries in a temporary SQLite
file (loaded from manifest.json a line at a time) and the report's long lists spooled to disk."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from blogbabel.errors import InputError
from blogbabel.site import build_site, spool
from blogbabel.site.entries import Entry, EntryStore
from blogbabel.site.manifest import Manifest
from blogbabel.site.report import BuildReport
from blogbabel.site.scan import Problem

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


def test_entry_store_is_a_mapping_in_path_order():
    store = EntryStore([("b.md", Entry("2")), ("a.md", Entry("1", source="x.md"))])
    store["c/é.md"] = Entry("3", locale="es")
    assert list(store) == ["a.md", "b.md", "c/é.md"] and len(store) == 3
    assert store["a.md"] == Entry("1", source="x.md") and store.get("zz") is None and "b.md" in store
    del store["b.md"]
    assert dict(store) == {"a.md": Entry("1", source="x.md"), "c/é.md": Entry("3", locale="es")}
    assert [rel for rel, _ in store.sorted_items(batch=1)] == ["a.md", "c/é.md"]


def test_a_big_manifest_is_saved_and_loaded_a_line_at_a_time(tmp_path):
    manifest = Manifest(tmp_path)
    for n in range(3000):
        manifest.record(f"posts/{n:05d}.md", f"text {n}".encode(), source=f"src/{n}.md", source_hash="h", fingerprint="fp", locale="es")
    manifest.save()
    text = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    assert json.loads(text)["files"]["posts/00007.md"]["source"] == "src/7.md"
    again = Manifest(tmp_path)
    assert len(again.entries) == 3000 and again.entries == manifest.entries
    assert again.is_ours("posts/02999.md", b"text 2999")


def test_a_manifest_laid_out_by_hand_still_loads(tmp_path):
    value = {"version": 1, "files": {"a.md": {"hash": "1", "source": "s.md"}}}
    (tmp_path / "manifest.json").write_text(json.dumps(value, indent=4), encoding="utf-8")
    assert Manifest(tmp_path).get("a.md") == Entry("1", source="s.md")


@pytest.mark.parametrize("cut", ["end", "middle"])
def test_a_cut_manifest_is_reported_as_damaged(tmp_path, cut):
    manifest = Manifest(tmp_path)
    for n in range(10):
        manifest.record(f"{n}.md", b"x")
    manifest.save()
    data = (tmp_path / "manifest.json").read_bytes()
    (tmp_path / "manifest.json").write_bytes(data[:-4] if cut == "end" else data[: len(data) // 2])
    with pytest.raises(InputError, match="the manifest is damaged"):
        Manifest(tmp_path)


def test_a_spool_keeps_order_past_what_it_holds_in_memory():
    problems = spool.Spool(decode=lambda d: Problem(**d), keep=3)
    problems += [Problem(f"p{n}.md", "message", n) for n in range(7)]
    problems.append(Problem("last.md", "é"))
    assert len(problems) == 8 and problems[0] == Problem("p0.md", "message", 0) and problems[-1] == Problem("last.md", "é")
    assert problems == [Problem(f"p{n}.md", "message", n) for n in range(7)] + [Problem("last.md", "é")]
    paths = spool.Spool(keep=2)
    assert not paths
    paths.extend(["a", "b", "c"])
    assert paths and "c" in paths and list(paths) == ["a", "b", "c"] and sorted(paths, reverse=True) == ["c", "b", "a"]


def test_the_report_streams_the_same_json_it_would_build(tmp_path, monkeypatch):
    monkeypatch.setattr(spool, "KEEP", 2)  # every list of the build spills to disk
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".blogbabel"))
    report = build_site({"content_dir": str(site), "output_dir": str(tmp_path / "out"), "backend": "identity", "progress": False})
    assert isinstance(report, BuildReport) and len(report.written) > 2 and report.written._on_disk
    out = io.StringIO()
    report.write_json(out)
    assert json.loads(out.getvalue()) == json.loads(json.dumps(report.to_dict()))
    assert sorted(json.loads(out.getvalue())["written"]) == sorted(report.written)
