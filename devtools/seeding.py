"""Scale data for PostgreSQL, set-based: every table is filled by one INSERT … SELECT over
generate_series, with the vocabulary passed as arrays, so a million rows never cross the wire one by
one. The search document is built from pre-tokenised pieces (employers.search_text.ngram_tokens), so it is
exactly what refresh_search_text would store for those texts.

The filled tables' secondary indexes, unique and foreign-key constraints are dropped before the load
and made again (each once, over the finished table) after it. Their definitions are written to
var/seed_scale_schema-<database>.json first: a run that dies in between leaves that file, and the next
run makes them again before anything else. The big tables are filled by --jobs connections at once,
each a range of the generate_series (PostgreSQL runs one INSERT … SELECT on one core: computing the
postings' search_vector dominates). Each table's ids are assigned by the seeder (its largest id + 1,
2, …; the sequence moved past them afterwards), so the ranges agree and no step looks rows up again."""

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from devtools import vocab
from employers.search_text import FACET, facets_sql, ngram_tokens
from events.models import RecruitmentWeek
from recruitment_weeks.reference.enums import DegreeLevel, DegreeRequirement, Industry, OwnershipType
from recruitment_weeks.reference.models import Discipline
from recruitment_weeks.reference.validators import uscc_check_character

PREFIX = "scale-"  # every seeded username starts with it; --reset deletes exactly those users' data
# The tables the load fills: their secondary indexes and unique / foreign-key constraints are dropped
# for it and made again after it (one sorted build each instead of a million index insertions and
# deferred foreign-key checks queued at commit).
BULK_TABLES = (
    "accounts_user",
    "employers_employer",
    "employers_jobposting",
    "employers_jobposting_disciplines",
    "graduates_graduate",
    "graduates_graduate_preferred_provinces",
    "graduates_application",
    "events_fairregistration",
    "events_fairregistration_postings",
)
# For the seeder's sessions only: nothing waits on a commit's WAL flush, index builds sort in memory
# with parallel workers, the fair postings' window sorts in memory. RESET ALL afterwards.
SESSION_SETTINGS = (
    "SET synchronous_commit = off",
    "SET maintenance_work_mem = '2GB'",
    "SET max_parallel_maintenance_workers = 2",
    "SET work_mem = '256MB'",
)
PARALLEL_FROM = 100_000  # rows: a smaller step runs on one connection
# Posting i belongs to employer fe + (i · EMPLOYER_STRIDE) mod ne: a prime, so every employer count not a
# multiple of it spreads the postings evenly and the mapping can be inverted (seed_fairs).
EMPLOYER_STRIDE = 7919

