"""The libretranslate backend against a small fake server on 127.0.0.1 (fast): requests, limits,
retries, several servers, and every error a user can meet. The real LibreTranslate server is
exercised by tests/test_libretranslate_server.py (slow)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from blogbabel.backends import get_backend
from blogbabel.backends.memory import CachedTranslator, TranslationMemory
from blogbabel.errors import BackendError, BackendUnavailableError
from support.fake_libretranslate import FakeLibreTranslate, closed_port_url

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "site"
QUICK = {"retries": 2, "backoff": 0.01}


@pytest.fixture
def server():
    with FakeLibreTranslate() as fake:
        yield fake


def backend(url, **options):
    return get_backend("libretranslate", url=url, **{**QUICK, **options})


def sent(fake) -> list[str]:
    return [text for request in fake.requests for text in request["q"]]


def test_sentences_go_out_plain_one_per_item_and_come_back_in_place(server):
    texts = ["Hello there. How are you?", "  Hello there.\n", "", "Fine, thanks."]
    result = backend(server.url).translate_batch(texts, "en", "es")
    assert result == ["«Hello there.» «How are you?»", "  «Hello there.»\n", "", "«Fine, thanks.»"]
    assert sent(server) == ["Hello there.", "How are you?", "Fine, thanks."]  # each sentence once
    assert all(r["format"] == "text" and r["source"] == "en" and r["target"] == "es" for r in server.requests)


def test_q_lists_respect_batch_size_and_the_servers_char_limit():
    sentences = [f"Sentence number {i} is here." for i in range(40)]
    with FakeLibreTranslate(char_limit=100) as fake:
        result = backend(fake.url, batch_size=8, max_chars=4000).translate_batch([" ".join(sentences)], "en", "es")
    assert result == [" ".join(f"«{s}»" for s in sentences)]
    assert sorted(sent(fake)) == sorted(sentences)
    assert all(len(r["q"]) <= 8 and sum(map(len, r["q"])) <= 100 for r in fake.requests)
    assert max(sum(map(len, r["q"])) for r in fake.requests) > 70  # lists are filled, not one item each


def test_a_sentence_over_the_char_limit_fails_alone_with_a_clear_reason():
    long = "word " * 30 + "end."
    with FakeLibreTranslate(char_limit=60) as fake:
        translator = CachedTranslator(backend(fake.url), None)
        result = translator.translate_batch(["Short one.", long, "Another short."], "en", "es")
    assert result == ["«Short one.»", long, "«Another short.»"]
    assert "over the LibreTranslate server's limit of 60" in translator.failed[long]
    assert "--char-limit" in translator.failed[long]
    assert long.strip() not in sent(fake)


def test_the_servers_batch_limit_is_learned_from_its_400():
    with FakeLibreTranslate(batch_limit=3) as fake:
        lt = backend(fake.url, batch_size=10)
        texts = [f"Line {i}." for i in range(10)]
        assert lt.translate_batch(texts, "en", "es") == [f"«{t}»" for t in texts]
        assert lt.batch_size == 3
        assert all(len(r["q"]) <= 3 for r in fake.requests[1:])


def test_429_and_5xx_are_retried_with_backoff(server):
    server.fail_next = [429, 503, 500]
    lt = backend(server.url, retries=3)
    assert lt.translate_batch(["One.", "Two."], "en", "es") == ["«One.»", "«Two.»"]
    assert lt.requests == 4


def test_a_server_error_that_persists_names_the_server_and_its_message(server):
    server.fail_next = [500] * 10
    with pytest.raises(BackendError) as caught:
        backend(server.url, retries=2).translate_batch(["One."], "en", "es")
    assert server.url in str(caught.value) and "scripted failure 500" in str(caught.value)
    assert len(server.requests) == 3


def test_an_unreachable_server_is_named():
    url = closed_port_url()
    with pytest.raises(BackendUnavailableError) as caught:
        backend(url).translate_batch(["One."], "en", "es")
    message = str(caught.value)
    assert f"the LibreTranslate server at {url} is unreachable" in message and "refused" in message.lower()


def test_api_key_comes_from_the_environment_and_is_never_shown(monkeypatch):
    secret = "s3cr3t-key-value"
    with FakeLibreTranslate(api_keys={secret}) as fake:
        with pytest.raises(BackendError) as missing:
            backend(fake.url).translate_batch(["One."], "en", "es")
        assert "HTTP 403: Invalid API key" in str(missing.value) and "set LIBRETRANSLATE_API_KEY" in str(missing.value)
        monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "wrong-key")
        with pytest.raises(BackendError) as wrong:
            backend(fake.url).translate_batch(["One."], "en", "es")
        assert "wrong-key" not in str(wrong.value) and "is not one the server knows" in str(wrong.value)
        monkeypatch.setenv("MY_LT_KEY", secret)
        lt = backend(fake.url, api_key_env="MY_LT_KEY")
        assert lt.translate_batch(["One."], "en", "es") == ["«One.»"]
        assert fake.requests[-1]["api_key"] == secret
        shown = repr(lt.servers) + lt.describe("en", "es") + repr(vars(lt))
        assert secret not in shown.replace(repr(lt.servers[0].api_key), "")
        assert secret not in repr(lt.servers)


def test_an_unsupported_pair_names_what_the_server_offers(server):
    with pytest.raises(BackendUnavailableError) as caught:
        get_backend("libretranslate", source="en", target="de", url=server.url)
    assert "cannot translate en->de" in str(caught.value) and "en->es" in str(caught.value)
    assert "argospm install translate-en_de" in str(caught.value)


def test_a_400_for_the_pair_carries_the_servers_own_message():
    with FakeLibreTranslate(refuse_pairs={("en", "fr")}) as fake:
        with pytest.raises(BackendUnavailableError) as caught:
            backend(fake.url).translate_batch(["One."], "en", "fr")
    assert "FR (fr) is not available as a target language from EN (en)" in str(caught.value)


def test_requests_in_flight_are_bounded_per_server():
    with FakeLibreTranslate(delay=0.05) as fake:
        lt = backend(fake.url, batch_size=1, concurrency=3)
        lt.translate_batch([f"Text {i}." for i in range(12)], "en", "es")
    assert fake.max_in_flight == 3


def test_two_servers_share_the_work_and_give_the_same_output_as_one():
    texts = [f"Paragraph {i}. It has two sentences." for i in range(30)]
    with FakeLibreTranslate(delay=0.01) as one, FakeLibreTranslate(delay=0.01) as two:
        alone = backend(one.url, batch_size=2).translate_batch(texts, "en", "es")
        one.requests.clear()
        both = backend([one.url, two.url], batch_size=2).translate_batch(texts, "en", "es")
    assert both == alone
    assert one.requests and two.requests
    assert sorted(sent(one) + sent(two)) == sorted(set(sent(one) + sent(two)))  # nothing sent twice


def test_a_dead_server_hands_its_requests_to_the_live_one(server):
    texts = [f"Text {i}." for i in range(10)]
    lt = backend(f"{closed_port_url()},{server.url}", batch_size=2)
    assert lt.translate_batch(texts, "en", "es") == [f"«{t}»" for t in texts]
    assert sorted(sent(server)) == sorted(texts)


def test_servers_with_different_models_are_refused():
    with FakeLibreTranslate() as one, FakeLibreTranslate(version="1.9.5") as two:
        with pytest.raises(BackendError, match="servers disagree"):
            backend([one.url, two.url]).identity_for("en", "es")


def test_the_memory_key_names_the_server_version_and_its_models():
    with FakeLibreTranslate() as a, FakeLibreTranslate(version="1.9.7") as b, FakeLibreTranslate(languages={"en": ["es"], "es": ["en"]}) as c:
        keys = [backend(s.url).identity_for("en", "es") for s in (a, b, c)]
    assert keys[0].startswith("libretranslate:1.9.6:en-es:") and keys[1].startswith("libretranslate:1.9.7:")
    assert len(set(keys)) == 3


def test_another_server_version_never_serves_the_memory_of_the_first(tmp_path):
    memory = TranslationMemory(tmp_path / "tm.sqlite")
    with FakeLibreTranslate() as old:
        assert CachedTranslator(backend(old.url), memory).translate_batch(["One."], "en", "es") == ["«One.»"]
    with FakeLibreTranslate(version="2.0.0", upper=True) as new:
        again = CachedTranslator(backend(new.url), memory)
        assert again.translate_batch(["One."], "en", "es") == ["«ONE.»"] and again.hits == 0
    with FakeLibreTranslate() as same_as_old:
        third = CachedTranslator(backend(same_as_old.url), memory)
        assert third.translate_batch(["One."], "en", "es") == ["«One.»"] and third.hits == 1 and not same_as_old.requests
    memory.close()


def test_bad_urls_are_config_errors():
    with pytest.raises(BackendError, match="not a LibreTranslate server URL"):
        get_backend("libretranslate", url="localhost:5000")
    assert backend(" http://a:1/ , http://b:2").servers[1].url == "http://b:2"


def test_auto_never_picks_a_server():
    from blogbabel.backends import AUTO_ORDER

    assert "libretranslate" not in AUTO_ORDER


def test_cli_server_flag_builds_the_site_through_the_server(server, tmp_path):
    from blogbabel.cli import main

    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site, ignore=shutil.ignore_patterns(".blogbabel"))
    out = tmp_path / "out"
    status = main(["build", str(site), "-o", str(out), "--server", server.url, "--layout", "jekyll-polyglot", "-q"])
    assert status == 0
    spanish = (out / "_posts/es/2023-03-14-painting-robots.md").read_text(encoding="utf-8")
    assert 'title: "«Robots that paint» 🎨"' in spanish
    assert "backend" not in spanish and server.requests
    english = (out / "_posts/en/2023-05-02-cuaderno-de-campo.md").read_text(encoding="utf-8")
    assert "«" in english and server.requests[-1]["source"] in ("en", "es")
