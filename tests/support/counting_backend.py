"""A test engine that translates by tagging each text and remembers every text it was sent
(not a test module: the exchange tests register it as a backend)."""

from __future__ import annotations

from blogbabel.backends.identity import IdentityBackend


class CountingBackend(IdentityBackend):
    name = "counting"
    identity = "counting:1"
    translates = True
    sent: list[str] = []

    def translate_batch(self, texts, source, target):
        CountingBackend.sent.extend(texts)
        return [f"ES {text}" for text in texts]
