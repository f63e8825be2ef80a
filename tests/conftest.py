"""Shared fixtures.

Tiny real Argos packages: ``tiny_argos_archives`` builds ``.argosmodel`` files once per session
(en->es, es->en, en->fr; see tests/support/tiny_argos.py) and ``tiny_argos_package`` installs en->es,
es->en and en->fr through Argos' real install path into a session-private packages folder.
Argos reads its settings when ``argostranslate.settings`` is first imported, so the folder is
set both in the environment (for subprocesses) and on the already-imported settings module.
``empty_argos_home`` gives one test a fresh, empty packages folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests and fuzzers are derandomized: a run is reproducible and a red build
# is never a coin toss. Locally they explore new inputs on every run.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

sys.path.insert(0, str(Path(__file__).resolve().parent))

TINY_PAIRS = (("en", "es"), ("es", "en"), ("en", "fr"))


def _use_argos_dir(mp: pytest.MonkeyPatch, directory: Path) -> None:
    mp.setenv("ARGOS_PACKAGES_DIR", str(directory))
    from argostranslate import settings

    mp.setattr(settings, "package_data_dir", directory)
    mp.setattr(settings, "package_dirs", [directory])


@pytest.fixture(scope="session")
def tiny_argos_archives(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """``(source, target) -> path`` of freshly built tiny ``.argosmodel`` files."""
    from support.tiny_argos import build_tiny_package

    out = tmp_path_factory.mktemp("tiny-argos-archives")
    return {pair: build_tiny_package(out, *pair) for pair in TINY_PAIRS}


@pytest.fixture(scope="session")
def tiny_argos_package(tmp_path_factory, tiny_argos_archives) -> Path:
    """A packages folder with the tiny en->es, es->en and en->fr packages installed; its path."""
    from blogbabel.backends.packages import install_model

    directory = tmp_path_factory.mktemp("argos-packages")
    with pytest.MonkeyPatch.context() as mp:
        _use_argos_dir(mp, directory)
        for archive in tiny_argos_archives.values():
            install_model(archive)
        yield directory


@pytest.fixture
def empty_argos_home(tmp_path, monkeypatch) -> Path:
    """An empty Argos packages folder for this test only."""
    directory = tmp_path / "argos-packages"
    directory.mkdir()
    _use_argos_dir(monkeypatch, directory)
    return directory
