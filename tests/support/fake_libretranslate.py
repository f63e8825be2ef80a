"""A small in-process stand-in for a LibreTranslate server, for the error-path tests.

It answers ``/languages``, ``/spec``, ``/frontend/settings`` and ``/translate`` the way
LibreTranslate 1.9.6 does (same JSON shapes, same error messages and status codes), on
127.0.0.1 and a free port, and lets a test script failures: ``fail_next`` queues statuses the
next ``/translate`` calls answer with (429 comes with ``Retry-After: 0``). The translation is
``«text»`` (upper-cased with ``upper=True``), so what went where is visible. Not a test module.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeLibreTranslate:
    """``with FakeLibreTranslate() as server: server.url``; ``server.requests`` records each ``q``."""

    def __init__(
        self,
        *,
        languages: dict[str, list[str]] | None = None,
        version: str = "1.9.6",
        char_limit: int = -1,
        batch_limit: int = -1,
        api_keys: set[str] | None = None,
        delay: float = 0.0,
        refuse_pairs: set[tuple[str, str]] = frozenset(),
        upper: bool = False,
    ) -> None:
        self.languages = languages or {"en": ["es", "fr"], "es": ["en"]}
        self.version = version
        self.char_limit = char_limit
        self.batch_limit = batch_limit
        self.api_keys = api_keys
        self.delay = delay
        self.refuse_pairs = set(refuse_pairs)
        self.upper = upper
        self.fail_next: list[int] = []
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> "FakeLibreTranslate":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # ------------------------------------------------------------------ answers

    def get(self, path: str) -> tuple[int, Any]:
        if path == "/languages":
            return 200, [{"code": code, "name": code.upper(), "targets": [code, *targets]} for code, targets in self.languages.items()]
        if path == "/spec":
            return 200, {"info": {"title": "LibreTranslate", "version": self.version}}
        if path == "/frontend/settings":
            return 200, {"charLimit": self.char_limit, "apiKeys": self.api_keys is not None, "keyRequired": False}
        return 404, {"error": "Not Found"}

    def translate(self, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            self.requests.append(body)
            status = self.fail_next.pop(0) if self.fail_next else 200
        if status == 429:
            return 429, {"error": "Slowdown: 1 per 1 minute"}, {"Retry-After": "0"}
        if status != 200:
            return status, {"error": f"Cannot translate text: scripted failure {status}"}, {}
        if self.api_keys is not None and body.get("api_key") not in self.api_keys:
            return 403, {"error": "Invalid API key"}, {}
        q, source, target = body.get("q"), body.get("source"), body.get("target")
        texts = q if isinstance(q, list) else [q]
        if isinstance(q, list) and self.batch_limit != -1 and len(q) > self.batch_limit:
            return 400, {"error": f"Invalid request: request ({len(q)}) exceeds text limit ({self.batch_limit})"}, {}
        for text in texts:
            if self.char_limit != -1 and len(text) > self.char_limit:
                return 400, {"error": f"Invalid request: request ({len(text)}) exceeds text limit ({self.char_limit})"}, {}
        if source not in self.languages:
            return 400, {"error": f"{source} is not supported"}, {}
        if target not in self.languages[source] or (source, target) in self.refuse_pairs:
            return 400, {"error": f"{target.upper()} ({target}) is not available as a target language from {source.upper()} ({source})"}, {}
        out = [f"«{t.upper() if self.upper else t}»" for t in texts]
        return 200, {"translatedText": out if isinstance(q, list) else out[0]}, {}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def _answer(self, status: int, value: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(value).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, header in (headers or {}).items():
                    self.send_header(name, header)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._answer(*fake.get(self.path))

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                with fake._lock:
                    fake.in_flight += 1
                    fake.max_in_flight = max(fake.max_in_flight, fake.in_flight)
                try:
                    time.sleep(fake.delay)
                    if self.path == "/translate":
                        self._answer(*fake.translate(body))
                    else:
                        self._answer(404, {"error": "Not Found"})
                finally:
                    with fake._lock:
                        fake.in_flight -= 1

        return Handler


def closed_port_url() -> str:
    """The URL of a port on 127.0.0.1 where nothing listens (bound, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