# The one INSERT of the postings (row i of generate_series becomes posting id %(first)s + i, of employer
# %(fe)s + (i · EMPLOYER_STRIDE) mod %(ne)s). A new column of employers_jobposting: add it to the column list and
# its value to the SELECT, row for row. search_text is the pre-tokenised title, employer name,
# description and requirements (the order of employers.search_text.document_text); the stored
# search_vector is generated from it by PostgreSQL.
POSTING_INSERT = """
    INSERT INTO employers_jobposting (id, title, description, requirements, headcount, city, degree_requirement,
        salary_min, salary_max, valid_until, status, published_at, created_at, updated_at, employer_id,
        province_id, search_text, search_facets)
    SELECT p.*, {facets} FROM (
    SELECT %(first)s + i AS id,
           (%(titles)s::text[])[1 + i %% %(nt)s],
           (%(descs)s::text[])[1 + i %% %(nd)s],
           (%(reqs)s::text[])[1 + i %% %(nr)s],
           1 + i %% 10, e.city,
           (%(degrees)s::text[])[1 + i %% 5] AS degree_requirement,
           3000 + (i %% 20) * 500 AS salary_min, 3000 + (i %% 20) * 500 + 1000 + (i %% 7) * 1000 AS salary_max,
           (%(today)s::date + 30 + (i %% 150)::int),
           CASE WHEN i %% 100 < 95 THEN 'published' WHEN i %% 100 < 98 THEN 'draft' ELSE 'closed' END,
           CASE WHEN i %% 100 < 95 OR i %% 100 >= 98
                THEN %(now)s - (i %% 86400) * interval '1 minute' END,
           %(now)s, %(now)s, e.id AS employer_id, e.province_id AS province_id,
           (%(ttok)s::text[])[1 + i %% %(nt)s] || ' ' || etok.tokens
           || ' ' || (%(dtok)s::text[])[1 + i %% %(nd)s] || ' ' || (%(rtok)s::text[])[1 + i %% %(nr)s]
    FROM generate_series(%(lo)s::bigint, %(hi)s - 1) AS i
    JOIN employers_employer e ON e.id = %(fe)s + (i * %(stride)s) %% %(ne)s
    JOIN unnest(%(etok)s::text[]) WITH ORDINALITY AS etok (tokens, k) ON etok.k = 1 + (e.id - %(fe)s + 1) %% %(nn)s
    ) AS p
    JOIN employers_employer e ON e.id = p.employer_id
    JOIN venues_province pr ON pr.id = p.province_id
    JOIN venues_venue rv ON rv.id = e.reviewing_venue_id""".format(
    # The facets as the application writes them (employers.search_text.facets_sql), the disciplines from
    # the rule seed_postings inserts them by (posting i: the (i mod 14)-th, and every third posting the
    # ((i + 5) mod 14)-th discipline by code), and the week and venue of the fair that will show it by the
    # rule seed_fairs registers them by: every fifth employer, if approved, joins the newest week at its
    # reviewing venue and shows the first three published of its first ten postings — posting i is the
    # (i div ne)-th of its employer's, and the earlier ones are i − k·ne.
    facets=facets_sql(
        disciplines="'" + FACET + "k' || (%(dcodes)s::text[])[1 + (p.id - %(first)s) %% 14] || CASE WHEN "
        "(p.id - %(first)s) %% 3 = 0 THEN ' " + FACET + "k' || (%(dcodes)s::text[])[1 + (p.id - %(first)s + 5) %% 14] "
        "ELSE '' END",
        shows=f"""CASE WHEN %(week)s::bigint IS NOT NULL AND e.id %% 5 = 0 AND e.status = 'approved'
                 AND (p.id - %(first)s) %% 100 < 95 AND (p.id - %(first)s) / %(ne)s <= 9
                 AND (SELECT count(*) FROM generate_series(1, ((p.id - %(first)s) / %(ne)s)::int) AS k
                      WHERE (p.id - %(first)s - k * %(ne)s) %% 100 < 95) < 3
            THEN '{FACET}w' || %(week)s || ' {FACET}v' || rv.slug || ' {FACET}wv' || %(week)s || '.' || rv.slug END""",
    )
)
# A large array is joined (unnest … WITH ORDINALITY), not subscripted: array[k] walks the array from its
# start for every row (variable-length elements), ~40 µs a row for the 6,000 employer names.


def _tokens(text: str) -> str:
    return " ".join(ngram_tokens(text))  # in order, with repeats: as document_text stores them


def _employer_names() -> list[str]:
    return [f"{p}{w}{t}有限公司" for p in vocab.NAME_PLACES for w in vocab.NAME_WORDS for t in vocab.NAME_TRADES]


def _people() -> list[str]:
    return [s + g for s in vocab.SURNAMES for g in vocab.GIVEN]


