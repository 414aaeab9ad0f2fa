"""Where the repository is: the tests read its files (README, pyproject, manifests, the package's sources)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
