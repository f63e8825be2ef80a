"""What Markdown is protected: the one definition shared by every stage.

The inline tokenizer (``inline``/``rules``), the block parser (``blocks``), the mojibake
cleaner (``repair/regions``) and language detection (``site/langdetect``) all take their
protected constructs from here, so "what is code, markup or a template" cannot drift apart.

Everything here is linear in the size of the text: constructs whose end lies arbitrarily far
away (template tags, comments, math, code-tag pairs) are found through :class:`Closers`, which
remembers the last search for each closing string, so thousands of unclosed openers cost one
scan of the text instead of one scan each.
"""

from __future__ import annotations

import re as stdlib_re
from collections.abc import Iterable
from functools import lru_cache

import regex as re

#: attributes of HTML elements whose values are prose (``label``: Docusaurus's ``<TabItem>``, ``<option>``)
DEFAULT_TRANSLATABLE_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "data-toc-label", "label")
#: shortcode / include parameters whose values are prose (glossary_tooltip ``text=``, tabs
#: ``name=``/``header=``, includes ``content=``, Docsy's cards ``subtitle=``)
DEFAULT_TRANSLATABLE_PARAMS = ("caption", "alt", "title", "subtitle", "description", "text", "name", "header", "content")
#: paired template tags (and MDX components) whose content is code: never translated, never
#: repaired. Liquid ``{% n %}…{% endn %}``, Hugo ``{{< n >}}…{{< /n >}}``, JSX ``<N>…</N>``.
#: Diagrams and formulas are code too: ``{{< mermaid >}}`` (Blowfish, Relearn, hugo-book,
#: jekyll-mermaid), ``plantuml``, ``katex``/``math`` (LaTeX), Blowfish's ``chart`` (Chart.js).
DEFAULT_CODE_TAGS = ("highlight", "raw", "comment", "code", "code-toggle", "CodeBlock", "mermaid", "plantuml", "katex", "math", "chart")


def code_tags_with(extra: Iterable[str]) -> tuple[str, ...]:
    """The default code tags and a site's own ``extra`` ones, each once."""
    return DEFAULT_CODE_TAGS + tuple(dict.fromkeys(tag for tag in extra if tag not in DEFAULT_CODE_TAGS))


