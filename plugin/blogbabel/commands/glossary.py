"""``blogbabel glossary add``: put words into the site's glossary (what the review's list of
unknown words suggests), editing the TOML files in place with tomlkit so comments and layout
stay as the person wrote them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "add terms to the site's glossary: kept as written (names), or always translated one way"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("glossary", help=HELP, description=HELP + ".")
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    add = actions.add_parser(
        "add", help="add terms", description="Add terms to the glossary the site's blogbabel.toml names (glossary.toml at the content root, created and named there when it has none)."
    )
    add.add_argument("content_dir", metavar="CONTENT_DIR", help="folder holding the posts (its blogbabel.toml is read)")
    add.add_argument("terms", metavar="TERM", nargs="+", help="words or names, exactly as they are written")
    add.add_argument("--translation", metavar="TEXT", help="always translate the terms this way (needs --pair)")
    add.add_argument("--pair", metavar="SRC-TGT", help="the language pair of --translation, e.g. en-es")
    add.set_defaults(func=run)


def _config_file(content: Path) -> tuple[Path, tuple[str, ...]]:
    """The file holding the site's settings and the table path to them inside it."""
    if (content / "blogbabel.toml").is_file() or not (content / "pyproject.toml").is_file():
        return content / "blogbabel.toml", ()
    return content / "pyproject.toml", ("tool", "blogbabel")


def _load(path: Path):
    import tomlkit

    from ..errors import ConfigError

    try:
        return tomlkit.parse(path.read_text(encoding="utf-8")) if path.is_file() else tomlkit.document()
    except (tomlkit.exceptions.ParseError, UnicodeDecodeError, OSError) as exc:
        raise ConfigError(f"cannot edit this TOML file: {exc}", path=path) from None


def site_glossary(content: Path) -> Path:
    """The site's own glossary file; named in its settings (as ``glossary``) if it was not."""
    import tomlkit

    from ..files import atomic_write

    config, table_path = _config_file(content)
    doc = _load(config)
    table = doc
    for name in table_path:
        table = table.setdefault(name, tomlkit.table())
    named = table.get("glossary")
    if isinstance(named, str):
        named = [named]
    if named:
        return (config.parent / str(named[-1])).resolve()
    table["glossary"] = ["glossary.toml"]
    atomic_write(config, tomlkit.dumps(doc).encode("utf-8"))
    print(f"named glossary.toml in {config.name}", file=sys.stderr)
    return content / "glossary.toml"


def add_terms(path: Path, terms: list[str], translation: str | None = None, pair: str | None = None) -> list[str]:
    """Add ``terms`` to the glossary at ``path`` (protected, or forced to ``translation`` for
    ``pair``); return those that were not there yet. The result is checked before it is saved."""
    import tomlkit

    from ..files import atomic_write
    from ..translate.glossary import parse_glossary

    doc = _load(path)
    added = []
    if translation is None:
        protected = doc.setdefault("protected", tomlkit.array())
        for term in terms:
            if term not in protected:
                protected.append(term)
                added.append(term)
    else:
        forced = doc.setdefault("forced", tomlkit.table(is_super_table=True))
        entries = forced.setdefault(pair, tomlkit.table())
        for term in terms:
            if entries.get(term) != translation:
                entries[term] = translation
                added.append(term)
    text = tomlkit.dumps(doc)
    parse_glossary(text, path)  # never save a glossary the build would refuse
    atomic_write(path, text.encode("utf-8"))
    return added


def run(args: argparse.Namespace) -> int:
    from ..errors import ConfigError

    content = Path(args.content_dir).resolve()
    if not content.is_dir():
        raise ConfigError("content folder does not exist", path=args.content_dir, hint="pass the folder holding your posts")
    if (args.translation is None) != (args.pair is None):
        raise ConfigError("--translation and --pair go together", hint="e.g. --translation 'entrada de blog' --pair en-es")
    terms = [term.strip() for term in args.terms if term.strip()]
    path = site_glossary(content)
    added = add_terms(path, terms, args.translation, args.pair)
    kind = f"always translated {args.translation!r} ({args.pair})" if args.translation else "kept as written"
    print(f"{path}: {len(added)} added ({kind}): {', '.join(added) or 'all were there'}", file=sys.stderr)
    return 0
