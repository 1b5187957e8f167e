"""Serve a synthetic newsroom from its own process: one loopback port per outlet, asyncio, HTTP/1.1.

Run as a child of the benchmark (`ServedNewsroom`), so generating pages never competes with the
ingest for its GIL. Pages are rendered per request and forgotten, so the server stays small at any
size. Keep-alive is supported, and `If-None-Match` with the page's ETag answers 304 without
rendering anything.

Protocol with the parent: the child prints one JSON line `{"ports": [...]}` once it listens; each
line the parent writes to its stdin is answered with a JSON line of request counts by status; it
exits when its stdin closes (so it never outlives the benchmark).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
from collections import Counter
from email.utils import formatdate
from pathlib import Path

from benchmarks.synthetic.newsroom import Layout, resolve

REPO = Path(__file__).resolve().parent.parent
_REASONS = {200: "OK", 304: "Not Modified", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}


class _Outlet:
    """The connection handler of one outlet's port."""

    def __init__(self, layout: Layout, outlet: int, counts: Counter[int]) -> None:
        self.layout, self.outlet, self.counts = layout, outlet, counts
        self.base = ""  # set once the port is known

    async def __call__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                except asyncio.CancelledError:  # the server is shutting down with this connection idle
                    return
                keep_alive = self._answer(head, writer)
                await writer.drain()
                if not keep_alive:
                    return
        finally:
            writer.close()

    def _answer(self, head: bytes, writer: asyncio.StreamWriter) -> bool:
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split()
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        keep_alive = headers.get("connection", "").lower() != "close"
        if len(parts) != 3:
            self._send(writer, 400, b"", "text/plain", None, keep_alive=False)
            return False
        method, target = parts[0], parts[1]
        if method != "GET":
            self._send(writer, 405, b"", "text/plain", None, keep_alive)
            return keep_alive
        resource = resolve(self.layout, self.outlet, self.base, target.split("?", 1)[0].split("#", 1)[0])
        if resource is None:
            self._send(writer, 404, b"<html><body><h1>Not found</h1></body></html>", "text/html", None, keep_alive)
        elif headers.get("if-none-match") == resource.etag:
            self._send(writer, 304, b"", resource.content_type, resource.etag, keep_alive)
        else:
            body = resource.render().encode("utf-8")
            self._send(writer, 200, body, resource.content_type, resource.etag, keep_alive)
        return keep_alive

    def _send(self, writer: asyncio.StreamWriter, status: int, body: bytes, ctype: str,
              etag: str | None, keep_alive: bool) -> None:
        self.counts[status] += 1
        head = [
            f"HTTP/1.1 {status} {_REASONS[status]}",
            f"Date: {formatdate(usegmt=True)}",
            f"Content-Type: {ctype}",
            f"Content-Length: {len(body)}",
            "Connection: keep-alive" if keep_alive else "Connection: close",
        ]
        if etag:
            head.append(f"ETag: {etag}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


async def serve(layout: Layout) -> None:
    counts: Counter[int] = Counter()
    ports = []
    for outlet in range(layout.outlets):
        handler = _Outlet(layout, outlet, counts)
        server = await asyncio.start_server(handler, "127.0.0.1", 0, backlog=256)
        port = server.sockets[0].getsockname()[1]
        handler.base = f"http://127.0.0.1:{port}"
        ports.append(port)
    print(json.dumps({"ports": ports}), flush=True)
    loop = asyncio.get_running_loop()
    while await loop.run_in_executor(None, sys.stdin.readline):
        print(json.dumps({str(k): v for k, v in sorted(counts.items())}), flush=True)


class ServedNewsroom:
    """The parent's handle on a newsroom server process."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.synthetic.newsroom_server", "--seed", str(layout.seed),
             "--articles", str(layout.articles), "--outlets", str(layout.outlets)],
            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        line = self._proc.stdout.readline()
        if not line:
            self._proc.wait()
            raise RuntimeError(f"newsroom server exited with {self._proc.returncode}")
        self.ports: list[int] = json.loads(line)["ports"]

    def base(self, outlet: int) -> str:
        return f"http://127.0.0.1:{self.ports[outlet]}"

    def requests(self) -> Counter[int]:
        """Requests answered so far, by HTTP status."""
        self._proc.stdin.write("stats\n")
        self._proc.stdin.flush()
        return Counter({int(k): v for k, v in json.loads(self._proc.stdout.readline()).items()})

    def close(self) -> None:
        self._proc.stdin.close()
        self._proc.wait(timeout=10)

    def __enter__(self) -> ServedNewsroom:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def main() -> None:
    parser = argparse.ArgumentParser(description="serve a synthetic newsroom on 127.0.0.1")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--outlets", type=int, required=True)
    args = parser.parse_args()
    asyncio.run(serve(Layout(args.seed, args.articles, args.outlets)))


if __name__ == "__main__":
    main()
