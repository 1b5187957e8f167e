"""A loopback webhook receiver: records every POST; paths in `failing` answer 503."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Post:
    path: str
    headers: dict[str, str]
    body: dict


@dataclass
class Receiver:
    base_url: str = ""
    posts: list[Post] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)
    _server: ThreadingHTTPServer | None = None

    def to(self, path: str) -> list[Post]:
        return [p for p in self.posts if p.path == path]

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def start_receiver() -> Receiver:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.posts.append(Post(self.path, dict(self.headers), json.loads(data)))
            status = 503 if self.path in receiver.failing else 204
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    receiver._server = server
    receiver.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True, name="webhook-receiver").start()
    return receiver
