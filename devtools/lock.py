"""The two locks, generated from pyproject.toml: `python -m devtools.lock` writes them, `--check` says whether
the files on disk are what pyproject resolves to (tests/test_packaging.py and .ci/run ask it).

- requirements.txt: the runtime lock. What the Dockerfile, a Procfile host and CI's shipped-artifact check
  install: pyproject's `dependencies` and everything they need, each pinned with its hashes.
- requirements-dev.txt: the same plus the `dev` extra (tests, lint, the demo's browser, uv itself).

Both are universal (one file for Linux, macOS and Windows) and resolved as PyPI stood at EXCLUDE_NEWER, so the
same pyproject always gives the same files: to take newer releases, move EXCLUDE_NEWER forward and run this."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXCLUDE_NEWER = "2026-12-08T00:00:00Z"
COMMAND = "python -m devtools.lock"
LOCKS = {"requirements.txt": (), "requirements-dev.txt": ("--extra", "dev")}


def compile_lock(extras: tuple[str, ...], output: Path) -> None:
    subprocess.run(
        [
            sys.executable, "-m", "uv", "pip", "compile", str(REPO / "pyproject.toml"), *extras,
            "--universal", "--python-version", "3.11", "--generate-hashes", "--exclude-newer", EXCLUDE_NEWER,
            "--custom-compile-command", COMMAND, "--no-progress", "--quiet", "--output-file", str(output),
        ],
        check=True,
        cwd=REPO,
    )  # fmt: skip


def drift() -> list[str]:
    """The locks that differ from what pyproject.toml resolves to now (empty: in step)."""
    stale = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, extras in LOCKS.items():
            fresh = Path(scratch) / name
            compile_lock(extras, fresh)
            if fresh.read_text() != (REPO / name).read_text():
                stale.append(name)
    return stale


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 when a lock has drifted")
    args = p.parse_args(argv)
    if args.check:
        stale = drift()
        for name in stale:
            print(f"error: {name} is not what pyproject.toml resolves to: run `{COMMAND}`", file=sys.stderr)
        return 1 if stale else 0
    for name, extras in LOCKS.items():
        compile_lock(extras, REPO / name)
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
