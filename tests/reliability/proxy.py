"""A small HTTP proxy in front of the development wiki that misbehaves on chosen requests.

Every request is forwarded to the wiki unless a rule matches it. A rule names the requests
it watches (a predicate on the request's parameters, e.g. ``action=edit``), which of them
it acts on (the n-th, counting from 1, or every one from the n-th on, up to a number of
times) and what it does: delay, drop the connection, reset it, answer an HTTP error or a
non-JSON page, forward and then answer an HTTP error (the answer is lost, the edit is
made), or run a callback before or after forwarding (a person's edit between the
bot's read and write, a SIGKILL of the bot). Every request is logged with its parameters
so that a test can count attempts and retries.
"""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}
GARBAGE = b"<html><body><h1>Gateway says hello</h1>\x00\xff not json</body></html>"


class Act(Enum):
    """What a rule does to a request it acts on."""

    DELAY = "delay"
    DROP = "drop"
    RESET = "reset"
    STATUS = "status"
    GARBAGE = "garbage"
    LOST = "lost"
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True)
class Seen:
    """One request as the proxy saw it."""

    method: str
    params: dict[str, str]
    at: float

    @property
    def action(self) -> str:
        """The API action (``query``, ``edit`` ...)."""
        return self.params.get("action", "")


@dataclass
class Rule:
    """Act on the ``nth`` request that ``matches`` (and ``times - 1`` more after it).

    With ``Act.BEFORE`` and ``forward=False`` the request never reaches the wiki: the
    callback runs and the connection is closed.
    """

    matches: Callable[[Seen], bool]
    act: Act
    nth: int = 1
    times: int = 1
    delay: float = 0.0
    status: int = 503
    callback: Callable[[Seen], None] | None = None
    forward: bool = True
    seen: int = 0
    fired: int = 0

    def take(self, request: Seen) -> bool:
        """Whether this rule acts on ``request`` (counting it when it matches)."""
        if not self.matches(request):
            return False
        self.seen += 1
        if self.seen >= self.nth and self.fired < self.times:
            self.fired += 1
            return True
        return False


def action_is(*actions: str) -> Callable[[Seen], bool]:
    """A predicate: the request's API action is one of ``actions``."""
    return lambda request: request.action in actions


def any_request(request: Seen) -> bool:
    """A predicate that matches every request."""
    return True


@dataclass
class Proxy:
    """A running proxy: its URL, its rules and the requests it saw."""

    upstream: str
    port: int = 0
    rules: list[Rule] = field(default_factory=list)
    log: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api(self) -> str:
        """The proxy's api.php URL, to put in a settings file."""
        return f"http://127.0.0.1:{self.port}{urlsplit(self.upstream).path}"

    def add(self, rule: Rule) -> Rule:
        """Start applying ``rule``."""
        with self.lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Forget every rule and every logged request."""
        with self.lock:
            self.rules.clear()
            self.log.clear()

    def count(self, predicate: Callable[[Seen], bool]) -> int:
        """How many logged requests match ``predicate``."""
        with self.lock:
            return sum(1 for request in self.log if predicate(request))

    def decide(self, request: Seen) -> Rule | None:
        """Log ``request`` and return the first rule that acts on it, if any."""
        with self.lock:
            self.log.append(request)
            return next((rule for rule in self.rules if rule.take(request)), None)


def parse_params(method: str, path: str, body: bytes, content_type: str) -> dict[str, str]:
    """The API parameters of a request, from its query string and a form-encoded body."""
    params = {k: v[-1] for k, v in parse_qs(urlsplit(path).query).items()}
    if method == "POST" and "multipart" not in content_type:
        text = body.decode("utf-8", "replace")
        params.update({k: v[-1] for k, v in parse_qs(text).items()})
    return params


def make_handler(proxy: Proxy) -> type[BaseHTTPRequestHandler]:
    """The request handler class bound to ``proxy``."""
    target = urlsplit(proxy.upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self.handle_one()

        def do_POST(self) -> None:
            self.handle_one()

        def log_message(self, format: str, *args: object) -> None:
            """Stay quiet: the proxy's log is ``proxy.log``."""

        def handle_one(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            params = parse_params(
                self.command, self.path, body, self.headers.get("Content-Type", "")
            )
            request = Seen(self.command, params, time.monotonic())
            rule = proxy.decide(request)
            if rule is None:
                self.forward(body)
                return
            if rule.act is Act.DELAY:
                time.sleep(rule.delay)
                self.forward(body)
            elif rule.act is Act.DROP:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
            elif rule.act is Act.RESET:
                self.close_connection = True
                linger = struct.pack("ii", 1, 0)
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            elif rule.act is Act.STATUS:
                self.answer(rule.status, b"<html>Service trouble</html>", "text/html")
            elif rule.act is Act.GARBAGE:
                self.answer(200, GARBAGE, "text/html; charset=utf-8")
            elif rule.act is Act.LOST:
                self.forward(body, answer=False)
                self.answer(rule.status, b"<html>Bad gateway</html>", "text/html")
            elif rule.act is Act.BEFORE:
                assert rule.callback is not None
                rule.callback(request)
                if rule.forward:
                    self.forward(body)
                else:
                    self.close_connection = True
            elif rule.act is Act.AFTER:
                assert rule.callback is not None
                self.forward(body, then=lambda: rule.callback(request))  # type: ignore[misc]

        def answer(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def forward(
            self, body: bytes, then: Callable[[], None] | None = None, answer: bool = True
        ) -> None:
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}
            }
            headers["Host"] = target.netloc
            try:
                connection.request(self.command, self.path, body=body or None, headers=headers)
                response = connection.getresponse()
                payload = response.read()
            finally:
                connection.close()
            if then is not None:
                then()
            if not answer:
                return
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


@contextmanager
def running_proxy(upstream: str) -> Iterator[Proxy]:
    """A proxy to ``upstream`` (the wiki's api.php URL) on a free loopback port."""
    proxy = Proxy(upstream)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(proxy))
    server.daemon_threads = True
    proxy.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
