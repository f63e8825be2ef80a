"""The parts of a post page there are thousands of (rows, their text pieces, their flags),
written in Python with :func:`html.escape`: through template loops they took 90% of the time
of a 1,000-post report. The page around them is a Jinja2 template (``templates/post.html``).
Everything from a post goes through :func:`html.escape` (quotes included)."""

from __future__ import annotations

import hashlib
from functools import cache
from html import escape
from pathlib import Path

from .model import Flag, Row, Side


def css_name(value: object) -> str:
    """``value`` usable in a class name."""
    return "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in str(value))


def pieces_html(side: Side, lang: str) -> str:
    """A side's text, its markup, terms, repairs and unknown words set apart."""
    out = [f'<div class="text" lang="{escape(lang)}">']
    for piece in side.pieces:
        if piece.kind == "text" and not piece.fixed:
            out.append(escape(piece.text))
            continue
        classes = f"p-{css_name(piece.kind)}" + (" p-fixed" if piece.fixed else "")
        title = f' title="{escape(piece.title)}"' if piece.title else ""
        out.append(f'<span class="{classes}"{title}>{escape(piece.text)}</span>')
    out.append("</div>")
    return "".join(out)


def flags_html(flags: list[Flag]) -> str:
    """A list of flags, each with its label and file:line."""
    out = ['<ul class="flags">']
    for flag in flags:
        classes = f"flag f-{css_name(flag.kind)}" + ("" if flag.attention else " info")
        if flag.before is not None:
            body = f"<del>{escape(flag.before)}</del> → <ins>{escape(flag.after or '')}</ins>"
        else:
            body = f'<span class="message">{escape(flag.message)}</span>'
        out.append(f'<li class="{classes}"><span class="flag-label">{escape(flag.label)}</span> {body} <code class="where">{escape(flag.where)}</code></li>')
    out.append("</ul>")
    return "".join(out)


def _meta(side: Side, badges: str = "") -> str:
    return f'<div class="meta"><span class="kind">{escape(side.kind)}</span> <code class="where">{escape(side.path)}:{side.line}</code>{badges}</div>'


def row_html(index: int, row: Row, source_lang: str, locale: str, next_flagged: int | None) -> str:
    """One source/translation row of a post page."""
    classes = "row" + (" flagged" if row.flagged else "") + (" notice" if row.notice else "") + (" human" if row.origin == "human" else "")
    out = [f'<section class="{classes}" id="s{index}" tabindex="-1" data-row="{index}">', '<div class="side source">']
    if row.source is not None:
        out += [_meta(row.source), pieces_html(row.source, source_lang)]
    else:
        out.append('<div class="missing">(no source segment)</div>')
    out.append('</div><div class="side target">')
    if row.target is not None:
        badges = "".join(
            (
                ' <span class="badge">notice</span>' if row.notice else "",
                ' <span class="badge origin-human">human</span>' if row.origin == "human" else "",
                ' <span class="badge review">needs review</span>' if row.needs_review else "",
                f' <span class="badge score" title="model score">score {row.score:.2f}</span>' if row.score is not None else "",
            )
        )
        out += [_meta(row.target, badges), pieces_html(row.target, locale)]
    else:
        out.append('<div class="missing">(no translation segment)</div>')
    out.append("</div>")
    if row.flags:
        link = f'<a class="next" href="#s{next_flagged}">next flagged ↓</a>' if next_flagged is not None else ""
        out.append(f'<div class="row-flags">{flags_html(row.flags)}{link}</div>')
    out.append("</section>\n")
    return "".join(out)


def rows_html(rows: list[Row], source_lang: str, locale: str) -> tuple[str, int]:
    """Every row of a post page, and how many are flagged."""
    flagged = [index for index, row in enumerate(rows) if row.flagged]
    following = {row: flagged[i + 1] for i, row in enumerate(flagged[:-1])}  # the links that work without the script
    return "".join(row_html(i, row, source_lang, locale, following.get(i)) for i, row in enumerate(rows)), len(flagged)


@cache
def stamp() -> str:
    """A hash of this module: rows kept as HTML (review/cache.py) were made by this code."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
