import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from devtools.staff_bench import staff_pages, staff_users


class Command(BaseCommand):
    help = (
        "逐页计时工作人员页面（单连接，Django 测试客户端；会创建两个工作人员账号）。 / "
        "Time each staff page once per role with the test client (creates two staff users)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5, help="requests per page (the first is not counted)")
        parser.add_argument("--only", default="", help="only labels containing this text")

    def handle(self, *args, **options):
        setup_test_environment()  # the test client's host is allowed
        clients = {}
        for role, user in staff_users().items():
            clients[role] = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
            clients[role].force_login(user)
        self.stdout.write(
            f"{'page':40} {'status':>6} {'median ms':>9} {'max ms':>7} {'queries':>7} {'sql ms':>6}  slowest query"
        )
        for label, url, role in staff_pages():
            if options["only"] not in label:
                continue
            client = clients[role]
            client.get(url)  # warm caches (templates, the scope) once
            times = []
            for _i in range(max(options["repeat"], 1)):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
            slowest = max(captured.captured_queries, key=lambda q: float(q["time"]), default=None)
            sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
            slow = " ".join(f"{float(slowest['time']) * 1000:.0f} ms {slowest['sql'][:80]}".split()) if slowest else ""
            self.stdout.write(
                f"{label:40} {response.status_code:>6} {statistics.median(times):9.0f} {max(times):7.0f} "
                f"{len(captured.captured_queries):7d} {sql_ms:6.0f}  {slow}"
            )
