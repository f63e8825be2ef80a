"""The bytes of the files a build writes for a post: its cleaned copy, and each translation
with the layout's front matter fields and the machine-translation notice."""

from __future__ import annotations

from ..markdown.frontmatter import LANGUAGE_KEYS
from ..markdown.frontmatter_edit import edit_fields, insert_after_header, set_fields, yaml_back_to_meta
from ..translate.result import PostTranslation
from .config import BuildConfig
from .layouts import Layout, PostInfo
from .notice import notice_paragraph
from .prepare import PreparedPost
from .scan import MarkdownFile
from .status import post_info


def encode(text: str, bom: bool) -> bytes:
    """UTF-8, with the byte-order mark again when the source had one."""
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def cleaned_post(config: BuildConfig, layout: Layout, info: MarkdownFile, ready: PreparedPost) -> PostInfo:
    """The post as layouts see it: front matter values after mojibake repair (slugs!)."""
    post = post_info(config, info)
    data = ready.header.data if ready.header is not None else {}
    return PostInfo(post.rel, post.key, post.lang, data, post.in_place, post.lang_declared)


def source_copy(config: BuildConfig, layout: Layout, info: MarkdownFile, ready: PreparedPost) -> bytes:
    """The cleaned source, with the fields the layout wants on a source page."""
    text = ready.cleaned
    if info.translate:
        post = cleaned_post(config, layout, info, ready)
        fields = {k: v for k, v in layout.source_fields(post).items() if post.data.get(k) != v}
        text = set_fields(text, fields, path=ready.rel, meta_headers=layout.meta_headers, header=ready.header) if fields else text
    return encode(text, ready.bom)


def translation(config: BuildConfig, layout: Layout, info: MarkdownFile, ready: PreparedPost, locale: str, rel: str, result: PostTranslation) -> bytes:
    """The translated post (``result``) as written at ``rel``: header fields saying what it is a
    translation of, the layout's fields for ``locale``, and the notice."""
    return encode(translation_text(config, layout, info, ready, locale, rel, result), ready.bom)


def translation_text(config: BuildConfig, layout: Layout, info: MarkdownFile, ready: PreparedPost, locale: str, rel: str, result: PostTranslation) -> str:
    """The text :func:`translation` encodes."""
    text, header = result.text, result.header
    if ready.meta is not None:
        text, header = yaml_back_to_meta(text, ready.cleaned, ready.meta, header), ready.meta
    post = cleaned_post(config, layout, info, ready)
    fields: dict = {key: locale for key in LANGUAGE_KEYS if key in info.data and key != "lang"}
    fields["lang"] = locale
    fields.update(layout.translation_fields(post, locale))
    fields.update({"translation_of": str(info.rel), "machine_translated": True, "source_hash": info.hash})
    meta = layout.meta_headers
    if ready.meta is not None:
        header = None  # the meta block was rebuilt above: read it again
    text, header = edit_fields(text, fields, header, path=rel, meta_headers=meta)
    if config.notice:
        notice = notice_paragraph(locale, post.lang, config.notice_text, ready.newline)
        text = insert_after_header(text, notice, meta_headers=meta, header=header) if notice else text
    return text
