"""The one build configuration: defaults, ``blogbabel.toml`` / ``[tool.blogbabel]``, flags.

Precedence: keyword overrides (CLI flags, plugin options) > ``blogbabel.toml`` at the content
root > ``[tool.blogbabel]`` in ``pyproject.toml`` at the content root > defaults. Unknown keys
and wrong types are :class:`ConfigError`\\ s naming the file and the key, never ignored.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._compat import tomllib
from ..errors import ConfigError, UnsupportedLanguageError
from ..files import MARKDOWN_SUFFIXES
from .layouts import LAYOUTS

#: a BCP 47-ish code: "en", "es", "pt-BR", "es_MX"
_LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
#: the languages the offline models translate between
SUPPORTED_LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs. Paths are resolved when loaded through :func:`load_config`."""

    content_dir: Path
    output_dir: Path | None = None  # None with in_place
    locales: tuple[str, ...] = ("en", "es")
    default_lang: str = "en"
    layout: str = "folder"
    backend: str = "auto"
    in_place: bool = False
    check: bool = False  # report what is missing or stale, write nothing
    force: bool = False  # replace human-edited translations too
    dry_run: bool = False
    cache: bool = True  # translation memory in <content>/.blogbabel/tm.sqlite
    jobs: int = 1  # worker processes for cleaning/segmentation
    chunk_size: int = 64  # posts prepared and translated together
    notice: bool = True  # machine-translation notice at the top of each translation
    notice_text: Mapping[str, str] = field(default_factory=dict)  # per-locale override of locales/*.toml
    docs_structure: str = "suffix"  # mkdocs-static-i18n: "suffix" or "folder"
    markdown_extensions: tuple[str, ...] = MARKDOWN_SUFFIXES
    exclude: tuple[str, ...] = ()  # glob patterns (relative to content_dir) never read
    glossary: tuple[Path, ...] = ()
    timeout: float | None = None  # seconds per backend batch (None: 300 s + 1 s per text)
    max_post_mb: float = 5.0  # larger Markdown files are reported, not read
    lock_timeout: float = 600.0  # seconds to wait for another build of the same site
    progress: bool = True  # a progress bar when stderr is a terminal
    repair_sources: bool = True  # in place: mojibake in a source is repaired in the source too
    alt_from_caption: bool = False  # fill placeholder alt texts ("IMG") from their figure's caption
    backend_options: Mapping[str, Any] = field(default_factory=dict)
    #: what is prose and what is code in the Markdown (None: the core's defaults, see
    #: markdown/patterns.py and markdown/frontmatter.py); code_tags are added to the defaults
    front_matter_keys: tuple[str, ...] | None = None
    translatable_params: tuple[str, ...] | None = None
    translatable_attributes: tuple[str, ...] | None = None
    code_tags: tuple[str, ...] = ()

    @property
    def code_tags_in_use(self) -> tuple[str, ...]:
        """The paired tags whose content is code: the defaults and the site's own."""
        from ..markdown.patterns import code_tags_with

        return code_tags_with(self.code_tags)

    def markdown_settings(self) -> dict[str, Any]:
        """The TranslateOptions fields these settings give (defaults left out)."""
        settings: dict[str, Any] = {"code_tags": self.code_tags_in_use}
        for name in ("front_matter_keys", "translatable_params", "translatable_attributes"):
            if getattr(self, name) is not None:
                settings[name] = getattr(self, name)
        return settings

    @property
    def site_root(self) -> Path:
        """Where the generator reads: the output folder, or the content folder in place."""
        return self.content_dir if self.in_place or self.output_dir is None else self.output_dir

    @property
    def state_dir(self) -> Path:
        """``.blogbabel/`` under the site root: manifest and lock."""
        return self.site_root / ".blogbabel"

    @property
    def memory_path(self) -> Path | None:
        """The translation memory lives with the sources, so it survives ``rm -rf OUT``."""
        return self.content_dir / ".blogbabel" / "tm.sqlite" if self.cache else None


_FIELDS = {f.name: f for f in dataclasses.fields(BuildConfig)}
#: config-file spellings accepted for a field
_ALIASES = {"output": "output_dir", "out": "output_dir", "content": "content_dir", "no_cache": None}


def _check_lang(code: Any, where: str) -> str:
    if not isinstance(code, str) or not _LANG_CODE.fullmatch(code.lower()):
        raise UnsupportedLanguageError(f"{code!r} is not a language code", path=where, hint="use codes such as en, es")
    return code


def _as_tuple(value: Any, name: str, where: str | None) -> tuple:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise ConfigError(f"{name} must be a list or a comma-separated string, not {type(value).__name__}", path=where)


