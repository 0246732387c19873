"""Serializers of the staff API: review queues, site-link reports, statistics."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from employers.models import Employer
from events.models import FairRegistration
from fairs.models import Session, SpecialFairParticipation
from graduates.models import Graduate
from recruitment_weeks.reference.labels import ChoiceLabelField
from venues.models import SiteLinkReport, Venue


class _Waiting(serializers.Serializer):
    waiting_hours = serializers.SerializerMethodField()

    def get_waiting_hours(self, obj) -> float:
        now = self.context.get("now") or timezone.now()
        return round((now - obj.submitted_at).total_seconds() / 3600, 1)


class PendingEmployerSerializer(_Waiting, serializers.ModelSerializer):
    reviewing_venue = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    province = serializers.CharField(source="province.code", read_only=True)

    class Meta:
        model = Employer
        fields = ["id", "name", "uscc", "province", "city", "reviewing_venue", "submitted_at", "waiting_hours"]


class PendingGraduateSerializer(_Waiting, serializers.ModelSerializer):
    reviewing_venue = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    university_province = serializers.CharField(source="university_province.code", read_only=True)

    class Meta:
        model = Graduate
        fields = [
            "id",
            "name",
            "university",
            "university_province",
            "degree",
            "graduation_year",
            "reviewing_venue",
            "submitted_at",
            "waiting_hours",
        ]


class PendingFairRegistrationSerializer(_Waiting, serializers.ModelSerializer):
    venue = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    employer = serializers.CharField(source="employer.name", read_only=True)

    class Meta:
        model = FairRegistration
        fields = ["id", "employer", "employer_id", "week_id", "venue", "submitted_at", "waiting_hours"]


class SiteLinkReportSerializer(serializers.ModelSerializer):
    venue = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    on_time = serializers.SerializerMethodField()

    class Meta:
        model = SiteLinkReport
        fields = ["id", "venue", "week", "site_name", "site_url", "reported_at", "updated_at", "on_time"]

    def get_on_time(self, report) -> bool:
        return report.week.is_report_on_time(report.reported_at)


class ReportRowSerializer(serializers.Serializer):
    venue = serializers.CharField(source="venue.slug")
    venue_name = serializers.CharField(source="venue.name")
    status = serializers.CharField(source="status.value")
    status_label = serializers.CharField(source="status.label")
    # null while the venue has not reported for the week
    site_name = serializers.CharField(source="report.site_name", default=None, allow_null=True)
    site_url = serializers.CharField(source="report.site_url", default=None, allow_null=True)
    reported_at = serializers.DateTimeField(source="report.reported_at", default=None, allow_null=True)


class SiteLinkSubmitSerializer(serializers.Serializer):
    venue = serializers.SlugRelatedField(slug_field="slug", queryset=Venue.objects.all())
    week = serializers.IntegerField()
    site_name = serializers.CharField(max_length=100)
    site_url = serializers.CharField(max_length=200)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            # An unknown slug and another province's venue read the same (see SiteReportView).
            if isinstance(exc.detail, dict) and "venue" in exc.detail:
                exc.detail["venue"] = [_("会场不存在。")]
            raise


class FiguresSerializer(serializers.Serializer):
    employers_registered = serializers.IntegerField()
    employers_approved = serializers.IntegerField()
    postings = serializers.IntegerField()
    headcount = serializers.IntegerField()
    graduates_registered = serializers.IntegerField()
    graduates_approved = serializers.IntegerField()
    applications = serializers.IntegerField()
    interviews = serializers.IntegerField()
    backlog = serializers.IntegerField()
    sessions = serializers.IntegerField()
    signups = serializers.IntegerField()
    attendance = serializers.IntegerField()
    median_review_hours = serializers.FloatField(allow_null=True)


class StatRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    figures = FiguresSerializer()


class WeekStatisticsSerializer(serializers.Serializer):
    week = serializers.IntegerField(source="week.pk")
    week_name = serializers.CharField(source="week.display_name")
    rows = StatRowSerializer(many=True)
    total = FiguresSerializer()


class StatisticsSerializer(serializers.Serializer):
    group = serializers.CharField()
    weeks = WeekStatisticsSerializer(many=True)


class StaffSessionSerializer(_Waiting, serializers.ModelSerializer):
    """A session as its reviewers see it: the answer of the staff list and of every decision."""

    employer_name = serializers.CharField(source="employer.name", read_only=True)
    venue = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    special_fair_title = serializers.CharField(source="special_fair.title", default=None, read_only=True)
    kind_label = ChoiceLabelField("kind")
    status_label = ChoiceLabelField("status")
    booked = serializers.IntegerField(source="booked_count", read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "title",
            "kind",
            "kind_label",
            "description",
            "employer_id",
            "employer_name",
            "week_id",
            "special_fair_id",
            "special_fair_title",
            "venue",
            "starts_at",
            "ends_at",
            "meeting_url",
            "capacity",
            "slot_minutes",
            "booked",
            "status",
            "status_label",
            "status_reason",
            "submitted_at",
            "reviewed_at",
            "waiting_hours",
        ]
        read_only_fields = fields


class StaffParticipationSerializer(_Waiting, serializers.ModelSerializer):
    """An employer's application to join a 专场 as its reviewers see it."""

    employer_name = serializers.CharField(source="employer.name", read_only=True)
    special_fair_title = serializers.CharField(source="special_fair.title", read_only=True)
    venue = serializers.SlugRelatedField(source="special_fair.venue", slug_field="slug", read_only=True)
    status_label = ChoiceLabelField("status")

    class Meta:
        model = SpecialFairParticipation
        fields = [
            "id",
            "employer_id",
            "employer_name",
            "special_fair_id",
            "special_fair_title",
            "venue",
            "on_duty_name",
            "on_duty_hours",
            "status",
            "status_label",
            "status_reason",
            "submitted_at",
            "reviewed_at",
            "waiting_hours",
        ]
        read_only_fields = fields
