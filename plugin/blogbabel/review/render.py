"""Write a :class:`~.model.SiteReview` as static HTML that opens from ``file://``.

Jinja2 renders the pages with autoescaping on for every template, so nothing from a post can
become markup; no URL from a post is ever made a link (links only join the report's own pages).
The stylesheet and the small script are inlined and allowed by their hashes in a strict
Content-Security-Policy (``default-src 'none'``): no other script, style, image, frame or
connection can run or load, whatever a post holds, and the report needs no server or network.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .collect import page_name
from .model import FLAG_KINDS, PostReview, Side, SiteReview
from .unknown import glossary_protected, glossary_toml

INDEX = "index.html"
UNKNOWN = "unknown-words.html"


def _asset(name: str) -> str:
    return resources.files("blogbabel.review").joinpath("templates", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("blogbabel.review", "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    css, js = _asset("review.css"), _asset("review.js")
    env.globals.update(
        css=Markup(css),
        js=Markup(js),
        csp=f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; img-src 'none'; "
        "base-uri 'none'; form-action 'none'",
        flag_kinds=FLAG_KINDS,
        INDEX=INDEX,
        UNKNOWN=UNKNOWN,
    )
    env.filters["css_name"] = _css_name
    env.filters["pieces"] = _pieces_html
    return env


def _css_name(value: object) -> str:
    return "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in str(value))


def _pieces_html(side: Side, lang: str):
    """A side's text as HTML (escaped here: this runs for every piece of every page, and a
    Jinja macro per piece costs a third of the rendering)."""
    from markupsafe import Markup, escape

    out = [f'<div class="text" lang="{escape(lang)}">']
    for piece in side.pieces:
        if piece.kind == "text" and not piece.fixed:
            out.append(str(escape(piece.text)))
            continue
        classes = f"p-{_css_name(piece.kind)}" + (" p-fixed" if piece.fixed else "")
        title = f' title="{escape(piece.title)}"' if piece.title else ""
        out.append(f'<span class="{classes}"{title}>{escape(piece.text)}</span>')
    out.append("</div>")
    return Markup("".join(out))


def write_review(review: SiteReview, out_dir: str | Path) -> list[Path]:
    """Write the report into ``out_dir`` (created; pages of an earlier report replaced) and
    return the files written, the index first."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    env = _environment()
    taken: set[str] = {INDEX, UNKNOWN}
    for post in review.posts:
        post.page = page_name(post.source, post.locale, taken) if post.target and post.rows else None
    pages = {(p.source, p.locale): p.page for p in review.posts}
    for word in review.unknown_words:  # the pages are known now
        word.places = [(path, line, pages.get((path, word.target_lang))) for path, line, _ in word.places]
    written = [out / INDEX]
    _write(out / INDEX, env.get_template("index.html").render(review=review, totals=_totals(review.posts)))
    post_template = env.get_template("post.html")
    for post in review.posts:
        if post.page is None:
            continue
        flagged = [index for index, row in enumerate(post.rows) if row.flagged]
        _write(out / post.page, post_template.render(review=review, post=post, flagged=flagged, next_flagged=_next(flagged)))
        written.append(out / post.page)
    entries = [(w, glossary_protected(w), glossary_toml(w)) for w in review.unknown_words]
    _write(out / UNKNOWN, env.get_template("unknown.html").render(review=review, entries=entries))
    written.append(out / UNKNOWN)
    _remove_old_pages(out, {path.name for path in written})
    return written


def _next(flagged: list[int]) -> dict[int, int]:
    """Flagged row -> the next flagged row (the links that work without the script)."""
    return {row: flagged[i + 1] for i, row in enumerate(flagged[:-1])}


def _totals(posts: list[PostReview]) -> dict[str, int]:
    totals = {"attention": sum(1 for p in posts if p.needs_attention), "translations": len(posts)}
    for post in posts:
        for name, value in post.counts.items():
            totals[name] = totals.get(name, 0) + value
    return totals


def _write(path: Path, html: str) -> None:
    # a report page is derived data, rewritten whole each time: no fsync (2,000 pages), but
    # never written through a symlink planted in the output folder
    if path.is_symlink():
        path.unlink()
    path.write_text(html, encoding="utf-8")


def _remove_old_pages(out: Path, keep: set[str]) -> None:
    """Pages of posts that are gone: only report pages (they carry our marker) are removed."""
    for entry in os.scandir(out):
        if entry.name.endswith(".html") and entry.name not in keep and entry.is_file(follow_symlinks=False):
            with open(entry.path, encoding="utf-8", errors="replace") as handle:
                if '<meta name="generator" content="blogbabel review">' in handle.read(600):
                    os.unlink(entry.path)