def _coerce(name: str, value: Any, base: Path, where: str | None) -> Any:
    """Check and convert one value to the type of field ``name``."""
    if name in ("content_dir", "output_dir"):
        if value is None:
            return None
        return (base / Path(value)).resolve() if not Path(value).is_absolute() else Path(value)
    if name == "glossary":
        return tuple((base / Path(p)).resolve() for p in _as_tuple(value, name, where))
    if name in ("locales", "exclude", "markdown_extensions", "front_matter_keys", "translatable_params", "translatable_attributes", "code_tags"):
        items = _as_tuple(value, name, where)
        if name == "locales":
            items = tuple(dict.fromkeys(_check_lang(code, where or name) for code in items))
            if not items:
                raise ConfigError("locales is empty", path=where, hint="list at least one locale, e.g. en,es")
        return items
    if name == "default_lang":
        return _check_lang(value, where or name)
    if name in ("notice_text", "backend_options"):
        if not isinstance(value, Mapping):
            raise ConfigError(f"{name} must be a table", path=where)
        return dict(value)
    if name in ("jobs", "chunk_size"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{name} must be a positive integer, not {value!r}", path=where)
        return value
    if name in ("timeout", "max_post_mb", "lock_timeout"):
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0):
            raise ConfigError(f"{name} must be a positive number, not {value!r}", path=where)
        return float(value) if value is not None else None
    if name == "layout":
        if value not in LAYOUTS:
            raise ConfigError(f"unknown layout {value!r}", path=where, hint="choose one of " + ", ".join(LAYOUTS))
        return value
    if name == "docs_structure":
        if value not in ("suffix", "folder"):
            raise ConfigError(f"docs_structure must be 'suffix' or 'folder', not {value!r}", path=where)
        return value
    if name == "backend":
        if not isinstance(value, str) or not value:
            raise ConfigError(f"backend must be a name, not {value!r}", path=where)
        return value
    if isinstance(_FIELDS[name].default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{name} must be true or false, not {value!r}", path=where)
    return value


def _read_file_settings(content_dir: Path) -> tuple[dict[str, Any], str | None]:
    """Settings from blogbabel.toml (preferred) or pyproject.toml's [tool.blogbabel]."""
    for name in ("blogbabel.toml", "pyproject.toml"):
        path = content_dir / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            match = re.search(r"line (\d+)", str(exc))
            raise ConfigError(f"invalid TOML: {exc}", path=path, line=int(match.group(1)) if match else None) from None
        if name == "pyproject.toml":
            data = data.get("tool", {}).get("blogbabel")
            if data is None:
                continue
        # a [build] table is accepted too, so blogbabel.toml can grow other sections
        settings = dict(data.get("build", {})) if isinstance(data.get("build"), dict) else {}
        settings.update({k: v for k, v in data.items() if k != "build"})
        return settings, str(path)
    return {}, None


def load_config(content_dir: str | Path, **overrides: Any) -> BuildConfig:
    """The build configuration for ``content_dir``: its config file, then ``overrides``.

    ``overrides`` whose value is None are ignored, so CLI flags that were not given do not
    hide the file's settings.
    """
    content = Path(content_dir).resolve()
    if not content.is_dir():
        raise ConfigError("content folder does not exist", path=content_dir, hint="pass the folder holding your posts")
    settings, where = _read_file_settings(content)
    values: dict[str, Any] = {}
    for source, base, origin in ((settings, content, where), (overrides, Path.cwd(), None)):
        for key, value in source.items():
            name = _ALIASES.get(key, key.replace("-", "_"))
            if key == "no_cache":
                name, value = "cache", (None if value is None else not value)
            if value is None:
                continue
            if name not in _FIELDS or name == "content_dir":
                raise ConfigError(f"unknown setting {key!r}", path=origin, hint="valid settings: " + ", ".join(n for n in _FIELDS if n != "content_dir"))
            values[name] = _coerce(name, value, base, origin)
    values["content_dir"] = content
    if "glossary" not in values and (content / "glossary.toml").is_file():
        values["glossary"] = (content / "glossary.toml",)  # the site glossary, read by default
    config = BuildConfig(**values)
    return validate(config)


def validate(config: BuildConfig) -> BuildConfig:
    """Check the combination of settings; return the config unchanged."""
    if config.in_place and config.output_dir is not None and config.output_dir.resolve() != config.content_dir.resolve():
        raise ConfigError("--in-place and an output folder were both given", hint="use one or the other")
    if not config.in_place and config.output_dir is None:
        raise ConfigError("no output folder", hint='pass -o OUT, set output = "..." in blogbabel.toml, or use --in-place')
    if config.output_dir is not None and not config.in_place:
        out, content = config.output_dir.resolve(), config.content_dir.resolve()
        if out == content:
            raise ConfigError("the output folder is the content folder", hint="use --in-place to write translations beside the sources")
        if out in content.parents:
            raise ConfigError(
                f"the content folder is inside the output folder {str(config.output_dir)!r}: the build would overwrite its own sources",
                path=config.content_dir,
                hint="choose an output folder outside the content, or build with --in-place",
            )
    if config.output_dir is not None and config.output_dir.exists() and not config.output_dir.is_dir():
        raise ConfigError("the output folder is a file", path=config.output_dir, hint="pass a folder (it is created if missing)")
    for code in config.locales + (config.default_lang,):
        if code not in SUPPORTED_LANGUAGES:
            raise UnsupportedLanguageError(f"language {code!r} is not supported", hint="blogbabel translates between " + " and ".join(SUPPORTED_LANGUAGES))
    return config


def as_config(config: BuildConfig | Mapping[str, Any] | str | Path) -> BuildConfig:
    """Accept what :func:`blogbabel.build_site` accepts: a config, a mapping or a content folder."""
    if isinstance(config, BuildConfig):
        return validate(config)
    if isinstance(config, (str, Path)):
        return load_config(config)
    if isinstance(config, Mapping):
        values = dict(config)
        content = values.pop("content_dir", None) or values.pop("content", None)
        if content is None:
            raise ConfigError("content_dir is missing from the build settings")
        return load_config(content, **values)
    raise ConfigError(f"cannot build from a {type(config).__name__}", hint="pass a BuildConfig, a mapping or a folder")
