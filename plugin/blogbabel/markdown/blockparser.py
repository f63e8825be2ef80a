"""markdown-it-py set up to find block structure, and nothing else (:mod:`.blocks` maps it to
the source).

markdown-it tries its block rules in order at the start of every block (and, to see whether a
paragraph, list or quote ends there, at each of their lines), and most of them give up at once
unless the line's first character is their marker (``>``, ``#``, a fence...). Each rule chain
is replaced by one rule that tries, for that character, only the rules that can match, in the
same order: the same tokens, with a fraction of the rule calls.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

__all__ = ["MAX_NESTING", "block_parser"]

#: markdown-it stops parsing below this many nested containers (the commonmark preset's 20
#: cut nested lists at the 9th level); deeper content is left as it is and reported
MAX_NESTING = 100

#: what a block's first non-blank character must be for these rules to match (the syntax of
#: CommonMark and of the plugins); a rule not named here is tried at every block (a table or a
#: definition list is told by its second line, indented code by its indentation)
_FIRST_CHARACTERS = {
    "admonition": "!?",  # !!! note, ??? note
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "footnote_def": "[",  # [^1]:
    "reference": "[",
    "html_block": "<",
    "heading": "#",
}


@lru_cache(maxsize=1)
def block_parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.admon import admon_plugin
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(admon_plugin).use(deflist_plugin)
    # every destination is a link to CommonMark (markdown-it refuses javascript: and others as a
    # rendering safety measure, which made ``[x]: javascript:…`` read as a paragraph)
    md.validateLink = lambda url: True
    # only block structure is needed: inline parsing (our tokenizer does it on the source) is
    # off, and so is the footnote tail (it keeps only definitions the inline pass saw used)
    md.core.ruler.disable(["inline", "text_join", "footnote_tail"], ignoreInvalid=True)
    md.core.ruler.at("normalize", _normalize)
    _by_first_character(md.block.ruler)
    return md


def _normalize(state) -> None:
    """markdown-it's normalize rule (CR and CRLF to LF, NUL to U+FFFD) without its two
    substitutions over the whole text when it has neither (almost every post)."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


def _by_first_character(ruler) -> None:
    """Make each chain of block rules (the one tried at every block start, and those tried at
    each line of a paragraph, a list or a quote to see whether it ends there) try only the
    rules that can match the line's first character. A ruler changed later compiles its
    chains again, whole."""
    names = ruler.get_active_rules()
    every_rule = ruler.getRules("")
    if len(names) != len(every_rule) or len(set(map(id, every_rule))) != len(every_rule):
        return  # not the ruler this was written for: leave it as it is
    name_of = {id(rule): name for name, rule in zip(names, every_rule)}
    for chain_name in ("", "paragraph", "reference", "blockquote", "list"):
        chain = ruler.getRules(chain_name)  # the ruler's own list: markdown-it reads it each time
        if chain and all(id(rule) in name_of for rule in chain):
            chain[:] = [_first_matching([(name_of[id(rule)], rule) for rule in chain])]


def _first_matching(named: list[tuple[str, Callable]]) -> Callable:
    """One rule doing what the chain of ``named`` rules does, trying only those that can
    match the line's first character."""
    every_rule = [rule for _, rule in named]
    anywhere = [rule for name, rule in named if name not in _FIRST_CHARACTERS]
    characters = "".join(_FIRST_CHARACTERS.values())
    by_character = {ch: [rule for name, rule in named if ch in _FIRST_CHARACTERS.get(name, ch)] for ch in characters}

    def first_matching(state, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        rules: list[Callable] = by_character.get(state.src[pos], anywhere) if pos < state.eMarks[line] else every_rule
        for rule in rules:
            if rule(state, line, end, silent):
                return True
        return False

    return first_matching
