"""`make bench`: gunicorn on the configured (seeded) PostgreSQL, wrk on loopback, fixed concurrency and
duration per scenario; p50/p95/p99 and requests per second, each compared with the framework ceiling
(a JSON view that touches no database). Results go to var/bench/ as JSON and Markdown.

Other modes (one per run): --shapes N (the worst-case search: N random search shapes, one client,
then the worst at 16 connections), --growth DB,DB,… (the worst-case search on each database, one
growth table), --sweeps (each callable of SWEEPS in its own process: time and peak RSS), --staff
(STAFF_URLS as a provincial and as a main-venue staff user at 16 connections), --pages (venue pages,
recommendations, a posting's matches and the staff name search, typical and worst shapes, at 16
connections: devtools.page_bench), --balancer (through nginx in front of one gunicorn node, then two,
side by side)."""

import argparse
import http.client
import importlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from devtools import bench_shapes, page_bench
from devtools.balancer import nginx_available, start_nginx, stop_nginx
from devtools.seeding import PREFIX
from employers.selectors import postings_public
from events.models import RecruitmentWeek
from graduates.enums import GraduateStatus
from graduates.models import Application, Graduate
from marketplace.search import PAGE_SIZE, search_postings
from marketplace.search_params import clean_search_params
from recruitment_weeks.accounts.models import User
from recruitment_weeks.accounts.second_factor import SESSION_KEY as SECOND_FACTOR_SESSION_KEY
from recruitment_weeks.accounts.second_factor import second_factor_required
from recruitment_weeks.reference.enums import DegreeRequirement, Industry, OwnershipType
from recruitment_weeks.reference.models import Discipline
from venues.enums import MembershipRole, System, VenueKind
from venues.models import Province, Venue, VenueMembership

