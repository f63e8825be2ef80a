"""Prepare one post for translation: read, repair mojibake, read its header, segment.

Runs in a worker process with ``--jobs``, so its input and output are picklable. Errors
about the post are carried in the result, never raised: one bad post does not stop a build.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..errors import BlogbabelError
from ..files import decode_bytes, read_post_bytes
from ..markdown.frontmatter import Header, read_header
from ..markdown.frontmatter_edit import meta_as_yaml
from .manifest import short_hash
from .scan import Problem


@dataclass
class PreparedPost:
    """A post read, cleaned and analysed, ready for translation (picklable)."""

    rel: str
    cleaned: str = ""
    repaired: str = ""  # the source with its mojibake repaired (``cleaned`` may also fill alt texts)
    read_hash: str = ""  # of the bytes read
    bom: bool = False
    newline: str = "\n"
    header: Header | None = None  # the front matter of ``cleaned``
    meta: Header | None = None  # a Pelican ``Key: value`` header, translated as YAML
    fixes: int = 0
    unresolved: list[tuple[int, str]] = field(default_factory=list)
    repairs: tuple = ()  # (the mojibake fixes, those left unresolved), for the review's record
    jobs: dict = field(default_factory=dict)  # target -> TranslationJob
    error: Problem | None = None


def prepare_post(
    path: str, rel: str, lang: str, targets: Sequence[str], meta_headers: bool, unit_mode: str, options, max_mb: float, scanned: tuple[str, Header] | None = None, alt_from_caption: bool = False
) -> PreparedPost:
    """Read, clean and segment the post at ``path`` (``rel`` names it in messages) for each
    language of ``targets``. ``scanned`` is the (hash, header) read when the site was scanned:
    the header is used again while the file still has that hash. Figures whose alt text or
    caption says nothing are listed with the warnings; ``alt_from_caption`` fills such an alt
    from its figure's caption (before translating, so every language gets it)."""
    from ..markdown.figures import figure_issues, fill_alt_from_caption
    from ..repair import clean_markdown
    from ..translate.job import TranslateOptions, prepare_translation

    options = options or TranslateOptions()
    out = PreparedPost(rel)
    try:
        data = read_post_bytes(path, max_mb=max_mb, name=rel)
        source, out.read_hash = decode_bytes(data, rel), short_hash(data)
        header = scanned[1] if scanned is not None and scanned[0] == out.read_hash else read_header(source.text, path=rel, meta_headers=meta_headers)
        cleaned = clean_markdown(source.text, lang=lang, header=header, code_tags=options.code_tags)
        out.cleaned, out.repaired, out.bom = cleaned.text, cleaned.text, source.bom
        out.fixes = len(cleaned.fixes)
        out.repairs = (tuple(cleaned.fixes), tuple(cleaned.unresolved))
        out.unresolved = [(fix.line, f"possible mojibake left: {fix.before!r}") for fix in cleaned.unresolved]
        header = cleaned.header if cleaned.header is not None else read_header(out.cleaned, path=rel, meta_headers=meta_headers)
        out.header, out.newline = header, header.newline
        if alt_from_caption:
            out.cleaned, filled = fill_alt_from_caption(out.cleaned, header.body_start)
            out.unresolved += [(0, f"{filled} placeholder alt text(s) filled from their figure's caption")] if filled else []
        out.unresolved += [(issue.line, issue.message) for issue in figure_issues(out.cleaned, header.body_start)]
        text = out.cleaned
        carried: Header | None = header
        if header.format == "meta":  # the YAML made from it is read by the segmenter
            out.meta, text, carried = header, meta_as_yaml(out.cleaned, header), None
        for target in targets:
            out.jobs[target] = prepare_translation(text, source=lang, target=target, options=options, unit_mode=unit_mode, path=rel, header=carried)
    except BlogbabelError as exc:
        out.error = Problem.from_error(exc, rel)
        out.jobs = {}
    return out
