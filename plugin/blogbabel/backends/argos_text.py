"""Argos' tokenizers around CTranslate2: encoding, decoding as Argos does, and turning a result
with attention into an :class:`~blogbabel.translate.align.Alignment` (pieces with their
character spans on both sides, the model's score per token)."""

from __future__ import annotations

from ..translate.align import Alignment, links_from_attention

#: Argos' own length penalty (argostranslate.translate)
LENGTH_PENALTY = 0.2


def to_alignment(text: str, pieces: list[tuple[str, int, int]], result, package, tokenizer) -> Alignment:
    """The :class:`Alignment` of one CTranslate2 result for source ``text`` (``pieces``: its
    SentencePiece pieces with character spans). When the pieces do not spell Argos' own decoding
    (byte pieces, normalisation), the translation comes without links (the caller falls back)."""
    hypothesis = list(result.hypotheses[0])
    rows = list(result.attention[0]) if result.attention else []
    prefix = getattr(package, "target_prefix", "") or ""
    if prefix and hypothesis[:1] == [prefix]:
        hypothesis, rows = hypothesis[1:], rows[1:] if len(rows) > len(hypothesis) - 1 else rows
    translation, target_pieces = decoded_pieces(hypothesis)
    expected = clean_decoded(decode(tokenizer, [list(result.hypotheses[0])])[0], package)
    score = mean_log_prob(result.scores[0], len(hypothesis)) if result.scores else None
    if translation != expected:
        return Alignment(expected, (), (), (), score)
    return links_from_attention(text, pieces, translation, target_pieces, rows, score)


def clean_decoded(value: str, package) -> str:
    """Same clean-up as argostranslate.translate.apply_packaged_translation."""
    prefix = getattr(package, "target_prefix", "") or ""
    if prefix and value.startswith(prefix):
        value = value[len(prefix) :]
    return value.removeprefix(" ")


def mean_log_prob(score: float, length: int) -> float:
    """CTranslate2's beam score is the log-probability over ``length ** length_penalty``;
    per token it compares across sentences of any length."""
    length = max(1, length + 1)  # + </s>
    return score * length**LENGTH_PENALTY / length


def is_sentencepiece(tokenizer) -> bool:
    from argostranslate.tokenizer import SentencePieceTokenizer

    return type(tokenizer) is SentencePieceTokenizer


def pieces_with_offsets(processor, text: str) -> list[tuple[str, int, int]]:
    """SentencePiece pieces of ``text`` with their character spans in it."""
    proto = processor.encode(text, return_type="proto")
    chars = [0] * (len(text.encode("utf-8")) + 1)
    position = 0
    for index, ch in enumerate(text):
        size = len(ch.encode("utf-8"))
        for k in range(size):
            chars[position + k] = index
        position += size
    chars[position] = len(text)
    return [(p.piece, chars[p.begin], chars[p.end]) for p in proto.pieces]


def decoded_pieces(hypothesis: list[str]) -> tuple[str, list[tuple[str, int, int]]]:
    """The text of target pieces (as Argos decodes it) and each piece's span in it."""
    text = ""
    spans = []
    for piece in hypothesis:
        surface = piece.replace("\u2581", " ").replace("_", " ")
        spans.append((piece, len(text), len(text) + len(surface)))
        text += surface
    if text.startswith(" "):
        text = text[1:]
        spans = [(p, max(0, a - 1), max(0, b - 1)) for p, a, b in spans]
    return text, spans


def encode(tokenizer, sentences: list[str]) -> list[list[str]]:
    """``tokenizer.encode`` on each sentence; SentencePiece does the whole list in one C++ call."""
    from argostranslate.tokenizer import SentencePieceTokenizer

    if type(tokenizer) is SentencePieceTokenizer:
        return tokenizer.lazy_processor().encode(sentences, out_type=str)
    return [tokenizer.encode(sentence) for sentence in sentences]


def decode(tokenizer, hypotheses: list[list[str]]) -> list[str]:
    """``tokenizer.decode`` on each hypothesis, batched for SentencePiece (same result)."""
    from argostranslate.tokenizer import SentencePieceTokenizer

    if type(tokenizer) is SentencePieceTokenizer:
        pieces = tokenizer.lazy_processor().decode_pieces(hypotheses)
        return [text.replace("\u2581", " ").replace("_", " ") for text in pieces]
    return [tokenizer.decode(tokens) for tokens in hypotheses]
