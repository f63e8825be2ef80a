"""Candidate readings of mojibake that lost bytes on the way, and of single-byte mix-ups.

UTF-8 text decoded as Windows-1252 turns every multi-byte character into a run of Latin-1
look-alikes ("í" = C3 AD -> "Ã" + soft hyphen). Real pipelines then lose some of those bytes:
cp1252 has no character for 81, 8D, 8F, 90 and 9D (so "Á Í Ï Ð Ý", "”" and the emoji joiner
lose one), soft hyphens get stripped, no-break spaces become spaces. ftfy needs the full byte
sequence and cannot decode what is left. Here every broken sequence is expanded into each way
the missing bytes could be put back; the caller keeps the reading that the lexicon knows.

The byte view reads a character as the byte Windows-1252 (or Latin-1, for C1 controls) would
have produced, so text that went through either decoder, once or twice, is covered.
"""

from __future__ import annotations

import itertools
import unicodedata
from dataclasses import dataclass

import regex

#: bytes a pipeline loses: undefined in cp1252 (dropped by the decoder) and the soft hyphen
LOST_BYTES = (0x9D, 0xAD, 0x81, 0x8D, 0x8F, 0x90)
NBSP_BYTE = 0xA0
MAX_CANDIDATES = 400


def _byte_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        try:
            table[bytes([byte]).decode("cp1252")] = byte
        except UnicodeDecodeError:
            pass
        table.setdefault(chr(byte), byte)  # Latin-1 reading: C1 controls stand for themselves
    return table


#: character -> the byte a cp1252/Latin-1 decoder read it from (non-ASCII only)
BYTE = _byte_table()
CONTINUATION = "".join(ch for ch, b in BYTE.items() if 0x80 <= b <= 0xBF)
_CONT = regex.escape(CONTINUATION)

#: where a broken sequence starts: a lone "Ã"/"Â" (2-byte lead with nothing after it), "â€"/"ï¸"
#: (3-byte lead with one continuation) or "ðŸ"/"ðŸŽ" (4-byte lead with one or two)
#: (not when a replacement character or "?" follows: that byte was replaced, not lost)
TRIGGER = regex.compile(rf"[ÂÃ](?![{_CONT}\ufffd])|[âï][{_CONT}](?![{_CONT}\ufffd?])|ð[{_CONT}]{{1,2}}(?![{_CONT}\ufffd?])")
#: where ftfy's restore_byte_a0 could act (chardata.ALTERED_UTF8_RE read as cp1252, or any
#: character outside Latin-1 before a space for the other code pages)
_CP1252 = regex.escape("".join(BYTE))
ALTERED = regex.compile(rf"[^\x00-\xff{_CP1252}\p{{Extended_Pictographic}}] |[ÂÃÅÎÐÙ] |[âã] [{_CONT}]|[à-ã][{_CONT}] |ð(?: [{_CONT}]{{2}}|[{_CONT}] [{_CONT}]|[{_CONT}]{{2}} )")
#: a complete UTF-8 sequence read as cp1252/Latin-1 (what ftfy decodes)
SEQUENCE = regex.compile(rf"[\xc2-\xdf][{_CONT}]|[\xe0-\xef][{_CONT}]{{2}}|[\xf0-\xf4][{_CONT}]{{3}}")
WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*")
_PICTOGRAPH = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]")


def _needed(lead: int) -> int:
    return 1 if lead < 0xE0 else 2 if lead < 0xF0 else 3


def _breakable(lead: int, have: int) -> bool:
    """Broken sequences we try to complete (others are ordinary accented letters: 'á', 'ñ')."""
    if lead in (0xC2, 0xC3):
        return have == 0
    if lead in (0xE2, 0xEF):
        return have == 1
    return lead == 0xF0 and have in (1, 2)


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass(frozen=True)
class Candidate:
    """One reading of a unit of text: the text, the characters it has that the unit had not,
    and how many lost bytes were put back."""

    text: str
    produced: str
    lost_bytes: int


