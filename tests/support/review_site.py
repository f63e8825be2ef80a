"""A small site for the review tests, and an engine with known faults (a helper module, not
a test)."""

from __future__ import annotations

from pathlib import Path

POST = """---
title: "Robots that paint ðŸŽ¨"
lang: en
---

This week I tried a painter robot. It copies Salvador DalÃ with skill.

You can lose the <br> tag in this sentence.

Read the [announcement](https://example.com/a) and break it.

![A red robot painting a sunflower](/robot.png)

The last paragraph stays as it is.
"""


def fake_engine(texts, source, target):
    """A translating engine with known faults: it loses an opaque placeholder in sentences with
    "lose" and the closing tag of paired markup in sentences with "break"."""
    out = []
    for text in texts:
        if "lose" in text:
            text = text.replace("<x1/>", "")
        if "break" in text:
            text = text.replace("</g1>", "")
        out.append("ES " + text)
    return out


def use_fake_engine(monkeypatch) -> None:
    """The ``identity`` backend becomes :func:`fake_engine`, and its output is kept in the
    translation memory like a real engine's."""
    from blogbabel.backends.identity import IdentityBackend

    monkeypatch.setattr(IdentityBackend, "translates", True)
    monkeypatch.setattr(IdentityBackend, "translate_batch", lambda self, texts, source, target: fake_engine(texts, source, target))


def make_site(root: Path, posts: dict[str, str], *, repair_sources: bool = False) -> Path:
    """An in-place site of ``posts``. Its sources keep their mojibake by default
    (``repair_sources = false``), so the review shows each repair on its segment."""
    site = root / "site"
    for name, text in posts.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "blogbabel.toml").write_text('locales = ["en", "es"]\ndefault_lang = "en"\nbackend = "identity"\nin_place = true\n' + f"repair_sources = {str(repair_sources).lower()}\n", encoding="utf-8")
    return site
