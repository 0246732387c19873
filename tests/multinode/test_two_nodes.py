"""Two web nodes behind nginx, as production runs them: PostgreSQL primary + streaming replica, one
Redis cache, uploads in the S3 server. One node is killed under load: only the requests it had in
flight fail, and every write answered 201 is in the primary. The replica stopped: reads fall back. A
file uploaded through node A downloads through node B."""

import json
import threading
import time
import urllib.request
from dataclasses import dataclass

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from devtools.balancer import nginx_available
from tests.factories.files import PDF_BYTES, pdf_upload
from tests.support.nodes import Nginx, WebNode, call, wait_healthy

from .conftest import needs_postgres

pytestmark = [
    needs_postgres,
    pytest.mark.skipif(not nginx_available(), reason="nginx is not installed (apt-get install nginx; .ci/run does)"),
]


@pytest.fixture
def deployment(cluster_ready, redis_server, s3_server, tmp_path):
    """Nodes A and B (two sync workers each) with the same settings, and nginx in front of both."""
    bucket = f"rw-multinode-{time.monotonic_ns()}"
    s3_server.client().create_bucket(Bucket=bucket)
    env = cluster_ready.env(
        CACHE_URL=redis_server.url,
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=s3_server.url,
        S3_ACCESS_KEY_ID=s3_server.access_key,
        S3_SECRET_ACCESS_KEY=s3_server.secret_key,
        TRUSTED_PROXIES="127.0.0.1",
        THROTTLE_ANON="off",  # one test client on one address: the throttles would answer it with 429s
        THROTTLE_USER="off",
    )
    nodes = [WebNode(name, env, tmp_path, workers=2) for name in ("node-a", "node-b")]
    for node in nodes:
        wait_healthy(node.url)
    balancer = Nginx(nodes, tmp_path / "nginx")
    wait_healthy(balancer.url)
    yield Deployment(cluster_ready, nodes, balancer, s3_server, bucket)
    balancer.stop()
    for node in nodes:
        node.stop()


@dataclass
class Deployment:
    cluster: object
    nodes: list[WebNode]
    balancer: Nginx
    s3: object
    bucket: str


@dataclass
class Sent:
    kind: str  # "write" or "read"
    title: str
    started: float
    ended: float
    status: int


