"""Numbers in words people read: "1 interview", "2 interviews", never "1 interviews" or "interview(s)"."""

from __future__ import annotations


def count(n: int, one: str, many: str | None = None) -> str:
    """`n` and the noun agreeing with it: count(1, "interview") is "1 interview", count(3, "interview") is
    "3 interviews"; `many` for a plural that is not "+s" (count(2, "candidate is", "candidates are"))."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def noun(n: int, one: str, many: str | None = None) -> str:
    """The noun alone, agreeing with `n` (for text that shows the number in its own markup)."""
    return one if n == 1 else (many or one + "s")
