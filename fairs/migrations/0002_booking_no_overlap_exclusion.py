from django.db import migrations

# One graduate's active bookings (booked or waiting) never overlap in time: an exclusion constraint
# over (graduate, [starts_at, ends_at)), which needs btree_gist for the equality on the graduate.
# PostgreSQL only; on SQLite the booking service's row locks alone hold the rule (SQLite serialises
# writers anyway). Not in the model's Meta: Django's ExclusionConstraint is PostgreSQL-only.
FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE fairs_booking ADD CONSTRAINT booking_no_overlap_per_graduate EXCLUDE USING gist "
    "(graduate_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    "WHERE (status IN ('booked', 'waiting'))",
]
BACKWARD = ["ALTER TABLE fairs_booking DROP CONSTRAINT IF EXISTS booking_no_overlap_per_graduate"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("fairs", "0001_special_fairs_sessions_bookings")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