LUA = """
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
wrk.headers["X-CSRFToken"] = os.getenv("BENCH_CSRF") or ""
wrk.headers["Content-Type"] = os.getenv("BENCH_CTYPE") or "text/plain"
wrk.headers["Accept-Language"] = "zh-hans"
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH %d %d %d %d %.3f %.3f %.3f\\n", summary.requests, summary.duration, errors,
    summary.errors.status, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""
CSRF = "benchcsrftokenbenchcsrftokenbenc"  # a 32-character secret: cookie and header agree


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx is raised as an HTTPError: check_ok() refuses it


NO_REDIRECTS = urllib.request.build_opener(_RefuseRedirects)
# The targets of the national-scale issue, checked in the report: (largest p95 in ms, smallest ratio).
TARGETS = {
    "search_api": (50, 0.12),
    "search_page": (80, None),
    "admin_review_queue": (150, None),
}
EXPLAIN_TIMEOUT = "120s"  # a worst shape's EXPLAIN ANALYZE runs at most this long
SLOW_MS = 2000  # a shape's page slower than this is not repeated
TYPICAL_SEARCH = "/api/v1/jobs/?q=%E4%BC%9A%E8%AE%A1&province=11&degree=bachelor"  # q=会计: the search_api scenario

# --sweeps: (name, dotted path of a callable taking no arguments). Each runs in its own process
# (`bench --call PATH`), so its peak RSS is its own. Today's sweep functions as the Celery tasks call
# them; replace them with the batched versions (and add the statistics pre-aggregation) as they land.
# The sweeps write as they do in production (notifications, closed postings): run on a bench database.
SWEEPS = [
    ("close expired postings", "employers.services.postings_close_expired"),
    ("unanswered applications", "marketplace.sweeps.unanswered_applications_remind"),
    ("week digest", "marketplace.sweeps.week_digest_send"),
    ("saved-search alerts", "marketplace.sweeps.saved_search_alerts_send"),
    ("week opening", "fairs.sweeps.week_opening_notify"),
    ("week closing", "fairs.sweeps.week_closing_process"),
    ("site-link reminders", "venues.sweeps.report_reminders_send"),
    ("site-link missing", "venues.sweeps.report_missing_flag"),
    ("away messages", "conversations.sweeps.unread_messages_sweep"),
    ("notification outbox", "recruitment_weeks.notifications.services.notification_sweep"),
    ("prune sign-in failures", "recruitment_weeks.accounts.services.login_failures_prune"),
    ("prune expired tokens", "recruitment_weeks.accounts.services.tokens_expired_prune"),
]
# --staff: (name, path) fetched by each staff user at 16 connections: review queues, changelists,
# downloads and the staff API. Add new staff pages here.
STAFF_URLS = [
    ("employer review queue", "/admin/employers/employer/queue/"),
    ("graduate review queue", "/admin/graduates/graduate/queue/"),
    ("fair registration review queue", "/admin/events/fairregistration/queue/"),
    ("employers changelist, pending", "/admin/employers/employer/?status__exact=pending"),
    ("graduates changelist", "/admin/graduates/graduate/"),
    ("postings changelist", "/admin/employers/jobposting/"),
    ("applications changelist", "/admin/graduates/application/"),
    ("statistics page", "/admin/venues/venue/statistics/"),
    ("statistics CSV", "/admin/venues/venue/statistics.csv"),
    ("statistics xlsx", "/admin/venues/venue/statistics.xlsx"),
    ("contact forms download", "/admin/venues/contactform/download/"),
    ("staff API: employer queue", "/api/v1/staff/review-queue/employers/"),
    ("staff API: graduate queue", "/api/v1/staff/review-queue/graduates/"),
    ("staff API: statistics", "/api/v1/staff/statistics/"),
]
# The staff users --staff signs in as, made (bench-only, with the seeder's prefix: seed_scale --reset
# deletes them) on first use: (username, system, province code or None for the main venue).
STAFF_USERS = [
    (PREFIX + "bench-provincial", System.HR, "11"),
    (PREFIX + "bench-main", System.HR, None),
]


class Command(BaseCommand):
    help = "基准测试（gunicorn + wrk，需已 seed_scale 的 PostgreSQL）。 / Benchmark the portal under load."

    def add_arguments(self, parser):
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--duration", type=int, default=15, help="seconds per scenario")
        parser.add_argument(
            "--warmup", type=int, default=3, help="seconds of the same load before each measurement, not counted"
        )
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
        parser.add_argument("--port", type=int, default=8100)
        parser.add_argument("--keyword", default="会计")
        parser.add_argument("--province", default="11")
        parser.add_argument(
            "--only", default="", help="comma-separated scenarios to run (the ceiling always runs: ratios need it)"
        )
        mode = parser.add_argument_group("modes (one per run; none: the fixed scenarios)")
        mode.add_argument("--shapes", type=int, default=0, help="worst-case search: this many random shapes")
        mode.add_argument("--growth", default="", help="worst-case search on each of these databases (comma-separated)")
        mode.add_argument("--sweeps", action="store_true", help="time SWEEPS, each in its own process, with peak RSS")
        mode.add_argument("--staff", action="store_true", help="STAFF_URLS as a provincial and a main-venue user")
        mode.add_argument("--pages", action="store_true", help="the data-sized pages, typical and worst shapes")
        mode.add_argument("--balancer", action="store_true", help="through nginx: one web node, then two")
        mode.add_argument("--call", default="", help=argparse.SUPPRESS)  # --sweeps runs each callable through it
        parser.add_argument("--seed", type=int, default=1, help="the shapes' random seed")
        parser.add_argument("--repeats", type=int, default=3, help="requests per shape (its median is its time)")
        parser.add_argument("--explain", type=int, default=10, help="worst shapes to EXPLAIN (ANALYZE, BUFFERS)")
        parser.add_argument("--json", default="", help="write the worst-case report here too")

    def handle(self, *args, **o):
        if o["call"]:
            return self.call(o["call"])
        # A SIGTERM (kill) unwinds like an exception: the gunicorn started below is stopped by `finally`.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        if connection.vendor != "postgresql":
            raise CommandError("bench 需要 PostgreSQL（设置 DATABASE_URL 并先运行 seed_scale）。")
        if not shutil.which("wrk") and not o["sweeps"] and not o["growth"]:
            raise CommandError("wrk is not installed (apt-get install wrk)")
        out_dir = Path(settings.VAR_DIR) / "bench"
        out_dir.mkdir(parents=True, exist_ok=True)
        lua = out_dir / "bench.lua"
        lua.write_text(LUA)
        if o["growth"]:
            return self.growth(o, out_dir)
        if o["shapes"]:
            return self.worst_case(o, out_dir, lua)
        if o["sweeps"]:
            return self.sweeps(o, out_dir)
        if o["staff"]:
            return self.staff(o, out_dir, lua)
        if o["pages"]:
            return self.pages(o, out_dir, lua)
        if o["balancer"]:
            return self.balanced(o, out_dir, lua)
        staff_cookie, graduate_cookie, posting_id, graduate = self.prepare(o)
        base = f"http://127.0.0.1:{o['port']}"
        kw = urllib.parse.quote(o["keyword"])
        scenarios = [
            ("ceiling", "GET", "/healthz", "", None),
            ("search_api", "GET", f"/api/v1/jobs/?q={kw}&province={o['province']}&degree=bachelor", "", None),
            ("search_page", "GET", f"/jobs/?q={kw}&province={o['province']}", "", None),
            ("job_page", "GET", f"/jobs/{posting_id}/", "", None),
            (
                "apply",
                "POST",
                "/api/v1/applications/",
                graduate_cookie,
                json.dumps({"posting": posting_id, "note": "bench"}),
            ),
            ("admin_review_queue", "GET", "/admin/employers/employer/queue/", staff_cookie, None),
            ("admin_changelist", "GET", "/admin/employers/employer/?status__exact=pending", staff_cookie, None),
        ]
        if o["only"]:
            wanted = {"ceiling", *o["only"].split(",")}
            unknown = wanted - {name for name, *_ in scenarios}
            if unknown:
                raise CommandError(f"unknown scenarios: {', '.join(sorted(unknown))}")
            scenarios = [row for row in scenarios if row[0] in wanted]
        server = self.start_gunicorn(o)
        results = []
        try:
            for name, method, path, cookie, body in scenarios:
                self.check_ok(base + path, method, cookie, body)
                results.append(self.run_wrk(name, method, base + path, cookie, body, lua, o))
        finally:
            self.stop_gunicorn(server)
        ceiling = results[0]["rps"]
        for row in results:
            row["ratio_to_ceiling"] = round(row["rps"] / ceiling, 3) if ceiling else None
        duplicates = Application.objects.filter(graduate=graduate, posting_id=posting_id).count()
        report = {
            "at": timezone.now().isoformat(),
            "settings": {
                k: o[k] for k in ("connections", "duration", "warmup", "threads", "workers", "keyword", "province")
            }
            | {"search_cache_seconds": settings.SEARCH_CACHE_SECONDS},
            "postings_public": postings_public().count(),
            "apply_rows_for_pair": duplicates,
            "results": results,
        }
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        (out_dir / f"results-{stamp}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
        table = self.markdown(report)
        (out_dir / f"results-{stamp}.md").write_text(table)
        (out_dir / "latest.md").write_text(table)
        self.stdout.write(table)

    def prepare(self, o):
        """A staff superuser session, an approved graduate's session, and one public posting to hit."""
        staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"is_staff": True, "is_superuser": True})
        graduate = Graduate.objects.filter(status=GraduateStatus.APPROVED).select_related("user").order_by("pk").first()
        posting = postings_public().filter(province__code=o["province"]).order_by("-published_at", "-id").first()
        if graduate is None or posting is None:
            raise CommandError("no approved graduate or public posting: run seed_scale first")
        Application.objects.filter(graduate=graduate, posting=posting).delete()
        return self.session_cookie(staff), self.session_cookie(graduate.user), posting.pk, graduate

    def start_gunicorn(self, o, **settings_env: str):
        """gunicorn with --workers on --port; ``settings_env``: settings of this run only (environment)."""
        env = {
            **os.environ,
            **settings_env,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_COOKIES": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "LOG_LEVEL": "WARNING",
            # wrk is one client on one address: the API's per-client throttles would answer it with 429s.
            "THROTTLE_ANON": "off",
            "THROTTLE_USER": "off",
        }
        args = [
            str(Path(sys.executable).with_name("gunicorn")),
            "recruitment_weeks.wsgi",
            "-w",
            str(o["workers"]),
            "-b",
            f"127.0.0.1:{o['port']}",
            "--log-level",
            "warning",
            "--access-logfile",
            "-",
            "--access-logformat",
            "",
        ]
        server = subprocess.Popen(
            args, cwd=settings.BASE_DIR, env=env, start_new_session=True, stdout=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{o['port']}/healthz", timeout=2)
                return server
            except OSError:
                time.sleep(0.3)
        os.killpg(server.pid, signal.SIGTERM)
        raise CommandError("gunicorn did not start")

    @staticmethod
    def stop_gunicorn(server) -> None:
        """SIGTERM, and SIGKILL if its workers are still busy after 40 s (a worst-case search the
        load left running: gunicorn waits for it)."""
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)

    def check_ok(self, url, method, cookie, body):
        """The URL answers 2xx itself: a redirect (to the login, to the second factor's enrolment) is
        refused, or wrk would time the redirect instead of the page."""
        request = urllib.request.Request(
            url,
            method=method,
            data=body.encode() if body else None,
            headers={"Cookie": cookie or "", "X-CSRFToken": CSRF, "Content-Type": "application/json"},
        )
        try:
            with NO_REDIRECTS.open(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as exc:  # 3xx (refused above), 4xx, 5xx
            status = exc.code
        if status >= 300:
            raise CommandError(f"{url} answered {status}")

    def run_wrk(self, name, method, url, cookie, body, lua, o):
        env = {
            **os.environ,
            "BENCH_METHOD": method,
            "BENCH_COOKIE": cookie or "",
            "BENCH_CSRF": CSRF,
            "BENCH_BODY": body or "",
            "BENCH_CTYPE": "application/json" if body else "text/plain",
        }

        def wrk(seconds: int) -> str:
            args = ["wrk", "-t", str(o["threads"]), "-c", str(o["connections"]), "-d", f"{seconds}s"]
            args += ["--timeout", "10s", "-s", str(lua), url]
            return subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout

        if o["warmup"]:
            wrk(o["warmup"])  # every worker has served this page, its caches are filled: then measure
        output = wrk(o["duration"])
        line = next(line for line in output.splitlines() if line.startswith("BENCH "))
        requests, duration_us, errors, status_errors, p50, p95, p99 = line.split()[1:]
        rps = int(requests) / (int(duration_us) / 1e6)
        row = {
            "scenario": name,
            "rps": round(rps, 1),
            "p50_ms": float(p50),
            "p95_ms": float(p95),
            "p99_ms": float(p99),
            "requests": int(requests),
            "socket_errors": int(errors),
            "non_2xx_3xx": int(status_errors),
        }
        self.stdout.write(f"  {name}: {row}")
        return row

    def markdown(self, report) -> str:
        lines = [
            f"Benchmark {report['at']} · {report['settings']} · public postings {report['postings_public']:,}"
            f" · application rows for the hammered (graduate, posting) pair: {report['apply_rows_for_pair']}",
            "",
            "| scenario | req/s | p50 ms | p95 ms | p99 ms | × ceiling | errors | non-2xx/3xx | target |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in report["results"]:
            lines.append(
                f"| {r['scenario']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
                f"{r['ratio_to_ceiling']} | {r['socket_errors']} | {r['non_2xx_3xx']} | {self.target(r, report)} |"
            )
        return "\n".join(lines) + "\n"

    @staticmethod
    def target(row: dict, report: dict) -> str:
        """ "p95 ≤ 50 ms ✓, ≥ 0.12× ✗" for a scenario with a target; the apply row: its duplicates."""
        if row["scenario"] == "apply":
            rows = report["apply_rows_for_pair"]
            return f"1 row for the pair {'✓' if rows == 1 else '✗'}"
        if row["scenario"] not in TARGETS:
            return ""
        p95, ratio = TARGETS[row["scenario"]]
        parts = [f"p95 ≤ {p95} ms {'✓' if row['p95_ms'] <= p95 else '✗'}"]
        if ratio is not None:
            met = row["ratio_to_ceiling"] is not None and row["ratio_to_ceiling"] >= ratio
            parts.append(f"≥ {ratio}× {'✓' if met else '✗'}")
        return ", ".join(parts)

    # --- helpers shared by the modes ------------------------------------------------------------

    @staticmethod
    def session_cookie(user) -> str:
        """A signed-in session of ``user``; a staff user's is past the second factor (a confirmed TOTP
        device of the bench's own), or every admin page would answer its redirect to enrolment."""
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
        session["_auth_user_hash"] = user.get_session_auth_hash()
        if second_factor_required(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
            device = device or TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
            session[SECOND_FACTOR_SESSION_KEY] = device.pk
        session.create()
        return f"sessionid={session.session_key}; csrftoken={CSRF}"

    def write_report(self, out_dir: Path, kind: str, report: dict, table: str) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        (out_dir / f"{kind}-{stamp}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
        (out_dir / f"{kind}-{stamp}.md").write_text(table)
        (out_dir / f"{kind}-latest.md").write_text(table)
        self.stdout.write(table)

    def load_runs(self, o, base: str, lua: Path, runs: list[tuple[str, str, str]]) -> list[dict]:
        """wrk at --connections on /healthz (the ceiling) and then on each (name, path, cookie) of the
        same run; each row's ratio to the ceiling."""
        rows = [self.run_wrk("ceiling", "GET", base + "/healthz", "", None, lua, o)]
        for name, path, cookie in runs:
            rows.append(self.run_wrk(name, "GET", base + path, cookie, None, lua, o))
        for row in rows:
            row["connections"] = o["connections"]
            row["ratio_to_ceiling"] = round(row["rps"] / rows[0]["rps"], 3) if rows[0]["rps"] else None
        return rows

    # --- --balancer: one node and two behind nginx -------------------------------------------------

    def balanced(self, o, out_dir: Path, lua: Path) -> None:
        """The public reads through nginx (devtools/balancer.py) on --port, first in front of one gunicorn
        node, then of two (each with --workers workers, on the ports after --port), side by side. On one
        machine both nodes share its cores: the ratio shows the balancer's and the second node's
        overhead, not what a second machine would add."""
        if not nginx_available():
            raise CommandError("nginx is not installed (apt-get install nginx)")
        posting = postings_public().filter(province__code=o["province"]).order_by("-published_at", "-id").first()
        if posting is None:
            raise CommandError("no public posting: run seed_scale first")
        kw = urllib.parse.quote(o["keyword"])
        runs = [
            ("search_api", f"/api/v1/jobs/?q={kw}&province={o['province']}&degree=bachelor", ""),
            ("job_page", f"/jobs/{posting.pk}/", ""),
        ]
        base = f"http://127.0.0.1:{o['port']}"
        results = {}
        for count in (1, 2):
            nodes = [self.start_gunicorn({**o, "port": o["port"] + 1 + n}) for n in range(count)]
            balancer = start_nginx(out_dir / f"nginx-{count}", o["port"], [o["port"] + 1 + n for n in range(count)])
            try:
                self.wait_up(base)
                self.stdout.write(f"{count} node(s) behind nginx:")
                results[count] = self.load_runs(o, base, lua, runs)
            finally:
                stop_nginx(balancer)
                for node in nodes:
                    self.stop_gunicorn(node)
        rows = []
        for one, two in zip(results[1], results[2], strict=True):
            ratio = round(two["rps"] / one["rps"], 2) if one["rps"] else None
            rows.append({"scenario": one["scenario"], "one_node": one, "two_nodes": two, "ratio": ratio})
        report = {
            "at": timezone.now().isoformat(),
            "settings": {k: o[k] for k in ("connections", "duration", "warmup", "threads", "workers")},
            "cpus": os.cpu_count(),
            "results": rows,
        }
        self.write_report(out_dir, "balancer", report, self.balancer_table(report))

    @staticmethod
    def balancer_table(report: dict) -> str:
        """The one-node and two-node figures of each scenario side by side, with their ratio."""
        lines = [
            f"Through nginx, one node vs two · {report['settings']} · {report['cpus']} CPU(s) shared by all",
            "",
            "| scenario | 1 node req/s | 2 nodes req/s | 2 ÷ 1 | 1 node p95 ms | 2 nodes p95 ms | errors (1 / 2) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
        ]
        for r in report["results"]:
            one, two = r["one_node"], r["two_nodes"]
            errors = f"{one['socket_errors'] + one['non_2xx_3xx']} / {two['socket_errors'] + two['non_2xx_3xx']}"
            lines.append(
                f"| {r['scenario']} | {one['rps']} | {two['rps']} | {r['ratio']} | {one['p95_ms']} | "
                f"{two['p95_ms']} | {errors} |"
            )
        return "\n".join(lines) + "\n"

    @staticmethod
    def wait_up(base: str) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise CommandError("nginx did not answer")

    # --- --shapes: the worst-case search ----------------------------------------------------------

    def vocabulary(self, seed: int) -> bench_shapes.Vocabulary:
        """Words per keyword class from a sample of the search documents (ts_stat over about 20,000
        postings), checked absent words, and every filter's values from the reference tables."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT greatest(reltuples, 1) FROM pg_class WHERE relname = 'employers_jobposting'")
            percent = min(100.0, 20_000 * 100 / cursor.fetchone()[0])
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat(%s) ORDER BY ndoc DESC, word",
                [f"SELECT search_vector FROM employers_jobposting TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (1)"],
            )
            lexemes = [(w, n) for w, n in cursor.fetchall() if CJK.fullmatch(w)]
            cursor.execute(
                f"SELECT DISTINCT title FROM employers_jobposting TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (1)"
            )
            titles = sorted(t for (t,) in cursor.fetchall() if CJK.fullmatch(t or "") and len(t) >= 3)
            cursor.execute(
                f"SELECT DISTINCT city FROM employers_jobposting TABLESAMPLE SYSTEM ({percent:.4f}) REPEATABLE (1)"
            )
            cities = sorted(c for (c,) in cursor.fetchall() if c)
        if not lexemes or not titles:
            raise CommandError("no search documents to draw words from: run seed_scale first")
        pairs = [(w, n) for w, n in lexemes if len(w) == 2]
        known = {w for w, _ in lexemes}
        tenth = max(1, len(pairs) // 10)
        words = {
            "one": [w for w, _ in lexemes if len(w) == 1],
            "two": [w for w, _ in pairs],
            "common": [w for w, _ in lexemes[: max(1, len(lexemes) // 20)]],
            "rare": [w for w, _ in pairs[-tenth:]],
            "three_plus": titles + [t[i : i + 3] for t in titles for i in range(len(t) - 2)],
            "absent": self.absent_words(known, seed),
        }
        weeks = list(RecruitmentWeek.objects.order_by("-starts_on").values_list("pk", flat=True))
        return bench_shapes.Vocabulary(
            words=words,
            provinces=list(Province.objects.order_by("code").values_list("code", flat=True)),
            cities=cities or ["北京"],
            absent_city="无岗位测试市",
            industries=list(Industry.values),
            ownerships=list(OwnershipType.values),
            degrees=list(DegreeRequirement.values),
            disciplines=list(Discipline.objects.order_by("code").values_list("code", flat=True)),
            weeks=weeks,
            venues=list(Venue.objects.order_by("slug").values_list("slug", flat=True)),
        )

    @staticmethod
    def absent_words(known: set[str], seed: int) -> list[str]:
        """Five CJK pairs and five Latin words that no search document contains (checked on the whole
        index, not the sample)."""
        import random

        rng = random.Random(seed)
        found: list[str] = []
        # Through the GIN index: for EXISTS the planner would scan the table for a first match.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            while len(found) < 10:
                if len(found) < 5:
                    word = "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(2))
                    query = f"'{word}'"
                else:
                    word = "zq" + "".join(rng.choice("bcdfghjklmnpvwxz") for _ in range(5))
                    query = f"'{word}':*"
                if word in known:
                    continue
                cursor.execute(
                    "SELECT NOT EXISTS (SELECT 1 FROM employers_jobposting "
                    "WHERE search_vector @@ to_tsquery('simple', %s))",
                    [query],
                )
                if cursor.fetchone()[0]:
                    found.append(word)
        return found

    @staticmethod
    def get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, bytes]:
        """(milliseconds, status, body) of one GET on the one client's connection; status 0 when the
        server dropped the request (gunicorn kills a worker after 30 s: the slowest shapes)."""
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Language": "zh-hans", "Accept": "application/json"})
            response = conn.getresponse()
            status, body = response.status, response.read()
        except (http.client.HTTPException, OSError):
            conn.close()  # the next request opens a new connection
            status, body = 0, b""
        return (time.perf_counter() - started) * 1000, status, body

    def time_shape(self, conn, shape: bench_shapes.Shape, repeats: int) -> dict:
        """Follow next links from page 1 to the shape's depth (or the last page), then time that page
        ``repeats`` times."""
        path = "/api/v1/jobs/?" + urllib.parse.urlencode(shape.params)
        pages = 1
        while pages < shape.depth:
            _, status, body = self.get(conn, path)
            following = json.loads(body).get("next") if status == 200 else None
            if not following:
                break
            parts = urllib.parse.urlsplit(following)
            path, pages = f"{parts.path}?{parts.query}", pages + 1
        times, statuses = [], set()
        for _ in range(repeats):
            ms, status, _ = self.get(conn, path)
            times.append(ms)
            statuses.add(status)
            if ms > SLOW_MS:  # a slow shape is slow: its repeats would only make the run long
                break
        return {
            **shape.as_dict(),
            "label": shape.label(),
            "path": path,
            "pages": pages,
            "statuses": sorted(statuses),
            "median_ms": round(statistics.median(times), 2),
            "max_ms": round(max(times), 2),
            "times_ms": [round(t, 2) for t in times],
        }

    @staticmethod
    def explain(path: str) -> str:
        """EXPLAIN (ANALYZE, BUFFERS) of the slowest statement of the search that ``path`` runs: the
        same search_postings() call in this process (the same parameters and cursor), each statement
        timed, then the slowest explained under the settings it ran with (search_plan.planned())."""
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(path).query))
        cursor_token = query.pop("cursor", None)
        limit = int(query.pop("page_size", PAGE_SIZE))
        ran: list[tuple[float, str, object, tuple | None]] = []  # (seconds, sql, params, settings)
        settings_of_block: list[tuple | None] = [None]

        def record(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                if sql.startswith("SELECT set_config("):
                    settings_of_block[0] = (sql, params)
                elif '"employers_jobposting"' in sql and not sql.startswith("EXPLAIN"):
                    block = settings_of_block[0] if connection.in_atomic_block else None
                    ran.append((time.perf_counter() - start, sql, params, block))

        with connection.execute_wrapper(record):
            search_postings(params=clean_search_params(query), cursor=cursor_token, limit=limit, remember=False)
        if not ran:
            return "(no search query ran)"
        seconds, sql, params, block = max(ran, key=lambda statement: statement[0])
        heading = f"(the slowest of the search's statements, {len(ran)} in all: {seconds * 1000:.1f} ms)"
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if block:
                    cursor.execute(*block)
                cursor.execute(f"SET LOCAL statement_timeout = '{EXPLAIN_TIMEOUT}'")
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                return heading + "\n" + "\n".join(row[0] for row in cursor.fetchall())
        except OperationalError:  # canceled by the timeout: the plan without running it
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            return f"{heading}\n(ANALYZE stopped after {EXPLAIN_TIMEOUT}: the plan alone)\n{plan}"

    def worst_case(self, o, out_dir: Path, lua: Path) -> dict:
        vocabulary = self.vocabulary(o["seed"])
        shapes = bench_shapes.generate_shapes(vocabulary, o["shapes"], o["seed"])
        base = f"http://127.0.0.1:{o['port']}"
        # Every shape searched on every request (no page kept: SEARCH_CACHE_SECONDS=0), so the shapes'
        # times and the first load runs are the search's own cost; then the load runs again as
        # configured, where 16 clients asking one search share a kept page.
        server = self.start_gunicorn(o, SEARCH_CACHE_SECONDS="0")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", o["port"], timeout=60)
            for shape in shapes[: min(len(shapes), 10)]:  # every worker's caches filled before timing
                self.get(conn, "/api/v1/jobs/?" + urllib.parse.urlencode(shape.params))
            rows = []
            for n, shape in enumerate(shapes, 1):
                rows.append(self.time_shape(conn, shape, o["repeats"]))
                self.stdout.write(f"  {n}/{len(shapes)} {rows[-1]['median_ms']:.1f} ms {shape.label()}")
                self.stdout.flush()
            conn.close()
            worst = sorted(rows, key=lambda r: r["median_ms"], reverse=True)[:10]
            # The typical search before the worst shape: wrk gives up on a request after 10 s, the
            # workers go on with it, and a run right after would find them all busy.
            load = self.load_runs(
                o, base, lua, [("typical search", TYPICAL_SEARCH, ""), ("worst shape", worst[0]["path"], "")]
            )
        finally:
            self.stop_gunicorn(server)
        # As configured, or 60 s when pages are not kept by default (no shared cache: each worker keeps its own).
        kept_seconds = settings.SEARCH_CACHE_SECONDS or 60
        if kept_seconds > 0:
            server = self.start_gunicorn(o, SEARCH_CACHE_SECONDS=str(kept_seconds))
            try:
                kept = self.load_runs(
                    o,
                    base,
                    lua,
                    [
                        ("typical search, page kept", TYPICAL_SEARCH, ""),
                        ("worst shape, page kept", worst[0]["path"], ""),
                    ],
                )
            finally:
                self.stop_gunicorn(server)
            load += [{**kept[0], "scenario": "ceiling (second run)"}, *kept[1:]]
        for row in worst[: o["explain"]]:
            row["explain"] = self.explain(row["path"])
        report = {
            "at": timezone.now().isoformat(),
            "database": connection.settings_dict["NAME"],
            "shapes": len(rows),
            "seed": o["seed"],
            "repeats": o["repeats"],
            "search_cache_seconds": kept_seconds,
            "search_cache": "shared (CACHE_URL)" if settings.CACHE_URL else "per process",
            "postings_public": postings_public().count(),
            "summary": bench_shapes.summary([r["median_ms"] for r in rows]),
            "non_200_shapes": [r["label"] for r in rows if r["statuses"] != [200]],
            "load": load,
            "worst": worst,
            "rows": rows,
        }
        self.write_report(out_dir, "worst", report, bench_shapes.worst_case_table(report))
        if o["json"]:
            Path(o["json"]).write_text(json.dumps(report, ensure_ascii=False, indent=2))
        return None

    # --- --growth: the worst-case search on databases of different sizes -------------------------

    def growth(self, o, out_dir: Path) -> None:
        """`bench --shapes … --json …` on each database (DATABASE_URL with its name replaced), then one
        table. Seed each with seed_scale --postings first (see the README)."""
        url = urllib.parse.urlsplit(os.environ.get("DATABASE_URL", ""))
        if not url.scheme.startswith("postgres"):
            raise CommandError("--growth needs DATABASE_URL (postgres://…): the other databases are named from it")
        reports = []
        for name in [n.strip() for n in o["growth"].split(",") if n.strip()]:
            target = out_dir / f"growth-{name}.json"
            env = {**os.environ, "DATABASE_URL": urllib.parse.urlunsplit(url._replace(path="/" + name))}
            args = [sys.executable, "manage.py", "bench", "--shapes", str(o["shapes"] or 200)]
            args += ["--seed", str(o["seed"]), "--repeats", str(o["repeats"]), "--json", str(target)]
            args += ["--duration", str(o["duration"]), "--warmup", str(o["warmup"]), "--port", str(o["port"])]
            self.stdout.write(f"[{name}]")
            subprocess.run(args, cwd=settings.BASE_DIR, env=env, check=True)
            reports.append((name, json.loads(target.read_text())))
        table = bench_shapes.growth_table(reports)
        report = {"at": timezone.now().isoformat(), "databases": [{"name": n, **r} for n, r in reports]}
        self.write_report(out_dir, "growth", report, table)

    # --- --sweeps ----------------------------------------------------------------------------------

    def call(self, dotted: str) -> None:
        """In the child process of --sweeps: run one callable, print its time and result as JSON."""
        module, _, name = dotted.rpartition(".")
        target = getattr(importlib.import_module(module), name)
        started = time.monotonic()
        result = target()
        seconds = time.monotonic() - started
        self.stdout.write("CALL " + json.dumps({"seconds": round(seconds, 3), "result": repr(result)[:200]}))

    def sweeps(self, o, out_dir: Path) -> None:
        rows = []
        for name, dotted in SWEEPS:
            rows.append(self.run_call(name, dotted))
            self.stdout.write(f"  {name}: {rows[-1]}")
        lines = [
            "| sweep | callable | seconds | peak RSS MiB | exit | result |",
            "| --- | --- | ---: | ---: | ---: | --- |",
        ]
        for r in rows:
            lines.append(
                f"| {r['name']} | `{r['callable']}` | {r['seconds']} | {r['peak_rss_mib']} | {r['exit']} | "
                f"{r['result']} |"
            )
        report = {"at": timezone.now().isoformat(), "postings_public": postings_public().count(), "sweeps": rows}
        self.write_report(out_dir, "sweeps", report, "\n".join(lines) + "\n")

    @staticmethod
    def run_call(name: str, dotted: str) -> dict:
        """`bench --call DOTTED` in a child process; its own peak RSS from os.wait4 (the rusage of that
        one child, where RUSAGE_CHILDREN would give the largest of all children so far; Linux: KiB).
        The seconds are the call's alone, measured in the child (Django's start-up excluded)."""
        args = [sys.executable, "manage.py", "bench", "--call", dotted]
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            child = subprocess.Popen(args, cwd=settings.BASE_DIR, stdout=out, stderr=err)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
            out.seek(0)
            err.seek(0)
            output, errors = out.read().decode(), err.read().decode()
        row = {
            "name": name,
            "callable": dotted,
            "exit": child.returncode,
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        }
        line = next((x for x in output.splitlines() if x.startswith("CALL ")), None)
        if line is None:
            row.update(seconds=None, result=(errors.strip().splitlines() or ["failed"])[-1][:200])
        else:
            row.update(json.loads(line[5:]))
        return row

    # --- --staff ----------------------------------------------------------------------------------

    def staff_users(self) -> list[tuple[str, User]]:
        """The bench's provincial and main-venue staff users (STAFF_USERS), made on first use."""
        users = []
        for username, system, province in STAFF_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            if province:
                venue = Venue.objects.get(kind=VenueKind.BRANCH, system=system, province__code=province)
            else:
                venue = Venue.objects.get(kind=VenueKind.MAIN, system=system)
            VenueMembership.objects.get_or_create(user=user, venue=venue, defaults={"role": MembershipRole.STAFF})
            users.append((f"{'provincial' if province else 'main'} ({venue.slug})", user))
        return users

    def staff(self, o, out_dir: Path, lua: Path) -> None:
        base = f"http://127.0.0.1:{o['port']}"
        server = self.start_gunicorn(o)
        rows, skipped = [], []
        try:
            runs = []
            for who, user in self.staff_users():
                cookie = self.session_cookie(user)
                for name, path in STAFF_URLS:
                    try:
                        self.check_ok(base + path, "GET", cookie, None)
                    except (OSError, CommandError) as exc:  # urllib's HTTPError is an OSError
                        skipped.append({"who": who, "name": name, "path": path, "error": str(exc)})
                        continue
                    runs.append((f"{who}: {name}", path, cookie))
            rows = self.load_runs(o, base, lua, runs)
        finally:
            self.stop_gunicorn(server)
        lines = [
            f"Staff pages at {o['connections']} connections · public postings {postings_public().count():,}",
            "",
            "| user: page | req/s | p50 ms | p95 ms | p99 ms | × ceiling | errors | non-2xx/3xx |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [bench_shapes.load_line(r) for r in rows]
        lines += [f"- skipped {s['who']}: {s['name']} ({s['path']}): {s['error']}" for s in skipped]
        report = {"at": timezone.now().isoformat(), "results": rows, "skipped": skipped}
        self.write_report(out_dir, "staff", report, "\n".join(lines) + "\n")

    # --- --pages ----------------------------------------------------------------------------------

    def pages(self, o, out_dir: Path, lua: Path) -> None:
        main_staff = next(user for who, user in self.staff_users() if who.startswith("main"))
        page_runs = page_bench.page_runs(main_staff=main_staff)
        base = f"http://127.0.0.1:{o['port']}"
        server = self.start_gunicorn(o)
        try:
            runs = []
            for run in page_runs:
                cookie = self.session_cookie(run.user) if run.user else ""
                self.check_ok(base + run.path, "GET", cookie, None)
                runs.append((run.label, run.path, cookie))
            rows = self.load_runs(o, base, lua, runs)
        finally:
            self.stop_gunicorn(server)
        lines = [
            f"Data-sized pages at {o['connections']} connections · public postings {postings_public().count():,}"
            f" · graduates {Graduate.objects.count():,}",
            "",
            "| page | req/s | p50 ms | p95 ms | p99 ms | × ceiling | errors | non-2xx/3xx |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [bench_shapes.load_line(r) for r in rows]
        report = {"at": timezone.now().isoformat(), "results": rows, "paths": {r.label: r.path for r in page_runs}}
        self.write_report(out_dir, "pages", report, "\n".join(lines) + "\n")


CJK = re.compile(r"[\u4e00-\u9fff]+")
