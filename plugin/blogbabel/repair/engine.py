"""The repair of one line of plain text, with every change recorded.

1. If ftfy can re-decode the *whole* line as UTF-8, no byte was lost: its reading is taken
   (when that needs ftfy's "no-break space became a space" guess, our reading competes with
   it on the lexicon: "DalÃ + Wall-E" is "Dalí", not "Dalà").
2. Then three stages, repeated until nothing changes (double mojibake surfaces one level at
   a time):
   a. lost bytes (ours): each broken UTF-8 sequence ("DalÃ", "â€", "ðŸ˜") is expanded into
      its possible readings and the lexicon picks; a unit nobody can read is left, reported
      as unresolved, and kept away from ftfy when its "Ã " rule could touch it;
   b. single-byte mix-ups: C1 controls (cp1252 punctuation or MacRoman letters) and UTF-8
      read as code page 437 or MacRoman, chosen with the lexicon;
   c. complete mojibake: ftfy's encoding step, configured for Markdown (see ftfy_config).

Edits are tracked against the original line (:class:`~.lines.TrackedLine`), so each reported fix names
the original text, its column and the rule, whatever the order of the stages.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from ..markdown.sourcemap import NEWLINE
from . import ftfy_config
from .candidates import (
    ALTERED,
    MIXUP_MARKERS,
    SEQUENCE,
    TRIGGER,
    WORD,
    expand,
    latin_prose,
    mixup_candidates,
)
from .choose import MIN_ZIPF, choose, word_scores
from .lexicon import Lexicon
from .lines import LineFix, PlainLine, TrackedLine, is_space

_SENTENCE_END = re.compile(r"(?:^|[.!?:;¿¡\"“”«»()\[\]*#>|-])\s*$")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: a whitespace-delimited token; U+0085 and U+001C-1F count as whitespace for Python but are
#: C1/C0 controls that mojibake holds
_TOKEN = re.compile(r"(?:[^\s]|[\x85\x1c-\x1f])+")


# --- choosing between readings -------------------------------------------------------------


# --- the three stages --------------------------------------------------------------------


def _unit_bounds(line: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited token around a trigger; a lone lead ending its token also
    takes the following space and word (the space may be a no-break space that was lost)."""
    a = start
    while a > 0 and not is_space(line[a - 1]):
        a -= 1
    b = _token_end(line, end)
    if end == b and line[start] in "ÂÃ" and b < len(line) and line[b] == " ":
        if b + 1 < len(line) and line[b + 1] == " ":  # two spaces: one was the no-break space
            return a, b + 2
        b = _token_end(line, b + 1)
    return a, b


def _token_end(line: str, pos: int) -> int:
    while pos < len(line) and not is_space(line[pos]):
        pos += 1
    return pos


