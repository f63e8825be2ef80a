"""Start LibreTranslate so that it works offline: ``python libretranslate_offline.py [ARGS]``.

Run it with the Python of LibreTranslate's own environment; ARGS are LibreTranslate's
(``--host 127.0.0.1 --port 5000 --load-only en,es``...). Stock LibreTranslate 1.9.6 answers
every ``/translate`` with HTTP 500 when it has no network: on the first request Argos
downloads a MiniSBD sentence-splitter model. blogbabel sends one sentence per ``q`` item,
so this launcher replaces Argos' sentence splitters with one that keeps each text whole,
then hands over to LibreTranslate's own ``main``. Nothing else changes.
"""

from __future__ import annotations

import sys


def _one_sentence(self: object, text: str) -> list[str]:
    return [text]


def main() -> int:
    from argostranslate import sbd

    for name in ("MiniSBDSentencizer", "StanzaSentencizer", "SpacySentencizerSmall"):
        splitter = getattr(sbd, name, None)
        if splitter is not None:
            splitter.split_sentences = _one_sentence
    from libretranslate.main import main as libretranslate_main

    libretranslate_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
