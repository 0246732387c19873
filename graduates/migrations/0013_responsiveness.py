"""The employer's first answer and the undecided-application reminder on each application.

Backfill: the responsiveness figure reads the applications of the last 90 days, so only those get a
``first_answered_at``, taken from the audit trail — the time of the first decision entry (interview,
offer, hired, rejected). Older rows are never read and stay NULL. ``decision_reminded_at`` stays NULL:
the reminder reads only applications still submitted or viewed and at most seven days old, so its
first run reminds employers of what is genuinely waiting on them now, once."""

import datetime as dt

from django.db import migrations, models
from django.db.models import Min
from django.utils import timezone

DECISIONS = (
    "graduates.application.interview",
    "graduates.application.offer",
    "graduates.application.hired",
    "graduates.application.rejected",
)
BATCH = 1000


def backfill(apps, schema_editor):
    Application = apps.get_model("graduates", "Application")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    since = timezone.now() - dt.timedelta(days=97)
    firsts = (
        AuditEntry.objects.filter(target_type="graduates.application", action__in=DECISIONS, created_at__gte=since)
        .values("target_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    pending = []
    for row in firsts.iterator():
        pending.append((int(row["target_id"]), row["first"]))
        if len(pending) >= BATCH:
            _write(Application, pending)
            pending = []
    _write(Application, pending)


def _write(Application, pending):
    rows = {pk: first for pk, first in pending}
    apps_ = list(Application.objects.filter(pk__in=rows, first_answered_at__isnull=True).only("pk"))
    for application in apps_:
        application.first_answered_at = rows[application.pk]
    Application.objects.bulk_update(apps_, ["first_answered_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("graduates", "0012_graduate_outcome"),
        ("audit", "0003_backfill_auditentry_venue"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="decision_reminded_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="待决定提醒时间"),
        ),
        migrations.AddField(
            model_name="application",
            name="first_answered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="单位首次答复时间"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
