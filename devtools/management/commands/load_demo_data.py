from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.demo import DEMO_PASSWORD, EMPLOYERS, GRADUATES, STAFF, demo_data_load


class Command(BaseCommand):
    help = (
        "DEMO DATA ONLY — create demo users (employers, graduates, venue staff; password "
        f"{DEMO_PASSWORD!r}), employers with postings, graduates, applications and fair registrations "
        "for the 2020 winter week. Safe to run again. Refuses to run with DEBUG off unless --force: "
        "the accounts have a published password."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Run even though DEBUG is off (never on a production site)."
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Demo data has well-known passwords: run with DEBUG=1, or pass --force if you mean it.")
        counts = demo_data_load()
        self.stdout.write(self.style.WARNING("DEMO data loaded (not for production):"))
        for kind, count in counts.items():
            self.stdout.write(f"  {kind}: {count}")
        self.stdout.write(f"Demo accounts, all with password {DEMO_PASSWORD}:")
        for username, (venue, _name) in STAFF.items():
            self.stdout.write(f"  {username}  (venue staff, is_staff, member of {venue})")
        for username, data in EMPLOYERS.items():
            self.stdout.write(f"  {username}  (employer {data['name']}, {data['status']})")
        for username, data in GRADUATES.items():
            self.stdout.write(f"  {username}  (graduate {data['name']}, {data['status']})")
