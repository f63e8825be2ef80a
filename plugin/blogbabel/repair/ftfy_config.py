"""ftfy configured for Markdown sources.

ftfy's defaults are meant for chat logs: they unescape HTML entities (every line before the
first ``<`` when ``unescape_html="auto"``), uncurl quotes, fold full-width characters and
ligatures, normalise to NFC, rewrite line breaks and drop control characters. In a Markdown
source each of those changes bytes that are not mojibake, so all of them are off.

Only the encoding step runs, through :func:`ftfy.fix_encoding_and_explain`, which honours the
encoding sub-options (``ftfy.fix_text`` calls ``fix_encoding`` without the config, so there
``restore_byte_a0`` and friends have no effect):

- ``restore_byte_a0`` off: its "Ã " rule was made for French "à" and turns Spanish "aquÃ"
  (aquí) into "aquà"; our lost-byte stage decides those with a lexicon instead.
- ``fix_c1_controls`` off: a C1 control may be cp1252 punctuation or a MacRoman letter
  ("tur\\x92stico" = turístico); the single-byte stage decides with the lexicon.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def markdown_config():
    """The :class:`ftfy.TextFixerConfig` used for Markdown prose."""
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=False,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )


@lru_cache(maxsize=1)
def restoring_config():
    """:func:`markdown_config` with ``restore_byte_a0`` on: used only to read a whole line
    whose no-break spaces became spaces, and checked against the lexicon before it is kept."""
    return markdown_config()._replace(restore_byte_a0=True)


def fix_encoding(text: str, *, restore_byte_a0: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """Repair complete mojibake in ``text`` with ftfy's encoding step; returns (text, plan),
    the plan being ftfy's steps, e.g. ``[("encode", "sloppy-windows-1252"), ("decode", "utf-8")]``.

    ftfy's own ``decode_inconsistent_utf8`` fixes each embedded piece with
    ``ftfy.fix_encoding(piece)`` and its *default* config (so "â€ " becomes "†" through the
    "Ã "/no-break-space rule even when ``restore_byte_a0`` is off); the same step is done
    here with our config instead.
    """
    from ftfy import fix_encoding_and_explain
    from ftfy.chardata import UTF8_DETECTOR_RE

    config = (restoring_config() if restore_byte_a0 else markdown_config())._replace(decode_inconsistent_utf8=False)
    plan: list[tuple[str, str]] = []

    def embedded(match) -> str:
        piece = match.group()
        if len(piece) < len(text) and looks_bad(piece):
            return fix_encoding(piece, restore_byte_a0=restore_byte_a0)[0]
        return piece

    while True:
        fixed, steps = fix_encoding_and_explain(text, config)
        plan.extend((str(step[0]), str(step[1])) for step in steps or ())
        if fixed == text and UTF8_DETECTOR_RE.search(text):
            fixed = UTF8_DETECTOR_RE.sub(embedded, text)
            if fixed != text:
                plan.append(("apply", "decode_inconsistent_utf8"))
        if fixed == text:
            return fixed, plan
        text = fixed


def describe(plan: list[tuple[str, str]]) -> str:
    """A rule name for a plan: ``mojibake (encode sloppy-windows-1252, decode utf-8)``."""
    return f"mojibake ({', '.join(f'{action} {name}' for action, name in plan)})" if plan else "mojibake"


def whole_text_steps(text: str, *, restore_byte_a0: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """ftfy's re-decoding of the *whole* text as UTF-8, if it has one: (text, plan), or
    (text unchanged, []). Steps after the first ``apply`` are cut off: ``decode_inconsistent_utf8``
    calls ftfy's default config inside (its "Ã " rule included); the stages do that part."""
    from ftfy import apply_plan

    _, plan = fix_encoding(text, restore_byte_a0=restore_byte_a0)
    whole = []
    for step in plan:
        if step[0] == "apply":
            break
        whole.append(step)
    if not any(action == "decode" and name.startswith("utf-8") for action, name in whole):
        return text, []
    while whole[-1][0] != "decode":
        whole.pop()
    return apply_plan(text, whole), whole


def looks_bad(text: str) -> bool:
    """ftfy's own test for text that may contain mojibake."""
    from ftfy.badness import is_bad

    return is_bad(text)


def badness(text: str) -> int:
    """ftfy's count of character sequences that look like mojibake."""
    from ftfy.badness import badness as count

    return count(text)
