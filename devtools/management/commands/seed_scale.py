import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.seeding import EMPLOYER_STRIDE, PREFIX, Seeder


class Command(BaseCommand):
    help = (
        "向 PostgreSQL 批量写入规模测试数据（默认：10万单位、100万职位、100万毕业生、200万申请）。 / Seed scale data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--employers", type=int, default=100_000)
        parser.add_argument("--postings", type=int, default=1_000_000)
        parser.add_argument("--graduates", type=int, default=1_000_000)
        parser.add_argument("--applications", type=int, default=2_000_000)
        parser.add_argument(
            "--jobs", type=int, default=2, help="并行连接数 / connections filling the big tables at once"
        )
        parser.add_argument(
            "--reset", action="store_true", help="先删除上次写入的规模数据 / delete earlier scale data first"
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("seed_scale 需要 PostgreSQL（设置 DATABASE_URL）。 / seed_scale needs PostgreSQL.")
        if (
            options["applications"] > 37 * options["graduates"]
            or options["applications"] > options["graduates"] * options["postings"]
        ):
            raise CommandError("申请数过多。 / Too many applications for the graduates and postings.")
        if options["employers"] < 1 or options["employers"] % EMPLOYER_STRIDE == 0:
            raise CommandError(
                f"单位数须为正且不是 {EMPLOYER_STRIDE} 的倍数。 / --employers must be positive and not a multiple "
                f"of {EMPLOYER_STRIDE}."
            )
        seeder = Seeder(
            employers=options["employers"],
            postings=options["postings"],
            graduates=options["graduates"],
            applications=options["applications"],
            report=self.stdout.write,
            jobs=options["jobs"],
        )
        seeder.restore_left_schema()  # an earlier run that died with the indexes dropped
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM accounts_user WHERE username LIKE %s", [PREFIX + "%"])
            existing = cursor.fetchone()[0]
        if existing and not options["reset"]:
            raise CommandError(
                f"已有 {existing} 个规模测试用户；加 --reset 重新写入。 / Scale data exists: use --reset."
            )
        started = time.monotonic()
        if existing:
            seeder.reset()
        timings = seeder.run()
        total = time.monotonic() - started
        self.stdout.write(" ".join(f"{k}={v:.1f}s" for k, v in timings.items()))
        self.stdout.write(self.style.SUCCESS(f"seed_scale done in {total:.1f} s"))
