"""Text search helpers shared by every list with a search box."""

from __future__ import annotations


def like_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with its wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column, text: str):
    """`column` holds `text`, ignoring case (and taking % and _ literally)."""
    return column.ilike(like_pattern(text), escape="\\")