def _fillings(lead: int, conts: list[int], missing: int, next_is_space: bool) -> list[tuple[list[int], bool]]:
    """Continuation byte lists with ``missing`` lost bytes put back at any position, and
    whether the following space is consumed as a no-break space."""
    out: list[tuple[list[int], bool]] = []
    slots = len(conts) + missing
    # a lost no-break space after "Â" is the no-break space itself: only as the consumed space
    fillers = LOST_BYTES if lead == 0xC2 else LOST_BYTES + (NBSP_BYTE,)
    for positions in itertools.combinations(range(slots), missing):
        for fill in itertools.product(fillers, repeat=missing):
            seq, it, fill_it = [], iter(conts), iter(fill)
            for slot in range(slots):
                seq.append(next(fill_it) if slot in positions else next(it))
            out.append((seq, False))
    if next_is_space and missing == 1:
        out.append((conts + [NBSP_BYTE], True))
    return out


def _expand_once(text: str, decode_complete: bool) -> list[Candidate]:
    """Readings of ``text`` one decoding level down: each broken sequence completed in every
    possible way; complete sequences all decoded (``decode_complete``) or all kept."""
    # per position: options of (replacement text, produced characters, lost bytes)
    options: list[list[tuple[str, str, int]]] = []
    i, n = 0, len(text)
    while i < n:
        lead = BYTE.get(text[i]) if text[i] >= "\x80" else None
        if lead is None or not 0xC2 <= lead <= 0xF4:
            options.append([(text[i], "", 0)])
            i += 1
            continue
        need = _needed(lead)
        j = i + 1
        conts: list[int] = []
        while j < n and len(conts) < need and 0x80 <= BYTE.get(text[j], 0) <= 0xBF:
            conts.append(BYTE[text[j]])
            j += 1
        raw = text[i:j]
        here = [(raw, "", 0)]
        if len(conts) == need:
            decoded = _decode(bytes([lead] + conts)) if decode_complete else None
            if decoded is not None:
                here = [(decoded, decoded, 0)]
        elif _breakable(lead, len(conts)):
            # "Â"/"Ã" + space may be a no-break space turned into a space; a word "Â" is a word
            next_is_space = (lead == 0xC3 or i > 0) and lead in (0xC2, 0xC3) and j < n and text[j] == " "
            lost = need - len(conts)
            for seq, consumed in _fillings(lead, conts, lost, next_is_space):
                decoded = _decode(bytes([lead] + seq))
                if decoded is not None:
                    # a consumed space is marked with NUL and dropped together with the space
                    here.append((decoded + ("\x00" if consumed else ""), decoded, lost))
        options.append(here)
        i = j
    combos = 1
    for here in options:
        combos *= len(here)
    if combos > MAX_CANDIDATES:  # too many broken sequences in one unit: not ours to guess
        return []
    out = []
    for choice in itertools.product(*options):
        joined = "".join(part for part, _, _ in choice).replace("\x00 ", "")
        out.append(Candidate(joined, "".join(p for _, p, _ in choice), sum(lost for _, _, lost in choice)))
    return out


def expand(text: str, depth: int = 2) -> list[Candidate]:
    """Every reading of ``text`` down to ``depth`` further decoding levels (double mojibake),
    filtered to those made of plausible characters. The unchanged text comes first."""
    seen: dict[str, Candidate] = {}
    frontier = [Candidate(text, "", 0)]
    for _ in range(depth + 1):
        next_frontier = []
        for base in frontier:
            has_broken, has_complete = TRIGGER.search(base.text), SEQUENCE.search(base.text)
            if not (has_broken or has_complete):
                continue  # nothing left to decode in this reading
            readings = _expand_once(base.text, True) if has_complete else []
            if has_broken:
                readings += _expand_once(base.text, False)
            for candidate in readings:
                if candidate.text in seen or candidate.text == base.text:
                    continue
                merged = Candidate(candidate.text, base.produced + candidate.produced, base.lost_bytes + candidate.lost_bytes)
                seen[candidate.text] = merged
                next_frontier.append(merged)
        frontier = next_frontier
        if not frontier or len(seen) > MAX_CANDIDATES:
            break
    original = set(text)
    return [Candidate(text, "", 0)] + [Candidate(c.text, "".join(sorted(set(c.text) - original)), c.lost_bytes) for c in seen.values() if c.text != text and _plausible(c.text)]


