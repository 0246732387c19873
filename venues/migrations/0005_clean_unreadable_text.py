"""Repair rows written before NULs and lone surrogates were refused: NULs removed, lone surrogates
replaced by U+FFFD, in every text and JSON column of the app (pages showing them answered 500)."""

from django.db import migrations

from recruitment_weeks.reference.text_guard import clean_unreadable_rows


def clean(apps, schema_editor):
    clean_unreadable_rows(apps, schema_editor, "venues")


class Migration(migrations.Migration):
    dependencies = [("venues", "0004_week_notice_issued_on")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop, elidable=True)]
