"""Word-frequency lexicons used to choose between repair candidates.

wordfreq ships its frequency lists inside the package, so this works offline. Frequencies are
read straight from the frequency dictionary (no tokenizer: wordfreq's tokenizer would split
"¿qué" and score the pieces) and expressed on the Zipf scale (log10 of frequency per billion
words: 7 = "de"/"the", 3 = a word seen once per million, 0 = unknown).
"""

from __future__ import annotations

import math
from functools import cache

from ..languages import base_language

#: languages scored when a post does not say which language it is in
DEFAULT_LANGUAGES = ("es", "en")


@cache
def _frequencies(lang: str) -> dict[str, float]:
    """wordfreq's ``get_frequency_dict(lang, "best")`` for a code it lists, read without it:
    it caches the packed list it reads for good (hundreds of thousands of strings in lists,
    walked by every full collection of the cyclic GC: 16 ms each). The dict itself, of
    strings and floats, is one object the collector does not track."""
    from wordfreq import available_languages, cB_to_freq, read_cBpack

    frequencies: dict[str, float] = {}
    for index, bucket in enumerate(read_cBpack(available_languages(wordlist="best")[lang])):
        frequency = cB_to_freq(-index)
        for word in bucket:
            frequencies[word] = frequency
    return frequencies


class Lexicon:
    """Zipf frequency of words in one or more languages (the best of them)."""

    def __init__(self, languages: tuple[str, ...] = DEFAULT_LANGUAGES):
        self.languages = languages
        self._cache: dict[str, float] = {}

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` (case-insensitive); 0.0 when unknown."""
        key = word.lower()
        cached = self._cache.get(key)
        if cached is None:
            best = max((_frequencies(lang).get(key, 0.0) for lang in self.languages), default=0.0)
            cached = round(math.log10(best) + 9, 2) if best > 0 else 0.0
            self._cache[key] = cached
        return cached


def lexicon_for(lang: str | None) -> Lexicon:
    """The lexicon for a post in ``lang`` (``None``: Spanish and English together)."""
    return _lexicon(_normalise(lang))


@cache  # wordfreq lists its languages by globbing its data folder: once per code
def _normalise(lang: str | None) -> tuple[str, ...]:
    if not lang:
        return DEFAULT_LANGUAGES
    code = base_language(lang)
    from wordfreq import available_languages

    if code not in available_languages(wordlist="best"):
        return DEFAULT_LANGUAGES
    # the post's language first; Spanish and English names and quotes still count
    return (code,) + tuple(other for other in DEFAULT_LANGUAGES if other != code)


@cache
def _lexicon(languages: tuple[str, ...]) -> Lexicon:
    return Lexicon(languages)
