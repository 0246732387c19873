"""Web nodes for the multi-node tests: each a real gunicorn process (its own port, its own sync workers)
serving the portal with the environment a deployment gives it."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from devtools.balancer import start_nginx, stop_nginx

from .servers import free_port, wait_port

ROOT = Path(settings.BASE_DIR)


@dataclass
class Answer:
    status: int  # 0: no HTTP answer at all (connection refused or reset)
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is the answer (e.g. 302 to the sign-in page), not followed


_opener = urllib.request.build_opener(_NoRedirect)


def call(url: str, *, method: str = "GET", data: dict | None = None, headers: dict | None = None) -> Answer:
    """One request, no redirect followed; the URL may hold Chinese (quoted here)."""
    url = urllib.parse.quote(url, safe=":/?&=%#")
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(data).encode() if data is not None else None,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with _opener.open(request, timeout=30) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, dict(exc.headers), exc.read())
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
        return Answer(0, {}, b"")  # no (whole) answer: refused, reset, or cut off mid-way


def node_env(var_dir: Path, **env: str) -> dict:
    """A production-like environment (DEBUG off) on its own VAR_DIR; ``env`` adds or overrides."""
    return {
        **os.environ,
        "DEBUG": "",
        "SECRET_KEY": "multinode-test",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "0",
        "VAR_DIR": str(var_dir),
        "CELERY_BROKER_URL": "filesystem://",
        "LOG_LEVEL": "WARNING",
        **env,
    }


class WebNode:
    """``gunicorn recruitment_weeks.wsgi`` on a free port, in its own process group (so a kill takes its
    workers too, as when a machine goes away)."""

    def __init__(self, name: str, env: dict, log_dir: Path, *, workers: int = 1):
        self.name = name
        self.port = free_port()
        self.log = log_dir / f"{name}.log"
        args = ["--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "--timeout", "60"]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "recruitment_weeks.wsgi:application", *args],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_port(self.port, timeout=60)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL to the master and its workers at once: requests in flight get no answer. Returns once
        the port refuses connections (until the last worker is gone the kernel still accepts them)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=20)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.005)
        raise AssertionError(f"{self.name} still accepts connections after SIGKILL")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_healthy(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if call(f"{url}/healthz").status == 200:
            return
        time.sleep(0.2)
    raise AssertionError(f"{url} never answered /healthz")


class Nginx:
    """Debian's nginx as the load balancer in front of ``nodes`` (round robin), on a port of its own,
    run in the foreground with everything under ``work_dir``."""

    def __init__(self, nodes: list[WebNode], work_dir: Path):
        self.dir = work_dir
        self.port = free_port()
        self.proc = start_nginx(self.dir, self.port, [node.port for node in nodes])
        wait_port(self.port, timeout=20)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def upstream_counts(self) -> dict[str, int]:
        """Requests answered per upstream address, from the access log."""
        counts: dict[str, int] = {}
        for line in (self.dir / "access.log").read_text().splitlines():
            for address in line.split()[3].split(","):
                if address.strip() not in ("", "-"):
                    counts[address.strip()] = counts.get(address.strip(), 0) + 1
        return counts

    def stop(self) -> None:
        stop_nginx(self.proc)
