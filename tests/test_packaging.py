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

from tests.support.paths import ROOT


def locked(path: Path) -> dict[str, set[str]]:
    """A lock's pins: package name -> the versions pinned (two when a marker splits them by Python version)."""
    out: dict[str, set[str]] = {}
    for line in path.read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9_.\-]+)==([^ ;\\]+)", line):
            out.setdefault(canonical(match[1]), set()).add(match[2])
    return out


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_the_locks_pin_exactly_pyprojects_dependencies_with_hashes():
    """Offline: each direct dependency is in the lock at pyproject's version, every package line carries hashes,
    and the development lock holds the runtime lock's pins unchanged."""
    runtime, dev = locked(ROOT / "requirements.txt"), locked(ROOT / "requirements-dev.txt")
    for lock, pins in ((runtime, project()["dependencies"]), (dev, project()["optional-dependencies"]["dev"])):
        for pin in pins:
            name, version = pin.split("==")
            assert lock.get(canonical(name.split("[")[0])) == {version}, pin
    assert {name: runtime[name] for name in runtime} == {name: dev[name] for name in runtime}
    for path in (ROOT / "requirements.txt", ROOT / "requirements-dev.txt"):
        text = path.read_text()
        assert "python -m devtools.lock" in text.splitlines()[1]
        entries = re.split(r"\n(?=[A-Za-z])", text.split("\n", 2)[2])
        assert entries and all("--hash=sha256:" in entry for entry in entries), path.name
    assert "greenlet" in runtime, "SQLAlchemy[asyncio] brings greenlet: slack_sdk's installation store needs it"
    assert not {"pytest", "playwright", "uv", "ruff"} & set(runtime), "a development tool in the runtime lock"


def test_the_locks_are_what_pyproject_resolves_to():
    """The locks regenerated from pyproject.toml (devtools/lock.py, as PyPI stood at its EXCLUDE_NEWER) are the
    files in the repository: a dependency added to pyproject and not locked fails here."""
    from devtools.lock import drift

    assert drift() == [], "run `python -m devtools.lock`"


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


def test_the_migrations_and_the_playbook_travel_in_the_package():
    """Every file the installed bot reads from its own folder is package data (Alembic's scripts, the playbook),
    and Alembic is configured from the package's own location, not from a file in the clone."""
    from fnmatch import fnmatch

    from bot.migrate import SCRIPTS, alembic_config

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["bot"]
    needed = [
        p.relative_to(ROOT / "bot").as_posix()
        for folder in ("migrations", "playbook")
        for p in (ROOT / "bot" / folder).rglob("*")
        if p.is_file()
        and "__pycache__" not in p.parts
        and p.suffix != ".pyc"
        and not (folder == "playbook" and p.suffix == ".py")  # modules of the bot.playbook package
    ]
    assert needed and [n for n in needed if not any(fnmatch(n, g) for g in globs)] == []
    assert SCRIPTS == ROOT / "bot" / "migrations"
    config = alembic_config("sqlite://")
    assert config.config_file_name is None and config.get_main_option("script_location") == str(SCRIPTS)


def test_the_image_and_ci_install_the_same_way():
    """The Dockerfile installs the runtime lock with its hashes and then the built wheel alone, as a non-root
    user; .ci/run replays those very steps for its shipped-artifact check."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "FROM python:3.11-slim" in dockerfile and "sys.version_info[:2] != (3, 11)" in ci
    for step in ("pip install --require-hashes -r", "pip wheel --no-cache-dir --no-deps", "pip install --no-deps"):
        assert step in dockerfile, step
    for step in ('pip" install --quiet --require-hashes -r requirements.txt', 'pip" wheel --quiet --no-deps'):
        assert step in ci, step
    assert re.search(r"^USER (?!root)\w+", dockerfile, flags=re.M)
    assert 'CMD ["ml-hiring-bot", "serve"]' in dockerfile
    assert ci.index("devtools.smoke") < ci.index("python -m pytest"), "what ships is checked before the suites"
