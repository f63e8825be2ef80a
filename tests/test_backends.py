"""Backend registry (entry points), the identity backend and ``get_backend("auto")``."""

from __future__ import annotations

import shutil
from importlib.metadata import entry_points

import pytest

from blogbabel.backends import available_backends, backend_names, get_backend
from blogbabel.backends.apertium import ApertiumBackend
from blogbabel.backends.argos import ArgosBackend
from blogbabel.backends.identity import IdentityBackend
from blogbabel.errors import BackendUnavailableError, ConfigError

HAS_APERTIUM = shutil.which("apertium") is not None and ApertiumBackend().supports("en", "es")


def test_builtin_backends_are_registered_as_entry_points():
    names = {entry.name for entry in entry_points(group="blogbabel.backends")}
    assert {"argos", "apertium", "identity"} <= names
    assert {"argos", "apertium", "identity"} <= set(backend_names())


def test_identity_says_it_does_not_translate():
    backend = get_backend("identity", source="es", target="en")
    assert isinstance(backend, IdentityBackend)
    assert backend.translates is False and backend.preserves_markup is True
    texts = ["Hola <x1/> mundo", "", "  \n"]
    assert backend.translate_batch(texts, "es", "en") == texts


def test_unknown_backend_and_bad_options_are_config_errors():
    with pytest.raises(ConfigError, match="unknown translation backend 'nope'.*argos"):
        get_backend("nope")
    with pytest.raises(ConfigError, match="invalid option"):
        get_backend("argos", no_such_option=1)


def test_auto_prefers_argos_when_the_pair_is_installed(tiny_argos_package):
    backend = get_backend("auto", source="en", target="es", intra_threads=1, binary="apertium")
    assert isinstance(backend, ArgosBackend) and backend.intra_threads == 1
    assert backend.describe("en", "es").startswith("argos (translate-en_es")


@pytest.mark.skipif(not HAS_APERTIUM, reason="apertium-eng-spa not installed")
def test_auto_falls_back_to_apertium(empty_argos_home):
    backend = get_backend("auto", source="es", target="en", intra_threads=1)
    assert isinstance(backend, ApertiumBackend)
    assert "spa-eng" in backend.describe("es", "en")


def test_auto_without_any_engine_names_both_install_commands(empty_argos_home, tmp_path):
    with pytest.raises(BackendUnavailableError) as info:
        get_backend("auto", source="es", target="en", binary=str(tmp_path / "missing-apertium"))
    message = str(info.value)
    assert "argospm install translate-es_en" in message
    assert "apt-get install apertium apertium-eng-spa" in message


def test_named_backend_checks_the_pair(empty_argos_home):
    with pytest.raises(BackendUnavailableError, match="argospm install translate-es_en"):
        get_backend("argos", source="es", target="en")


def test_available_backends_lists_argos_and_apertium(tiny_argos_package):
    rows = available_backends()
    argos_pairs = {(r.source, r.target) for r in rows if r.backend == "argos" and not r.note}
    assert {("en", "es"), ("es", "en"), ("en", "fr")} <= argos_pairs
    if HAS_APERTIUM:
        assert any(r.backend == "apertium" and (r.source, r.target) == ("es", "en") for r in rows)
