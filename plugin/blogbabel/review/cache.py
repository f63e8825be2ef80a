"""Reviews of unchanged posts, kept between runs, so a second review of a big site is quick.

A post's review depends on its source file, each translation file, their states, the glossary
and the review code; the key hashes all of them, so any change reviews the post anew. Entries
are JSON (``<content>/.blogbabel/review-cache/<key>.json``, never pickles: the folder is just
files), and those a run did not use are deleted at its end. Any trouble reading or writing
the cache only costs time: the post is reviewed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import fields
from pathlib import Path

from .model import Flag, Piece, PostReview, Row, Side

#: bump when what a review holds or how it is computed changes
VERSION = "review-1"


def cache_key(*parts: object) -> str:
    """A key over ``parts`` (anything JSON can write) and :data:`VERSION`."""
    blob = json.dumps([VERSION, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]


class ReviewCache:
    """Post reviews by key in ``folder`` (None: no cache)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def get(self, key: str) -> tuple[list[PostReview], list[Flag], list[str], str] | None:
        """(reviews, errors, texts, signals digest) kept under ``key``."""
        if self.folder is None:
            return None
        try:
            data = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            found = ([post_from_dict(post) for post in data["posts"]], [Flag(**flag) for flag in data["errors"]], list(data["texts"]), str(data["signals"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.used.add(key)
        return found

    def put(self, key: str, posts: list[PostReview], errors: list[Flag], texts: list[str], signals: str) -> None:
        """Keep a post's reviews, with the texts they were made of and a digest of what the
        engines said about them (a new signal for one of them makes the entry stale)."""
        if self.folder is None:
            return
        self.used.add(key)
        data = {"posts": [post_to_dict(post) for post in posts], "errors": [_flag(flag) for flag in errors], "texts": texts, "signals": signals}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / f"{key}.json"
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            temp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, path)
        except OSError:
            pass

    def prune(self) -> None:
        """Delete the entries this run did not use (posts changed or gone)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in os.scandir(self.folder):
            stem = entry.name.split(".", 1)[0]
            if stem not in self.used:
                try:
                    os.unlink(entry.path)
                except OSError:
                    pass


def _flag(flag: Flag) -> dict:
    return dict(flag.__dict__)  # its fields (frozen dataclass); ``asdict`` deep-copies, 10x slower


def _side_dict(side: Side | None) -> dict | None:
    """A side with its pieces as lists (a big site has hundreds of thousands: half the reading time)."""
    if side is None:
        return None
    return {"path": side.path, "line": side.line, "kind": side.kind, "text": side.text, "pieces": [[p.kind, p.text, p.title, p.fixed] for p in side.pieces]}


def post_to_dict(post: PostReview) -> dict:
    """What :func:`post_from_dict` reads back: the ``dataclasses.asdict`` form, written by hand
    (``asdict`` recurses through every piece and took most of a cold review's cache writing)."""
    data = {name: getattr(post, name) for name in _POST_FIELDS}
    data["flags"] = [_flag(flag) for flag in post.flags]
    data["rows"] = [
        {
            "source": _side_dict(row.source),
            "target": _side_dict(row.target),
            "flags": [_flag(flag) for flag in row.flags],
            "origin": row.origin,
            "score": row.score,
            "unknown_words": list(row.unknown_words),
            "needs_review": row.needs_review,
            "notice": row.notice,
        }
        for row in post.rows
    ]
    return data


def _side(data: dict | None) -> Side | None:
    if data is None:
        return None
    return Side(data["path"], data["line"], data["kind"], [Piece(*piece) for piece in data["pieces"]], data["text"])


_POST_FIELDS = tuple(f.name for f in fields(PostReview) if f.name not in ("rows", "flags"))


def post_from_dict(data: dict) -> PostReview:
    """A :class:`PostReview` from its ``dataclasses.asdict`` form."""
    rows = [
        Row(_side(row["source"]), _side(row["target"]), [Flag(**flag) for flag in row["flags"]], row["origin"], row["score"], tuple(row["unknown_words"]), row["needs_review"], row["notice"])
        for row in data["rows"]
    ]
    fields = {key: value for key, value in data.items() if key not in ("rows", "flags")}
    return PostReview(**fields, rows=rows, flags=[Flag(**flag) for flag in data["flags"]])
