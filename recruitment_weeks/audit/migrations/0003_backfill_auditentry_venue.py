"""File the audit entries written before entries had a venue under the venue of their target.

The lookups are a frozen copy of venues.permissions.VENUE_PATHS as it was when this migration was
written (a migration runs against the historical models, and the audit app may not import the
venues app). A target that no longer exists leaves its entries without a venue, except a deleted
announcement: its entry kept the venue's id in ``data["venue"]``.
"""

from django.db import migrations
from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Cast

VENUE_PATHS = {
    "employers.employer": "reviewing_venue",
    "employers.jobposting": "employer__reviewing_venue",
    "graduates.graduate": "reviewing_venue",
    "graduates.application": "posting__employer__reviewing_venue",
    "events.fairregistration": "venue",
    "venues.venue": "pk",
    "venues.venuemembership": "venue",
    "venues.sitelinkreport": "venue",
    "venues.contactform": "venue",
    "venues.announcement": "venue",
}


def backfill_venue(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Venue = apps.get_model("venues", "Venue")
    pending = AuditEntry.objects.filter(venue__isnull=True)
    for label, path in VENUE_PATHS.items():
        model = apps.get_model(label)
        column = "pk" if path == "pk" else f"{path}_id"
        venue = model.objects.filter(pk=Cast(OuterRef("target_id"), IntegerField())).values(column)[:1]
        pending.filter(target_type=label).update(venue_id=Subquery(venue))
    # A deleted announcement: the venue its entries recorded, if that venue is still there.
    venues = set(Venue.objects.values_list("pk", flat=True))
    for entry in pending.filter(target_type="venues.announcement").only("pk", "data").iterator():
        if entry.data.get("venue") in venues:
            AuditEntry.objects.filter(pk=entry.pk).update(venue_id=entry.data["venue"])

class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_auditentry_venue"),
        ("employers", "0011_posting_province_degree_idx"),
        ("events", "0004_review_queue_order"),
        ("graduates", "0006_review_queue_order"),
        ("venues", "0003_announcement"),
    ]

    operations = [migrations.RunPython(backfill_venue, migrations.RunPython.noop, elidable=True)]
