"""Pelican plugin: the translations exist before Pelican reads the content.

Enable it with ``PLUGINS = ["blogbabel.integrations.pelican_plugin"]`` and settings::

    BLOGBABEL = {"locales": ["en", "es"], "backend": "apertium"}   # DEFAULT_LANG is the default language

On the ``initialized`` signal it builds ``PATH`` with the ``pelican`` layout (``name.es.md``,
``lang``, the original's ``slug``, ``translation: true``): into ``.blogbabel/pelican/<name>``
beside the content folder by default, which then becomes Pelican's content path (mojibake
repaired, sources untouched), or beside the sources with ``"in_place": True``.

Pelican's Markdown reader reads ``Key: value`` metadata lines; this plugin also registers a
reader for YAML/TOML front matter (``---``/``+++``), so Jekyll/Hugo-style posts work as they
are. Both kinds of header are translated and extended in their own syntax.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import BlogbabelError
from ..files import MARKDOWN_SUFFIXES

log = logging.getLogger(__name__)

_MARKDOWN_EXTENSIONS = tuple(suffix[1:] for suffix in MARKDOWN_SUFFIXES)


def build_content(pelican) -> None:
    """``initialized`` handler: run :func:`blogbabel.build_site` and point Pelican at the result."""
    from ..site import build_site

    settings = pelican.settings
    options = dict(settings.get("BLOGBABEL", {}))
    if options.pop("enabled", True) is False:
        return
    content = Path(settings["PATH"])
    default = settings.get("DEFAULT_LANG", "en")
    options.setdefault("default_lang", default)
    options.setdefault("locales", [default] + [lang for lang in ("en", "es") if lang != default])
    options.setdefault("progress", False)
    options["layout"] = "pelican"
    if not options.get("in_place"):
        out = options.get("output_dir") or content.parent / ".blogbabel" / "pelican" / content.name
        options["output_dir"] = str(out)
    try:
        report = build_site({"content_dir": str(content), **options})
    except BlogbabelError as exc:
        raise RuntimeError(f"blogbabel: {exc}") from exc
    for problem in report.warnings:
        log.info("blogbabel: %s", problem)
    for problem in report.errors:
        log.error("blogbabel: %s", problem)
    log.info("blogbabel: %s", report.summary().replace("\n", "; "))
    if not options.get("in_place"):
        pelican.path = settings["PATH"] = str(Path(options["output_dir"]).resolve())


def _yaml_reader_class():
    from markdown import Markdown
    from pelican.readers import MarkdownReader

    from ..markdown.frontmatter import read_header

    class FrontMatterMarkdownReader(MarkdownReader):
        """Pelican's Markdown reader, also taking YAML (``---``) and TOML (``+++``) front matter."""

        def read(self, source_path):
            raw = Path(source_path).read_bytes()
            text = raw.decode("utf-8-sig")
            header = read_header(text, path=source_path)
            if header.format not in ("yaml", "toml"):
                return super().read(source_path)
            self._source_path = source_path
            self._md = Markdown(**self.settings["MARKDOWN"])
            data, body = header.data, text[header.body_start :]  # the safe loader: plain data only
            content = self._md.convert(body)
            meta = {}
            for key, value in data.items():
                if isinstance(value, (list, tuple)):
                    value = ", ".join(str(item) for item in value)
                elif isinstance(value, bool):
                    value = "true" if value else "false"
                meta[str(key).lower()] = [str(value)]
            return content, self._parse_metadata(meta)

    return FrontMatterMarkdownReader


def add_readers(readers) -> None:
    """``readers_init`` handler: Markdown files may carry YAML or TOML front matter."""
    reader = _yaml_reader_class()
    for extension in _MARKDOWN_EXTENSIONS:
        readers.reader_classes[extension] = reader


def register() -> None:
    """Pelican's plugin entry point."""
    from pelican import signals

    signals.initialized.connect(build_content)
    signals.readers_init.connect(add_readers)
