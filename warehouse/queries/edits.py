"""Publishers' edits for analysts: the `article_edits` view as rows, and each as a unified diff."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

import duckdb


@dataclass(frozen=True, slots=True)
class Edit:
    url: str
    source: str
    version: int
    seen_at: datetime
    previous_title: str | None
    title: str | None
    previous_text: str
    text: str

    def diff(self) -> str:
        """The change as a unified diff of the title and text lines (headed by the versions)."""
        before = [f"# {self.previous_title or ''}", *self.previous_text.splitlines()]
        after = [f"# {self.title or ''}", *self.text.splitlines()]
        lines = difflib.unified_diff(
            before, after, f"version {self.version - 1}", f"version {self.version}", n=1, lineterm=""
        )
        return "\n".join(lines)


def recent_edits(
    con: duckdb.DuckDBPyConnection, since: datetime | None, source: str | None, limit: int
) -> list[Edit]:
    """The newest edits (re-extractions left out) seen at or after `since`, newest first."""
    rows = con.execute(
        """
        SELECT url, source, version, seen_at, previous_title, title, previous_text, text
        FROM article_edits
        WHERE NOT reextracted AND ($since IS NULL OR seen_at >= $since)
          AND ($source IS NULL OR source = $source)
        ORDER BY seen_at DESC, url
        LIMIT $limit
        """,
        {"since": since, "source": source, "limit": limit},
    ).fetchall()
    return [Edit(*row) for row in rows]
