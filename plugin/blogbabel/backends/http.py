"""JSON over HTTP for translation servers: one server's requests, retries, and a request pool.

Standard library only (``urllib``): a build sends a few large POSTs per chunk of posts, so a
connection per request costs nothing worth a dependency. :class:`Server` turns every way a
request can go wrong into one of two exceptions: :class:`Unreachable` (no answer: refused,
reset, timed out, not JSON) and :class:`HttpFailure` (an HTTP error status with the server's
own message). :func:`with_retries` repeats a call on what is worth repeating (no answer,
5xx, 429, honouring ``Retry-After``) with exponential backoff and jitter; :func:`run_pool`
spreads requests over several servers with a bounded number in flight on each, and moves
the requests of a server that stopped answering to the others.
"""

from __future__ import annotations

import http.client
import json
import queue
import random
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: the longest single wait between two tries, whatever the backoff or ``Retry-After`` says
MAX_DELAY = 30.0


class Unreachable(Exception):
    """The server gave no usable answer (connection refused or reset, timeout, not JSON)."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class HttpFailure(Exception):
    """The server answered with an HTTP error status; ``message`` is its own explanation."""

    def __init__(self, url: str, status: int, message: str, retry_after: float | None = None) -> None:
        self.url = url
        self.status = status
        self.message = message
        self.retry_after = retry_after
        super().__init__(f"{url}: HTTP {status}: {message}")


def retryable(error: Exception) -> bool:
    """No answer, a server error or "too many requests": worth another try later."""
    if isinstance(error, Unreachable):
        return True
    return isinstance(error, HttpFailure) and (error.status == 429 or error.status >= 500)


@dataclass
class Server:
    """One translation server at ``url`` (``http://host:port``, optional path prefix)."""

    url: str
    timeout: float = 120.0
    #: sent in the JSON body of every POST; kept out of ``repr`` and every message
    api_key: str | None = field(default=None, repr=False)

    def get(self, path: str) -> Any:
        return self._send(urllib.request.Request(self.url + path, headers={"Accept": "application/json"}))

    def post(self, path: str, payload: dict[str, Any]) -> Any:
        if self.api_key:
            payload = {**payload, "api_key": self.api_key}
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        return self._send(urllib.request.Request(self.url + path, data=body, headers=headers, method="POST"))

    def _send(self, request: urllib.request.Request) -> Any:
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise HttpFailure(self.url, exc.code, _error_message(exc), _retry_after(exc.headers.get("Retry-After"))) from None
        except urllib.error.URLError as exc:
            raise Unreachable(self.url, _reason(exc.reason)) from None
        except (OSError, http.client.HTTPException) as exc:  # reset mid-answer, timeout while reading
            raise Unreachable(self.url, _reason(exc)) from None
        try:
            return json.loads(body)
        except ValueError:
            raise Unreachable(self.url, f"the answer is not JSON: {body[:80]!r}") from None


def _reason(error: object) -> str:
    if isinstance(error, TimeoutError):
        return "no answer in time"
    text = str(getattr(error, "strerror", None) or error)
    return text or type(error).__name__


def _error_message(error: urllib.error.HTTPError) -> str:
    """The server's ``{"error": ...}`` text, else the start of its body, else the reason."""
    try:
        raw = error.read()
    except OSError:
        raw = b""
    try:
        value = json.loads(raw)
        if isinstance(value, dict) and value.get("error"):
            return str(value["error"])
    except ValueError:
        pass
    text = raw.decode("utf-8", "replace").strip()
    return text[:200] or str(error.reason)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:  # an HTTP date: rare for rate limits; the backoff applies
        return None


def with_retries(call: Callable[[], T], *, retries: int, backoff: float, sleep: Callable[[float], None] = time.sleep) -> T:
    """``call()``, tried again up to ``retries`` times when :func:`retryable` says so.

    Waits ``backoff * 2**attempt`` seconds (plus up to 25% jitter, so clients that failed
    together do not come back together), or the server's ``Retry-After`` for a 429.
    """
    attempt = 0
    while True:
        try:
            return call()
        except (Unreachable, HttpFailure) as exc:
            if attempt >= retries or not retryable(exc):
                raise
            delay = getattr(exc, "retry_after", None)
            if delay is None:
                delay = backoff * 2**attempt * (1 + random.random() / 4)
            sleep(min(delay, MAX_DELAY))
            attempt += 1


def run_pool(
    servers: Sequence[Server],
    items: Sequence[T],
    send: Callable[[Server, T], R],
    *,
    per_server: int,
) -> list[R]:
    """``[send(server, item) for item in items]``, ``per_server`` requests in flight on each server.

    Each server gets its own workers, which take the next item from one shared queue, so a
    faster server takes more. ``send`` does its own retries: when it still raises
    :class:`Unreachable`, that server is dropped and its item goes back to the queue for the
    others; when every server is gone, the last :class:`Unreachable` is raised. Any other
    exception stops the pool (items not started are not sent) and is raised.
    """
    results: list[Any] = [None] * len(items)
    done = [False] * len(items)
    todo: queue.Queue[int] = queue.Queue()
    for index in range(len(items)):
        todo.put(index)
    live = list(servers)
    state: dict[str, BaseException | None] = {"fatal": None, "unreachable": None}
    lock = threading.Lock()

    def work(server: Server) -> None:
        while state["fatal"] is None and server in live:
            try:
                index = todo.get_nowait()
            except queue.Empty:
                return
            try:
                results[index] = send(server, items[index])
                done[index] = True
            except Unreachable as exc:
                todo.put(index)
                with lock:
                    state["unreachable"] = exc
                    if server in live:
                        live.remove(server)
                return
            except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread)
                with lock:
                    state["fatal"] = state["fatal"] or exc
                return

    while not all(done) and live and state["fatal"] is None:
        threads = [threading.Thread(target=work, args=(server,), name=f"blogbabel-http-{n}", daemon=True) for server in list(live) for n in range(max(1, min(per_server, len(items))))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if state["fatal"] is not None:
        raise state["fatal"]
    if not all(done):
        raise state["unreachable"] or Unreachable(", ".join(s.url for s in servers), "no server left")
    return results