class Seeder:
    def __init__(
        self,
        *,
        employers: int,
        postings: int,
        graduates: int,
        applications: int,
        report: Callable[[str], None],
        jobs: int = 2,
    ):
        self.jobs = jobs
        self.n = {"employers": employers, "postings": postings, "graduates": graduates, "applications": applications}
        self.report = report
        self.now = timezone.now()
        self.first: dict[str, int] = {}  # table → the first id this run gave (next_id)

    def step(self, label: str, sql: str, params: dict | None = None, *, rows: int | None = None) -> int:
        """Run ``sql``. With ``rows``, it fills rows %(lo)s … %(hi)s - 1 of a generate_series of that
        many: split into ranges over self.jobs connections when it is large, each committing its own."""
        started = time.monotonic()
        params = params or {}
        if rows is None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                done = cursor.rowcount
        elif self.jobs < 2 or rows < PARALLEL_FROM:
            with connection.cursor() as cursor:
                cursor.execute(sql, {**params, "lo": 0, "hi": rows})
                done = cursor.rowcount
        else:
            bounds = [rows * k // self.jobs for k in range(self.jobs + 1)]
            with ThreadPoolExecutor(self.jobs) as pool:
                done = sum(
                    pool.map(
                        lambda k: self._chunk(sql, {**params, "lo": bounds[k], "hi": bounds[k + 1]}), range(self.jobs)
                    )
                )
        # rowcount is -1 for statements that return no rows (CREATE INDEX, ANALYZE, VACUUM).
        counted = f"{done:,} rows" if done >= 0 else "done"
        self.report(f"  {label}: {counted} in {time.monotonic() - started:.1f} s")
        return done

    @staticmethod
    def _chunk(sql: str, params: dict) -> int:
        """One range of a parallel step, on this thread's own connection (closed after it)."""
        try:
            with connection.cursor() as cursor:
                for setting in SESSION_SETTINGS:
                    cursor.execute(setting)
                cursor.execute(sql, params or None)  # None: a CREATE INDEX is not interpolated
                return cursor.rowcount
        finally:
            connection.close()

    def next_id(self, table: str) -> int:
        """The first id the seeder gives a table's new rows: one more than its largest."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
            first = cursor.fetchone()[0]
        self.first[table] = first
        return first

    def move_sequence(self, table: str) -> None:
        """Past the ids the seeder gave: the application's own inserts continue after them."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")

    def deferred_schema(self) -> list[tuple[str, str, str]]:
        """(kind, name, how to make it again) for every secondary index, unique and foreign-key
        constraint of BULK_TABLES, in the order they are made again: indexes, uniques, foreign keys."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT 'index', i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid), 0
                FROM pg_index i
                WHERE i.indrelid = ANY(%(tables)s::regclass[]) AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                                    AND c.contype IN ('p', 'u', 'x'))
                UNION ALL
                SELECT CASE c.contype WHEN 'u' THEN 'unique' ELSE 'foreign key' END,
                       c.conrelid::regclass::text || ' ' || quote_ident(c.conname),
                       'ALTER TABLE ' || c.conrelid::regclass::text || ' ADD CONSTRAINT '
                       || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid),
                       CASE c.contype WHEN 'u' THEN 1 ELSE 2 END
                FROM pg_constraint c
                WHERE c.conrelid = ANY(%(tables)s::regclass[]) AND c.contype IN ('u', 'f')
                ORDER BY 4, 2""",
                {"tables": list(BULK_TABLES)},
            )
            return [(kind, name, sql) for kind, name, sql, _ in cursor.fetchall()]

    @staticmethod
    def schema_file() -> Path:
        return Path(settings.VAR_DIR) / f"seed_scale_schema-{connection.settings_dict['NAME']}.json"

    def restore_left_schema(self) -> None:
        """Make again what a run that died between dropping and restoring left dropped."""
        path = self.schema_file()
        if not path.exists():
            return
        schema = [tuple(row) for row in json.loads(path.read_text())]
        self.report(f"[indexes left dropped by an earlier run: {path}]")
        self.restore_schema(schema)
        path.unlink()

    def drop_schema(self, schema: list[tuple[str, str, str]]) -> None:
        started = time.monotonic()
        path = self.schema_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=1))
        with transaction.atomic(), connection.cursor() as cursor:
            for kind, name, _ in reversed(schema):  # foreign keys before the unique indexes they may use
                if kind == "index":
                    cursor.execute(f"DROP INDEX {name}")
                else:
                    table, constraint = name.split(" ", 1)
                    cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {constraint}")
        self.report(f"  dropped {len(schema)} indexes and constraints in {time.monotonic() - started:.1f} s")

    @staticmethod
    def present_names() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes UNION ALL SELECT conname FROM pg_constraint")
            return {name for (name,) in cursor.fetchall()}

    def build_indexes(self, indexes: list[tuple[str, str, str]], *, jobs: int | None = None) -> None:
        """Plain indexes over ``jobs`` connections (default self.jobs), a GIN index first: it is the
        longest build, and the other connections make the b-trees meanwhile. Each on a connection
        of its own (closed after it), so a build can run beside the load."""
        jobs = jobs or self.jobs
        indexes = sorted(indexes, key=lambda row: " gin " not in row[2])

        def build(row: tuple[str, str, str]) -> None:
            started = time.monotonic()
            self._chunk(row[2], {})
            self.report(f"  {row[0]} {row[1]}: done in {time.monotonic() - started:.1f} s")

        with ThreadPoolExecutor(max(1, jobs)) as pool:
            list(pool.map(build, indexes))

    def restore_schema(self, schema: list[tuple[str, str, str]]) -> None:
        """What of ``schema`` is missing: the plain indexes (build_indexes), then the unique and
        foreign-key constraints in one transaction."""
        present = self.present_names()
        missing = [row for row in schema if row[1].split(" ")[-1] not in present]
        self.build_indexes([row for row in missing if row[0] == "index"])
        with transaction.atomic():
            for kind, name, sql in missing:
                if kind != "index":
                    self.step(f"{kind} {name}", sql)

    def reset(self) -> None:
        """Delete what an earlier run seeded (its users and everything hanging off them)."""
        like = PREFIX + "%"
        employers = (
            "SELECT e.id FROM employers_employer e JOIN accounts_user u ON u.id = e.user_id "
            "WHERE u.username LIKE %(like)s"
        )
        graduates = (
            "SELECT g.id FROM graduates_graduate g JOIN accounts_user u ON u.id = g.user_id "
            "WHERE u.username LIKE %(like)s"
        )
        postings = f"SELECT id FROM employers_jobposting WHERE employer_id IN ({employers})"
        # Many-to-many and other dependent rows first: Django's cascades are not ON DELETE CASCADE in SQL.
        for label, sql in [
            ("fair postings", f"DELETE FROM events_fairregistration_postings WHERE jobposting_id IN ({postings})"),
            (
                "posting disciplines",
                f"DELETE FROM employers_jobposting_disciplines WHERE jobposting_id IN ({postings})",
            ),
            (
                "saved postings",
                f"DELETE FROM graduates_savedposting WHERE posting_id IN ({postings}) OR graduate_id IN ({graduates})",
            ),
            ("saved searches", f"DELETE FROM graduates_savedsearch WHERE graduate_id IN ({graduates})"),
            (
                "graduate provinces",
                f"DELETE FROM graduates_graduate_preferred_provinces WHERE graduate_id IN ({graduates})",
            ),
            (
                "notifications",
                "DELETE FROM notifications_notification WHERE recipient_id IN "
                "(SELECT id FROM accounts_user WHERE username LIKE %(like)s)",
            ),
            (
                "applications",
                "DELETE FROM graduates_application WHERE posting_id IN (SELECT p.id FROM "
                "employers_jobposting p JOIN employers_employer e ON e.id = p.employer_id JOIN accounts_user u "
                "ON u.id = e.user_id WHERE u.username LIKE %(like)s) OR graduate_id IN (SELECT g.id FROM "
                "graduates_graduate g JOIN accounts_user u ON u.id = g.user_id WHERE u.username LIKE %(like)s)",
            ),
            (
                "fair registrations",
                "DELETE FROM events_fairregistration WHERE employer_id IN (SELECT e.id FROM "
                "employers_employer e JOIN accounts_user u ON u.id = e.user_id WHERE u.username LIKE %(like)s)",
            ),
            (
                "postings",
                "DELETE FROM employers_jobposting WHERE employer_id IN (SELECT e.id FROM "
                "employers_employer e JOIN accounts_user u ON u.id = e.user_id WHERE u.username LIKE %(like)s)",
            ),
            (
                "employer members",
                f"DELETE FROM employers_employermember WHERE employer_id IN ({employers}) OR user_id IN "
                "(SELECT id FROM accounts_user WHERE username LIKE %(like)s)",
            ),
            (
                "employers",
                "DELETE FROM employers_employer WHERE user_id IN (SELECT id FROM accounts_user "
                "WHERE username LIKE %(like)s)",
            ),
            (
                "graduates",
                "DELETE FROM graduates_graduate WHERE user_id IN (SELECT id FROM accounts_user "
                "WHERE username LIKE %(like)s)",
            ),
            (
                "venue memberships",  # the bench's staff users (bench --staff)
                "DELETE FROM venues_venuemembership WHERE user_id IN (SELECT id FROM accounts_user "
                "WHERE username LIKE %(like)s)",
            ),
            ("users", "DELETE FROM accounts_user WHERE username LIKE %(like)s"),
        ]:
            self.step(f"reset {label}", sql, {"like": like})

    def run(self) -> dict[str, float]:
        """The load, in the order that keeps both cores busy: the postings (most of the work) and
        everything their search index needs first; then the postings' GIN index — one process, the
        longest build — on a connection of its own while this one loads the graduates and the
        applications and builds the other indexes; then VACUUM, the constraints and ANALYZE."""
        timings: dict[str, float] = {}

        def timed(name: str, work: Callable[[], None]) -> None:
            started = time.monotonic()
            self.report(f"[{name}]")
            work()
            timings[name] = time.monotonic() - started

        with connection.cursor() as cursor:
            for sql in SESSION_SETTINGS:
                cursor.execute(sql)
        try:
            schema = self.deferred_schema()
            indexes = [row for row in schema if row[0] == "index"]
            search_index = [row for row in indexes if " ON public.employers_jobposting USING gin " in row[2]]
            timed("drop indexes", lambda: self.drop_schema(schema))
            try:
                for name in ("users", "employers", "postings", "fairs"):
                    timed(name, getattr(self, f"seed_{name}"))
                # Before any index but the primary key: the heap alone is read, and no other
                # transaction is open, so every page is marked all-visible.
                timed("vacuum postings", lambda: self.vacuum(["employers_jobposting"]))
                with ThreadPoolExecutor(1) as background:
                    search_built = background.submit(self.build_indexes, search_index, jobs=1)
                    for name in ("graduates", "applications"):
                        timed(name, getattr(self, f"seed_{name}"))
                    timed("indexes", lambda: self.build_indexes([row for row in indexes if row not in search_index]))
                    started = time.monotonic()
                    search_built.result()
                    timings["waiting for the search index"] = time.monotonic() - started
                # After the search index's build, whose snapshot would have kept these tables' new
                # rows from being marked visible to all.
                timed(
                    "vacuum", lambda: self.vacuum([table for table in BULK_TABLES if table != "employers_jobposting"])
                )
            except Exception:
                # A statement that failed (not a killed process): the database gets its constraints and
                # indexes back at once instead of at the next run. If the rows loaded so far break one,
                # this raises too and the file stays for the next run, as after a kill.
                with connection.cursor() as cursor:
                    cursor.execute("RESET ALL")
                self.report("[a load step failed: making the dropped indexes and constraints again]")
                self.restore_schema(schema)
                self.schema_file().unlink()
                raise
            timed("constraints", lambda: self.restore_schema(schema))
            self.schema_file().unlink()
            timed("analyze", lambda: self.vacuum(BULK_TABLES, command="ANALYZE"))
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET ALL")
        return timings

    def seed_users(self) -> None:
        total = self.n["employers"] + self.n["graduates"]
        self.step(
            "users",
            """
            INSERT INTO accounts_user (id, password, is_superuser, username, first_name, last_name, email,
                                       is_staff, is_active, date_joined, language, session_epoch, email_verified,
                                       mobile_verified)
            SELECT %(first)s + i - 1, '!', false,
                   CASE WHEN i <= %(e)s THEN %(p)s || 'e-' || i ELSE %(p)s || 'g-' || (i - %(e)s) END,
                   '', '', %(p)s || i || '@example.cn', false, true, %(now)s, 'zh-hans', 0,
                   %(p)s || i || '@example.cn', ''
            FROM generate_series(%(lo)s::bigint + 1, %(hi)s) AS i""",
            {"e": self.n["employers"], "p": PREFIX, "now": self.now, "first": self.next_id("accounts_user")},
            rows=total,
        )
        self.move_sequence("accounts_user")

    def seed_employers(self) -> None:
        names = _employer_names()
        usccs = []
        for i in range(self.n["employers"]):
            first17 = f"91{(110000 + i % 540000):06d}{i:09d}"
            usccs.append(first17 + uscc_check_character(first17))
        self.step(
            "employers",
            """
            WITH u AS (SELECT %(fu)s + i - 1 AS id, i FROM generate_series(1::bigint, %(n)s) AS i),
                 prov AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM venues_province),
                 nprov AS (SELECT count(*) AS n FROM venues_province)
            INSERT INTO employers_employer (id, name, uscc, ownership, industry, size, city, address, description,
                website, contact_name, contact_title, contact_mobile, contact_email, status, status_reason, reviewed_at,
                submitted_at, created_at, updated_at, province_id, reviewing_venue_id, user_id, licence, reply_counted)
            SELECT %(first)s + u.i - 1, nm.name, us.uscc,
                   (%(ownership)s::text[])[1 + (u.i %% array_length(%(ownership)s::text[], 1))],
                   (%(industry)s::text[])[1 + (u.i %% array_length(%(industry)s::text[], 1))],
                   '', prov_name.name || '市', '规模测试地址 ' || u.i, '', '', '张经理', '人事经理',
                   '139' || lpad((u.i %% 100000000)::text, 8, '0'), 'hr' || u.i || '@example.cn',
                   CASE WHEN u.i %% 100 < 97 THEN 'approved' WHEN u.i %% 100 < 99 THEN 'pending' ELSE 'suspended' END,
                   CASE WHEN u.i %% 100 = 99 THEN '规模测试：暂停' ELSE '' END,
                   %(now)s - (u.i %% 5000) * interval '1 minute',
                   %(now)s - (u.i %% 5000 + 60) * interval '1 minute', %(now)s, %(now)s,
                   prov.id, v.id, u.id, '', 0
            FROM u
            JOIN unnest(%(names)s::text[]) WITH ORDINALITY AS nm (name, k)
              ON nm.k = 1 + (u.i %% array_length(%(names)s::text[], 1))
            JOIN unnest(%(usccs)s::text[]) WITH ORDINALITY AS us (uscc, k) ON us.k = u.i
            JOIN nprov ON true
            JOIN prov ON prov.k = u.i %% nprov.n
            JOIN venues_province prov_name ON prov_name.id = prov.id
            JOIN venues_venue v ON v.province_id = prov.id AND v.system = 'hr' AND v.kind = 'branch'""",
            {
                "fu": self.first["accounts_user"],
                "n": self.n["employers"],
                "first": self.next_id("employers_employer"),
                "names": names,
                "usccs": usccs,
                "now": self.now,
                "ownership": list(OwnershipType.values),
                "industry": list(Industry.values),
            },
        )
        self.move_sequence("employers_employer")
        # Each employer's registering account is its team's administrator (employer_of reads the team).
        self.step(
            "employer members",
            """
            INSERT INTO employers_employermember (employer_id, user_id, role, created_at)
            SELECT e.id, e.user_id, 'administrator', %(now)s FROM employers_employer e
            WHERE e.id >= %(fe)s ORDER BY e.id""",
            {"now": self.now, "fe": self.first["employers_employer"]},
        )

    def seed_postings(self) -> None:
        titles, descs, reqs = vocab.TITLES, vocab.DESCRIPTIONS, vocab.REQUIREMENTS
        first = self.next_id("employers_jobposting")
        self.step(
            "postings",
            POSTING_INSERT,
            {
                "first": first,
                "titles": titles,
                "descs": descs,
                "reqs": reqs,
                "nt": len(titles),
                "nd": len(descs),
                "nr": len(reqs),
                "nn": len(_employer_names()),
                "ttok": [_tokens(t) for t in titles],
                "dtok": [_tokens(d) for d in descs],
                "rtok": [_tokens(r) for r in reqs],
                "etok": [_tokens(n) for n in _employer_names()],
                "degrees": list(DegreeRequirement.values),
                "dcodes": list(Discipline.objects.order_by("code").values_list("code", flat=True)),
                "today": timezone.localdate(),
                "now": self.now,
                "fe": self.first["employers_employer"],
                "ne": self.n["employers"],
                "stride": EMPLOYER_STRIDE,
                "week": RecruitmentWeek.objects.order_by("-starts_on").values_list("pk", flat=True).first(),
            },
            rows=self.n["postings"],
        )
        self.move_sequence("employers_jobposting")
        self.step(
            "posting disciplines",
            """
            INSERT INTO employers_jobposting_disciplines (jobposting_id, discipline_id)
            SELECT %(fp)s + i, d.code FROM generate_series(%(lo)s::bigint, %(hi)s - 1) AS i
            JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS k FROM reference_discipline) d
              ON d.k = i %% 14 OR (i %% 3 = 0 AND d.k = (i + 5) %% 14)""",
            {"fp": first},
            rows=self.n["postings"],
        )

    def seed_graduates(self) -> None:
        people = _people()
        self.step(
            "graduates",
            """
            WITH u AS (SELECT %(fu)s + i - 1 AS id, i FROM generate_series(%(lo)s::bigint + 1, %(hi)s) AS i),
                 prov AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM venues_province),
                 nprov AS (SELECT count(*) AS n FROM venues_province)
            INSERT INTO graduates_graduate (id, name, mobile, email, university, degree, major, graduation_year,
                preferred_cities, preferred_industries, preferred_work, expected_salary, visible_to_employers, status,
                status_reason, reviewed_at, submitted_at, created_at, updated_at, discipline_id, reviewing_venue_id,
                university_province_id, user_id, privacy_consented_at, resume, resume_pdf, student_number, outcome,
                outcome_organisation)
            SELECT %(first)s + u.i - 1, pp.name,
                   '138' || lpad((u.i %% 100000000)::text, 8, '0'),
                   'g' || u.i || '@example.cn', (%(unis)s::text[])[1 + u.i %% %(nu)s],
                   (%(degrees)s::text[])[1 + u.i %% 4], (%(majors)s::text[])[1 + u.i %% %(nm)s], 2020,
                   city.name || '市',
                   jsonb_build_array((%(industry)s::text[])[1 + (u.i * 5) %% array_length(%(industry)s::text[], 1)]),
                   '', 4000 + (u.i %% 10) * 1000, u.i %% 10 <> 0,
                   CASE WHEN u.i %% 100 < 90 THEN 'approved' WHEN u.i %% 100 < 98 THEN 'pending' ELSE 'rejected' END,
                   CASE WHEN u.i %% 100 >= 98 THEN '规模测试：学籍信息不符' ELSE '' END,
                   CASE WHEN u.i %% 100 < 90 THEN %(now)s END, %(now)s - (u.i %% 5000) * interval '1 minute',
                   %(now)s, %(now)s, (%(codes)s::text[])[1 + u.i %% %(nm)s], v.id, prov.id, u.id, %(now)s,
                   '{}'::jsonb, '', '', '', ''
            FROM u JOIN nprov ON true JOIN prov ON prov.k = u.i %% nprov.n
            JOIN unnest(%(people)s::text[]) WITH ORDINALITY AS pp (name, k) ON pp.k = 1 + u.i %% %(np)s
            JOIN venues_venue v ON v.province_id = prov.id AND v.system = 'education' AND v.kind = 'branch'
            JOIN prov AS pc ON pc.k = (u.i * 3) %% nprov.n
            JOIN venues_province city ON city.id = pc.id""",
            {
                # the graduates' users follow the employers' (seed_users)
                "fu": self.first["accounts_user"] + self.n["employers"],
                "n": self.n["graduates"],
                "first": self.next_id("graduates_graduate"),
                "people": people,
                "np": len(people),
                "unis": vocab.UNIVERSITIES,
                "nu": len(vocab.UNIVERSITIES),
                "degrees": list(DegreeLevel.values),
                "majors": [m for m, _ in vocab.MAJORS],
                "codes": [c for _, c in vocab.MAJORS],
                "nm": len(vocab.MAJORS),
                "now": self.now,
                "industry": list(Industry.values),
            },
            rows=self.n["graduates"],
        )
        self.move_sequence("graduates_graduate")
        # Each graduate prefers one province (and a city, the capital-style name an employer of another
        # province gives its postings, and one industry): matching has fits to rank, as people state them.
        self.step(
            "graduate provinces",
            """
            WITH prov AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM venues_province),
                 nprov AS (SELECT count(*) AS n FROM venues_province)
            INSERT INTO graduates_graduate_preferred_provinces (graduate_id, province_id)
            SELECT %(first)s + i - 1, prov.id
            FROM generate_series(%(lo)s::bigint + 1, %(hi)s) AS i JOIN nprov ON true
            JOIN prov ON prov.k = (i * 7) %% nprov.n""",
            {"first": self.first["graduates_graduate"]},
            rows=self.n["graduates"],
        )

    def seed_applications(self) -> None:
        first_graduate = self.first["graduates_graduate"]
        first_posting = self.first["employers_jobposting"]
        # (i mod G, (i + (i div G)·37) mod P) never repeats a pair while i < 37·G, so the unique
        # (graduate, posting) constraint holds without checking.
        self.step(
            "applications",
            """
            INSERT INTO graduates_application (id, status, note, status_reason, status_changed_at, created_at,
                updated_at, posting_id, graduate_id, interview_location, interview_mode, interview_note)
            SELECT %(first)s + i, CASE WHEN i %% 10 < 6 THEN 'submitted' WHEN i %% 10 < 8 THEN 'viewed'
                        WHEN i %% 10 < 9 THEN 'interview' ELSE 'withdrawn' END, '', '',
                   %(now)s - (i %% 20000) * interval '1 minute',
                   %(now)s - (i %% 20000) * interval '1 minute', %(now)s,
                   %(fp)s + (i + (i / %(g)s) * 37) %% %(pn)s, %(fg)s + i %% %(g)s, '', '', ''
            FROM generate_series(%(lo)s::bigint, %(hi)s - 1) AS i""",
            {
                "first": self.next_id("graduates_application"),
                "now": self.now,
                "fp": first_posting,
                "fg": first_graduate,
                "g": self.n["graduates"],
                "pn": self.n["postings"],
            },
            rows=self.n["applications"],
        )
        self.move_sequence("graduates_application")

    def seed_fairs(self) -> None:
        """A fifth of the employers join the newest week's fair at their reviewing venue, showing the first
        three published of their first ten postings — so the search's week and venue filters have data
        to filter. The postings' facets already name that fair (POSTING_INSERT follows the same rule)."""
        first = self.next_id("events_fairregistration")
        self.step(
            "fair registrations",
            """
            INSERT INTO events_fairregistration (status, status_reason, submitted_at, created_at, updated_at,
                employer_id, venue_id, week_id, on_duty_hours)
            SELECT 'approved', '', %(now)s, %(now)s, %(now)s, e.id, e.reviewing_venue_id,
                   (SELECT id FROM events_recruitmentweek ORDER BY starts_on DESC LIMIT 1), ''
            FROM employers_employer e
            WHERE e.id >= %(fe)s AND e.id %% 5 = 0 AND e.status = 'approved'
            ORDER BY e.id""",
            {"now": self.now, "fe": self.first["employers_employer"]},
        )
        # Posting i belongs to employer fe + (i·EMPLOYER_STRIDE) mod ne (POSTING_INSERT), so an employer's postings
        # are i ≡ (e − fe)·EMPLOYER_STRIDE⁻¹ (mod ne): its first ten are computed, not looked for in a table that
        # no longer fits in memory at 10 M rows. Shown: the first three of them that are published.
        ne, np_ = self.n["employers"], self.n["postings"]
        inverse = pow(EMPLOYER_STRIDE, -1, ne)  # seed_scale refuses an employer count it has no inverse for
        self.step(
            "fair postings",
            """
            INSERT INTO events_fairregistration_postings (fairregistration_id, jobposting_id)
            SELECT id, %(fp)s + i FROM (
                SELECT r.id, p.i, row_number() OVER (PARTITION BY r.id ORDER BY p.i) AS n
                FROM events_fairregistration r
                CROSS JOIN LATERAL (
                    SELECT ((r.employer_id - %(fe)s) * %(inverse)s) %% %(ne)s + j * %(ne)s AS i
                    FROM generate_series(0, 9) AS j) p
                WHERE r.id >= %(fr)s AND p.i < %(np)s AND p.i %% 100 < 95
            ) shown
            WHERE n <= 3
            ORDER BY id, i""",
            {
                "fp": self.first["employers_jobposting"],
                "fe": self.first["employers_employer"],
                "fr": first,
                "inverse": inverse,
                "ne": ne,
                "np": np_,
            },
        )

    def vacuum(self, tables: list[str] | tuple[str, ...], *, command: str = "VACUUM") -> None:
        """``command`` (VACUUM or ANALYZE) on each table, over self.jobs connections. VACUUM marks the
        pages all-visible (as autovacuum would have done in production by then), so counts over the
        partial queue indexes are index-only scans; ANALYZE gives the planner its statistics."""

        # The load commits asynchronously (synchronous_commit = off), and VACUUM marks a page
        # all-visible only when its rows' commits are on disk (it needs their committed hint bits): one
        # synchronous commit (of a transaction that wrote WAL: a message) flushes the WAL up to here first.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = on")
            cursor.execute("SELECT pg_logical_emit_message(true, %s, %s)", ["seed_scale", "flush"])

        def one(table: str) -> None:
            started = time.monotonic()
            self._chunk(f"{command} {table}", {})
            self.report(f"  {command.lower()} {table}: done in {time.monotonic() - started:.1f} s")

        with ThreadPoolExecutor(max(1, self.jobs)) as pool:
            list(pool.map(one, tables))
