"""Post reviews as JSON-ready data and back (the review store keeps them this way).

Written by hand rather than with ``dataclasses.asdict``, which deep-copies each of the
hundreds of thousands of pieces and flags of a big site (it took most of a cold review's
cache writing); pieces are lists, not dicts (half the reading time).
"""

from __future__ import annotations

from dataclasses import fields

from .model import Flag, Piece, PostReview, PostSummary, Row, Side

_POST_FIELDS = tuple(f.name for f in fields(PostReview) if f.name not in ("loaded_rows", "flags", "summary", "load_rows", "page", "key", "markup", "load_markup"))


def flag_dict(flag: Flag) -> dict:
    return dict(flag.__dict__)  # its fields (frozen dataclass)


def _side_dict(side: Side | None) -> dict | None:
    if side is None:
        return None
    return {"path": side.path, "line": side.line, "kind": side.kind, "text": side.text, "pieces": [[p.kind, p.text, p.title, p.fixed] for p in side.pieces]}


def _side(data: dict | None) -> Side | None:
    if data is None:
        return None
    return Side(data["path"], data["line"], data["kind"], [Piece(*piece) for piece in data["pieces"]], data["text"])


def rows_to_list(rows: list[Row]) -> list[dict]:
    """What :func:`rows_from_list` reads back."""
    return [
        {
            "source": _side_dict(row.source),
            "target": _side_dict(row.target),
            "flags": [flag_dict(flag) for flag in row.flags],
            "origin": row.origin,
            "score": row.score,
            "unknown_words": list(row.unknown_words),
            "needs_review": row.needs_review,
            "notice": row.notice,
        }
        for row in rows
    ]


def rows_from_list(data: list[dict]) -> list[Row]:
    return [
        Row(_side(row["source"]), _side(row["target"]), [Flag(**flag) for flag in row["flags"]], row["origin"], row["score"], tuple(row["unknown_words"]), row["needs_review"], row["notice"])
        for row in data
    ]


def head_to_dict(post: PostReview) -> dict:
    """A post without its rows, with the :class:`PostSummary` of them."""
    data = {name: getattr(post, name) for name in _POST_FIELDS}
    data["flags"] = [flag_dict(flag) for flag in post.flags]
    summary = post.summarize()
    data["summary"] = [summary.counts, summary.attention, summary.row_count, [list(place) for place in summary.unknown]]
    return data


def head_from_dict(data: dict) -> PostReview:
    """A post from :func:`head_to_dict`, its rows not loaded (set ``load_rows``)."""
    counts, attention, row_count, unknown = data["summary"]
    post = PostReview(**{name: data[name] for name in _POST_FIELDS}, flags=[Flag(**flag) for flag in data["flags"]])
    post.summary = PostSummary(dict(counts), bool(attention), int(row_count), tuple((str(word), int(line)) for word, line in unknown))
    return post
