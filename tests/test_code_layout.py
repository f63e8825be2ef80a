"""The code's own rules, checked: the import direction of the pipeline, module and class
sizes, and tests that do not import each other (README: How the code is organised)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "plugin" / "blogbabel"
#: the pure core and what it must never reach: the site, the engines, the edge
PURE = ("markdown", "translate")
FORBIDDEN = ("site", "backends", "cli", "commands", "integrations", "files", "review")
MAX_MODULE_LINES, MAX_CLASS_LINES = 400, 150


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _imported(path: Path) -> set[str]:
    """The blogbabel modules ``path`` imports, as dotted names relative to the package."""
    package = path.relative_to(PACKAGE).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                target = base + (node.module.split(".") if node.module else [])
                names = [target + [alias.name] for alias in node.names] if not node.module else [target]
            elif node.module and node.module.split(".")[0] == "blogbabel":
                names = [node.module.split(".")[1:]]
            else:
                continue
            found.update(".".join(name) for name in names if name)
        elif isinstance(node, ast.Import):
            found.update(".".join(alias.name.split(".")[1:]) for alias in node.names if alias.name.startswith("blogbabel."))
    return found


@pytest.mark.parametrize("folder", PURE)
def test_the_pure_core_imports_nothing_from_the_site_engines_or_edge(folder):
    wrong = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _modules(PACKAGE / folder)
        for name in _imported(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert not wrong, sorted(wrong)


def test_the_import_rule_sees_relative_and_absolute_imports():
    # the checker itself: relative imports at any level, inside functions too
    assert "markdown.frontmatter" in _imported(PACKAGE / "markdown" / "frontmatter_edit.py")
    assert "backends.base" in _imported(PACKAGE / "backends" / "argos.py")
    assert "repair" in _imported(PACKAGE / "translate" / "job.py")  # a function-level import


def test_no_module_is_over_400_lines_and_no_class_over_150():
    too_long = []
    for path in _modules(PACKAGE):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n") + (not text.endswith("\n") and bool(text))
        name = path.relative_to(PACKAGE).as_posix()
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                too_long.append(f"{name}: class {node.name} {node.end_lineno - node.lineno + 1} lines")
    assert not too_long, too_long


def test_no_test_module_imports_another():
    tests = {path.stem for path in (ROOT / "tests").glob("test_*.py")}
    wrong = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names] if isinstance(node, ast.Import) else []
            wrong += [f"{path.name} imports {name}" for name in names if name.split(".")[-1] in tests or name.startswith("tests.")]
    assert not wrong, wrong


def _tool(name: str) -> str:
    import os
    import shutil
    import sys

    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (the test extras install it)")
        pytest.skip(f"{name} is not installed")
    return found


def test_ruff_lint_and_format_pass_on_the_package():
    import subprocess

    ruff = _tool("ruff")
    for command in ([ruff, "check", "plugin"], [ruff, "format", "--check", "plugin"]):
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_passes_on_the_package():
    import subprocess

    done = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
