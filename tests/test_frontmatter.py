"""Front matter: detection, errors with line numbers, values re-quoted in their own style."""

from __future__ import annotations

import pytest

from blogbabel.errors import FrontMatterError
from blogbabel.markdown.frontmatter import read_header
from blogbabel.translate.job import TranslateOptions, translate_markdown, translate_post
from support.markers import FunctionTranslator, MarkerTranslator

NO_CLEAN = TranslateOptions(clean=False)


def marked(text: str) -> str:
    return translate_markdown(text, source="en", target="es", translator=MarkerTranslator(), options=NO_CLEAN)


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("---\ntitle: ok\nbad: [unclosed\n---\nbody\n", 4, "invalid YAML"),
        ("---\ntitle: ok\nno closing line\n", 1, "never closed"),
        ("---\n- a list\n- not a mapping\n---\nbody\n", 2, "must be a mapping"),
        ("+++\ntitle = 'ok'\nbad = \n+++\nbody\n", 3, "invalid TOML"),
        ("---\ntitle: !!python/object:os.system echo\n---\n", 2, "invalid YAML"),
    ],
)
def test_broken_front_matter_names_the_line(text, line, message):
    with pytest.raises(FrontMatterError, match=message) as info:
        read_header(text, path="post.md")
    assert info.value.line == line and info.value.path == "post.md"
    assert str(info.value).startswith(f"post.md:{line}: ")


def test_yaml_styles_are_kept():
    text = (
        "---\n"
        "title: Plain title\n"
        "subtitle: 'Single quoted'\n"
        'description: "Double \\"quoted\\""\n'
        "excerpt: |\n  Literal block\n  second line\n"
        "summary: >-\n  Folded\n  block\n"
        "# a comment stays\n"
        "date: 2020-01-01\n"
        "---\nBody.\n"
    )
    out = marked(text)
    assert "title: «Plain title»\n" in out
    assert "subtitle: '«Single quoted»'\n" in out
    assert 'description: "«Double \\"quoted\\"»"\n' in out
    assert "excerpt: |\n  «Literal block second line»\n" in out
    assert "summary: >-\n  «Folded block»\n" in out
    assert "# a comment stays\ndate: 2020-01-01\n---\n«Body.»\n" in out


def test_plain_yaml_values_get_quoted_when_the_translation_needs_it():
    out = translate_markdown(
        "---\ntitle: Hello\n---\n", source="en", target="es",
        translator=type("T", (), {"translate_batch": lambda self, t, s, g: ["Nota: #1 - sí"]})(), options=NO_CLEAN,
    )
    assert out == '---\ntitle: "Nota: #1 - sí"\n---\n'


def test_nested_caption_alt_title_keys_at_any_depth():
    text = "---\nheader:\n  caption: Cap\n  teaser: /t.png\ngallery:\n  - alt: One\n  - {alt: Two, url: /2.png}\nauthor: {name: Ann}\n---\n"
    assert [(f.path, f.value) for f in read_header(text).fields()] == [
        ("header.caption", "Cap"), ("gallery[0].alt", "One"), ("gallery[1].alt", "Two"),
    ]


@pytest.mark.parametrize("tags", [True, False], ids=["tags", "pieces"])
def test_code_spans_in_front_matter_values_are_code(tags):
    # (themes print excerpts through markdownify; Jekyll's so-simple theme writes
    # "Jekyll's `{% highlight %}` tag." in one, and the backticks were moved as prose)
    text = "---\nexcerpt: \"Use Jekyll's `{% highlight %}` tag or `render()`.\"\n---\nBody.\n"
    out = translate_post(text, source="en", target="es", translator=FunctionTranslator(str.upper, tags), options=NO_CLEAN).text
    assert "`{% highlight %}`" in out and "`render()`" in out
    assert "USE JEKYLL'S" in out


def test_non_string_values_and_keys_never_change():
    text = "---\ntitle: 2024\ndescription: true\nsummary: null\npermalink: /a/b/\n---\nText.\n"
    assert marked(text) == "---\ntitle: 2024\ndescription: true\nsummary: null\npermalink: /a/b/\n---\n«Text.»\n"


def test_post_that_is_only_front_matter():
    text = "---\ntitle: Only metadata\n---\n"
    assert marked(text) == "---\ntitle: «Only metadata»\n---\n"


def test_dotted_toml_keys_and_tables():
    text = '+++\ntitle = "T"\n[params]\ndescription = "not top level"\nheader.caption = "C"\n+++\n'
    out = marked(text)
    assert 'header.caption = "«C»"' in out and 'description = "not top level"' in out


