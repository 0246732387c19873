"""Small real servers the fault tests start on loopback: a private Redis, a private PostgreSQL
cluster, an S3-compatible object store, a TCP port that accepts and never answers (a hung broker), and
a minimal SMTP server that can hang its first connection."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
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


class S3Server:
    """moto's standalone S3-compatible server (``moto_server``, from requirements-dev.txt) on a port of
    our own: real HTTP, real S3 signatures and ACLs, objects in its memory. MinIO is not in Debian's
    packages nor on PyPI, so this is the S3 server the tests and the multi-node test run."""

    access_key = "test-access-key"
    secret_key = "test-secret-key"
    region = "us-east-1"

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.log = tmp_path / "moto.log"
        self.binary = Path(sys.executable).parent / "moto_server"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                [str(self.binary), "-H", "127.0.0.1", "-p", str(self.port)], stdout=log, stderr=subprocess.STDOUT
            )
        wait_port(self.port, timeout=60)

    def client(self):
        import boto3  # a test tool: imported only where an S3 server runs

        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
        )

    def storage_options(self, bucket: str) -> dict:
        """The OPTIONS the settings build from S3_* for this server and bucket."""
        return {
            "bucket_name": bucket,
            "endpoint_url": self.url,
            "access_key": self.access_key,
            "secret_key": self.secret_key,
            "region_name": self.region,
            "location": "",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 60,
            "signature_version": "s3v4",
            "file_overwrite": False,
        }

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


def postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl live: on PATH, or Debian's /usr/lib/postgresql/<newest version>/bin."""
    if found := shutil.which("initdb"):
        return Path(found).resolve().parent  # Debian links a few binaries from /usr/local/bin
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return versions[-1] if versions else None


class PrivatePostgres:
    """A PostgreSQL cluster of our own (initdb into a temporary directory, its own port and socket),
    so a test can stop, crash and restart it without touching the machine's shared cluster.

    initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` OS user.
    ``cleanup()`` stops it (immediate) and removes the directory; call it in a ``finally``.
    """

    def __init__(self):
        self.bindir = postgres_bindir()
        self.port = free_port()
        self.dir: Path | None = None

    @property
    def data(self) -> Path:
        return self.dir / "data"

    @property
    def log(self) -> Path:
        return self.dir / "postgres.log"

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *args: str, timeout: float = 120) -> str:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.dir)
        if done.returncode != 0:
            raise AssertionError(f"{args[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def init(self) -> None:
        # mkdtemp: short (the socket path must stay under 107 bytes) and private to us until chowned.
        self.dir = Path(tempfile.mkdtemp(prefix="rw-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "--auth=trust", "--locale=C.UTF-8", "-E", "UTF8", "-U", "postgres")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "start", "-w", "-t", "60")

    def stop(self, mode: str = "fast") -> None:
        """``fast``: clean shutdown, sessions cut. ``immediate``: a crash (recovery from WAL on start)."""
        self._run("pg_ctl", "-D", str(self.data), "stop", "-m", mode, "-w", "-t", "60")

    def restart(self, mode: str = "fast") -> None:
        self.stop(mode)
        self.start()

    def running(self) -> bool:
        return self.dir is not None and (self.data / "postmaster.pid").exists()

    def create_database(self, name: str, *, template: str = "template0") -> None:
        # C.UTF-8 character classes, as README asks (with C, pg_trgm drops Chinese text); a copy of
        # another template inherits its locale.
        locale = ["-E", "UTF8", "--lc-ctype=C.UTF-8", "--lc-collate=C.UTF-8"] if template == "template0" else []
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-T", template, *locale, name)

    def cleanup(self) -> None:
        if self.dir is None:
            return
        if self.running():
            with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
                self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None


class StreamingReplica(PrivatePostgres):
    """A hot standby of ``primary`` (a PrivatePostgres): ``pg_basebackup -R`` copies the primary and
    writes the connection to stream from it; started on a port of its own, it replays the primary's WAL
    and answers reads. PostgreSQL 15's defaults (wal_level=replica, max_wal_senders=10) and the
    ``host replication … trust`` lines of a trust-auth initdb are all the primary needs."""

    def __init__(self, primary: PrivatePostgres):
        super().__init__()
        self.primary = primary

    def init(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="rw-pgr-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        args = ["-h", "127.0.0.1", "-p", str(self.primary.port), "-U", "postgres", "-D", str(self.data)]
        self._run("pg_basebackup", *args, "-R", "-X", "stream", "-c", "fast")

    def sql(self, statement: str, database: str = "postgres") -> list[tuple]:
        import psycopg2  # the runtime's driver

        conn = psycopg2.connect(self.url(database))
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(statement)
                return cur.fetchall() if cur.description else []
        finally:
            conn.close()

    def wait_streaming(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if self.sql("SELECT status FROM pg_stat_wal_receiver") == [("streaming",)]:
                    return
            time.sleep(0.2)
        raise AssertionError(f"the replica never streamed:\n{self.log.read_text()[-3000:]}")

    def wait_caught_up(self, timeout: float = 60) -> None:
        """Until the replica has replayed everything the primary had written when this was called."""
        target = self.primary_sql("SELECT pg_current_wal_lsn()::text")[0][0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = self.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
            if done == [(True,)]:
                return
            time.sleep(0.1)
        raise AssertionError("the replica never caught up")

    def primary_sql(self, statement: str) -> list[tuple]:
        import psycopg2

        conn = psycopg2.connect(self.primary.url("postgres"))
        try:
            with conn, conn.cursor() as cur:  # committed
                cur.execute(statement)
                return cur.fetchall()
        finally:
            conn.close()


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
