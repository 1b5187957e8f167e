"""What a run did, per source and in total: printed by the CLI, published as a Prefect artifact."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass
class SourceReport:
    source: str
    feeds_polled: int = 0
    feeds_unchanged: int = 0
    candidates: int = 0
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    non_articles: int = 0
    failed: int = 0
    # Known articles fetched again on their revisit schedule, and what those fetches found.
    revisits: int = 0
    edits: int = 0  # a different text: a new version
    deleted: int = 0  # 404 or 410: the article is marked gone
    moved: int = 0  # now the page of another (canonical) article URL
    errors: list[str] = field(default_factory=list)


@dataclass
class RunReport:
    run_id: str
    sources: list[SourceReport] = field(default_factory=list)
    interrupted: str | None = None  # the signal that stopped the run, if one did

    def total(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.sources)

    @property
    def errors(self) -> list[str]:
        return [f"{s.source}: {e}" for s in self.sources for e in s.errors]

    def as_dict(self) -> dict:
        out: dict = {"run_id": self.run_id, "sources": [asdict(s) for s in self.sources]}
        if self.interrupted:
            out["interrupted"] = self.interrupted
        return out

    def table(self) -> list[dict]:
        """One row of counts per source, errors counted: what a sharded run's parent adds up."""
        return [{**asdict(s), "errors": len(s.errors)} for s in self.sources]

    def summary_lines(self) -> list[str]:
        lines = [
            f"run {self.run_id}: {len(self.sources)} sources, {self.total('feeds_polled')} feeds/sitemaps "
            f"polled ({self.total('feeds_unchanged')} not modified)",
            f"articles: {self.total('new')} new, {self.total('updated')} updated, "
            f"{self.total('unchanged')} unchanged; {self.total('non_articles')} non-article pages; "
            f"{self.total('failed')} failed fetches; {len(self.errors)} errors",
            f"revisits: {self.total('revisits')} known articles fetched again, {self.total('edits')} edited, "
            f"{self.total('deleted')} deleted, {self.total('moved')} moved",
        ]
        lines += [f"  error: {e}" for e in self.errors[:20]]
        if self.interrupted:
            lines.append(f"interrupted by {self.interrupted}: the next run does what this one did not")
        return lines

    def markdown(self) -> str:
        """The run report as a Markdown table plus the most frequent errors."""
        table = markdown_table(
            ["source", "feeds polled", "new", "updated", "unchanged", "non-articles", "failed", "revisits",
             "edits", "deleted"],
            [
                [s.source, s.feeds_polled, s.new, s.updated, s.unchanged, s.non_articles, s.failed, s.revisits,
                 s.edits, s.deleted]
                for s in self.sources
            ],
        )
        top = Counter(self.errors).most_common(10)
        errors = "".join(f"- {e} (x{n})\n" for e, n in top) or "- none\n"
        return f"# Ingest run {self.run_id}\n\n{table}\n## Top errors\n{errors}"


def markdown_table(columns: list[str], rows: list[list[object]]) -> str:
    """A Markdown table; numeric columns (judged by the first row) are right-aligned."""
    first = rows[0] if rows else []
    align = ["---:" if i < len(first) and isinstance(first[i], int) else "---" for i in range(len(columns))]
    lines = [columns, align] + [[str(cell) for cell in row] for row in rows]
    return "".join("| " + " | ".join(line) + " |\n" for line in lines)
