"""What the structure tests compare: the protected constructs of the fixture post, and the
tag sequence of rendered Markdown (mistune: an independent parser from the one blogbabel uses)."""

from __future__ import annotations

import re

import mistune

#: constructs that must come out byte-identical from tests' marker translation of the fixture
PROTECTED = [
    "https://example.com/arm/manual.pdf",
    "`paint --canvas 40x40`",
    'return canvas.fill("blue")  # looks like prose',
    "    indented code stays exactly as it is\n",
    "$w = p \\cdot k$",
    "$$\nA = \\sum_i w_i \\, l_i\n$$",
    '<img src="/images/robots/3.jpg" alt="',
    "<!-- A comment for editors: do not translate this. -->",
    '{% include figure.html image="/images/robots/4.jpg" caption="',
    '{{< figure src="/images/robots/5.jpg" caption="',
    '" class="framed" >}}',
    "{% raw %}Liquid raw blocks {{ like this }} are opaque.{% endraw %}",
    "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
    "<mailto:painter@example.com>",
    "https://example.com/contact",
    "(/images/robots/6.jpg \"",
    "{: .center-image}",
    "{#why-robots}",
    "[^thanks]",
    '[gallery]: https://example.com/gallery "',  # the title is prose (translated)
    "&nbsp;",
    "🎨",
    "every second.»  \n",
    "hard break.»\\\n",
    "permalink: /blog/painting-robots/",
    "date: 2023-05-14 10:30:00 +0200",
    'tags: [robots, art, "machine learning"]',
    "|------|--------------|-----:|",
]


def tags_of(markdown: str) -> list[str]:
    """The HTML tag sequence mistune renders (an independent parser from the one we use)."""
    renderer = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "footnotes", "math"])
    return re.findall(r"</?[a-zA-Z][a-zA-Z0-9]*", renderer(markdown))


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[-1] if text.startswith("---") else text
