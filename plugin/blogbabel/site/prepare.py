"""Prepare one post for translation: read, repair mojibake, read its header, segment.

Runs in a worker process with ``--jobs``, so its input and output are picklable. Errors
about the post are carried in the result, never raised: one bad post does not stop a build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import BlogbabelError
from ..files import decode_bytes, read_post_bytes
from .frontmatter_fields import Header, meta_as_yaml, read_header
from .scan import Problem


@dataclass
class PreparedPost:
    """A post read, cleaned and analysed, ready for translation (picklable)."""

    rel: str
    cleaned: str = ""
    bom: bool = False
    newline: str = "\n"
    meta: Header | None = None  # a Pelican ``Key: value`` header, translated as YAML
    fixes: int = 0
    unresolved: list[tuple[int, str]] = field(default_factory=list)
    jobs: dict = field(default_factory=dict)  # target -> TranslationJob
    error: Problem | None = None


def prepare_post(path: str, rel: str, lang: str, targets: Sequence[str], meta_headers: bool, unit_mode: str, options, max_mb: float) -> PreparedPost:
    """Read, clean and segment the post at ``path`` (``rel`` names it in messages) for each
    language of ``targets``."""
    from ..repair import clean_markdown
    from ..translate.job import prepare_translation

    out = PreparedPost(rel)
    try:
        source = decode_bytes(read_post_bytes(path, max_mb=max_mb, name=rel), rel)
        cleaned = clean_markdown(source.text, lang=lang)
        out.cleaned, out.bom = cleaned.text, source.bom
        out.fixes = len(cleaned.fixes)
        out.unresolved = [(fix.line, f"possible mojibake left: {fix.before!r}") for fix in cleaned.unresolved]
        header = read_header(out.cleaned, path=rel, meta_headers=meta_headers)
        out.newline = header.newline
        text = out.cleaned
        if header.format == "meta":
            out.meta, text = header, meta_as_yaml(out.cleaned, header)
        for target in targets:
            out.jobs[target] = prepare_translation(text, source=lang, target=target, options=options, unit_mode=unit_mode, path=rel)
    except BlogbabelError as exc:
        out.error = Problem.from_error(exc, rel)
        out.jobs = {}
    return out
