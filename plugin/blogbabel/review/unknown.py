"""The site-wide list of words the engine did not know: what a blogger adds to the glossary."""

from __future__ import annotations

import shlex

from .model import PostReview, UnknownWord


def collect_unknown_words(posts: list[PostReview]) -> list[UnknownWord]:
    """Every unknown word of every post, most frequent first, with its places."""
    words: dict[tuple[str, str, str], UnknownWord] = {}
    for post in posts:
        for word, line in post.unknown_places:
            key = (word, post.source_lang, post.locale)
            entry = words.setdefault(key, UnknownWord(word, post.source_lang, post.locale))
            entry.places.append((post.source, line, post.page))
    return sorted(words.values(), key=lambda w: (-len(w.places), w.word.lower(), w.source_lang, w.target_lang))


def glossary_command(word: UnknownWord, content_dir: str) -> str:
    """The command that keeps ``word`` as written (a name) in the site's glossary."""
    return f"blogbabel glossary add {shlex.quote(content_dir)} {shlex.quote(word.word)}"


def forced_command(word: UnknownWord, content_dir: str) -> str:
    """The command that makes ``word`` always translate one way (fill in the translation)."""
    pair = f"{word.source_lang}-{word.target_lang}"
    return f"blogbabel glossary add {shlex.quote(content_dir)} {shlex.quote(word.word)} --pair {pair} --translation '…'"
