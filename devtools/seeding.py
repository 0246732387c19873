"""Scale data for PostgreSQL, set-based: every table is filled by one INSERT … SELECT over
generate_series, with the vocabulary passed as arrays, so a million rows never cross the wire one by
one. The search document is built from pre-tokenised pieces (employers.search_text.ngram_tokens), so it is
exactly what refresh_search_text would store for those texts."""

import time
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from devtools import vocab
from employers.search_text import ngram_tokens, reindex_statements
from recruitment_weeks.reference.enums import DegreeLevel, DegreeRequirement, Industry, OwnershipType
from recruitment_weeks.reference.validators import uscc_check_character

PREFIX = "scale-"  # every seeded username starts with it; --reset deletes exactly those users' data


def _tokens(text: str) -> str:
    return " ".join(ngram_tokens(text))  # in order, with repeats: as document_text stores them


def _employer_names() -> list[str]:
    return [f"{p}{w}{t}有限公司" for p in vocab.NAME_PLACES for w in vocab.NAME_WORDS for t in vocab.NAME_TRADES]


def _people() -> list[str]:
    return [s + g for s in vocab.SURNAMES for g in vocab.GIVEN]


class Seeder:
    def __init__(
        self, *, employers: int, postings: int, graduates: int, applications: int, report: Callable[[str], None]
    ):
        self.n = {"employers": employers, "postings": postings, "graduates": graduates, "applications": applications}
        self.report = report
        self.now = timezone.now()

    def step(self, label: str, sql: str, params: dict | None = None) -> int:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(sql, params or {})
            rows = cursor.rowcount
        # rowcount is -1 for statements that return no rows (CREATE INDEX, ANALYZE, VACUUM).
        counted = f"{rows:,} rows" if rows >= 0 else "done"
        self.report(f"  {label}: {counted} in {time.monotonic() - started:.1f} s")
        return rows

    def first_id(self, kind: str) -> int:
        """The lowest id of the seeded employers, postings or graduates (each set is contiguous)."""
        sql = {
            "employer": "SELECT min(e.id) FROM employers_employer e JOIN accounts_user u ON u.id = e.user_id "
            "WHERE u.username LIKE %(like)s",
            "posting": "SELECT min(p.id) FROM employers_jobposting p JOIN employers_employer e ON e.id = p.employer_id "
            "JOIN accounts_user u ON u.id = e.user_id WHERE u.username LIKE %(like)s",
            "graduate": "SELECT min(g.id) FROM graduates_graduate g JOIN accounts_user u ON u.id = g.user_id "
            "WHERE u.username LIKE %(like)s",
        }[kind]
        with connection.cursor() as cursor:
            cursor.execute(sql, {"like": PREFIX + ("g-%" if kind == "graduate" else "e-%")})
            return cursor.fetchone()[0]

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
                "employers",
                "DELETE FROM employers_employer WHERE user_id IN (SELECT id FROM accounts_user "
                "WHERE username LIKE %(like)s)",
            ),
            (
                "graduates",
                "DELETE FROM graduates_graduate WHERE user_id IN (SELECT id FROM accounts_user "
                "WHERE username LIKE %(like)s)",
            ),
            ("users", "DELETE FROM accounts_user WHERE username LIKE %(like)s"),
        ]:
            self.step(f"reset {label}", sql, {"like": like})

    def run(self) -> dict[str, float]:
        timings: dict[str, float] = {}
        for name in ("users", "employers", "postings", "graduates", "applications", "fairs", "indexes"):
            started = time.monotonic()
            self.report(f"[{name}]")
            with transaction.atomic():
                getattr(self, f"seed_{name}")()
            timings[name] = time.monotonic() - started
        started = time.monotonic()
        self.report("[vacuum]")
        self.vacuum()  # outside any transaction: VACUUM cannot run in one
        timings["vacuum"] = time.monotonic() - started
        return timings

    def seed_users(self) -> None:
        total = self.n["employers"] + self.n["graduates"]
        self.step(
            "users",
            """
            INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                                       is_active, date_joined, language)
            SELECT '!', false,
                   CASE WHEN i <= %(e)s THEN %(p)s || 'e-' || i ELSE %(p)s || 'g-' || (i - %(e)s) END,
                   '', '', %(p)s || i || '@example.cn', false, true, %(now)s, 'zh-hans'
            FROM generate_series(1::bigint, %(total)s) AS i""",
            {"e": self.n["employers"], "p": PREFIX, "total": total, "now": self.now},
        )

    def seed_employers(self) -> None:
        names = _employer_names()
        usccs = []
        for i in range(self.n["employers"]):
            first17 = f"91{(110000 + i % 540000):06d}{i:09d}"
            usccs.append(first17 + uscc_check_character(first17))
        self.step(
            "employers",
            """
            WITH u AS (SELECT id, row_number() OVER (ORDER BY id) AS i FROM accounts_user
                       WHERE username LIKE %(p)s || 'e-%%'),
                 prov AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM venues_province),
                 nprov AS (SELECT count(*) AS n FROM venues_province)
            INSERT INTO employers_employer (name, uscc, ownership, industry, size, city, address, description, website,
                contact_name, contact_title, contact_mobile, contact_email, status, status_reason, reviewed_at,
                submitted_at, created_at, updated_at, province_id, reviewing_venue_id, user_id, licence)
            SELECT (%(names)s::text[])[1 + (u.i %% array_length(%(names)s::text[], 1))],
                   (%(usccs)s::text[])[u.i],
                   (%(ownership)s::text[])[1 + (u.i %% array_length(%(ownership)s::text[], 1))],
                   (%(industry)s::text[])[1 + (u.i %% array_length(%(industry)s::text[], 1))],
                   '', prov_name.name || '市', '规模测试地址 ' || u.i, '', '', '张经理', '人事经理',
                   '139' || lpad((u.i %% 100000000)::text, 8, '0'), 'hr' || u.i || '@example.cn',
                   CASE WHEN u.i %% 100 < 97 THEN 'approved' WHEN u.i %% 100 < 99 THEN 'pending' ELSE 'suspended' END,
                   CASE WHEN u.i %% 100 = 99 THEN '规模测试：暂停' ELSE '' END,
                   %(now)s - (u.i %% 5000) * interval '1 minute',
                   %(now)s - (u.i %% 5000 + 60) * interval '1 minute', %(now)s, %(now)s,
                   prov.id, v.id, u.id, ''
            FROM u
            JOIN nprov ON true
            JOIN prov ON prov.k = u.i %% nprov.n
            JOIN venues_province prov_name ON prov_name.id = prov.id
            JOIN venues_venue v ON v.province_id = prov.id AND v.system = 'hr' AND v.kind = 'branch'""",
            {
                "p": PREFIX,
                "names": names,
                "usccs": usccs,
                "now": self.now,
                "ownership": list(OwnershipType.values),
                "industry": list(Industry.values),
            },
        )

    def seed_postings(self) -> None:
        titles, descs, reqs = vocab.TITLES, vocab.DESCRIPTIONS, vocab.REQUIREMENTS
        names = _employer_names()
        first_employer = self.first_id("employer")
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS posting_search_vector_gin")
        self.step(
            "postings",
            """
            INSERT INTO employers_jobposting (title, description, requirements, headcount, city, degree_requirement,
                salary_min, salary_max, valid_until, status, published_at, created_at, updated_at, employer_id,
                province_id, search_facets, search_text)
            SELECT (%(titles)s::text[])[1 + i %% %(nt)s],
                   (%(descs)s::text[])[1 + i %% %(nd)s],
                   (%(reqs)s::text[])[1 + i %% %(nr)s],
                   1 + i %% 10, e.city,
                   (%(degrees)s::text[])[1 + i %% 5],
                   3000 + (i %% 20) * 500, 3000 + (i %% 20) * 500 + 1000 + (i %% 7) * 1000,
                   (%(today)s::date + 30 + (i %% 150)::int),
                   CASE WHEN i %% 100 < 95 THEN 'published' WHEN i %% 100 < 98 THEN 'draft' ELSE 'closed' END,
                   CASE WHEN i %% 100 < 95 OR i %% 100 >= 98
                        THEN %(now)s - (i %% 86400) * interval '1 minute' END,
                   %(now)s, %(now)s, e.id, e.province_id, '',
                   (%(ttok)s::text[])[1 + i %% %(nt)s] || ' ' || (%(etok)s::text[])[1 + (e.id - %(fe)s + 1) %% %(nn)s]
                   || ' ' || (%(dtok)s::text[])[1 + i %% %(nd)s] || ' ' || (%(rtok)s::text[])[1 + i %% %(nr)s]
            FROM generate_series(0::bigint, %(n)s - 1) AS i
            JOIN employers_employer e ON e.id = %(fe)s + (i * 7919) %% %(ne)s""",
            {
                "titles": titles,
                "descs": descs,
                "reqs": reqs,
                "nt": len(titles),
                "nd": len(descs),
                "nr": len(reqs),
                "nn": len(names),
                "ttok": [_tokens(t) for t in titles],
                "dtok": [_tokens(d) for d in descs],
                "rtok": [_tokens(r) for r in reqs],
                "etok": [_tokens(n) for n in names],
                "degrees": list(DegreeRequirement.values),
                "today": timezone.localdate(),
                "now": self.now,
                "fe": first_employer,
                "ne": self.n["employers"],
                "n": self.n["postings"],
            },
        )
        first_posting = self.first_id("posting")
        self.step(
            "posting disciplines",
            """
            INSERT INTO employers_jobposting_disciplines (jobposting_id, discipline_id)
            SELECT p.id, d.code FROM generate_series(0::bigint, %(n)s - 1) AS i
            JOIN employers_jobposting p ON p.id = %(fp)s + i
            JOIN (SELECT code, row_number() OVER (ORDER BY code) - 1 AS k FROM reference_discipline) d
              ON d.k = i %% 14 OR (i %% 3 = 0 AND d.k = (i + 5) %% 14)""",
            {"n": self.n["postings"], "fp": first_posting},
        )

    def seed_graduates(self) -> None:
        people = _people()
        self.step(
            "graduates",
            """
            WITH u AS (SELECT id, row_number() OVER (ORDER BY id) AS i FROM accounts_user
                       WHERE username LIKE %(p)s || 'g-%%'),
                 prov AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS k FROM venues_province),
                 nprov AS (SELECT count(*) AS n FROM venues_province)
            INSERT INTO graduates_graduate (name, mobile, email, university, degree, major, graduation_year,
                preferred_cities, preferred_industries, preferred_work, expected_salary, visible_to_employers, status,
                status_reason, reviewed_at, submitted_at, created_at, updated_at, discipline_id, reviewing_venue_id,
                university_province_id, user_id, privacy_consented_at, resume, resume_pdf)
            SELECT (%(people)s::text[])[1 + u.i %% %(np)s], '138' || lpad((u.i %% 100000000)::text, 8, '0'),
                   'g' || u.i || '@example.cn', (%(unis)s::text[])[1 + u.i %% %(nu)s],
                   (%(degrees)s::text[])[1 + u.i %% 4], (%(majors)s::text[])[1 + u.i %% %(nm)s], 2020, '',
                   '[]'::jsonb, '', 4000 + (u.i %% 10) * 1000, u.i %% 10 <> 0,
                   CASE WHEN u.i %% 100 < 90 THEN 'approved' WHEN u.i %% 100 < 98 THEN 'pending' ELSE 'rejected' END,
                   CASE WHEN u.i %% 100 >= 98 THEN '规模测试：学籍信息不符' ELSE '' END,
                   CASE WHEN u.i %% 100 < 90 THEN %(now)s END, %(now)s - (u.i %% 5000) * interval '1 minute',
                   %(now)s, %(now)s, (%(codes)s::text[])[1 + u.i %% %(nm)s], v.id, prov.id, u.id, %(now)s,
                   '{}'::jsonb, ''
            FROM u JOIN nprov ON true JOIN prov ON prov.k = u.i %% nprov.n
            JOIN venues_venue v ON v.province_id = prov.id AND v.system = 'education' AND v.kind = 'branch'""",
            {
                "p": PREFIX,
                "people": people,
                "np": len(people),
                "unis": vocab.UNIVERSITIES,
                "nu": len(vocab.UNIVERSITIES),
                "degrees": list(DegreeLevel.values),
                "majors": [m for m, _ in vocab.MAJORS],
                "codes": [c for _, c in vocab.MAJORS],
                "nm": len(vocab.MAJORS),
                "now": self.now,
            },
        )

    def seed_applications(self) -> None:
        first_graduate = self.first_id("graduate")
        first_posting = self.first_id("posting")
        # (i mod G, (i + (i div G)·37) mod P) never repeats a pair while i < 37·G, so the unique
        # (graduate, posting) constraint holds without checking.
        self.step(
            "applications",
            """
            INSERT INTO graduates_application (status, note, status_reason, status_changed_at, created_at, updated_at,
                posting_id, graduate_id, interview_location, interview_mode, interview_note)
            SELECT CASE WHEN i %% 10 < 6 THEN 'submitted' WHEN i %% 10 < 8 THEN 'viewed'
                        WHEN i %% 10 < 9 THEN 'interview' ELSE 'withdrawn' END, '', '',
                   %(now)s - (i %% 20000) * interval '1 minute',
                   %(now)s - (i %% 20000) * interval '1 minute', %(now)s,
                   %(fp)s + (i + (i / %(g)s) * 37) %% %(pn)s, %(fg)s + i %% %(g)s, '', '', ''
            FROM generate_series(0::bigint, %(n)s - 1) AS i""",
            {
                "now": self.now,
                "fp": first_posting,
                "fg": first_graduate,
                "g": self.n["graduates"],
                "pn": self.n["postings"],
                "n": self.n["applications"],
            },
        )

    def seed_fairs(self) -> None:
        """A fifth of the employers join the newest week's fair at their reviewing venue, showing their
        first three postings — so the search's week and venue filters have data to filter."""
        self.step(
            "fair registrations",
            """
            INSERT INTO events_fairregistration (status, status_reason, submitted_at, created_at, updated_at,
                employer_id, venue_id, week_id)
            SELECT 'approved', '', %(now)s, %(now)s, %(now)s, e.id, e.reviewing_venue_id,
                   (SELECT id FROM events_recruitmentweek ORDER BY starts_on DESC LIMIT 1)
            FROM employers_employer e JOIN accounts_user u ON u.id = e.user_id
            WHERE u.username LIKE %(p)s || 'e-%%' AND e.id %% 5 = 0 AND e.status = 'approved'""",
            {"now": self.now, "p": PREFIX},
        )
        self.step(
            "fair postings",
            """
            INSERT INTO events_fairregistration_postings (fairregistration_id, jobposting_id)
            SELECT r.id, p.id FROM events_fairregistration r
            JOIN (SELECT id, employer_id, row_number() OVER (PARTITION BY employer_id ORDER BY id) AS n
                  FROM employers_jobposting WHERE status = 'published') p
              ON p.employer_id = r.employer_id AND p.n <= 3
            JOIN employers_employer e ON e.id = r.employer_id JOIN accounts_user u ON u.id = e.user_id
            WHERE u.username LIKE %(p)s || 'e-%%'""",
            {"p": PREFIX},
        )

    def seed_indexes(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        # The seeded postings' facets (their disciplines and fairs are in by now), the vector computed
        # from words and facets, its GIN index: the statements the facets' migration runs.
        for number, sql in enumerate(reindex_statements(f"AND p.id >= {int(self.first_id('posting'))}"), 1):
            self.step(f"search vector {number}", sql)

    def vacuum(self) -> None:
        """VACUUM ANALYZE the seeded tables: statistics for the planner, and pages marked all-visible
        (as autovacuum would have done in production by then) so counts over the partial queue
        indexes are index-only scans."""
        for table in (
            "accounts_user",
            "employers_employer",
            "employers_jobposting",
            "employers_jobposting_disciplines",
            "graduates_graduate",
            "graduates_application",
            "events_fairregistration",
            "events_fairregistration_postings",
        ):
            self.step(f"vacuum analyze {table}", f"VACUUM ANALYZE {table}")
