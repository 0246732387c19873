"""Small real servers the fault tests start on loopback: a private Redis, a TCP port that accepts and
never answers (a hung broker), and a minimal SMTP server that can hang its first connection."""

import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


class PrivateRedis:
    """A redis-server of our own, so a test can stop and restart it without touching the machine's."""

    def __init__(self, tmp_path: Path):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.dir = tmp_path
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.dir),
        ]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


class SilentServer:
    """Accepts connections and never says a word: a hung Redis (or SMTP) server."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        for conn in self.accepted:
            conn.close()
        self.sock.close()


class TinySMTP:
    """Just enough SMTP for Django's backend. With ``hang_first``, the first connection gets no greeting
    (the sender waits, mid-task) until the test lets it go."""

    def __init__(self, *, hang_first: bool = False):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.messages: list[str] = []
        self.connections = 0
        self.hang_first = hang_first
        self.first_connected = threading.Event()
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            if self.hang_first and self.connections == 1:
                self.held.append(conn)
                self.first_connected.set()
                continue
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        f = conn.makefile("rb")
        conn.sendall(b"220 tiny ESMTP\r\n")
        while line := f.readline():
            verb = line.decode(errors="replace").strip().upper()
            if verb.startswith(("EHLO", "HELO")):
                conn.sendall(b"250-tiny\r\n250 OK\r\n")
            elif verb == "DATA":
                conn.sendall(b"354 go ahead\r\n")
                body = []
                while (data := f.readline()) not in (b".\r\n", b""):
                    body.append(data.decode(errors="replace"))
                self.messages.append("".join(body))
                conn.sendall(b"250 queued\r\n")
            elif verb == "QUIT":
                conn.sendall(b"221 bye\r\n")
                break
            else:
                conn.sendall(b"250 OK\r\n")
        conn.close()

    def close(self) -> None:
        for conn in self.held:
            conn.close()
        self.sock.close()
