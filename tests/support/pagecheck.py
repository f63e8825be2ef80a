"""The page checker: reads every HTML page a real generator built from blogbabel's output and
lists what a reader would see wrong (a helper module for the slow tests, not a test itself).

What it checks, page by page:

- every hreflang alternate exists as a built page;
- no mojibake anywhere (text, ``alt`` and ``title`` attributes);
- no Markdown left literal in the rendered text (``**``, ``__``, ``](``, ``[^``, ``\\*``) and no
  double-escaped entity (``&amp;amp;``);
- for each pair of language versions: every paragraph, heading, caption, alt text, footnote,
  table row and blockquote of the content area is in the page's own language (the footnote
  section's labels too), and every
  ``<pre>``/``<code>`` is identical on both pages;
- no page is left of a deleted post.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from bs4 import BeautifulSoup, Tag

from blogbabel.site.langdetect import detect_language

#: what mojibake of Spanish/English text and emoji looks like once rendered
MOJIBAKE = re.compile(r"Ã[\x80-\xbf\s]|Ã$|Â[\xa0-\xbf]|â€|ðŸ|ï»¿")
#: Markdown syntax that must never reach a reader as characters
LITERAL_MARKUP = ("**", "__", "](", "[^", "\\*")
#: theme chrome is not content: only text inside these is language-checked
CHROME = ("nav", "header", "footer", "aside", "script", "style", "noscript", "button")
#: English labels a generator writes into the footnote section (Docusaurus: remark-rehype's
#: heading and back links), which a site sets per locale: on another language's page they are
#: chrome left untranslated
FOOTNOTE_LABELS = ("Footnotes", "Back to reference", "Back to content")
#: the kinds of finding, one test each
CHECKS = ("hreflang", "pair", "mojibake", "literal markup", "double escape", "language", "code", "deleted post")
#: a text shorter than this (in letters) says too little about its language
MIN_LETTERS = 20


@dataclass(frozen=True)
class Finding:
    page: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.page}: [{self.check}] {self.message}"


@dataclass
class Page:
    rel: str
    soup: BeautifulSoup
    raw: str
    lang: str
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> site-relative page


def _page_lang(soup: BeautifulSoup, rel: str, default: str) -> str:
    html = soup.find("html")
    value = html.get("lang") if isinstance(html, Tag) else None
    if value:
        return str(value).split("-")[0].lower()
    first = rel.split("/")[0]
    return first if first in ("en", "es") else default


def resolve(href: str, page_rel: str, root: Path, base_url: str) -> str | None:
    """The site-relative HTML file an href names (None when it leads off the site)."""
    parsed = urlparse(href)
    if parsed.scheme and not href.startswith(base_url):
        return None
    path = unquote(parsed.path)
    if not path.startswith("/"):
        path = str(Path("/" + page_rel).parent / path)
    base_path = urlparse(base_url).path.rstrip("/")
    if base_path and path.startswith(base_path):
        path = path[len(base_path):]
    path = path.strip("/")
    for candidate in (path, f"{path}/index.html".lstrip("/"), f"{path}.html"):
        if candidate and (root / candidate).is_file():
            return candidate
    return path or "index.html"


def load_pages(root: Path, base_url: str, default_lang: str) -> dict[str, Page]:
    pages = {}
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        raw = path.read_text(encoding="utf-8", errors="replace")
        soup = BeautifulSoup(raw, "html.parser")
        page = Page(rel, soup, raw, _page_lang(soup, rel, default_lang))
        links = soup.select("link[rel=alternate][hreflang]")
        anchors = soup.select("a[hreflang]")
        if len({(a["hreflang"], a.get("href")) for a in anchors}) == len({a["hreflang"] for a in anchors}):
            links += anchors  # a list page links the translations of many posts: not its own
        for link in links:
            lang = str(link["hreflang"]).split("-")[0].lower()
            target = resolve(str(link.get("href", "")), rel, root, base_url)
            if lang in ("en", "es") and target is not None:
                page.alternates.setdefault(lang, target)
        pages[rel] = page
    return pages


def _prose(node: Tag) -> str:
    """The text a reader sees in ``node``, without code."""
    parts = []
    for text in node.find_all(string=True):
        if text.find_parent(["pre", "code", "script", "style"]) is None:
            parts.append(str(text))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def content_area(page: Page, selector: str) -> Tag | None:
    area = page.soup.select_one(selector)
    if area is None:
        return None
    area = BeautifulSoup(str(area), "html.parser")
    for chrome in area.find_all(CHROME):
        chrome.decompose()
    return area


def prose_items(area: Tag) -> list[tuple[str, str]]:
    """(kind, text) of each paragraph, heading, caption, alt, footnote, table row, blockquote."""
    items: list[tuple[str, str]] = []
    for node in area.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote", "li", "tr"]):
        if node.name == "li" and not _is_footnote(node):
            continue
        if node.name == "p" and node.find_parent(["li", "blockquote"]) is not None:
            continue  # judged as part of its footnote or quote
        kind = "footnote" if node.name == "li" else "table row" if node.name == "tr" else node.name
        items.append((kind, _prose(node)))
    items += [("alt", str(img["alt"]).strip()) for img in area.find_all("img") if img.get("alt")]
    return items


def _is_footnote(node: Tag) -> bool:
    parent = node.find_parent(["section", "div", "ol"])
    while parent is not None:
        marks = " ".join(parent.get("class") or []) + " " + str(parent.get("id") or "") + " " + str(parent.get("role") or "")
        if "footnote" in marks or parent.has_attr("data-footnotes"):
            return True
        parent = parent.find_parent(["section", "div", "ol"])
    return False


def code_texts(area: Tag) -> Counter:
    found: Counter = Counter()
    for pre in area.find_all("pre"):
        found["pre: " + pre.get_text()] += 1
    for code in area.find_all("code"):
        if code.find_parent("pre") is None:
            found["code: " + code.get_text()] += 1
    return found


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def footnote_labels(area: Tag) -> list[str]:
    """The labels of the footnote sections: headings, ``aria-label`` and ``title`` of their links."""
    labels = []
    for section in area.select("section[data-footnotes], section.footnotes, div.footnotes, div.footnote"):
        labels += [heading.get_text(" ", strip=True) for heading in section.find_all(["h1", "h2", "h3", "h4"])]
        labels += [str(tag[name]) for tag in section.find_all(True) for name in ("aria-label", "title") if tag.get(name)]
    return labels


def check_language(page: Page, area: Tag) -> list[Finding]:
    findings = []
    if page.lang != "en":
        for label in footnote_labels(area):
            if any(label.startswith(english) for english in FOOTNOTE_LABELS):
                findings.append(Finding(page.rel, "language", f"footnote label in en on a {page.lang} page: {label!r}"))
    for kind, text in prose_items(area):
        if _letters(text) < MIN_LETTERS or len(text.split()) < 3:
            continue
        found = detect_language(text, candidates=("en", "es"), default=page.lang)
        if found.lang != page.lang:
            findings.append(Finding(page.rel, "language", f"{kind} in {found.lang} on a {page.lang} page: {text[:90]!r}"))
    return findings


def check_page_text(page: Page) -> list[Finding]:
    findings = []
    body = page.soup.find("body") or page.soup
    whole = body.get_text(" ") + " " + " ".join(str(v) for tag in page.soup.find_all(True) for k, v in tag.attrs.items() if k in ("alt", "title", "content"))
    title = page.soup.find("title")
    whole += " " + (title.get_text() if title else "")
    for match in MOJIBAKE.finditer(whole):
        findings.append(Finding(page.rel, "mojibake", repr(whole[max(0, match.start() - 30):match.end() + 30])))
    prose = _prose(body) if isinstance(body, Tag) else ""
    for mark in LITERAL_MARKUP:
        at = prose.find(mark)
        if at >= 0:
            findings.append(Finding(page.rel, "literal markup", f"{mark!r} in {prose[max(0, at - 40):at + 40]!r}"))
    if "&amp;amp;" in page.raw:
        findings.append(Finding(page.rel, "double escape", "&amp;amp; in the HTML"))
    return findings


@dataclass
class SiteCheck:
    """The findings for one built site, and what was looked at (so a check cannot pass empty)."""

    findings: list[Finding]
    pages: dict[str, Page]
    pairs: list[tuple[str, str]]


def check_site(root: Path, *, base_url: str, content: str, default_lang: str = "en", deleted: tuple[str, ...] = (),
               expected_pairs: tuple[tuple[str, str], ...] = (), hreflang: bool = True) -> SiteCheck:
    """Check every HTML page under ``root`` (see the module docstring).

    ``content`` is the CSS selector of a page's content area (theme chrome outside it is not
    language-checked); ``deleted`` are phrases (titles, slugs) no page may contain any more;
    ``expected_pairs`` are (page, translation) paths that must exist and point at each other
    (with ``hreflang=False``, for themes that write no hreflang links: that must exist).
    """
    pages = load_pages(root, base_url, default_lang)
    findings: list[Finding] = []
    pairs: set[tuple[str, str]] = set()
    for page in pages.values():
        findings += check_page_text(page)
        for lang, target in page.alternates.items():
            if target not in pages:
                findings.append(Finding(page.rel, "hreflang", f"{lang} version {target} does not exist"))
            elif lang != page.lang and pages[target].lang == lang:
                pairs.add(tuple(sorted((page.rel, target))))  # type: ignore[arg-type]
        for phrase in deleted:
            if phrase.lower() in page.rel.lower() or phrase.lower() in page.raw.lower():
                findings.append(Finding(page.rel, "deleted post", f"still shows {phrase!r}"))
    for first, second in expected_pairs:
        if not hreflang and first in pages and second in pages:
            pairs.add((first, second))
        if (first, second) not in pairs and (second, first) not in pairs:
            findings.append(Finding(first, "pair", f"not paired with {second} by hreflang (pages: {first in pages}, {second in pages})"))
    for first, second in sorted(pairs):
        areas = [content_area(pages[first], content), content_area(pages[second], content)]
        if areas[0] is None or areas[1] is None:
            continue  # list pages and the like have no content area
        for page, area in zip((pages[first], pages[second]), areas):
            findings += check_language(page, area)
        left, right = code_texts(areas[0]), code_texts(areas[1])
        if left != right:
            findings.append(Finding(second, "code", f"code differs from {first}: only here {list((right - left).elements())[:3]}, only there {list((left - right).elements())[:3]}"))
    return SiteCheck(findings, pages, sorted(pairs))
