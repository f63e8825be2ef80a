"""Backend registry (entry points), the identity backend and ``get_backend("auto")``."""

from __future__ import annotations

import shutil
from importlib.metadata import entry_points

import pytest

from blogbabel.backends import available_backends, backend_names, get_backend
from blogbabel.backends.apertium import ApertiumBackend
from blogbabel.backends.argos import ArgosBackend
from blogbabel.backends.identity import IdentityBackend
from blogbabel.errors import BackendError, BackendUnavailableError, ConfigError

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


class _Minimal:
    """A third-party backend with only the documented members (README: Backends)."""

    name = "minimal"
    identity = "minimal-1"
    preserves_markup = False
    translates = True

    def __init__(self, **options):
        self.options = options

    def supports(self, source, target):
        return (source, target) == ("en", "es")

    def translate_batch(self, texts, source, target):
        return [text.upper() for text in texts]


class _Lacking:
    name = "lacking"

    def translate_batch(self, texts, source, target):
        return list(texts)


def test_a_plugin_backend_is_checked_once_and_completed(monkeypatch):
    from blogbabel import backends
    from blogbabel.backends.memory import CachedTranslator

    monkeypatch.setitem(backends._BUILTIN, "minimal", f"{__name__}:_Minimal")
    backend = get_backend("minimal", source="en", target="es", colour="blue")
    # the optional members are there, with the defaults
    assert backend.identity_for("en", "es") == "minimal-1" and backend.unit_mode is None
    assert backend.describe() == "minimal" and backend.cancel() is None and dict(backend.signals) == {}
    with pytest.raises(BackendUnavailableError, match="minimal backend has no en->fr"):
        backend.require("en", "fr")
    assert CachedTranslator(backend).translate_batch(["  The cat. "], "en", "es") == ["  THE CAT. "]


def test_a_plugin_backend_lacking_a_member_is_refused_by_name(monkeypatch):
    from blogbabel import backends

    monkeypatch.setitem(backends._BUILTIN, "lacking", f"{__name__}:_Lacking")
    with pytest.raises(BackendError, match=r"'lacking' backend \(.*_Lacking\) lacks identity, preserves_markup, translates, supports") as info:
        get_backend("lacking")
    assert "translate_batch" in info.value.hint


def test_auto_refuses_an_option_no_engine_takes():
    with pytest.raises(ConfigError, match=r"'beam_sizee' taken by no engine --backend auto can pick \(argos, apertium\)"):
        get_backend("auto", source="en", target="es", intra_threads=1, beam_sizee=4)
