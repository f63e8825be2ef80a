"""What the translation memory is still good for: every text a build of the site would send.

``blogbabel cache prune SITE`` keeps exactly these entries. Posts are segmented the way a
build does it (cleaned, glossary applied), in both placeholder styles so the entries of every
engine survive, for every locale the post is translated into.
"""

from __future__ import annotations

from collections.abc import Iterator

from .config import BuildConfig
from .prepare import prepare_post
from .status import make_plan


def used_texts(config: BuildConfig) -> Iterator[tuple[str, str, str]]:
    """(source, target, text) for every text a build of ``config``'s site would translate."""
    from ..translate.aligned import UNIT_MODES
    from ..translate.glossary import load_glossary
    from ..translate.job import TranslateOptions

    plan = make_plan(config)
    options = TranslateOptions(glossary=load_glossary(config.glossary), clean=False, **config.markdown_settings())
    for group in plan.groups:
        info = group.source
        if info is None or info.error is not None or not info.translate:
            continue
        lang = info.lang or config.default_lang
        targets = [locale for locale in config.locales if locale != lang]
        for unit_mode in UNIT_MODES:
            ready = prepare_post(
                str(config.content_dir / info.rel),
                str(info.rel),
                lang,
                targets,
                plan.layout.meta_headers,
                unit_mode,
                options,
                config.max_post_mb,
                (info.hash, info.header) if info.header is not None else None,
            )
            for target, job in ready.jobs.items():
                for text in job.texts:
                    yield lang, target, text
