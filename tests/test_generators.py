"""Real generators build blogbabel's output (slow): Jekyll + polyglot, Hugo, MkDocs +
mkdocs-static-i18n through our plugin, Pelican through our plugin. Apertium translates, so
the Spanish pages hold real Spanish. Each test skips only when its generator is absent."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from blogbabel.site import build_site
from blogbabel.markdown.frontmatter import read_header

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CAPTIONS = ["A robot watering a garden of metal flowers", "A mural inspired by Salvador Dalí, with clocks everywhere"]


def need(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        pytest.skip(f"{binary} is not installed (scripts/setup.sh installs it)")
    return path


def need_module(name: str) -> None:
    try:
        __import__(name)
    except ImportError:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")


def copy_site(dest: Path, overlay: str | None = None) -> Path:
    shutil.copytree(FIXTURES / "site", dest, ignore=shutil.ignore_patterns(".blogbabel"))
    if overlay:
        shutil.copytree(FIXTURES / "generators" / overlay, dest, dirs_exist_ok=True)
    return dest


def page(path: Path) -> str:
    return html.unescape(path.read_text(encoding="utf-8"))


def figcaptions(markdown: str) -> list[str]:
    return [c.strip() for c in re.findall(r"<figcaption>(.*?)</figcaption>", markdown, re.S)]


def assert_pages(english: str, spanish_page: str, translated_md: Path) -> None:
    """The Spanish page holds the translated title and captions (Spanish, as written in the
    translated Markdown), the English page the originals."""
    from blogbabel.site.langdetect import detect_language

    markdown = translated_md.read_text(encoding="utf-8")
    title = read_header(markdown).data["title"]
    assert title != "Robots that paint 🎨" and title in spanish_page
    assert "Robots that paint 🎨" in english
    translated = figcaptions(markdown)
    assert len(translated) == len(CAPTIONS)
    for original, caption in zip(CAPTIONS, translated):
        assert caption != original and detect_language(caption).lang == "es", caption
        assert re.search(r"<figcaption>\s*" + re.escape(caption), spanish_page), caption
        assert original in english and original not in spanish_page
    assert "DalÃ" not in english + spanish_page and "ðŸŽ¨" not in english + spanish_page


def run(cmd: list[str], cwd: Path) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_jekyll_polyglot(tmp_path):
    jekyll = need("jekyll")
    site = copy_site(tmp_path / "site", "jekyll")
    out = tmp_path / "out"
    report = build_site({"content_dir": str(site), "output_dir": str(out), "layout": "jekyll-polyglot", "backend": "apertium", "progress": False})
    assert report.exit_code == 0, report.errors
    run([jekyll, "build", "-s", str(out), "-d", str(tmp_path / "html")], tmp_path)
    english = page(tmp_path / "html/blog/painting-robots/index.html")
    spanish_page = page(tmp_path / "html/es/blog/painting-robots/index.html")
    assert_pages(english, spanish_page, out / "_posts/es/2023-03-14-painting-robots.md")
    assert '<html lang="es">' in spanish_page
    assert 'hreflang="es" href="https://example.org/es/blog/painting-robots/"' in english
    # the Spanish post got an English page at the default-language URL
    assert "Esta mañana" in page(tmp_path / "html/es/blog/cuaderno-de-campo/index.html")
    assert "This morning" in page(tmp_path / "html/blog/cuaderno-de-campo/index.html")


def test_hugo(tmp_path):
    hugo = need("hugo")
    site = copy_site(tmp_path / "content-src")
    hugo_site = tmp_path / "hugo"
    shutil.copytree(FIXTURES / "generators/hugo", hugo_site)
    report = build_site({"content_dir": str(site), "output_dir": str(hugo_site / "content"), "layout": "hugo", "backend": "apertium", "progress": False})
    assert report.exit_code == 0, report.errors
    run([hugo, "-s", str(hugo_site), "-d", str(tmp_path / "html")], tmp_path)
    english = page(tmp_path / "html/_posts/2023-03-14-painting-robots/index.html")
    spanish_page = page(tmp_path / "html/es/_posts/2023-03-14-painting-robots/index.html")
    assert_pages(english, spanish_page, hugo_site / "content/_posts/2023-03-14-painting-robots.es.md")
    assert 'hreflang="es" href="https://example.org/es/_posts/2023-03-14-painting-robots/"' in english
    assert 'hreflang="en" href="https://example.org/_posts/2023-03-14-painting-robots/"' in spanish_page
    # the shortcode stays a shortcode; its caption is translated
    hugo_post = page(tmp_path / "html/es/_posts/2023-07-08-moving-to-hugo/index.html")
    source = (hugo_site / "content/_posts/2023-07-08-moving-to-hugo.es.md").read_text(encoding="utf-8")
    caption = re.search(r'caption="([^"]+)"', source).group(1)
    assert caption != "A heron standing in shallow water" and caption in hugo_post and "{{<" not in hugo_post
    # the Spanish source is Hugo's Spanish page, its translation the English one
    assert "Esta mañana" in page(tmp_path / "html/es/_posts/2023-05-02-cuaderno-de-campo/index.html")
    assert "This morning" in page(tmp_path / "html/_posts/2023-05-02-cuaderno-de-campo/index.html")


def test_mkdocs_static_i18n(tmp_path):
    need_module("mkdocs_static_i18n")
    copy_site(tmp_path / "docs")
    shutil.copy(FIXTURES / "generators/mkdocs/mkdocs.yml", tmp_path / "mkdocs.yml")
    run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "html")], tmp_path)
    english = page(tmp_path / "html/_posts/2023-03-14-painting-robots/index.html")
    spanish_page = page(tmp_path / "html/es/_posts/2023-03-14-painting-robots/index.html")
    assert_pages(english, spanish_page, tmp_path / ".blogbabel/mkdocs/docs/_posts/2023-03-14-painting-robots.es.md")
    sitemap = (tmp_path / "html/sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="es" href="https://example.org/es/_posts/2023-03-14-painting-robots/"' in sitemap
    assert not list((tmp_path / "docs").rglob("*.es.md"))  # the docs stay as written


def test_pelican(tmp_path):
    need_module("pelican")
    copy_site(tmp_path / "content")
    shutil.copy(FIXTURES / "generators/pelican/pelicanconf.py", tmp_path / "pelicanconf.py")
    run([sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(tmp_path / "html")], tmp_path)
    english = page(tmp_path / "html/robots-that-paint.html")
    spanish_page = page(tmp_path / "html/robots-that-paint-es.html")
    assert_pages(english, spanish_page, tmp_path / ".blogbabel/pelican/content/_posts/2023-03-14-painting-robots.es.md")
    assert 'hreflang="es"' in english and "robots-that-paint-es.html" in english