#: inline HTML elements whose content is code or otherwise not prose
RAW_CONTENT_ELEMENTS = frozenset({"code", "kbd", "samp", "var", "pre", "script", "style", "textarea", "math", "svg"})

ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>")
#: Unicode White_Space: what the regex module's ``\s`` matches (the stdlib's ``\s`` also matches
#: U+001C-U+001F). The HTML tag patterns below use the stdlib module, 1.5-2.5 times faster on
#: tags, with this class written out so that they match exactly what they matched before.
_WHITE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_S = f"[{_WHITE}]"
#: one attribute of an HTML tag; a template tag stands for attributes (``<a {{% p %}} href=x>``)
_TEMPLATE_IN_TAG = r"\{\{[<%]?[^{}\n]*?[>%]?\}\}|\{%[^{}\n]*?%\}"
_ATTRIBUTE = _S + r"""+(?:[A-Za-z_:@][A-Za-z0-9_.:@-]*(?:""" + _S + "*=" + _S + r"""*(?:"[^"]*"|'[^']*'|""" + _TEMPLATE_IN_TAG + f"|[^{_WHITE}" + r""""'=<>`]+))?|""" + _TEMPLATE_IN_TAG + ")"
HTML_OPEN_TAG = stdlib_re.compile(r"<(?P<name>[A-Za-z][A-Za-z0-9-]*)(?:" + _ATTRIBUTE + ")*" + _S + "*/?>")
HTML_CLOSE_TAG = stdlib_re.compile(r"</[A-Za-z][A-Za-z0-9-]*" + _S + "*>")
#: any HTML tag, comment, processing instruction, declaration or CDATA section (HTML blocks)
HTML_TAG = stdlib_re.compile(r"<!--(?:.|\n)*?-->|<\?(?:.|\n)*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[(?:.|\n)*?\]\]>|" + HTML_CLOSE_TAG.pattern + "|" + HTML_OPEN_TAG.pattern)
PARTIAL_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=\s|$)")
ATTR_VALUE = stdlib_re.compile(r"""(?P<name>[A-Za-z_:][A-Za-z0-9_.:-]*)""" + _S + "*=" + _S + r"""*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")
PARAM = re.compile(r"""(?P<name>[A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?:"(?P<dq>(?:[^"\\]|\\.)*)"|'(?P<sq>[^']*)')""")
#: one item of a Python-Markdown / Pandoc attribute list: ``#id``, ``.class``, ``key=value``
_ATTRIBUTE_ITEM = r"""(?:[#.][\w:-]+|[\w:-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s}"']+))"""
#: kramdown inline attribute lists and Pandoc/MkDocs attribute blocks (``{: .note}``,
#: ``{#id}``, ``{.class}``, and with spaces and values only: ``{ .md-button }``,
#: ``{ data-toc-label="Version" }``, ``{width="300px"}``)
IAL = re.compile(
    r"\{:[^}\n]*\}|\{#[A-Za-z][\w:.-]*(?:\s[^}\n]*)?\}|\{\.[A-Za-z][^}\n]*\}"
    rf"|\{{[ \t]*{_ATTRIBUTE_ITEM}(?:[ \t]+{_ATTRIBUTE_ITEM})*[ \t]*\}}"
)
FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
TASK_BOX = re.compile(r"\[[ xX]\](?=\s)")
#: a GFM alert / Obsidian callout marker at the start of a block quote
ALERT = re.compile(r"\[![A-Za-z][\w-]*\][-+]?")
URL = re.compile(r"(?<![\w@/.])(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
URL_CONTINUATION = re.compile(r"[^\s<>\"'`{]+")
#: file extensions that make a bare word a file name (``_config.yml``, ``profile.png``, ``Node.js``)
FILE_EXTENSIONS = (
    "md|markdown|mdx|html?|ya?ml|toml|json|jsonc|js|mjs|cjs|ts|tsx|jsx|css|scss|sass|less|py|rb|go|rs|java|kt|php|sh|bash|zsh|"
    "ps1|bat|txt|csv|tsv|xml|svg|png|jpe?g|gif|webp|avif|ico|pdf|zip|tar|gz|tgz|lock|ini|cfg|conf|env|log|sql|liquid|njk|hbs|"
    "vue|svelte|astro|exe|dll|so|wasm|ipynb|rst|tex|bib|mp[34]|wav|webm|ttf|woff2?"
)
#: the dot of a file name's extension, not followed by more name (``profile.png``, not
#: ``x.pngs``); it starts with the dot, so a search skips to dots (the name before it is read
#: by :func:`.links.path_spans`). Names and paths are ASCII: one must not run on into CJK prose
FILE_DOT = stdlib_re.compile(rf"\.(?:{FILE_EXTENSIONS})(?![A-Za-z0-9_-]|\.[A-Za-z0-9])", stdlib_re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+\\?@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
EMOJI = re.compile(
    r"(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3"
    r"|\p{Extended_Pictographic}[\uFE0E\uFE0F]?\p{Emoji_Modifier}?"
    r"(?:\u200D\p{Extended_Pictographic}[\uFE0E\uFE0F]?\p{Emoji_Modifier}?)*)"
)
#: keyboard keys of pymdownx.keys (MkDocs Material): ``++ctrl+alt+del++``, ``++"My key"++``
KEYS = re.compile(r'\+\+(?:[\w-]+|"[^"\n]*")(?:\+(?:[\w-]+|"[^"\n]*"))*\+\+')
#: ``:warning:``, ``:+1:``, ``:material-check:`` (GitHub, MkDocs Material, Docusaurus)
EMOJI_SHORTCODE = re.compile(r"(?<![\w:]):(?=[\w+-]*[A-Za-z_])[\w+-]{1,60}:(?![\w:])")
#: ``$x^2$`` (Pandoc's rule; it may wrap to the next line of its paragraph), never with a
#: backtick (TeX writes none) nor closed by a ``$`` after ``[``/``(``: prose such as
#: "_$data_: the `true` value of [$data](#x)" is no math
MATH_INLINE_DOLLAR = re.compile(r"\$(?=[^\s$`])(?:[^$\\`]|\\.)+?(?<=[^\s\\`\[(])\$(?!\d)")
#: LaTeX environments MathJax/KaTeX read in running text (``\begin{align}…\end{align}``)
MATH_ENVIRONMENT = re.compile(r"\\begin\{([A-Za-z]+\*?)\}")
#: openers whose closing string may lie anywhere later: (opener, closer)
DELIMITED = {
    "$$": "$$",
    "\\(": "\\)",
    "\\[": "\\]",
    # (doubled: Markdown unescapes ``\\(`` to the ``\(`` MathJax reads; kramdown sites write it so)
    "\\\\(": "\\\\)",
    "\\\\[": "\\\\]",
    "<!--": "-->",
    "<?": "?>",
    "<![CDATA[": "]]>",
}
#: Liquid / Hugo / Nunjucks tags: opener -> closer, longest opener first
#: Hugo, Liquid, and MDX comments (``{/* prettier-ignore */}``, Docusaurus' ``{/* #heading-id */}``)
TEMPLATE_DELIMITERS = (("{{<", ">}}"), ("{{%", "%}}"), ("{{", "}}"), ("{%", "%}"), ("{/*", "*/}"))
_TEMPLATE_NAME = re.compile(r"\{(?:\{[<%]|%)-?\s*/?\s*([A-Za-z][\w-]*)")
#: MkDocs snippets (``--8<-- "file.md"``) and MDX ``import``/``export`` lines are code
SNIPPET_LINE = re.compile(r"^[ \t]*;?-{1,}8<-{1,}[ \t]*(?:\"[^\"\n]*\"|'[^'\n]*')?[ \t]*$", re.MULTILINE)
MDX_CODE_LINE = re.compile(
    r"^(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?['\"][^'\"\n]+['\"];?|export\s+(?:const|let|var|function|default|\{)[^\n]*)[ \t]*$",
    re.MULTILINE,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n|\r[ \t]*\r")


class Closers:
    """Finds the first occurrence of a closing string at or after a position, in amortised
    linear time over a whole text: the answer of the previous search is reused while it still
    lies ahead, and "not found after p" stays true for every later p."""

    def __init__(self, text: str):
        self.text = text
        self._memo: dict[object, tuple[int, int, int]] = {}  # key -> (searched from, start, end)

    def find(self, closer: str, pos: int) -> int:
        """Start of the first ``closer`` at or after ``pos``, or -1."""
        start, _ = self._search(closer, pos, None)
        return start

    def search(self, pattern: re.Pattern, pos: int) -> tuple[int, int]:
        """Span of the first match of ``pattern`` at or after ``pos``, or (-1, -1)."""
        return self._search(pattern, pos, pattern)

    def _search(self, key: object, pos: int, pattern: re.Pattern | None) -> tuple[int, int]:
        memo = self._memo.get(key)
        if memo is not None:
            searched, start, end = memo
            if start < 0 and searched <= pos:
                return -1, -1
            if start >= pos and searched <= pos:
                return start, end
        if pattern is None:
            start = self.text.find(key, pos)  # type: ignore[arg-type]
            end = start + len(key) if start >= 0 else -1  # type: ignore[arg-type]
        else:
            match = pattern.search(self.text, pos)
            start, end = match.span() if match else (-1, -1)
        self._memo[key] = (pos, start, end)
        return start, end

    def blank_line(self, pos: int) -> int:
        """Start of the first blank line after ``pos`` (len(text) when there is none)."""
        start, _ = self.search(_BLANK_LINE, pos)
        return len(self.text) if start < 0 else start


@lru_cache(maxsize=16)
def _code_tag_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    if not names:
        return None
    ordered = sorted(names, key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in ordered)
    # JSX components are capitalized (``<CodeBlock>``); ``<code>`` is the HTML element, which
    # may sit in a code span (`` `<code>` ``) far from any ``</code>``
    components = "|".join(re.escape(name) for name in ordered if name[:1].isupper()) or "(?!)"
    return re.compile(rf"\{{%-?\s*(?P<liquid>{alternatives})\b|\{{\{{[<%]\s*(?P<hugo>{alternatives})\b|<(?P<jsx>{components})(?=[\s>/])")


def code_tag_pattern(names: Iterable[str]) -> re.Pattern | None:
    """Openers of the paired code tags ``names`` (Liquid, Hugo and JSX forms)."""
    if isinstance(names, tuple):  # the settings' tuple: asked for by every inline scan
        return _code_tag_pattern_of(names)
    return _code_tag_pattern(tuple(sorted(set(names))))


@lru_cache(maxsize=16)
def _code_tag_pattern_of(names: tuple[str, ...]) -> re.Pattern | None:
    return _code_tag_pattern(tuple(sorted(set(names))))


#: a Hugo shortcode whose ``codelang`` parameter makes its content a code block (Kubernetes'
#: ``{{< tab name="Intel" codelang="bash" >}}``): a code pair whatever its name
_CODE_LANGUAGE_PARAM = re.compile(r"\{\{[<%]\s*(?P<hugo>[\w-]+)(?P<liquid>)(?P<jsx>)\s[^}]*?\bcodelang\s*=")

#: Docsy's ``{{< tabpane >}}``: its tabs hold code unless ``text=true`` says they hold Markdown
_CODE_TABPANE = re.compile(r"\{\{[<%]\s*(?P<hugo>tabpane)(?P<liquid>)(?P<jsx>)\b(?![^}]*\btext\s*=\s*[\"']?true\b)")


class Templates:
    """Template tags and code-tag pairs of one text, matched in linear time.

    ``end(pos)`` is where the template construct starting at ``pos`` ends (a Liquid/Hugo tag,
    or a whole ``{% highlight %}…{% endhighlight %}`` style pair for a code tag), or -1.
    A tag never spans a blank line (Hugo and Liquid tags that do are vanishingly rare, and an
    unclosed ``{{`` must not swallow the rest of a post)."""

    def __init__(self, text: str, code_tags: re.Pattern | None = None, closers: Closers | None = None):
        self.text = text
        self.closers = closers or Closers(text)
        self.code_tags = code_tags
        self._paired: dict[str, re.Pattern] = {}

    def tag_end(self, pos: int) -> int:
        """End of the single template tag at ``pos`` or -1."""
        text = self.text
        for opener, closer in TEMPLATE_DELIMITERS:
            if text.startswith(opener, pos):
                close = self.closers.find(closer, pos + len(opener))
                if close < 0 or close > self.closers.blank_line(pos):
                    return -1
                return close + len(closer)
        return -1

    def end(self, pos: int) -> int:
        """End of the template construct at ``pos`` (pairs of code tags whole), or -1."""
        end = self.tag_end(pos)
        if end < 0:
            return -1
        pair = self.pair_end(pos, end)
        return pair if pair > 0 else end

    def pair_end(self, pos: int, tag_end: int) -> int:
        """End of the closing tag when the tag at ``pos`` opens a code pair, else -1."""
        if self.code_tags is None:
            return -1
        match = self.code_tags.match(self.text, pos)
        if match is None:
            match = _CODE_LANGUAGE_PARAM.match(self.text, pos, tag_end) or _CODE_TABPANE.match(self.text, pos, tag_end)
        if match is None or match["jsx"]:
            return -1
        name = match["liquid"] or match["hugo"]
        closing = self._paired.get(name)
        if closing is None:
            escaped = re.escape(name)
            closing = re.compile(rf"\{{%-?\s*end{escaped}\s*-?%\}}|\{{\{{[<%]\s*/{escaped}\s*[>%]\}}\}}")
            self._paired[name] = closing
        start, end = self.closers.search(closing, tag_end)
        return end if start >= 0 else -1

    def jsx_pair_end(self, pos: int) -> int:
        """End of ``</Name>`` for a JSX/HTML code element opening at ``pos`` (e.g. ``<CodeBlock>``)."""
        # (a component's name is capitalized: most tags, lowercase, need no match)
        if self.code_tags is None or not self.text[pos + 1 : pos + 2].isupper():
            return -1
        match = self.code_tags.match(self.text, pos)
        if match is None or not match["jsx"]:
            return -1
        start = self.closers.find(f"</{match['jsx']}>", pos)
        return start + len(match["jsx"]) + 3 if start >= 0 else -1

    def name(self, pos: int) -> str:
        """The tag name of the template tag at ``pos`` ("" when it has none)."""
        match = _TEMPLATE_NAME.match(self.text, pos)
        return match.group(1) if match else ""


def template_spans(text: str, code_tags: Iterable[str] = DEFAULT_CODE_TAGS, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Every template construct in ``text[start:end]`` (pairs of ``code_tags`` whole), in order."""
    end = len(text) if end is None else end
    templates = Templates(text, code_tag_pattern(code_tags))
    spans = []
    pos = text.find("{", start, end)
    while pos >= 0:
        stop = templates.end(pos)
        if stop > 0:
            spans.append((pos, stop))
            pos = text.find("{", stop, end)
        else:
            pos = text.find("{", pos + 1, end)
    return spans


def code_line_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """MkDocs snippet lines (``--8<--``, block form whole) and MDX import/export lines."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    snippet_open = -1
    for match in SNIPPET_LINE.finditer(text, start, end) if "-8<-" in text else ():  # the literal every snippet line has
        bare = '"' not in match.group() and "'" not in match.group()
        if bare and snippet_open < 0:
            snippet_open = match.start()
        elif bare:
            spans.append((snippet_open, match.end()))
            snippet_open = -1
        elif snippet_open < 0:
            spans.append(match.span())
    if snippet_open >= 0:
        spans.append((snippet_open, snippet_open + len(text[snippet_open:].split("\n", 1)[0])))
    if text.startswith(("import", "export"), start) or "\nimport" in text or "\nexport" in text:  # each line starts with one
        spans.extend(match.span() for match in MDX_CODE_LINE.finditer(text, start, end))
    return sorted(spans)
