"""The collector pause around a large post's analysis: nested, shared by threads, always undone."""

from __future__ import annotations

import gc
import threading

import pytest
from blogbabel.collector import LARGE, collection_paused
from blogbabel.translate.job import TranslateOptions, prepare_translation


def test_pauses_nest_and_the_last_one_out_turns_the_collector_back_on():
    assert gc.isenabled()
    with collection_paused():
        assert not gc.isenabled()
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still running
    assert gc.isenabled()


def test_ordinary_posts_leave_the_collector_alone():
    with collection_paused(LARGE - 1):
        assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_threads_overlapping_leave_it_on():
    inside, release = threading.Barrier(3), threading.Event()

    def work() -> None:
        with collection_paused():
            inside.wait()
            release.wait()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    inside.wait()
    assert not gc.isenabled()
    release.set()
    for thread in threads:
        thread.join()
    assert gc.isenabled()


def test_an_error_inside_the_analysis_does_not_leave_it_off():
    with pytest.raises(ValueError):
        prepare_translation("Text. " * LARGE, source="en", target="es", unit_mode="nonsense", options=TranslateOptions(clean=False))
    assert gc.isenabled()


def test_a_large_post_is_analysed_with_the_collector_off(monkeypatch):
    seen = []
    from blogbabel.translate import job

    real = job.analyse
    monkeypatch.setattr(job, "analyse", lambda *args, **kwargs: seen.append(gc.isenabled()) or real(*args, **kwargs))
    for text in ("Short post.", "A long paragraph. " * (LARGE // 18 + 1)):
        prepare_translation(text, source="en", target="es", options=TranslateOptions(clean=False))
    assert seen == [True, False]
    assert gc.isenabled()
