from django.core.management.base import BaseCommand

from venues.services import notice_data_load


class Command(BaseCommand):
    help = (
        "Install or refresh the reference data of 教学厅函〔2020〕7号 (weeks, organisations, platforms, "
        "provincial units, venues, contacts, disciplines). Safe to run again: it changes nothing the second time."
    )

    def handle(self, *args, **options) -> None:
        counts = notice_data_load()
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(self.style.SUCCESS("Notice reference data is up to date."))
