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

import hashlib
import json
import os
import re
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import BackendError, BackendUnavailableError, SegmentError
from ..translate.sentences import translate_by_sentence
from .base import Backend, BackendInfo, base_language, split_outer_whitespace
from .http import HttpFailure, Server, Unreachable, run_pool, with_retries

DEFAULT_URL = "http://127.0.0.1:5000"
#: LibreTranslate's 400 for a q list longer than its --batch-limit (checked before --char-limit)
_LIMIT_MESSAGE = re.compile(r"request \((\d+)\) exceeds text limit \((\d+)\)")


@dataclass(frozen=True)
class ServerFacts:
    """What a LibreTranslate server says about itself."""

    version: str
    languages: dict[str, tuple[str, ...]]  # source code -> target codes
    char_limit: int  # -1: none

    @property
    def digest(self) -> str:
        """A short digest of the language list: another set of models, another digest."""
        text = json.dumps(sorted((code, sorted(targets)) for code, targets in self.languages.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def _urls(url: str | Sequence[str]) -> list[str]:
    items = url.split(",") if isinstance(url, str) else list(url)
    urls = [str(item).strip().rstrip("/") for item in items if str(item).strip()]
    for item in urls:
        if not re.match(r"https?://[^/\s]+", item):
            raise BackendError(f"not a LibreTranslate server URL: {item!r}", hint="give it as http://HOST:PORT")
    if not urls:
        raise BackendError("no LibreTranslate server URL given", hint=f"set backend_options url, e.g. {DEFAULT_URL!r}")
    return list(dict.fromkeys(urls))


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
        self.api_key_env = api_key_env
        api_key = os.environ.get(api_key_env) or None
        self.servers = [Server(u, timeout=float(request_timeout), api_key=api_key) for u in _urls(url)]
        self.concurrency = max(1, int(concurrency))
        self.batch_size = max(1, int(batch_size))
        self.max_chars = max(1, int(max_chars))
        self.retries = max(0, int(retries))
        self.backoff = float(backoff)
        self._facts: ServerFacts | None = None
        self._lock = threading.Lock()
        #: requests sent and retried (tests and benchmarks read them)
        self.requests = 0

    # ------------------------------------------------------------------ what the servers offer

    def _retrying(self, call: Callable[[], Any]) -> Any:
        return with_retries(call, retries=self.retries, backoff=self.backoff)

    def _ask(self, server: Server) -> ServerFacts:
        try:
            raw_languages = self._retrying(lambda: server.get("/languages"))
            spec = self._retrying(lambda: server.get("/spec"))
            settings = self._retrying(lambda: server.get("/frontend/settings"))
        except Unreachable as exc:
            raise self._unreachable(exc) from None
        except HttpFailure as exc:
            raise self._refused(exc) from None
        try:
            languages = {
                base_language(item["code"]): tuple(sorted({base_language(t) for t in item.get("targets", [])} - {base_language(item["code"])}))
                for item in raw_languages
            }
            version = str((spec.get("info") or {}).get("version") or "?")
            char_limit = int(settings.get("charLimit", -1))
        except (TypeError, KeyError, AttributeError, ValueError) as exc:
            raise BackendError(
                f"{server.url} does not answer like a LibreTranslate server ({type(exc).__name__}: {exc})",
                hint="check the URL: it must point at LibreTranslate's API root",
            ) from None
        return ServerFacts(version, languages, char_limit)

    def _answers(self) -> list[tuple[Server, ServerFacts]]:
        """Each reachable server with its facts; unreachable ones are left out with a warning
        (all of them unreachable: the first one's error)."""
        answers, down = [], []
        for server in self.servers:
            try:
                answers.append((server, self._ask(server)))
            except BackendUnavailableError as exc:
                down.append(exc)
        if not answers:
            raise down[0]
        for exc in down:
            warnings.warn(f"{exc.message}; the other servers take its requests", stacklevel=4)
        self.servers = [server for server, _ in answers]
        return answers

    @property
    def facts(self) -> ServerFacts:
        """The servers' version, languages and character limit (asked once; all must agree)."""
        with self._lock:
            if self._facts is None:
                answers = self._answers()
                first_server, first = answers[0]
                for server, facts in answers[1:]:
                    if (facts.version, facts.languages) != (first.version, first.languages):
                        raise BackendError(
                            f"the LibreTranslate servers disagree: {first_server.url} runs {first.version} with "
                            f"languages {first.digest}, {server.url} runs {facts.version} with languages {facts.digest}",
                            hint="give only servers with the same version and models, or they would translate differently",
                        )
                limits = [f.char_limit for _, f in answers if f.char_limit > 0]
                self._facts = ServerFacts(first.version, first.languages, min(limits) if limits else -1)
            return self._facts

    def pairs(self) -> list[BackendInfo]:
        facts = self.facts
        where = ", ".join(server.url for server in self.servers)
        return [
            BackendInfo(self.name, source, target, facts.version, where)
            for source, targets in sorted(facts.languages.items())
            for target in targets
        ]

    def supports(self, source: str, target: str) -> bool:
        return base_language(target) in self.facts.languages.get(base_language(source), ())

    def install_hint(self, source: str, target: str) -> str:
        pair = f"{base_language(source)}_{base_language(target)}"
        return f"install the translate-{pair} model on the server (`argospm install translate-{pair}` in its environment) and restart it"

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
            raise self._unreachable(exc) from None
        translated = {sentence: answer for q, batch in zip(requests, answers) for sentence, answer in zip(q, batch)}
        return [translated.get(sentence) for sentence in sentences]

    def _translate(self, server: Server, q: list[str], source: str, target: str) -> list[str]:
        """One ``/translate`` request for the list ``q`` (split further if the server's batch limit says so)."""
        payload = {"q": q, "source": base_language(source), "target": base_language(target), "format": "text"}

        def post() -> Any:
            self.requests += 1
            return server.post("/translate", payload)

        try:
            answer = self._retrying(post)
        except HttpFailure as exc:
            limit = _LIMIT_MESSAGE.search(exc.message)
            size = int(limit.group(2)) if limit else 0
            if exc.status == 400 and limit and int(limit.group(1)) == len(q) > size >= 1:
                self.batch_size = min(self.batch_size, size)  # the server's --batch-limit, from now on
                return [t for start in range(0, len(q), size) for t in self._translate(server, q[start:start + size], source, target)]
            raise self._refused(exc, source, target) from None
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, list) or len(translated) != len(q) or not all(isinstance(t, str) for t in translated):
            raise BackendError(f"{server.url} answered {len(q)} texts with {str(answer)[:120]!r}", hint="check the server's version (1.3 or later takes q lists)")
        return translated

    # ------------------------------------------------------------------ errors

    def _unreachable(self, exc: Unreachable) -> BackendUnavailableError:
        return BackendUnavailableError(
            f"the LibreTranslate server at {exc.url} is unreachable: {exc.reason}",
            hint=f"start it (libretranslate --host 127.0.0.1 --port PORT) or fix the URL; {self.retries} retries were made",
        )

    def _refused(self, exc: HttpFailure, source: str = "", target: str = "") -> BackendError:
        if exc.status == 403:
            have = "the key in" if os.environ.get(self.api_key_env) else "no key: set"
            return BackendError(
                f"the LibreTranslate server at {exc.url} refused the request (HTTP 403: {exc.message})",
                hint=f"{have} {self.api_key_env} " + ("is not one the server knows" if have.startswith("the") else "to a key the server knows"),
            )
        if exc.status == 400 and source and ("not supported" in exc.message or "not available" in exc.message):
            return BackendUnavailableError(
                f"the LibreTranslate server at {exc.url} cannot translate {source}->{target}: {exc.message}",
                hint=self.install_hint(source, target),
            )
        return BackendError(f"the LibreTranslate server at {exc.url} answered HTTP {exc.status}: {exc.message}")


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
