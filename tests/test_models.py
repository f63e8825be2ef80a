"""`blogbabel models` and the archive checks done before Argos extracts anything."""

from __future__ import annotations

import json
import stat
import zipfile

import pytest

from blogbabel import cli
from blogbabel.backends.argos import ArgosBackend
from blogbabel.errors import BackendUnavailableError, ModelPackageError
from blogbabel.backends.packages import check_archive, install_from_index


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """Run the real CLI entry point with only the commands tested here registered."""
    monkeypatch.setattr(cli, "COMMANDS", ("models", "cache"))

    def run(*argv):
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_install_tiny_package_through_cli_then_list_and_translate(empty_argos_home, tiny_argos_archives, run_cli):
    archive = tiny_argos_archives[("es", "en")]
    code, out, _ = run_cli("models", "install", str(archive))
    assert code == 0 and "installed argos es->en 0.0.1" in out
    assert (empty_argos_home / "translate-es_en-tiny" / "model" / "model.bin").is_file()
    code, out, _ = run_cli("models", "list")
    assert code == 0
    row = next(line for line in out.splitlines() if line.startswith("argos"))
    assert "es->en" in row and "0.0.1" in row and str(empty_argos_home / "translate-es_en-tiny") in row
    code, out, _ = run_cli("models", "list", "--json")
    rows = json.loads(out)
    assert {"backend": "argos", "source": "es", "target": "en", "version": "0.0.1"}.items() <= rows[0].items()
    assert ArgosBackend(intra_threads=1).translate_batch(["Hola mundo."], "es", "en")[0]


def hostile(tmp_path, name, entries, *, symlink=None):
    """A zip with the given (name, data) entries; ``symlink`` adds a symlink entry."""
    path = tmp_path / f"{name}.argosmodel"
    with zipfile.ZipFile(path, "w") as zf:
        for entry, data in entries:
            zf.writestr(entry, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


GOOD = [
    ("pkg/metadata.json", json.dumps({"from_code": "en", "to_code": "es"})),
    ("pkg/sentencepiece.model", "x"),
    ("pkg/model/model.bin", "x"),
]


@pytest.mark.parametrize(
    "entries, symlink, message",
    [
        (GOOD + [("/etc/cron.d/evil", "x")], None, "absolute path"),
        (GOOD + [("pkg/../../evil.py", "x")], None, "escapes its folder"),
        (GOOD, "pkg/model/link", "symbolic link"),
        (GOOD[1:], None, "no pkg/metadata.json"),
        (GOOD + [("other/file", "x")], None, "exactly one folder"),
        ([GOOD[0], GOOD[1]], None, "no CTranslate2 model"),
        ([("pkg/metadata.json", "{not json"), *GOOD[1:]], None, "not valid JSON"),
        ([("pkg/metadata.json", "{}"), *GOOD[1:]], None, "from_code and to_code"),
    ],
)
def test_hostile_archives_are_rejected(tmp_path, entries, symlink, message):
    with pytest.raises(ModelPackageError, match=message):
        check_archive(hostile(tmp_path, "bad", entries, symlink=symlink))


def test_size_and_count_limits(tmp_path):
    big = hostile(tmp_path, "big", GOOD + [("pkg/model/zeros", b"\0" * 3_000_000)])
    assert check_archive(big).uncompressed_bytes > 3_000_000
    with pytest.raises(ModelPackageError, match="more than 2 MB"):
        check_archive(big, max_bytes=2 * 1024**2)
    many = hostile(tmp_path, "many", GOOD + [(f"pkg/f{i}", "") for i in range(20)])
    with pytest.raises(ModelPackageError, match="holds 23 files"):
        check_archive(many, max_files=10)


def test_not_a_zip_and_hostile_file_through_cli(tmp_path, empty_argos_home, run_cli):
    text = tmp_path / "model.argosmodel"
    text.write_text("hello")
    with pytest.raises(ModelPackageError, match="not a zip"):
        check_archive(text)
    evil = hostile(tmp_path, "evil", GOOD + [("pkg/../../evil.py", "x")])
    code, _, err = run_cli("models", "install", str(evil))
    assert code == 123 and "escapes its folder" in err
    assert list(empty_argos_home.iterdir()) == [] and not (tmp_path / "evil.py").exists()


def test_real_archive_passes(tiny_argos_archives):
    info = check_archive(tiny_argos_archives[("en", "es")])
    assert info.pair == ("en", "es") and info.folder == "translate-en_es-tiny"


def test_install_from_index_without_network_fails_clearly(monkeypatch, empty_argos_home, run_cli):
    from argostranslate import settings

    monkeypatch.setattr(settings, "remote_package_index", "http://127.0.0.1:9/index.json")
    with pytest.raises(BackendUnavailableError, match="cannot reach the Argos package index") as info:
        install_from_index("es", "en", timeout=2)
    assert "blogbabel models install FILE.argosmodel" in str(info.value)
    code, _, err = run_cli("models", "install", "es", "en", "--timeout", "2")
    assert code == 123 and "cannot reach" in err


def test_cache_commands(tmp_path, run_cli):
    from blogbabel.backends.memory import TranslationMemory

    code, _, err = run_cli("cache", "stats", str(tmp_path))
    assert code == 123 and "no translation memory here yet" in err
    (tmp_path / "post.md").write_text("---\nlang: en\n---\nStill here.\n", encoding="utf-8")
    memory = TranslationMemory.for_site(tmp_path)
    memory.store("argos:x", "en", "es", {"Still here.": "Sigue aquí.", "Deleted post.": "Entrada borrada."})
    memory.close()
    code, out, _ = run_cli("cache", "stats", str(tmp_path))
    assert code == 0 and "2 entries" in out and "en->es" in out and "argos:x" in out
    code, out, _ = run_cli("cache", "prune", str(tmp_path))
    assert code == 0 and "removed 1 unused entries, 1 left" in out
