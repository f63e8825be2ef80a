"""Deterministic synthetic blog for the benchmarks.

``python benchmarks/workload.py OUT --posts 1000 [--build SITE]`` writes OUT/_posts/*.md (and,
with ``--build``, builds them into SITE with the identity backend, printing the time and the
peak memory of this process): half English, half
Spanish, ~600 words each, 10 figures with captions, a code block, a table, a Hugo shortcode,
a Liquid include and some mojibake (cp1252-decoded UTF-8), generated from wordfreq's word
lists with a seeded RNG so every run produces the same bytes.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=2)
def _vocabulary(lang: str) -> list[str]:
    from wordfreq import get_frequency_list, top_n_list

    words = [w for w in top_n_list(lang, 3000) if w.isalpha() and len(w) > 1][:2000]
    # wordfreq keeps the whole list it read (700,000 strings in lists for English and Spanish),
    # and every full collection of the cyclic GC walks it: in the timed runs that was 6% of
    # segmentation (8 collections, 0.13 s of 2.24 s). A build never holds it (see repair.lexicon).
    get_frequency_list.cache_clear()
    top_n_list.cache_clear()
    return words


def _mojibake(word: str) -> str:
    try:
        return word.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return word


def _sentence(rng: random.Random, lang: str, mojibake_rate: float) -> str:
    vocab = _vocabulary(lang)
    words = [rng.choice(vocab) for _ in range(rng.randint(6, 16))]
    words = [_mojibake(w) if rng.random() < mojibake_rate and not w.isascii() else w for w in words]
    words[0] = words[0][:1].upper() + words[0][1:]
    if rng.random() < 0.15:
        words.insert(rng.randint(1, len(words) - 1), f"`{rng.choice(vocab)}()`")
    if rng.random() < 0.1:
        i = rng.randint(0, len(words) - 1)
        words[i] = f"[{words[i]}](https://example.com/{rng.randint(1, 999)})"
    if rng.random() < 0.1:
        i = rng.randint(0, len(words) - 1)
        words[i] = f"*{words[i]}*"
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def _paragraph(rng: random.Random, lang: str, mojibake_rate: float) -> str:
    return " ".join(_sentence(rng, lang, mojibake_rate) for _ in range(rng.randint(3, 6)))


def make_post(index: int, seed: int = 0, mojibake_rate: float = 0.03) -> tuple[str, str]:
    """(file name, text) of synthetic post ``index``."""
    rng = random.Random(seed * 1_000_003 + index)
    lang = "en" if index % 2 == 0 else "es"
    title = _sentence(rng, lang, mojibake_rate).rstrip(".?!")
    parts = [
        "---",
        f'title: "{title.replace(chr(34), "")}"',
        f"lang: {lang}",
        f"date: 2024-{index % 12 + 1:02d}-{index % 28 + 1:02d}",
        f"permalink: /posts/{index:05d}/",
        "---",
        "",
    ]
    body: list[str] = []
    words = 0
    figure = 0
    while words < 600 or figure < 10:
        if figure < 10 and (words > 60 * (figure + 1) or words >= 600):
            figure += 1
            caption = _sentence(rng, lang, mojibake_rate)
            body.append(
                f'<figure>\n  <img src="/images/{index:05d}/{figure}.jpg" alt="{_sentence(rng, lang, 0).rstrip(".?!")}" />\n'
                f"  <figcaption>{caption}</figcaption>\n</figure>"
            )
            continue
        paragraph = _paragraph(rng, lang, mojibake_rate)
        words += len(paragraph.split())
        body.append(paragraph)
        if len(body) == 4:
            body.append("```python\nfor item in range(10):\n    print(item)  # not prose\n```")
        if len(body) == 8:
            cells = [_sentence(rng, lang, 0).split()[0] for _ in range(4)]
            body.append(f"| {cells[0]} | {cells[1]} |\n|---|---|\n| {cells[2]} | {cells[3]} |")
        if len(body) == 12:
            body.append(f'{{{{< figure src="/img/{index}.png" caption="{_sentence(rng, lang, 0)}" >}}}}')
            body.append(f'{{% include note.html title="{_sentence(rng, lang, 0)}" %}}')
    return f"{2024}-01-01-post-{index:05d}.md", "\n".join(parts) + "\n\n".join(body) + "\n"


def iter_posts(count: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    for index in range(count):
        yield make_post(index, seed)


def write_site(root: Path, count: int, seed: int = 0) -> Path:
    """Write ``count`` posts under ``root/_posts`` (streamed, one at a time)."""
    posts = Path(root) / "_posts"
    posts.mkdir(parents=True, exist_ok=True)
    for name, text in iter_posts(count, seed):
        (posts / name).write_text(text, encoding="utf-8")
    return Path(root)


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    if Path("/proc/self/status").exists():
        return _status_mb("VmHWM")
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Checkpoints:
    """A stand-in for the build's progress bar that prints, every ``every`` posts written, the
    time per 1,000 posts of the last stretch and the memory: one run shows whether time and
    memory stay flat as the site grows."""

    def __init__(self, total: int, every: int) -> None:
        import time

        self.clock, self.total, self.every, self.done = time.perf_counter, total, every, 0
        self.started = self.last = self.clock()

    def update(self, n: int) -> None:
        self.done += n
        if self.done % self.every == 0 or self.done == self.total:
            now = self.clock()
            stretch = self.done % self.every or self.every
            print(f"  {self.done:>7} posts  {now - self.started:8.1f} s  {1000 * (now - self.last) / stretch:6.2f} s per 1,000 (last {stretch})"
                  f"  rss {_status_mb('VmRSS'):.0f} MB  peak {peak_rss_mb():.0f} MB", flush=True)
            self.last = now

    def set_description_str(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


def build(content: Path, out: Path, checkpoints: int = 0, review_record: bool = True) -> None:
    """Build ``content`` into ``out`` with the identity backend; print time and peak memory
    (and, every ``checkpoints`` posts, the time of the last stretch and the memory). Without
    ``review_record`` the build does not record each translation's review (about 20 ms of
    Python per post in an identity build; its memory is one chunk's)."""
    import shutil
    import time

    import importlib

    from blogbabel.site import build_site

    site_build = importlib.import_module("blogbabel.site.build")

    shutil.rmtree(out, ignore_errors=True)
    before = peak_rss_mb()
    options = {"content_dir": str(content), "output_dir": str(out), "backend": "identity", "cache": False, "progress": False, "layout": "jekyll-polyglot"}
    if not review_record:
        from blogbabel.review.record import BuildRecorder

        BuildRecorder.written = lambda *args, **kwargs: None  # type: ignore[method-assign]
    if checkpoints:  # the build's progress-bar seam: the bar is told each post written
        site_build._progress_factory = lambda config: lambda total: _Checkpoints(total, checkpoints)
    started = time.perf_counter()
    report = build_site(options)
    seconds = time.perf_counter() - started
    print(f"built {report.posts} posts ({len(report.written)} files) in {seconds:.1f} s "
          f"({1000 * seconds / max(1, report.posts):.2f} s per 1,000 posts), peak memory {peak_rss_mb():.0f} MB "
          f"({before:.0f} MB before the build), {len(report.errors)} errors")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--build", type=Path, metavar="SITE", help="then build the posts into SITE (identity backend): time and peak memory")
    parser.add_argument("--checkpoints", type=int, default=0, metavar="N", help="with --build: print time and memory every N posts")
    parser.add_argument("--no-review-record", action="store_true", help="with --build: do not record reviews (what the build costs without them)")
    args = parser.parse_args()
    posts = args.out / "_posts"
    if args.build and posts.is_dir() and sum(1 for _ in posts.iterdir()) == args.posts:
        print(f"reusing the {args.posts} posts in {posts}")
    else:
        write_site(args.out, args.posts, args.seed)
        print(f"wrote {args.posts} posts to {posts}")
    if args.build:
        build(args.out, args.build, args.checkpoints, review_record=not args.no_review_record)


if __name__ == "__main__":
    main()
