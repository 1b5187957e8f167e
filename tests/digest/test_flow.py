"""The `digest` flow writes the day's page and publishes it as Prefect artifacts."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from parsers.sources import Watch
from tests.warehouse.conftest import batch, page
from warehouse import Warehouse


def _artifacts(key: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        return client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))


def test_digest_flow_writes_the_page_and_publishes_it(prefect_harness, tmp_path):
    from flows.digest.flow import digest

    db = tmp_path / "wh.duckdb"
    wh = Warehouse(db)
    wh.set_watches([Watch("mek", "MEK")])
    now = datetime.now(timezone.utc)
    wh.load_batch(batch(page("https://courier.example/mek", "The MEK said.", title="MEK statement", at=now)))

    result = digest(db=str(db))
    path = Path(result["path"])
    assert path.parent == tmp_path / "digests" and path.name == f"digest-{now:%Y-%m-%d}.html"
    assert result["mentions"] == 1 and "MEK statement" in path.read_text(encoding="utf-8")
    (link,) = [a for a in _artifacts("digest") if path.as_uri() in str(a.data)]
    assert link.data == f"[{path.name}]({path.as_uri()})"  # Prefect keeps a link as Markdown
    markdown = [a for a in _artifacts("digest-mentions") if "MEK statement" in str(a.data)]
    assert markdown and "(https://courier.example/mek)" in markdown[0].data