def _plausible(text: str) -> bool:
    """No controls, soft hyphens, private-use or unassigned characters; joiners and variation
    selectors only inside emoji."""
    for index, ch in enumerate(text):
        if ch < "\x80":
            continue
        category = unicodedata.category(ch)
        if ch in "\u200d\ufe0f":
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            if not (before and _PICTOGRAPH.match(before) or before == "\ufe0f"):
                return False
            if ch == "\u200d" and not (after and _PICTOGRAPH.match(after)):
                return False
            continue
        if category in ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp") or (category == "Zs" and ch != "\xa0"):
            return False
        if category == "Mn" and ch != "\u20e3":
            return False
    return True


def is_pictograph(ch: str) -> bool:
    return bool(_PICTOGRAPH.match(ch))


def is_prose_symbol(ch: str) -> bool:
    """Punctuation and symbols prose uses: Latin-1, general punctuation, currency, letterlike,
    arrows (not braille, box drawing, CJK symbols...)."""
    code = ord(ch)
    return 0xA0 <= code <= 0xBF or code in (0xD7, 0xF7, 0x2044) or 0x2010 <= code <= 0x2027 or 0x2030 <= code <= 0x203A or 0x20A0 <= code <= 0x21FF


# --- single-byte mix-ups: C1 controls, MacRoman, code page 437 ---------------------------

#: characters that a MacRoman or cp437 reading of UTF-8 / Latin-1 bytes produces and that
#: prose in Spanish or English does not use
MIXUP_MARKERS = regex.compile(r"[\x80-\x9f\u2500-\u257f\u2580-\u259f√∂∑∏π∫≈∆◊ﬁﬂ‡‰ıˆ˘˙˚˝˛ˇΩ≤≥≠]")
#: letters and marks a repaired Spanish/English word may contain
_LATIN_TEXT = regex.compile(r"[\p{Script=Latin}\p{M}¿¡«»“”‘’'\-]+")


def mixup_candidates(token: str) -> list[tuple[str, str]]:
    """Readings of a token that holds C1 controls or box-drawing/math look-alikes:
    ``(text, rule)`` pairs, cp1252 first (ftfy's choice for C1 controls)."""
    out: list[tuple[str, str]] = []
    if regex.search(r"[\x80-\x9f]", token):
        out.append((regex.sub(r"[\x80-\x9f]", _c1_as_cp1252, token), "c1-controls:cp1252"))
        try:  # MacRoman text read as Latin-1
            out.append((token.encode("latin-1").decode("mac_roman"), "single-byte:macroman"))
        except UnicodeError:
            pass
    for encoding in ("cp437", "mac_roman"):  # UTF-8 read as cp437 / MacRoman
        pieces = regex.split(r"([\x00-\x7f]+)", token)
        try:
            decoded = "".join(p if p.isascii() else p.encode(encoding).decode("utf-8") for p in pieces)
        except UnicodeError:
            continue
        if decoded != token:
            out.append((decoded, f"single-byte:{encoding.replace('_', '')}"))
    return [(text, rule) for text, rule in out if text != token and _plausible(text)]


def _c1_as_cp1252(match) -> str:
    try:
        return match.group().encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:  # 81, 8D, 8F, 90, 9D: no cp1252 character
        return match.group()


def latin_prose(text: str) -> bool:
    """True when every non-ASCII character of ``text`` is a Latin letter or Spanish/English
    punctuation (what a repaired es/en word looks like)."""
    return all(ch.isascii() or _LATIN_TEXT.fullmatch(ch) for ch in text)
