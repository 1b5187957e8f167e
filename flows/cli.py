"""The `mediamon` command line.

Commands import what they need when they run: `extract` and `sql` never import Prefect, so they
start in well under a second.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flows.run.shards import ShardSpec
    from warehouse import Warehouse


class CliError(Exception):
    """An error the user can fix; printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of argparse's usage dump
        raise CliError(f"{self.prog}: {message} (see --help)")


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        help="warehouse: a DuckDB file, or a DuckLake as ducklake:postgres:dbname=... "
        "(default: $MEDIAMON_DB or ./mediamon.duckdb)",
    )


def _sources_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sources", help="sources file (default: $MEDIAMON_SOURCES or ./sources.toml)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mediamon", description="Media-monitoring ingestion into DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("demo", help="serve the sample newsroom on 127.0.0.1 and ingest it once")
    _db_arg(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("run", help="one ad hoc ingest of all or the named sources")
    _sources_arg(p)
    _db_arg(p)
    p.add_argument("names", nargs="*", metavar="NAME", help="source names (default: all)")
    p.add_argument("--shard", type=_shard_arg, metavar="K/N", help="only the sources of shard K of N (counted from 1)")
    p.add_argument("--init", action="store_true", help="add the warehouse tables to a DuckDB file that holds other tables")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("extract", help="one page to a clean article (no Prefect, no database)")
    p.add_argument("target", metavar="FILE|URL|-", help="an HTML file, an http(s) URL, or - for stdin")
    p.add_argument("--url", help="the page's URL, for resolving links and dates in the URL")
    p.add_argument("--format", choices=("text", "json"), default="text")
    _sources_arg(p)  # its [fetch] settings apply to a URL
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("sql", help="read-only SQL against the warehouse")
    p.add_argument("query", metavar="QUERY")
    _db_arg(p)
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument(
        "--allow-files", action="store_true",
        help="let the query read and write files and URLs (COPY ... TO, read_csv); off by default",
    )
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("search", help="full-text search over article titles and texts")
    p.add_argument("words", metavar="WORDS")
    p.add_argument("--since", type=_since_arg, metavar="DATE", help="only articles published at or after DATE")
    p.add_argument("--source", metavar="NAME", help="only this source")
    p.add_argument("--limit", type=_positive_int, default=20, metavar="N", help="at most N results (default 20)")
    _db_arg(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("mentions", help="watchlist mention counts per day or per source")
    p.add_argument("--since", type=_since_arg, metavar="DATE", help="only mentions at or after DATE")
    p.add_argument("--by", choices=("day", "source"), default="day")
    _db_arg(p)
    p.set_defaults(func=cmd_mentions)

    p = sub.add_parser("report", help="write the digest page: mentions, volume, clusters, extraction health (HTML)")
    p.add_argument(
        "--since", type=_age_or_date_arg, default="1d", metavar="AGE|DATE",
        help="the window: an age like 1d, 12h, 30m, or a date (default 1d)",
    )
    p.add_argument("--out", default="report.html", metavar="FILE", help="the HTML file to write (default ./report.html)")
    _db_arg(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("edits", help="what publishers changed in stored articles, as diffs")
    p.add_argument("--since", type=_age_or_date_arg, metavar="AGE|DATE", help="only edits seen since then (e.g. 1d, or a date)")
    p.add_argument("--source", metavar="NAME", help="only this source")
    p.add_argument("--limit", type=_positive_int, default=50, metavar="N", help="at most N edits (default 50)")
    _db_arg(p)
    p.set_defaults(func=cmd_edits)

    p = sub.add_parser("export", help="write a snapshot of the analyst tables (parquet or csv)")
    p.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    p.add_argument("--since", type=_since_arg, metavar="DATE", help="only rows at or after DATE")
    p.add_argument("--out", default="mediamon-export", metavar="DIR", help="directory to write (default ./mediamon-export)")
    _db_arg(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("search-index", help="rebuild the full-text search index now (the rebuild-search flow)")
    _db_arg(p)
    p.set_defaults(func=cmd_search_index)

    p = sub.add_parser("serve", help="run the scheduled and on-demand deployments (the only warehouse writer)")
    _sources_arg(p)
    _db_arg(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("deploy", help="register the deployments on a Prefect work pool, ingests sharded (needs PREFECT_API_URL)")
    _sources_arg(p)
    _db_arg(p)
    p.add_argument("--pool", required=True, metavar="NAME", help="the work pool whose workers run the flows")
    p.add_argument("--shards", type=_positive_int, default=2, metavar="N", help="shards per ingest run (default 2)")
    p.add_argument("--image", metavar="IMAGE", help="image with mediamon installed, for docker or kubernetes pools")
    p.set_defaults(func=cmd_deploy)

    p = sub.add_parser("trigger", help="start a run of a served or deployed deployment now (needs PREFECT_API_URL)")
    p.add_argument(
        "flow", metavar="FLOW", help="ingest, reextract, rebuild-search, maintenance, digest, ingest-sharded, or FLOW/DEPLOYMENT"
    )
    p.add_argument(
        "--source", dest="sources", action="append", metavar="NAME", help="a source to run (repeatable; ingest, ingest-sharded, reextract)"
    )
    p.add_argument("--wait", action="store_true", help="wait until the run ends; exit 1 unless it completed")
    p.set_defaults(func=cmd_trigger)

    p = sub.add_parser("status", help="last runs, failing feeds and silent sources")
    _db_arg(p)
    p.add_argument("--runs", type=int, default=10, metavar="N", help="how many recent runs to list (default 10)")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("sources", help="work with the sources file")
    sources_sub = p.add_subparsers(dest="sources_command", required=True, parser_class=_Parser)
    q = sources_sub.add_parser("check", help="validate the sources file and probe each feed and sitemap once")
    _sources_arg(q)
    q.set_defaults(func=cmd_sources_check)

    p = sub.add_parser("reextract", help="re-derive articles from stored raw pages with the current parsers")
    p.add_argument("--since", type=_since_arg, metavar="DATE", help="only pages fetched at or after DATE (YYYY-MM-DD, UTC)")
    p.add_argument("--source", dest="sources", action="append", metavar="NAME", help="only this source (repeatable)")
    _db_arg(p)
    p.set_defaults(func=cmd_reextract)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # No internet here or in many deployments: keep Prefect's server from phoning home.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        return args.func(args)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _fail(message: str) -> CliError:
    return CliError(f"mediamon: error: {message}")


def cmd_run(args: argparse.Namespace) -> int:
    from flows.config import load_sources_file, resolve_db, resolve_sources
    from parsers.sources import SourcesError

    sources_file = resolve_sources(args.sources)
    try:
        selected = load_sources_file(sources_file).select(args.names)
    except SourcesError as exc:
        raise _fail(str(exc)) from None
    names = args.names or None
    if args.shard:
        from flows.run.shards import shard_members

        names = [s.name for s in shard_members(selected, args.shard)]
        if not names:  # an empty list would mean every source
            print(f"shard {args.shard}: no sources, nothing to do")
            return 0
        print(f"shard {args.shard}: {len(names)} of {len(selected)} sources")
    report = _run_ingest(sources_file, resolve_db(args.db), names, init=args.init)
    _print_report(report)
    return _exit_status(report)


def _run_ingest(sources_file: str, db: str, names: list[str] | None, *, init: bool = False) -> dict:
    """Run the ingest flow in this process; a warehouse that cannot be opened is a CLI error."""
    import duckdb

    from flows.config import load_sources_file
    from warehouse import NotAWarehouse, Warehouse, WarehouseBusy

    total = len(load_sources_file(sources_file).select(names))
    try:  # fail fast, before Prefect's start-up, when the warehouse cannot be opened
        Warehouse(db).migrate(init=init)
    except (WarehouseBusy, NotAWarehouse, duckdb.Error, OSError) as exc:
        raise _fail(f"cannot open the warehouse {db}: {_first_line(exc)}") from None

    _start_prefect()
    from flows.ingest import ingest
    from flows.run.progress import progress_bar

    try:
        with progress_bar("ingesting sources", total=total):
            report = ingest(sources_file=sources_file, db=db, sources=names, force=True)
    except WarehouseBusy as exc:
        raise _fail(str(exc)) from None
    except (duckdb.Error, OSError) as exc:  # a full disk, say: the commits made so far stay
        raise _fail(f"the run stopped: cannot write the warehouse {db}: {_first_line(exc)}") from None
    if report.get("skipped"):
        raise _fail(f"ingest skipped: {report['reason']}")
    return report


def _start_prefect() -> None:
    """Start Prefect for this process's flow runs; a server that cannot start is a CLI error."""
    from flows.run.prefect_start import PrefectUnavailable, start_prefect

    try:
        start_prefect()
    except PrefectUnavailable as exc:
        raise _fail(str(exc)) from None


def _print_report(report: dict) -> None:
    from flows.run.report import RunReport, SourceReport

    run = RunReport(report["run_id"], [SourceReport(**s) for s in report["sources"]], report.get("interrupted"))
    for line in run.summary_lines():
        print(line)


def _exit_status(report: dict) -> int:
    """0, or 128 + the signal that interrupted the run (the shell's convention)."""
    import signal

    return 128 + signal.Signals[report["interrupted"]] if report.get("interrupted") else 0


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from flows.config import resolve_db
    from flows.demo.newsroom import serve_newsroom

    db = resolve_db(args.db)
    # The newsroom's URLs carry its ports; reusing the last run's ports keeps them stable, so a
    # second demo run finds the same articles unchanged.
    ports_file = Path(db).with_name(Path(db).name + ".demo-ports.json")
    try:
        ports = json.loads(ports_file.read_text())
    except (OSError, ValueError):
        ports = None
    with serve_newsroom(ports=ports) as room, tempfile.TemporaryDirectory(prefix="mediamon-demo-") as tmp:
        ports_file.write_text(json.dumps(room.ports))
        sources_file = Path(tmp) / "sources.toml"
        # Loopback is refused by default; the demo allows it. The sample newsroom is a fixed
        # archive, so its sitemap window is wide enough to include every dated article.
        fetch = {"allow_private_networks": True, "per_host_delay": 0.05, "sitemap_window_days": 36500.0}
        sources_file.write_text(room.sources_toml(fetch), encoding="utf-8")
        print(f"serving the sample newsroom: {', '.join(f'{n} at {b}' for n, b in room.base.items())}")
        report = _run_ingest(str(sources_file), db, None)
    _print_report(report)
    if report.get("interrupted"):
        return _exit_status(report)
    from flows.search import rebuild_search

    rebuild_search(db=db)  # so `mediamon search` works right after the demo
    query = (
        "SELECT source, count(*) AS articles, max(published_at) AS latest "
        "FROM articles GROUP BY source ORDER BY source"
    )
    print(f"\n$ mediamon sql --db {db} \"{query}\"")
    _print_query(_existing_warehouse(db), query, "table")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from parsers.article.extract import extract_article

    url, content_type = args.url, None
    if args.target == "-":
        data = sys.stdin.buffer.read()
    elif args.target.startswith(("http://", "https://")):
        data, content_type, final_url = _fetch_page(args.target, args.sources)
        url = url or final_url
    else:
        try:
            data = Path(args.target).read_bytes()
        except OSError as exc:
            raise _fail(f"cannot read {args.target}: {exc.strerror}") from None
    article = extract_article(data, url, content_type=content_type)
    if args.format == "json":
        print(json.dumps(_article_json(article), ensure_ascii=False, indent=2))
    else:
        if article.title:
            print(article.title, end="\n\n")
        print(article.text)
    return 0


def _fetch_page(target: str, sources_arg: str | None) -> tuple[bytes, str | None, str]:
    """GET one page as an ingest would: the ingest fetcher with the sources file's [fetch]
    settings (the defaults when there is no sources file); (body, content type, final URL)."""
    from flows.config import load_sources_file, resolve_sources
    from flows.fetch.fetcher import Fetcher
    from flows.run.discover import describe
    from parsers.sources import FetchSettings, SourcesError

    sources_file = resolve_sources(sources_arg)
    settings = FetchSettings()
    if sources_arg or os.environ.get("MEDIAMON_SOURCES") or Path(sources_file).exists():
        try:
            settings = load_sources_file(sources_file).fetch
        except SourcesError as exc:
            raise _fail(str(exc)) from None
    with Fetcher(settings) as fetcher:
        result = fetcher.get(target)
    if not result.ok:
        raise _fail(f"cannot fetch {target}: {describe(result)}")
    return result.body, result.content_type, result.final_url or target


def _article_json(article: object) -> dict:
    from dataclasses import asdict
    from datetime import datetime

    out = asdict(article)
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in out.items()}


def cmd_sql(args: argparse.Namespace) -> int:
    _print_query(_existing_warehouse(args.db), args.query, args.format, allow_files=args.allow_files)
    return 0


def _print_query(warehouse: Warehouse, query: str, fmt: str, *, allow_files: bool = False) -> None:
    """Run an analyst's query on a read-only connection, sandboxed unless `allow_files`."""
    import duckdb

    from warehouse import WarehouseBusy

    try:
        with warehouse.read(sandboxed=not allow_files) as con:
            cur = con.execute(query)
            if cur is None:  # DuckDB returns no cursor for text without a statement
                raise _fail("the query holds no SQL statement")
            columns = [d[0] for d in cur.description or []]
            rows = cur.fetchall()
    except WarehouseBusy as exc:
        raise _fail(str(exc)) from None
    except duckdb.Error as exc:
        raise _fail(str(exc).splitlines()[0]) from None
    _FORMATTERS[fmt](columns, rows)


def _print_table(columns: list[str], rows: list[tuple]) -> None:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _cell(value: object, limit: int = 60) -> str:
    text = "NULL" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _print_csv(columns: list[str], rows: list[tuple]) -> None:
    import csv

    writer = csv.writer(sys.stdout)
    writer.writerow(columns)
    writer.writerows(rows)


def _print_json(columns: list[str], rows: list[tuple]) -> None:
    print(json.dumps([dict(zip(columns, row)) for row in rows], default=str, ensure_ascii=False, indent=2))


def _since_arg(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-24 or 2026-11-24T06:00") from None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _age_or_date_arg(text: str) -> datetime:
    """`1d`, `12h`, `30m` ago, or a date as `--since` takes it."""
    import re
    from datetime import timedelta

    match = re.fullmatch(r"(\d+)\s*([dhm])", text.strip())
    if not match:
        return _since_arg(text)
    unit = {"d": "days", "h": "hours", "m": "minutes"}[match.group(2)]
    return datetime.now(timezone.utc) - timedelta(**{unit: int(match.group(1))})


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def _shard_arg(text: str) -> ShardSpec:
    from flows.run.shards import ShardSpecError, parse_shard_spec

    try:
        return parse_shard_spec(text)
    except ShardSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _existing_warehouse(db_arg: str | None) -> Warehouse:
    """The warehouse at --db / $MEDIAMON_DB, which must exist already.

    A lake is attached here (read-only, once per process, so the command's own reads reuse it):
    a catalog that cannot be reached, or holds no lake, is one line of error.
    """
    import duckdb

    from flows.config import resolve_db
    from warehouse import Warehouse
    from warehouse.db.lake import is_lake

    db = resolve_db(db_arg)
    warehouse = Warehouse(db)
    if not is_lake(db):
        if not Path(db).exists():
            raise _fail(f"no warehouse at {db} (run `mediamon run` or `mediamon demo` first, or pass --db)")
        if not Path(db).is_file():  # a FIFO would hang the open
            raise _fail(f"cannot open the warehouse {db}: it is not a regular file")
        return warehouse
    try:
        with warehouse.read():
            pass
    except duckdb.Error as exc:
        raise _fail(f"cannot open the warehouse {db}: {_first_line(exc)}") from None
    return warehouse


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def cmd_search(args: argparse.Namespace) -> int:
    from warehouse import NotAWarehouse, WarehouseBusy
    from warehouse.queries.search import SearchIndexMissing, SearchUnavailable

    warehouse = _existing_warehouse(args.db)
    try:
        hits = warehouse.search(args.words, since=args.since, source=args.source, limit=args.limit)
    except SearchIndexMissing:
        raise _fail("no search index yet: run `mediamon search-index` (or let `mediamon serve` rebuild it daily)") from None
    except (SearchUnavailable, WarehouseBusy, NotAWarehouse) as exc:
        raise _fail(str(exc)) from None
    for rank, hit in enumerate(hits, 1):
        day = hit.published_at.date().isoformat() if hit.published_at else "undated"
        print(f"{rank:>3}. [{hit.score:.2f}] {day}  {hit.source}  {hit.title or '(no title)'}")
        print(f"     {hit.url}")
        print(f"     {hit.snippet}")
    if not hits:
        print("no matches")
    return 0


def cmd_search_index(args: argparse.Namespace) -> int:
    from flows.search import rebuild_search
    from warehouse import NotAWarehouse, WarehouseBusy

    warehouse = _existing_warehouse(args.db)
    _start_prefect()
    try:
        summary = rebuild_search(db=warehouse.path)
    except (WarehouseBusy, NotAWarehouse) as exc:
        raise _fail(str(exc)) from None
    if summary.get("skipped"):
        raise _fail(f"rebuild-search skipped: {summary['reason']}")
    print(f"search index rebuilt in {summary['seconds']} s")
    return 0


def cmd_mentions(args: argparse.Namespace) -> int:
    from warehouse import NotAWarehouse, WarehouseBusy

    try:
        counts = _existing_warehouse(args.db).mention_counts(since=args.since, by=args.by)
    except (WarehouseBusy, NotAWarehouse) as exc:
        raise _fail(str(exc)) from None
    _print_table(["watch", args.by, "mentions"], [(c.watch, str(c.key), c.count) for c in counts])
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from flows.digest.page import write_digest
    from warehouse import WarehouseBusy

    warehouse = _existing_warehouse(args.db)
    try:
        digest = write_digest(warehouse.path, args.since, args.out)
    except WarehouseBusy as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out}: {digest.mention_total} new mentions since {digest.since:%Y-%m-%d %H:%M} UTC")
    return 0


def cmd_edits(args: argparse.Namespace) -> int:
    from warehouse import WarehouseBusy

    try:
        edits = _existing_warehouse(args.db).edits(since=args.since, source=args.source, limit=args.limit)
    except WarehouseBusy as exc:
        raise _fail(str(exc)) from None
    for edit in edits:
        print(f"{edit.seen_at:%Y-%m-%d %H:%M:%S}  {edit.source}  {edit.url}  (version {edit.version})")
        print(edit.diff(), end="\n\n")
    if not edits:
        print("no edits")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import duckdb

    from flows.run.progress import progress_bar
    from warehouse import NotAWarehouse, WarehouseBusy

    warehouse = _existing_warehouse(args.db)
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise _fail(f"cannot export to {args.out}: it is a file, not a directory")
    try:
        with progress_bar("exporting"):
            files = warehouse.export(args.out, format=args.format, since=args.since)
    except (WarehouseBusy, NotAWarehouse) as exc:
        raise _fail(str(exc)) from None
    except (OSError, duckdb.Error) as exc:
        raise _fail(f"cannot export to {args.out}: {_first_line(exc)}") from None
    for table, path in files.items():
        print(f"{table}: {path}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.config import resolve_db, resolve_sources
    from flows.ops.serve import serve_deployments
    from parsers.sources import SourcesError

    try:
        serve_deployments(resolve_sources(args.sources), resolve_db(args.db))
    except SourcesError as exc:
        raise _fail(str(exc)) from None
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    from flows.config import resolve_db, resolve_sources
    from flows.ops.pool import DeployError, deploy_to_pool
    from parsers.sources import SourcesError

    try:
        names = deploy_to_pool(resolve_sources(args.sources), resolve_db(args.db), args.pool, args.shards, args.image)
    except (SourcesError, DeployError) as exc:
        raise _fail(str(exc)) from None
    for name in names:
        print(f"deployed {name} on work pool {args.pool}")
    print(f"start workers with: prefect worker start --pool {args.pool}")
    return 0


def cmd_trigger(args: argparse.Namespace) -> int:
    from flows.ops.trigger import TriggerError, trigger

    try:
        run = trigger(args.flow, args.sources, timeout=None if args.wait else 0)
    except TriggerError as exc:
        raise _fail(str(exc)) from None
    print(f"flow run {run.name} ({run.id}): {run.state.name if run.state else 'Scheduled'}")
    return 0 if not args.wait or (run.state and run.state.is_completed()) else 1


def cmd_status(args: argparse.Namespace) -> int:
    from flows.config import resolve_db
    from flows.ops.status import StatusError, show_status

    try:
        print(show_status(resolve_db(args.db), runs=args.runs), end="")
    except StatusError as exc:
        raise _fail(str(exc)) from None
    return 0


def cmd_sources_check(args: argparse.Namespace) -> int:
    from flows.config import resolve_sources
    from flows.ops.sources_check import check_sources, render_probes
    from parsers.sources import SourcesError

    try:
        probes = check_sources(resolve_sources(args.sources))
    except SourcesError as exc:
        raise _fail(str(exc)) from None
    print(render_probes(probes))
    return 0 if all(p.ok for p in probes) else 1


def cmd_reextract(args: argparse.Namespace) -> int:
    from flows.run.progress import progress_bar
    from flows.reextract import reextract
    from warehouse import NotAWarehouse, WarehouseBusy

    warehouse = _existing_warehouse(args.db)
    _start_prefect()
    try:
        with progress_bar("re-extracting stored pages"):
            report = reextract(db=warehouse.path, since=args.since, sources=args.sources)
    except (WarehouseBusy, NotAWarehouse) as exc:
        raise _fail(str(exc)) from None
    if report.get("skipped"):
        raise _fail(f"reextract skipped: {report['reason']}")
    _print_report(report)
    return _exit_status(report)


_FORMATTERS: dict[str, Callable[[list[str], list[tuple]], None]] = {
    "table": _print_table,
    "csv": _print_csv,
    "json": _print_json,
}

if __name__ == "__main__":
    sys.exit(main())
