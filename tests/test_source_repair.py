"""In place, a source with mojibake is repaired in the source too (issue 12, point 2): its own
page is clean, the repair is listed, the translations stay up to date, a person's edit is kept,
and ``status``, ``build --check`` and the next build agree (identity backend)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from blogbabel.markdown.frontmatter import read_header
from blogbabel.repair import clean_markdown
from blogbabel.site import build_site
from blogbabel.site.manifest import short_hash

REL = "_posts/2024-01-02-robots.md"
ES = "_posts/es/2024-01-02-robots.md"
# "DalÃ": the glossary's "Salvador Dalí" appears only once the source is repaired
POST = """---
title: "Robots that paint ðŸŽ¨"
lang: en
---

This week I tried a robot that copies Salvador DalÃ with skill.

![A robot](/robot.png)

<figure><img src="/b.png" alt="IMG"><figcaption>A second robot</figcaption></figure>

It said: â€œI like paintingâ€.
"""


def make_site(root: Path, **settings: object) -> Path:
    site = root / "site"
    (site / "_posts").mkdir(parents=True)
    (site / REL).write_text(POST, encoding="utf-8")
    lines = ['locales = ["en", "es"]', 'backend = "identity"', "in_place = true", 'layout = "jekyll-polyglot"']
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    (site / "blogbabel.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return site


def fixed(report) -> dict[str, int]:
    return {rel: len(fixes) for rel, fixes in report.sources_repaired.items()}


def build(site: Path, **settings):
    return build_site({"content_dir": str(site), "progress": False, **settings})


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "blogbabel", *args], capture_output=True, text=True, timeout=120)


def test_build_repairs_the_source_and_everything_agrees_it_is_up_to_date(tmp_path):
    site = make_site(tmp_path)
    check = cli("build", str(site), "--check")
    assert check.returncode == 1 and f"mojibake  en  {REL}" in check.stdout and "`blogbabel build` makes them" in check.stdout
    assert "1 translations to do, 1 sources to repair; 0 errors" in check.stderr
    dry = cli("build", str(site), "--dry-run")
    assert "1 translations would write, 1 sources would be repaired" in dry.stderr and (site / REL).read_text(encoding="utf-8") == POST
    done = cli("build", str(site))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"repaired {REL} in place (4 mojibake fixes)" in done.stdout
    assert f"  {REL}:6:48: 'DalÃ' -> 'Dalí'" in done.stdout  # each fix, with its line and column
    repaired = (site / REL).read_text(encoding="utf-8")
    assert repaired == clean_markdown(POST).text and "Salvador Dalí" in repaired and "“I like painting”" in repaired
    # the translation records the repaired source: status, --check and the next build agree
    status = json.loads(cli("status", str(site), "--json").stdout)
    assert {(row["locale"], row["state"]) for row in status["rows"]} == {("en", "source"), ("es", "up-to-date")}
    assert cli("build", str(site), "--check").returncode == 0
    again = build(site)
    assert list(again.written) == [] and again.sources_repaired == {} and again.model_calls == 0 and again.cache_misses == 0
    assert read_header((site / ES).read_text(encoding="utf-8")).data["source_hash"] == short_hash((site / REL).read_bytes())


def test_alt_texts_filled_from_captions_are_not_written_into_the_source(tmp_path):
    site = make_site(tmp_path, alt_from_caption=True)
    assert build(site).exit_code == 0
    assert 'alt="IMG"' in (site / REL).read_text(encoding="utf-8")  # only mojibake is repaired in a person's file
    assert 'alt="A second robot"' in (site / ES).read_text(encoding="utf-8")


def test_repair_sources_false_keeps_the_source_warns_and_check_names_the_fix(tmp_path):
    site = make_site(tmp_path, repair_sources=False)
    report = build(site)
    assert report.exit_code == 0 and (site / REL).read_text(encoding="utf-8") == POST
    assert [w.path for w in report.warnings if f"blogbabel clean --in-place {REL}" in w.message] == [REL]
    check = cli("build", str(site), "--check")
    assert check.returncode == 1 and f"blogbabel clean --in-place {REL}" in check.stdout
    status = json.loads(cli("status", str(site), "--json").stdout)
    assert {(row["locale"], row["state"]) for row in status["rows"]} == {("en", "mojibake"), ("es", "up-to-date")}
    # the fix the message names; the next build writes the translation again from the memory
    assert cli("clean", "--in-place", str(site / REL)).returncode == 0
    after = build(site)
    assert list(after.written) == [ES] and after.sources_repaired == {}
    assert cli("build", str(site), "--check").returncode == 0


def test_translations_made_before_the_repair_stay_up_to_date_and_a_hand_edit_is_kept(tmp_path):
    site = make_site(tmp_path, repair_sources=False)
    assert build(site).exit_code == 0
    translation = site / ES
    text = translation.read_text(encoding="utf-8")
    body = read_header(text).body_start
    edited = text[:body] + "\nReescrito a mano, de arriba abajo.\n"  # too changed to pair: kept whole
    translation.write_text(edited, encoding="utf-8")
    # repairing the source later is no change to the post: the edit is kept, not "source changed"
    report = build(site, repair_sources=True)
    assert report.exit_code == 0 and fixed(report) == {REL: 4}
    assert translation.read_text(encoding="utf-8") == edited
    rows = {row.locale: (row.state, row.detail) for row in build(site, check=True).rows}
    assert rows == {"en": ("source", "language from front matter"), "es": ("human-edited", "edited after blogbabel wrote it")}
    assert build(site, check=True).exit_code == 0


def test_an_untouched_translation_of_the_broken_source_is_pointed_at_the_repaired_one(tmp_path):
    site = make_site(tmp_path, repair_sources=False)
    assert build(site).exit_code == 0
    before = (site / ES).read_text(encoding="utf-8")
    report = build(site, repair_sources=True)
    assert fixed(report) == {REL: 4} and list(report.written) == [ES] and report.model_calls == 0
    after = (site / ES).read_text(encoding="utf-8")
    assert read_header(after).data["source_hash"] == short_hash((site / REL).read_bytes())
    assert after.replace(read_header(after).data["source_hash"], "") == before.replace(read_header(before).data["source_hash"], "")
    assert build(site, check=True).exit_code == 0 and list(build(site).written) == []


def test_a_sites_own_code_tag_keeps_its_code_through_the_repair(tmp_path):
    # "cafÃ©" in a code sample is data, not mojibake, once the site says the tag holds code
    code = '{% myexample %}\nprint("cafÃ©")\n{% endmyexample %}'
    site = make_site(tmp_path, code_tags=["myexample"])
    (site / REL).write_text(POST + "\n" + code + "\n", encoding="utf-8")
    report = build(site)
    source = (site / REL).read_text(encoding="utf-8")
    assert "Salvador Dalí" in source and code in source  # the prose repaired, the code not
    assert code in (site / ES).read_text(encoding="utf-8")
    assert all("cafÃ©" not in f"{fix}" for fixes in report.sources_repaired.values() for fix in fixes)
    assert "café" in clean_markdown(code, lang="en").text  # without the setting it would be "repaired"
