"""What engines said about the texts they translated (sentence scores, fragment fallbacks,
unknown words), kept for ``blogbabel review``.

The translation memory keeps translations, not these signals, and a build hears them only for
the texts it sends to the engine; so each build merges them into
``<content>/.blogbabel/signals.json`` (text -> ``[score, fallback, unknown words]``), beside
the memory whose entries they describe. The review replays a post's units from the memory and
hands the translation core these signals for them, so scores and fallbacks land on their
source lines again however many builds ago the text was translated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from ..files import atomic_write
from ..translate.aligned import UnitSignal

FILE = "signals.json"


def save_signals(folder: Path, signals: Mapping[str, UnitSignal]) -> None:
    """Merge ``signals`` (text -> signal) into the kept ones (a text's newest signal wins)."""
    if not signals:
        return
    kept = _read(folder / FILE)
    for text, signal in signals.items():
        kept[text] = [signal.score, signal.fallback, list(signal.unknown)]
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / FILE, json.dumps(kept, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def load_signals(folder: Path) -> dict[str, UnitSignal]:
    """The kept signals (empty when there are none or the file is damaged)."""
    out = {}
    for text, value in _read(folder / FILE).items():
        try:
            score, fallback, unknown = value
            out[text] = UnitSignal(None if score is None else float(score), str(fallback or ""), tuple(str(w) for w in unknown))
        except (TypeError, ValueError):
            continue
    return out


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
