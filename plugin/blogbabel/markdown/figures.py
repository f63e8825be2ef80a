"""Figures whose text says nothing: placeholder alt texts (``IMG``, ``image``, the file name)
and empty ``<figcaption>``\\ s, found with their line; and a placeholder alt filled from its own
figure's caption (the ``alt_from_caption`` setting). Pure: text in, text (or findings) out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

_FIGURE = re.compile(r"<figure\b[^>]*>.*?</figure\s*>", re.IGNORECASE | re.DOTALL)
_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(alt|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption\s*>", re.IGNORECASE | re.DOTALL)
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^)\s>]+)")
_TAG = re.compile(r"<[^>]+>")
#: alt texts that describe nothing (compared lower-cased)
_PLACEHOLDERS = frozenset({"img", "image", "imagen", "picture", "pic", "photo", "foto", "screenshot", "captura", "figure", "alt", "alt text"})
_CAMERA_NAME = re.compile(r"^(?:img|dsc|pxl|image|screenshot)[-_ ]?\d+$", re.IGNORECASE)


@dataclass(frozen=True)
class FigureIssue:
    line: int
    message: str


def is_placeholder_alt(alt: str, src: str = "") -> bool:
    """True for an alt text that says nothing about the picture."""
    value = alt.strip()
    name = PurePosixPath(src.split("?")[0]).name
    return value.lower() in _PLACEHOLDERS or bool(_CAMERA_NAME.match(value)) or (bool(name) and value.lower() in (name.lower(), PurePosixPath(name).stem.lower()))


def _attrs(tag: str) -> dict[str, tuple[str, int, int]]:
    """name -> (value, start, end of the value) of an ``<img>`` tag's alt and src."""
    found = {}
    for match in _ATTR.finditer(tag):
        group = 2 if match.group(2) is not None else 3
        found[match.group(1).lower()] = (match.group(group), match.start(group), match.end(group))
    return found


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def figure_issues(text: str, start: int = 0) -> list[FigureIssue]:
    """Placeholder alt texts and empty captions in ``text`` from offset ``start`` (the body)."""
    issues = []
    for image in _IMG.finditer(text, start):
        attrs = _attrs(image.group())
        alt, src = attrs.get("alt"), attrs.get("src", ("", 0, 0))[0]
        if alt is not None and is_placeholder_alt(alt[0], src):
            issues.append(FigureIssue(_line(text, image.start()), f"placeholder alt text {alt[0]!r} for {src or 'an image'}: describe the picture"))
    for image in _MD_IMAGE.finditer(text, start):
        if is_placeholder_alt(image.group(1), image.group(2)):
            issues.append(FigureIssue(_line(text, image.start()), f"placeholder alt text {image.group(1)!r} for {image.group(2)}: describe the picture"))
    for caption in _CAPTION.finditer(text, start):
        if not html.unescape(_TAG.sub("", caption.group(1))).strip():
            issues.append(FigureIssue(_line(text, caption.start()), "empty <figcaption>: write a caption or remove it"))
    return sorted(issues, key=lambda issue: issue.line)


def fill_alt_from_caption(text: str, start: int = 0) -> tuple[str, int]:
    """``text`` with each placeholder alt of a ``<figure>`` replaced by that figure's caption
    (as plain text, attribute-escaped), and how many were filled."""
    edits: list[tuple[int, int, str]] = []
    for figure in _FIGURE.finditer(text, start):
        caption = _CAPTION.search(figure.group())
        words = " ".join(html.unescape(_TAG.sub("", caption.group(1))).split()) if caption else ""
        if not words:
            continue
        for image in _IMG.finditer(figure.group()):
            attrs = _attrs(image.group())
            alt = attrs.get("alt")
            if alt is not None and is_placeholder_alt(alt[0], attrs.get("src", ("", 0, 0))[0]):
                at = figure.start() + image.start()
                edits.append((at + alt[1], at + alt[2], html.escape(words, quote=True)))
    for begin, end, value in reversed(edits):
        text = text[:begin] + value + text[end:]
    return text, len(edits)
