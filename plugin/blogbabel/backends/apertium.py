"""The ``apertium`` backend: the Debian ``apertium`` binary with its language-pair data.

One ``apertium`` process translates a whole batch: each segment goes in its own ``<p>``
block of an HTML document run with ``-f html-alt``. In that format apertium treats tags as
format (superblanks): block tags separate segments and are never crossed, and unknown inline
tags such as our ``<x1/>`` and ``<g1>…</g1>`` placeholders come back intact and do not act
as sentence breaks (plain ``-f html`` rewrites ``<x1/>`` as ``<x1></x1>`` and capitalises
the word after it). Text is HTML-escaped on the way in and unescaped on the way out, so
``<``, ``>`` and ``&`` in prose round-trip exactly. Apertium's marks, ``*`` (unknown word),
``#`` and ``@`` (generation/transfer gaps), are stripped unless the source had them, and the
marked words are kept in :attr:`ApertiumBackend.signals` (the build report lists them: the
words a blogger adds to the glossary).

When the output does not hold one block per segment, or apertium fails on a batch, the batch
is retried in halves down to the segment at fault, which keeps its text and is reported
(:class:`~blogbabel.errors.SegmentError`): one sentence apertium cannot handle fails alone.
Each process runs in its own process group, killed whole on a time-out or an interrupt, and
the time budget holds for the whole ``translate_batch`` call.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from functools import cache

from ..errors import BackendUnavailableError, SegmentError, TranslationTimeoutError
from ..processes import ProcessGroups
from ..translate.aligned import UnitSignal
from .base import Backend, BackendInfo, base_language, map_cores

#: ISO 639-3 codes used in apertium mode names -> the codes blogbabel uses
ISO3_TO_1 = {
    "eng": "en",
    "spa": "es",
    "cat": "ca",
    "fra": "fr",
    "por": "pt",
    "glg": "gl",
    "ita": "it",
    "deu": "de",
    "oci": "oc",
    "eus": "eu",
    "ron": "ro",
    "nld": "nl",
    "swe": "sv",
    "dan": "da",
    "nob": "nb",
    "nno": "nn",
    "arg": "an",
    "epo": "eo",
    "afr": "af",
    "bul": "bg",
    "mkd": "mk",
}
ISO1_TO_3 = {v: k for k, v in ISO3_TO_1.items()}

_PLACEHOLDER = re.compile(r"</?[xg]\d+/?>")
_BLOCK = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_EMPTY_PAIR = re.compile(r"<(x\d+)></\1>")  # what plain -f html makes of <x1/>
_ENTITY_MARK = re.compile(r"(?<=[&;])\*")
_MARK = re.compile(r"(?<![\w#@*])([#@*])(\w[\w'-]*)")
#: closing punctuation apertium sets apart after a closing tag ("<g1>nuevas</g1> .")
_CLOSING = ".,;:!?…)]}»”’"
_SPACED_CLOSING = re.compile(rf"(?<=\S)[ \t]+([{re.escape(_CLOSING)}])(?=\s|$|<|[{re.escape(_CLOSING)}])")


def escape_segment(text: str) -> str:
    """HTML-escape ``text`` except for our placeholders, which apertium must see as tags."""
    out, pos = [], 0
    for match in _PLACEHOLDER.finditer(text):
        out.append(html.escape(text[pos : match.start()], quote=False))
        out.append(match.group())
        pos = match.end()
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def unescape_segment(text: str) -> str:
    """Invert :func:`escape_segment` on apertium's output (placeholders stay as they are)."""
    text = _EMPTY_PAIR.sub(r"<\1/>", text)
    out, pos = [], 0
    for match in _PLACEHOLDER.finditer(text):
        out.append(html.unescape(text[pos : match.start()]))
        out.append(match.group())
        pos = match.end()
    out.append(html.unescape(text[pos:]))
    return "".join(out)


def clean_output(source: str, output: str) -> str:
    """Drop apertium's ``*``/``#``/``@`` marks and the doubled spaces dropped words leave behind.

    A mark character the source itself uses before words (``@user``, ``#tag``) is kept.
    """
    return marked_words(source, output)[0]


