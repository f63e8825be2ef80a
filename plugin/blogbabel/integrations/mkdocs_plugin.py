"""MkDocs plugin ``blogbabel``: the translations exist before MkDocs reads the docs.

On ``on_config`` (run early, before mkdocs-static-i18n) it builds ``docs_dir`` with the
``mkdocs-static-i18n`` layout, taking the locales, default language and ``docs_structure``
from the ``i18n`` plugin when they are not set here. By default it builds into
``.blogbabel/mkdocs/<docs_dir>`` beside ``mkdocs.yml`` (mojibake repaired, sources untouched)
and points ``docs_dir`` there, watching the real docs for ``mkdocs serve``; with
``in_place: true`` it writes ``name.es.md`` files beside the sources instead.

    plugins:
      - blogbabel:
          backend: apertium
      - i18n:
          docs_structure: suffix
          languages:
            - {locale: en, default: true, name: English}
            - {locale: es, name: Español}
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from ..errors import BlogbabelError

log = logging.getLogger("mkdocs.plugins.blogbabel")


class BlogbabelConfig(base.Config):
    enabled = c.Type(bool, default=True)
    locales = c.Optional(c.ListOfItems(c.Type(str)))
    default_language = c.Optional(c.Type(str))
    docs_structure = c.Optional(c.Choice(("suffix", "folder")))
    backend = c.Type(str, default="auto")
    in_place = c.Type(bool, default=False)
    output_dir = c.Optional(c.Type(str))
    notice = c.Type(bool, default=True)
    jobs = c.Type(int, default=1)


def incompatible_plugins(names: set[str]) -> str | None:
    """A warning when plugins known not to work together are configured, else None."""
    if "i18n" in names and {"material/blog", "blog"} & names:
        return "the Material blog plugin does not work with mkdocs-static-i18n (mkdocs-static-i18n issue #283): translated blog posts may not appear"
    return None


def _i18n_settings(config) -> dict:
    """Locales, default language and docs_structure from the mkdocs-static-i18n plugin, if any."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return {}
    settings = {"docs_structure": getattr(plugin.config, "docs_structure", None)}
    languages = getattr(plugin.config, "languages", None) or []
    locales, default = [], None
    for language in languages:
        locale = language.get("locale") if isinstance(language, dict) else getattr(language, "locale", None)
        is_default = language.get("default") if isinstance(language, dict) else getattr(language, "default", False)
        if locale:
            locales.append(locale)
            if is_default:
                default = locale
    if locales:
        settings["locales"] = locales
    if default:
        settings["default_lang"] = default
    return settings


class BlogbabelPlugin(BasePlugin[BlogbabelConfig]):
    """Runs :func:`blogbabel.build_site` on the docs before MkDocs collects them."""

    def __init__(self) -> None:
        self.report = None
        self._source_docs: str | None = None

    @event_priority(100)  # before mkdocs-static-i18n reads docs_dir
    def on_config(self, config):
        if not self.config.enabled:
            return config
        from ..site import build_site

        warning = incompatible_plugins(set(config.plugins))
        if warning:
            log.warning("blogbabel: %s", warning)
        # mkdocs serve reloads the config on every change: keep building from the real docs
        if self._source_docs is None or Path(config.docs_dir) != self._output(config):
            self._source_docs = config.docs_dir
        docs = Path(self._source_docs)
        settings = _i18n_settings(config)
        settings = {k: v for k, v in settings.items() if v}
        if self.config.locales:
            settings["locales"] = self.config.locales
        if self.config.default_language:
            settings["default_lang"] = self.config.default_language
        if self.config.docs_structure:
            settings["docs_structure"] = self.config.docs_structure
        settings.update(layout="mkdocs-static-i18n", backend=self.config.backend, notice=self.config.notice, jobs=self.config.jobs, progress=False, in_place=self.config.in_place)
        if not self.config.in_place:
            settings["output_dir"] = str(self._output(config))
        try:
            self.report = build_site({"content_dir": str(docs), **settings})
        except BlogbabelError as exc:
            raise PluginError(f"blogbabel: {exc}") from exc
        for problem in self.report.warnings:
            log.info("blogbabel: %s", problem)
        if self.report.errors:
            raise PluginError("blogbabel: " + "; ".join(str(p) for p in self.report.errors))
        log.info("blogbabel: %s", self.report.summary().replace("\n", "; "))
        if not self.config.in_place:
            config.watch.append(str(docs))
            config.docs_dir = str(self._output(config))
        return config

    def _output(self, config) -> Path:
        if self.config.output_dir:
            return Path(config.config_file_path or ".").parent / self.config.output_dir
        docs = Path(self._source_docs or config.docs_dir)
        return Path(config.config_file_path or ".").resolve().parent / ".blogbabel" / "mkdocs" / docs.name
