"""Serializers of the fairs API: an employer's registrations and the reviewers' view of them."""

from rest_framework import serializers

from employers.models import JobPosting
from events.models import FairRegistration, RecruitmentWeek
from recruitment_weeks.reference.labels import ChoiceLabelField
from venues.models import Venue


class FairRegistrationSerializer(serializers.ModelSerializer):
    week = serializers.PrimaryKeyRelatedField(queryset=RecruitmentWeek.objects.all())
    week_name = serializers.CharField(source="week.display_name", read_only=True)
    venue = serializers.SlugRelatedField(slug_field="slug", queryset=Venue.objects.all())
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    postings = serializers.PrimaryKeyRelatedField(queryset=JobPosting.objects.none(), many=True)
    status_label = ChoiceLabelField("status")

    class Meta:
        model = FairRegistration
        fields = [
            "id",
            "week",
            "week_name",
            "venue",
            "venue_name",
            "postings",
            "status",
            "status_label",
            "status_reason",
            "submitted_at",
            "reviewed_at",
        ]
        read_only_fields = ["status", "status_reason", "submitted_at", "reviewed_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        employer = self.context.get("employer")
        if employer is not None:
            # Only the employer's own postings can be named: another's id is "not found", not "not yours".
            self.fields["postings"].child_relation.queryset = JobPosting.objects.filter(employer=employer)


class ReviewFairRegistrationSerializer(FairRegistrationSerializer):
    employer = serializers.IntegerField(source="employer_id", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta(FairRegistrationSerializer.Meta):
        fields = [*FairRegistrationSerializer.Meta.fields, "employer", "employer_name"]
