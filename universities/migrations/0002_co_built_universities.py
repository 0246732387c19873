"""Install the fourteen 部省合建 universities in every database (the seed data of
``universities.seed_data``, through the same loader as ``universities.services.co_built_load``)."""

from django.db import migrations

from universities.seed_data import co_built_rows, upsert_universities


def load(apps, schema_editor):
    upsert_universities(apps.get_model("universities", "University"), apps.get_model("venues", "Province"), co_built_rows())


class Migration(migrations.Migration):
    dependencies = [
        ("universities", "0001_initial"),
        ("venues", "0002_notice_data"),
    ]

    # Reverse is a no-op: graduates point at these rows, and dropping the table removes them anyway.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
