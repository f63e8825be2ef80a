"""Offline language identification restricted to the site's languages."""

from __future__ import annotations

import pytest

from blogbabel.errors import UnsupportedLanguageError
from blogbabel.site.langdetect import detect_language, strip_markup

SPANISH_POST = """---
title: Pintando con máquinas
---
Ayer probé un generador de imágenes y los resultados me sorprendieron mucho.

```python
def render(prompt):
    return model.generate(prompt, steps=50, width=1024, height=1024)
```

Se puede ver [la galería completa](https://example.com/gallery/new-images-from-the-model) y
`pip install the-tool --upgrade` lo instala. <img src="cat-on-the-moon.png" alt="a cat">
"""


def test_spanish_post_with_english_code_and_urls():
    detection = detect_language(SPANISH_POST)
    assert detection.lang == "es" and detection.reliable and detection.confidence > 0.9


def test_english_text():
    detection = detect_language("The painter spent the whole night looking at the sea before drawing it.")
    assert (detection.lang, detection.reliable) == ("en", True)


def test_short_or_empty_text_is_unreliable_and_uses_the_default():
    short = detect_language("ok", default="es")
    assert short.lang == "es" and not short.reliable
    assert detect_language("```\ncode only\n```\nhttps://example.com", default="en").reliable is False


def test_candidates_restrict_the_answer():
    text = "Le peintre a passé toute la nuit à regarder la mer avant de la dessiner."
    assert detect_language(text, candidates=("en", "es", "fr")).lang == "fr"
    assert detect_language(text, candidates=("en", "es")).lang in ("en", "es")
    assert detect_language(text, candidates=("es",)).lang == "es"
    with pytest.raises(UnsupportedLanguageError):
        detect_language(text, candidates=("en", "xx"))


def test_strip_markup_removes_code_urls_and_tags():
    stripped = strip_markup(SPANISH_POST)
    for noise in ("def render", "https://", "pip install", "<img", "cat-on-the-moon"):
        assert noise not in stripped
    assert "resultados me sorprendieron" in stripped and "galería completa" in stripped
