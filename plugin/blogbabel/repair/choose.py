"""Choosing between the readings of a broken word: the lexicon scores each candidate (its
words' frequencies, its symbols, letters in the wrong case) and a reading is taken only when
it is clearly a word and clearly better than the alternatives."""

from __future__ import annotations

import re
import unicodedata

from .candidates import SEQUENCE, TRIGGER, WORD, Candidate, is_pictograph, is_prose_symbol, latin_prose
from .lexicon import Lexicon

#: a reading must reach this Zipf frequency to count as a word ("clearly a word")
MIN_ZIPF = 1.0
#: ... and beat any different reading by this much
MARGIN = 0.5
#: an unchanged token this frequent is a real word ("SÃO" is São): never touched (a rarer
#: one must be beaten by a reading: "sÃ" is Portuguese "sã" too, but "sí" is far likelier)
KNOWN_ORIGINAL = 3.0
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s[.,;:!?)\]]")
_PUNCTUATION_SCORE = {"”": 3.0, "“": 3.0, "’": 3.0, "‘": 3.0, "–": 3.0, "—": 3.0, "…": 3.0, "€": 3.0, "\xa0": 2.0, "\u200d": 4.0, "\ufe0f": 3.0}


def word_scores(text: str, lexicon: Lexicon, produced: str | None, upper_context: bool) -> list[float]:
    """Zipf score of each word holding a produced character (``produced`` None: each word
    holding a non-ASCII character)."""
    scores = []
    for match in WORD.finditer(text):
        word = match.group()
        if produced is None:
            if word.isascii():
                continue
        elif not any(ch in produced for ch in word):
            continue
        if len(word) == 1:  # single letters: only French/Catalan "à", and not in capitals
            scores.append(lexicon.zipf(word) if word == "à" and not upper_context else 0.0)
        else:
            scores.append(lexicon.zipf(word))
    return scores


def _symbol_scores(produced: str, lexicon: Lexicon) -> tuple[list[float], float]:
    """Scores of the produced symbols, and a tie-breaker between symbol readings: the summed
    scores plus the frequency of the emoji (a joiner between emoji beats a quote there)."""
    scores, emoji = [], 0.0
    for ch in produced:
        if unicodedata.category(ch)[0] in "LM":
            continue
        if is_pictograph(ch):
            frequency = lexicon.zipf(ch)
            scores.append(3.0 if frequency else MIN_ZIPF)
            emoji += frequency
        elif ch in _PUNCTUATION_SCORE:
            scores.append(_PUNCTUATION_SCORE[ch])
        else:
            scores.append(MIN_ZIPF if is_prose_symbol(ch) else 0.0)
    return scores, emoji + sum(scores)


def _case_mismatches(candidate: Candidate, sentence_start: bool, upper_context: bool) -> int:
    """Produced letters whose case their word and position do not call for ("voilÁ")."""
    mismatches = 0
    for number, match in enumerate(WORD.finditer(candidate.text)):
        word = match.group()
        others = [ch for ch in word if ch.isalpha() and ch not in candidate.produced]
        all_upper = len(others) >= 2 and all(o.isupper() for o in others)
        for index, ch in enumerate(word):
            if ch not in candidate.produced or not ch.isalpha():
                continue
            if not others:
                expect_upper = upper_context
            elif index == 0:
                expect_upper = all_upper or (number == 0 and sentence_start) or (len(others) == 1 and others[0].isupper())
            else:
                expect_upper = all_upper
            mismatches += ch.isupper() != expect_upper
    return mismatches


def _score(candidate: Candidate, lexicon: Lexicon, sentence_start: bool, upper_context: bool) -> tuple[float, float, bool]:
    """(score, symbol tie-breaker, has words): the score is the weakest of the words and symbols
    the reading produced, less penalties for letters in the wrong case and for mojibake left."""
    if not latin_prose("".join(ch for ch in candidate.produced if ch.isalpha())):
        return 0.0, 0.0, True  # a lost byte in Spanish or English text gives a Latin letter
    words = word_scores(candidate.text, lexicon, candidate.produced, upper_context)
    symbols, emoji = _symbol_scores(candidate.produced, lexicon)
    scores = words + symbols
    score = min(scores) if scores else 0.0
    score -= 1.5 * _case_mismatches(candidate, sentence_start, upper_context)
    if TRIGGER.search(candidate.text) or SEQUENCE.search(candidate.text):
        score = min(score, 0.0)  # half a repair is no repair
    return score, emoji, bool(words)


def choose(unit: str, candidates: list[Candidate], lexicon: Lexicon, *, sentence_start: bool, upper_context: bool) -> tuple[Candidate | None, bool]:
    """The reading of ``unit`` to use, or None; the flag says the unit is worth reporting as
    unresolved (readings existed but none is clearly a word)."""
    original_scores = word_scores(unit, lexicon, None, upper_context)
    original = min(original_scores) if original_scores else 0.0
    if original >= KNOWN_ORIGINAL:
        return None, False
    best: dict[str, tuple[float, float, int, bool, Candidate]] = {}
    for candidate in candidates[1:]:
        score, emoji, has_words = _score(candidate, lexicon, sentence_start, upper_context)
        # readings with the same words compete on score, then on fewer lost bytes and fewer
        # double spaces (a no-break space that became a space left one)
        key = " ".join(WORD.findall(candidate.text.lower())) + "".join(ch for ch in candidate.text if not ch.isalnum() and not ch.isspace())
        awkward = candidate.text.count("  ") + len(_SPACE_BEFORE_PUNCTUATION.findall(candidate.text))
        entry = (score, emoji, -candidate.lost_bytes - awkward, has_words, candidate)
        if key not in best or entry[:3] > best[key][:3]:
            best[key] = entry
    ranked = sorted(best.values(), key=lambda e: e[:3], reverse=True)
    if not ranked or ranked[0][0] < MIN_ZIPF:
        return None, bool(ranked)
    if ranked[0][0] <= original:
        return None, False
    top = ranked[0]
    # two different words both plausible: not clear (an emoji is the likeliest one: keep it)
    if top[3] and len(ranked) > 1 and ranked[1][0] >= MIN_ZIPF and top[0] - ranked[1][0] < MARGIN:
        return None, True
    return top[4], False
