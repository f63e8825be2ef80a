"""The ``libretranslate`` backend: one or more LibreTranslate servers (self-hosted, CPU or GPU).

blogbabel keeps the markup on its side (``preserves_markup = False``, as for argos): the
server's ``format: "html"`` mode un-escapes entities, translates ``<pre>`` content and
translates every text node apart. Each text is split into sentences here and the distinct
sentences are sent as plain text, one sentence per ``q`` item, in ``q`` lists of at most
``batch_size`` items and ``max_chars`` characters (never more than the server's
``charLimit``). Requests run ``concurrency`` at a time on each server (:func:`run_pool`); a
connection error, 5xx or 429 is retried with backoff, and a server that stops answering
hands its requests to the others.

The memory key (``identity_for``) names the server version (``/spec``) and a digest of its
language list (``/languages``): another server version or another set of models never
serves entries made by this one. Several URLs must agree on both.

The API key is read from the environment variable ``api_key_env``
(``LIBRETRANSLATE_API_KEY``), sent in the request body, and never logged or shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..errors import BackendError, BackendUnavailableError, SegmentError
from ..translate.sentences import translate_by_sentence
from .base import Backend, BackendInfo, base_language, split_outer_whitespace
from .http import HttpFailure, Server, Unreachable, run_pool
from .libretranslate_servers import DEFAULT_URL, ServerFacts, ServerGroup, install_hint

#: LibreTranslate's 400 for a q list longer than its --batch-limit (checked before --char-limit)
_LIMIT_MESSAGE = re.compile(r"request \((\d+)\) exceeds text limit \((\d+)\)")


class LibreTranslateBackend(Backend):
    """Translate through LibreTranslate servers over HTTP (``/translate`` with ``q`` lists)."""

    name = "libretranslate"
    preserves_markup = False  # plain sentences go out; markup stays on blogbabel's side

    def __init__(
        self,
        *,
        url: str | Sequence[str] = DEFAULT_URL,
        api_key_env: str = "LIBRETRANSLATE_API_KEY",
        concurrency: int = 2,
        batch_size: int = 64,
        max_chars: int = 4000,
        retries: int = 5,
        backoff: float = 0.5,
        request_timeout: float = 120.0,
    ) -> None:
        self.group = ServerGroup(url, api_key_env=api_key_env, request_timeout=request_timeout, retries=retries, backoff=backoff)
        self.concurrency = max(1, int(concurrency))
        self.batch_size = max(1, int(batch_size))
        self.max_chars = max(1, int(max_chars))
        #: requests sent and retried (tests and benchmarks read them)
        self.requests = 0

    @property
    def servers(self) -> list[Server]:
        return self.group.servers

    @property
    def facts(self) -> ServerFacts:
        """The servers' version, languages and character limit (asked once)."""
        return self.group.facts

    def pairs(self) -> list[BackendInfo]:
        facts = self.facts
        where = ", ".join(server.url for server in self.servers)
        return [BackendInfo(self.name, source, target, facts.version, where) for source, targets in sorted(facts.languages.items()) for target in targets]

    def supports(self, source: str, target: str) -> bool:
        return base_language(target) in self.facts.languages.get(base_language(source), ())

    def install_hint(self, source: str, target: str) -> str:
        return install_hint(source, target)

    def require(self, source: str, target: str) -> None:
        if not self.supports(source, target):
            offered = ", ".join(f"{i.source}->{i.target}" for i in self.pairs()) or "nothing"
            raise BackendUnavailableError(
                f"the LibreTranslate server at {self.servers[0].url} cannot translate {source}->{target} (it offers {offered})",
                hint=self.install_hint(source, target),
            )

    def identity_for(self, source: str, target: str) -> str:
        facts = self.facts
        return f"libretranslate:{facts.version}:{base_language(source)}-{base_language(target)}:{facts.digest}"

    def describe(self, source: str | None = None, target: str | None = None) -> str:
        urls = ", ".join(server.url for server in self.servers)
        text = f"libretranslate ({urls}; {self.concurrency} requests each"
        if source and target:
            text += f"; {self.identity_for(source, target)}"
        return text + ")"

    # ------------------------------------------------------------------ translation

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate ``texts``; a text holding a sentence over the server's limit keeps its
        source and is named in a :class:`SegmentError`, every other text is translated."""
        self.require(source, target)
        parts = [split_outer_whitespace(text) for text in texts]
        cores = list(dict.fromkeys(core for _, core, _ in parts if core))
        refused: dict[str, str] = {}
        translated_cores = translate_by_sentence(cores, source, lambda unique: self._sentences(unique, source, target, refused))
        by_core = dict(zip(cores, translated_cores))
        results: list[str] = []
        reasons: dict[int, str] = {}
        for index, (text, (lead, core, trail)) in enumerate(zip(texts, parts)):
            value = by_core[core] if core else ""
            if value is None:
                reasons[index] = next(refused[s] for s in refused if s in core)
            results.append(text if value is None else lead + value + trail)
        if reasons:
            raise SegmentError(f"{len(reasons)} texts were refused by the LibreTranslate server", partial=results, failures=reasons)
        return results

    def _sentences(self, sentences: list[str], source: str, target: str, refused: dict[str, str]) -> list[str | None]:
        """Each sentence's translation, ``None`` (and a reason in ``refused``) for those over the limit."""
        limit = self.facts.char_limit
        budget = min(self.max_chars, limit) if limit > 0 else self.max_chars
        sendable = []
        for sentence in sentences:
            if limit > 0 and len(sentence) > limit:
                refused[sentence] = _too_long(len(sentence), limit)
            else:
                sendable.append(sentence)
        requests = _pack(sendable, self.batch_size, budget)
        try:
            answers = run_pool(self.servers, requests, lambda server, q: self._translate(server, q, source, target), per_server=self.concurrency)
        except Unreachable as exc:
            raise self.group.unreachable(exc) from None
        translated = {sentence: answer for q, batch in zip(requests, answers) for sentence, answer in zip(q, batch)}
        return [translated.get(sentence) for sentence in sentences]

    def _translate(self, server: Server, q: list[str], source: str, target: str) -> list[str]:
        """One ``/translate`` request for the list ``q`` (split further if the server's batch limit says so)."""
        payload = {"q": q, "source": base_language(source), "target": base_language(target), "format": "text"}

        def post() -> Any:
            self.requests += 1
            return server.post("/translate", payload)

        try:
            answer = self.group.retrying(post)
        except HttpFailure as exc:
            limit = _LIMIT_MESSAGE.search(exc.message)
            size = int(limit.group(2)) if limit else 0
            if exc.status == 400 and limit and int(limit.group(1)) == len(q) > size >= 1:
                self.batch_size = min(self.batch_size, size)  # the server's --batch-limit, from now on
                return [t for start in range(0, len(q), size) for t in self._translate(server, q[start : start + size], source, target)]
            raise self.group.refused(exc, source, target) from None
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, list) or len(translated) != len(q) or not all(isinstance(t, str) for t in translated):
            raise BackendError(f"{server.url} answered {len(q)} texts with {str(answer)[:120]!r}", hint="check the server's version (1.3 or later takes q lists)")
        return translated


def _too_long(size: int, limit: int) -> str:
    return f"a sentence of {size} characters is over the LibreTranslate server's limit of {limit} (raise its --char-limit)"


def _pack(sentences: list[str], batch_size: int, max_chars: int) -> list[list[str]]:
    """``sentences`` in order, in lists of at most ``batch_size`` items and ``max_chars``
    characters (a single longer sentence gets a list of its own)."""
    requests: list[list[str]] = []
    current: list[str] = []
    size = 0
    for sentence in sentences:
        if current and (len(current) >= batch_size or size + len(sentence) > max_chars):
            requests.append(current)
            current, size = [], 0
        current.append(sentence)
        size += len(sentence)
    if current:
        requests.append(current)
    return requests
