"""The servers behind the ``libretranslate`` backend: what they offer, and their errors in words.

:class:`ServerGroup` asks each server once for its version (``/spec``), languages
(``/languages``) and character limit (``/frontend/settings``), leaves out the unreachable ones
with a warning, and refuses servers that disagree on version or models (they would translate
the same text differently, and share memory entries). It also turns HTTP failures into the
errors a user reads: unreachable (the URL named), 403 (the key's variable named, never the
key), 400 for a pair (the server's own message).
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

from ..errors import BackendError, BackendUnavailableError
from .base import base_language
from .http import HttpFailure, Server, Unreachable, with_retries

DEFAULT_URL = "http://127.0.0.1:5000"


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


class ServerGroup:
    """One or more LibreTranslate servers that answer alike."""

    def __init__(self, url: str | Sequence[str], *, api_key_env: str, request_timeout: float, retries: int, backoff: float) -> None:
        self.api_key_env = api_key_env
        api_key = os.environ.get(api_key_env) or None
        self.servers = [Server(u, timeout=float(request_timeout), api_key=api_key) for u in _urls(url)]
        self.retries = max(0, int(retries))
        self.backoff = float(backoff)
        self._facts: ServerFacts | None = None
        self._lock = threading.Lock()

    def retrying(self, call: Callable[[], Any]) -> Any:
        """``call()`` with this group's retries and backoff."""
        return with_retries(call, retries=self.retries, backoff=self.backoff)

    def _ask(self, server: Server) -> ServerFacts:
        try:
            raw_languages = self.retrying(lambda: server.get("/languages"))
            spec = self.retrying(lambda: server.get("/spec"))
            settings = self.retrying(lambda: server.get("/frontend/settings"))
        except Unreachable as exc:
            raise self.unreachable(exc) from None
        except HttpFailure as exc:
            raise self.refused(exc) from None
        try:
            languages = {base_language(item["code"]): tuple(sorted({base_language(t) for t in item.get("targets", [])} - {base_language(item["code"])})) for item in raw_languages}
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
        for error in down:
            warnings.warn(f"{error.message}; the other servers take its requests", stacklevel=4)
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

    def unreachable(self, exc: Unreachable) -> BackendUnavailableError:
        return BackendUnavailableError(
            f"the LibreTranslate server at {exc.url} is unreachable: {exc.reason}",
            hint=f"start it (libretranslate --host 127.0.0.1 --port PORT) or fix the URL; {self.retries} retries were made",
        )

    def refused(self, exc: HttpFailure, source: str = "", target: str = "") -> BackendError:
        if exc.status == 403:
            have = "the key in" if os.environ.get(self.api_key_env) else "no key: set"
            return BackendError(
                f"the LibreTranslate server at {exc.url} refused the request (HTTP 403: {exc.message})",
                hint=f"{have} {self.api_key_env} " + ("is not one the server knows" if have.startswith("the") else "to a key the server knows"),
            )
        if exc.status == 400 and source and ("not supported" in exc.message or "not available" in exc.message):
            return BackendUnavailableError(
                f"the LibreTranslate server at {exc.url} cannot translate {source}->{target}: {exc.message}",
                hint=install_hint(source, target),
            )
        return BackendError(f"the LibreTranslate server at {exc.url} answered HTTP {exc.status}: {exc.message}")


def install_hint(source: str, target: str) -> str:
    """What puts a missing pair on a LibreTranslate server."""
    pair = f"{base_language(source)}_{base_language(target)}"
    return f"install the translate-{pair} model on the server (`argospm install translate-{pair}` in its environment) and restart it"