def _count_parses(monkeypatch) -> dict[str, int]:
    """Count front matter block parses (YAML, TOML, meta) and ``yaml.compose`` calls."""
    import yaml

    from blogbabel.markdown import frontmatter, frontmatter_formats

    counts = {"parses": 0, "compose": 0}

    def counted(function, key):
        def wrapper(*args, **kwargs):
            counts[key] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(frontmatter, "_read_yaml", counted(frontmatter._read_yaml, "parses"))
    for name in ("read_toml", "read_meta"):
        monkeypatch.setattr(frontmatter_formats, name, counted(getattr(frontmatter_formats, name), "parses"))
    monkeypatch.setattr(yaml, "compose", counted(yaml.compose, "compose"))
    return counts


@pytest.mark.parametrize("layout", ["jekyll-polyglot", "hugo"])
def test_a_build_parses_each_posts_front_matter_once(tmp_path, monkeypatch, layout):
    import shutil
    from pathlib import Path

    from blogbabel.site import build_site

    site = tmp_path / "site"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "site", site)
    posts = len(list(site.rglob("*.md")))
    counts = _count_parses(monkeypatch)
    # the review record analyses each translation written, its front matter included: once each
    from blogbabel.review.record import BuildRecorder

    recorded: list[str] = []
    record = BuildRecorder._record
    monkeypatch.setattr(BuildRecorder, "_record", lambda self, key, *args: recorded.append(key) or record(self, key, *args))
    report = build_site({"content_dir": str(site), "output_dir": str(tmp_path / "out"), "backend": "identity", "progress": False, "layout": layout})
    assert report.exit_code == 0, report.errors
    assert report.repairs > 0 and len(report.written) > posts  # front matter was repaired and translated
    assert recorded and counts["parses"] <= posts + len(recorded) and counts["compose"] <= posts + len(recorded), counts


def test_past_the_kept_headers_a_post_is_parsed_again_with_the_same_output(tmp_path, monkeypatch):
    # a 100,000-post site cannot keep every parsed header until its post is prepared
    import shutil
    from pathlib import Path

    from blogbabel.site import build_site, status
    from blogbabel.site.config import as_config

    counts = _count_parses(monkeypatch)

    def build(name: str) -> tuple[dict[str, bytes], int]:
        site, out = tmp_path / name / "site", tmp_path / name / "out"
        shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "site", site)
        counts["parses"] = 0
        report = build_site({"content_dir": str(site), "output_dir": str(out), "backend": "identity", "progress": False, "cache": False})
        assert report.exit_code == 0, report.errors
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}, counts["parses"]

    kept_all, parses_all = build("all")
    monkeypatch.setattr(status, "HEADERS_KEPT", 2)
    plan = status.make_plan(as_config({"content_dir": str(tmp_path / "all" / "site"), "output_dir": str(tmp_path / "all" / "out")}))
    scanned = [info for group in plan.groups for info in (group.source, *group.others.values()) if info is not None]
    assert len(scanned) > 2 and sum(info.header is not None for info in scanned) == 2
    kept_two, parses_two = build("two")
    assert kept_two == kept_all
    assert parses_two == parses_all + len(scanned) - 2  # once more for each post past the two kept


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_front_matter_lines_are_right_whatever_the_line_endings(newline):
    # old Mac files end lines with \r only: values were reported one line too early
    yaml_post = newline.join(["---", "layout: post", "title: Hello", "gallery:", "  - alt: A heron", "---", "", "Body."])
    toml_post = newline.join(["+++", "date = 2023-07-08", 'title = "Hello"', "+++", "Body."])
    assert [(f.path, f.line) for f in read_header(yaml_post).fields()] == [("title", 3), ("gallery[0].alt", 5)]
    assert [(f.path, f.line) for f in read_header(toml_post).fields()] == [("title", 3)]
    with pytest.raises(FrontMatterError) as info:
        read_header(newline.join(["---", "title: ok", "bad: [unclosed", "---", "body"]))
    assert info.value.line == 4


def test_a_pelican_header_through_the_library_keeps_its_keys_and_lines():
    # (Pelican and Python-Markdown's meta: the site build converts it to YAML and back; the
    # library call does the same, so keys and non-prose values never reach the engine)
    text = "Title: Watering ferns\nDate: 2024-01-01 10:00\nTags: plants,\n  ferns\nSummary: A short note: read it.\n\nBody text.\n\n![](x.png)\n"
    result = translate_post(text, source="en", target="es", translator=MarkerTranslator(), options=NO_CLEAN)
    assert result.text == "Title: «Watering ferns»\nDate: 2024-01-01 10:00\nTags: plants,\n  ferns\nSummary: «A short note: read it.»\n\n«Body text.»\n\n![](x.png)\n"
    assert [w.line for w in result.warnings] == [9]  # the empty alt text, on its own line


@pytest.mark.parametrize(
    "text",
    [
        "Note: this paragraph is prose.\nIt goes on here.\n\nMore.\n",  # no title
        "Title: a heading-like line\nfollowed by prose\n\nMore.\n",  # no second key: prose
    ],
)
def test_prose_that_opens_like_a_header_is_prose(text):
    assert marked(text).startswith("«" + text.split(":")[0])  # the first line is sent as prose
