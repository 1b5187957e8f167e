"""Builders for warehouse tests: small realistic batches and a fresh warehouse per test."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from parsers.records import Article, FetchResult, PageRecord, SourceBatch
from warehouse import Warehouse

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def wh(tmp_path) -> Warehouse:
    return Warehouse(tmp_path / "wh.duckdb")


def page(
    url: str,
    text: str = "First paragraph.\n\nSecond paragraph.",
    *,
    title: str = "A title",
    source: str = "courier",
    at: datetime = T0,
    canonical: str | None = None,
    page_type: str = "article",
    raw: bytes | None = None,
    **article_fields,
) -> PageRecord:
    article = Article(
        url=url,
        canonical_url=canonical,
        title=title,
        text=text,
        page_type=page_type,
        extractor_version="test-1",
        **article_fields,
    )
    body = raw if raw is not None else f"<html><h1>{title}</h1><p>{text}</p></html>".encode()
    return PageRecord(
        source=source, url=url, fetched_at=at, raw=body, article=article,
        final_url=url, content_type="text/html", http_status=200,
    )


def fetch(url: str, status: int = 200, *, at: datetime = T0, outcome: str = "fetched") -> FetchResult:
    return FetchResult(url=url, final_url=url, status=status, content_type="text/html",
                       body=b"x" * 10, elapsed=0.1, attempts=1, outcome=outcome, fetched_at=at)


def batch(*pages: PageRecord, fetches=(), source: str = "courier", run_id: str = "run-1") -> SourceBatch:
    fetched = list(fetches) or [fetch(p.url, at=p.fetched_at) for p in pages]
    return SourceBatch(source=source, run_id=run_id, pages=list(pages), fetches=fetched)


def later(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)
