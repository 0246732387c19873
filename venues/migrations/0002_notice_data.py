"""Install the notice's reference data (教学厅函〔2020〕7号) in every database.

Uses the historical models through the same loader as ``manage.py load_notice_data``; that loader is
idempotent, so running the command after this migration changes nothing.
"""

from django.db import migrations

from venues.notice_data import NoticeModels, upsert_notice_data


def load(apps, schema_editor):
    upsert_notice_data(NoticeModels.from_apps(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("venues", "0001_initial"),
        ("events", "0002_initial"),
        ("reference", "0001_initial"),
    ]

    # Reverse is a no-op: the rows are reference data other rows point to (PROTECT), and dropping
    # the tables on a further rollback removes them anyway.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
