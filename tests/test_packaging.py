"""What ships: pyproject.toml and requirements.txt name the same pins, every third-party package the bot
imports is one of them, and the development tools (the Slack double, the demo) stay out of the bot's
package and its image."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions, requires
from pathlib import Path

from bot.config import ROOT


def pins(path: Path) -> set[str]:
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return {line for line in lines if line and not line.startswith("-r")}


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_pyproject_and_the_requirements_files_name_the_same_pins():
    assert set(project()["dependencies"]) == pins(ROOT / "requirements.txt")
    assert set(project()["optional-dependencies"]["dev"]) == pins(ROOT / "requirements-dev.txt")


def imported_top_levels(folder: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], path)
    return found


def test_every_package_the_bot_imports_is_a_declared_dependency():
    declared = {pin.split("==")[0].split("[")[0].lower().replace("_", "-") for pin in project()["dependencies"]}
    for pin in list(declared):  # what a declared package itself requires (pydantic brings pydantic-core)
        for requirement in requires(pin) or []:
            if "extra ==" not in requirement:
                declared.add(re.split(r"[ ;<>=!\[(~]", requirement, maxsplit=1)[0].lower().replace("_", "-"))
    distributions = packages_distributions()
    missing = []
    for module, where in sorted(imported_top_levels(ROOT / "bot").items()):
        if module in sys.stdlib_module_names or module in ("bot", "devtools"):
            continue
        names = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} (imported by {where.relative_to(ROOT)})")
    assert not missing, f"imported but not in pyproject's dependencies: {missing}"


def test_the_bot_package_does_not_carry_the_development_tools():
    assert not (ROOT / "bot" / "devtools").exists()
    users = [
        path.relative_to(ROOT)
        for path in (ROOT / "bot").rglob("*.py")
        if "devtools" in imported_top_levels_of(path) and path.name != "__main__.py"
    ]
    assert users == [], "production code imports the development tools"
    # the one door to them, `python -m bot demo`, is guarded with a line saying what to install
    main = (ROOT / "bot" / "__main__.py").read_text()
    assert "except ImportError" in main and "requirements-dev.txt" in main
    dockerfile = (ROOT / "Dockerfile").read_text()
    copied = [line for line in dockerfile.splitlines() if line.startswith("COPY")]
    assert copied and not any("devtools" in line or line.split()[1] == "." for line in copied)
    assert (
        project()["name"]
        and "bot*"
        in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    )


def imported_top_levels_of(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


def test_the_demo_says_what_to_install_when_the_development_tools_are_absent(monkeypatch, capsys):
    from bot.__main__ import main

    monkeypatch.setitem(sys.modules, "devtools.demo", None)  # as in an image without them
    assert main(["demo"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pip install -r requirements-dev.txt" in err
