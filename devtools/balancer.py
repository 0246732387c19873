"""nginx in front of web nodes on this machine (round robin), for the multi-node tests and
`make bench` with --balancer. The same proxy settings as README's deployment section: a node that
refuses connections is skipped for any method (nothing was sent), a GET cut off mid-way is retried on
the next node, a POST already sent is not (it may have been written)."""

import os
import shutil
import subprocess
from pathlib import Path

NGINX_CONF = """
{user}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 512; }}
http {{
    log_format upstream '$request_method $uri $status $upstream_addr $upstream_status';
    access_log {dir}/access.log upstream;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    client_max_body_size 20m;
    upstream portal {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            # A new connection per request (no upstream keepalive): a node that is gone refuses it, and
            # the request goes to the next one; a kept-alive connection to a dead node would fail it.
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # A node that refuses the connection is skipped (any method: nothing was sent); a GET whose
            # node dies mid-answer is retried on the next; a POST already sent is not (it may have
            # been written), so only it fails.
            proxy_next_upstream error timeout;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def nginx_available() -> bool:
    return nginx_binary() is not None


def start_nginx(work_dir: Path, port: int, upstream_ports: list[int]) -> subprocess.Popen:
    """nginx in the foreground on ``port``, everything (config, logs, temporary files) under ``work_dir``."""
    work_dir.mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;" for p in upstream_ports)
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root its workers would be nobody, locked out of work_dir
    conf = work_dir / "nginx.conf"
    conf.write_text(NGINX_CONF.format(user=user, dir=work_dir, servers=servers, port=port))
    return subprocess.Popen(
        [nginx_binary(), "-p", str(work_dir), "-c", str(conf), "-g", "daemon off;"],
        stdout=(work_dir / "stdout.log").open("w"),
        stderr=subprocess.STDOUT,
    )


def stop_nginx(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=20)
