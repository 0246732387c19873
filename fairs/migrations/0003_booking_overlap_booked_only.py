from django.db import migrations

# A waiting place holds no time (a graduate may wait for a full 宣讲会 while booked elsewhere at the
# same hour), so only booked places of one graduate must not overlap: the exclusion constraint of
# 0002 now covers status 'booked' alone. PostgreSQL only, as before.
FORWARD = [
    "ALTER TABLE fairs_booking DROP CONSTRAINT IF EXISTS booking_no_overlap_per_graduate",
    "ALTER TABLE fairs_booking ADD CONSTRAINT booking_no_overlap_per_graduate EXCLUDE USING gist "
    "(graduate_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    "WHERE (status = 'booked')",
]
BACKWARD = [
    "ALTER TABLE fairs_booking DROP CONSTRAINT IF EXISTS booking_no_overlap_per_graduate",
    "ALTER TABLE fairs_booking ADD CONSTRAINT booking_no_overlap_per_graduate EXCLUDE USING gist "
    "(graduate_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    "WHERE (status IN ('booked', 'waiting'))",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("fairs", "0002_booking_no_overlap_exclusion")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
