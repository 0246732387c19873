"""The 2020 weeks' notice was issued on 2020-04-21 (教学厅函〔2020〕7号): record it on each week."""

from django.db import migrations

from venues.notice_data import WEEKS


def record_issue_dates(apps, schema_editor):
    week_model = apps.get_model("events", "RecruitmentWeek")
    for week in WEEKS:
        week_model.objects.filter(year=week["year"], season=week["season"], notice_issued_on=None).update(
            notice_issued_on=week["notice_issued_on"]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("venues", "0003_announcement"),
        ("events", "0005_week_notice_issued_on"),
    ]

    operations = [migrations.RunPython(record_issue_dates, migrations.RunPython.noop)]