def marked_words(source: str, output: str) -> tuple[str, tuple[str, ...]]:
    """:func:`clean_output` and the words apertium marked (unknown, or with a gap), in order."""
    kept = {m.group(1) for m in _MARK.finditer(source)}
    words: list[str] = []

    def strip(match: re.Match) -> str:
        if match.group(1) in kept:
            return match.group()
        words.append(match.group(2))
        return match.group(2)

    output = _MARK.sub(strip, output)
    if "  " not in source:
        output = re.sub(r"(?<=\S) {2,}(?=\S)", " ", output)
    return _tight_closing(source, output), tuple(dict.fromkeys(words))


def _tight_closing(source: str, output: str) -> str:
    """No space before closing punctuation the source never sets apart: apertium answers
    ``<g1>nuevas</g1> .``, which renders as ``nuevas .``. A source that writes ``word .`` or
    French ``mot ?`` keeps its spacing."""
    spaced = {match.group(1) for match in _SPACED_CLOSING.finditer(source)}
    return _SPACED_CLOSING.sub(lambda m: m.group() if m.group(1) in spaced else m.group(1), output)


@cache
def _modes(binary: str, data_dir: str | None) -> tuple[str, ...]:
    """Translation directions the apertium installation offers (``apertium -l``)."""
    command = [binary] + (["-d", data_dir] if data_dir else []) + ["-l"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(line.strip() for line in result.stdout.splitlines() if line.strip())


@cache
def _pair_version(source3: str, target3: str) -> str:
    """Version of the Debian package holding the pair data (``apertium-eng-spa``), if known."""
    if shutil.which("dpkg-query") is None:
        return ""
    for name in (f"apertium-{source3}-{target3}", f"apertium-{target3}-{source3}"):
        try:
            result = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", name], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return ""
        if result.returncode == 0 and result.stdout.strip():
            return result.stdout.strip()
    return ""


class ApertiumBackend(Backend):
    """Rule-based translation through the ``apertium`` command, one process per batch."""

    name = "apertium"
    preserves_markup = True  # verified by tests/test_backends_apertium.py

    def __init__(
        self,
        *,
        binary: str = "apertium",
        data_dir: str | None = None,
        timeout: float | None = None,
        max_chars: int = 1_000_000,
    ) -> None:
        self.binary = binary
        self.data_dir = data_dir
        self.timeout = timeout  # per translate_batch call; None: 30 s plus 1 s per 2,000 characters
        self.max_chars = max_chars
        #: apertium processes started by this object (tests check "one per batch")
        self.processes = 0
        #: text -> the words apertium marked in its translation (unknown words, gaps)
        self.signals: dict[str, UnitSignal] = {}
        self._groups = ProcessGroups()
        self._cancelled = 0  # bumped by cancel(): calls started before it start no new process

    def _mode(self, source: str, target: str) -> str | None:
        s3, t3 = ISO1_TO_3.get(base_language(source)), ISO1_TO_3.get(base_language(target))
        mode = f"{s3}-{t3}"
        return mode if s3 and t3 and mode in _modes(self.binary, self.data_dir) else None

    def pairs(self) -> list[BackendInfo]:
        rows = []
        for mode in _modes(self.binary, self.data_dir):
            s3, _, t3 = mode.partition("-")
            if s3 in ISO3_TO_1 and t3 in ISO3_TO_1:  # variants such as spa-eng_US are skipped
                rows.append(BackendInfo(self.name, ISO3_TO_1[s3], ISO3_TO_1[t3], _pair_version(s3, t3), mode))
        return rows

    def supports(self, source: str, target: str) -> bool:
        return self._mode(source, target) is not None

    def install_hint(self, source: str, target: str) -> str:
        s3 = ISO1_TO_3.get(base_language(source), base_language(source))
        t3 = ISO1_TO_3.get(base_language(target), base_language(target))
        pair = "-".join(sorted((s3, t3)))
        return f"install it with `apt-get install apertium apertium-{pair}`"

    def identity_for(self, source: str, target: str) -> str:
        s3, t3 = ISO1_TO_3.get(base_language(source), ""), ISO1_TO_3.get(base_language(target), "")
        return f"apertium:{s3}-{t3}@{_pair_version(s3, t3) or '?'}"

    def describe(self, source: str | None = None, target: str | None = None) -> str:
        if source and target:
            return f"apertium ({self._mode(source, target) or 'not installed'}, {self.identity_for(source, target)})"
        return "apertium"

    def cancel(self) -> None:
        """Kill the running apertium processes; calls in flight start no new ones."""
        self._cancelled += 1
        self._groups.kill_all()

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        mode = self._mode(source, target)
        if mode is None:
            reason = "is not installed" if shutil.which(self.binary) is None else f"has no {source}->{target} pair"
            raise BackendUnavailableError(f"apertium {reason}", hint=self.install_hint(source, target))
        budget = self.timeout if self.timeout is not None else 30 + sum(len(text) for text in texts) / 2000
        call = _Call(mode, time.monotonic() + budget, budget, self._cancelled)
        results = map_cores(texts, lambda cores: self._translate_cores(cores, call))
        if call.failures:
            failures = {i: call.failures[text.strip()] for i, text in enumerate(texts) if text.strip() in call.failures}
            raise SegmentError(next(iter(call.failures.values())), hint="try --backend argos for this text", partial=results, failures=failures)
        return results

    def _translate_cores(self, cores: list[str], call: "_Call") -> list[str]:
        results: list[str] = []
        chunk: list[str] = []
        size = 0
        for core in cores:
            if chunk and size + len(core) > self.max_chars:
                results.extend(self._translate_chunk(chunk, call))
                chunk, size = [], 0
            chunk.append(core)
            size += len(core)
        results.extend(self._translate_chunk(chunk, call))
        return results

    def _translate_chunk(self, cores: list[str], call: "_Call") -> list[str]:
        """One process for the chunk, one ``<p>`` block per segment; a chunk apertium fails on
        (or answers with the wrong number of blocks) is retried in halves down to the segment
        at fault, which keeps its text and is listed in ``call.failures``."""
        if not cores:
            return []
        # Each segment is its own null-flushed document (-z): without the NUL, transfer rules
        # match across the blocks ("2 min" + "Strokes follow" gave "2 Trazos" + "de min.
        # siguen"), so a segment's translation depended on its neighbours in the batch.
        document = "".join(f"<p>{escape_segment(core)}</p>\n\0" for core in cores)
        try:
            blocks = _BLOCK.findall(self._run(document, call))
            problem = None if len(blocks) == len(cores) else f"apertium returned {len(blocks)} blocks for {len(cores)} segments"
        except SegmentError as exc:
            problem = exc.message
        if problem is None:
            out = []
            for core, block in zip(cores, blocks):
                # without -u apertium also marks the pieces of the entities we escaped (&*amp;)
                text, unknown = marked_words(core, unescape_segment(_ENTITY_MARK.sub("", block)).strip())
                if unknown:
                    self.signals[core] = UnitSignal(unknown=unknown)
                out.append(text)
            return out
        if len(cores) == 1:
            call.failures[cores[0]] = f"{problem}: {cores[0][:80]!r}"
            return cores
        half = len(cores) // 2
        return self._translate_chunk(cores[:half], call) + self._translate_chunk(cores[half:], call)

    def _run(self, document: str, call: "_Call") -> str:
        mode = call.mode
        command = [self.binary, "-z", "-f", "html-alt"] + (["-d", self.data_dir] if self.data_dir else []) + [mode]
        left = call.deadline - time.monotonic()
        timeout_error = TranslationTimeoutError(f"apertium {mode} did not answer within {call.budget:.0f} s", hint="pass a larger timeout or translate fewer posts at once")
        if left <= 0 or call.generation != self._cancelled:
            raise timeout_error
        self.processes += 1
        try:
            status, stdout, stderr = self._groups.run(command, document, left)
        except FileNotFoundError as exc:
            raise BackendUnavailableError(f"cannot run {self.binary!r}", hint="install it with `apt-get install apertium apertium-eng-spa`") from exc
        except subprocess.TimeoutExpired:
            raise timeout_error from None
        if call.generation != self._cancelled:
            raise timeout_error
        if status != 0:
            detail = (stderr or "").strip().splitlines()[-3:]
            raise SegmentError(
                f"apertium {mode} failed with exit status {status}: {' '.join(detail) or 'no message'}",
                hint=f"check that `echo test | apertium {mode}` works",
            )
        return stdout


class _Call:
    """One ``translate_batch`` call: its mode, the deadline all its processes share, and the
    segments apertium failed on."""

    __slots__ = ("mode", "deadline", "budget", "generation", "failures")

    def __init__(self, mode: str, deadline: float, budget: float, generation: int) -> None:
        self.mode, self.deadline, self.budget, self.generation = mode, deadline, budget, generation
        self.failures: dict[str, str] = {}  # segment -> what went wrong
