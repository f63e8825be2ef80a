"""Translation memory: no model call for known text, pruning, two processes, SIGKILL."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from blogbabel.backends import Backend
from blogbabel.backends.argos import ArgosBackend
from blogbabel.errors import BackendError, TranslationTimeoutError
from blogbabel.backends.memory import CachedTranslator, TranslationMemory, normalize_segment

TEXTS = [f"Sentence number {i} about the painter and the sea." for i in range(20)]


class Recording(Backend):
    """Wraps a real backend and records what reaches it."""

    name = "recording"

    def __init__(self, backend):
        self.backend = backend
        self.sent: list[list[str]] = []
        self.preserves_markup = backend.preserves_markup

    def identity_for(self, source, target):
        return self.backend.identity_for(source, target)

    def translate_batch(self, texts, source, target):
        self.sent.append(list(texts))
        return self.backend.translate_batch(texts, source, target)


@pytest.fixture
def argos_backend(tiny_argos_package):
    return Recording(ArgosBackend(intra_threads=1))


def test_second_run_calls_no_model(tmp_path, argos_backend):
    path = tmp_path / ".blogbabel" / "tm.sqlite"
    with TranslationMemory(path) as memory:
        first = CachedTranslator(argos_backend, memory)
        translated = first.translate_batch(TEXTS, "en", "es")
        assert first.model_calls == 1 and first.misses == 20 and first.hits == 0
    with TranslationMemory(path) as memory:  # a new process would open it the same way
        second = CachedTranslator(argos_backend, memory)
        assert second.translate_batch(TEXTS, "en", "es") == translated
        assert second.model_calls == 0 and second.hits == 20
    assert len(argos_backend.sent) == 1


def test_editing_one_segment_sends_exactly_one(tmp_path, argos_backend):
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    translator = CachedTranslator(argos_backend, memory)
    before = translator.translate_batch(TEXTS, "en", "es")
    edited = list(TEXTS)
    edited[7] = "A sentence that was edited by its author."
    after = translator.translate_batch(edited, "en", "es")
    assert argos_backend.sent[-1] == [edited[7]]
    assert after[:7] == before[:7] and after[8:] == before[8:]
    assert translator.model_calls == 2


def test_misses_are_deduplicated_and_whitespace_kept(tmp_path, argos_backend):
    translator = CachedTranslator(argos_backend, TranslationMemory(tmp_path / "tm.sqlite"))
    texts = ["The cat sleeps.", "  The cat sleeps.\n", "The  cat\nsleeps.", "", " ", "The dog."]
    result = translator.translate_batch(texts, "en", "es")
    assert argos_backend.sent == [["The cat sleeps.", "The dog."]]
    cat = result[0]
    assert result[1] == f"  {cat}\n" and result[2] == cat
    assert result[3:5] == ["", " "]


def test_memory_none_still_dedupes_and_never_stores(argos_backend):
    translator = CachedTranslator(argos_backend, None)
    translator.translate_batch(["A.", "A.", "B."], "en", "es")
    translator.translate_batch(["A."], "en", "es")
    assert argos_backend.sent == [["A.", "B."], ["A."]]


def test_engines_and_pairs_do_not_share_entries(tmp_path, tiny_argos_package):
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    beam4 = Recording(ArgosBackend(intra_threads=1))
    beam1 = Recording(ArgosBackend(intra_threads=1, beam_size=1))
    CachedTranslator(beam4, memory).translate_batch(["The cat."], "en", "es")
    CachedTranslator(beam1, memory).translate_batch(["The cat."], "en", "es")
    CachedTranslator(beam4, memory).translate_batch(["The cat."], "en", "fr")
    assert len(beam1.sent) == 1 and len(beam4.sent) == 2
    stats = memory.stats()
    assert stats.entries == 3 and len(stats.pairs) == 3


def test_identity_backend_is_never_cached(tmp_path):
    from blogbabel.backends.identity import IdentityBackend

    memory = TranslationMemory(tmp_path / "tm.sqlite")
    CachedTranslator(IdentityBackend(), memory).translate_batch(["Hola."], "es", "en")
    assert memory.stats().entries == 0


def test_normalization_is_nfc_and_collapsed_whitespace():
    assert normalize_segment("Dali\u0301  pinta\n un\tcuadro ") == "Dalí pinta un cuadro"


def test_prune_keeps_exactly_the_texts_still_used(tmp_path, argos_backend):
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    translator = CachedTranslator(argos_backend, memory)
    translator.translate_batch(["Old post.", "Kept post.", "Other pair."], "en", "es")
    translator.translate_batch(["Kept post."], "es", "en")
    removed = memory.prune([("en", "es", "  Kept  post. "), ("en", "es", "Never translated.")])
    assert removed == 3  # "Old post.", "Other pair." and the es->en entry
    assert set(memory.lookup(translator.engine("en", "es"), "en", "es", ["Old post.", "Kept post."])) == {"Kept post."}
    assert memory.prune([]) == 1 and memory.stats().entries == 0


def test_damaged_file_is_moved_aside(tmp_path):
    path = tmp_path / "tm.sqlite"
    path.write_bytes(b"this is not an sqlite database" * 100)
    with pytest.warns(UserWarning, match="damaged"):
        memory = TranslationMemory(path)
    assert memory.stats().entries == 0
    assert [p.name.startswith("tm.sqlite.broken-") for p in tmp_path.iterdir()].count(True) == 1


WRITER = textwrap.dedent(
    """
    import pathlib, sys, time
    from blogbabel.backends.memory import TranslationMemory
    path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    memory = TranslationMemory(path)
    # start together: wait until every writer named in argv[4:] has opened the memory
    pathlib.Path(path + "." + name).touch()
    deadline = time.time() + 60
    while not all(pathlib.Path(path + "." + other).exists() for other in sys.argv[4:]):
        if time.time() > deadline:
            sys.exit("the other writer never started")
        time.sleep(0.01)
    started = time.time()
    i = 0
    while count < 0 or i < count:
        # overlapping keys between writers, one transaction each
        memory.store("engine", "en", "es", {f"shared {i}": f"{name} {i}", f"{name} only {i}": "x" * 200})
        if i == 20:
            print("ready", flush=True)
        i += 1
    print(started, time.time())
    """
)


def test_two_processes_write_at_once(tmp_path):
    path = tmp_path / "tm.sqlite"  # both create it: the schema set-up races too
    names = ("alpha", "beta")
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, "1000", *names], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for name in names
    ]
    spans = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err.decode()
        spans.append([float(x) for x in out.split()[-2:]])
    assert spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1]  # they really overlapped
    memory = TranslationMemory(path)
    assert memory.stats().entries == 1000 + 2 * 1000


def test_memory_survives_sigkill_of_a_writer(tmp_path):
    path = tmp_path / "tm.sqlite"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "victim", "-1"], stdout=subprocess.PIPE)
    assert writer.stdout.readline().strip() == b"ready"
    time.sleep(0.2)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    memory = TranslationMemory(path)
    entries = memory.stats().entries
    assert entries >= 42  # everything committed before the kill is there
    memory.store("engine", "en", "es", {"after the crash": "después del fallo"})
    assert memory.lookup("engine", "en", "es", ["after the crash"]) == {"after the crash": "después del fallo"}
    assert memory.stats().entries == entries + 1


class Broken:
    """A third-party backend gone wrong, as CachedTranslator must handle it."""

    name = "broken"
    preserves_markup = False
    translates = True

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.identity = "broken"

    def supports(self, source, target):
        return True

    def translate_batch(self, texts, source, target):
        if self.behaviour == "splits":  # like an engine that cuts a text at "|" in two results
            return [piece.upper() for text in texts for piece in text.split("|")]
        if self.behaviour == "crash":
            raise RuntimeError("segmentation fault in the engine")
        time.sleep(30)


@pytest.mark.parametrize(
    "behaviour, error, message",
    [
        ("crash", BackendError, "crashed: RuntimeError: segmentation fault"),
        ("hang", TranslationTimeoutError, "did not answer within 0.3 s"),
    ],
)
def test_broken_backends_raise_clear_errors(tmp_path, behaviour, error, message):
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    translator = CachedTranslator(Broken(behaviour), memory, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(error, match=message):
        translator.translate_batch(["One.", "Two."], "en", "es")
    assert time.monotonic() - started < 5
    assert memory.stats().entries == 0  # nothing half-stored


def test_wrong_result_counts_are_bisected_to_the_texts_at_fault(tmp_path):
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    translator = CachedTranslator(Broken("splits"), memory)
    texts = [f"Sentence {n}." for n in range(8)] + ["left | right"]
    assert translator.translate_batch(texts, "en", "es") == [t.upper() for t in texts[:8]] + ["left | right"]
    assert translator.failed == {"left | right": "the broken backend returned 2 results for 1 texts"}
    assert translator.model_calls <= 1 + 2 * 4  # halves down to the one text, not one call per text
    assert memory.stats().entries == 8  # the failure is not remembered as a translation