def _upper_context(line: str, a: int, b: int) -> bool:
    """Whether the words right before and after the unit are in capitals ("C O N C L U S Ã O")."""
    before = re.findall(r"\S+", line[:a])[-1:]
    after = re.findall(r"\S+", line[b:])[:1]
    letters = [ch for word in before + after for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


@lru_cache(maxsize=4096)
def _reading(unit: str, lexicon: Lexicon, sentence_start: bool, upper_context: bool) -> tuple[str | None, bool]:
    """The repaired ``unit`` (or None) and whether to report it as unresolved. Cached: the same
    broken words come back line after line, and generating their readings is the costly part."""
    chosen, report = choose(unit, expand(unit), lexicon, sentence_start=sentence_start, upper_context=upper_context)
    return (chosen.text if chosen is not None else None), report


def _lost_bytes(state: TrackedLine | PlainLine, lexicon: Lexicon, unresolved: dict[int, LineFix]) -> list[tuple[int, int]]:
    """Stage 1; returns the current-text spans to keep away from ftfy."""
    line = state.text
    edits, protected = [], []
    pos = 0
    for match in TRIGGER.finditer(line):
        if match.start() < pos:
            continue
        a, b = _unit_bounds(line, match.start(), match.end())
        pos = b
        unit = line[a:b]
        chosen, report = _reading(unit, lexicon, bool(_SENTENCE_END.search(line[:a])), _upper_context(line, a, _token_end(line, match.end())))
        if chosen is not None:
            edits.append((a, b, chosen))
        else:
            if " " in unit:  # "Ã " is what ftfy's own "à" rule would rewrite: keep it away
                protected.append((a, b))
            if report and any(len(w) > 1 for w in WORD.findall(unit) if not w.isascii()) or report and not WORD.search(unit):
                first = _NON_ASCII.search(unit)
                token_end = unit.find(" ", first.start() if first else 0)
                shown = unit if token_end < 0 else unit[:token_end]
                origin = state.original_offset(a)
                unresolved.setdefault(origin, LineFix(origin, origin + len(shown), shown, shown, "lost-byte:unresolved"))
    for a, b, text in reversed(edits):
        state.replace(a, b, text, "lost-byte")
    return _shifted(protected, edits)


def _shifted(spans: list[tuple[int, int]], edits: list[tuple]) -> list[tuple[int, int]]:
    """``spans`` moved by the length changes of the (non-overlapping) ``edits`` before them."""
    out = []
    for pa, pb in spans:
        delta = sum(len(edit[2]) - (edit[1] - edit[0]) for edit in edits if edit[1] <= pa)
        out.append((pa + delta, pb + delta))
    return out


def _complete_mojibake(state: TrackedLine | PlainLine, protected: list[tuple[int, int]]) -> None:
    """Stage 2: ftfy's encoding step on the text between protected spans."""
    line = state.text
    bounds = [0]
    for a, b in protected:
        bounds.extend((a, b))
    bounds.append(len(line))
    edits = []
    for start, end in zip(bounds[::2], bounds[1::2]):
        piece = line[start:end]
        if piece.isascii() or not ftfy_config.looks_bad(piece):
            continue
        fixed, plan = ftfy_config.fix_encoding(piece)
        if fixed == piece:
            continue
        rule = ftfy_config.describe(plan)
        if isinstance(state, PlainLine):
            edits.append((start, end, fixed, rule))
        else:
            edits.extend((start + a, start + b, text, rule) for a, b, text in _diff(piece, fixed))
    for a, b, text, rule in sorted(edits, reverse=True):
        state.replace(a, b, text, rule)


def _mixups(state: TrackedLine | PlainLine, lexicon: Lexicon, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stage 3: C1 controls and UTF-8 read as code page 437 / MacRoman."""
    line = state.text
    edits = []
    for match in _TOKEN.finditer(line):
        token = match.group()
        if not MIXUP_MARKERS.search(token) or SEQUENCE.search(token) or any(a < match.end() and b > match.start() for a, b in protected):
            continue
        original_scores = word_scores(token, lexicon, None, False)
        original = min(original_scores) if original_scores else 0.0
        best: tuple[float, str, str] | None = None
        fallback = None
        for text, rule in mixup_candidates(token):
            if rule.startswith("c1-controls"):
                fallback = (text, rule)
            elif not latin_prose(text):
                continue
            scores = word_scores(text, lexicon, None, False)
            if scores:
                score = min(scores)
            else:  # only punctuation changed ("┬┐que" -> "¿que"): trust the known words around it
                known = [lexicon.zipf(w) for w in WORD.findall(text)]
                score = 2.0 if known and min(known) >= 2.0 and latin_prose(text) and not rule.startswith("c1") else 0.0
            if score >= MIN_ZIPF and score > original and (best is None or score > best[0]):
                best = (score, text, rule)
        if best is not None:
            edits.append((match.start(), match.end(), best[1], best[2]))
        elif fallback is not None:
            edits.append((match.start(), match.end(), *fallback))
    for a, b, text, rule in reversed(edits):
        state.replace(a, b, text, rule)
    return _shifted(protected, edits)


@lru_cache(maxsize=16)  # a one-line span is asked again, as its only line, by repair_line
def needs_repair(line: str) -> bool:
    """Fast test: could this line hold mojibake at all?"""
    if line.isascii():
        return False
    return bool(TRIGGER.search(line) or MIXUP_MARKERS.search(line) or SEQUENCE.search(line) or ftfy_config.looks_bad(line))


def _prefer_ours(ours: str, theirs: str, lexicon: Lexicon) -> bool:
    """Whether our reading of a line beats ftfy's whole-line one, which needed its "no-break
    space became a space" guess ("DalÃ + Wall-E" -> "Dalà"): among the words where the two
    differ, ours must not have more unknown words (single letters count as unknown)."""
    from collections import Counter

    ours_words, their_words = Counter(WORD.findall(ours)), Counter(WORD.findall(theirs))

    def unknown(words: Counter) -> int:
        return sum(count for word, count in words.items() if len(word) < 2 or lexicon.zipf(word) < MIN_ZIPF)

    ours_only, theirs_only = ours_words - their_words, their_words - ours_words
    ours_unknown, their_unknown = unknown(ours_only), unknown(theirs_only)
    if ours_unknown != their_unknown or ours_unknown == 0:
        return ours_unknown <= their_unknown
    # a tie: ftfy's "Ã " -> "à" guess is the one that is wrong in Spanish; other readings stand
    return any("à" in word for word in theirs_only) and all(len(word) > 1 for word in ours_only)


def _stages(state: TrackedLine | PlainLine, lexicon: Lexicon, unresolved: dict[int, LineFix]) -> None:
    for _ in range(3):
        before = state.text
        if not needs_repair(before):
            break
        protected = _lost_bytes(state, lexicon, unresolved)
        protected = _mixups(state, lexicon, protected)
        _complete_mojibake(state, protected)
        if state.text == before:
            break


_PIECES = re.compile(r"\s+|\S+")


def _diff(before: str, after: str) -> list[tuple[int, int, str]]:
    """Edits (start, end, replacement) turning ``before`` into ``after``, found on whitespace
    and word tokens (a character diff of every line would cost more than the repair).

    The tokens both share at the start and the end are left out, and when what remains has as
    many tokens on each side (a repair rewrites words in place) they are paired one to one:
    difflib is quadratic on a long line of repeated tokens (``{% a {% a …`` with one mojibake)."""
    a, b = _PIECES.findall(before), _PIECES.findall(after)
    start, end_a, end_b = 0, len(a), len(b)
    while start < end_a and start < end_b and a[start] == b[start]:
        start += 1
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    offsets = [0]
    for piece in a:
        offsets.append(offsets[-1] + len(piece))
    if end_a - start == end_b - start:
        edits, i = [], start
        while i < end_a:
            j = i
            while j < end_a and a[j] != b[j]:
                j += 1
            if j > i:
                edits.append((offsets[i], offsets[j], "".join(b[i:j])))
            i = j + 1
        return edits
    matcher = difflib.SequenceMatcher(None, a[start:end_a], b[start:end_b], autojunk=False)
    return [(offsets[start + i1], offsets[start + i2], "".join(b[start + j1 : start + j2])) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def _apply_whole(state: TrackedLine | PlainLine, fixed: str, rule: str) -> None:
    if isinstance(state, PlainLine):
        state.text = fixed
        return
    for a, b, text in reversed(_diff(state.text, fixed)):
        state.replace(a, b, text, rule)


def repair_line(line: str, lexicon: Lexicon, *, report: bool = True) -> tuple[str, list[LineFix], list[LineFix]]:
    """Repair one line (no line break inside): (text, fixes, unresolved); with ``report``
    False the fix lists stay empty and the bookkeeping is skipped.

    A line that ftfy can re-decode as a whole lost no bytes: ftfy's reading is taken (its
    strongest evidence) and the stages only see what is left. When the whole-line reading
    needs ftfy's "no-break space became a space" guess, it competes with ours on the lexicon.
    """
    if not needs_repair(line):
        return line, [], []
    state = TrackedLine(line) if report else PlainLine(line)
    unresolved: dict[int, LineFix] = {}
    fixed, plan = ftfy_config.whole_text_steps(line)
    if not plan and ALTERED.search(line):
        fixed, plan = ftfy_config.whole_text_steps(line, restore_byte_a0=True)
        if plan:
            ours = PlainLine(line)
            _stages(ours, lexicon, {})
            if _prefer_ours(ours.text, fixed, lexicon):
                if not report:
                    return ours.text, [], []
                plan = []
    if plan and fixed != line:
        _apply_whole(state, fixed, ftfy_config.describe(plan))
    _stages(state, lexicon, unresolved)
    fixes = state.fixes()
    fixed_ranges = [(f.start, f.end) for f in fixes]
    still = [u for u in unresolved.values() if not any(s <= u.start < e for s, e in fixed_ranges)]
    return state.text, fixes, sorted(still, key=lambda u: u.start)


def repair_text(text: str, lexicon: Lexicon, *, report: bool = True) -> tuple[str, list[tuple[int, LineFix]], list[tuple[int, LineFix]]]:
    """Repair ``text`` line by line, keeping every line break as it is. Fixes carry the
    0-based line index within ``text`` and columns within that line."""
    out: list[str] = []
    fixes: list[tuple[int, LineFix]] = []
    unresolved: list[tuple[int, LineFix]] = []
    pos = 0
    index = 0
    for brk in [*NEWLINE.finditer(text), None]:
        end = brk.start() if brk else len(text)
        line = text[pos:end]
        fixed, line_fixes, line_unresolved = repair_line(line, lexicon, report=report)
        out.append(fixed)
        fixes.extend((index, f) for f in line_fixes)
        unresolved.extend((index, u) for u in line_unresolved)
        if brk is None:
            break
        out.append(brk.group())
        pos = brk.end()
        index += 1
    return "".join(out), fixes, unresolved
