"""The `digest` flow: write the digest page of the last day and publish it as Prefect artifacts
(a link to the file, and the new mentions in Markdown), so the Prefect UI shows each morning's."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_link_artifact, create_markdown_artifact

from flows.config import absolute_db, resolve_db
from flows.digest.page import write_digest
from flows.run.report import markdown_table
from warehouse.queries.digest import Digest
from warehouse.db.lake import is_lake

ARTIFACT_MENTIONS = 20  # new mentions listed in the Markdown artifact; the page lists more


@flow(name="digest")
def digest(db: str | None = None, out_dir: str | None = None, hours: float = 24.0) -> dict:
    """Write `digest-<date>.html` for the last `hours` into `out_dir` (default: `digests/` next to
    the warehouse file) and publish it; returns the file and counts."""
    log = get_run_logger()
    now = datetime.now(timezone.utc)
    path = Path(out_dir or default_dir(db)) / f"digest-{now:%Y-%m-%d}.html"
    page = write_digest(resolve_db(db), now - timedelta(hours=hours), path, now=now)
    create_link_artifact(
        key="digest", link=path.resolve().as_uri(), link_text=path.name,
        description=f"the digest page of the {hours:g} hours to {now:%Y-%m-%d %H:%M} UTC",
    )
    create_markdown_artifact(key="digest-mentions", markdown=summary_markdown(page), description="new mentions")
    log.info("wrote %s: %d new mentions", path, page.mention_total)
    return {"path": str(path), "mentions": page.mention_total, "clusters": len(page.clusters)}


def default_dir(db: str | None) -> Path:
    """`digests/` beside the warehouse file; in the working directory for a lake."""
    resolved = absolute_db(db)
    return Path("digests").resolve() if is_lake(resolved) else Path(resolved).parent / "digests"


def summary_markdown(page: Digest) -> str:
    """The new mentions as a Markdown table, with the window they cover."""
    head = f"# Digest to {page.until:%Y-%m-%d %H:%M} UTC\n\n{page.mention_total} new mentions since {page.since:%Y-%m-%d %H:%M} UTC.\n\n"
    if not page.new_mentions:
        return head
    rows = [
        [m.watch, f"[{(m.title or m.url).replace('|', '/').replace(']', ')')}]({m.url})", m.source]
        for m in page.new_mentions[:ARTIFACT_MENTIONS]
    ]
    return head + markdown_table(["watch", "article", "source"], rows)
