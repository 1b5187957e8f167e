"""The digest as one self-contained HTML file: Plotly charts with Plotly's JavaScript inlined, so
the page opens anywhere without network, and tables of the new mentions, the largest story
clusters and the extraction health. No Prefect here: `mediamon report` starts in a second.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta, timezone
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from warehouse import Warehouse
from warehouse.queries.digest import Digest

CHART_DAYS = 14  # charts show at least this many days, for context around the window
MENTIONS_CHART = "Mentions per watch per day"
VOLUME_CHART = "Articles per source per day"

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #222; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .3rem .5rem; vertical-align: top; }
tr:nth-child(even) td { background: #f6f6f6; } th { border-bottom: 2px solid #ccc; }
td.n, th.n { text-align: right; } .muted { color: #777; } .chart { height: 380px; }
"""


def write_digest(db: str | os.PathLike, since: datetime, out: str | os.PathLike, now: datetime | None = None) -> Digest:
    """Read the warehouse at `db` and write the digest of everything since `since` to `out`."""
    until = now or datetime.now(timezone.utc)
    chart_since = min(since, until - timedelta(days=CHART_DAYS))
    digest = Warehouse(db).digest(since, until, chart_since)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(digest), encoding="utf-8")
    return digest


def render(digest: Digest) -> str:
    """The page: charts first, then what to read, then what to fix."""
    from plotly.offline import get_plotlyjs

    sections = [
        _section("mentions-chart", MENTIONS_CHART, _chart("mentions-per-day", MENTIONS_CHART, digest, digest.mentions_per_day, "mentions", grouped=True)),
        _section("new-mentions", f"New mentions ({digest.mention_total})", _mentions_table(digest)),
        _section("volume-chart", VOLUME_CHART, _chart("articles-per-day", VOLUME_CHART, digest, digest.articles_per_day, "articles", grouped=False)),
        _section("clusters", "Largest story clusters", _clusters_table(digest)),
        _section("health", "Extraction health", _health(digest)),
    ]
    title = f"mediamon digest, {digest.until:%Y-%m-%d}"
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(title)}</title><style>{_STYLE}</style>"
        f"<script>{get_plotlyjs()}</script></head><body>"
        f"<h1>{escape(title)}</h1><p class=\"muted\">From {_when(digest.since)} to {_when(digest.until)} (UTC); "
        f"charts from {_when(digest.chart_since)}.</p>{''.join(sections)}</body></html>\n"
    )


def _section(anchor: str, heading: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{escape(heading)}</h2>{body}</section>'


def _chart(
    div_id: str, title: str, digest: Digest, rows: Sequence[tuple[str, date, int]], unit: str, *, grouped: bool
) -> str:
    """A bar chart of (series, day, count) rows over the digest's chart days, one colour per
    series; a note when empty."""
    if not rows:
        return f'<p class="muted">No {unit} in this period.</p>'
    import plotly.graph_objects as go

    # Every day of the period on a category axis, zeros included: the days without any stay
    # visible, and a single day's bars keep their width.
    first, last = digest.chart_since.astimezone(timezone.utc).date(), digest.until.astimezone(timezone.utc).date()
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    counts: dict[str, dict[str, int]] = {}
    for name, day, count in rows:
        counts.setdefault(name, {})[day.isoformat()] = count
    figure = go.Figure([go.Bar(name=name, x=days, y=[by_day.get(d, 0) for d in days]) for name, by_day in counts.items()])
    figure.update_layout(
        title=title, barmode="group" if grouped else "stack", template="plotly_white",
        xaxis={"type": "category", "title": "day first seen"},
        yaxis={"title": unit, "rangemode": "tozero", "dtick": 1 if max(r[2] for r in rows) <= 10 else None},
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
        margin={"t": 70, "l": 50, "r": 20, "b": 40},
    )
    html = figure.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, default_height="380px",
        config={"displaylogo": False, "responsive": True},
    )
    return f'<div class="chart">{html}</div>'


def _mentions_table(digest: Digest) -> str:
    if not digest.new_mentions:
        return '<p class="muted">No new mentions.</p>'
    rows = [
        [escape(m.watch), _link(m.url, m.title or m.url), escape(m.source), _when(m.published_at)]
        for m in digest.new_mentions
    ]
    more = digest.mention_total - len(digest.new_mentions)
    note = f'<p class="muted">and {more} more.</p>' if more > 0 else ""
    return _table(["watch", "title", "source", "published"], rows) + note


def _clusters_table(digest: Digest) -> str:
    if not digest.clusters:
        return '<p class="muted">No story was carried by more than one article.</p>'
    rows = [
        [_link(c.urls[0], c.title or c.urls[0]), str(c.members), escape(", ".join(c.sources))]
        for c in digest.clusters
    ]
    return _table(["story", "articles", "sources"], rows, numeric={1})


def _health(digest: Digest) -> str:
    parts = ["<h3>Sources with short or empty texts</h3>"]
    if digest.health:
        rows = [[escape(h.source), str(h.articles), str(h.short_texts), str(h.empty_texts)] for h in digest.health]
        parts.append(_table(["source", "articles", "short texts", "empty texts"], rows, numeric={1, 2, 3}))
    else:
        parts.append('<p class="muted">None.</p>')
    parts.append("<h3>Failing feeds</h3>")
    if digest.failing_feeds:
        rows = [
            [escape(f["source"]), escape(f["url"]), str(f["consecutive_failures"]), escape(f["last_error"] or "")]
            for f in digest.failing_feeds
        ]
        parts.append(_table(["source", "feed", "failures in a row", "last error"], rows, numeric={2}))
    else:
        parts.append('<p class="muted">None.</p>')
    parts.append("<h3>Undelivered alerts</h3>")
    if digest.undelivered:
        rows = [
            [escape(watch), escape(target), escape(status), escape(error or ""), _when(at)]
            for watch, target, status, error, at in digest.undelivered
        ]
        parts.append(_table(["watch", "target", "status", "error", "last attempt"], rows))
    else:
        parts.append('<p class="muted">None.</p>')
    parts.append("<h3>Silent sources</h3>")
    if digest.silent_sources:
        rows = [
            [escape(s["source"]), _when(s["last_new_entry_at"]) or "never", _hours(s["usual_gap_s"])]
            for s in digest.silent_sources
        ]
        parts.append(_table(["source", "last new entry", "usual gap"], rows))
    else:
        parts.append('<p class="muted">None.</p>')
    return "".join(parts)


def _table(columns: list[str], rows: list[list[str]], numeric: Collection[int] = ()) -> str:
    """An HTML table of cells already escaped."""
    head = "".join(f'<th{" class=n" if i in numeric else ""}>{escape(c)}</th>' for i, c in enumerate(columns))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{cell}</td>' for i, cell in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _link(url: str, text: str) -> str:
    """A link to an http(s) URL; any other scheme (javascript:, say) is shown, not linked."""
    if urlsplit(url).scheme not in ("http", "https"):
        return escape(text)
    return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{escape(text)}</a>'


def _when(value: datetime | None) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M") if value else ""


def _hours(seconds: float | None) -> str:
    return f"{seconds / 3600:.1f} h" if seconds is not None else ""
