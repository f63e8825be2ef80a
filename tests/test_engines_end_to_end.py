"""Real engines under translate_markdown: Apertium (both directions, fixtures and the seed) and
the tiny real Argos package (deterministic, structure intact)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from blogbabel.translate.glossary import load_glossary
from blogbabel.translate.job import TranslateOptions, translate_markdown, translate_post
from support.rendering import PROTECTED, body_of, tags_of

ROOT = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "2022-04-22-dalle.md"
CONSTRUCTS = ROOT / "fixtures" / "posts" / "constructs.en.md"
SPANISH_WORDS = {"el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "con", "para", "por", "es"}
ENGLISH_WORDS = {"the", "a", "of", "and", "to", "in", "is", "with", "for", "on", "that"}

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")


def share(words: set[str], text: str) -> float:
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    return sum(token in words for token in tokens) / max(1, len(tokens))


@pytest.fixture(scope="module")
def apertium():
    from blogbabel.backends import get_backend

    return get_backend("apertium", source="en", target="es")


def _options():
    return TranslateOptions(glossary=load_glossary())


@needs_apertium
def test_apertium_translates_the_fixture_post_keeping_every_construct(apertium):
    text = CONSTRUCTS.read_text(encoding="utf-8")
    spanish = translate_markdown(text, source="en", target="es", translator=apertium, options=_options())
    assert tags_of(body_of(spanish)) == tags_of(body_of(text))
    for construct in PROTECTED:
        if "»" not in construct:
            assert spanish.count(construct) == text.count(construct), construct
    assert share(SPANISH_WORDS, body_of(spanish)) > 0.15 > share(SPANISH_WORDS, body_of(text))
    english = translate_markdown(spanish, source="es", target="en", translator=apertium, options=_options())
    assert tags_of(body_of(english)) == tags_of(body_of(text))
    assert share(ENGLISH_WORDS, body_of(english)) > 0.1


@needs_apertium
def test_apertium_translates_the_seed_title_body_and_captions_to_spanish(apertium):
    if not SEED.exists():
        pytest.skip("../shared/seed is absent")
    text = SEED.read_text(encoding="utf-8")
    post = translate_post(text, source="en", target="es", translator=apertium, options=_options())
    spanish = post.text
    assert tags_of(body_of(spanish)) == tags_of(body_of(text))
    title = spanish.splitlines()[1]
    assert title.endswith('Dall-E 🎨"') and "Post 2" not in title  # cleaned, translated, name kept
    assert spanish.count("Dalí") == 2 and "Ã" not in spanish and "ðŸ" not in spanish
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", spanish)
    assert len([c for c in captions if c]) == 15
    assert share(SPANISH_WORDS, " ".join(captions)) > 0.15
    for url in re.findall(r"\((https?://[^)\s]+)\)", text) + re.findall(r'src="([^"]+)"', text):
        assert url in spanish
    assert "&nbsp;" in spanish and "permalink: /ai/00002_dalle" in spanish
    assert sum(w.kind == "alt_placeholder" for w in post.warnings) == 18  # ![img] and 17 alt="IMG"
    back = translate_markdown(spanish, source="es", target="en", translator=apertium, options=_options())
    assert tags_of(body_of(back)) == tags_of(body_of(text))
    assert share(ENGLISH_WORDS, body_of(back)) > 0.1


def test_tiny_argos_model_translates_a_post_deterministically(tiny_argos_package):
    from blogbabel.backends import get_backend

    backend = get_backend("argos", source="en", target="es", intra_threads=1)
    text = CONSTRUCTS.read_text(encoding="utf-8")
    first = translate_markdown(text, source="en", target="es", translator=backend, options=_options())
    second = translate_markdown(text, source="en", target="es", translator=backend, options=_options())
    assert first == second != text
    assert tags_of(body_of(first)) == tags_of(body_of(text))
    for construct in PROTECTED:
        if "»" not in construct:
            assert first.count(construct) == text.count(construct), construct
