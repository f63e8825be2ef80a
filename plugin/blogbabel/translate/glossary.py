"""The glossary: names the translator must leave alone, and translations forced per pair.

``locales/glossary.toml`` ships the defaults; a site adds files of the same shape::

    protected = ["Dall-E", "OpenAI", "GitHub"]      # never translated, exact case

    [forced.en-es]
    "blog post" = "entrada de blog"                 # always translated this way

The core turns each occurrence found by :meth:`Glossary.find_terms` into a placeholder, so the
engine never sees (and cannot mangle) the term.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .._compat import tomllib
from ..errors import ConfigError
from ..resources import locales_dir


@dataclass
class Glossary:
    """Protected terms and forced translations, with a word-boundary term finder."""

    protected: list[str] = field(default_factory=list)
    forced: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    _patterns: dict[tuple[str, str], tuple[re.Pattern | None, dict[str, str | None]]] = field(default_factory=dict, repr=False, compare=False)
    _digest: str = field(default="", repr=False, compare=False)

    def digest(self) -> str:
        """A short hash of every entry: two glossaries with the same entries have the same one."""
        if not self._digest:
            entries = [self.protected, sorted((f"{a}-{b}", sorted(terms.items())) for (a, b), terms in self.forced.items())]
            self._digest = hashlib.sha256(json.dumps(entries, ensure_ascii=False).encode()).hexdigest()[:12]
        return self._digest

    def protected_terms(self) -> list[str]:
        """Terms never translated (proper names, products), as written in the glossary."""
        return list(self.protected)

    def forced_terms(self, source: str, target: str) -> dict[str, str]:
        """Term -> forced translation for the pair (empty when the pair has none)."""
        return dict(self.forced.get((source, target), {}))

    def merge(self, other: "Glossary") -> "Glossary":
        """A glossary with the entries of both (``other`` wins on conflicts)."""
        forced = {pair: dict(terms) for pair, terms in self.forced.items()}
        for pair, terms in other.forced.items():
            forced.setdefault(pair, {}).update(terms)
        return Glossary(list(dict.fromkeys(self.protected + other.protected)), forced)

    def _pattern(self, source: str, target: str) -> tuple[re.Pattern | None, dict[str, str | None]]:
        key = (source, target)
        if key not in self._patterns:
            variants: dict[str, str | None] = {term: None for term in self.protected}
            for term, translation in self.forced.get(key, {}).items():
                variants[term] = translation
                if term[:1].islower():  # a common noun also starts sentences
                    capital = term[0].upper() + term[1:]
                    variants.setdefault(capital, translation[:1].upper() + translation[1:])
            alternatives = sorted(variants, key=lambda t: (-len(t), t))
            pattern = None
            if alternatives:
                pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)")
            self._patterns[key] = (pattern, variants)
        return self._patterns[key]

    def find_terms(self, text: str, source: str, target: str) -> list[tuple[int, int, str | None]]:
        """Occurrences of glossary terms in ``text``: ``(start, end, replacement)``, in order.

        Whole words only; where terms overlap the longest one wins. ``replacement`` is the
        forced translation, or None for a protected term (kept as written).
        """
        pattern, variants = self._pattern(source, target)
        if pattern is None:
            return []
        return [(m.start(), m.end(), variants[m.group()]) for m in pattern.finditer(text)]


def parse_glossary(data: str, path: str | Path | None = None) -> Glossary:
    """A :class:`Glossary` from TOML text; :class:`ConfigError` (with the line) when invalid."""
    try:
        table = tomllib.loads(data)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise ConfigError(
            f"invalid glossary: {exc}",
            path=path,
            line=int(line.group(1)) if line else None,
            hint="see locales/glossary.toml for the format",
        ) from exc
    unknown = set(table) - {"protected", "forced"}
    if unknown:
        raise ConfigError(f"unknown glossary keys: {', '.join(sorted(unknown))}", path=path, hint="use `protected` and `[forced.xx-yy]`")
    protected = table.get("protected", [])
    if not isinstance(protected, list) or not all(isinstance(t, str) and t.strip() for t in protected):
        raise ConfigError("`protected` must be a list of non-empty strings", path=path)
    forced: dict[tuple[str, str], dict[str, str]] = {}
    for pair, terms in table.get("forced", {}).items():
        source, _, target = pair.partition("-")
        if not source or not target or not isinstance(terms, dict):
            raise ConfigError(f"`[forced.{pair}]` must be a table named like [forced.en-es]", path=path)
        for term, translation in terms.items():
            if not isinstance(translation, str) or not term.strip() or not translation.strip():
                raise ConfigError(f"`[forced.{pair}]` entry {term!r} must map a term to a non-empty string", path=path)
        forced[(source.lower(), target.lower())] = dict(terms)
    return Glossary([t.strip() for t in protected], forced)


def load_glossary(extra_paths: Sequence[str | Path] = (), *, include_default: bool = True) -> Glossary:
    """The shipped glossary (``locales/glossary.toml``) merged with the site's files, in order."""
    glossary = Glossary()
    paths = ([locales_dir() / "glossary.toml"] if include_default else []) + [Path(p) for p in extra_paths]
    for path in paths:
        try:
            data = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            if include_default and path == paths[0]:
                continue  # an install without the data files still works, with no glossary
            raise ConfigError("glossary file not found", path=path) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read glossary: {exc}", path=path) from exc
        glossary = glossary.merge(parse_glossary(data, path))
    return glossary
