"""The published site is right (slow): for each layout preset an example blog full of the hard
cases is built by blogbabel (Apertium translating) and then by its real generator, and the page
checker (tests/support/pagecheck.py) reads every HTML page in both languages.

Each site is built once per session: a fixture assembles it from fixtures/pagecheck/posts (the
shared posts: both languages, one without ``lang``, footnotes, tables, figures with mojibake, a
post that is deleted; built into an output folder, and for Hugo also in place) and fixtures/pagecheck/<generator>/ (its own files and cases: a page
without permalink, a root README, highlight blocks), builds it, deletes one post, builds
again, then runs the generator. One test per check and preset, so a report names what broke.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from blogbabel.site import build_site

from support.pagecheck import CHECKS, SiteCheck, check_site

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "fixtures" / "pagecheck"
NODE_MODULES = ROOT / "tools" / "node" / "node_modules"
DELETED_POST = "2024-05-30-old-announcement.md"
DELETED = ("old-announcement", "An announcement that will be withdrawn")
SLUGS = ("greenhouse-sensors", "mercado-de-barrio", "paseo-por-la-sierra")
DATED_SLUGS = ("02-03-greenhouse-sensors", "03-09-mercado-de-barrio", "04-21-paseo-por-la-sierra")


def need(binary: str, path: Path | None = None) -> str:
    """A tool installed by scripts/setup.sh: a missing one fails in CI, skips elsewhere."""
    found = str(path) if path is not None and path.exists() else shutil.which(binary)
    if found is None:
        message = f"{binary} is not installed (scripts/setup.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def need_module(name: str) -> None:
    try:
        __import__(name)
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")


def run(cmd: list[str], cwd: Path, **env: str) -> str:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=400, env={**os.environ, **env})
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    return done.stdout + done.stderr


def assemble(dest: Path, generator: str, posts_dir: str, images_dir: str = "images") -> Path:
    """The example blog for ``generator``: its own files plus the shared posts and images."""
    shutil.copytree(CASES / generator, dest)
    shutil.copytree(CASES / "posts", dest / posts_dir, dirs_exist_ok=True)
    shutil.copytree(CASES / "images", dest / images_dir, dirs_exist_ok=True)
    return dest


def build_twice(settings: dict, removed: Path) -> None:
    """blogbabel builds, the author deletes a post, blogbabel builds again."""
    for _ in range(2):
        report = build_site({**settings, "backend": "apertium", "progress": False})
        assert report.exit_code == 0, report.errors
        removed.unlink(missing_ok=True)


@dataclass
class Built:
    html: Path
    check: SiteCheck


def jekyll(tmp: Path, layout: str = "jekyll-polyglot") -> Built:
    binary = need("jekyll")
    source = assemble(tmp / "src", "jekyll-polyglot", "_posts")
    out = tmp / "out"
    build_twice({"content_dir": str(source), "output_dir": str(out), "layout": layout}, source / "_posts" / DELETED_POST)
    run([binary, "build", "-s", str(out), "-d", str(tmp / "html")], tmp)
    pairs = tuple((f"blog/2024/{slug}/index.html", f"es/blog/2024/{slug}/index.html") for slug in SLUGS)
    return Built(tmp / "html", check_site(tmp / "html", base_url="https://example.org", content="article", deleted=DELETED,
                                         expected_pairs=pairs + (("colophon/index.html", "es/colophon/index.html"),)))


def hugo(tmp: Path) -> Built:
    binary = need("hugo")
    source = assemble(tmp / "src", "hugo/content", "posts")
    site = tmp / "hugo"
    shutil.copytree(CASES / "hugo/site", site)
    build_twice({"content_dir": str(source), "output_dir": str(site / "content"), "layout": "hugo"}, source / "posts" / DELETED_POST)
    shutil.copytree(CASES / "images", site / "static/images")
    run([binary, "-s", str(site), "-d", str(tmp / "html")], tmp)
    pairs = tuple((f"posts/2024-{slug}/index.html", f"es/posts/2024-{slug}/index.html") for slug in DATED_SLUGS)
    return Built(tmp / "html", check_site(tmp / "html", base_url="https://example.org", content="article", deleted=DELETED,
                                         expected_pairs=pairs + (("about/index.html", "es/about/index.html"),)))


def hugo_in_place(tmp: Path) -> Built:
    """Hugo with the translations beside the sources (``--in-place``), the Spanish posts named
    ``x.es.md`` as Hugo wants: the English post with mojibake is repaired in the source, so its
    own page is clean too, and the site is up to date right after the build."""
    binary = need("hugo")
    site = tmp / "hugo"
    shutil.copytree(CASES / "hugo/site", site)
    content = assemble(site / "content", "hugo/content", "posts", "../static/images")
    for spanish in ("2024-03-09-mercado-de-barrio", "2024-04-21-paseo-por-la-sierra"):
        (content / "posts" / f"{spanish}.md").rename(content / "posts" / f"{spanish}.es.md")
    settings = {"content_dir": str(content), "in_place": True, "layout": "hugo"}
    build_twice(settings, content / "posts" / DELETED_POST)
    assert build_site({**settings, "check": True, "progress": False}).exit_code == 0  # status agrees: nothing to do
    again = build_site({**settings, "backend": "apertium", "progress": False})
    assert list(again.written) == [] and again.model_calls == 0 and again.sources_repaired == {}
    run([binary, "-s", str(site), "-d", str(tmp / "html")], tmp)
    pairs = tuple((f"posts/2024-{slug}/index.html", f"es/posts/2024-{slug}/index.html") for slug in DATED_SLUGS)
    return Built(tmp / "html", check_site(tmp / "html", base_url="https://example.org", content="article", deleted=DELETED,
                                         expected_pairs=pairs + (("about/index.html", "es/about/index.html"),)))


def mkdocs(tmp: Path) -> Built:
    need_module("mkdocs_static_i18n")
    project = assemble(tmp / "project", "mkdocs", "docs/posts", "docs/images")
    for _ in range(2):
        run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp / "html")], project)
        (project / "docs/posts" / DELETED_POST).unlink(missing_ok=True)
    pairs = tuple((f"posts/2024-{slug}/index.html", f"es/posts/2024-{slug}/index.html") for slug in DATED_SLUGS)
    return Built(tmp / "html", check_site(tmp / "html", base_url="https://example.org", content="div[role=main]", deleted=DELETED,
                                         expected_pairs=pairs + (("index.html", "es/index.html"),), hreflang=False))


def pelican(tmp: Path) -> Built:
    need_module("pelican")
    project = assemble(tmp / "project", "pelican", "content", "content/images")
    for _ in range(2):
        run([sys.executable, "-m", "pelican", "-s", "pelicanconf.py", "-o", str(tmp / "html"), "--delete-output-directory"], project)
        (project / "content" / DELETED_POST).unlink(missing_ok=True)
    pairs = (("sensors-in-the-greenhouse.html", "sensors-in-the-greenhouse-es.html"), ("el-mercado-del-barrio.html", "el-mercado-del-barrio-es.html"),
             ("un-paseo-por-la-sierra.html", "un-paseo-por-la-sierra-es.html"), ("pages/how-this-blog-is-made.html", "pages/how-this-blog-is-made-es.html"))
    return Built(tmp / "html", check_site(tmp / "html", base_url="", content="article", deleted=DELETED, expected_pairs=pairs))


def eleventy(tmp: Path, layout: str = "eleventy") -> Built:
    binary = need("eleventy", NODE_MODULES / ".bin" / "eleventy")
    source = assemble(tmp / "src", "eleventy", "posts")
    out = tmp / "out"
    build_twice({"content_dir": str(source), "output_dir": str(out), "layout": layout}, source / "posts" / DELETED_POST)
    (out / "node_modules").symlink_to(NODE_MODULES)  # the config's imports resolve from the site
    run([binary, "--quiet", "--output", str(tmp / "html")], out)
    pairs = tuple((f"posts/2024-{slug}/index.html", f"es/posts/2024-{slug}/index.html") for slug in DATED_SLUGS)
    return Built(tmp / "html", check_site(tmp / "html", base_url="https://example.org", content="article", deleted=DELETED,
                                         expected_pairs=pairs + (("colophon/index.html", "es/colophon/index.html"),)))


def docusaurus(tmp: Path) -> Built:
    binary = need("docusaurus", NODE_MODULES / ".bin" / "docusaurus")
    source = assemble(tmp / "src", "docusaurus", "blog", "static/images")
    out = tmp / "out"
    build_twice({"content_dir": str(source), "output_dir": str(out), "layout": "docusaurus"}, source / "blog" / DELETED_POST)
    (out / "node_modules").symlink_to(NODE_MODULES)
    # a build from scratch: the persistent cache in the shared node_modules would serve pages of an earlier run
    run([binary, "build", "--out-dir", str(tmp / "html")], out, DOCUSAURUS_NO_UPDATE_CHECK="1", DOCUSAURUS_NO_PERSISTENT_CACHE="1")
    pairs = tuple((f"blog/2024/{date}/{slug}/index.html", f"es/blog/2024/{date}/{slug}/index.html") for date, slug in zip(("02/03", "03/09", "04/21"), SLUGS))
    return Built(tmp / "html", check_site(tmp / "html", base_url="https://example.org", content="article", deleted=DELETED,
                                         expected_pairs=pairs + (("blog/2024/06/11/code-blocks/index.html", "es/blog/2024/06/11/code-blocks/index.html"),)))


GENERATORS = {
    "jekyll-polyglot": jekyll,
    "hugo": hugo,
    "hugo --in-place": hugo_in_place,
    "mkdocs-static-i18n": mkdocs,
    "pelican": pelican,
    "eleventy": eleventy,
    "docusaurus": docusaurus,
    # the folder layout is the per-locale mirror any generator can read: Eleventy reads it
    "folder": lambda tmp: eleventy(tmp, "folder"),
}


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory):
    cache: dict[str, Built] = {}

    def get(preset: str) -> Built:
        if preset not in cache:
            need("apertium")
            cache[preset] = GENERATORS[preset](tmp_path_factory.mktemp(preset))
        return cache[preset]

    return get


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("preset", list(GENERATORS))
def test_published_pages(built_sites, preset, check):
    site = built_sites(preset)
    assert site.check.pairs, f"no language pairs found in {site.html}"
    findings = [str(f) for f in site.check.findings if f.check == check]
    assert not findings, "\n".join(findings)


def test_example_script_ends_with_the_generator_and_prints_both_urls(tmp_path):
    need("jekyll")
    need("apertium")
    done = subprocess.run(["bash", str(ROOT / "scripts/example.sh")], cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "OUT": str(tmp_path / "example"), "BLOGBABEL": str(Path(sys.executable).parent / "blogbabel")})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert (tmp_path / "example/html/es/blog/painting-robots/index.html").is_file()
    assert "http://127.0.0.1:4000/blog/painting-robots/" in done.stdout and "http://127.0.0.1:4000/es/blog/painting-robots/" in done.stdout