def test_file_uploaded_through_node_a_downloads_through_node_b_and_the_balancer(deployment):
    node_a, node_b = deployment.nodes
    seed = deployment.cluster.seed
    body = encode_multipart(BOUNDARY, {"resume_pdf": pdf_upload()})
    request = urllib.request.Request(
        f"{node_a.url}/api/v1/graduates/me/resume-pdf/",
        data=body,
        method="PUT",
        headers={"Authorization": f"Token {seed['token']}", "Content-Type": MULTIPART_CONTENT},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        uploaded = response.status
    download = reverse("graduates:resume_download", args=[seed["graduate"]])

    via_b = call(f"{node_b.url}{download}", headers={"Cookie": seed["graduate_session"]})
    via_balancer = call(f"{deployment.balancer.url}{download}", headers={"Cookie": seed["graduate_session"]})
    anonymous = call(f"{node_b.url}{download}")
    (name,) = deployment.cluster.rows(f"SELECT resume_pdf FROM graduates_graduate WHERE id = {seed['graduate']}")[0]
    listed = deployment.s3.client().list_objects_v2(Bucket=deployment.bucket)["Contents"]

    assert uploaded == 200
    assert (via_b.status, via_b.body) == (200, PDF_BYTES)
    assert (via_balancer.status, via_balancer.body) == (200, PDF_BYTES)
    assert anonymous.status == 302  # to the sign-in page: never the file
    assert [item["Key"] for item in listed] == [name]
    assert list((deployment.cluster.var_dir / "private").glob("**/*.pdf")) == []  # on no node's disk


def test_node_killed_under_load_only_in_flight_requests_fail_and_every_write_is_kept(deployment, capsys):
    seed, balancer = deployment.cluster.seed, deployment.balancer
    employer = {"Authorization": f"Token {seed['employer_token']}"}
    sent: list[Sent] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(kind: str, number: int) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            title = f"负载{number}-{n}"
            started = time.monotonic()
            if kind == "write":
                url, data = f"{balancer.url}/api/v1/employer/postings/", {"title": title}
                answer = call(url, method="POST", data=data, headers=employer)
            else:
                answer = call(f"{balancer.url}/api/v1/jobs/?q=多机演练")
            with lock:
                sent.append(Sent(kind, title, started, time.monotonic(), answer.status))

    threads = [threading.Thread(target=client, args=(kind, n)) for n, kind in enumerate(["write", "read"] * 3)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    kill_started = time.monotonic()
    deployment.nodes[0].kill()
    killed_at = time.monotonic()  # the node and its workers are gone: its port refuses connections
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)

    expected = {"write": 201, "read": 200}
    failed = [s for s in sent if s.status != expected[s.kind]]
    in_flight = [s for s in sent if s.started <= killed_at and s.ended >= kill_started]
    rows = deployment.cluster.rows("SELECT title FROM employers_jobposting WHERE title LIKE '负载%'")
    written = {title for (title,) in rows}
    ok_writes = {s.title for s in sent if s.kind == "write" and s.status == 201}
    failed_writes = {s.title for s in failed if s.kind == "write"}
    counts = {
        "requests": len(sent),
        "writes": sum(s.kind == "write" for s in sent),
        "reads": sum(s.kind == "read" for s in sent),
        "failed": len(failed),
        "failed_statuses": sorted({s.status for s in failed}),
        "in_flight_at_kill": len(in_flight),
        "rows_written": len(written),
        "writes_answered_201": len(ok_writes),
        "rows_of_failed_writes": len(written & failed_writes),
        "per_upstream": balancer.upstream_counts(),
        "kill_seconds": round(killed_at - kill_started, 3),
        "failed_detail": [
            (s.kind, s.status, round(s.started - kill_started, 3), round(s.ended - kill_started, 3)) for s in failed
        ],
    }
    with capsys.disabled():
        print(f"\n[multinode] one node killed under load: {json.dumps(counts, ensure_ascii=False)}")

    assert all(s in in_flight for s in failed), counts  # nothing failed that was not in flight at the kill
    # At most one per client: each had one request in flight (a GET cut off mid-answer fails too).
    assert len(failed) <= len(threads), counts
    assert ok_writes <= written, counts  # every write answered 201 is in the primary
    assert written - ok_writes <= failed_writes, counts  # and nothing else but a write whose answer was lost
    after = [s for s in sent if s.started > killed_at]
    assert after and all(s.status == expected[s.kind] for s in after), counts
    assert counts["writes_answered_201"] > 20 and counts["reads"] > 20, counts  # it really was under load
    node_a, node_b = (f"127.0.0.1:{node.port}" for node in deployment.nodes)
    assert counts["per_upstream"][node_a] > 5 and counts["per_upstream"][node_b] > 5, counts


def test_replica_stopped_reads_through_the_balancer_fall_back(deployment):
    cluster, balancer = deployment.cluster, deployment.balancer
    before = [call(f"{balancer.url}/api/v1/jobs/?q=多机演练").status for _ in range(6)]

    cluster.replica.stop("fast")
    during = [call(f"{balancer.url}{path}").status for path in ("/api/v1/jobs/?q=多机演练", "/jobs/") * 6]
    cluster.new_posting("多机演练新岗位丁")
    fresh = call(f"{balancer.url}/api/v1/jobs/?q=多机演练新岗位丁")

    assert before == [200] * 6
    assert during == [200] * 12
    assert [job["title"] for job in fresh.json()["results"]] == ["多机演练新岗位丁"]
