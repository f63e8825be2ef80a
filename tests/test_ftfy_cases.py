"""ftfy's own test cases (../shared/ftfy-cases, Apache-2.0, read in place, never copied).

How the comparison is made:
- a case with ``fixed-encoding`` is the expected result of ftfy's *encoding* repair; our
  ``clean_text`` is an encoding repair (nothing else changes), so it is compared directly;
- a case with only ``fixed`` expects ``ftfy.fix_text`` with its defaults, which also
  uncurls quotes, unescapes HTML, folds widths and ligatures and normalises to NFC. We
  apply exactly those non-encoding steps to our output (``ftfy.fix_text(ours,
  fix_encoding=False)``) and compare: the encoding repair is then the only difference.

Every case marked "pass" must pass (our repair is at least as good as ftfy's on each), and
the Spanish known failures (MacRoman, code page 437, C1 quotes) that ftfy cannot fix must be
fixed by us, with every case in negative.json still unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import ftfy
import pytest

from blogbabel import clean_text

CASES = Path(__file__).resolve().parents[2] / "shared" / "ftfy-cases"
FILES = ("in-the-wild.json", "synthetic.json", "negative.json", "language-names.json")


def _load(name: str) -> list[dict]:
    path = CASES / name
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def _params(files, predicate):
    out = []
    for name in files:
        for index, case in enumerate(_load(name)):
            if predicate(case):
                out.append(pytest.param(case, id=f"{name.split('.')[0]}-{index}-{case['label'][:40]}"))
    return out or [pytest.param(None, marks=pytest.mark.skip(reason="../shared/ftfy-cases not available"))]


def _check(case: dict) -> None:
    ours = clean_text(case["original"])
    if "fixed-encoding" in case:
        assert ours == case["fixed-encoding"]
    else:
        assert ftfy.fix_text(ours, fix_encoding=False) == case["fixed"]


@pytest.mark.parametrize("case", _params(FILES, lambda c: c["expect"] == "pass"))
def test_passing_cases(case):
    _check(case)


@pytest.mark.parametrize("case", _params(("known-failures.json",), lambda c: "Spanish" in c["label"]))
def test_spanish_known_failures_are_fixed(case):
    _check(case)
