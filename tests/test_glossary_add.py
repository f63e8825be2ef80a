"""``blogbabel glossary add``: terms into the site's glossary, the TOML files kept as written."""

from __future__ import annotations

import pytest
from blogbabel.cli import main
from blogbabel.site import load_config
from blogbabel.translate.glossary import load_glossary


def test_terms_go_into_the_named_glossary_and_comments_stay(tmp_path):
    (tmp_path / "blogbabel.toml").write_text('# settings\nlocales = ["en", "es"]\nin_place = true\n\n[notice_text]\nes = "*Traducido.*"\n', encoding="utf-8")
    assert main(["glossary", "add", str(tmp_path), "Zorblax", "Ana Pérez"]) == 0
    assert main(["glossary", "add", str(tmp_path), "Zorblax", "blog post", "--pair", "en-es", "--translation", "entrada"]) == 0
    settings = (tmp_path / "blogbabel.toml").read_text(encoding="utf-8")
    assert settings.startswith("# settings\n") and 'glossary = ["glossary.toml"]\n\n[notice_text]' in settings
    config = load_config(tmp_path)
    glossary = load_glossary(config.glossary)
    assert {"Zorblax", "Ana Pérez"} <= set(glossary.protected_terms())
    assert glossary.forced_terms("en", "es")["blog post"] == "entrada" and config.notice_text == {"es": "*Traducido.*"}
    assert main(["glossary", "add", str(tmp_path), "Zorblax"]) == 0  # already there: unchanged
    assert (tmp_path / "glossary.toml").read_text(encoding="utf-8").count("Zorblax") == 2


def test_a_glossary_named_in_pyproject_is_edited_in_place(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "blog"\n\n[tool.blogbabel]\nin_place = true\nglossary = "terms.toml"\n', encoding="utf-8")
    (tmp_path / "terms.toml").write_text('# names\nprotected = ["Hugo"]  # the generator\n', encoding="utf-8")
    assert main(["glossary", "add", str(tmp_path), "Zorblax"]) == 0
    assert (tmp_path / "terms.toml").read_text(encoding="utf-8").startswith('# names\nprotected = ["Hugo", "Zorblax"]  # the generator')
    assert not (tmp_path / "blogbabel.toml").exists() and not (tmp_path / "glossary.toml").exists()


def test_bad_requests_change_nothing(tmp_path, capsys):
    (tmp_path / "glossary.toml").write_text("protected = [", encoding="utf-8")
    (tmp_path / "blogbabel.toml").write_text('glossary = ["glossary.toml"]\n', encoding="utf-8")
    assert main(["glossary", "add", str(tmp_path), "X", "--translation", "y"]) == 123
    assert "--translation and --pair go together" in capsys.readouterr().err
    assert main(["glossary", "add", str(tmp_path), "X"]) == 123
    assert "glossary.toml" in capsys.readouterr().err and (tmp_path / "glossary.toml").read_text(encoding="utf-8") == "protected = ["
    with pytest.raises(SystemExit):
        main(["glossary", "add", str(tmp_path)])
