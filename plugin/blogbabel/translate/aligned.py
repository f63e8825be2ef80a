"""The aligned unit mode as a translator: plain sentences in, markup put back by alignment.

:class:`AlignedTranslator` wraps an engine that has ``translate_aligned(texts, source, target)
-> list[Alignment]`` (see :mod:`blogbabel.translate.align`). It takes aligned units (what
:func:`blogbabel.translate.job.prepare_translation` makes in ``unit_mode="aligned"``), sends
each one's plain text to the engine once, and answers with the translation carrying
``<gN>``/``<xN/>`` placeholders, which the renderer restores like any tag-keeping engine's.
A unit whose alignment cannot carry its markup is translated in fragments instead (the
engine's plain ``translate_batch`` on the pieces between the markup) and recorded in
:attr:`AlignedTranslator.signals` with the reason, so the job can warn about it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..errors import BackendError
from .align import Alignment, Unusable, fragments, parse_unit
from .projection import project

_LETTER = re.compile(r"[^\W\d_]")
#: how a translator wants sentences with inline markup (see :mod:`blogbabel.translate.job`)
UNIT_MODES = ("fragment", "tagged", "aligned")


@dataclass(frozen=True)
class UnitSignal:
    """What an engine told about one unit besides its translation (for reviewers).

    ``score``: the model's mean log-probability per token (0 is certain; lower is worse), None
    when the engine gives none. ``fallback``: why the unit was translated in fragments instead
    of whole ("" when it was not). ``unknown``: words the engine did not know (Apertium marks
    them with ``*``, ``#`` or ``@``)."""

    score: float | None = None
    fallback: str = ""
    unknown: tuple[str, ...] = ()


class AlignedEngine(Protocol):
    """An engine that translates plain sentences and tells which source word each target
    word comes from (the ``argos`` backend; the test engines)."""

    name: str

    def translate_aligned(self, texts: Sequence[str], source: str, target: str) -> list[Alignment]: ...

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...


class AlignedTranslator:
    """A translator over aligned units (see the module docstring)."""

    preserves_markup = True  # its answers carry the placeholders
    unit_mode = "aligned"
    takes_aligned_units = True  # what it translates (an engine with translate_aligned is wrapped)

    def __init__(self, engine: AlignedEngine) -> None:
        self.engine = engine
        self.name = engine.name
        #: unit text -> what the engine told about it (scores, fallbacks)
        self.signals: dict[str, UnitSignal] = {}

    @property
    def translates(self) -> bool:
        return bool(getattr(self.engine, "translates", True))

    def identity_for(self, source: str, target: str) -> str:
        """The engine's identity, marked: aligned answers are cached apart from plain ones."""
        identity_for = getattr(self.engine, "identity_for", None)
        return (identity_for(source, target) if identity_for else self.name) + ":aligned"

    def describe(self, source: str | None = None, target: str | None = None) -> str:
        describe = getattr(self.engine, "describe", None)
        return (describe(source, target) if describe else self.name) + ", markup by alignment"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate aligned units; answers carry ``<gN>``/``<xN/>`` placeholders."""
        marked = [parse_unit(text) for text in texts]
        aligned = self.engine.translate_aligned([m.plain for m in marked], source, target) if texts else []
        if len(aligned) != len(texts):
            raise BackendError(f"the {self.name} backend returned {len(aligned)} alignments for {len(texts)} texts")
        out: list[str] = []
        retry: list[int] = []
        for index, (text, unit, alignment) in enumerate(zip(texts, marked, aligned)):
            if alignment.text == unit.plain:  # unchanged: the renderer keeps the source as it is
                out.append(text)
                self.signals[text] = UnitSignal(alignment.score)
                continue
            try:
                out.append(project(unit, alignment) if unit.marks else alignment.text)
                self.signals[text] = UnitSignal(alignment.score)
            except Unusable as exc:
                out.append("")
                retry.append(index)
                self.signals[text] = UnitSignal(None, str(exc))  # its score is of a translation not used
        if retry:
            for index, translation in zip(retry, self._in_fragments([texts[i] for i in retry], source, target)):
                out[index] = translation
        return out

    def _in_fragments(self, texts: list[str], source: str, target: str) -> list[str]:
        """Today's fragment mode: the plain pieces between the markup translated alone."""
        cut = [fragments(text) for text in texts]
        pieces = list(dict.fromkeys(p.strip() for parts in cut for p in parts if isinstance(p, str) and _LETTER.search(p)))
        translated = dict(zip(pieces, self.engine.translate_batch(pieces, source, target))) if pieces else {}
        out = []
        for parts in cut:
            text = []
            for part in parts:
                if isinstance(part, tuple):
                    text.append(part[0])
                elif _LETTER.search(part):
                    core = part.strip()
                    start = part.index(core)
                    text.append(part[:start] + translated.get(core, core) + part[start + len(core) :])
                else:
                    text.append(part)
            out.append("".join(text))
        return out


def unit_translator(translator):
    """``translator`` ready for the units its mode makes: an engine with ``translate_aligned``
    that asks for ``unit_mode = "aligned"`` is wrapped in an :class:`AlignedTranslator`;
    anything else is returned as it is."""
    if getattr(translator, "unit_mode", None) == "aligned" and hasattr(translator, "translate_aligned"):
        return AlignedTranslator(translator)
    return translator


def unit_mode_of(translator: object) -> str:
    """The unit mode ``translator`` asks for: its ``unit_mode``, else from ``preserves_markup``.
    ``"aligned"`` is taken only from what can translate aligned units (an engine with
    ``translate_aligned`` or a translator that ``takes_aligned_units``)."""
    mode = getattr(translator, "unit_mode", None)
    aligned_ready = hasattr(translator, "translate_aligned") or getattr(translator, "takes_aligned_units", False)
    if mode in UNIT_MODES and (mode != "aligned" or aligned_ready):
        return str(mode)
    return "tagged" if getattr(translator, "preserves_markup", False) else "fragment"
