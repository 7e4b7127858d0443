"""A simulated bad link: a TCP proxy with a bandwidth limit, latency and faults.

Used by the sync tests (cuts at chosen moments, recorded requests to replay) and
by bench/sync_link.py (a 64 kbit/s, 250 ms link cutting a share of exchanges).
An *exchange* is one request and its reply on a connection: it starts when the
client sends after the server has answered.

Byte counts include everything on the wire above TCP: HTTP headers and bodies.
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable

# What to do with an exchange: None (pass), "cut_up" (cut while the request is
# still being sent: the server never gets all of it), "cut_down" (pass the whole
# request, cut as the reply starts: the server has committed, the client never hears).
Fault = str | None


class _Pipe:
    """One direction of one connection: serialise at the rate, deliver after latency."""

    def __init__(
        self, link: LinkProxy, conn: _Conn, src: socket.socket, dst: socket.socket, up: bool
    ) -> None:
        self.link, self.conn, self.src, self.dst, self.up = link, conn, src, dst, up
        self.queue: deque[tuple[float, bytes]] = deque()
        self.cond = threading.Condition()
        self.closed = False
        self.free_at = 0.0

    def start(self) -> None:
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._write, daemon=True).start()

    def _read(self) -> None:
        try:
            while True:
                data = self.src.recv(4096)
                if not data:
                    break
                if not self.conn.on_data(self.up, data):
                    break
                # Airtime is spent when bytes are sent, even if a cut loses them later.
                if self.up:
                    self.link.bytes_up += len(data)
                else:
                    self.link.bytes_down += len(data)
                now = time.monotonic()
                rate = self.link.rate_bps
                start = max(now, self.free_at)
                self.free_at = start + (len(data) * 8 / rate if rate else 0.0)
                with self.cond:
                    self.queue.append((self.free_at + self.link.latency, data))
                    self.cond.notify()
        except OSError:
            pass
        with self.cond:
            self.closed = True
            self.cond.notify()

    def _write(self) -> None:
        try:
            while True:
                with self.cond:
                    while not self.queue and not self.closed:
                        self.cond.wait()
                    if not self.queue:
                        break
                    due, data = self.queue.popleft()
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                if self.conn.dead:
                    break
                self.dst.sendall(data)
        except OSError:
            pass
        if self.conn.dead:
            self.conn.kill()
        else:
            _half_close(self.dst)


def _half_close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_WR)


class _Conn:
    """A proxied connection and its exchange bookkeeping."""

    def __init__(self, link: LinkProxy, client: socket.socket, server: socket.socket) -> None:
        self.link, self.client, self.server = link, client, server
        self.dead = False
        self.in_reply = True  # so the first bytes up start an exchange
        self.fault: Fault = None
        self.sent = 0
        self.cut_after = 0
        self.request = bytearray()
        self.lock = threading.Lock()

    def on_data(self, up: bool, data: bytes) -> bool:
        """Account for data; False when the connection has just been cut."""
        with self.lock:
            if self.dead:
                return False
            if up and self.in_reply:
                self._new_exchange()
            if not up:
                self.in_reply = True
            if up:
                self.request += data
            self.sent += len(data)
            fault = self.fault
            cut = (
                (fault == "cut_up" and up and self.sent >= self.cut_after)
                or (fault == "cut_down" and not up)
                or (fault == "cut_any" and self.sent >= self.cut_after)
            )
        if cut:
            self.link.cuts += 1
            self.kill()
            return False
        return True

    def _new_exchange(self) -> None:
        self.flush()
        if self.sent and not self.fault:
            # Random cuts fall anywhere in an exchange of the size seen lately.
            self.link.typical_exchange = max(1000, self.sent)
        self.in_reply = False
        self.link.exchanges += 1
        self.fault = self.link.next_fault()
        self.sent = 0
        size = self.link.typical_exchange
        self.cut_after = int(self.link.rng.uniform(0.05, 0.95) * size) if self.fault else 0
        if self.fault == "cut_up":
            self.cut_after = 100  # inside the request line and headers: surely incomplete

    def flush(self) -> None:
        """Record the request of the exchange under way (for replay by tests)."""
        if self.request:
            self.link.requests.append(bytes(self.request))
        self.request = bytearray()

    def kill(self) -> None:
        self.dead = True
        self.flush()
        for sock in (self.client, self.server):
            # Linger 0: close with a reset, as a dropped 2G link looks to the peer.
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            # shutdown() wakes threads blocked reading this socket; close() alone would not.
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


class LinkProxy:
    """Listen on a free loopback port and forward to `target_port`.

    `rate_bps` and `latency` (seconds, one way) shape the link; `cut_rate` cuts that
    share of exchanges at a random byte; `faults` is a queue of faults for the next
    exchanges, consumed first (tests use it to cut at exact moments).
    """

    def __init__(
        self,
        target_port: int,
        *,
        rate_bps: int = 0,
        latency: float = 0.0,
        cut_rate: float = 0.0,
        seed: int = 0,
        target_host: str = "127.0.0.1",
    ) -> None:
        self.target = (target_host, target_port)
        self.rate_bps = rate_bps
        self.latency = latency
        self.cut_rate = cut_rate
        self.rng = random.Random(seed)
        self.faults: deque[Fault] = deque()
        self.typical_exchange = 8000
        self.bytes_up = 0
        self.bytes_down = 0
        self.exchanges = 0
        self.cuts = 0
        self.connections = 0
        self.requests: list[bytes] = []
        self.on_connect: Callable[[], None] | None = None
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._stop = False
        self._conns: list[_Conn] = []

    @property
    def url(self) -> str:
        """Base URL to give the client."""
        return f"http://127.0.0.1:{self.port}"

    def next_fault(self) -> Fault:
        """The fault for a new exchange: scripted first, then random at `cut_rate`."""
        if self.faults:
            return self.faults.popleft()
        return "cut_any" if self.cut_rate and self.rng.random() < self.cut_rate else None

    def start(self) -> LinkProxy:
        """Start accepting in a background thread."""
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _addr = self._sock.accept()
            except OSError:
                return
            self.connections += 1
            try:
                server = socket.create_connection(self.target, timeout=10)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            conn = _Conn(self, client, server)
            self._conns.append(conn)
            # A TCP handshake costs a round trip on the simulated link.
            if self.latency:
                time.sleep(2 * self.latency)
            _Pipe(self, conn, client, server, True).start()
            _Pipe(self, conn, server, client, False).start()

    def cut_all(self) -> None:
        """Cut every open connection now."""
        for conn in list(self._conns):
            conn.kill()

    def stop(self) -> None:
        """Stop accepting and cut everything."""
        self._stop = True
        self._sock.close()
        self.cut_all()
